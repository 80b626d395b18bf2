"""Benchmark ``extract`` against raw pdfplumber and raw pypdfium2, in one run
on the same PDFs (the non-scan PDFs of ../shared/pdf, or the paths given).

Prints pages/s of each and the ratios. One process, one core.

    python scripts/bench_extract.py [PDF ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.extract import extract  # noqa: E402


def run_extract(paths: list[Path]) -> int:
    return sum(len(extract(p, ocr=False).pages) for p in paths)


def run_pdfplumber(paths: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages


def run_pdfium(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    paths = args.pdfs or sorted(p for p in (SHARED / "pdf").glob("*.pdf") if "__scan" not in p.name)
    if not paths:
        sys.exit("no PDFs")
    extract(paths[0], ocr=False)  # warm up: imports and language profiles
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    rates: dict[str, float] = {}
    for name, fn in (("extract", run_extract), ("pdfplumber", run_pdfplumber), ("pypdfium2", run_pdfium)):
        best = 0.0
        for _ in range(args.repeat):
            started = time.perf_counter()
            pages = fn(paths)
            best = max(best, pages / (time.perf_counter() - started))
        rates[name] = best
        print(f"{name:11} {best:8.1f} pages/s  ({pages} pages, {len(paths)} PDFs)", flush=True)
    print(f"extract / pdfplumber extract_text: {rates['extract'] / rates['pdfplumber']:.2f}x")
    print(f"extract / pypdfium2 text:          {rates['extract'] / rates['pypdfium2']:.2f}x")
    print(f"pypdfium2 / pdfplumber:            {rates['pypdfium2'] / rates['pdfplumber']:.2f}x")
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()

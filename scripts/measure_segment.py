"""Measure segmentation against the canon (issue 4's acceptance figures).

Prints, per language, the top-level provision boundary F1 of ``segment`` on
the canon ``.txt`` inputs, read by ``extract`` as users' text files are; per
PDF (non-scan layouts of ``../shared/pdf``), the F1 after ``extract``; heading
exact-match; TOC entries emitted as provisions (PDF ``toc`` layouts, and the
canon texts with a synthetic table of contents put in front); and whether
the provisions inserted by amending acts are found nested and never at top
level; the same for the HTML, Markdown, text, JSON and XML files the canon
was taken from, read as a user's file is. The real PDFs of ``../shared/legislation``
have no canon: for them it prints the units found, the highest number and
the numbers missing below it (gaps are units the segmenter lost, or numbers
the law does not use).

With ``--scans``, the ``scan`` layouts too, read by Tesseract (a few minutes).

Usage: python scripts/measure_segment.py [--shared DIR] [--docs] [--diff] [--no-pdf] [--scans]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.api import segment as segment_source  # noqa: E402
from lexnlp_cyber.devgold import canon_num  # noqa: E402
from lexnlp_cyber.document import Document, Provision  # noqa: E402
from lexnlp_cyber.errors import LexnlpCyberWarning  # noqa: E402
from lexnlp_cyber.extract import extract  # noqa: E402
from lexnlp_cyber.extract.ocr import available as ocr_available  # noqa: E402
from lexnlp_cyber.segment import normalize_num, segment  # noqa: E402
from lexnlp_cyber.segment.numbers import main_int  # noqa: E402

AMENDING = ("COL__ley-1273-2009.md", "ARG__ley-26388-delitos-informaticos.md",
            "LUX__loi-2014-07-18-approbation-convention-cybercriminalite.md", "CAN__criminal-code-amendment")


def num_counts(provisions: Iterable[dict[str, Any]], units: Iterable[Provision]) -> tuple[Counter[str], Counter[str]]:
    """The canon's and the segmenter's normalised provision numbers, as multisets."""
    return (Counter(normalize_num(canon_num(p)) for p in provisions),
            Counter(normalize_num(u.num or "") for u in units))


def f1_counts(provisions: Iterable[dict[str, Any]], units: Iterable[Provision]) -> tuple[int, int, int]:
    """(true positives, gold count, predicted count) matching normalised numbers as multisets."""
    g, p = num_counts(provisions, units)
    tp = sum(min(c, p[n]) for n, c in g.items())
    return tp, sum(g.values()), sum(p.values())


def f1(tp: int, ng: int, npred: int) -> float:
    if ng == 0 and npred == 0:
        return 1.0
    return 2 * tp / (ng + npred) if ng + npred else 0.0


def heading_matches(gold: list[dict[str, Any]], units: list[Provision]) -> tuple[int, int]:
    """(exact heading matches, matched units): units paired by normalised number in order."""
    queue: dict[str, list[str]] = defaultdict(list)
    for g in gold:
        queue[normalize_num(canon_num(g))].append((g.get("heading") or "").strip())
    hits = total = 0
    for u in units:
        key = normalize_num(u.num or "")
        if queue.get(key):
            want = queue[key].pop(0)
            total += 1
            hits += int((u.heading or "").strip() == want)
    return hits, total


def synthetic_toc(gold: dict[str, Any]) -> str:
    """A table of contents built from the gold labels and headings (kept in memory only)."""
    lines = ["Contents", ""]
    for p in gold["provisions"]:
        label = p["label"].rstrip(" .:-–—")
        lines.append(f"{label} {p.get('heading') or ''}".rstrip() + " ........ 1")
    return "\n".join(lines) + "\n\n"


def measure_txt(shared: Path, show_docs: bool) -> dict[str, Any]:
    canon = shared / "canon"
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    heads = [0, 0]
    toc_extra = 0
    amending: list[str] = []
    total_chars = 0
    elapsed = 0.0
    for gpath in sorted(canon.glob("*.json")):
        tpath = gpath.with_suffix(".txt")
        if not tpath.exists():
            continue
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        lang = gold["lang"]
        # read as users' text files are read (extract keeps line positions), then segmented
        source = extract(str(tpath))
        text = source.text
        t0 = time.perf_counter()
        doc = segment(source, lang=lang)
        elapsed += time.perf_counter() - t0
        total_chars += len(text.encode("utf-8"))
        units = doc.units()
        tp, ng, npred = f1_counts(gold["provisions"], units)
        acc = per_lang[lang]
        acc[0] += tp
        acc[1] += ng
        acc[2] += npred
        h, n = heading_matches(gold["provisions"], units)
        heads[0] += h
        heads[1] += n
        if show_docs and f1(tp, ng, npred) < 0.999:
            print(f"  doc {gpath.stem}: F1 {f1(tp, ng, npred):.4f} (gold {ng}, pred {npred}, tp {tp})")
        # TOC robustness: the same text with a table of contents in front.
        tdoc = segment(Document(source=str(tpath), text=synthetic_toc(gold) + text), lang=lang)
        ttp, tng, tnp = f1_counts(gold["provisions"], tdoc.units())
        toc_extra += max(0, tnp - npred)
        if gpath.stem.startswith(AMENDING):
            amending.append(check_amending(gpath.stem, gold, doc))
    return {"per_lang": per_lang, "heads": heads, "toc_extra": toc_extra, "amending": amending,
            "mb_s": total_chars / 1e6 / elapsed if elapsed else 0.0}


def check_amending(name: str, gold: dict[str, Any], doc: Document) -> str:
    """Inserted provisions nested (quoted) under some unit; none at top level."""
    inserted = [i["num"] for p in gold["provisions"] for i in p.get("inserted", [])]
    quoted = Counter(normalize_num(p.num or "") for p in doc.walk() if p.quoted and p.level == "unit")
    gold_top, top = num_counts(gold["provisions"], doc.units())
    found = sum(1 for n in inserted if quoted[normalize_num(n)] > 0)
    extra_top = sum(max(0, c - gold_top[n]) for n, c in top.items())
    ok = found == len(inserted) and extra_top == 0
    return (f"{'OK ' if ok else 'BAD'} {name}: inserted found nested {found}/{len(inserted)}, "
            f"quoted units {sum(quoted.values())}, extra top-level units {extra_top}")


def measure_pdf(shared: Path, show_docs: bool, with_scans: bool = False) -> None:
    index = shared / "pdf" / "INDEX.tsv"
    rows = list(csv.DictReader(index.open(encoding="utf-8"), delimiter="\t"))
    totals = [0, 0, 0]
    heads = [0, 0]
    toc_dupes = 0
    scans = [0, 0, 0]
    for row in rows:
        scanned = row["layout"] == "scan"
        if scanned and not (with_scans and ocr_available()):
            continue
        gold = json.loads((shared / "canon" / row["canonical_json"]).read_text(encoding="utf-8"))
        try:
            with warnings.catch_warnings():
                if scanned:  # W003 on every page: OCR'd text
                    warnings.simplefilter("ignore", LexnlpCyberWarning)
                doc = extract(str(shared / "pdf" / row["pdf"]), ocr=scanned)
        except Exception as exc:  # a colleague's stage: report, do not stop the figures
            print(f"  {row['pdf']}: extract failed: {exc}")
            continue
        segment(doc, lang=gold["lang"])
        units = doc.units()
        tp, ng, npred = f1_counts(gold["provisions"], units)
        print(f"  {row['pdf']:<75} F1 {f1(tp, ng, npred):.4f}  (gold {ng}, pred {npred})", end="")
        if scanned:  # measured apart: OCR's errors are not the segmenter's
            scans = [a + b for a, b in zip(scans, (tp, ng, npred))]
            print()
            continue
        totals[0] += tp
        totals[1] += ng
        totals[2] += npred
        if row["layout"] == "toc":
            g, p = num_counts(gold["provisions"], units)
            toc_dupes += sum(max(0, c - g[n]) for n, c in p.items() if g[n])
        h, n = heading_matches(gold["provisions"], units)
        heads[0] += h
        heads[1] += n
        print(f"  headings {h}/{n}")
    if scans[1]:
        print(f"Scanned PDFs (Tesseract) micro F1: {f1(*scans):.4f}")
    print(f"PDF (non-scan) micro F1: {f1(*totals):.4f}; TOC entries emitted as provisions "
          f"(duplicates in toc layouts): {toc_dupes}; headings exact match {heads[0] / max(1, heads[1]):.4f} "
          f"({heads[0]}/{heads[1]})")


def measure_real_pdfs(shared: Path) -> None:
    """Gaps in the numbering of the real PDFs, which have no canon to compare with."""
    print("Real PDFs (no canon): units, highest number, numbers missing below it:")
    for path in sorted((shared / "legislation").glob("*/*.pdf")):
        try:
            doc = segment_source(str(path))  # extract, detect the language, segment
        except Exception as exc:  # report, do not stop the figures
            print(f"  {path.parent.name}/{path.name}: failed: {exc}")
            continue
        nums = [main_int(u.num or "") for u in doc.units()]
        found = {n for n in nums if n is not None}
        highest = max(found, default=0)
        missing = [n for n in range(1, highest + 1) if n not in found]
        shown = ", ".join(map(str, missing[:8])) + (" …" if len(missing) > 8 else "")
        print(f"  {path.parent.name}/{path.name:<58} {len(nums):4d} units, highest {highest:4d}, "
              f"missing {len(missing)}{f' ({shown})' if missing else ''}")


def measure_sources(shared: Path, show_docs: bool, diff: bool = False) -> None:
    """The published files the canon was taken from (``legislation/<doc>``:
    HTML, Markdown, text, JSON, XML), read and segmented as a user's file is,
    against the canon: a canon ``.txt`` is already clean, these carry their
    markup. ``diff``: the numbers missed and added for each file below 0.995."""
    print("Source files of the canon (HTML, Markdown, text, JSON, XML), read by extract:")
    totals, heads = [0, 0, 0], [0, 0]
    for gpath in sorted((shared / "canon").glob("*.json")):
        source = shared / "legislation" / gpath.stem.replace("__", "/", 1)
        if not source.is_file() or source.suffix.lower() == ".pdf":
            continue  # PDFs are measured above
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        try:
            doc = segment_source(str(source), lang=gold["lang"])
        except Exception as exc:  # report, do not stop the figures
            print(f"  {gpath.stem}: failed: {exc}")
            continue
        units = doc.units()
        tp, ng, npred = f1_counts(gold["provisions"], units)
        h, n = heading_matches(gold["provisions"], units)
        for acc, add in ((totals, (tp, ng, npred)), (heads, (h, n))):
            for k, v in enumerate(add):
                acc[k] += v
        if show_docs or f1(tp, ng, npred) < 0.995:
            print(f"  {gpath.stem:<70} F1 {f1(tp, ng, npred):.4f}  (gold {ng}, pred {npred})  headings {h}/{n}")
        if diff and f1(tp, ng, npred) < 0.995:
            g, p = num_counts(gold["provisions"], units)
            print(f"      missed {sorted((g - p).elements())[:20]}  added {sorted((p - g).elements())[:20]}")
    print(f"Source files micro F1: {f1(*totals):.4f}; headings exact match {heads[0] / max(1, heads[1]):.4f} "
          f"({heads[0]}/{heads[1]})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--docs", action="store_true", help="list the documents below F1 1.0")
    parser.add_argument("--diff", action="store_true", help="source files below 0.995: numbers missed and added")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--scans", action="store_true", help="also the scanned PDFs, read by Tesseract (minutes)")
    args = parser.parse_args(argv)
    if not (args.shared / "canon").is_dir():
        print(f"no canon at {args.shared}/canon")
        return 1
    res = measure_txt(args.shared, args.docs)
    print("Top-level provision boundary F1 on canon .txt, per language:")
    worst = 1.0
    for lang, (tp, ng, npred) in sorted(res["per_lang"].items()):
        score = f1(tp, ng, npred)
        worst = min(worst, score)
        print(f"  {lang}: F1 {score:.4f}  (gold {ng}, predicted {npred}, matched {tp})")
    print(f"  worst language: {worst:.4f}")
    heads = res["heads"]
    print(f"Headings exact match: {heads[0] / max(1, heads[1]):.4f} ({heads[0]}/{heads[1]})")
    print(f"TOC entries emitted as provisions (canon .txt with a synthetic TOC in front): {res['toc_extra']}")
    print("Amending acts:")
    for line in res["amending"]:
        print("  " + line)
    print(f"Throughput inside the measurement: {res['mb_s']:.1f} MB/s")
    measure_sources(args.shared, args.docs, args.diff)
    if not args.no_pdf:
        measure_pdf(args.shared, args.docs, args.scans)
        measure_real_pdfs(args.shared)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

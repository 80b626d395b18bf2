"""Measure extraction against ../shared (issue 3's figures).

Prints, for every PDF of ../shared/pdf: word-sequence similarity of the body
with the canonical text, running-header/footer lines and TOC lines left in
the body, the share of line-end splits rejoined (``hyphen`` PDFs), and OCR
similarity (``scan`` PDFs, when Tesseract is installed); then the English
article headings of the Rwandan gazettes and the language agreement of
canonical provisions.

    python scripts/measure_extract.py [--only SUBSTRING] [--no-ocr] [--no-lang]
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.errors import LexnlpCyberWarning  # noqa: E402
from lexnlp_cyber.extract import extract  # noqa: E402
from lexnlp_cyber.extract.ocr import available as ocr_available  # noqa: E402
from lexnlp_cyber.language import detect  # noqa: E402

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W_]+")
_PAGE_NO = re.compile(r"(page|página|seite|страница|第)\s*\d+|^\d+$", re.I)
_LEADER = re.compile(r"(\.\s?){5,}\s*\d+\s*$")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def similarity(a: str, b: str) -> float:
    """Word-sequence similarity (difflib ratio over word tokens)."""
    return difflib.SequenceMatcher(None, tokens(a), tokens(b), autojunk=False).ratio()


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line).strip().casefold())


def raw_pages(pdf: Path) -> list[list[str]]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    pages = []
    for page in doc:
        text = page.get_textpage().get_text_range()
        pages.append([ln.strip() for ln in re.split(r"[\r\n]+", text) if ln.strip()])
    return pages


def furniture_left(body: str, canon: str, pages: list[list[str]]) -> int:
    """Body lines that are running furniture of the raw PDF: lines recurring
    (digits ignored) on at least half the pages, or page numbers, counted
    beyond their occurrences in the canonical text."""
    seen: Counter[str] = Counter()
    for lines in pages:
        for key in {_key(ln) for ln in lines[:3] + lines[-3:]}:
            seen[key] += 1
    running = {k for k, n in seen.items() if n >= max(2, len(pages) // 2)}
    body_keys = Counter(_key(ln) for ln in body.splitlines() if ln.strip())
    canon_keys = Counter(_key(ln) for ln in canon.splitlines() if ln.strip())
    left = sum(max(0, body_keys[k] - canon_keys[k]) for k in running)
    left += sum(1 for ln in body.splitlines() if _PAGE_NO.fullmatch(ln.strip()) and ln.strip() not in canon)
    return left


def toc_left(body: str) -> int:
    return sum(1 for ln in body.splitlines() if _LEADER.search(ln))


def hyphen_rejoined(body: str, canon: str, pages: list[list[str]]) -> tuple[int, int]:
    """Words the PDF split at line ends (the joined word is in the canonical
    text, the hyphenated form is not) that are whole in the body as often as
    in the canonical text."""
    canon_words = Counter(re.findall(r"[^\W\d_][\w-]*", canon.casefold()))
    body_words = Counter(re.findall(r"[^\W\d_][\w-]*", body.casefold()))
    splits: set[str] = set()
    for lines in pages:
        for a, b in zip(lines, lines[1:], strict=False):
            left = re.search(r"([^\W\d_]+)[-\ufffe]$", a)
            right = re.match(r"([^\W\d_]+)", b)
            if left and right:
                splits.add((left.group(1) + right.group(1)).casefold())
        for line in lines:
            for m in re.finditer(r"([^\W\d_]+)\ufffe([^\W\d_]+)", line):
                splits.add((m.group(1) + m.group(2)).casefold())
    generated = {w for w in splits if canon_words[w] > 0}
    ok = sum(1 for w in generated if body_words[w] >= canon_words[w])
    return ok, len(generated)


def measure_pdfs(only: str | None, with_ocr: bool) -> None:
    index = list(csv.DictReader((SHARED / "pdf" / "INDEX.tsv").open(encoding="utf-8"), delimiter="\t"))
    print(f"{'pdf':70} {'pages':>5} {'sim':>6} {'furn':>4} {'toc':>4} {'hyph':>9} {'s':>5}")
    sims: dict[str, list[float]] = {}
    furn = tocs = 0
    hy_ok = hy_all = 0
    for row in index:
        if only and only not in row["pdf"]:
            continue
        layout = row["layout"]
        if layout == "scan" and not (with_ocr and ocr_available()):
            continue
        pdf = SHARED / "pdf" / row["pdf"]
        canon = (SHARED / "canon" / row["canonical_json"]).with_suffix(".txt").read_text(encoding="utf-8")
        started = time.perf_counter()
        doc = extract(pdf, ocr=layout == "scan")
        spent = time.perf_counter() - started
        sim = similarity(doc.text, canon)
        sims.setdefault(layout, []).append(sim)
        pages = raw_pages(pdf)
        f = furniture_left(doc.text, canon, pages) if layout != "scan" else 0
        t = toc_left(doc.text)
        furn += f
        tocs += t
        hy = ""
        if layout == "hyphen":
            ok, total = hyphen_rejoined(doc.text, canon, pages)
            hy_ok += ok
            hy_all += total
            hy = f"{ok}/{total}"
        print(f"{row['pdf'][:70]:70} {len(doc.pages):5d} {sim:6.4f} {f:4d} {t:4d} {hy:>9} {spent:5.1f}", flush=True)
    print()
    for layout, values in sorted(sims.items()):
        print(f"similarity {layout:7}: min {min(values):.4f} mean {sum(values) / len(values):.4f} (n={len(values)})")
    print(f"running furniture lines left in bodies: {furn}")
    print(f"TOC lines left in bodies: {tocs}")
    if hy_all:
        print(f"line-end splits rejoined: {hy_ok}/{hy_all} = {hy_ok / hy_all:.4f}")


def _runs(numbers: list[str]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive article numbers ("One"/"premier" count as 1)."""
    values = [1 if not n.isdigit() else int(n) for n in numbers]
    runs: list[tuple[int, int]] = []
    for value in values:
        if runs and value == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    return runs


def measure_rwanda() -> None:
    """The English stream must hold every English article heading in order.

    There is no canonical text for the gazettes, so the check is structural:
    each law of the issue numbers its articles from 1, so the English
    headings ("Article N:" at a line start) must form one unbroken run 1..K
    per law (a TOC left in the body shows as an extra run), and the French
    stream, which prints the same headings, must form the same runs."""
    for pdf in sorted((SHARED / "legislation" / "RWA").glob("*.pdf")):
        started = time.perf_counter()
        doc = extract(pdf)
        spent = time.perf_counter() - started
        heading = re.compile(r"(?m)^\s*(?:Article|ARTICLE)\s+(\d+|One|ONE|premier|PREMIER)\s?(?::|\s(?=[A-Z]))")
        english = _runs(heading.findall(doc.text))
        french = next((_runs(heading.findall(s.text)) for s in doc.streams if s.lang == "fr"), [])
        print(f"RWA {pdf.name}: {len(doc.pages)} pages in {spent:.1f}s; body language {doc.lang}; streams "
              f"{[s.lang for s in doc.streams]}; English article runs {english}; French runs {french}")


def measure_arabic() -> None:
    """Right-to-left repair on the real Arabic PDFs of ../shared/legislation:
    lam-alef in logical order (the word "لا", not "ال" alone), brackets not
    mirrored (")المادة(" ), years readable (2023, not 3202), no vowel mark
    left after a space."""
    for pdf in sorted((SHARED / "legislation").glob("*/*.pdf")):
        if pdf.parent.name == "RWA":
            continue
        doc = extract(pdf, ocr=False)
        if doc.lang != "ar":
            continue
        text = doc.text
        la = len(re.findall(r"(?<!\S)\u0644\u0627(?!\S)", text))
        al = len(re.findall(r"(?<!\S)\u0627\u0644(?!\S)", text))
        mirrored = len(re.findall(r"\)[^()\n]{1,40}\(", text))
        years = re.findall(r"\b(?:19|20)\d\d\b", text)
        reversed_years = re.findall(r"\b\d\d(?:91|02)\b", text)
        marks = len(re.findall(r"(?:^|\s)[\u064b-\u0652]", text, re.M))
        print(f"{pdf.parent.name} {pdf.name}: {len(doc.pages)} pages; 'لا' {la}, lone 'ال' {al}; mirrored brackets "
              f"{mirrored}; years {len(years)} ({sorted(set(years))}), reversed {len(reversed_years)}; "
              f"marks after a space {marks}; furniture {len(doc.furniture)}")


def measure_language() -> None:
    """Share of canonical provisions (>= 200 chars) detected as their document's language."""
    total = agree = 0
    misses: Counter[str] = Counter()
    started = time.perf_counter()
    for path in sorted((SHARED / "canon").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        lang = data.get("lang")
        if not lang:
            continue
        for provision in data.get("provisions", []):
            text = provision.get("text") or ""
            if len(text) < 200:
                continue
            total += 1
            guess = detect(text, context=lang)
            if guess.lang == lang.split("-")[0]:
                agree += 1
            else:
                misses[f"{lang}->{guess.lang}"] += 1
    spent = time.perf_counter() - started
    print(f"language: {agree}/{total} = {agree / max(1, total):.4f} provisions >= 200 chars get their "
          f"document's language ({spent:.1f}s); misses {dict(misses.most_common(8))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only")
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--no-lang", action="store_true")
    parser.add_argument("--no-rwanda", action="store_true")
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"{SHARED} is absent")
    warnings.simplefilter("ignore", LexnlpCyberWarning)  # one per OCR'd page: the figures stay readable
    measure_pdfs(args.only, not args.no_ocr)
    if not args.no_rwanda:
        measure_rwanda()
        measure_arabic()
    if not args.no_lang:
        measure_language()


if __name__ == "__main__":
    main()

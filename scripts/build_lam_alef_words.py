#!/usr/bin/env python3
"""Build lexnlp_cyber/data/extract/lam_alef_words.json from the team's Arabic words.

Many PDF-to-text converters write each lam-alef ligature with its two letters
swapped: "التسجيلات" comes out as "التسجيالت", "خلال" as "خالل". Where the swap
leaves two alefs side by side ("االتصاالت") it cannot be correct Arabic, and
extract's repair table undoes it; elsewhere the swapped form may be a word too
("ثالث", third, against "ثلاث", three), so only a lexicon can tell. This script
collects the words holding a lam-alef from the Arabic corpus entries, heading
lists and cue phrases, writes each one's swapped form (after the table's
repairs) beside it, and leaves out every swapped form that is itself a word of
that vocabulary. ``repair.repair_swapped_words`` uses the table on documents
whose text holds more swapped forms than correct ones.

Usage: python scripts/build_lam_alef_words.py [--corpus corpus/train]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.extract.repair import repair_lam_alef  # noqa: E402

ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
OUT = ROOT / "lexnlp_cyber" / "data" / "extract" / "lam_alef_words.json"


def vocabulary(corpus: Path) -> Counter[str]:
    words: Counter[str] = Counter()
    for path in sorted(corpus.glob("ar-*.jsonl")) + sorted((corpus / "headings").glob("ar*.tsv")):
        words.update(ARABIC_WORD.findall(path.read_text(encoding="utf-8")))
    cues = json.loads((ROOT / "lexnlp_cyber" / "data" / "cues" / "ar.json").read_text(encoding="utf-8"))
    for phrases in cues["concepts"].values():
        for phrase in phrases:
            words.update(ARABIC_WORD.findall(phrase))
    return words


def pairs(words: Counter[str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for word in sorted(words):
        if "\u0644\u0627" not in word:
            continue
        swapped = repair_lam_alef(word.replace("\u0644\u0627", "\u0627\u0644"))
        if swapped != word and swapped not in words:
            table[swapped] = word
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "train")
    args = ap.parse_args(argv)
    table = pairs(vocabulary(args.corpus))
    data = {"_comment": "Swapped lam-alef forms -> the words they stand for, built by scripts/build_lam_alef_words.py "
                        "from the Arabic words of the team's corpus and cue phrases; a swapped form that is a word "
                        "of that vocabulary itself is left out.",
            "words": table}
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(table)} words -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

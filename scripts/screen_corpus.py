#!/usr/bin/env python3
"""List corpus entries whose wording comes close to a real provision of ../shared/canon.

`../shared/tools/check_overlap.py` finds verbatim runs of 20 words; a reworded
copy of a real article slips past it. This screen compares every corpus
entry with every canon provision of its language (TF-IDF word uni- and
bigrams; character 2-3-grams for Chinese and Japanese; cosine similarity) and
prints the closest pairs, as entry id, similarity and the real provision's
document and number; never the real text. A high score is a lead for a
reader, not a verdict: short stock formulas (commencement, short title)
score high too.

Usage: python scripts/screen_corpus.py [CORPUS...] [--shared ../shared] [--min 0.3] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.corpus import read_corpus  # noqa: E402

#: Canon provisions shorter than this are headings or stubs, not wording to copy.
MIN_CHARS = 80


def canon_provisions(canon: Path) -> dict[str, list[tuple[str, str, str]]]:
    """{lang: [(document, num, text)]} of every canon document."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for path in sorted(canon.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        lang = str(data.get("lang") or "en").split("+")[0]
        doc = path.name[: -len(".json")].replace("__", "/")
        for p in data.get("provisions", []):
            text = str(p.get("text") or "")
            if len(text) >= MIN_CHARS:
                found[lang].append((doc, str(p.get("num") or ""), text))
    return found


def screen(corpus: list[Path], canon: Path) -> list[tuple[float, str, str, str]]:
    """(similarity, entry id, real document, real number) of each entry's closest canon provision."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    real = canon_provisions(canon)
    entries: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e in read_corpus(corpus):
        text = " ".join([e.text] + [str(s.get("text", "")) for s in e.subdivisions])
        entries[e.lang].append((e.id, text))
    pairs: list[tuple[float, str, str, str]] = []
    for lang, items in sorted(entries.items()):
        provisions = real.get(lang)
        if not provisions:
            continue
        if lang in ("zh", "ja"):  # no spaces between words
            vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)
        else:
            vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        vec.fit([t for *_, t in provisions] + [t for _, t in items])
        sims = (vec.transform([t for _, t in items]) @ vec.transform([t for *_, t in provisions]).T).tocsr()
        for i, (entry_id, _) in enumerate(items):
            row = sims.getrow(i)
            if row.nnz:
                k = int(np.argmax(row.data))
                doc, num, _ = provisions[row.indices[k]]
                pairs.append((float(row.data[k]), entry_id, doc, num))
    return sorted(pairs, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="*", default=[str(ROOT / "corpus" / "train")])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--min", type=float, default=0.3, help="print pairs at least this similar (default 0.3)")
    parser.add_argument("--json", help="write every entry's closest pair here")
    args = parser.parse_args(argv)
    canon = Path(args.shared) / "canon"
    if not canon.is_dir():
        print(f"no canon under {args.shared}", file=sys.stderr)
        return 2
    pairs = screen([Path(p) for p in args.corpus], canon)
    shown = [p for p in pairs if p[0] >= args.min]
    for score, entry_id, doc, num in shown:
        print(f"{score:.3f}  {entry_id:<14} ~ {doc} #{num}")
    print(f"{len(shown)} of {len(pairs)} entries at similarity >= {args.min}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps([{"similarity": round(s, 4), "id": i, "doc": d, "num": n}
                                               for s, i, d, n in pairs], indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Benchmark `classify` on provision texts: provisions/s on one core.

Prints, in one run on the same texts, the rate of the full classifier
(spaCy tokens + cue matcher + TF-IDF + linear model), of spaCy tokenisation
alone (the baseline every spaCy pipeline pays) and their ratio, plus the
model load time, and the rate when each provision's own heading is read by the
heading view too. Texts: the canon provisions of ../shared when present,
otherwise the team corpus. The tokenisation pass runs first, so spaCy's
vocabulary already holds the texts' words when classify is timed: a word
never seen before costs a lexeme (lowercase, norm, number and space flags)
on top of these rates.

Usage: python scripts/bench_classify.py [--model DIR] [--limit 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _texts(limit: int) -> tuple[list[str], list[str], list[str | None]]:
    canon = ROOT.parent / "shared" / "canon"
    texts: list[str] = []
    langs: list[str] = []
    headings: list[str | None] = []
    if canon.is_dir():
        for path in sorted(canon.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            for p in data.get("provisions", []):
                texts.append(f"{p.get('heading') or ''}\n{p.get('text') or ''}")
                langs.append(data.get("lang", "en"))
                headings.append(p.get("heading"))
    else:
        from lexnlp_cyber.corpus import read_corpus

        for e in read_corpus([ROOT / "corpus" / "train"]):
            texts.append(e.full_text)
            langs.append(e.lang)
            headings.append(e.heading)
    step = max(1, len(texts) // limit)
    return texts[::step][:limit], langs[::step][:limit], headings[::step][:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model")
    parser.add_argument("--limit", type=int, default=5000)
    args = parser.parse_args(argv)
    from lexnlp_cyber.classify.cues import matcher
    from lexnlp_cyber.classify.model import load_model

    started = time.perf_counter()
    model = load_model(args.model, trust=True) if args.model else load_model()
    load = time.perf_counter() - started
    texts, langs, headings = _texts(args.limit)
    for lang in set(langs):  # build each language's tokenizer before timing
        matcher(lang)
    started = time.perf_counter()
    for text, lang in zip(texts, langs):
        matcher(lang).nlp.make_doc(text)
    tokenize = len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    model.predict(texts, langs, evidence=False)
    classify = len(texts) / (time.perf_counter() - started)
    warm = 0.0  # the same texts again: words and cue lookups already cached
    for _ in range(2):
        started = time.perf_counter()
        model.predict(texts, langs, evidence=False)
        warm = max(warm, len(texts) / (time.perf_counter() - started))
    started = time.perf_counter()  # each provision's own heading read by the heading view too
    model.predict(texts, langs, evidence=False, headings=headings)
    with_headings = len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    model.predict(texts[:1000], langs[:1000], evidence=True)
    with_evidence = min(1000, len(texts)) / (time.perf_counter() - started)
    print(f"texts: {len(texts)}  mean length {sum(map(len, texts)) / max(1, len(texts)):.0f} chars")
    print(f"model load:                  {load:.2f} s")
    print(f"spaCy tokenisation only:     {tokenize:8.0f} provisions/s")
    print(f"classify (no evidence):      {classify:8.0f} provisions/s   ratio to tokenisation {classify / tokenize:.2f}")
    print(f"  same texts again (warm):   {warm:8.0f} provisions/s")
    print(f"  with headings (warm):      {with_headings:8.0f} provisions/s   "
          f"({sum(1 for h in headings if h)} of {len(texts)} with a heading)")
    print(f"classify (with evidence):    {with_evidence:8.0f} provisions/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

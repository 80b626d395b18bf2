#!/usr/bin/env python3
"""How many of the probe provisions a model labels as they are meant.

`corpus/probes/` holds short fictional provisions, each written to show the
usual wording of one category in one language and drafting tradition (two
traditions per label and language). A probe the model misses points at a
wording its cue terms or training corpus do not know; the concepts listed
beside each miss show which terms were found. The probes measure coverage of
ordinary wording, not agreement with curators: the dev gold does that.

Usage: python scripts/probe_classify.py [--model DIR] [--misses] [--lang xx] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.api import classify, load_model  # noqa: E402

PROBES = ROOT / "corpus" / "probes"


def read_probes(folder: Path = PROBES) -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def probe(model: Any, probes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each probe with the labels the model gives it, its score for the intended label and
    the concepts its cue terms found."""
    found = classify(probes, model=model, evidence=False)
    prepared = model.prepare([p["text"] for p in probes], [p["lang"] for p in probes])
    return [{**p, "got": r["labels"], "score": round(float(r["scores"].get(p["label"], 0.0)), 3),
             "concepts": sorted({cue.concept for cue in prep.cues})}
            for p, r, prep in zip(probes, found, prepared)]


def recall(rows: list[dict[str, Any]], key: str) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        counts[row[key]][0] += row["label"] in row["got"]
        counts[row[key]][1] += 1
    return {k: (hit, n) for k, (hit, n) in sorted(counts.items())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="model directory (default: the shipped model)")
    ap.add_argument("--misses", action="store_true", help="list the probes the model misses")
    ap.add_argument("--lang", help="only this language")
    ap.add_argument("--json", help="write every probe's result here")
    args = ap.parse_args(argv)
    model = load_model(args.model, trust=True) if args.model else load_model()
    probes = [p for p in read_probes() if not args.lang or p["lang"] == args.lang]
    rows = probe(model, probes)
    hits = sum(r["label"] in r["got"] for r in rows)
    print(f"probes recognised: {hits} / {len(rows)} ({hits / max(len(rows), 1):.3f})")
    for key in ("lang", "label"):
        print(f"by {key}: " + ", ".join(f"{k} {h}/{n}" for k, (h, n) in recall(rows, key).items()))
    if args.misses:
        for r in rows:
            if r["label"] not in r["got"]:
                print(f"{r['id']}\t{r['label']}\t{r['score']}\tgot {','.join(r['got']) or '-'}"
                      f"\tconcepts {','.join(r['concepts'])}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

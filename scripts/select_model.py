#!/usr/bin/env python3
"""Model selection: train candidate configurations and compare them.

For each configuration, a model is trained on the corpus (k-fold CV for
thresholds and Platt scaling, as `train` does) and measured on the dev gold
with oracle segmentation. The gold chooses between configurations; it is
never a training example.

Usage: python scripts/select_model.py [--folds 3] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.classify.train import train  # noqa: E402
from lexnlp_cyber.devgold import gold_files, oracle_evaluation  # noqa: E402

CANDIDATES: dict[str, dict[str, object]] = {
    "default": {},
    "svm-C0.5": {"C": 0.5},
    "svm-C2": {"C": 2.0},
    "svm-heading": {"heading": True},
    "svm-char": {"use_char": True, "char_range": [3, 5], "max_char_features": 100_000},
    "svm-unweighted": {"class_weight": None},
    "svm-noprefix": {"prefix": 0},
    "svm-concepts2": {"concept_weight": 2.0},
    "svm-lemmas": {"lemmas": True},
    "concepts-binary": {"concept_scale": "binary"},
    "concepts-l2": {"concept_scale": "l2"},
    "concepts-lead200": {"concept_lead": 200},
    "concepts-binary-lead200": {"concept_scale": "binary", "concept_lead": 200},
    "concepts-l2-w2": {"concept_scale": "l2", "concept_weight": 2.0},
    "concepts-l2-w3": {"concept_scale": "l2", "concept_weight": 3.0},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--corpus", default=str(ROOT / "corpus" / "train"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args(argv)
    shared = Path(args.shared)
    gold = gold_files(shared)
    for name, overrides in CANDIDATES.items():
        if args.only and name not in args.only:
            continue
        started = time.time()
        model = train([Path(args.corpus)], None, config={"folds": args.folds, **overrides})
        report = oracle_evaluation(model, gold, shared / "canon") if gold else {}
        cv = model.card["metrics"]["cv"]
        print(json.dumps({"name": name, "cv_micro": cv["micro_f1"], "cv_macro": cv["macro_f1"],
                          "gold_micro": report.get("micro_f1"), "gold_macro": report.get("macro_f1"),
                          "gold_doc": report.get("document_f1"), "seconds": round(time.time() - started)}),
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

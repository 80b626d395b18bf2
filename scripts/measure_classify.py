#!/usr/bin/env python3
"""Print the classification figures of the shipped (or a given) model on the dev gold.

- end to end: each dev-gold document's canon .txt (or its real PDF when it has
  no canon text) is tagged by the full pipeline;
- oracle segmentation: the canon provision texts are classified directly;
- with --published, also end to end from the published files (HTML,
  Markdown, JSON, XML, PDF, as a user tags them) wherever the package reads
  their format, the canon .txt otherwise.

Usage: python scripts/measure_classify.py [--model DIR] [--shared ../shared] [--json OUT] [--published]
The gold is used to measure only; nothing here trains on it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.api import load_model  # noqa: E402
from lexnlp_cyber.devgold import end_to_end_evaluation, gold_files, oracle_evaluation  # noqa: E402


def _line(name: str, r: dict) -> str:
    langs = " ".join(f"{k}={v:.2f}" for k, v in r["per_language"].items())
    return (f"{name:<22} micro-F1 {r['micro_f1']:.3f}  macro-F1 {r['macro_f1']:.3f}  "
            f"document-F1 {r['document_f1']:.3f}  ({r['documents']} docs)\n{'':<22} per language: {langs}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--json", help="write the reports here")
    parser.add_argument("--published", action="store_true", help="also tag the published files end to end")
    args = parser.parse_args(argv)
    shared = Path(args.shared)
    gold = gold_files(shared)
    if not gold:
        print(f"no dev gold under {shared}", file=sys.stderr)
        return 2
    started = time.time()
    model = load_model(args.model, trust=True) if args.model else load_model()
    print(f"model load {time.time() - started:.2f} s")
    started = time.time()
    e2e = end_to_end_evaluation(model, gold, shared)
    print(_line("end to end", e2e) + f"\n{'':<22} ({time.time() - started:.0f} s)")
    oracle = oracle_evaluation(model, gold, shared / "canon")
    print(_line("oracle segmentation", oracle))
    print("per group (end to end): " + " ".join(f"{k}={v:.2f}" for k, v in e2e["per_group"].items()))
    print("per label (end to end): " + " ".join(f"{k}={v:.2f}" for k, v in sorted(e2e["per_label"].items(),
                                                                                   key=lambda kv: kv[1])))
    reports = {"end_to_end": e2e, "oracle": oracle}
    if args.published:
        started = time.time()
        reports["published"] = end_to_end_evaluation(model, gold, shared, published=True)
        print(_line("published files", reports["published"]) + f"\n{'':<22} ({time.time() - started:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

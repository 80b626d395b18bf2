"""Benchmark ``segment``: MB of text per second per core over all canon .txt files.

The parser alone (text in, provision tree out) is the baseline; the full path a
user runs, ``lexnlp_cyber.segment(path)`` (reading the file, line boxes, the
provision tree and every provision's language), is reported as a ratio to it.

Usage: python scripts/bench_segment.py [--shared DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lexnlp_cyber as lc  # noqa: E402
from lexnlp_cyber.document import Document  # noqa: E402
from lexnlp_cyber.segment import segment  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    inputs = []
    for tpath in sorted((args.shared / "canon").glob("*.txt")):
        gold = tpath.with_suffix(".json")
        lang = json.loads(gold.read_text(encoding="utf-8"))["lang"] if gold.exists() else None
        inputs.append((tpath, tpath.read_text(encoding="utf-8"), lang))
    if not inputs:
        print(f"no canon .txt under {args.shared}")
        return 1
    size = sum(len(text.encode("utf-8")) for _, text, _ in inputs)
    segment(Document(source="warm-up", text=inputs[0][1]), lang=inputs[0][2])  # compile the grammar
    best = float("inf")
    for _ in range(args.repeat):
        t0 = time.process_time()  # CPU time of this process: per core
        for path, text, lang in inputs:
            segment(Document(source=str(path), text=text), lang=lang)
        best = min(best, time.process_time() - t0)
    print(f"{len(inputs)} files, {size / 1e6:.1f} MB, best of {args.repeat}: {best:.2f} s CPU "
          f"= {size / 1e6 / best:.1f} MB/s per core (parser alone)")
    t0 = time.process_time()
    for path, _, lang in inputs:
        lc.segment(path, lang=lang)
    full = time.process_time() - t0
    print(f"full path (file, boxes, tree, languages): {full:.2f} s CPU = {size / 1e6 / full:.2f} MB/s per core, "
          f"{best / full:.2f} of the parser's speed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Measure the JSON and XML readers against the canon.

For every ``.json`` and ``.xml`` law under ``../shared/legislation`` that has
a canon (``../shared/canon/<CC>__<name>.json``), prints the top-level
boundary F1 of ``lexnlp_cyber.segment(path, lang=canon["lang"]).units()``
against the canon's provision numbers (both normalised with
``normalize_num``, matched as multisets) and the share of matched units
whose heading equals the canon's exactly. ``--diff`` lists the numbers
missed and added, and the headings that differ.

Usage: python scripts/measure_structured.py [--shared DIR] [--diff] [NAME ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lexnlp_cyber as lc  # noqa: E402
from lexnlp_cyber.document import Provision  # noqa: E402
from lexnlp_cyber.segment import normalize_num  # noqa: E402


def boundary_f1(gold: list[str], found: list[str]) -> tuple[float, Counter[str], Counter[str]]:
    """F1 of normalised numbers as multisets, with the missed and the added."""
    g = Counter(normalize_num(n) for n in gold)
    p = Counter(normalize_num(n) for n in found)
    tp = sum((g & p).values())
    total = sum(g.values()) + sum(p.values())
    return (2 * tp / total if total else 1.0), g - p, p - g


def headings(gold: list[dict[str, Any]], units: list[Provision]) -> tuple[int, int, list[str]]:
    """(exact matches, matched units, differences): units paired with the canon by number, in order."""
    queue: dict[str, list[str]] = defaultdict(list)
    for g in gold:
        queue[normalize_num(g["num"])].append((g.get("heading") or "").strip())
    hits = total = 0
    diffs: list[str] = []
    for unit in units:
        key = normalize_num(unit.num or "")
        if queue.get(key):
            want = queue[key].pop(0)
            got = (unit.heading or "").strip()
            total += 1
            hits += got == want
            if got != want:
                diffs.append(f"{unit.num}: {got[:60]!r} != {want[:60]!r}")
    return hits, total, diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="only files whose path contains one of these")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--diff", action="store_true", help="list missed/added numbers and heading differences")
    args = parser.parse_args(argv)
    laws = sorted([*(args.shared / "legislation").glob("*/*.json"), *(args.shared / "legislation").glob("*/*.xml")])
    rows: list[tuple[float, float]] = []
    print(f"{'file':62} {'F1':>6} {'canon':>6} {'found':>6} {'headings':>10}")
    for path in laws:
        canon_path = args.shared / "canon" / f"{path.parent.name}__{path.name}.json"
        if not canon_path.exists() or (args.names and not any(n in str(path) for n in args.names)):
            continue
        canon = json.loads(canon_path.read_text(encoding="utf-8"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            units = lc.segment(str(path), lang=canon["lang"]).units()
        f1, missed, added = boundary_f1([p["num"] for p in canon["provisions"]], [u.num or "" for u in units])
        hits, total, diffs = headings(canon["provisions"], units)
        rows.append((f1, hits / total if total else 1.0))
        name = f"{path.parent.name}/{path.name}"
        print(f"{name[:62]:62} {f1:6.3f} {len(canon['provisions']):6d} {len(units):6d} {hits:4d}/{total:<5d}")
        if args.diff:
            if missed or added:
                print(f"    missed {sorted(missed.elements())[:20]}  added {sorted(added.elements())[:20]}")
            for line in diffs[:10]:
                print(f"    heading {line}")
    if rows:
        print(f"{len(rows)} files: mean F1 {sum(r[0] for r in rows) / len(rows):.3f}, "
              f"F1 >= 0.98 in {sum(r[0] >= 0.98 for r in rows)}, "
              f"mean heading match {sum(r[1] for r in rows) / len(rows):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

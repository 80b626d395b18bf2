#!/usr/bin/env python3
"""Compare two training setups over several fold seeds: is a corpus or option change real?

One retrain cannot tell: the fold seed alone moves the thresholds chosen by
cross-validation, and the shipped corpus gives end-to-end micro-F1 0.6837 /
0.6811 / 0.6832 on seeds 0, 1 and 2 (lexnlp_cyber/data/model_selection.md).
This trains the baseline and the variant once per seed and prints, per seed
and on average, micro-F1, macro-F1 and document F1 with their differences:

- on the dev gold of ../shared, end to end (each document segmented once and
  classified by every model), when it is present;
- otherwise (or with --cv) on the models' own cross-validation figures, which
  compare corpora less well: the folds hold the corpus's own entries.

    python scripts/compare_seeds.py --base corpus/train \\
        --variant corpus/train corpus/candidates/liability --seeds 0 1 2
    python scripts/compare_seeds.py --base corpus/train --variant-config '{"concept_weight": 1.5}'

The variant trains on --variant (default: the base corpus) with --variant-config
over --base-config. --base-figures takes the baseline's figures from an earlier
run's --json (same seeds, same measurement) instead of training it again, for
several variants of one baseline. Each model takes about as long as `lexnlp-cyber train`
(minutes on the shipped corpus); --jobs trains that many at once. The gold is
used to measure only; nothing here trains on it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIGURES = ("micro_f1", "macro_f1", "document_f1")
SHORT = {"micro_f1": "micro", "macro_f1": "macro", "document_f1": "document"}


def _train(corpus: Sequence[str], config: Mapping[str, Any]) -> Any:
    from lexnlp_cyber.classify.train import train

    return train(corpus, None, config=dict(config))


def _figures(model: Any, gold: Sequence[Path], shared: Path | None, documents: Mapping[str, Any] | None) -> dict[str, float]:
    if shared is None or documents is None:  # the model's own cross-validation
        cv = model.card["metrics"]["cv"]
        return {"micro_f1": float(cv["micro_f1"]), "macro_f1": float(cv["macro_f1"]), "document_f1": float("nan")}
    from lexnlp_cyber.devgold import end_to_end_evaluation

    report = end_to_end_evaluation(model, gold, shared, documents=documents)
    return {key: float(report[key]) for key in FIGURES}


def _run(corpus: Sequence[str], config: Mapping[str, Any], gold: Sequence[Path], shared: Path | None,
         documents: Mapping[str, Any] | None) -> dict[str, float]:
    return _figures(_train(corpus, config), gold, shared, documents)


def summarise(base: Sequence[Mapping[str, float]], variant: Sequence[Mapping[str, float]],
              seeds: Sequence[int]) -> dict[str, Any]:
    """Per figure: each side's mean and spread (max - min over the seeds), the mean
    difference, on how many seeds the variant is higher and lower, and a verdict: a
    change is 'better' or 'worse' only when it moves the same way on every seed and its
    mean difference exceeds half the baseline's spread; 'within the seeds' spread' otherwise."""
    summary: dict[str, Any] = {"seeds": list(seeds)}
    for key in FIGURES:
        b = [row[key] for row in base]
        v = [row[key] for row in variant]
        if any(x != x for x in b + v):  # NaN: not measured (document F1 on cross-validation)
            continue
        diffs = [y - x for x, y in zip(b, v)]
        mean = statistics.fmean(diffs)
        spread = max(b) - min(b)
        higher = sum(d > 0 for d in diffs)
        lower = sum(d < 0 for d in diffs)
        if higher == len(diffs) and mean > spread / 2:
            verdict = "better"
        elif lower == len(diffs) and -mean > spread / 2:
            verdict = "worse"
        else:
            verdict = "within the seeds' spread"
        summary[key] = {"base_mean": statistics.fmean(b), "variant_mean": statistics.fmean(v), "base_spread": spread,
                        "mean_difference": mean, "higher_on": higher, "lower_on": lower, "verdict": verdict}
    return summary


def table(base: Sequence[Mapping[str, float]], variant: Sequence[Mapping[str, float]], summary: Mapping[str, Any]) -> str:
    keys = [key for key in FIGURES if key in summary]
    lines = [f"{'seed':<6}" + "".join(f"{SHORT[k] + ' base':>16}{'variant':>10}{'diff':>9}" for k in keys)]
    for seed, b, v in zip(summary["seeds"], base, variant):
        lines.append(f"{seed:<6}" + "".join(f"{b[k]:>16.4f}{v[k]:>10.4f}{v[k] - b[k]:>+9.4f}" for k in keys))
    lines.append(f"{'mean':<6}" + "".join(
        f"{summary[k]['base_mean']:>16.4f}{summary[k]['variant_mean']:>10.4f}{summary[k]['mean_difference']:>+9.4f}"
        for k in keys))
    for k in keys:
        s = summary[k]
        lines.append(f"{SHORT[k]}: higher on {s['higher_on']} of {len(summary['seeds'])} seeds, lower on "
                     f"{s['lower_on']}; the baseline's spread over the seeds {s['base_spread']:.4f}: {s['verdict']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", nargs="+", required=True, help="the baseline's corpus files or folders")
    parser.add_argument("--variant", nargs="+", help="the variant's corpus (default: the baseline's)")
    parser.add_argument("--base-config", default="{}", help="training options of both, as JSON")
    parser.add_argument("--variant-config", default="{}", help="the variant's options over --base-config, as JSON")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--cv", action="store_true", help="compare cross-validation figures even when gold is present")
    parser.add_argument("--jobs", type=int, default=1, help="models trained at once")
    parser.add_argument("--json", help="write the figures and the summary here")
    parser.add_argument("--base-figures", help="the baseline's figures from an earlier run's --json")
    args = parser.parse_args(argv)
    try:
        base_config = json.loads(args.base_config)
        variant_config = {**base_config, **json.loads(args.variant_config)}
    except ValueError as err:
        print(f"--base-config / --variant-config: not JSON ({err})", file=sys.stderr)
        return 2
    variant_corpus = args.variant or args.base
    if variant_corpus == args.base and variant_config == base_config and not args.base_figures:
        # with --base-figures the baseline was measured earlier, with the code and data of then:
        # the same corpus and options now measure a change in the code or its data files
        print("the variant equals the baseline: give --variant, --variant-config or --base-figures", file=sys.stderr)
        return 2
    from joblib import Parallel, delayed

    from lexnlp_cyber.devgold import gold_files, segment_gold_documents

    shared = Path(args.shared)
    gold = [] if args.cv else gold_files(shared)
    documents = None
    started = time.time()
    if gold:
        documents = segment_gold_documents(gold, shared)
        print(f"dev gold: {len(documents)} documents segmented ({time.time() - started:.0f} s); "
              "figures end to end", flush=True)
    else:
        print("figures: cross-validation on each model's corpus (no dev gold used)", flush=True)
    known = None
    if args.base_figures:
        try:
            earlier = json.loads(Path(args.base_figures).read_text())
            seeds, measured = earlier["summary"]["seeds"], earlier.get("measured")
        except (OSError, ValueError, KeyError, TypeError) as err:
            print(f"--base-figures: cannot read {args.base_figures} ({err})", file=sys.stderr)
            return 2
        if seeds != args.seeds or measured != ("dev gold" if gold else "cv"):
            print(f"--base-figures: {args.base_figures} holds other seeds or another measurement", file=sys.stderr)
            return 2
        known = earlier["base"]
    sides = [(variant_corpus, variant_config)] if known else [(args.base, base_config), (variant_corpus, variant_config)]
    runs = [(corpus, {**config, "seed": seed}) for seed in args.seeds for corpus, config in sides]
    results = Parallel(n_jobs=args.jobs)(delayed(_run)(corpus, config, gold, shared if gold else None, documents)
                                         for corpus, config in runs)
    base, variant = (known, results) if known else (results[0::2], results[1::2])
    summary = summarise(base, variant, args.seeds)
    print(table(base, variant, summary))
    print(f"({time.time() - started:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps({"measured": "dev gold" if gold else "cv", "base": base,
                                                  "variant": variant, "summary": summary}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

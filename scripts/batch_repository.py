"""Tag a repository folder of legislation, with a metadata CSV, and print where the results are.

    python scripts/batch_repository.py repository/ results/ --metadata scripts/metadata-example.csv
    python scripts/batch_repository.py repository/ results/ --workers 4
    python scripts/batch_repository.py repository/ results/ --scheduler tcp://10.0.0.5:8786

The metadata CSV has the columns ``path,country[,title][,date]`` (see
scripts/metadata-example.csv; ``date`` is the act's date for Akoma Ntoso); documents without a row get their country
from the path (``repository/DEU/...``). Rerunning the same command resumes:
finished documents are skipped. The exit code is 1 when a document failed;
its error code is in ``results/failures.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lexnlp_cyber.batch import BatchOptions, run_batch  # noqa: E402
from lexnlp_cyber.cli import expand_inputs  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repository", help="folder of .pdf/.txt/.md/.html laws (searched recursively)")
    parser.add_argument("out", help="output folder")
    parser.add_argument("--metadata", help="CSV path,country[,title][,date]")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", help="Dask scheduler tcp://HOST:PORT (the folder must be shared)")
    parser.add_argument("--model")
    parser.add_argument("--trust-model", action="store_true")
    args = parser.parse_args()
    options = BatchOptions(workers=args.workers, scheduler=args.scheduler,
                           backend="dask" if args.scheduler else "local", model=args.model,
                           trust_model=args.trust_model, metadata=args.metadata)
    result = run_batch(expand_inputs([args.repository]), args.out, options)
    out = Path(args.out)
    print(f"{len(result.done)} tagged, {len(result.skipped)} skipped (already done), {len(result.failed)} failed, "
          f"{result.pages} pages in {result.seconds:.1f} s")
    for failure in result.failed:
        print(f"  {failure['code']} {failure['document']}")
    coverage = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    for scope in coverage["scopes"]:
        gaps = {inst: sum(1 for row in rows if not row["implemented"]) for inst, rows in scope["instruments"].items()}
        print(f"  {scope['scope_kind']} {scope['scope']}: articles without an implementing provision {gaps}")
    print(f"open {out / 'report.html'}")
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())

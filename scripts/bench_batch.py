"""Benchmark the batch runner: throughput with 1 and N workers, peak memory, failures, resume.

    python scripts/bench_batch.py                       # all PDFs of ../shared/pdf and ../shared/legislation
    python scripts/bench_batch.py --inputs laws/ --workers 1 2 --model my-model --trust-model
    python scripts/bench_batch.py --failures            # 50 documents, 5 of them corrupt
    python scripts/bench_batch.py --resume              # kill -9 mid-run, then resume

Prints one line per measurement and a JSON summary at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.batch import BatchOptions, run_batch  # noqa: E402


def shared_pdfs() -> list[str]:
    shared = ROOT.parent / "shared"
    return sorted(str(p) for folder in ("pdf", "legislation") for p in (shared / folder).rglob("*.pdf"))


def throughput(paths: list[str], workers: int, model: str | None, trust: bool) -> dict[str, Any]:
    out = tempfile.mkdtemp(prefix=f"bench-w{workers}-")
    started = time.monotonic()
    result = run_batch(paths, out, BatchOptions(workers=workers, model=model, trust_model=trust))
    seconds = time.monotonic() - started
    shutil.rmtree(out, ignore_errors=True)
    docs = len(result.done) + len(result.failed)
    return {"workers": workers, "documents": docs, "failed": len(result.failed), "pages": result.pages,
            "seconds": round(seconds, 2), "docs_per_s": round(docs / seconds, 3),
            "pages_per_s": round(result.pages / seconds, 2),
            "peak_rss_mb_per_worker": sorted(round(v) for v in result.peak_rss_mb.values())}


def failures(model: str | None, trust: bool) -> dict[str, Any]:
    """50 documents, 5 corrupt: expect 45 outputs and 5 failure records."""
    samples = ROOT / "corpus" / "samples"
    work = Path(tempfile.mkdtemp(prefix="bench-fail-"))
    texts = sorted(samples.glob("*.txt"))
    paths = []
    for i in range(45):
        source = texts[i % len(texts)]
        target = work / f"law-{i:02d}{source.suffix}"
        # A distinct last line makes distinct content, so no two inputs are deduplicated.
        target.write_text(source.read_text(encoding="utf-8") + f"\n[copy {i}]\n", encoding="utf-8")
        paths.append(str(target))
    pdf = (samples / "cyber-act-en.pdf").read_bytes()
    corrupt = {"not-a-pdf.pdf": b"<html>404 Not Found</html>", "truncated.pdf": pdf[: len(pdf) // 3],
               "empty.txt": b"", "garbage.pdf": b"%PDF-1.7\n" + os.urandom(4000),
               "no-pages.pdf": b"%PDF-1.4\n%%EOF\n"}
    for name, data in corrupt.items():
        (work / name).write_bytes(data)
        paths.append(str(work / name))
    out = work / "out"
    result = run_batch(paths, str(out), BatchOptions(workers=2, model=model, trust_model=trust, progress=False))
    outputs = len(list((out / "docs").glob("*.json")))
    records = (out / "failures.jsonl").read_text(encoding="utf-8").splitlines()
    summary = {"inputs": len(paths), "outputs": outputs, "failure_records": len(records),
               "result_done": len(result.done), "result_failed": len(result.failed),
               "codes": sorted(json.loads(r)["code"] for r in records)}
    shutil.rmtree(work, ignore_errors=True)
    return summary


def resume(paths: list[str], model: str | None, trust: bool, after: int) -> dict[str, Any]:
    """Start the CLI batch, kill -9 the whole process group after ``after`` documents, resume."""
    out = Path(tempfile.mkdtemp(prefix="bench-resume-"))
    command = [sys.executable, "-m", "lexnlp_cyber.cli", "tag", *paths, "--out", str(out), "--workers", "2"]
    if model:
        command += ["--model", model] + (["--trust-model"] if trust else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, start_new_session=True)
    while proc.poll() is None and len(list(out.glob("docs/*.json"))) < after:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished_before = len(list(out.glob("docs/*.json")))
    started = time.monotonic()
    code = subprocess.run(command, env=env, stderr=subprocess.DEVNULL).returncode
    records = [json.loads(x) for x in (out / "provisions.jsonl").read_text(encoding="utf-8").splitlines()]
    keys = [(r["document"], r["eid"]) for r in records]
    failed = len((out / "failures.jsonl").read_text(encoding="utf-8").splitlines())
    summary = {"killed_after_docs": finished_before, "resume_seconds": round(time.monotonic() - started, 2),
               "exit_code": code, "documents": len({r["document"] for r in records}), "failed": failed,
               "inputs": len(paths), "duplicate_records": len(keys) - len(set(keys)),
               "temporaries_left": len(list(out.rglob("*.tmp")))}
    shutil.rmtree(out, ignore_errors=True)
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", nargs="*", help="files or folders (default: the PDFs of ../shared)")
    parser.add_argument("--workers", nargs="*", type=int, default=[1, 2])
    parser.add_argument("--model")
    parser.add_argument("--trust-model", action="store_true")
    parser.add_argument("--failures", action="store_true", help="only the 50-document failure batch")
    parser.add_argument("--resume", action="store_true", help="only the kill -9 and resume run")
    args = parser.parse_args()
    from lexnlp_cyber.cli import expand_inputs

    paths = expand_inputs(args.inputs) if args.inputs else shared_pdfs()
    summary: dict[str, Any] = {}
    if args.failures:
        summary["failures"] = failures(args.model, args.trust_model)
    elif args.resume:
        summary["resume"] = resume(paths, args.model, args.trust_model, after=max(2, len(paths) // 3))
    else:
        if not paths:
            print("no inputs (is ../shared present?)", file=sys.stderr)
            return 2
        runs = [throughput(paths, w, args.model, args.trust_model) for w in args.workers]
        for run in runs:
            print(json.dumps(run))
        summary["throughput"] = runs
        if len(runs) > 1:
            summary["speedup"] = round(runs[0]["seconds"] / runs[-1]["seconds"], 2)
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The batch runner: plan, execute (in-process, joblib/loky, or Dask), export.

1. Plan: hash every input (content sha256), drop duplicates, open the
   manifest (its key is the model version and the options) and skip the
   finished documents. The manifest is trusted first: an input whose sha256
   has a ``done`` entry, with ``docs/<stem>.json`` present, is finished
   without reading that file (an entry is written only after its file was
   renamed into place). Only when the two disagree (a file without an
   entry, after a kill -9 between the rename and the manifest save; or no
   manifest at all) is the file parsed to check its run key and sha256.
2. Execute: hand the rest to workers, largest first so the last document
   does not leave one worker busy while the others idle. Each result
   updates the progress display; the manifest is saved now and then.
3. Export: rebuild every combined output from the per-document files, in
   input order, so an interrupted and resumed run, a local run and a Dask
   run all write the same bytes. When nothing ran and the manifest's
   exports fingerprint (inputs, their results, export options, metadata
   CSV) matches, the exports on disk are kept as they are.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from ..errors import BatchError, Errors, ModelError
from ..export.safe import unique_stem
from .manifest import file_sha256, open_manifest, remove_stale_temporaries, run_key
from .progress import Progress
from .worker import doc_file, process_document

#: Save the manifest at most this often (s) while documents finish.
MANIFEST_EVERY = 5.0


@dataclass
class BatchOptions:
    """How to run a batch (the CLI's ``tag --out DIR`` options)."""

    workers: int = 1
    backend: str = "local"  # "local" | "dask"
    scheduler: str | None = None  # tcp://HOST:PORT of a Dask scheduler
    model: str | None = None
    trust_model: bool = False
    lang: str | None = None
    password: str | None = None
    max_pages: int = 5000
    max_memory_mb: int = 2048
    doc_timeout: float = 600.0
    metadata: str | None = None  # CSV path,country[,title]
    force: bool = False
    evidence: bool = False  # add label evidence to provisions.jsonl records
    context: bool = True  # read units with their neighbours and chapter headings (classify/context.py)
    isolate: bool = True  # fork a watched child per document (time/memory limits, crash safety)
    progress: bool = True
    progress_stream: IO[str] | None = None
    exports: tuple[str, ...] = ("jsonl", "csv", "akn", "report", "coverage")
    dask_client: Any = None  # an existing distributed.Client (tests, notebooks)


@dataclass
class BatchResult:
    """What a batch did. ``done``/``skipped`` are paths; ``failed`` holds failure records."""

    outdir: str
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # worker pid -> peak resident MB

    @property
    def ok(self) -> bool:
        return not self.failed


def model_identity(model: str | None, trust: bool) -> dict[str, Any]:
    """The model's version for the manifest key: its artifact hash and library versions.

    Read from the card without unpickling, so the coordinating process stays
    small; the workers verify the hash when they load the model."""
    from ..classify.model import CARD_FILE, DEFAULT_MODEL, MODEL_FILE, PICKLE_FILE, shipped_models_dir

    directory = Path(model) if model else shipped_models_dir() / DEFAULT_MODEL
    card_path = directory / CARD_FILE
    if not card_path.is_file():
        raise ModelError(Errors.E200.format(path=directory))
    card = json.loads(card_path.read_text(encoding="utf-8"))
    artifacts = card.get("artifacts", {})
    return {"name": card.get("name", directory.name), "sha256": artifacts.get(MODEL_FILE, artifacts.get(PICKLE_FILE)),
            "versions": card.get("versions", {})}


def _plan(paths: list[str], outdir: str, options: BatchOptions, key: str,
          entries: dict[str, dict[str, Any]] | None = None
          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Tasks for every unique input, the ones still to do, and the duplicate paths."""
    tasks: list[dict[str, Any]] = []
    duplicates: list[str] = []
    seen: set[str] = set()
    for path in paths:
        try:
            sha = file_sha256(path)
        except OSError:
            sha = "unreadable-" + hashlib.sha256(path.encode("utf-8", "replace")).hexdigest()
        if sha in seen:
            duplicates.append(path)  # same bytes as an earlier input: one document, processed once
            continue
        seen.add(sha)
        tasks.append({
            "path": path, "sha256": sha, "stem": unique_stem(path, sha), "outdir": outdir, "key": key,
            "model": options.model, "trust_model": options.trust_model, "lang": options.lang,
            "password": options.password, "max_pages": options.max_pages,
            "max_memory_mb": options.max_memory_mb, "doc_timeout": options.doc_timeout,
            "isolate": options.isolate, "context": options.context,
        })
    todo = [t for t in tasks if not _finished(t, (entries or {}).get(t["sha256"]))]
    return tasks, todo, duplicates


#: How many documents' JSON the last plan parsed (the manifest disagreed with the files); for tests.
PARSED: list[str] = []


def _finished(task: dict[str, Any], entry: dict[str, Any] | None = None) -> bool:
    """Is ``docs/<stem>.json`` there, complete, and made by this run key?

    ``entry`` is the manifest's entry for the task's sha256 (the manifest's
    entries are only kept when its key is this run's key). A ``done`` entry
    for the same stem and an existing file settle it without parsing."""
    path = doc_file(task["outdir"], task["stem"])
    if not path.is_file():
        return False
    if entry and entry.get("status") == "done" and entry.get("stem") == task["stem"]:
        return True
    PARSED.append(task["path"])
    try:
        # Only the tail is needed: metadata comes last in Document.to_json.
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    batch = data.get("metadata", {}).get("batch", {})
    return bool(batch.get("key") == task["key"] and batch.get("sha256") == task["sha256"])


def _size(task: dict[str, Any]) -> int:
    try:
        return os.path.getsize(task["path"])
    except OSError:
        return 0


def _local(todo: list[dict[str, Any]], workers: int) -> Iterator[dict[str, Any]]:
    if workers <= 1:
        for task in todo:
            yield process_document(task)
        return
    from joblib import Parallel, delayed

    # generator_unordered: results as they finish; pre_dispatch bounds the queued tasks (memory).
    parallel = Parallel(n_jobs=workers, backend="loky", return_as="generator_unordered",
                        pre_dispatch="2*n_jobs", batch_size=1)
    yield from parallel(delayed(process_document)(task) for task in todo)


def _dask(todo: list[dict[str, Any]], options: BatchOptions) -> Iterator[dict[str, Any]]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise BatchError(Errors.E403) from None
    client = options.dask_client
    owned = client is None
    if owned:
        client = Client(options.scheduler) if options.scheduler else Client(
            n_workers=max(1, options.workers), threads_per_worker=1)
    try:
        slots = max(2, 2 * sum(client.nthreads().values()))
        pending = iter(todo)
        running = as_completed()

        def submit(count: int) -> None:
            for task in list(islice(pending, count)):
                # pure=False: a rerun must run again, not reuse a cached result.
                running.add(client.submit(process_document, task, pure=False,
                                          key=f"lexnlp-cyber-{task['sha256'][:24]}-{time.time_ns()}"))

        submit(slots)  # a window of tasks, so a million-document run never sits in the scheduler at once
        for future in running:
            result = future.result()
            future.release()
            yield result
            submit(1)
    finally:
        if owned:
            client.close()


def run_batch(paths: list[str], outdir: str, options: BatchOptions | None = None) -> BatchResult:
    """Tag ``paths`` into ``outdir``: per-document results, failures, manifest and combined exports.

    Documents already finished with the same model and options are skipped;
    a failing document is recorded in ``failures.jsonl`` and the batch goes on."""
    options = options or BatchOptions()
    started = time.monotonic()
    out = Path(outdir)
    model = model_identity(options.model, options.trust_model)
    keyed: dict[str, Any] = {"lang": options.lang, "max_pages": options.max_pages}
    if not options.context:  # only then, so that earlier runs keep their key
        keyed["context"] = False
    key = run_key(model, keyed)
    manifest = open_manifest(out, key, model, keyed, force=options.force)
    remove_stale_temporaries(out)
    PARSED.clear()
    tasks, todo, duplicates = _plan(paths, str(out), options, key, manifest.entries)
    result = BatchResult(outdir=str(out), duplicates=duplicates)
    todo_ids = {t["sha256"] for t in todo}
    result.skipped = [t["path"] for t in tasks if t["sha256"] not in todo_ids]
    for task in tasks:
        entry = manifest.entries.get(task["sha256"]) or {}
        if task["sha256"] not in todo_ids and (entry.get("status") != "done" or entry.get("stem") != task["stem"]):
            # Finished, as its file showed: record it (the file is already in place).
            manifest.entries[task["sha256"]] = {"path": task["path"], "stem": task["stem"], "status": "done"}
    todo.sort(key=_size, reverse=True)
    progress = Progress(len(todo), stream=options.progress_stream, enabled=options.progress)
    use_dask = options.backend == "dask" or options.scheduler is not None or options.dask_client is not None
    results = _dask(todo, options) if use_dask else _local(todo, options.workers)
    saved = time.monotonic()
    try:
        for item in results:
            _record(result, manifest, item)
            progress.update(item["path"], int(item.get("pages") or 0), bool(item["ok"]))
            if time.monotonic() - saved > MANIFEST_EVERY:
                manifest.save(out)
                saved = time.monotonic()
    finally:
        progress.close()
        manifest.save(out)
    from .exports import export_files, exports_fingerprint, write_exports

    fingerprint = exports_fingerprint(tasks, options)
    # Nothing ran and the exports were written from exactly these inputs: keep them (a rerun
    # of a finished repository then reads no document). The fingerprint is saved only after
    # every export was renamed into place, so a kill -9 during the exports rewrites them.
    unchanged = (not todo and manifest.exports == fingerprint
                 and all((out / name).is_file() for name in export_files(options)))
    if not unchanged:
        manifest.exports = None
        manifest.save(out)
        write_exports(out, tasks, options)
        manifest.exports = fingerprint
        manifest.save(out)
    result.failed = _failures(tasks, out)
    result.seconds = time.monotonic() - started
    return result


def _record(result: BatchResult, manifest: Any, item: dict[str, Any]) -> None:
    entry = {"path": item["path"], "stem": item["stem"], "status": "done" if item["ok"] else "failed",
             "pages": item.get("pages", 0), "seconds": round(float(item.get("seconds", 0.0)), 3),
             "peak_rss_mb": round(float(item.get("peak_rss_mb", 0.0)), 1)}
    if not item["ok"]:
        entry["code"] = item["code"]
    manifest.entries[item["sha256"]] = entry
    if item["ok"]:
        result.done.append(item["path"])
        result.pages += int(item.get("pages") or 0)
    worker = int(item.get("worker", 0))
    result.peak_rss_mb[worker] = max(result.peak_rss_mb.get(worker, 0.0), float(item.get("peak_rss_mb", 0.0)))


def _failures(tasks: list[dict[str, Any]], out: Path) -> list[dict[str, Any]]:
    from .worker import failure_file

    found = []
    for task in tasks:
        path = failure_file(out, task["stem"])
        if path.is_file() and not doc_file(out, task["stem"]).is_file():
            found.append(json.loads(path.read_text(encoding="utf-8")))
    return found


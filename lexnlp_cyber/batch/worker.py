"""What a worker does with one document, under time and memory limits.

A worker process (a loky process, a Dask worker, or the batch process
itself with one worker) loads the model once and keeps it. Each document is
then processed in a child forked from the worker: the child inherits the
loaded model for free (copy-on-write), and the worker watches it. A child
that runs past ``doc_timeout`` or grows past ``max_memory_mb`` of resident
memory is killed and the document recorded as failed (E402, E401); a child
that dies (segfault in a PDF library, OOM killer) is recorded as E404. The
worker itself survives all three, so the batch carries on.

The child writes the finished Document itself (atomically) and sends back
only a small summary, so no large object ever crosses a process boundary.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from ..errors import Errors, LexnlpCyberError, code_of
from .manifest import DOCS, FAILED, atomic_write

#: The model each worker process keeps, keyed by (path, trust).
_MODELS: dict[tuple[str | None, bool], Any] = {}
#: Languages whose lazy resources (spaCy tokenizer, cue matcher, grammar) this process holds.
_WARM: set[str] = set()
#: Held while a thread of this process loads resources or forks. A Dask worker
#: runs several documents in threads; a fork while another thread holds an
#: import or spaCy lock would leave the child waiting for it forever.
_FORK_LOCK = threading.RLock()
#: How often (s) the worker checks its child's time and memory.
POLL = 0.05


def worker_model(path: str | None, trust: bool) -> Any:
    """The model of this process, loaded on first use (once per worker process)."""
    key = (path, trust)
    with _FORK_LOCK:
        return _load(key, path, trust)


def _load(key: tuple[str | None, bool], path: str | None, trust: bool) -> Any:
    if key not in _MODELS:
        from ..api import load_model

        _MODELS[key] = load_model(path, trust=trust) if path else load_model()
        warm(_MODELS[key], ["en"])
    return _MODELS[key]


def warm(model: Any, langs: Any) -> None:
    """Load the per-language resources of ``langs`` into this process.

    They are loaded lazily on first use (a spaCy tokenizer can take seconds),
    and what a forked child loads dies with it; so the worker loads each
    language its children met once, and every later child inherits it."""
    from ..api import classify, segment
    from ..classify.features import prepare

    with _FORK_LOCK:
        _warm_locked(model, langs, prepare, classify, segment)


def _warm_locked(model: Any, langs: Any, prepare: Any, classify: Any, segment: Any) -> None:
    import warnings

    for lang in sorted({str(lg) for lg in langs if lg} - _WARM):
        _WARM.add(lang)
        sample = "Article 1\nA person who accesses a computer system without right commits an offence.\n"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                prepare(sample, lang)  # the spaCy tokenizer and the cue matcher of the language
                classify(segment(sample, lang=lang), model=model)  # its grammar, and the model's own caches
            except Exception:  # a language without a grammar or cues: nothing (more) to warm
                pass


def doc_file(outdir: str | Path, stem: str) -> Path:
    return Path(outdir) / DOCS / f"{stem}.json"


def failure_file(outdir: str | Path, stem: str) -> Path:
    return Path(outdir) / FAILED / f"{stem}.json"


def _peak_rss_mb() -> float:
    import resource

    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def _tag_and_write(task: dict[str, Any], model: Any) -> dict[str, Any]:
    """Tag the document and write ``docs/<stem>.json``; return a small summary."""
    from ..api import tag

    started = time.monotonic()
    doc = tag(task["path"], model=model, lang=task["lang"], password=task["password"],
              max_pages=task["max_pages"], context=task.get("context", True))
    # The batch's bookkeeping travels with the Document; no timings here, so
    # two runs (local or Dask) write byte-identical files.
    doc.metadata["batch"] = {"key": task["key"], "path": task["path"], "sha256": task["sha256"]}
    atomic_write(doc_file(task["outdir"], task["stem"]), doc.to_json())
    langs = sorted({lg for lg in [doc.lang, *(p.lang for p in doc.walk())] if lg})
    return {"ok": True, "pages": len(doc.pages), "units": len(doc.units()), "langs": langs,
            "seconds": time.monotonic() - started}


def _failure(task: dict[str, Any], err: BaseException) -> dict[str, Any]:
    if isinstance(err, LexnlpCyberError):
        message = str(err)
    elif isinstance(err, MemoryError):
        message = Errors.E401.format(path=task["path"], limit=task["max_memory_mb"])
    else:
        message = Errors.E499.format(path=task["path"], reason=f"{type(err).__name__}: {err}")
    return {"ok": False, "code": code_of(message), "message": message}


def _child(conn: Any, task: dict[str, Any], model: Any) -> None:
    """Runs in the forked child: never returns normally (os._exit skips the parent's atexit hooks)."""
    # One document per core: an OCR engine spawning a thread per core would
    # fight the other workers (set OMP_THREAD_LIMIT yourself to override).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        try:
            result = _tag_and_write(task, model)
        except BaseException as err:  # anything a broken file can raise becomes a coded failure
            result = _failure(task, err)
            result["traceback"] = traceback.format_exc(limit=5)
        result["peak_rss_mb"] = _peak_rss_mb()
        conn.send(result)
        conn.close()
    finally:
        os._exit(0)


def _watch(task: dict[str, Any], model: Any) -> dict[str, Any]:
    """Fork a child for the document and enforce the time and memory limits."""
    import multiprocessing

    import psutil

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, task, model), daemon=True)
    with _FORK_LOCK:
        child.start()
    started = time.monotonic()
    send.close()
    limit_bytes = task["max_memory_mb"] * 1024 * 1024
    peak = 0
    result: dict[str, Any] | None = None
    try:
        proc = psutil.Process(child.pid)
    except psutil.Error:
        proc = None
    while result is None:
        if receive.poll(POLL):
            try:
                result = receive.recv()
            except EOFError:  # the child died before it could answer
                break
            break
        elapsed = time.monotonic() - started
        try:
            rss = proc.memory_info().rss if proc is not None else 0
        except psutil.Error:
            rss = 0
        peak = max(peak, rss)
        if rss > limit_bytes:
            child.kill()
            result = {"ok": False, "code": "E401",
                      "message": Errors.E401.format(path=task["path"], limit=task["max_memory_mb"])}
        elif elapsed > task["doc_timeout"]:
            child.kill()
            result = {"ok": False, "code": "E402",
                      "message": Errors.E402.format(path=task["path"], limit=task["doc_timeout"])}
        elif not child.is_alive() and not receive.poll(0):
            break
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()
    receive.close()
    if result is None:
        reason = f"exit code {child.exitcode}"
        result = {"ok": False, "code": "E404", "message": Errors.E404.format(path=task["path"], reason=reason)}
    result.setdefault("peak_rss_mb", peak / (1024 * 1024))
    return result


def process_document(task: dict[str, Any]) -> dict[str, Any]:
    """Tag one document of a batch; always returns a summary, never raises.

    ``task`` holds ``path``, ``sha256``, ``stem``, ``outdir``, ``key``,
    ``model``, ``trust_model``, ``lang``, ``password``, ``max_pages``,
    ``max_memory_mb``, ``doc_timeout`` and ``isolate``. A failure is
    written to ``failed/<stem>.json``; a success removes any earlier one."""
    started = time.monotonic()
    try:
        model = worker_model(task["model"], task["trust_model"])
        if task.get("isolate", True) and hasattr(os, "fork"):
            if task.get("lang"):
                warm(model, [task["lang"]])
            result = _watch(task, model)
            warm(model, result.get("langs", []))
        else:
            try:
                result = _tag_and_write(task, model)
            except Exception as err:
                result = _failure(task, err)
            result["peak_rss_mb"] = _peak_rss_mb()
    except Exception as err:  # e.g. the model cannot be loaded in this worker
        result = _failure(task, err)
    result.update(path=task["path"], sha256=task["sha256"], stem=task["stem"], worker=os.getpid(),
                  seconds=time.monotonic() - started)
    failed_path = failure_file(task["outdir"], task["stem"])
    if result["ok"]:
        failed_path.unlink(missing_ok=True)
    else:
        record = {"document": task["path"], "sha256": task["sha256"], "code": result["code"],
                  "message": result["message"], "key": task["key"]}
        try:
            atomic_write(failed_path, json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        except OSError as err:
            result["message"] += " " + Errors.E405.format(path=failed_path, reason=err)
    result.setdefault("pages", 0)
    return result

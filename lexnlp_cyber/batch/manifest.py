"""The batch manifest: what a run is (model, options) and what it has done.

Resuming rests on two rules:

- every file the batch writes is written atomically (:func:`atomic_write`:
  a temporary file in the same directory, fsync, then ``os.replace``), so a
  ``kill -9`` leaves either the old file or the new one, never half of one;
- the per-document files are the truth. ``docs/<stem>.json`` exists only
  once the document is finished, and carries the run key and the content
  sha256 in ``metadata["batch"]``. ``manifest.json`` records the run key and
  a summary of the entries (with timings); it is rebuilt from the
  per-document files, so losing it to a crash loses nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BatchError, Errors

MANIFEST = "manifest.json"
DOCS = "docs"
FAILED = "failed"
#: Bumped when the layout of the output directory changes.
LAYOUT_VERSION = 1


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a torn one."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    # The temporary file lives beside the target: os.replace is atomic only within one file system.
    handle, tmp = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        with _suppress():
            os.unlink(tmp)
        raise


class _suppress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return True


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file's bytes (the document's identity across renames and runs)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_key(model_identity: dict[str, Any], options: dict[str, Any]) -> str:
    """A short hash of everything that changes a document's result: model and options."""
    blob = json.dumps({"layout": LAYOUT_VERSION, "model": model_identity, "options": options},
                      sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(blob.encode("ascii")).hexdigest()[:20]


@dataclass
class Manifest:
    """``OUTDIR/manifest.json``: the run key, what it was made of, and one entry per document."""

    key: str
    model: dict[str, Any]
    options: dict[str, Any]
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # sha256 -> entry
    #: Fingerprint of the inputs and export options the combined exports were last written from.
    exports: str | None = None

    def to_json(self) -> str:
        data: dict[str, Any] = {"layout": LAYOUT_VERSION, "key": self.key, "model": self.model,
                                "options": self.options, "entries": dict(sorted(self.entries.items()))}
        if self.exports:
            data["exports"] = self.exports
        return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"

    def save(self, outdir: str | Path) -> None:
        atomic_write(Path(outdir) / MANIFEST, self.to_json())


def open_manifest(outdir: str | Path, key: str, model: dict[str, Any], options: dict[str, Any], *,
                  force: bool) -> Manifest:
    """The manifest of ``outdir`` for this run, creating it; E400 when it belongs to another run.

    With ``force`` the previous results are removed and the run starts over."""
    out = Path(outdir)
    path = out / MANIFEST
    previous: dict[str, Any] | None = None
    if path.is_file():
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            previous = None  # unreadable (cannot happen with atomic writes, but be lenient): rebuild it
    elif (out / DOCS).is_dir() and any((out / DOCS).iterdir()):
        previous = {"key": "unknown"}  # documents without a manifest: their key is checked one by one
    if previous is not None and previous.get("key") not in (key, "unknown"):
        if not force:
            reason = _difference(previous, model, options)
            raise BatchError(Errors.E400.format(path=out, reason=reason))
    if force:
        _clear(out)
        previous = None
    manifest = Manifest(key, model, options)
    if previous and previous.get("key") == key:
        manifest.entries = dict(previous.get("entries", {}))
        manifest.exports = previous.get("exports")
    out.mkdir(parents=True, exist_ok=True)
    manifest.save(out)
    return manifest


def _difference(previous: dict[str, Any], model: dict[str, Any], options: dict[str, Any]) -> str:
    if previous.get("model") != model:
        return "the model differs"
    if previous.get("options") != options:
        changed = sorted(k for k in set(options) | set(previous.get("options", {}))
                         if options.get(k) != previous.get("options", {}).get(k))
        return "options differ: " + ", ".join(changed)
    return "the run key differs"


def _clear(out: Path) -> None:
    """Remove what a previous run wrote (only the batch's own files and folders)."""
    import shutil

    for name in (DOCS, FAILED, "akn"):
        shutil.rmtree(out / name, ignore_errors=True)
    for name in (MANIFEST, "provisions.jsonl", "provisions.csv", "report.html", "coverage.csv",
                 "coverage.json", "failures.jsonl"):
        (out / name).unlink(missing_ok=True)


def remove_stale_temporaries(outdir: str | Path) -> int:
    """Delete temporary files left by a killed run; return how many."""
    removed = 0
    for folder in (Path(outdir), Path(outdir) / DOCS, Path(outdir) / FAILED, Path(outdir) / "akn"):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                with _suppress():
                    tmp.unlink()
                    removed += 1
    return removed

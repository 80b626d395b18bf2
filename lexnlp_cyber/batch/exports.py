"""The combined exports of a batch, rebuilt from the per-document files.

Everything is written in input order, from ``docs/<stem>.json`` only, and
atomically; a resumed run, a local run and a Dask run therefore write the
same bytes. Memory stays bounded: one Document is parsed at a time, and the
report keeps only the records (the full text only of tagged provisions).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any

from ..document import Document
from ..export import akn, csvout
from ..export.coverage import ScopedRecord, coverage_csv, coverage_json, coverage_profile, scope_of
from ..export.jsonl import document_records
from ..export.meta import country_of, date_of, load_metadata, title_of
from ..export.report import ReportDoc, render_report
from .manifest import atomic_write
from .worker import doc_file, failure_file


class _AtomicText:
    """A text file written beside its target and renamed into place on success."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, self.tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        self.file: IO[str] = os.fdopen(handle, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        self.file.close()
        Path(self.tmp).unlink(missing_ok=True)


def export_files(options: Any) -> list[str]:
    """The combined files a batch with ``options`` writes (``akn/`` aside)."""
    wanted = set(options.exports)
    names = ["provisions.jsonl", "provisions.csv", "failures.jsonl"]
    names += ["coverage.json", "coverage.csv"] if "coverage" in wanted else []
    return names + (["report.html"] if "report" in wanted else [])


def exports_fingerprint(tasks: list[dict[str, Any]], options: Any) -> str:
    """A hash of what the combined exports are made of: the inputs in order, which of them
    finished or failed, the export options and the metadata CSV's bytes."""
    digest = hashlib.sha256()
    meta = options.metadata
    meta_bytes = Path(meta).read_bytes() if isinstance(meta, (str, Path)) and Path(meta).is_file() else b""
    head = {"exports": sorted(options.exports), "evidence": bool(options.evidence),
            "metadata": hashlib.sha256(meta_bytes).hexdigest() if meta else None}
    digest.update(json.dumps(head, sort_keys=True).encode("utf-8"))
    for task in tasks:
        status = ("done" if doc_file(task["outdir"], task["stem"]).is_file()
                  else "failed" if failure_file(task["outdir"], task["stem"]).is_file() else "missing")
        digest.update(f"\n{task['path']}\0{task['sha256']}\0{task['stem']}\0{status}".encode("utf-8", "replace"))
    return digest.hexdigest()


def write_exports(out: Path, tasks: list[dict[str, Any]], options: Any) -> None:
    """Write provisions.jsonl/.csv, akn/, report.html, coverage.csv/.json and failures.jsonl."""
    metadata = load_metadata(options.metadata)
    wanted = set(options.exports)
    jsonl = _AtomicText(out / "provisions.jsonl")
    csv_file = _AtomicText(out / "provisions.csv")
    failures = _AtomicText(out / "failures.jsonl")
    report_docs: list[ReportDoc] = []
    scoped: list[ScopedRecord] = []
    try:
        csv_file.file.write(csvout.header())
        for task in tasks:
            path, stem = task["path"], task["stem"]
            source = doc_file(out, stem)
            if not source.is_file():
                failed = failure_file(out, stem)
                if failed.is_file():
                    record = json.loads(failed.read_text(encoding="utf-8"))
                    record.pop("key", None)
                    failures.file.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                continue
            doc = Document.from_json(source.read_text(encoding="utf-8"))
            country = country_of(path, metadata)
            records = document_records(doc, labels=True, evidence=True, document=path)
            for record in records:
                plain = record if options.evidence else {k: v for k, v in record.items() if k != "evidence"}
                jsonl.file.write(json.dumps(plain, ensure_ascii=False) + "\n")
            csv_file.file.write(csvout.rows_text(csvout.record_row(r, country) for r in records))
            if "akn" in wanted:
                atomic_write(out / "akn" / f"{stem}.xml", akn.document_akn(
                    doc, name=stem, country=country, date=date_of(path, metadata, doc.text)))
            kind, scope = scope_of(path, country)
            scoped.extend(ScopedRecord(kind, scope, _slim(r)) for r in records if r.get("labels"))
            if "report" in wanted:
                report_docs.append(ReportDoc(name=path, country=country, title=title_of(path, metadata),
                                             lang=doc.lang, pages=len(doc.pages),
                                             records=[r if r.get("labels") else _slim(r) for r in records]))
            del doc
    except BaseException:
        for handle in (jsonl, csv_file, failures):
            handle.abort()
        raise
    for handle in (jsonl, csv_file, failures):
        handle.commit()
    if "coverage" in wanted:
        profile = coverage_profile(scoped)
        atomic_write(out / "coverage.json", coverage_json(profile))
        atomic_write(out / "coverage.csv", coverage_csv(profile))
    if "report" in wanted:
        render_report(report_docs, out / "report.html")


def _slim(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its text and children: enough for heat-maps, lists and coverage."""
    return {k: v for k, v in record.items() if k not in ("text", "children", "evidence")}

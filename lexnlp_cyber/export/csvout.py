"""CSV export: one row per top-level provision, labels joined.

Columns: ``document, country, eid, num, heading, kind, lang, page_first,
page_last, labels`` (``;``-joined ids), ``scores`` (``id=score;…``) and
``text``. Spreadsheet programs run cells that start with ``= + - @`` as
formulas, so such cells get a leading apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

COLUMNS = ["document", "country", "eid", "num", "heading", "kind", "lang", "page_first", "page_last",
           "labels", "scores", "text"]


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def record_row(record: dict[str, Any], country: str | None = None) -> list[str]:
    """The CSV row of a provision record (the JSONL contract)."""
    pages = record.get("pages") or [None, None]
    scores = record.get("scores") or {}
    return [_cell(v) for v in (
        record.get("document"), country or "", record.get("eid"), record.get("num"), record.get("heading"),
        record.get("kind"), record.get("lang"), pages[0], pages[-1],
        ";".join(record.get("labels") or []),
        ";".join(f"{k}={float(s):.4f}" for k, s in scores.items()),
        record.get("text"),
    )]


def header() -> str:
    return rows_text([COLUMNS])


def rows_text(rows: Iterable[list[str]]) -> str:
    """Rows as CSV text (RFC 4180: CRLF line ends, quotes where needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def records_csv(records: Iterable[dict[str, Any]], countries: dict[str, str | None] | None = None) -> str:
    """A whole CSV document for ``records`` (``countries``: document → country)."""
    countries = countries or {}
    return header() + rows_text(record_row(r, countries.get(str(r.get("document")))) for r in records)

"""Document metadata for the exports: country and title from a CSV or from the path.

The metadata CSV has the columns ``path,country[,title][,date]``; ``path`` may be
the path as given to the batch, an absolute path, or a bare file name.
``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) is the act's date for
Akoma Ntoso's ``FRBRdate``. Without a row, the country comes from the path when a folder is an ISO
3166 alpha-3 code (``…/DEU/stgb.pdf``) or the file name starts with one
followed by ``__`` (``DEU__stgb.pdf``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

Metadata = Mapping[str, Mapping[str, str]]
MetadataSource = str | Path | Metadata | None

_ALPHA3 = re.compile(r"^[A-Z]{3}$")
_PREFIX = re.compile(r"^([A-Z]{3})__")
#: Folder names that look like country codes but are not.
_NOT_COUNTRIES = {"INT", "EUR", "PDF", "TXT", "XML", "DOC", "OUT", "TMP", "ZZZ"}


def load_metadata(source: MetadataSource) -> dict[str, dict[str, str]]:
    """Read the metadata CSV (or accept a mapping) into ``{path: {"country", "title", ...}}``."""
    if source is None:
        return {}
    if isinstance(source, Mapping):
        return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in source.items()}
    table: dict[str, dict[str, str]] = {}
    with open(source, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            path = (row.get("path") or "").strip()
            if path:
                table[path] = {k: (v or "").strip() for k, v in row.items() if k and k != "path"}
    return table


def _norm(path: str) -> str:
    return PurePosixPath(path.replace("\\", "/")).as_posix().lstrip("./")


def lookup(path: str, metadata: Metadata) -> dict[str, str]:
    """The metadata row of ``path``: exact, normalised, absolute or by file name, else {}."""
    if not metadata:
        return {}
    if path in metadata:
        return dict(metadata[path])
    wanted = _norm(path)
    name = PurePosixPath(wanted).name
    by_name: dict[str, str] | None = None
    for key, row in metadata.items():
        norm = _norm(key)
        if norm == wanted or wanted.endswith("/" + norm) or norm.endswith("/" + wanted):
            return dict(row)
        if PurePosixPath(norm).name == name and by_name is None:
            by_name = dict(row)
    try:
        resolved = str(Path(path).resolve())
        for key, row in metadata.items():
            if str(Path(key).resolve()) == resolved:
                return dict(row)
    except OSError:
        pass
    return by_name or {}


def country_from_path(path: str) -> str | None:
    """An ISO alpha-3 country code found in the path's folders or file-name prefix."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    found = _PREFIX.match(parts[-1]) if parts else None
    if found and found.group(1) not in _NOT_COUNTRIES:
        return found.group(1)
    for part in reversed(parts[:-1]):
        if _ALPHA3.match(part) and part not in _NOT_COUNTRIES:
            return part
    return None


def country_of(path: str, metadata: Metadata | None = None) -> str | None:
    """The country of a document: its metadata row, else its path, else None."""
    row = lookup(path, metadata or {})
    country = (row.get("country") or "").strip().upper()
    return country or country_from_path(path)


def title_of(path: str, metadata: Metadata | None = None) -> str | None:
    row = lookup(path, metadata or {})
    return (row.get("title") or "").strip() or None


_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def parse_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` as an ISO date (missing parts: 01), else None."""
    found = _DATE.match(value or "")
    if not found:
        return None
    year, month, day = int(found.group(1)), int(found.group(2) or 1), int(found.group(3) or 1)
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def year_in(text: str | None) -> int | None:
    """The last plausible year (1800…this year) written in ``text``, e.g. a title's "Act 2015"."""
    this_year = _dt.date.today().year
    years = [int(y) for y in _YEAR.findall(text or "") if int(y) <= this_year]
    return years[-1] if years else None


def date_of(path: str, metadata: Metadata | None = None, text: str | None = None) -> tuple[str, str]:
    """The act's date and where it came from, for ``FRBRdate``: ``(ISO date, name)``.

    In order: the metadata row's ``date`` (name ``"metadata"``); a year in the
    metadata title or the document's first three lines (its title), as 1 January of
    that year (``"year-in-title"``); otherwise the processing date (``"processed"``)."""
    row = lookup(path, metadata or {})
    date = parse_date(row.get("date"))
    if date:
        return date, "metadata"
    # The title: the first few short lines ("REPÚBLICA DE …" / "LEY 88 DE 2026" / "por la cual …").
    head = [ln.strip() for ln in (text or "")[:2000].splitlines() if ln.strip()][:3]
    for title in (row.get("title"), *(ln for ln in head if len(ln) <= 160)):
        year = year_in(title)
        if year:
            return f"{year}-01-01", "year-in-title"
    return _dt.date.today().isoformat(), "processed"

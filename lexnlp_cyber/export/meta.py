"""Document metadata for the exports: country and title from a CSV or from the path.

The metadata CSV has the columns ``path,country[,title]``; ``path`` may be
the path as given to the batch, an absolute path, or a bare file name.
Without a row, the country comes from the path when a folder is an ISO
3166 alpha-3 code (``…/DEU/stgb.pdf``) or the file name starts with one
followed by ``__`` (``DEU__stgb.pdf``).
"""

from __future__ import annotations

import csv
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

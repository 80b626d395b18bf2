"""Safe file names built from document names.

Document names come from a repository the curator does not control: they
may hold path separators, ``..``, control characters, reserved Windows
names or thousands of characters. :func:`safe_stem` turns any of them into a
portable name that stays inside the output directory; :func:`unique_stem`
adds a short hash so that two documents with the same file name in
different folders (``DEU/stgb.pdf`` and ``AUT/stgb.pdf``) never collide.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

#: Longest stem kept; file systems allow 255 bytes and the hash and suffix need room.
MAX_STEM = 80
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(name: str) -> str:
    """A file-name stem made of ``[A-Za-z0-9._-]`` from the last part of ``name``.

    >>> safe_stem("../../etc/passwd")
    'passwd'
    >>> safe_stem("DEU/Strafgesetzbuch § 202a.pdf")
    'Strafgesetzbuch_202a'
    """
    # Both separators count, whatever the platform the name came from.
    last = PureWindowsPath(PurePosixPath(name.replace("\\", "/")).name).name
    stem = last.rsplit(".", 1)[0] if "." in last.lstrip(".") else last
    # NFKD then ASCII keeps the readable part of accented names (Código → Codigo).
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("_", ascii_text).strip("._-")
    cleaned = re.sub(r"_+", "_", cleaned)[:MAX_STEM].rstrip("._-")
    if not cleaned or cleaned.lower().split(".")[0] in _RESERVED:
        cleaned = f"doc_{cleaned}" if cleaned else "doc"
    return cleaned


def unique_stem(name: str, key: str | None = None) -> str:
    """:func:`safe_stem` plus 12 hex digits of ``key`` (default: the sha256 of ``name``).

    >>> unique_stem("a/b.pdf", "0123456789abcdef")
    'b-0123456789ab'
    """
    digest = key if key else hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{safe_stem(name)}-{digest[:12]}"

"""``extract``: any source → :class:`~lexnlp_cyber.document.Document`.

The body text (``Document.text``) is the law and nothing else: running
furniture and tables of contents are moved to ``Document.furniture`` with
their pages; other language streams of a parallel-language gazette go to
``Document.streams``. Every body line keeps its page and box.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .. import language as _language
from ..document import Box, Document, Furniture, LanguageGuess, Page, Stream
from ..errors import Errors, ExtractionError, InputError, warn
from . import furniture as _furniture
from . import ocr as _ocr
from . import repair
from .engines import EngineOpenError, open_engine
from .layout import Line, order
from .streams import sequential_streams
from .structured import json_lines, xml_lines
from .textinput import decode, html_lines, markdown_lines, plain_lines

PDF, TEXT, MARKDOWN, HTML = "application/pdf", "text/plain", "text/markdown", "text/html"
JSON, XML = "application/json", "application/xml"
_SUFFIXES = {".pdf": PDF, ".txt": TEXT, ".text": TEXT, ".md": MARKDOWN, ".markdown": MARKDOWN,
             ".html": HTML, ".htm": HTML, ".xhtml": HTML, ".json": JSON, ".xml": XML}
_ALIASES = {"pdf": PDF, "txt": TEXT, "text": TEXT, "md": MARKDOWN, "markdown": MARKDOWN, "html": HTML,
            "htm": HTML, "json": JSON, "xml": XML, "text/xml": XML}
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
#: A page whose visible characters are at least this share of garbage glyphs is flagged.
CID_LIMIT = 0.1
#: A scanned page whose own OCR text layer misreads this share of its words (of at least
#: MISREAD_WORDS) is read again by Tesseract. Typeset pages measure 0; the Jamaican
#: scan's contents pages 0.02-0.21.
MISREAD_LIMIT = 0.02
MISREAD_WORDS = 40


@dataclass
class _Source:
    name: str
    data: bytes | None = None
    text: str | None = None
    suffix: str = ""


@dataclass
class _PageOut:
    number: int
    width: float
    height: float
    columns: int = 1
    lines: list[Line] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def extract(source: Any, *, lang: str | None = None, password: str | None = None,
            media_type: str | None = None, max_pages: int = 5000, max_bytes: int = DEFAULT_MAX_BYTES,
            timeout: float | None = None, ocr: str | bool = "auto", engine: str = "auto") -> Document:
    """Read ``source`` (a path, bytes, a binary file object, or a str of text)
    into a :class:`Document` with body text, pages and boxes, furniture,
    language and language streams.

    ``lang`` keeps that language stream of a parallel-language gazette (and
    declares the language); ``password`` opens encrypted PDFs; ``media_type``
    forces the format (``pdf``, ``txt``, ``md``, ``html``, ``json``, ``xml``
    or a MIME type);
    ``max_pages``, ``max_bytes`` and ``timeout`` (seconds) bound the work;
    ``ocr`` is ``"auto"`` (OCR scans when Tesseract is installed), ``True``
    or ``False``; ``engine`` is ``"auto"``/``"pdfium"`` or ``"pdfplumber"``.

    Raises :class:`~lexnlp_cyber.errors.InputError` (unreadable, wrong format,
    damaged, encrypted, empty, too large) and
    :class:`~lexnlp_cyber.errors.ExtractionError` (time limit), each with
    a code from :mod:`lexnlp_cyber.errors`."""
    if isinstance(source, Document):
        return source
    src = _resolve(source, max_bytes)
    kind = _media_type(src, media_type)
    if kind == PDF:
        assert src.data is not None
        doc = _extract_pdf(src, src.data, password=password, max_pages=max_pages, timeout=timeout,
                           ocr=ocr, engine=engine, lang=lang)
    else:
        doc = _extract_text(src, kind, lang)
    # a converter that swapped every lam-alef did so across the document: judged on the whole text
    doc.text = repair.repair_swapped_words(doc.text)
    for stream in doc.streams:
        stream.text = repair.repair_swapped_words(stream.text)
    _set_language(doc, lang)
    for notice in doc.warnings:
        warn(notice.message)
    return doc


# -- sources ---------------------------------------------------------------------
def _resolve(source: Any, max_bytes: int) -> _Source:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return _check_size(_Source("<bytes>", data=data), max_bytes)
    if isinstance(source, Path) or (isinstance(source, str) and _is_path(source)):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InputError(Errors.E001.format(path=source, reason=exc.strerror or exc)) from exc
        if path.is_dir():
            raise InputError(Errors.E001.format(path=source, reason="it is a directory"))
        if size > max_bytes:
            raise InputError(Errors.E016.format(path=source, size=size, limit=max_bytes))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(Errors.E001.format(path=source, reason=exc.strerror or exc)) from exc
        return _check_size(_Source(str(source), data=data, suffix=path.suffix.lower()), max_bytes)
    if isinstance(source, str):
        return _Source("<text>", text=source)
    if hasattr(source, "read"):
        try:
            content = _read_stream(source, max_bytes)
        except OSError as exc:
            raise InputError(Errors.E001.format(path="<bytes>", reason=exc)) from exc
        if isinstance(content, str):
            return _Source("<text>", text=content)
        return _check_size(_Source("<bytes>", data=content), max_bytes)
    raise InputError(Errors.E002.format(kind=type(source).__name__))


def _read_stream(stream: BinaryIO, max_bytes: int) -> bytes | str:
    data = stream.read(max_bytes + 1)
    if isinstance(data, str):
        return data
    return bytes(data)


def _check_size(src: _Source, max_bytes: int) -> _Source:
    assert src.data is not None
    if len(src.data) > max_bytes:
        raise InputError(Errors.E016.format(path=src.name, size=len(src.data), limit=max_bytes))
    if not src.data:
        raise InputError(Errors.E018.format(path=src.name))
    return src


def _is_path(text: str) -> bool:
    """A str names a file if it exists; one with a newline, or too long to be
    a path, is text; a short str with a known suffix or a path separator that
    does not exist is a missing path (E001), not text."""
    if "\n" in text or "\x00" in text or len(text) > 1024 or not text.strip():
        return False
    try:
        if os.path.exists(text):
            return True
    except (OSError, ValueError):
        return False
    return os.path.splitext(text)[1].lower() in _SUFFIXES


def _media_type(src: _Source, forced: str | None) -> str:
    if forced:
        kind = _ALIASES.get(forced.lower().lstrip("."), forced.lower())
        if kind not in (PDF, TEXT, MARKDOWN, HTML, JSON, XML):
            raise InputError(Errors.E003.format(path=src.name, suffix=forced))
        if kind == PDF and src.data is None:
            raise InputError(Errors.E010.format(path=src.name, head=(src.text or "")[:16]))
        return kind
    if src.text is not None:
        head = src.text.lstrip()[:512].lower()
        return HTML if head.startswith(("<!doctype html", "<html")) else TEXT
    assert src.data is not None
    is_pdf = b"%PDF-" in src.data[:1024]
    if src.suffix == ".pdf":
        if not is_pdf:
            raise InputError(Errors.E010.format(path=src.name, head=src.data[:16]))
        return PDF
    if src.suffix in _SUFFIXES:
        return _SUFFIXES[src.suffix]
    if is_pdf:
        return PDF
    if src.suffix and src.name != "<bytes>":
        raise InputError(Errors.E003.format(path=src.name, suffix=src.suffix))
    raw_head = src.data[:512].lstrip().lower()
    if raw_head.startswith((b"<!doctype html", b"<html")):
        return HTML
    if b"\x00" in src.data[:4096] and not src.data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(Errors.E003.format(path=src.name, suffix="binary data"))
    return TEXT


# -- text inputs ------------------------------------------------------------------
def _extract_text(src: _Source, kind: str, lang: str | None = None) -> Document:
    text = src.text if src.text is not None else decode(src.data or b"")
    raw = (src.data if src.data is not None else text.encode("utf-8"))
    if not text.strip():
        raise InputError(Errors.E018.format(path=src.name))
    if kind == JSON:
        lines = json_lines(text, src.name, lang)
    elif kind == XML:
        lines = xml_lines(src.data if src.data is not None else text, src.name, lang)  # bytes: its declared encoding
    elif kind == MARKDOWN:
        lines = markdown_lines(text)
    elif kind == HTML:
        lines = html_lines(text)
    else:
        lines = plain_lines(text)
    doc = Document(source=src.name, sha256=hashlib.sha256(raw).hexdigest(), media_type=kind)
    if kind in (TEXT, MARKDOWN, HTML) and (split := sequential_streams(lines, lang)) is not None:
        # one version after another (a treaty in English, then in Dutch): keep one as the body
        lines = split.kept
        for code, stream in sorted(split.others.items()):
            doc.streams.append(Stream(code, "\n".join(line for line in stream if line.strip()), [1]))
        doc.metadata["streams"] = split.sizes
        doc.metadata["stream_kept"] = split.lang
        doc.warn("W005", Errors.W005.format(path=src.name, langs=", ".join(sorted(split.sizes)), kept=split.lang))
    page = Page(number=1)
    parts: list[str] = []
    offset = 0
    # Drop leading/trailing blank lines but keep inner blank lines: they mark paragraphs.
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    for number, line in enumerate(lines):
        clean = repair.normalize(line.replace("\t", " ")).rstrip()
        if clean:
            page.boxes.append(Box(offset, offset + len(clean), 0.0, float(number), 0.0, float(number + 1)))
        parts.append(clean)
        offset += len(clean) + 1
    doc.text = "\n".join(parts)
    page.end = len(doc.text)
    doc.pages.append(page)
    return doc


# -- PDF --------------------------------------------------------------------------
def _extract_pdf(src: _Source, data: bytes, *, password: str | None, max_pages: int, timeout: float | None,
                 ocr: str | bool, engine: str, lang: str | None) -> Document:
    started = time.monotonic()
    try:
        reader = open_engine(engine, data, password)
    except EngineOpenError as exc:
        if exc.kind == "password":
            raise InputError(Errors.E012.format(path=src.name)) from exc
        raise InputError(Errors.E011.format(path=src.name, reason=exc.reason)) from exc
    doc = Document(source=src.name, sha256=hashlib.sha256(data).hexdigest(), media_type=PDF)
    pages: list[_PageOut] = []
    try:
        count = len(reader)
        if count == 0:
            raise InputError(Errors.E013.format(path=src.name))
        if count > max_pages:
            raise InputError(Errors.E014.format(path=src.name, pages=count, limit=max_pages))
        use_ocr = _ocr.available() if ocr == "auto" else bool(ocr)
        ocr_lang = lang
        for index in range(count):
            if timeout is not None and time.monotonic() - started > timeout:
                raise ExtractionError(Errors.E015.format(path=src.name, limit=timeout))
            try:
                page = reader.page(index)
            except Exception as exc:  # a damaged page object: report, keep going
                raise InputError(Errors.E011.format(path=src.name, reason=f"page {index + 1}: {exc}")) from exc
            lines, columns = order(page.segments, page.width, page.number)
            out = _PageOut(page.number, page.width, page.height, columns, lines)
            for line in lines:
                line.text = repair.normalize(repair.strip_cid(line.text))
            garbage = bool(page.text.strip()) and repair.cid_share(page.text) >= CID_LIMIT
            scanned = not page.text.strip() and page.has_images
            misread = False
            if use_ocr and not scanned and not garbage:
                share, words = repair.misread_share(page.text)
                misread = words >= MISREAD_WORDS and share >= MISREAD_LIMIT and reader.has_images(index)
            if garbage:
                out.flags.append("cid-garbage")
            if scanned:
                out.flags.append("scanned")
            if misread:
                out.flags.append("poor-ocr-layer")
            if scanned or garbage or misread:
                if use_ocr:
                    ocr_lines, used = _ocr.ocr_page(data, index, password, ocr_lang, page.height)
                    out.lines = ocr_lines
                    out.columns = 1
                    out.flags.append("ocr")
                    ocr_lang = ocr_lang or _ocr.settle_language(ocr_lines, used)
                    doc.warn("W003", Errors.W003.format(page=page.number, path=src.name, lang=used), page.number)
                elif scanned:
                    out.lines = []
                    doc.warn("W001", Errors.W001.format(page=page.number, path=src.name), page.number)
                else:
                    doc.warn("W002", Errors.W002.format(page=page.number, path=src.name), page.number)
            pages.append(out)
    finally:
        reader.close()
    _restore_rtl(pages)
    _furniture.mark_running([(p.height, p.lines) for p in pages])
    moved = _split_streams(doc, pages, lang, src.name)
    # Tables of contents are found stream by stream: in a parallel gazette
    # the English TOC must not run on into the French columns.
    for code in sorted(set(moved.values())) + [None]:
        _furniture.mark_toc([ln for p in pages for ln in p.lines if moved.get(id(ln)) == code])
    _build_streams(doc, pages, moved)
    _assemble(doc, pages, set(moved))
    return doc


def _restore_rtl(pages: list[_PageOut]) -> None:
    """Reverse visual-order right-to-left lines (see :func:`repair.visual_to_logical`)."""
    if not any(repair.has_rtl("\n".join(line.text for line in p.lines)) for p in pages):
        return
    rtl = [line for p in pages for line in p.lines if repair.is_rtl(line.text)]
    if not rtl:
        return
    if repair.looks_visual_order(line.text for line in rtl):
        for line in rtl:
            line.text = repair.visual_to_logical(line.text)
    mirrored = repair.brackets_mirrored([line.text for line in rtl])
    for line in rtl:
        text = repair.drop_orphan_marks(line.text)
        line.text = repair.mirror_brackets(text) if mirrored else text


def _split_streams(doc: Document, pages: list[_PageOut], lang: str | None, name: str) -> dict[int, str]:
    """Parallel-language columns (e.g. Rwanda's Kinyarwanda/English/French
    gazettes): the language of every column of every multi-column page is
    detected, and when the document holds two or more languages in this way,
    each language is a stream. Columns are judged page by page because the
    order of the languages changes between pages and sections. Keeps ``lang``,
    else English, else the largest stream; returns the ids of the lines moved
    to the other streams, mapped to their language."""
    multi = [p for p in pages if p.columns >= 2]
    if len(multi) < max(1, 0.3 * len(pages)):
        return {}
    if not _probe_languages(multi):
        return {}
    per_page: list[tuple[_PageOut, dict[int, str]]] = []
    sizes: dict[str, int] = {}
    index_votes: dict[int, dict[str, int]] = {}
    for page in multi:
        found: dict[int, str] = {}
        for column in range(page.columns):
            text = _column_text(page, column)
            if len(text) < 80:
                continue
            code = _language.detect(text[:600]).lang
            found[column] = code
            sizes[code] = sizes.get(code, 0) + len(text)
            votes = index_votes.setdefault(column, {})
            votes[code] = votes.get(code, 0) + 1
        per_page.append((page, found))
    total = sum(sizes.values())
    major = {code for code, size in sizes.items() if size >= 0.15 * total}
    if len(major) < 2:
        return {}
    if lang and lang in major:
        keep_lang = lang
    elif "en" in major:
        keep_lang = "en"
    else:
        keep_lang = max(major, key=lambda code: sizes[code])
    default = {column: max(votes, key=lambda c: votes[c]) for column, votes in index_votes.items()}
    moved: dict[int, str] = {}
    for page, found in per_page:
        for column in range(page.columns):
            code = found.get(column) or default.get(column, keep_lang)
            if code not in major:
                code = default.get(column, keep_lang)
            if code == keep_lang:
                continue
            for line in page.lines:
                if not line.kind and line.column == column:
                    moved[id(line)] = code
    doc.metadata["streams"] = {code: size for code, size in sorted(sizes.items())}
    doc.metadata["stream_kept"] = keep_lang
    doc.warn("W005", Errors.W005.format(path=name, langs=", ".join(sorted(major)), kept=keep_lang))
    return moved


#: Multi-column pages probed for a second language before every column of
#: every page is detected (a single-language two-column law needs no more).
PROBE_PAGES = 3


def _column_text(page: _PageOut, column: int) -> str:
    return "\n".join(ln.text for ln in page.lines if not ln.kind and ln.column == column)


def _probe_languages(multi: list[_PageOut]) -> bool:
    """Whether the columns of a few multi-column pages, spread over the
    document, hold two or more languages (or one langdetect cannot name)."""
    step = max(1, len(multi) // PROBE_PAGES)
    seen: set[str] = set()
    for page in multi[::step][:PROBE_PAGES + 1]:
        for column in range(page.columns):
            text = _column_text(page, column)
            if len(text) >= 80:
                seen.add(_language.detect(text[:600]).lang)
    return len(seen) >= 2 or _language.UNKNOWN in seen


def _build_streams(doc: Document, pages: list[_PageOut], moved: dict[int, str]) -> None:
    """The text of each other-language stream (its TOC lines are furniture)."""
    chunks: dict[str, list[str]] = {}
    stream_pages: dict[str, list[int]] = {}
    for page in pages:
        for line in page.lines:
            code = moved.get(id(line))
            if code is None or line.kind:
                continue
            chunks.setdefault(code, []).append(line.text)
            numbers = stream_pages.setdefault(code, [])
            if not numbers or numbers[-1] != page.number:
                numbers.append(page.number)
    for code in sorted(chunks):
        doc.streams.append(Stream(code, "\n".join(chunks[code]), stream_pages[code]))


def _assemble(doc: Document, pages: list[_PageOut], moved: set[int]) -> None:
    """Join the body lines into ``doc.text`` with boxes, repairing line-end
    hyphens, and move the furniture into ``doc.furniture``."""
    body: list[Line] = []
    for page in pages:
        for line in page.lines:
            if line.kind:
                doc.furniture.append(Furniture(line.kind, line.page, line.text, line.x0, line.top, line.x1,
                                               line.bottom))
            elif id(line) not in moved:
                body.append(line)
    vocab = repair.Vocabulary([line.text for line in body])
    parts: list[str] = []
    offset = 0
    by_number = {p.number: Page(p.number, width=p.width, height=p.height, columns=p.columns,
                                flags=list(p.flags)) for p in pages}
    for page in pages:
        if any(line.kind == _furniture.TOC for line in page.lines):
            by_number[page.number].flags.append("toc")
    started: set[int] = set()
    for index, line in enumerate(body):
        text = line.text
        nxt = body[index + 1] if index + 1 < len(body) else None
        sep = "\n"
        if text.endswith(("-", "\ufffe")) and nxt is not None:
            decision = repair.hyphen_decision(text[:-1], nxt.text, vocab)
            if decision is not None:
                text, sep = text[:-1], decision
        text = text.replace("\ufffe", "-")
        if sep == "\n" and nxt is not None and nxt.page == line.page and nxt.column == line.column \
                and nxt.top - line.bottom > 0.8 * line.height:
            sep = "\n\n"  # a vertical gap: a paragraph break segmentation can use
        target = by_number[line.page]
        if line.page not in started:
            target.start = offset
            started.add(line.page)
        target.boxes.append(Box(offset, offset + len(text), round(line.x0, 2), round(line.top, 2),
                              round(line.x1, 2), round(line.bottom, 2)))
        parts.append(text)
        offset += len(text)
        target.end = offset
        if nxt is not None:
            parts.append(sep)
            offset += len(sep)
    doc.text = "".join(parts)
    last = 0
    for out in by_number.values():
        if out.number not in started:
            out.start = out.end = last
        last = out.end
    doc.pages = [by_number[p.number] for p in pages]


def _set_language(doc: Document, lang: str | None) -> None:
    guess = _language.detect_document(doc) if doc.text.strip() else LanguageGuess(_language.UNKNOWN)
    kept = doc.metadata.get("stream_kept")
    if kept and kept != guess.lang and kept != _language.UNKNOWN:
        guess = LanguageGuess(kept, guess.confidence, [(guess.lang, guess.confidence)], "declared")
    if lang and guess.lang != lang:
        guess = LanguageGuess(lang, 1.0, [(guess.lang, guess.confidence)], "declared")
    doc.language = guess
    if guess.lang == _language.UNKNOWN and doc.text.strip():
        doc.warn("W004", Errors.W004.format(path=doc.source, fallback=_language.UNKNOWN))

"""PDF engines: each yields, page by page, the text segments with their boxes.

``pdfium`` (the default) reads the text pypdfium2 lays out and asks for the
boxes of only the first and last character of each line, which keeps it
above 100 pages/s; a line that is wider than its characters can be (two
columns painted as one line) is split at its gaps from per-character boxes.
On pages with Arabic, the letters of ligature glyphs are put back in logical
order (:func:`_ligature_order`).
``pdfplumber`` is the reference engine: words from ``extract_words`` grouped
into baseline runs and split at wide gaps. Both keep one page in memory.
"""

from __future__ import annotations

import ctypes
import io
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .layout import Segment


@dataclass
class PageData:
    """What an engine read from one page."""

    number: int
    width: float
    height: float
    segments: list[Segment] = field(default_factory=list)
    text: str = ""  # all text of the page, for garbage and scan checks
    has_images: bool = False


class EngineOpenError(Exception):
    """Raised by an engine that cannot open a document; ``kind`` is one of
    ``password``, ``format``, ``other``."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


_RUN = re.compile(r"[^\r\n\ufffe]+\ufffe?|\ufffe")


class PdfiumEngine:
    """pypdfium2 text pages with line boxes."""

    name = "pdfium"

    def __init__(self, data: bytes, password: str | None) -> None:
        import pypdfium2 as pdfium

        try:
            self.pdf = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            kind = "password" if code == 4 else "format" if code in (2, 3) else "other"
            raise EngineOpenError(kind, str(exc)) from exc
        self._c = pdfium.raw

    def __len__(self) -> int:
        return len(self.pdf)

    def close(self) -> None:
        self.pdf.close()

    def has_images(self, index: int) -> bool:
        """Whether page ``index`` draws an image (asked only of pages whose text looks misread)."""
        page = self.pdf[index]
        try:
            return _has_images(self._c, page.raw)
        finally:
            page.close()

    def page(self, index: int) -> PageData:
        c = self._c
        page = self.pdf[index]
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                raw = textpage.raw
                count = c.FPDFText_CountChars(raw)
                text = textpage.get_text_range(0, count) if count > 0 else ""
                if _ARABIC_LETTER.search(text):
                    text = _ligature_order(c, raw, text, count)
                data = PageData(index + 1, width, height, text=text)
                if text.strip():
                    data.segments = self._segments(raw, text, count, height)
                else:
                    data.has_images = _has_images(c, page.raw)
            finally:
                textpage.close()
        finally:
            page.close()
        return data

    def _segments(self, raw: Any, text: str, count: int, height: float) -> list[Segment]:
        c = self._c
        # pdfium counts UTF-16 units; map Python indices to char indices when
        # the page holds characters outside the BMP.
        index_of: list[int] | None = None
        if len(text) != count:
            index_of = []
            unit = 0
            for ch in text:
                index_of.append(unit)
                unit += 2 if ord(ch) > 0xFFFF else 1
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        ox, oy = ctypes.c_double(), ctypes.c_double()
        refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
        origin = (ctypes.byref(ox), ctypes.byref(oy))
        get_box, get_origin, get_size = c.FPDFText_GetCharBox, c.FPDFText_GetCharOrigin, c.FPDFText_GetFontSize

        def box(i: int) -> tuple[float, float, float, float]:
            k = index_of[i] if index_of is not None else i
            get_box(raw, k, *refs)
            get_origin(raw, k, *origin)
            size = get_size(raw, k) or (top.value - bottom.value) or 10.0
            # Line extents from the baseline and font size: glyph boxes vary
            # ('.', '"') and would make lines on one baseline look misaligned.
            return left.value, height - (oy.value + 0.8 * size), right.value, height - (oy.value - 0.25 * size)

        runs: list[tuple[int, int, Segment]] = []
        for match in _RUN.finditer(text):
            a, b = match.span()
            chunk = match.group(0)
            stripped = chunk.strip()
            if not stripped:
                continue
            fa = a + (len(chunk) - len(chunk.lstrip()))
            lb = a + len(chunk.rstrip()) - 1
            first = box(fa)
            x0, t0, x1, b0 = first
            _, t1, x1, b1 = box(lb) if lb != fa else first
            soft = chunk.rstrip().endswith("\ufffe")
            runs.append((fa, lb + 1, Segment(stripped, x0, min(t0, t1), max(x1, x0), max(b0, b1), soft)))
        if not runs:
            return []
        widths = [(s.x1 - s.x0) / len(s.text) for _, _, s in runs if len(s.text) >= 12 and s.x1 > s.x0]
        unit_width = statistics.median(widths) if widths else 5.0
        segments: list[Segment] = []
        for fa, end, seg in runs:
            if seg.x1 - seg.x0 > 1.6 * len(seg.text) * unit_width + 20:
                segments.extend(self._split(text, fa, end, box, unit_width, seg.soft))
            else:
                segments.append(seg)
        return segments

    @staticmethod
    def _split(text: str, a: int, b: int, box: Any, unit_width: float, soft: bool) -> list[Segment]:
        """Split a too-wide line at its wide gaps, from per-character boxes."""
        gap_limit = max(3.5 * unit_width, 12.0)
        pieces: list[Segment] = []
        current: list[tuple[int, tuple[float, float, float, float]]] = []

        def flush(last: bool) -> None:
            if not current:
                return
            i0, i1 = current[0][0], current[-1][0]
            boxes = [bx for _, bx in current]
            pieces.append(Segment(text[i0:i1 + 1].strip(), min(bx[0] for bx in boxes), min(bx[1] for bx in boxes),
                                  max(bx[2] for bx in boxes), max(bx[3] for bx in boxes), soft and last))
            current.clear()

        for i in range(a, b):
            if text[i].isspace():
                continue
            bx = box(i)
            if current and bx[0] - current[-1][1][2] > gap_limit:
                flush(False)
            current.append((i, bx))
        flush(True)
        return [p for p in pieces if p.text]


_ARABIC_LETTER = re.compile("[\u0620-\u064a\u0671-\u06d3]")
_LAM, _ALEFS = "\u0644", frozenset("\u0627\u0623\u0625\u0622\u0671")


def _ligature_order(c: Any, raw: Any, text: str, count: int) -> str:
    """Put the letters of Arabic ligature glyphs back in logical order.

    A ligature glyph (lam-alef, and in some fonts lam-jeem, lam-meem...)
    yields two or more characters with one and the same box. Some producers
    map such glyphs to their letters in visual order ("ال" for "لا"); this is
    known from the mandatory lam-alef ligature: when most lam-alef glyphs of
    the page come out alef first, every ligature group of the page is
    reversed. Spaces of no width inside words are marked for removal
    (:func:`_mark_empty_spaces`)."""
    if len(text) != count:
        return text  # characters outside the BMP: indices differ; leave as is
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    groups: list[tuple[int, int]] = []
    last_box: tuple[float, float, float] | None = None
    for match in _ARABIC_LETTER.finditer(text):
        i = match.start()
        c.FPDFText_GetCharBox(raw, i, *refs)
        box = (round(left.value, 2), round(right.value, 2), round(bottom.value, 2))
        if last_box == box and groups and groups[-1][1] == i:
            groups[-1] = (groups[-1][0], i + 1)
        else:
            groups.append((i, i + 1))
        last_box = box
    groups = [(a, b) for a, b in groups if b - a >= 2]
    reversed_votes = correct_votes = 0
    for a, b in groups:
        pair = text[a:b]
        if len(pair) == 2 and _LAM in pair:
            if pair[1] == _LAM and pair[0] in _ALEFS:
                reversed_votes += 1
            elif pair[0] == _LAM and pair[1] in _ALEFS:
                correct_votes += 1
    chars = list(text)
    if reversed_votes > correct_votes:
        for a, b in groups:
            chars[a:b] = chars[a:b][::-1]
    _mark_empty_spaces(c, raw, text, chars, refs, left, right)
    return "".join(chars)


_ARABIC_GAP = re.compile("(?<=[\u0620-\u064a]) (?=[\u0620-\u064a])")


def _mark_empty_spaces(c: Any, raw: Any, text: str, chars: list[str], refs: Any, left: Any, right: Any) -> None:
    """Spaces of no width inside Arabic words ("س نتين" for "سنتين") come from
    justification gaps; real word spaces on the same page have a width. When
    a page has few of the first and many of the second (a font whose space
    glyph is empty gives only the first), the empty ones become U+200B, which
    normalisation drops (the character count, and so the box indices, stay)."""
    empty: list[int] = []
    wide = 0
    for match in _ARABIC_GAP.finditer(text):
        i = match.start()
        c.FPDFText_GetCharBox(raw, i, *refs)
        if right.value - left.value < 0.01:
            empty.append(i)
        else:
            wide += 1
    if empty and wide >= 2 * len(empty):
        for i in empty:
            chars[i] = "\u200b"


def _has_images(c: Any, page: Any) -> bool:
    count = c.FPDFPage_CountObjects(page)
    for i in range(count):
        kind = c.FPDFPageObj_GetType(c.FPDFPage_GetObject(page, i))
        if kind in (c.FPDF_PAGEOBJ_IMAGE, c.FPDF_PAGEOBJ_FORM):
            return True
    return False


class PdfplumberEngine:
    """pdfplumber words grouped into baseline runs (the reference engine)."""

    name = "pdfplumber"

    def __init__(self, data: bytes, password: str | None) -> None:
        import pdfplumber

        try:
            self.pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
            self._pages = self.pdf.pages
        except Exception as exc:  # pdfminer raises many unrelated types
            name = type(exc).__name__
            kind = "password" if "Password" in name or "Encrypt" in name else "format"
            raise EngineOpenError(kind, f"{name}: {exc}") from exc

    def __len__(self) -> int:
        return len(self._pages)

    def close(self) -> None:
        self.pdf.close()

    def has_images(self, index: int) -> bool:
        page = self._pages[index]
        try:
            return bool(page.images)
        finally:
            page.close()

    def page(self, index: int) -> PageData:
        page = self._pages[index]
        try:
            words = page.extract_words(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False)
            data = PageData(index + 1, float(page.width), float(page.height))
            data.text = " ".join(w["text"] for w in words)
            data.segments = _group_words(words)
            if not words:
                data.has_images = bool(page.images)
        finally:
            page.close()  # frees the page's cached layout: one page in memory
        return data


def _group_words(words: list[dict[str, Any]]) -> list[Segment]:
    if not words:
        return []
    widths = [(w["x1"] - w["x0"]) / max(1, len(w["text"])) for w in words]
    unit = statistics.median(widths) if widths else 5.0
    gap_limit = max(3.0 * unit, 10.0)
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= 2.0:
            rows[-1].append(word)
        else:
            rows.append([word])
    segments: list[Segment] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        run = [row[0]]
        for word in row[1:]:
            if word["x0"] - run[-1]["x1"] > gap_limit:
                segments.append(_segment(run))
                run = []
            run.append(word)
        segments.append(_segment(run))
    return segments


def _segment(words: list[dict[str, Any]]) -> Segment:
    return Segment(" ".join(w["text"] for w in words), min(w["x0"] for w in words), min(w["top"] for w in words),
                   max(w["x1"] for w in words), max(w["bottom"] for w in words))


def open_engine(name: str, data: bytes, password: str | None) -> PdfiumEngine | PdfplumberEngine:
    """Open ``data`` with the named engine (``auto`` is pdfium)."""
    if name == "pdfplumber":
        return PdfplumberEngine(data, password)
    return PdfiumEngine(data, password)


def iter_pages(engine: PdfiumEngine | PdfplumberEngine) -> Iterator[PageData]:
    for index in range(len(engine)):
        yield engine.page(index)

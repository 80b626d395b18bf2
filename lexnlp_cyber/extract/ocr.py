"""OCR of scanned pages with Tesseract (the ``ocr`` extra: pytesseract plus
the ``tesseract`` program and its language data).

A page is rendered with pypdfium2 at 300 dpi, cleaned of speckle with a
median filter, and read with
``image_to_data`` so every word keeps its box. The language is the one the
caller declared; otherwise the first scanned page is read in English, its
language detected, and re-read (with the rest of the document) in the
detected language when Tesseract has its data.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from .layout import Line

#: ISO 639-1 → Tesseract language data names.
TESSERACT = {"en": "eng", "fr": "fra", "es": "spa", "de": "deu", "it": "ita", "pt": "por", "nl": "nld",
             "ru": "rus", "ar": "ara", "zh": "chi_sim", "ja": "jpn", "ko": "kor", "tr": "tur", "pl": "pol",
             "sw": "swa"}
SCALE = 300 / 72


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    try:
        import pytesseract

        return frozenset(pytesseract.get_languages(config=""))
    except Exception:  # no program, no data, or a broken install: no OCR
        return frozenset()


def available() -> bool:
    """Whether pytesseract and a working ``tesseract`` with some language data are installed."""
    if shutil.which("tesseract") is None:
        return False
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return bool(_languages() - {"osd"})


def tesseract_lang(iso: str | None) -> str:
    """The Tesseract language for an ISO code, English when it is not installed."""
    installed = _languages()
    code = TESSERACT.get(iso or "en", "eng")
    if code in installed:
        return code
    return "eng" if "eng" in installed else sorted(installed - {"osd"})[0]


def _render(data: bytes, index: int, password: str | None) -> Any:
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    pdf = pdfium.PdfDocument(data, password=password)
    try:
        page = pdf[index]
        try:
            bitmap = page.render(scale=SCALE, grayscale=True)
            # A 3x3 median filter removes the speckle of scans (salt and
            # pepper noise) that Tesseract reads as stray letters and marks.
            return bitmap.to_pil().filter(ImageFilter.MedianFilter(3))
        finally:
            page.close()
    finally:
        pdf.close()


@contextmanager
def _one_thread() -> Iterator[None]:
    """Tesseract on one OpenMP thread, unless the user set OMP_THREAD_LIMIT.

    Its threads spin waiting for each other: a page took 17 s of wall time on
    two cores (9 s of it in the kernel) and 2 s on one thread, with the same
    text. pytesseract hands ``os.environ`` to the program it starts."""
    if "OMP_THREAD_LIMIT" in os.environ:
        yield
        return
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        os.environ.pop("OMP_THREAD_LIMIT", None)


def _read(image: Any, lang: str, page: int) -> list[Line]:
    import pytesseract

    with _one_thread():
        found = pytesseract.image_to_data(image, lang=lang, config="--psm 3",
                                          output_type=pytesseract.Output.DICT)
    rows: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(found["text"]):
        if word and word.strip() and float(found["conf"][i]) >= 0:
            key = (found["block_num"][i], found["par_num"][i], found["line_num"][i])
            rows.setdefault(key, []).append(i)
    lines: list[Line] = []
    for indexes in rows.values():
        x0 = min(found["left"][i] for i in indexes) / SCALE
        top = min(found["top"][i] for i in indexes) / SCALE
        x1 = max(found["left"][i] + found["width"][i] for i in indexes) / SCALE
        bottom = max(found["top"][i] + found["height"][i] for i in indexes) / SCALE
        text = " ".join(found["text"][i].strip() for i in indexes)
        lines.append(Line(text, x0, top, x1, bottom, page))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def ocr_page(data: bytes, index: int, password: str | None, lang: str | None,
             height: float) -> tuple[list[Line], str]:
    """OCR page ``index`` (0-based): its lines in reading order and the
    Tesseract language used."""
    from ..language import detect

    image = _render(data, index, password)
    used = tesseract_lang(lang)
    lines = _read(image, used, index + 1)
    if lang is None:
        guess = detect("\n".join(line.text for line in lines))
        better = tesseract_lang(guess.lang)
        if guess.lang in TESSERACT and better != used:
            lines, used = _read(image, better, index + 1), better
    return lines, used


def settle_language(lines: list[Line], used: str) -> str | None:
    """The ISO code to OCR the remaining pages in, from this page's result."""
    for iso, code in TESSERACT.items():
        if code == used:
            return iso
    return None

"""Extraction: PDF, text, Markdown, HTML, JSON and XML sources into a
:class:`~lexnlp_cyber.document.Document` whose body text is the law and
nothing else.

Modules: :mod:`.engines` (pypdfium2 and pdfplumber page readers),
:mod:`.layout` (columns and reading order), :mod:`.furniture` (running
headers, footers, page numbers, mastheads, tables of contents),
:mod:`.repair` (hyphens, ligatures, Unicode, right-to-left order, garbage
glyphs), :mod:`.ocr` (Tesseract), :mod:`.textinput` (text, Markdown, HTML),
:mod:`.structured` (laws published as JSON or XML) and :mod:`.core` (the
``extract`` entry point).
"""

from __future__ import annotations

from .core import extract

__all__ = ["extract"]

"""Regression tests for segmentation bugs found outside the segment test table."""

from __future__ import annotations

from lexnlp_cyber.document import Box, Document, Page
from lexnlp_cyber.segment import segment


def test_zero_width_line_boxes_do_not_crash_heading_wrap_detection() -> None:
    # Text inputs carry line boxes without geometry; the column-edge search
    # once called max() on nothing for them (E499 on every .txt file).
    text = "1. Short title\nThis Act may be cited as the Sample Act.\n\n2. Interpretation and scope of\nthis Act\nIn this Act words have their ordinary meaning.\n"
    lines, pos = [], 0
    for line in text.splitlines(keepends=True):
        lines.append(Box(pos, pos + len(line.rstrip("\n")), 0.0, 0.0, 0.0, 0.0))
        pos += len(line)
    doc = Document(source="x.txt", text=text, pages=[Page(1, 0, len(text), boxes=lines)])
    segment(doc, lang="en")
    assert [u.num for u in doc.units()] == ["1", "2"]

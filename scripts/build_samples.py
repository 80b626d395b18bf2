#!/usr/bin/env python3
"""Build the sample PDFs of corpus/samples/ from their source texts.

The samples are fictional statutes written by the team. Each PDF has the
furniture of a real gazette so that extraction is exercised end to end:

- cyber-act-en.pdf: a title page with an arrangement of sections, then the
  body on two-column pages under a running header, page numbers below;
- code-penal-fr.pdf: one column, running header, "Page N of M" footer;
- ley-es.pdf: one column, gazette masthead on every page, "- N -" footer.

Usage: python scripts/build_samples.py [--out corpus/samples]
Needs reportlab (the `dev` extra).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12, spaceAfter=3)
HEAD = ParagraphStyle("head", parent=BODY, fontName="Helvetica-Bold", spaceBefore=6)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Helvetica-Bold", fontSize=13, leading=16, alignment=1,
                       spaceAfter=8)


def _furniture(header: str, footer: str) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        width, height = A4
        canvas.drawCentredString(width / 2, height - 12 * mm, header)
        canvas.drawCentredString(width / 2, 10 * mm, footer.format(page=doc.page, pages=doc._pages_total))
        canvas.restoreState()
    return draw


class _Doc(BaseDocTemplate):
    """A document template that knows its page count for 'Page N of M' footers."""

    _pages_total = 0

    def build_twice(self, make_story: Any) -> None:
        # Flowables are consumed by a build, so each pass gets a fresh story.
        self.build(make_story())
        self._pages_total = self.page
        self.build(make_story())


def _paragraphs(lines: list[str], heading: re.Pattern[str]) -> list[Any]:
    story: list[Any] = []
    for line in lines:
        if not line.strip():
            continue
        style = HEAD if heading.match(line) else BODY
        story.append(Paragraph(escape(line), style))
    return story


def build_english(out: Path) -> None:
    lines = (SAMPLES / "cyber-act-en.txt").read_text(encoding="utf-8").splitlines()
    body_start = next(i for i, line in enumerate(lines) if i > 10 and line.startswith("PART I -"))
    width, height = A4
    margin = 18 * mm
    gap = 8 * mm
    col = (width - 2 * margin - gap) / 2
    doc = _Doc(str(out / "cyber-act-en.pdf"), pagesize=A4, title="Computer Misuse and Electronic Evidence Act, 2026")
    furniture = _furniture("ESTRAVIA GAZETTE SUPPLEMENT - Act No. 7 of 2026", "{page}")
    doc.addPageTemplates([
        PageTemplate("title", [Frame(margin, margin, width - 2 * margin, height - 2 * margin - 6 * mm)],
                     onPage=furniture),
        PageTemplate("twocol", [Frame(margin, margin, col, height - 2 * margin - 6 * mm),
                                Frame(margin + col + gap, margin, col, height - 2 * margin - 6 * mm)],
                     onPage=furniture),
    ])
    def story() -> list[Any]:
        flow: list[Any] = [Paragraph(escape(line), TITLE) for line in lines[:3]]
        flow += _paragraphs(lines[3:body_start], re.compile(r"(ARRANGEMENT|PART )"))
        flow += [NextPageTemplate("twocol"), FrameBreak()]
        return flow + _paragraphs(lines[body_start:], re.compile(r"(PART [IVX]+ -|\d+\. [A-Z])"))

    doc.build_twice(story)


def build_single(name: str, header: str, footer: str, heading: str, title_lines: int) -> None:
    lines = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    width, height = A4
    margin = 22 * mm
    doc = _Doc(str(SAMPLES / f"{name}.pdf"), pagesize=A4, title=lines[0])
    doc.addPageTemplates([PageTemplate("page", [Frame(margin, margin, width - 2 * margin,
                                                      height - 2 * margin - 6 * mm)],
                                       onPage=_furniture(header, footer))])
    def story() -> list[Any]:
        flow: list[Any] = [Paragraph(escape(line), TITLE) for line in lines[:title_lines]]
        return flow + _paragraphs(lines[title_lines:], re.compile(heading))

    doc.build_twice(story)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)
    build_english(SAMPLES)
    build_single("code-penal-fr", "Code pénal de Valmorée - édition consolidée", "Page {page} of {pages}",
                 r"(Livre|Titre|Chapitre|Article) ", 1)
    build_single("ley-es", "DIARIO OFICIAL DE SANTA LUCÍA DEL MAR - 3 de marzo de 2026", "- {page} -",
                 r"(CAPÍTULO|Artículo \d+\.)", 3)
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        print(f"wrote {pdf}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Amending provisions: when a unit quotes other provisions.

An amending unit ("Artículo 1°. Adiciónase el Código Penal … del siguiente
tenor:", "1 (1) Subsection 163.1(1) … is replaced by the following:") quotes
provisions of another act. Those quoted provisions look like units but must
be nested under the amending unit as quoted structures (Akoma Ntoso
``quotedStructure``), never become top-level units.

The parser asks :func:`opens_quotation` for every candidate that follows a
unit; the candidate is quoted when it is not the amending act's own next
unit (the parser checks the numbering) and this function says the unit has
opened a quotation before it.
"""

from __future__ import annotations

import re

_INTRO_END = re.compile(r"[:：]\s*[\"“«„]?\s*$", re.MULTILINE)


class CueIndex:
    """Amending-cue lookups over one text, searched lazily region by region."""

    def __init__(self, text: str, cue: re.Pattern[str] | None) -> None:
        self.text = text
        self.cue = cue

    def opens_quotation(self, unit_start: int, cand_start: int, quote_mark: bool) -> bool:
        """:func:`opens_quotation` on ``text[unit_start:cand_start]``."""
        if self.cue is None:
            return False
        found = self.cue.search(self.text, unit_start, cand_start)
        if found is None:
            return False
        if quote_mark:
            return True
        return _INTRO_END.search(self.text, found.start(), cand_start) is not None


def opens_quotation(text: str, unit_start: int, cand_start: int, cue: re.Pattern[str], quote_mark: bool) -> bool:
    """Whether the unit starting at ``unit_start`` quotes text before ``cand_start``.

    A quotation is open when an amending cue ("is replaced by the
    following", "sustitúyese", "est modifié") occurs in the unit before the
    candidate, and after the cue either a line ends with a colon (the
    introduction of the quoted text) or the candidate line opens with a
    quotation mark. Requiring both keeps a consolidated code's ordinary
    sentences ("lorsque le jugement est modifié") from swallowing the next
    article."""
    region = text[unit_start:cand_start]
    found = cue.search(region)
    if found is None:
        return False
    if quote_mark:
        return True
    return _INTRO_END.search(region, found.start()) is not None

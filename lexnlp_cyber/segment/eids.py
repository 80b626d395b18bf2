"""Akoma Ntoso eIds in the manner of Laws.Africa's bluebell.

An eId is the path of ``<prefix>_<num>`` components from the root, joined by
``__``: ``part_2__chp_3__sec_12__subsec_1__para_a``. Unnumbered items get
``nn``; a repeated eId gets a ``_2``, ``_3``… suffix. The maker is fed in
document order, so the same text always yields the same eIds.
"""

from __future__ import annotations

import re

from .grammar import _SUFFIX_WORDS, Rule
from .numbers import ORDINAL_SIGN, SERIES_STOP, cjk_digits_to_arabic, normalize_num, ordinal_value

#: Akoma Ntoso short names (the eId prefixes of the naming convention).
PREFIXES = {
    "book": "book", "part": "part", "title": "title", "subtitle": "subtitle", "chapter": "chp",
    "subchapter": "subchp", "division": "dvs", "subdivision": "subdvs", "section": "sec", "subsection": "subsec",
    "paragraph": "para", "subparagraph": "subpara", "article": "art", "schedule": "sched", "annex": "annex",
    "disposition": "dpstn", "clause": "clause", "rule": "rule", "item": "item", "point": "point",
}
_UNSAFE = re.compile(r"[^\w\-]+")
#: The branch numbers of Japanese and Chinese codes ("168の2", "285之1"): art_168-2.
_BRANCH = re.compile(r"(?<=\d)[の之](?=\d)")
#: Latin suffix words, printed "153 BIS" or "153 bis": one eId for both.
_LATIN_SUFFIX = re.compile(rf"(?i)(?<![^\W\d_])(?:{_SUFFIX_WORDS})(?![^\W\d_])")


def eid_num(num: str | None) -> str:
    """The number component of an eId: as printed, cleaned; ``nn`` when empty.

    Ordinal words (``Vierzehnter``, ``PRIMERA``, ``الأولى``) and non-Latin
    numbers (CJK numerals) use their arabic value, so eIds stay ASCII and
    read the same in every language."""
    if not num:
        return "nn"
    raw = cjk_digits_to_arabic(num.strip())
    value = ordinal_value(raw)
    if value is not None:
        # An ordinal word ("Vierzehnter", "PRIMERA", "premier"): its value.
        raw = str(value)
    elif not raw.isascii() or ORDINAL_SIGN.match(raw):
        raw = _BRANCH.sub("-", normalize_num(raw))
    raw = _LATIN_SUFFIX.sub(lambda m: m.group(0).lower(), raw)
    raw = SERIES_STOP.sub(r"\1\2\3", raw)
    cleaned = _UNSAFE.sub("-", raw.replace(".", "-")).strip("-")
    return cleaned or "nn"


class EidMaker:
    """Issues unique eIds for one document."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def _unique(self, eid: str) -> str:
        count = self.seen.get(eid, 0) + 1
        self.seen[eid] = count
        return eid if count == 1 else f"{eid}_{count}"

    def make(self, parent: str, rule: Rule, num: str | None) -> str:
        """The eId of a container or unit below ``parent`` ("" at the root)."""
        prefix = rule.eid or PREFIXES.get(rule.kind, rule.kind)
        series = f"{rule.series}-" if rule.series else ""
        own = f"{prefix}_{series}{eid_num(num)}"
        return self._unique(f"{parent}__{own}" if parent else own)

    def make_sub(self, parent: str, kind: str, num: str | None) -> str:
        """The eId of a subdivision below ``parent``."""
        return self._unique(f"{parent}__{PREFIXES.get(kind, kind)}_{eid_num(num)}")

"""Cross-references between the provisions of one instrument.

GUIDE.md: an aggravated form takes the label of the base conduct. Where an
act states the aggravated form in a provision of its own, that provision
names the base conduct only by number ("an offence under section 3, 5, 6
or 7 … on a protected computer", "commits an offence under section 14 with
intent to…"), so its labels are read from the provisions it cites
(``data/aggravated_references.json`` says when).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..segment import normalize_num
from .model import _data


def _number(suffixes: Sequence[str], letters: int = 1) -> str:
    """One provision number as cited: "14", "4(a)", "323-1", "202a", "274.1", "197 bis"
    (with the language's suffixes of inserted numbers, and up to ``letters`` letters
    after the digits: Dutch inserted articles are "126nd", "126zn")."""
    suffix = rf"(?:\s(?:{'|'.join(suffixes)})\b)?" if suffixes else ""
    return rf"\d+(?:[-.]\d+)*[a-zA-Z]{{0,{letters}}}{suffix}(?:\([0-9a-zA-Z]{{1,4}}\))*"


#: A sentence ends at a full stop, semicolon or colon before a space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+|\n")


@dataclass(frozen=True)
class Citation:
    """Numbers cited in a text, normalised, with the span of the citation."""

    nums: tuple[str, ...]
    start: int
    end: int


class Numbering:
    """An instrument's normalised provision numbers in document order, for ranges
    ("sections 5 to 10" cites the numbers between its ends)."""

    def __init__(self, nums: Sequence[str]) -> None:
        self.nums = tuple(nums)
        self.position = {num: i for i, num in enumerate(self.nums)}

    def between(self, first: str, last: str) -> list[str] | None:
        """The numbers after ``first`` up to ``last``; None when either is not a number
        here or ``last`` comes first (not a range of this instrument)."""
        if first not in self.position or last not in self.position or self.position[last] < self.position[first]:
            return None
        return list(self.nums[self.position[first] + 1:self.position[last] + 1])


@dataclass(frozen=True)
class _Grammar:
    citation: re.Pattern[str]
    joins: re.Pattern[str]
    ranges: frozenset[str]
    #: Names of a protected system; None in a language whose aggravated forms are not read.
    protected: re.Pattern[str] | None
    #: The base conduct committed as part of the offence, just before a citation.
    base_conduct: re.Pattern[str] | None


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(words)


class AggravatedReferences:
    """Which provisions state an aggravated form of offences they cite."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.grammars: dict[str, _Grammar] = {}
        for lang, cite in data["citation"].items():
            protected = data["protected"].get(lang)
            # a literal separator ("," and words) between numbers, with spaces around it
            sep = r"\s*(?:" + _alternatives([re.escape(w) if not w.isalpha() else rf"\b{w}\b"
                                              for w in cite["join"] + cite["range"]]) + r")\s*"
            number = _number(cite.get("suffixes", []), int(cite.get("letters", 1)))
            citation = re.compile(rf"(?<![^\W\d_])(?:{_alternatives(cite['words'])})\s*(?P<list>{number}(?:{sep}{number})*)",
                                  re.IGNORECASE)
            conduct = data.get("base_conduct", {}).get(lang)
            self.grammars[lang] = _Grammar(citation, re.compile(f"({sep})", re.IGNORECASE),
                                           frozenset(w.lower() for w in cite["range"]),
                                           re.compile(_alternatives(protected), re.IGNORECASE) if protected else None,
                                           re.compile(rf"(?:{_alternatives(conduct)})\s*$", re.IGNORECASE)
                                           if conduct else None)

    def cites(self, text: str, lang: str | None) -> bool:
        """Does ``text`` cite any provision (a cheap test before :meth:`aggravated_citation`)?"""
        grammar = self.grammars.get(lang or "")
        return grammar is not None and grammar.citation.search(text) is not None

    def citations(self, text: str, lang: str | None, numbering: Numbering) -> list[Citation]:
        """The provision numbers ``text`` cites; a range ("sections 5 to 10")
        covers the numbers between its ends in the instrument's ``numbering``."""
        grammar = self.grammars.get(lang or "")
        if grammar is None:
            return []
        found = []
        for match in grammar.citation.finditer(text):
            nums: list[str] = []
            ranged = False
            for part in grammar.joins.split(match.group("list")):
                word = part.strip().lower()
                if not word or grammar.joins.fullmatch(part):  # a separator, or nothing between two
                    ranged = ranged or word in grammar.ranges
                    continue
                num = normalize_num(re.sub(r"\(.*", "", part))  # "4(a)" cites section 4
                covered = numbering.between(nums[-1], num) if ranged and nums else None
                nums.extend(covered if covered is not None else [num])
                ranged = False
            found.append(Citation(tuple(dict.fromkeys(nums)), match.start(), match.end()))
        return found

    def aggravated_citation(self, text: str, lang: str | None, numbering: Numbering,
                            own: str | None = None) -> Citation | None:
        """The citation of the base offences when ``text`` (of the provision
        numbered ``own``) states their aggravated form: its first sentence that
        cites other provisions names a protected system, or cites them as the
        conduct committed ("commits an offence under section 14 with intent…").
        None otherwise."""
        grammar = self.grammars.get(lang or "")
        if grammar is None or grammar.protected is None or grammar.citation.search(text) is None:
            return None
        start = 0
        for end in [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
            sentence = text[start:end]
            # its own number ("Section 5. Heavier punishment…") is no citation
            cited = [c for c in self.citations(sentence, lang, numbering) if set(c.nums) - {own}]
            if cited:
                conduct = grammar.base_conduct is not None and any(
                    grammar.base_conduct.search(sentence, 0, c.start) for c in cited)
                if not (conduct or grammar.protected.search(sentence)):
                    return None
                first = cited[0]
                nums = tuple(dict.fromkeys(n for c in cited for n in c.nums if n != own))
                return Citation(nums, start + first.start, start + cited[-1].end)
            start = end
        return None


AGGRAVATED_REFERENCES = AggravatedReferences(_data("aggravated_references.json"))


class DataReferences:
    """Texts that name data by the provision that defines them ("gegevens als
    bedoeld in artikel 126nd", "the data referred to in section 12"):
    ``data/data_references.json`` says when that names computer data."""

    def __init__(self, data: dict[str, Any], citations: AggravatedReferences) -> None:
        self.concept: str = data["concept"]
        self.citations = citations
        self.referral = {lang: re.compile(rf"\b(?:{_alternatives(phrases)})$", re.IGNORECASE)
                         for lang, phrases in data["referral"].items() if lang in citations.grammars}
        self.negation = {lang: re.compile(rf"\b(?:{_alternatives(phrases)})$", re.IGNORECASE)
                         for lang, phrases in data.get("negation", {}).items()}
        # the referral anywhere: a cheap test before citations are read
        self._anywhere = {lang: re.compile(rf"\b(?:{_alternatives(phrases)})", re.IGNORECASE)
                          for lang, phrases in data["referral"].items() if lang in citations.grammars}

    def may_refer(self, text: str, lang: str | None) -> bool:
        found = self._anywhere.get(lang or "")
        return found is not None and found.search(text) is not None

    def references(self, text: str, lang: str | None, numbering: Numbering) -> list[Citation]:
        """The citations of ``text`` that name data by reference, each spanning the
        words from the data noun to the last number cited."""
        referral = self.referral.get(lang or "")
        if referral is None:
            return []
        negation = self.negation.get(lang or "")
        found = []
        for cited in self.citations.citations(text, lang, numbering):
            named = referral.search(text, max(0, cited.start - 120), cited.start)
            if named is None:
                continue
            if negation is not None and negation.search(text, max(0, named.start() - 60), named.start()):
                continue  # "niet zijnde gegevens als bedoeld in…": data other than those
            found.append(Citation(cited.nums, named.start(), cited.end))
        return found


DATA_REFERENCES = DataReferences(_data("data_references.json"), AGGRAVATED_REFERENCES)

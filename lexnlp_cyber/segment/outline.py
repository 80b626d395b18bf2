"""How a unit's subdivision markers nest.

Drafting traditions order their numbering styles differently: common-law
acts mostly run (1) > (a) > (i), the US Code (a) > (1) > (A), Philippine acts
(a) > (1) > (i) > (aa), German codes (1) > 1. > a). So a marker's level is not
fixed by its style: like a reader, the outline follows sequences.

- A marker that continues a sequence open above it ((b) after (a), (2) after
  (1)) closes what came between and becomes its sibling.
- A marker that starts a sequence ((1), (a), (i), (aa)) opens a level below
  the marker before it, unless a finished paragraph lies between them (the
  list then hangs from that paragraph), or its series is already open (a
  second list restarts at the level of the first).
- (aa) or (ab) right after (a) is an inserted paragraph, a sibling.
- Anything else (a sequence whose earlier markers were missed) falls back to
  the usual rank of the marker's kind: subsection above paragraph above
  subparagraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .numbers import roman_to_int

#: How far a number may run ahead of its predecessor and still continue it
#: (a marker lost inside a line leaves a gap).
MAX_GAP = 3

_DIGITS = re.compile(r"(\d+)([^\W\d_]{0,3})")
_ROMAN = re.compile(r"[ivx]+")


@dataclass(frozen=True)
class Reading:
    """One way to read a marker: the grammar rule that matched it, its kind
    (Akoma Ntoso name), its number, the usual rank of the kind, and the number's
    series (digit, letter, double (aa, bb), roman, upper, or other)."""

    rule: int
    kind: str
    num: str
    rank: int
    series: str

    @property
    def style(self) -> tuple[int, str]:
        return self.rule, self.series

    def value(self) -> int | None:
        """The number's place in its series: (c) is 3 as a letter, (iv) 4 as a roman numeral."""
        num = self.num
        if self.series == "digit":
            m = _DIGITS.fullmatch(num)
            return int(m.group(1)) if m else None
        if self.series in ("letter", "upper", "double"):
            return ord(num[0].lower()) - ord("a") + 1
        if self.series == "roman":
            return roman_to_int(num)
        return None

    def starts(self) -> bool:
        """Whether the number opens its series: 1, a, aa, i, A."""
        series = self.series
        if series == "digit":
            return self.num == "1"
        return series != "other" and self.value() == 1


def readings(rule: int, kind: str, num: str, rank: int) -> list[Reading]:
    """The ways to read number ``num`` of a marker matched by ``rule``, likelier first:
    "ii" is a roman numeral or a doubled letter, "i" a roman numeral or a letter."""
    series = []
    if _DIGITS.fullmatch(num):
        series.append("digit")
    else:
        if _ROMAN.fullmatch(num) and roman_to_int(num):
            series.append("roman")
        if len(num) == 1 and "a" <= num <= "z":
            series.append("letter")
        elif len(num) == 2 and num[0] == num[1] and "a" <= num[0] <= "z":
            series.append("double")
        elif len(num) == 1 and "A" <= num <= "Z":
            series.append("upper")
    return [Reading(rule, kind, num, rank, s) for s in series or ["other"]]


def _continues(previous: Reading, reading: Reading) -> bool:
    """Whether ``reading`` comes after ``previous`` in its series ((z) is followed by (aa))."""
    if reading.rule != previous.rule:
        return False
    if previous.series == "letter" and previous.num == "z":
        return reading.series == "double" and reading.num == "aa"
    if reading.series != previous.series or previous.series == "other":
        return False
    before, now = previous.value(), reading.value()
    if before is None or now is None:
        return False
    if previous.series == "digit" and now == before and reading.num != previous.num:
        return True  # an inserted subsection: (4A) after (4)
    return before < now <= before + MAX_GAP


def _inserted_after(previous: Reading, reading: Reading) -> bool:
    """(aa) or (ab) right after (a): a paragraph inserted by amendment, in Australian drafting."""
    return (previous.series == "letter" and reading.rule == previous.rule and len(reading.num) == 2
            and reading.num[0] == previous.num and reading.num.islower())


def outline(markers: Sequence[Sequence[Reading]], closed: Sequence[bool] | None = None) -> list[tuple[int, Reading]]:
    """For each marker (its readings, the grammar's preferred one first), the
    index of its parent marker (-1: none) and the reading chosen.

    ``closed[k]``: a finished paragraph lies between marker k - 1 and marker k
    ("11° … stupéfiants." then "La peine est portée … :" before "a)"), so a
    series that marker k starts belongs to that paragraph, not to marker k - 1."""
    result: list[tuple[int, Reading]] = []
    stack: list[tuple[int, Reading]] = []  # open markers: (index, reading), outermost first

    def attach(index: int, reading: Reading) -> None:
        result.append((stack[-1][0] if stack else -1, reading))
        stack.append((index, reading))

    for index, readings in enumerate(markers):
        following = markers[index + 1] if index + 1 < len(markers) else ()
        chosen = None
        if stack:
            top = stack[-1][1]
            inserted = next((r for r in readings if _inserted_after(top, r)), None)
            if inserted is not None:
                # (aa) right after (a) is inserted between (a) and (b): a sibling, and (b) still continues (a)
                result.append((stack[-2][0] if len(stack) > 1 else -1, inserted))
                stack[-1] = (index, top)
                continue
        for depth in range(len(stack) - 1, -1, -1):
            open_reading = stack[depth][1]
            for reading in readings:
                if not _continues(open_reading, reading):
                    continue
                # (i) after (h) is a letter, unless (ii) follows: then it opens a roman series
                if any(other.starts() and any(_continues(other, nxt) for nxt in following)
                       for other in readings if other is not reading):
                    continue
                chosen = (depth, reading)
                break
            if chosen:
                break
        if chosen:
            depth, reading = chosen
            del stack[depth:]
            attach(index, reading)
            continue
        opening = next((r for r in readings if r.starts()), None)
        if opening is not None:
            # a series already open restarts at its own level (a second list (a), (b) in the unit)
            same = next((d for d, (_, r) in enumerate(stack) if r.style == opening.style), None)
            if same is not None or not (closed and closed[index]):
                if same is not None:
                    del stack[same:]
                attach(index, opening)
                continue
        reading = readings[0]
        while stack and stack[-1][1].rank >= reading.rank:
            stack.pop()
        attach(index, reading)
    return result

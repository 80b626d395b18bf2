"""Running furniture and tables of contents.

Headers, footers, page numbers and mastheads are found in the top and bottom
margins of the pages: a line there is furniture when it matches a page-number
or gazette pattern, or when the same text (digits ignored) recurs at the same
height on many pages. Tables of contents are found from their titles and
from runs of entries ending in page numbers. Patterns and titles are data
(``lexnlp_cyber/data/extract/furniture.json`` and ``toc.json``).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from .layout import Line

HEADER, FOOTER, PAGE_NUMBER, MASTHEAD, TOC = "header", "footer", "page-number", "masthead", "toc"


@cache
def _data(name: str) -> dict[str, Any]:
    path = resources.files("lexnlp_cyber").joinpath(f"data/extract/{name}.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], frozenset[str]]:
    furniture, toc = _data("furniture"), _data("toc")
    number = re.compile("|".join(f"(?:{p})" for p in furniture["page_number"]), re.I)
    masthead = re.compile("|".join(f"(?:{p})" for p in furniture["masthead"]), re.I)
    entry = re.compile("|".join(f"(?:{p})" for p in toc["entry"]))
    titles = frozenset(t.casefold() for t in toc["titles"])
    return number, masthead, entry, titles


_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_PARTS = re.compile(r"[/|]")
_LOOSE = re.compile(r"[\W\d_]+")
_EDGE_NOISE = re.compile(r"^(?:[^\w(\[-]|_)+|(?:[^\w)\]-]|_)+$")
_FAMILY = re.compile(r"\s*([^\W\d_]*)")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _key(text: str) -> str:
    return _DIGITS.sub("#", _squash(text).casefold())


#: Two lines are at "the same height" on two pages when their tops differ
#: by at most this (points): OCR'd pages are skewed and shifted a little.
HEIGHT_TOLERANCE = 8.0


def _clean(text: str) -> str:
    """A line without the stray punctuation OCR puts around it ("‘Page 2 of 17°")."""
    return _SPACES.sub(" ", _EDGE_NOISE.sub("", text)).strip()


def _loose_key(text: str) -> str:
    """Digits and punctuation ignored: "Convention on Cybercrime —" and
    "- Convention on Cybercrime." are one running header, "Page 7-of 17" and
    "Page 11of17" one running footer."""
    loose = _LOOSE.sub(" ", text.casefold()).strip()
    return loose or _key(text)


def _worded_page_number(text: str, number: re.Pattern[str]) -> bool:
    """"Page 3 of 20" (not a bare "3"): furniture even close to the body."""
    clean = _clean(text)
    return any(ch.isalpha() for ch in clean) and any(ch.isdigit() for ch in clean) and bool(number.fullmatch(clean))


def _pages_near(entries: list[tuple[int, float]], top: float) -> int:
    return len({index for index, other in entries if abs(other - top) <= HEIGHT_TOLERANCE})


def mark_running(pages: list[tuple[float, list[Line]]]) -> None:
    """Set ``kind`` on the header, footer, page-number and masthead lines of
    the pages, each given as (height, lines in reading order)."""
    furniture = _data("furniture")
    number, masthead, _, _ = _patterns()
    top_frac, bottom_frac = furniture["top_fraction"], furniture["bottom_fraction"]
    seen: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    exact: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    zones: list[list[tuple[Line, str, bool]]] = []
    for index, (height, lines) in enumerate(pages):
        by_top = sorted(lines, key=lambda ln: ln.top)
        outer = {id(ln) for ln in by_top[:2] + by_top[-2:]}
        found: list[tuple[Line, str, bool]] = []
        for line in lines:
            if line.top < top_frac * height:
                zone = "top"
            elif line.bottom > (1 - bottom_frac) * height:
                zone = "bottom"
            else:
                continue
            if not _set_apart(line, by_top, zone) and not _worded_page_number(line.text, number):
                continue  # a body line running on into the margin, not furniture
            found.append((line, zone, id(line) in outer))
            seen[(zone, _loose_key(line.text))].append((index, line.top))
            exact[(zone, _squash(line.text).casefold())].append((index, line.top))
        zones.append(found)
    with_text = sum(1 for _, lines in pages if lines)
    need = max(2, math.ceil(furniture["repeat_min_share"] * with_text))
    alias = _ocr_variants(seen)
    for key, same in alias.items():
        seen[same].extend(seen[key])
    for found in zones:
        for line, zone, is_outer in found:
            text = _squash(line.text)
            key = (zone, _loose_key(text))
            if is_outer and (number.fullmatch(text) or number.fullmatch(_clean(text))):
                line.kind = PAGE_NUMBER
            elif is_outer and (masthead.fullmatch(text) or masthead.fullmatch(_clean(text))):
                line.kind = MASTHEAD
            elif with_text >= 2 and _pages_near(seen[alias.get(key, key)], line.top) >= need \
                    and (len(text) <= 80 or _pages_near(exact[(zone, text.casefold())], line.top) >= need):
                # Digits are ignored only in short lines (page and issue
                # numbers); a long line must recur verbatim, so that
                # "Section 1. The offence…" and "Section 6. The offence…" at
                # the same height on two pages stay body.
                line.kind = HEADER if zone == "top" else FOOTER


#: Short running lines this similar (letters only, difflib's ratio) are one line read by OCR
#: two ways ("ACCESS TO INFORMATION", "ACCESS TO INFORMA TION", "ACCESS TO INI;OKMA 7'lON").
OCR_VARIANT_RATIO = 0.8
OCR_VARIANT_LENGTH = (8, 60)


def _ocr_variants(seen: dict[tuple[str, str], list[tuple[int, float]]]) -> dict[tuple[str, str], tuple[str, str]]:
    """Keys of ``seen`` that are an OCR variant of a more frequent key of their zone, mapped to it."""
    alias: dict[tuple[str, str], tuple[str, str]] = {}
    kept: list[tuple[tuple[str, str], str]] = []
    low, high = OCR_VARIANT_LENGTH
    for key in sorted(seen, key=lambda k: (-len(seen[k]), k)):
        letters = key[1].replace(" ", "")
        if not low <= len(letters) <= high:
            continue
        for other, other_letters in kept:
            if other[0] == key[0] and SequenceMatcher(None, other_letters, letters).ratio() >= OCR_VARIANT_RATIO:
                alias[key] = other
                break
        else:
            kept.append((key, letters))
    return alias


def _set_apart(line: Line, by_top: list[Line], zone: str) -> bool:
    """Running headers and footers are set apart from the body by more than
    the line spacing; a body line at the top of a page is not."""
    height = max(1.0, line.bottom - line.top)
    overlapping = [o for o in by_top if o is not line and o.x0 < line.x1 and o.x1 > line.x0]
    # The neighbours are the lines that start below (above) this one: OCR'd
    # line boxes are taller than the line spacing and overlap.
    if zone == "top":
        below = [o.top for o in overlapping if o.top > line.top + 0.5]
        return not below or min(below) - line.bottom > 0.5 * height
    above = [o.bottom for o in overlapping if o.top < line.top - 0.5]
    return not above or line.top - max(above) > 0.5 * height


_NUMBERED = re.compile(r"^\s*(?:(?:section|article|art\.?|§+|sec\.?|rule|regulation|artículo|artigo|статья|ingingo\s+ya)\s*)?"
                       r"\d+[A-Za-z]?[.):]?\s", re.I)


def mark_toc(lines: list[Line]) -> None:
    """Set ``kind = "toc"`` on the lines of tables of contents, given the body
    lines of the whole document in reading order."""
    _, _, entry, titles = _patterns()
    body = [ln for ln in lines if not ln.kind]
    # Every entry ends in a page number: the cheap test first.
    is_entry = [ln.text.rstrip()[-1:].isdigit() and bool(entry.fullmatch(_squash(ln.text))) for ln in body]
    is_title = [_is_title(ln.text, titles) for ln in body]
    i = 0
    while i < len(body):
        starts_run = is_entry[i] and sum(is_entry[i:i + 4]) >= 3
        titled = is_title[i] and any(is_entry[i + 1:i + 5])
        if not (starts_run or titled):
            if is_title[i]:
                i = _toc_without_numbers(body, i) or i + 1
                continue
            i += 1
            continue
        j = i + 1 if titled else i
        last = j
        gap = 0
        while j < len(body) and gap <= 3:
            if is_entry[j]:
                last = j
                gap = 0
            else:
                gap += 1
            j += 1
        for k in range(i, last + 1):
            body[k].kind = TOC
        i = last + 1


_HEADED = re.compile(r"^\s*(?:article|art\.|section|§|ingingo\s+ya|artículo|chapter|chapitre|umutwe)\s+\w+\s*[:.]",
                     re.I)


def _family(text: str) -> str:
    """The word before an entry's number ("article", "section", or "")."""
    match = _FAMILY.match(text)
    return match.group(1).casefold() if match else ""


def _is_title(text: str, titles: frozenset[str]) -> bool:
    """A TOC title, alone or among the parts of a multilingual title
    ("Ibirimo/Summary/Sommaire")."""
    if len(text) > 120:
        return False
    squashed = _squash(text).casefold().rstrip(":. ")
    if squashed in titles:
        return True
    if "/" not in squashed and "|" not in squashed:
        return False
    parts = [p.strip() for p in _PARTS.split(squashed)]
    return len(parts) > 1 and any(p in titles for p in parts)


def _toc_without_numbers(body: list[Line], title: int) -> int | None:
    """A TOC without page numbers ("ARRANGEMENT OF SECTIONS" then the section
    titles): it ends before the second occurrence of its first numbered entry,
    at its last numbered entry. Returns the index after it, or None."""
    first = next((k for k in range(title + 1, min(title + 14, len(body))) if _NUMBERED.match(body[k].text)), None)
    if first is None:
        return None
    family = _family(body[first].text)
    # The probe keeps its digits: "Article 2: Scope of this law" must not
    # match "Article 129: Scope of this chapter" further down the TOC. When
    # the TOC words an entry differently from the body ("Champs
    # d'application" / "Champ d'application"), the next entries are tried.
    squashed = [_squash(line.text).casefold() for line in body[first:first + 4000]]
    candidates = [k for k in range(first, min(first + 40, len(body)))
                  if _NUMBERED.match(body[k].text) and _family(body[k].text) == family][:4]
    again = None
    for candidate in candidates:
        probe = squashed[candidate - first][:24]
        again = next((first + i for i in range(candidate - first + 1, len(squashed))
                      if squashed[i].startswith(probe)), None)
        if again is not None:
            break
    if again is None:
        return None
    # The body starts where a TOC line comes again ("Article One: ..." of the
    # body, before "Article 2"): the TOC ends at its last numbered entry before.
    # Only entries of the first entry's family count: "Section One:
    # Preliminary provisions" recurs in every chapter of a TOC, an article
    # heading does not.
    seen: set[str] = set()
    for k in range(title + 1, again):
        key = _squash(body[k].text).casefold()[:24]
        if not (_NUMBERED.match(body[k].text) or _HEADED.match(body[k].text)) \
                or _family(body[k].text) != family:
            continue
        if len(key) >= 8 and key in seen:
            again = k
            break
        seen.add(key)
    end = max((k for k in range(first, again)
               if _NUMBERED.match(body[k].text) and _family(body[k].text) == family), default=first)
    for k in range(title, end + 1):
        body[k].kind = TOC
    _mark_repeated_title(body, title, end + 1)
    return end + 1


def _mark_repeated_title(body: list[Line], title: int, after: int) -> None:
    """The law's title printed above a TOC's title ("LAW N°24/2016 ...", then
    "TABLE OF CONTENTS") belongs to the TOC page when the body after the TOC
    opens with the same title: it is marked, so the body holds it once."""
    page = body[title].page
    start = title
    while start > 0 and title - start < 4 and body[start - 1].page == page and not body[start - 1].kind:
        start -= 1
    if start == title:
        return
    head = _squash(" ".join(ln.text for ln in body[start:title])).casefold()
    if len(head) < 15:
        return
    following = ""
    for line in body[after:after + 8]:
        following = _squash(f"{following} {line.text}").casefold()
        if len(following) >= len(head):
            break
    if following.startswith(head):
        for k in range(start, title):
            body[k].kind = TOC

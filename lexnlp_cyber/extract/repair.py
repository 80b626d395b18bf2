"""Text repair: Unicode normalisation, ligatures, invisible characters, line-end
hyphenation, visual-order right-to-left lines and ``(cid:NN)`` garbage.

The tables live in ``lexnlp_cyber/data/extract/repair.json`` so that a new
ligature or invisible character is a data change, not a code change.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

_CID = re.compile(r"\(cid:\d+\)")
_BAD_GLYPH = re.compile("[\ufffd\ue000-\uf8ff]")
_SPACE = re.compile(r"\s")
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
_TRAIL = re.compile(r"([^\W\d_][\w-]*)$")
_LEAD = re.compile(r"^([^\W\d_]+)")
# Arabic presentation forms (A and B) are compatibility characters: NFKC maps
# them back to the base letters, and splits the lam-alef ligatures in the
# right (logical) order.
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")
_LTR_CHAR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


@lru_cache(maxsize=1)
def tables() -> dict[str, Any]:
    """The repair tables, loaded once."""
    path = resources.files("lexnlp_cyber").joinpath("data/extract/repair.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _translation() -> dict[int, str | None]:
    data = tables()
    table: dict[int, str | None] = {ord(k): v for k, v in data["ligatures"].items()}
    table.update({ord(k): v for k, v in data["replace"].items()})
    table.update({ord(ch): None for ch in data["drop"]})
    return table


@lru_cache(maxsize=1)
def _lost_dash() -> tuple[re.Pattern[str], str]:
    pattern, repl = tables()["lost_dash"]
    return re.compile(pattern), repl


@lru_cache(maxsize=1)
def _lam_alef() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), repl) for pattern, repl in tables()["arabic_lam_alef"]]


_ALEF_PAIR = re.compile("[\u0627\u0644][\u0622\u0623\u0625\u0627]")


def repair_lam_alef(text: str) -> str:
    """Undo lam-alef ligatures written with their letters swapped, as many
    PDF-to-text converters do ("األنظمة" for "الأنظمة"). The swaps keep the
    text's length, so offsets stay valid."""
    if not _ALEF_PAIR.search(text):
        return text
    for pattern, repl in _lam_alef():
        text = pattern.sub(repl, text)
    return text


_ARABIC_WORD = re.compile("[\u0621-\u064a]+")
#: A text is read as one whose converter swapped every lam-alef when it holds at least this
#: many swapped forms of known words, and more of them than of the words themselves.
SWAPPED_WORDS_MIN = 3


@lru_cache(maxsize=1)
def _swapped_words() -> tuple[dict[str, str], frozenset[str]]:
    path = resources.files("lexnlp_cyber").joinpath("data/extract/lam_alef_words.json")
    table: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))["words"]
    return table, frozenset(table.values())


def repair_swapped_words(text: str) -> str:
    """Undo the lam-alef swaps that :func:`repair_lam_alef` cannot see ("التسجيالت" for
    "التسجيلات", "خالل" for "خلال": the swapped form may be a word too), by a table of
    the team's Arabic words (``data/extract/lam_alef_words.json``), in a text whose
    converter swapped them all: it holds at least ``SWAPPED_WORDS_MIN`` swapped forms
    of known words, and more than it holds of the words themselves. Keeps the length."""
    if not _ARABIC_WORD.search(text):
        return text
    table, correct = _swapped_words()
    words = _ARABIC_WORD.findall(text)
    swapped = sum(1 for word in words if word in table)
    if swapped < SWAPPED_WORDS_MIN or swapped <= sum(1 for word in words if word in correct):
        return text
    return _ARABIC_WORD.sub(lambda m: table.get(m.group(0), m.group(0)), text)


def normalize(text: str) -> str:
    """Expand ligatures, drop soft hyphens and zero-width characters (and the
    replacement character, except where it stands for a lost dash), map
    Arabic presentation forms to letters, put swapped lam-alef letters back
    (:func:`repair_lam_alef`), and NFC-normalise.

    NFKC is applied only to the presentation-form ranges: applied to the whole
    text it would also rewrite full-width CJK punctuation and superscripts that
    the law prints on purpose."""
    if "\ufffd" in text:
        pattern, repl = _lost_dash()
        text = pattern.sub(repl, text)
    text = text.translate(_translation())
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return unicodedata.normalize("NFC", repair_lam_alef(text))


def cid_share(text: str) -> float:
    """Share of the characters of ``text`` that are undecodable glyphs:
    ``(cid:NN)`` sequences, U+FFFD and private-use code points."""
    if not text:
        return 0.0
    bad = sum(len(m) for m in _CID.findall(text)) + len(_BAD_GLYPH.findall(text))
    visible = len(text) - len(_SPACE.findall(text))
    return bad / max(1, visible)


#: Marks of a poor OCR text layer inside a word: "Docu~ncnts", "pri\\.ac!", "rc\\,ic\\", "il111~11dmcut",
#: letters read as digits between lowercase letters. Typeset text has none of them in its words.
_MISREAD = re.compile(r"[~\\|{}^]|[a-z][0-9]+[a-z]|[A-Za-z][0-9]{2,}[a-z]")
_LETTER = re.compile(r"[^\W\d_]")


def misread_share(text: str) -> tuple[float, int]:
    """Share of the words of ``text`` that carry OCR misreadings, and the number of words
    (those holding a letter)."""
    words = [w for w in text.split() if _LETTER.search(w)]
    if not words:
        return 0.0, 0
    return sum(1 for w in words if _MISREAD.search(w)) / len(words), len(words)


def strip_cid(text: str) -> str:
    """Remove ``(cid:NN)`` sequences (their text is unknowable)."""
    return _CID.sub("", text)


# -- right-to-left ---------------------------------------------------------------
def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any right-to-left letter."""
    return _RTL_CHAR.search(text) is not None


def is_rtl(text: str) -> bool:
    """Whether most letters of ``text`` are from a right-to-left script."""
    rtl = len(_RTL_CHAR.findall(text))
    return rtl > 0 and rtl >= len(_LTR_CHAR.findall(text))


def visual_to_logical(line: str) -> str:
    """Restore a visual-order (left-to-right stored) RTL line to logical order.

    Some PDF producers store Arabic and Hebrew glyphs in the order they are
    painted, left to right, so every word comes out reversed and the words are
    in reverse order. Reversing the whole line fixes the letters but reverses
    the digits and Latin runs embedded in it ("2023" would read "3202"), so
    those runs are reversed back afterwards: the bidi algorithm's rule that
    numbers and Latin text keep their left-to-right order."""
    reversed_line = line[::-1]
    return re.sub(r"[0-9A-Za-z\u00c0-\u024f][0-9A-Za-z\u00c0-\u024f.,:/%-]*[0-9A-Za-z\u00c0-\u024f]|[0-9A-Za-z]",
                  lambda m: m.group(0)[::-1], reversed_line)


def looks_visual_order(lines: Iterable[str]) -> bool:
    """Heuristic: Arabic text stored in visual order puts final-form letters at
    the start of words and initial forms at the end, and shows the definite
    article "ال" at word ends as "لا". Counted over the given lines."""
    starts = ends = 0
    for line in lines:
        for word in re.findall("[\u0600-\u06ff]{3,}", line):
            if word.startswith("\u0627\u0644"):
                starts += 1
            if word.endswith("\u0644\u0627"):
                ends += 1
    return ends > starts and ends >= 2


_OPEN, _CLOSE = "([{", ")]}"
_MIRROR = str.maketrans("()[]{}", ")(][}{")
# A tanwin (word-final) after a space inside a word, or any mark alone.
_ORPHAN_MARKS = re.compile(r"(?:(?<=[\u0620-\u064a])\s+[\u064b-\u064d]+(?=[\u0620-\u064a]))"
                           r"|(?:(?:^|(?<=\s))[\u064b-\u0652]+(?:\s+|$))")


_MARK = re.compile("[\u064b-\u0652]")
# A mark stored before the first letter of a word ("ُيعاقب" for "يُعاقب").
_LEADING_MARK = re.compile(r"(^|\s)([\u064b-\u0652]+)([\u0620-\u064a])")


def _bracket_errors(lines: Iterable[str], mirrored: bool) -> int:
    """Unbalanced brackets over the lines (read in order, as one text)."""
    depth = errors = 0
    opening, closing = (_CLOSE, _OPEN) if mirrored else (_OPEN, _CLOSE)
    for line in lines:
        for ch in line:
            if ch in opening:
                depth += 1
            elif ch in closing:
                if depth:
                    depth -= 1
                else:
                    errors += 1
    return errors + depth


def brackets_mirrored(lines: list[str]) -> bool:
    """Whether the brackets of these right-to-left lines are stored mirrored
    (")المادة(" for "(المادة)"): some producers store the glyph that is
    painted, and the bidi algorithm's mirroring is then undone in the text."""
    return _bracket_errors(lines, True) < _bracket_errors(lines, False)


def mirror_brackets(text: str) -> str:
    """Swap opening and closing brackets."""
    return text.translate(_MIRROR)


def drop_orphan_marks(text: str) -> str:
    """Remove Arabic vowel marks that a PDF placed apart from their letter
    ("مك ًررا" → "مكررا", a tanwin alone at a line start) and put a mark
    stored before the first letter of a word after it: a mark never follows
    a space in real text."""
    if not _MARK.search(text):
        return text
    text = _ORPHAN_MARKS.sub("", text)
    return _LEADING_MARK.sub(r"\1\3\2", text)


# -- hyphenation ---------------------------------------------------------------
class Vocabulary:
    """Word counts of a document, used to decide line-end hyphens from the
    document's own evidence: "cyber-\\nsecurity" joins if "cybersecurity" is
    printed elsewhere, keeps the hyphen if "cyber-security" is."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines: Iterable[str] | None = lines
        self._counts: Counter[str] | None = None

    @property
    def counts(self) -> Counter[str]:
        """The word counts, computed at the first question (most documents
        have no line-end hyphen to decide)."""
        if self._counts is None:
            counts: Counter[str] = Counter()
            for line in self._lines or ():
                words = _WORD.findall(line.lower())
                # The last word of a line may be a fragment ("remo-"): it is not evidence.
                if words and line.rstrip().endswith(("-", "\ufffe")):
                    words = words[:-1]
                counts.update(words)
            self._counts = counts
            self._lines = None
        return self._counts

    def __getitem__(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)


def hyphen_decision(left: str, right: str, vocab: Vocabulary | None) -> str | None:
    """How to join ``left`` (ending in a line-end hyphen, hyphen removed) and
    ``right`` (the next line). Returns the joiner: ``""`` (drop the hyphen,
    rejoin the word), ``"-"`` (the hyphen belongs) or ``None`` (not a
    hyphenated word: join the lines with a space).

    The hyphen stays when a digit or a capital follows ("323-1",
    "Anti-Cyber"), when the document prints the hyphenated form elsewhere,
    or when the first part is a known prefix ("e-mail") and the joined form
    is never printed."""
    right = right.lstrip()
    if not right or not left:
        return None
    first = right[0]
    if not left[-1].isalnum():
        return None
    if left[-1].isdigit() or first.isdigit() or first.isupper():
        return "-"
    if not first.isalpha():
        return None
    tail = _TRAIL.search(left)
    head = _LEAD.match(right)
    if not tail or not head:
        return ""
    lpart, rpart = tail.group(1), head.group(1)
    if vocab is not None:
        joined = vocab[lpart + rpart]
        hyphened = vocab[lpart + "-" + rpart]
        if hyphened > joined:
            return "-"
        if joined:
            return ""
    last = lpart.rsplit("-", 1)[-1].lower()
    if last in tables()["hyphen_prefixes"] and len(last) <= 6:
        return "-"
    return ""


def join_lines(lines: list[str], vocab: Vocabulary | None) -> list[tuple[str, str]]:
    """For each line but the last, the separator to put after it: ``"\\n"``, or
    ``""`` / ``"-"`` when a line-end hyphen was repaired. Returned as
    (line-without-hyphen, separator) pairs, in order."""
    out: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        sep = "\n"
        text = line
        if index + 1 < len(lines) and (line.endswith("-") or line.endswith("\ufffe")):
            decision = hyphen_decision(line[:-1], lines[index + 1], vocab)
            if decision is not None:
                text = line[:-1]
                sep = decision
        out.append((text, sep))
    return out


def rejoin_soft_breaks(text: str, vocab: Vocabulary | None) -> str:
    """Resolve U+FFFE soft-hyphen marks that pdfium leaves inside a line."""
    if "\ufffe" not in text:
        return text
    parts = text.split("\ufffe")
    result = parts[0]
    for part in parts[1:]:
        decision = hyphen_decision(result, part, vocab)
        result += ("" if decision is None else decision) + part
    return result

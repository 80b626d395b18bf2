"""Provision numbers: parsing, ordering and the normalisation used for matching.

Numbers are kept as printed (``"202a"``, ``"323-1"``, ``"197 bis"``,
``"274.1"``, ``"7の2"``) on :class:`~lexnlp_cyber.document.Provision`; this
module turns them into

* a *normal form* (:func:`normalize_num`) that is equal for two spellings of
  the same number — used by the evaluator and by TOC detection;
* a *sort key* (:func:`num_key`) that orders numbers the way a code does
  (``5 < 5a < 5 bis < 6``), used to check that candidate units follow each
  other in sequence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# -- CJK numerals ------------------------------------------------------------
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
CJK_NUMERAL_CHARS = "〇零一二两三四五六七八九十百千万"
_CJK_RUN = re.compile(f"[{CJK_NUMERAL_CHARS}]+")


def cjk_to_int(text: str) -> int | None:
    """Value of a CJK numeral such as ``二百八十六`` (286); None if not one."""
    if not text:
        return None
    total = 0
    section = 0  # the part below 万
    digit = -1
    for char in text:
        if char in _CJK_DIGITS:
            digit = _CJK_DIGITS[char]
        elif char in _CJK_UNITS:
            section += (digit if digit >= 0 else 1) * _CJK_UNITS[char]
            digit = -1
        elif char == "万":
            total += (section + max(digit, 0)) * 10000
            section, digit = 0, -1
        else:
            return None
    # Positional spelling without units (一〇五 = 105) when no unit was seen.
    if all(c in _CJK_DIGITS for c in text) and len(text) > 1:
        return int("".join(str(_CJK_DIGITS[c]) for c in text))
    return total + section + max(digit, 0)


def cjk_digits_to_arabic(text: str) -> str:
    """Replace every run of CJK numerals in ``text`` by arabic digits."""
    return _CJK_RUN.sub(lambda m: str(cjk_to_int(m.group(0))), text)


# -- Roman numerals -------------------------------------------------------------
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ROMAN_RE = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)


def roman_to_int(text: str) -> int | None:
    """Value of a Roman numeral (``XIV`` → 14); None when ``text`` is not one."""
    if not text or not _ROMAN_RE.match(text):
        return None
    total = 0
    previous = 0
    for char in reversed(text.lower()):
        value = _ROMAN_VALUES[char]
        if value < previous:
            total -= value
        else:
            total += value
            previous = value
    return total


# -- Ordinal words ----------------------------------------------------------------
#: Ordinal and cardinal words of every grammar, filled by the grammar loader
#: (``ordinals`` in ``data/grammars/<lang>.json``) so that normalisation knows
#: "premier", "PRIMERA" or "الحادية عشرة" without a language argument.
ORDINAL_WORDS: dict[str, int] = {}


def register_ordinals(words: dict[str, int]) -> None:
    """Add a grammar's ordinal words (lower-cased) to the shared table."""
    for word, value in words.items():
        ORDINAL_WORDS[word.lower()] = int(value)
    _ordinal_value.cache_clear()
    _spaced_form.cache_clear()
    normalize_num.cache_clear()


@lru_cache(maxsize=4096)
def _ordinal_value(phrase: str) -> int | None:
    """Sum of the ordinal words of ``phrase`` ("الحادية عشرة بعد المائة" → 111).

    Every token must be a known word (a leading Arabic ``و`` "and" is
    dropped), so ordinary text is never taken for a number."""
    tokens = phrase.lower().split()
    if not tokens:
        return None
    total = 0
    for token in tokens:
        value = ORDINAL_WORDS.get(token)
        if value is None and token.startswith("و"):
            value = ORDINAL_WORDS.get(token[1:])
        if value is None:
            return None
        total += value
    return total


def ordinal_value(phrase: str) -> int | None:
    """Public wrapper of the cached ordinal parser."""
    return _ordinal_value(phrase.strip())


# -- Normalisation ------------------------------------------------------------------
_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_UNIT_WORDS = re.compile(
    r"^(?:§§?|articles?|arts?\.?|artículos?|articulos?|artigos?|articoli|articolo|artikel|art\.|"
    r"sections?|secs?\.|ss?\.|статья|статьи|madde|ek madde|geçici madde|ingingo|"
    r"المادة|الفصل|artykuł|art\b)(?![^\W\d_])\s*",  # a whole word: "art" is not the start of "articulo"
    re.IGNORECASE,
)
_CJK_UNIT = re.compile(r"^第(.+?)[条條](.*)$")
_DEGREE = re.compile(r"[º°ª˚]")
#: "Article 1er", "1re", and "Artículo 1o." (the ordinal sign typed as a letter, as Mexican
#: statutes print articles 1 to 9): a number written with its ordinal sign.
ORDINAL_SIGN = re.compile(r"^(?:1(?:er|re)|([1-9])o)\.?$", re.IGNORECASE)
_DISAMBIGUATOR = re.compile(r"[@#].*$")
#: A French code's series letters printed with a full stop ("L. 32-1", "R.* 9"): the same
#: article as "L32-1", as Légifrance prints it now.
SERIES_STOP = re.compile(r"^(LO|[LRDA])(\*?)\.\s*(\*?)(?=\d)", re.IGNORECASE)
_FRENCH_FIRST = re.compile(r"^(?:1(?:er|re|st)|premier|première|primero|primera|primo|erster?)\b")
_SPACE_BEFORE_LETTER = re.compile(r"(?<=[0-9])[\s\-‐‑–/]+(?=[^\W\d_])")
# Arabic suffixes read as Latin ones, so that numbers and eIds agree however they are printed:
# "309 مكرراً (أ)", "309 مكررا أ" -> 309bisa; "607 المكرر مرتين" -> 607ter.
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_ARABIC_BIS = [(re.compile(r"(?:ال)?مكرر(?:اً|ًا|ا)?\s*ثلاث\s*مرات"), " quater "),
               (re.compile(r"(?:ال)?مكرر(?:اً|ًا|ا)?\s*مرتين"), " ter "),
               (re.compile(r"(?:ال)?مكرر(?:اً|ًا|ا)?"), " bis ")]
_ARABIC_LETTER = re.compile(r"(?<![^\W\d_])([أاإبجده])(?![^\W\d_])")
_ARABIC_LETTERS = {"أ": "a", "ا": "a", "إ": "a", "ب": "b", "ج": "c", "د": "d", "ه": "e"}


def _arabic_suffixes(text: str) -> str:
    text = text.replace("(", " ").replace(")", " ")  # "مادة (1) مكرراً": brackets say nothing of the number
    for pattern, latin in _ARABIC_BIS:
        text = pattern.sub(latin, text)
    return _ARABIC_LETTER.sub(lambda m: _ARABIC_LETTERS[m.group(1)], text).strip()


@lru_cache(maxsize=65536)
def _spaced_form(num: str) -> str:
    """:func:`normalize_num` before spaces are dropped (word tokens stay apart)."""
    text = unicodedata.normalize("NFKC", num).translate(_ARABIC_INDIC)
    text = _DISAMBIGUATOR.sub("", text).strip()
    cjk = _CJK_UNIT.match(text)
    if cjk:
        text = cjk.group(1) + cjk.group(2)
    text = _UNIT_WORDS.sub("", text.lower()).strip()
    text = SERIES_STOP.sub(r"\1\2\3", text)
    if _ARABIC_SCRIPT.search(text) and text[:1].isdigit():
        text = _arabic_suffixes(text)
    text = _DEGREE.sub("", text)
    text = text.strip(" \t.:;,-–—()[]")
    sign = ORDINAL_SIGN.match(text)
    if sign:
        text = sign.group(1) or "1"
    text = cjk_digits_to_arabic(text)
    value = ordinal_value(text) if text and not text[0].isdigit() else None
    if value is not None:
        return str(value)
    text = _FRENCH_FIRST.sub("1", text)
    text = _SPACE_BEFORE_LETTER.sub("", text)
    roman = roman_to_int(text) if len(text) <= 8 else None
    if roman is not None and not text.isdigit():
        return str(roman)
    return text


@lru_cache(maxsize=65536)
def normalize_num(num: str) -> str:
    """Normal form of a provision number, for matching.

    Folds case, full-width and Arabic-Indic digits, drops the unit word
    (``Article``, ``§``, ``第…条``), degree signs and trailing punctuation,
    removes spaces and hyphens before a letter suffix (``615-ter`` →
    ``615ter``, ``9-A`` → ``9a``), turns CJK numerals and ordinal words into
    arabic digits (``第三条の二`` → ``3の2``, ``premier`` → ``1``) and drops the
    gold files' disambiguators (``1@Sch 1``, ``322-13#2``)."""
    return re.sub(r"\s+", "", _spaced_form(num))


# -- Ordering --------------------------------------------------------------------------
_LATIN_SUFFIX_RANK = {
    "bis": 2, "ter": 3, "tercero": 3, "quater": 4, "quáter": 4, "quinto": 5, "quinque": 5, "sexto": 6, "quinquies": 5, "sexies": 6, "septies": 7,
    "octies": 8, "nonies": 9, "novies": 9, "decies": 10, "undecies": 11, "duodecies": 12,
}
_KEY_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def num_key(num: str) -> tuple[int, ...]:
    """A sort key that orders numbers as codes do: ``5 < 5a < 5 bis < 5.1 < 6``.

    The key is the sequence of numeric parts with letter suffixes mapped to
    small ranks. Prefix letters of French codes (``L``, ``R``, ``D``) are
    dropped, so numbering resets between them are seen as resets."""
    norm = _spaced_form(num)
    parts: list[int] = []
    tokens = _KEY_TOKEN.findall(norm)
    # Leading letters (L32-1, R9) are series names, not positions.
    while tokens and not tokens[0].isdigit() and tokens[0] not in ORDINAL_WORDS:
        tokens.pop(0)
    for token in tokens:
        if token.isdigit():
            if len(token) > 1 and token[0] == "0":
                parts.append(0)  # 22.01 < 22.02 < 22.1: a leading zero is a decimal place
            parts.append(int(token))
        elif token in ORDINAL_WORDS:
            parts.append(ORDINAL_WORDS[token])
        elif token in _LATIN_SUFFIX_RANK:
            parts.append(_LATIN_SUFFIX_RANK[token])
        elif len(token) <= 3 and token.isascii():
            # a, b, c… (202a) and AA (4AA): one rank per letter.
            for char in token:
                parts.append(ord(char) - ord("a") + 1)
        else:
            parts.append(1)
    return tuple(parts) if parts else (0,)


def main_int(num: str) -> int | None:
    """The leading integer of a number (``"202a"`` → 202), None if none."""
    key = num_key(num)
    return key[0] if key and key != (0,) else None


def is_successor(previous: str | None, current: str) -> bool:
    """Whether ``current`` can follow ``previous`` directly in a numbering.

    Next integer (4 → 5), or an insertion after the same integer (4 → 4A,
    4 → 4.1, 4 bis → 4 ter). Used to tell the amending act's own next unit
    from the units it quotes."""
    if previous is None:
        return main_int(current) in (0, 1, None)
    before, after = num_key(previous), num_key(current)
    if not before or not after:
        return False
    if after[0] == before[0] + 1:
        return True
    return after[0] == before[0] and after > before

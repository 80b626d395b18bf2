"""Segmentation grammars: one JSON data file per language.

A grammar (``lexnlp_cyber/data/grammars/<lang>.json``) lists

``units``
    top-level unit rules: ``kind`` (Akoma Ntoso name), ``pattern`` (a regex
    matched at the start of a line, with a ``num`` group), ``strong`` (the
    rule carries a unit word such as "Article"; bare-number rules are weak and
    only used when no strong rule fires in a document), optional ``eid`` (the
    eId prefix) and ``series`` (a second numbering of the same unit word, such
    as Turkish additional and transitional articles, "Ek Madde 1" and "Geçici
    Madde 1": their number stays "1", as GUIDE.md's ``num`` is printed without
    the unit word, and the eId names the series, ``art_ek-1``).
``containers``
    container rules: ``kind``, ``rank`` (smaller is higher: book 1 … sub-section
    7) and ``pattern`` with a ``num`` group (and optionally ``word``).
``subdivisions``
    subdivision markers matched at the start of a line: ``kind`` and
    ``pattern`` with a ``num`` group.
``xref``
    a regex tried on the rest of a candidate line: when it matches, the line
    is a cross-reference ("Article 2 of the Convention"), not a heading.
``repealed``, ``amend``
    regexes flagging repealed units and amending provisions.
``ordinals``
    ordinal and number words with their value (``premier`` → 1).
``stopwords``
    a few frequent words used to guess the language cheaply.

Patterns may use the placeholders ``{NUM}`` (a Latin-script provision
number with suffixes: 202a, 323-1, 197 bis, 274.1, 9-A, L32-1), ``{ROMAN}``,
``{CJK}`` (CJK or full-width numerals) and ``{ORD}`` (the grammar's ordinal
words). Adding a language is adding a file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Errors, SegmentationError
from .numbers import register_ordinals

GRAMMAR_DIR = Path(__file__).resolve().parent.parent / "data" / "grammars"

_SUFFIX_WORDS = (r"bis|ter|quater|quáter|quinquies|quinque|sexies|septies|octies|nonies|novies|decies|undecies|duodecies|"
                 r"tercero|quinto|sexto")
PLACEHOLDERS = {
    # A number: optional series letter (L, R, D, A of French codes; LO for organic laws, R* and
    # D* for decrees in the Council of Ministers: "Article R*9", "Article LO630"), digits,
    # a short letter suffix (202a, 4AA, 1er), dotted/hyphenated/colon parts
    # (323-1, 274.1, 9:9:9), a hyphenated capital (9-A, 110/A) and Latin
    # suffix words in either case (197 bis, 615-ter, 153 BIS); a superscript
    # insertion number (Russian "53¹", read as 53.1).
    "NUM": (
        r"(?:(?:LO|[LRDA])\*?\.?\s?(?=\d))?\d+[⁰¹²³⁴⁵⁶⁷⁸⁹]*(?:[A-Za-z]{1,4}(?![^\W\d_]))?"
        r"(?:[-‐‑/.:]\d+(?:[A-Za-z]{1,3}(?![^\W\d_]))?)*"
        r"(?:[-‐‑/][A-Z](?![^\W\d_]))?"
        rf"(?:[ \-‐‑]?(?i:{_SUFFIX_WORDS})(?![^\W\d_]))*"
    ),
    # A roman number, with an insertion letter ("Titel IIIA", "Title IVB") or suffix word ("Titre XXI
    # bis"), or before a French ordinal ending.
    "ROMAN": (r"(?:[IVXLCDM]+[A-H]?(?![^\W\d_])"
              rf"(?:[ \-‐‑](?i:{_SUFFIX_WORDS})(?![^\W\d_]))?|[IVXLCDM]+(?=er\b|re\b|ER\b))"),
    "CJK": r"[〇零一二两三四五六七八九十百千万0-9０-９]+",
}


#: What may precede a unit or container label on its line: indentation and,
#: for a provision quoted by an amending act, an opening quotation mark
#: («Art. 509-5.). The parser accepts a quote-opened label only as quoted.
LINE_START = r"^[ \t\u3000]*(?:[«\"“„‹][ \t\u00a0]*)?"


@dataclass
class Rule:
    """One compiled pattern of a grammar."""

    kind: str
    regex: re.Pattern[str]
    strong: bool = True
    rank: int = 5
    eid: str | None = None
    series: str = ""
    name: str = ""
    priority: bool = False  # a container rule that wins over a unit rule on the same line


@dataclass
class Grammar:
    """A compiled language grammar."""

    lang: str
    name: str
    units: list[Rule]
    containers: list[Rule]
    subdivisions: list[Rule]
    xref: re.Pattern[str] | None
    repealed: re.Pattern[str] | None
    amend: re.Pattern[str] | None
    ordinals: dict[str, int] = field(default_factory=dict)
    stopwords: list[str] = field(default_factory=list)
    heading_seps: list[str] = field(default_factory=list)
    path: str = ""
    #: All container and unit rules in one alternation (group ``r<i>`` is
    #: rule i of ``containers + units``), so the text is scanned once.
    lead: re.Pattern[str] | None = None
    #: All subdivision rules in one alternation (group ``n<i>`` is rule i's number).
    subdiv: re.Pattern[str] | None = None


_GROUP = re.compile(r"\(\?P<(num|word)>")


def _combine(patterns: list[str], line_start: bool, numbered_only: bool) -> str:
    parts = []
    for i, pattern in enumerate(patterns):
        suffix = str(i)

        def rename(m: re.Match[str], suffix: str = suffix) -> str:
            return f"(?P<{m.group(1)}{suffix}>"

        body = _GROUP.sub(rename, pattern)
        parts.append(body if numbered_only else f"(?P<r{i}>{body})")
    inner = "|".join(parts)
    return (LINE_START + r"(?:" + inner + ")") if line_start else "(?:" + inner + ")"


def _expand(pattern: str, ordinals: dict[str, int]) -> str:
    ords = sorted(ordinals, key=len, reverse=True)
    # An ordinal phrase: one or more ordinal words (Arabic compounds like
    # "الحادية عشرة بعد المائة"), longest alternatives first.
    words = "|".join(re.escape(w) for w in ords) or r"(?!x)x"
    values = dict(PLACEHOLDERS)
    # Ordinal words in any case: "Eerste afdeeling", "EERSTE BOEK" (grammars list them lowercase).
    values["ORD"] = rf"(?i:(?:{words})(?:\s+و?(?:{words}))*)(?![^\W\d_])"
    out = pattern
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out


def _compile(pattern: str, path: str, ordinals: dict[str, int], flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(_expand(pattern, ordinals), flags)
    except re.error as exc:
        raise SegmentationError(Errors.E101.format(path=path, reason=f"{pattern!r}: {exc}")) from exc


def _rules(items: list[dict[str, Any]], path: str, ordinals: dict[str, int], line_start: bool) -> list[Rule]:
    rules = []
    for item in items:
        if "kind" not in item or "pattern" not in item:
            raise SegmentationError(Errors.E101.format(path=path, reason="a rule needs 'kind' and 'pattern'"))
        body = item["pattern"]
        if line_start:
            body = LINE_START + r"(?:" + body + ")"
        regex = _compile(body, path, ordinals, re.MULTILINE)
        if "num" not in regex.groupindex:
            raise SegmentationError(Errors.E101.format(path=path, reason=f"rule {item['kind']!r} has no 'num' group"))
        rules.append(Rule(kind=item["kind"], regex=regex, strong=bool(item.get("strong", True)),
                          rank=int(item.get("rank", 5)), eid=item.get("eid"), series=str(item.get("series", "")),
                          name=item.get("name", item["kind"]),
                          priority=bool(item.get("priority", False))))
    return rules


def available_languages() -> list[str]:
    """The language codes that have a grammar file."""
    return sorted(p.stem for p in GRAMMAR_DIR.glob("*.json"))


@lru_cache(maxsize=64)
def load_grammar(lang: str) -> Grammar:
    """Load and compile the grammar of ``lang`` (cached: regexes compile once)."""
    path = GRAMMAR_DIR / f"{lang}.json"
    if not path.is_file():
        raise SegmentationError(Errors.E100.format(lang=lang, available=", ".join(available_languages())))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SegmentationError(Errors.E101.format(path=path, reason=exc)) from exc
    ordinals = {str(k): int(v) for k, v in data.get("ordinals", {}).items()}
    register_ordinals(ordinals)
    spath = str(path)

    def optional(key: str) -> re.Pattern[str] | None:
        value = data.get(key)
        return _compile(value, spath, ordinals) if value else None

    unit_items = data.get("units", [])
    cont_items = data.get("containers", [])
    sub_items = data.get("subdivisions", [])
    lead = _compile(_combine([r["pattern"] for r in cont_items + unit_items], True, False), spath, ordinals,
                    re.MULTILINE)
    subdiv = _compile(_combine([r["pattern"] for r in sub_items], False, True), spath, ordinals) if sub_items else None
    return Grammar(
        lead=lead, subdiv=subdiv,
        lang=data.get("lang", lang),
        name=data.get("name", lang),
        units=_rules(data.get("units", []), spath, ordinals, True),
        containers=_rules(data.get("containers", []), spath, ordinals, True),
        subdivisions=_rules(data.get("subdivisions", []), spath, ordinals, False),
        xref=optional("xref"),
        repealed=optional("repealed"),
        amend=optional("amend"),
        ordinals=ordinals,
        stopwords=list(data.get("stopwords", [])),
        heading_seps=list(data.get("heading_seps", [" – ", " — ", " - "])),
        path=spath,
    )


@lru_cache(maxsize=1)
def load_all_ordinals() -> None:
    """Load every grammar once so :func:`normalize_num` knows all ordinal words
    (cached: listing the grammar folder on every number cost more than normalising it)."""
    for lang in available_languages():
        load_grammar(lang)

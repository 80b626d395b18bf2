"""The line scanner that turns a document's text into a provision tree.

The scan is linear: every grammar regex runs once over the text (anchored at
line starts), candidates are collected per line, then one pass in document
order decides what each candidate is:

* a *container* (Part, Chapter, Titre…), kept on a rank stack;
* a *top-level unit* (Section, Article, §, 第…条…);
* a unit *quoted* by an amending unit (nested under it, never top level);
* or noise: a cross-reference that happens to start a line, a TOC entry, a
  list item or a subsection numbered like a section (bare-number grammars).

Headings are taken from the same line, the following line (label alone on
its line) or the previous line (Commonwealth marginal notes), choosing the
layout once per document from how its units look.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from ..document import CONTAINER, SUBDIVISION, UNIT, Box, Document, Provision
from .amendments import CueIndex
from .eids import EidMaker
from .grammar import Grammar, Rule
from .numbers import cjk_digits_to_arabic, is_successor, main_int, normalize_num, num_key
from .outline import Reading, outline, readings

#: The usual rank of a subdivision kind, for markers whose sequence cannot be followed.
_SUBDIVISION_RANK = {"subsection": 1, "paragraph": 2, "subparagraph": 3}
_OPEN_BRACKET = re.compile(r"[\[(]")
_LEAD_SEP = re.compile(r"^[ \t\u3000.:,;\-–—º°ª)\]）]+")  # a closing bracket ends a bracketed label: "(المادة الأولى)"
_TERMINAL = (".", ";", ",", ":", "：", "。", "；", "，")
_DOT_LEADER = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,}|_{4,})\s*\d*\s*$|\s{3,}\d{1,4}\s*$")
_SUBDIV_START = re.compile(r"^(?:\(\w{1,4}\)|\d{1,3}[.)°\-–]?\s|[a-z]\)\s|（[一二三四五六七八九十]+）)")
_QUOTE_START = re.compile(r"^[ \t]*[\"“”«„'‘’]", re.MULTILINE)
_CLOSING = {"«": "»", "“": "”", "„": "“", "‘": "’", "‹": "›"}
_WORD = re.compile(r"\S+")
# A numbered paragraph or a bracketed note opens the line ("1.", "(1)", "1-", "a)", "§ 2",
# "(Değişik: 6/12/2006 – 5560/16 md.)").
_PARAGRAPH_MARK = re.compile(r"^(?:\(|\d{1,3}\s*[.)\-–](?!\d)|[a-z]\)|§)")
# A paragraph's own number ("I.", "2)", "(a)") opening the text is not a heading ("Article L32-3 / I. - Les…").
_ENUMERATOR = re.compile(r"^\(?(?:§[ \t]*)?(?:[IVXLCDM]{1,6}|[A-Za-z]|\d{1,3})[.)°]?$")  # "§ 1": Polish "Art. 267. § 1. Kto…"
# A title in brackets before the text ("Art. 615-ter. - (Accesso abusivo) Chiunque…", as Italian codes
# print it); a bracket that holds a digit is an editor's note ("(Revogado pela Lei nº 11.719, de 2008)").
_BRACKET_TITLE = re.compile(r"^\(([^\W\d_][^()\n\d]{2,150})\)[ \t.:\-–—]*(?=\S)")
# A capital letter and a period opening the line under a label: the letter suffix of a
# number printed apart from it ("Art. 3" / "B. O juiz…" for article 3-B).
_SPLIT_SUFFIX = re.compile(r"^([A-Z])\.[ \t]+(?=\S)")
# A marginal heading closed by a full stop and a dash before the text ("Sale, etc., of obscene
# books, etc.—(1) …", "…injury.—Whoever"), as Indian and other Commonwealth codes print them; a
# dash inside a title runs on in lower case ("…authorisation etc.—control order declared void").
_DASH_TITLE = re.compile(r"[^\W\d_]{2}[.:][ \t]?[—–]{1,2}(?=[ \t]?[(\[\"“0-9A-ZÀ-Þ])")
# A section label after its marginal note on the same line ("Right of 6.-(1) Subject to…",
# "FO~W of 9,-(1) Access…"): scans of Commonwealth acts set the note beside the number and
# their text layer joins the two. Only the label that opens subsection (1) is read so.
_NOTE_THEN_LABEL = re.compile(r"(?:[^\W\d_][^\s\d]*[ \t]+){1,3}?(?P<num>\d{1,3}[A-Z]?)[.,][ \t]?(?=[-–—]{1,2}[ \t]?\()")
# A sentence ends inside the rest ("Objeto. La presente ley…"): a title is
# never two sentences, so such a rest is a run-in heading and its text.
_SENTENCE_BREAK = re.compile(r"(?<=[^\W\d_]{3})\.[ \t]+(?=[A-ZÀ-ÖØ-ÞА-ЯЁ])")


@dataclass
class _Cand:
    """A line that may start a provision."""

    line: int
    start: int
    end: int  # end of the line (exclusive, before the newline)
    level: str
    rule: Rule
    num: str
    rest_start: int
    rest: str
    toc: bool = False
    quoted: bool = False
    heading: str | None = None
    head_start: int = -1  # where the node starts (a marginal note above moves it up)
    body_start: int = -1
    last_line: int = -1  # the last line of the label's logical line (wrapped by a PDF layout)
    closed: bool = True  # whether that logical line closed within a few lines
    first_rest: str = ""  # the rest of the label's own physical line
    children: list[_Cand] = field(default_factory=list)


class _Lines:
    """Line offsets of a text, for O(log n) offset → line lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", text))

    def __len__(self) -> int:
        return len(self.starts)

    def index(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def span(self, i: int) -> tuple[int, int]:
        start = self.starts[i]
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return start, end

    def line(self, i: int) -> str:
        start, end = self.span(i)
        return self.text[start:end]

    def blank(self, i: int) -> bool:
        return not self.line(i).strip()


_SUPERSCRIPT = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_CJK_UNIT_WORD = re.compile("[条條章編编節节款]")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _clean_num(match: re.Match[str], index: int | None = None) -> str:
    """The number as printed, without the unit word; CJK numerals in arabic,
    a superscript insertion number after a point ("53¹" → "53.1", as cited).

    ``index`` names the rule's groups inside a combined regex (``num3``)."""
    suffix = "" if index is None else str(index)
    groups = match.groupdict()
    num = groups.get("num" + suffix) or ""
    num = _SUPERSCRIPT.sub(lambda m: "." + m.group().translate(_FROM_SUPERSCRIPT), num.strip())
    if num.startswith("第") and _CJK_UNIT_WORD.search(num):
        # "第百六十三条の五" -> 163の5; a Japanese chapter's branch follows its word too ("第十八章の二")
        num = cjk_digits_to_arabic(_CJK_UNIT_WORD.sub("", num[1:]).replace(" ", "").replace("\t", ""))
    return num


def _inserted_before(prev: str, num: str) -> bool:
    """Whether ``prev`` was inserted just before ``num`` by the Commonwealth
    habit of doubling its last letter ("27KAA Sunsetting" / "27KA Application",
    "46AA" / "46A"), though it sorts after it."""
    rest = prev[len(num):]
    return prev.startswith(num) and num[-1:].isalpha() and rest.isalpha() and rest.isupper() == num[-1].isupper()


def heading_like(text: str, max_words: int = 25) -> bool:
    """A short title: no sentence punctuation at its end, a few words."""
    stripped = text.strip()
    # the word count bounds spaced scripts; the length bounds text without spaces (Chinese,
    # Japanese), where a sentence is one "word". Russian titles run to 260 characters in 32 words.
    if not stripped or len(stripped) > (400 if " " in stripped else 250):
        return False
    stripped = stripped.rstrip("»”’\"'") or stripped  # a closing quotation mark hides the full stop
    if stripped.endswith(_TERMINAL) and not stripped.endswith(("etc.", "etc")):
        return False
    return len(_WORD.findall(stripped)) <= max_words


def _paragraph_ends(block: str) -> bool:
    """Whether a line of ``block`` other than its last ends a sentence (a paragraph closes inside it)."""
    lines = block.rstrip().split("\n")[:-1]
    return any(line.rstrip().endswith((".", ";")) for line in lines)


def _follows(before: Reading, now: Reading) -> bool:
    """Whether marker ``now`` is the next number after ``before`` in the same style (2. after 1.)."""
    if now.style != before.style:
        return False
    a, b = before.value(), now.value()
    return a is not None and b == a + 1


def _trim_end(text: str, start: int, end: int) -> int:
    """Move ``end`` back over trailing whitespace (never before ``start``)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


class Segmenter:
    """Segments one document with one grammar."""

    def __init__(self, doc: Document, grammar: Grammar) -> None:
        self.doc = doc
        self.text = doc.text
        self.g = grammar
        self.lines = _Lines(self.text)
        self.cues = CueIndex(self.text, grammar.amend)
        self.breaks = self._layout_breaks()
        self._boxes: dict[int, tuple[Box, float]] | None = None
        self._marker_readings: dict[str, list[Reading]] = {}

    def _layout_breaks(self) -> set[int]:
        """Lines that open a page or a column of the source layout.

        Extraction joins pages and columns with a single newline (a paragraph
        may run on), so the blank line that sets a unit apart is lost when
        the unit opens a page or a column. Those lines count as preceded by a
        gap."""
        breaks: set[int] = set()
        n = len(self.text)
        for page in self.doc.pages:
            if page.end > page.start and page.start < n:
                breaks.add(self.lines.index(page.start))
            prev = None
            for box in page.boxes:
                # Reading order went back up the page: a new column (or block).
                if prev is not None and box.top + 2 < prev.top and box.start < n:
                    breaks.add(self.lines.index(box.start))
                prev = box
        return breaks

    def _line_boxes(self) -> dict[int, tuple[Box, float]]:
        """Line index → (its layout box, the right edge of its column).

        Built once, only for extracted documents that carry boxes."""
        if self._boxes is not None:
            return self._boxes
        boxes: dict[int, tuple[Box, float]] = {}
        n = len(self.text)
        for page in self.doc.pages:
            page_boxes = [b for b in page.boxes if b.start < n]
            # The column's right edge: the widest line that shares the box's horizontal span.
            # Computed per distinct span, not per box: a text file is one page of thousands of
            # lines with the same span, and box against box took seconds there.
            spans = {(b.x0, b.x1) for b in page_boxes}
            right_of = {(x0, x1): max((r for left, r in spans if left < x1 and x0 < r), default=x1)
                        for x0, x1 in spans}
            for box in page_boxes:
                boxes.setdefault(self.lines.index(box.start), (box, right_of[(box.x0, box.x1)]))
        self._boxes = boxes
        return boxes

    def _laid_out(self, i: int) -> tuple[Box, float] | None:
        """Line ``i``'s layout box and its column's right edge, when the page laid it out: text,
        HTML and Markdown lines carry a line number but no width."""
        info = self._line_boxes().get(i)
        return info if info is not None and info[0].x1 > info[0].x0 else None

    def _wrap_fit(self, i: int) -> float | None:
        """How far the first word of line ``i + 1`` overshoots the end of line
        ``i`` in its column, in average character widths (positive: it could
        not have fitted, so the layout wrapped line ``i``); None when line
        ``i + 1`` cannot continue line ``i`` (no boxes, a blank line, a new
        page or column, a subdivision marker)."""
        if not self.doc.pages or i + 1 >= len(self.lines) or (i + 1) in self.breaks:
            return None
        info, nxt = self._laid_out(i), self._line_boxes().get(i + 1)
        if info is None or nxt is None or self.lines.blank(i + 1):
            return None  # no width (a text file): nothing wrapped the line
        box, right = info
        following = self.lines.line(i + 1).strip()
        if nxt[0].top <= box.top or not self.lines.line(i).strip() or _SUBDIV_START.match(following):
            return None
        # The word is measured in the next line's font (a bold heading's
        # glyphs are wider than the body's).
        char = (nxt[0].x1 - nxt[0].x0) / max(1, len(following))
        word = len(following.split()[0]) * char
        return (box.x1 + word - right) / max(char, 0.1)

    def _logical_end(self, i: int, limit: int = 6) -> tuple[int, bool]:
        """The last line of the logical line that starts at line ``i`` (the
        lines the layout wrapped it onto, at most ``limit`` more), and whether
        it closed: its last line is clearly short or ends the block.

        A line that ends within two characters of its column's margin is
        taken as wrapped too (the next word may just not have fitted), so a
        wrapped title and the paragraph after it cannot be told apart by the
        margin alone; a title closes within a few lines, a paragraph may not."""
        j = i
        while True:
            fit = self._wrap_fit(j)
            if fit is None or fit < -2.0:
                return j, True
            if j - i >= limit:
                return j, False
            j += 1

    def _logical_text(self, start: int, last: int) -> str:
        """``text[start:]`` up to the end of line ``last``, wrapped lines joined by
        spaces (same length, so offsets into it are offsets into the text)."""
        return self.text[start:self.lines.span(last)[1]].replace("\n", " ")

    def _opens_sentence(self, i: int) -> bool:
        """Line ``i`` starts with a capital letter or a marker (not a continuation)."""
        line = self.lines.line(i).lstrip()
        return bool(line) and (line[0].isupper() or not line[0].isalpha())

    def _title_on_label_line(self, cand: _Cand, skip: int, wrapped: bool) -> tuple[str, int] | None:
        """In a code whose text runs in after the label, the title (and its
        line) that a label line ends with, or that stands on the line after a
        bare label, when the text then opens a paragraph ("المادة 2
        الاختراق الإلكتروني" / "1- يعاقب…"; "Madde 2" / "Tanımlar" /
        "(1) Bu Kanunun…"; "Artículo 1. Objeto." / "1. Es objeto…"): a few
        words, at most a closing full stop, no lower-case start, and a line
        shorter than the document's wide lines (a hard-wrapped line of text is
        as wide as the others)."""
        if not wrapped and not cand.closed:
            return None
        line = cand.line
        title = (cand.first_rest if wrapped else cand.rest)[skip:].strip()
        if not title and wrapped:  # a bare label: the title may stand on the next line
            line += 1
            title = self.lines.line(line).strip()
        nxt = line + 1
        if nxt >= len(self.lines) or self.lines.blank(nxt):
            return None
        if line > cand.line and not _PARAGRAPH_MARK.match(self.lines.line(nxt).lstrip()):
            return None  # under a bare label, the first line of the text may be short too
        words = len(_WORD.findall(title))
        # "Artículo 1. Objeto.": a title may close with a full stop on the label's own line
        titled = heading_like(title, 15) or (line == cand.line and title.endswith(".") and words <= 12
                                               and not _SENTENCE_BREAK.search(title[:-1]) and ". " not in title)
        if (not title or title[0].islower() or not titled or _SUBDIV_START.match(title)
                or not self._opens_paragraph(nxt)
                or len(self.lines.line(line)) >= 0.75 * self._wide_line):
            return None
        return title, line

    @cached_property
    def _wide_line(self) -> float:
        """The width, in characters, of the document's wide lines (90th percentile)."""
        widths = sorted(len(line) for line in self.text.split("\n") if line.strip())
        return float(widths[int(0.9 * (len(widths) - 1))]) if widths else 0.0

    def _opens_paragraph(self, i: int) -> bool:
        """Line ``i`` starts with a paragraph marker ("1-", "(a)", "—") or with a
        letter of a script without case (Arabic, CJK…). A capital alone is no
        proof: a hard-wrapped line may go on with a proper noun."""
        line = self.lines.line(i).lstrip()
        return bool(line) and (not line[0].isalpha() or line[0].lower() == line[0].upper())

    def _gap_before(self, i: int) -> bool:
        """Line ``i`` opens the text, follows a blank line or opens a page or column."""
        return i <= 0 or self.lines.blank(i - 1) or i in self.breaks

    # -- candidates ---------------------------------------------------------
    def _collect(self) -> tuple[dict[int, _Cand], dict[int, _Cand]]:
        units: dict[int, _Cand] = {}
        containers: dict[int, _Cand] = {}
        rules = self.g.containers + self.g.units
        n_cont = len(self.g.containers)
        lead = self.g.lead
        if lead is None:
            return units, containers
        # One scan with the combined regex: the first alternative that
        # matches a line wins (container rules come first, as listed).
        both: dict[int, _Cand] = {}
        for m in lead.finditer(self.text):
            name = m.lastgroup or ""
            if not name.startswith("r"):
                continue
            k = int(name[1:])
            rule = rules[k]
            i = self.lines.index(m.start())
            start, end = self.lines.span(i)
            if m.end() > end:
                continue
            level = CONTAINER if k < n_cont else UNIT
            num = _clean_num(m, k)
            cand = _Cand(i, start, end, level, rule, num, m.end(), self.text[m.end():end])
            (containers if level == CONTAINER else units)[i] = cand
            if level == CONTAINER and not rule.priority:
                # A unit rule may also match this line (الفصل 12 is a Moroccan
                # article, not a chapter): give the units a chance.
                both[i] = cand
        for i, cand in both.items():
            start = cand.start
            for rule in self.g.units:
                m2 = rule.regex.match(self.text, start)
                if m2 and m2.end() <= cand.end:
                    del containers[i]
                    units[i] = _Cand(i, start, cand.end, UNIT, rule, _clean_num(m2), m2.end(),
                                     self.text[m2.end():cand.end])
                    break
        for i, cand in list(containers.items()):
            if not self._plausible_container(cand):
                del containers[i]
        self._notes_beside_labels(units, containers)
        return units, containers

    def _notes_beside_labels(self, units: dict[int, _Cand], containers: dict[int, _Cand]) -> None:
        """Sections whose marginal note precedes the label on its line (:data:`_NOTE_THEN_LABEL`),
        in a laid-out document whose sections open with "N.-(1)" at least three times."""
        rule = next((r for r in self.g.units if not r.strong and r.kind == "section"), None)
        if rule is None or not self.doc.pages:
            return
        dashed = sum(1 for c in units.values() if not c.rule.strong and c.rest.lstrip(" \t.").startswith(("-(", "—(", "–(")))
        if dashed < 3:
            return
        for i in range(len(self.lines)):
            if i in units or i in containers or self._laid_out(i) is None:
                continue
            start, end = self.lines.span(i)
            m = _NOTE_THEN_LABEL.match(self.text, start, end)
            if m:
                units[i] = _Cand(i, start, end, UNIT, rule, m.group("num"), m.end(), self.text[m.end():end])

    def _plausible_container(self, cand: _Cand) -> bool:
        line = self.text[cand.start:cand.end].strip()
        rest = _LEAD_SEP.sub("", cand.rest).strip()
        # A line this long is a sentence, unless the label's colon or dash opens a long title that
        # ends without a full stop ("Titre XXI bis : Protection des personnes bénéficiant…").
        titled = cand.rest.lstrip()[:1] in (":", "-", "–", "—") and not line.endswith(".")
        if len(line) > (400 if titled else 250):
            return False
        if rest and self.g.xref is not None and self.g.xref.match(rest):
            return False
        return not rest.endswith((",", ";"))

    # -- TOC ---------------------------------------------------------------------
    def _body_empty(self, cand: _Cand, boundary_lines: set[int]) -> bool:
        """Nothing but the label (and maybe a short title) before the next candidate."""
        rest = _LEAD_SEP.sub("", cand.rest).strip()
        if rest and (not heading_like(rest, 30) or _DASH_TITLE.search(rest)):
            return False  # a title closed by ".—" runs into its text: a body, whatever the next line is
        for j in range(cand.line + 1, min(cand.line + 4, len(self.lines))):
            if self.lines.blank(j):
                continue
            if j in boundary_lines:
                return True
            line = self.lines.line(j)
            # A title on the next line of a TOC entry is allowed; a body is not.
            if heading_like(line, 20) and j + 1 < len(self.lines) and (j + 1) in boundary_lines:
                return True
            return False
        return cand.line + 1 >= len(self.lines)

    def _mark_toc(self, units: dict[int, _Cand], containers: dict[int, _Cand]) -> None:
        # Boundaries are lines that look like TOC entries themselves: a bare
        # number followed by a sentence is a subsection, not an entry.
        # A weak "1" is a subsection restarting under its section ("11 Warrantless searches…" /
        # "1 This section applies…"), not the next entry of a contents list.
        boundary = set(containers) | {i for i, c in units.items()
                                      if c.rule.strong or (heading_like(_LEAD_SEP.sub("", c.rest), 30)
                                                           or not c.rest.strip()) and main_int(c.num) != 1}
        later: dict[str, int] = {}
        ordered = sorted(units)
        for i in ordered:
            later[normalize_num(units[i].num)] = i  # last occurrence
        for i in ordered:
            cand = units[i]
            line = self.text[cand.start:cand.end]
            if _DOT_LEADER.search(line):
                cand.toc = True
                continue
            last = later.get(normalize_num(cand.num), i)
            if last > i and self._body_empty(cand, boundary):
                cand.toc = True
        # Containers whose next unit candidate is a TOC entry belong to the TOC.
        unit_lines = sorted(units)
        for i, cont in containers.items():
            if _DOT_LEADER.search(self.text[cont.start:cont.end]):
                cont.toc = True
                continue
            k = bisect_right(unit_lines, i)
            if k < len(unit_lines) and units[unit_lines[k]].toc:
                cont.toc = True

    # -- headings -------------------------------------------------------------------
    def _above_heading(self, cand: _Cand, candidates: dict[int, _Cand]) -> int | None:
        """The first line of a marginal-note heading right above ``cand``, if any.

        A note is one line, or up to three when extraction wrapped it (a
        narrow column); it stands alone after a gap (or a container)."""
        words = 0
        for j in range(cand.line - 1, max(-1, cand.line - 4), -1):
            if j < 0 or self.lines.blank(j) or j in candidates:
                return None
            line = self.lines.line(j).strip()
            words += len(_WORD.findall(line))
            if not heading_like(line, 20) or _SUBDIV_START.match(line) or words > 30:
                return None
            if self._gap_before(j) or (j - 1) in candidates:
                # A wrapped note starts with a capital; its later lines
                # continue it.
                if j < cand.line - 1 and not line[:1].isupper():
                    return None
                return j
        return None

    def _above_text(self, j: int, cand: _Cand) -> str:
        """The marginal note of lines ``j`` … ``cand.line - 1``, joined by spaces."""
        return " ".join(self.lines.line(k).strip() for k in range(j, cand.line))

    def _choose_layout(self, tops: list[_Cand], candidates: dict[int, _Cand]) -> tuple[bool, bool]:
        """(above, runin): whether headings sit above units, whether text runs in."""
        if not tops:
            return False, False
        above = sum(1 for c in tops if self._above_heading(c, candidates) is not None)
        # Long rests (many words, or many characters for scripts without
        # spaces) mean the text runs in after the label.
        rests = [self._layout_rest(c) for c in tops]
        long_rest = sum(1 for r in rests if len(_WORD.findall(r)) > 20 or len(r.strip()) > 100
                        or _SENTENCE_BREAK.search(r) is not None
                        or (r.strip() and not r.strip().endswith(".") and not heading_like(r, 40)))
        return above >= 0.3 * len(tops), long_rest >= 0.4 * len(tops)

    def _layout_rest(self, cand: _Cand) -> str:
        """The rest that tells the layout: a label line the PDF ran into a
        paragraph that opens a new sentence counts as its own line."""
        if cand.last_line > cand.line and not cand.closed and self._opens_sentence(cand.line + 1):
            return cand.first_rest
        return cand.rest

    def _continues_sentence(self, cand: _Cand) -> bool:
        """Does the next line with text, blank lines skipped, open in lower case
        (the label line's rest is a sentence the layout broke)?"""
        j = max(cand.line, cand.last_line) + 1
        while j < len(self.lines) and self.lines.blank(j):
            j += 1
        line = self.lines.line(j).lstrip() if j < len(self.lines) else ""
        return bool(line) and line[0].islower()

    def _split_runin(self, rest: str) -> tuple[str | None, int]:
        """Heading and the offset of the body in a run-in ``rest``."""
        bracketed = _BRACKET_TITLE.match(rest)
        if bracketed and bracketed.group(1)[:1].isupper() and len(_WORD.findall(bracketed.group(1))) <= 15:
            return bracketed.group(1).strip(), bracketed.end()
        for sep in self.g.heading_seps:
            k = rest.find(sep, 1)
            if 0 < k <= 200:
                head = rest[:k].strip()
                if _ENUMERATOR.match(head):
                    return None, 0
                if sep == ". ":
                    # A bare full stop separates the heading from the text
                    # ("Artículo 1. Objeto. La presente ley…"): not part of it.
                    if head and len(_WORD.findall(head)) <= 15 and not head.endswith("."):
                        return head, k + len(sep)
                    continue
                if sep.startswith("."):
                    head += "."
                # A title closed by a full stop before a dash ("210. Omission to produce document or
                # electronic record to public servant by person legally bound to produce it.—Whoever")
                # is a run-in heading up to 30 words: Indian and other Commonwealth codes run to 20.
                limit = 30 if sep.strip(" .")[:1] in ("—", "–") else 15
                if head.endswith(".") and len(_WORD.findall(head)) <= limit:
                    return head, k + len(sep)
        return None, 0

    def _set_heading(self, cand: _Cand, candidates: dict[int, _Cand], above: bool, runin: bool) -> None:
        cand.head_start = cand.start
        rest_raw = cand.rest
        lead = _LEAD_SEP.match(rest_raw)
        skip = lead.end() if lead else 0
        rest = rest_raw[skip:]
        cand.body_start = cand.rest_start + skip
        if above:
            j = self._above_heading(cand, candidates)
            if j is not None:
                cand.heading = self._above_text(j, cand)
                cand.head_start = self.lines.starts[j] + (len(self.lines.line(j)) - len(self.lines.line(j).lstrip()))
                return
        if rest.strip():
            # Outside run-in texts a short rest is the title, even when it
            # ends with a full stop ("Artículo 4. Obligación de conservar datos.").
            wrapped = cand.last_line > cand.line
            short_title = not wrapped and len(_WORD.findall(rest)) <= 25 and len(rest) <= 250
            if (runin or not (heading_like(rest, 40) or short_title) or not cand.closed
                    or _SENTENCE_BREAK.search(rest, 0, 200) or _DASH_TITLE.search(rest, 0, 200)):
                head, at = self._split_runin(rest)
                if head:
                    cand.heading = head
                    cand.body_start = cand.rest_start + skip + at
                elif found := self._title_on_label_line(cand, skip, wrapped):
                    cand.heading = found[0]
                    cand.body_start = self.lines.span(found[1])[1] if wrapped else cand.end
                elif wrapped and not runin and self._opens_sentence(cand.line + 1):
                    # The layout ran the label's line into a paragraph that
                    # opens a new sentence: the line is the title.
                    first = cand.first_rest[skip:].strip()
                    if first and heading_like(first, 40):
                        cand.heading = first
                        cand.body_start = self.lines.span(cand.line)[1]
                return
            if rest.rstrip().endswith(":") or self._continues_sentence(cand):
                return  # the first words of the text, cut by the layout ("ARTICULO 4º.- Las disposiciones" / "generales…")
            cand.heading = rest.strip()
            cand.body_start = cand.end
            return
        # Label alone on its line: a short line after it may be the heading.
        j = max(cand.line, cand.last_line) + 1
        if j < len(self.lines) and not self.lines.blank(j) and j not in candidates:
            last, closed = self._logical_end(j) if self.doc.pages else (j, True)
            line = self._logical_text(self.lines.starts[j], last).strip()
            if last > j and not closed:
                return  # a paragraph, not a title
            nxt = last + 1
            if (heading_like(line, 15) and not _SUBDIV_START.match(line) and nxt < len(self.lines)
                    and not self.lines.blank(nxt) and not above):
                cand.heading = line
                cand.body_start = self.lines.span(last)[1]

    # -- acceptance -------------------------------------------------------------------
    def _weak_ok(self, cand: _Cand, prev: _Cand | None, reset: bool, candidates: dict[int, _Cand]) -> bool:
        """Whether a bare-number candidate (``4.``, ``3A Heading``) is a section."""
        rest = _LEAD_SEP.sub("", cand.rest).strip()
        cur = main_int(cand.num) or 0
        blank_before = self._gap_before(cand.line)
        if prev is None:
            seq_ok = cur <= 2 or blank_before
        else:
            before = num_key(prev.num)
            seq_ok = num_key(cand.num) > before and cur - before[0] <= 10 or _inserted_before(prev.num, cand.num)
            if not seq_ok and reset:
                seq_ok = cur <= 1
        if not seq_ok:
            return False
        stripped = cand.rest.lstrip(" \t.")
        shape_ok = (not rest or stripped.startswith(("(", "—(", "–(", "-(", "—", "–"))
                    or (heading_like(rest, 25) and rest[:1].isupper())
                    or rest[:1].isupper() and self._dash_title(cand, rest)
                    or self._above_heading(cand, candidates) is not None)
        if shape_ok:
            return True
        return blank_before and (prev is None or is_successor(prev.num, cand.num))

    def _dash_title(self, cand: _Cand, rest: str) -> bool:
        """A heading closed by ".—" on the label line or, when it wraps, on the next
        ("196. Promoting enmity … place of birth," / "residence, language, etc.—…")."""
        if _DASH_TITLE.search(rest):
            return True
        return cand.line + 1 < len(self.lines) and bool(_DASH_TITLE.search(self.lines.line(cand.line + 1)))

    def _list_item(self, cand: _Cand, list_last: str) -> bool:
        """Whether a bare-number candidate continues a numbered list that
        restarted at 1 inside the current unit (definitions, enumerations).

        The next item of the list is an item unless it reads like a section
        title (a short capitalised line without final punctuation), so the
        act's own next section after a short list is still found."""
        if not is_successor(list_last, cand.num) or main_int(list_last) == main_int(cand.num):
            return False
        rest = _LEAD_SEP.sub("", cand.rest).strip()
        return bool(rest) and not (heading_like(rest, 15) and rest[:1].isupper())

    def _is_xref(self, cand: _Cand) -> bool:
        if self.g.xref is None:
            return False
        rest = cand.rest.lstrip(" \t")
        return bool(rest) and bool(self.g.xref.match(rest))

    def run(self) -> list[Provision]:
        units, containers = self._collect()
        strong = sum(1 for c in units.values() if c.rule.strong and not self._is_xref(c))
        if strong >= 3:
            units = {i: c for i, c in units.items() if c.rule.strong}
        self._sections_between_articles(units, containers)
        self._mark_toc(units, containers)
        events = sorted([c for c in units.values() if not c.toc] + [c for c in containers.values() if not c.toc],
                        key=lambda c: c.line)
        # In a text that sets most units apart with a blank line (an official
        # print, the canon renditions), a label glued to the previous line is
        # not a unit of this act (an enacting formula's articles, interleaved
        # regulations). PDFs lose blank lines, so the rule switches itself off.
        unit_events = [c for c in events if c.level == UNIT and not self._is_xref(c)]
        spaced = sum(1 for c in unit_events if self._set_apart(c))
        strict_blank = len(unit_events) >= 10 and spaced >= 0.5 * len(unit_events)
        tops: list[_Cand] = []  # accepted top-level units and containers, in order
        prev: _Cand | None = None
        reset = False
        list_last: str | None = None  # the last item of a numbered list inside the current unit
        for cand in events:
            if cand.level == CONTAINER:
                if prev is not None and self._amending(prev, cand):
                    cand.quoted = True
                    prev.children.append(cand)
                    continue
                if self._quote_opened(cand):
                    continue
                tops.append(cand)
                reset = True
                list_last = None
                continue
            if self._is_xref(cand):
                continue
            # The cheap numbering test first: the cue search only runs for
            # candidates that are not the act's own next unit.
            if prev is not None and not self._follows(prev, cand) and self._amending(prev, cand):
                cand.quoted = True
                prev.children.append(cand)
                continue
            if self._quote_opened(cand):
                continue  # a quotation outside an amending unit: not a unit of this act
            if strict_blank and not self._set_apart(cand) and not self._glued_successor(prev, cand):
                continue
            if not cand.rule.strong:
                if list_last is not None and self._list_item(cand, list_last):
                    list_last = cand.num
                    continue
                if not self._weak_ok(cand, prev, reset, units):
                    if prev is not None and main_int(cand.num) == 1:
                        list_last = cand.num  # a list restarts at 1 inside the unit
                    continue
            tops.append(cand)
            prev = cand
            reset = False
            list_last = None
        self._join_split_suffixes(tops)
        accepted = {c.line: c for c in tops}
        for c in tops:
            for q in c.children:
                accepted[q.line] = q
        if self.doc.pages:
            for c in accepted.values():
                last, closed = self._logical_end(c.line)
                if last > c.line:
                    c.first_rest = c.rest
                    c.closed = closed
                    c.last_line = last
                    c.end = self.lines.span(last)[1]
                    c.rest = self._logical_text(c.rest_start, last)
        unit_tops = [c for c in tops if c.level == UNIT]
        above, runin = self._choose_layout(unit_tops, accepted)
        for c in list(accepted.values()):
            if c.level == UNIT:
                self._set_heading(c, accepted, above, runin)
            else:
                self._set_container_heading(c, accepted)
        return self._build(tops)

    def _glued_successor(self, prev: _Cand | None, cand: _Cand) -> bool:
        """The act's next unit with its title on the label line, though no blank line sets it
        apart: OCR and PDF extraction lose the gap before a heading now and then ("(2) A
        reference…" / "6. Modification of contents" in a scan whose other units are apart)."""
        if prev is None or not self.doc.pages or not is_successor(prev.num, cand.num):
            return False
        if self._laid_out(cand.line) is None:
            return False  # a text file keeps the blank lines it was written with
        rest = _LEAD_SEP.sub("", cand.rest).strip()
        return bool(rest) and rest[:1].isupper() and heading_like(rest, 15)

    def _sections_between_articles(self, units: dict[int, _Cand], containers: dict[int, _Cand]) -> None:
        """In an act of articles, "Section 2: Licensing in electronic communications"
        with nothing but its title before the next article groups articles (Rwandan
        and other gazettes put sections under chapters): a container, not a unit."""
        articles = {i for i, c in units.items() if c.rule.kind == "article" and c.rule.strong and not self._is_xref(c)}
        sections = sum(1 for c in units.values() if c.rule.kind == "section" and c.rule.strong)
        rule = next((r for r in self.g.containers if r.kind == "section"), None)
        # an act of sections that cites articles ("Article 5 of the Penal Code is replaced") is not one
        if len(articles) < 3 or len(articles) <= sections or rule is None:
            return
        boundary = articles | set(containers)
        for i, cand in list(units.items()):
            if cand.rule.kind == "section" and self._titles_only(cand, boundary):
                containers[i] = _Cand(i, cand.start, cand.end, CONTAINER, rule, cand.num, cand.rest_start, cand.rest)
                del units[i]

    def _titles_only(self, cand: _Cand, boundary: set[int]) -> bool:
        """Only titles before the next boundary line: the label's own, wrapped onto a
        few lines, perhaps followed by a sub-section's ("Sub-Section One: …")."""
        if not heading_like(_LEAD_SEP.sub("", cand.rest).strip() or "x", 30):
            return False
        titles = 0
        for j in range(cand.line + 1, min(cand.line + 10, len(self.lines))):
            if j in boundary:
                return True
            if self.lines.blank(j):
                continue
            titles += 1
            if titles > 4 or not heading_like(self.lines.line(j), 15):
                return False
        return False

    def _join_split_suffixes(self, tops: list[_Cand]) -> None:
        """Units inserted after article 3 are numbered 3-A, 3-B…; some renditions
        print the letter on the line under the label ("Art. 3" / "B. O juiz…"),
        so the act seems to repeat article 3; others after a colon on the label's
        line ("Art. 3: B. O juiz…"). A unit repeating the number of the unit
        before it takes the letter that opens its text as suffix."""
        prev: _Cand | None = None
        for cand in tops:
            if cand.level != UNIT:
                continue
            if prev is not None and prev.rule.series == cand.rule.series and (
                    prev.num == cand.num or prev.num.startswith(cand.num + "-")):
                lead = _LEAD_SEP.match(cand.rest)
                skip = lead.end() if lead and ":" in lead.group() else -1
                if skip >= 0 and (match := _SPLIT_SUFFIX.match(cand.rest[skip:])):
                    cut = skip + match.end()
                    cand.num = f"{cand.num}-{match.group(1)}"
                    cand.rest_start += cut
                    cand.rest = cand.rest[cut:]
                    cand.first_rest = cand.first_rest[cut:] if cand.first_rest else ""
                elif cand.line + 1 < len(self.lines) and (match := _SPLIT_SUFFIX.match(self.lines.line(cand.line + 1))):
                    cand.num = f"{cand.num}-{match.group(1)}"
            prev = cand

    def _set_apart(self, cand: _Cand) -> bool:
        """Preceded by a blank line (or by a marginal note that is)."""
        if self._gap_before(cand.line):
            return True
        return self._above_heading(cand, {}) is not None

    def _quote_opened(self, cand: _Cand) -> bool:
        return bool(_QUOTE_START.match(self.text, cand.start, cand.end))

    @staticmethod
    def _follows(prev: _Cand, cand: _Cand) -> bool:
        """Whether ``cand`` can be the amending act's own unit after ``prev``."""
        if cand.rule is not prev.rule:
            return True  # another series (dispositions after articles)
        return is_successor(prev.num, cand.num)

    def _amending(self, unit: _Cand, cand: _Cand) -> bool:
        """Whether ``cand`` sits inside the quotation of amending unit ``unit``."""
        return self.cues.opens_quotation(unit.start, cand.start,
                                         bool(_QUOTE_START.match(self.text, cand.start, cand.end)))

    def _set_container_heading(self, cand: _Cand, candidates: dict[int, _Cand]) -> None:
        cand.head_start = cand.start
        rest = _LEAD_SEP.sub("", cand.rest).strip()
        cand.body_start = cand.end
        if rest:
            cand.heading = rest
            return
        j = cand.line + 1
        if j < len(self.lines) and not self.lines.blank(j) and j not in candidates:
            line = self.lines.line(j).strip()
            if heading_like(line, 25) and not _SUBDIV_START.match(line):
                cand.heading = line
                cand.body_start = self.lines.span(j)[1]

    # -- tree ------------------------------------------------------------------------------
    def _node(self, cand: _Cand, start: int, end: int, eid: str) -> Provision:
        end = _trim_end(self.text, start, end)
        doc = self.doc
        rest = self.text[cand.body_start:end] if cand.body_start >= 0 else ""
        repealed = False
        if self.g.repealed is not None:
            repealed = bool(cand.heading and self._says_repealed(cand.heading)
                            or len(rest.strip()) <= 120 and self._says_repealed(rest.strip()))
        return Provision(
            eid=eid, kind=cand.rule.kind, level=cand.level, num=cand.num or None, heading=cand.heading,
            text=self.text[start:end], start=start, end=end,
            pages=(doc.page_of(start), doc.page_of(max(start, end - 1))), lang=self.g.lang,
            quoted=cand.quoted, repealed=repealed,
        )

    def _says_repealed(self, text: str) -> bool:
        """Does ``text`` open with a repeal note, or close with a bracketed one
        ("Access to computers [Repealed by Act 4.]")?"""
        assert self.g.repealed is not None
        return bool(self.g.repealed.search(text)) or any(
            self.g.repealed.search(text[m.start():]) for m in _OPEN_BRACKET.finditer(text, 1))

    def _build(self, tops: list[_Cand]) -> list[Provision]:
        text_end = len(self.text)
        eids = EidMaker()
        roots: list[Provision] = []
        stack: list[tuple[_Cand, Provision]] = []
        starts = [c.head_start for c in tops] + [text_end]
        for k, cand in enumerate(tops):
            start = cand.head_start
            if cand.level == CONTAINER:
                # Close containers of the same or a lower rank.
                while stack and stack[-1][0].rule.rank >= cand.rule.rank:
                    stack.pop()
                prefix = stack[-1][1].eid if stack else ""
                node = self._node(cand, start, start, eids.make(prefix, cand.rule, cand.num))
                (stack[-1][1].children if stack else roots).append(node)
                stack.append((cand, node))
                continue
            end = starts[k + 1]
            prefix = stack[-1][1].eid if stack else ""
            node = self._node(cand, start, end, eids.make(prefix, cand.rule, cand.num))
            self._fill_unit(node, cand, eids)
            (stack[-1][1].children if stack else roots).append(node)
        self._close_containers(roots)
        return roots

    def _close_containers(self, nodes: list[Provision]) -> None:
        """Extend every container to the end of its last descendant."""
        for node in nodes:
            if node.level == CONTAINER:
                self._close_containers(node.children)
                if node.children:
                    node.end = max(node.end, node.children[-1].end)
                    node.text = self.text[node.start:node.end]
                    node.pages = (node.pages[0], self.doc.page_of(max(node.start, node.end - 1)))
                else:
                    line_end = self.text.find("\n", node.start)
                    node.end = _trim_end(self.text, node.start, len(self.text) if line_end < 0 else line_end)
                    node.text = self.text[node.start:node.end]

    def _fill_unit(self, node: Provision, cand: _Cand, eids: EidMaker) -> None:
        """Subdivisions of a unit, and the provisions it quotes, in document order.

        A quoted provision that opens with a quotation mark ends at the line
        that closes it («Art. 88bis. … .»); the amending unit's own text
        resumes after it."""
        quoted = cand.children
        pos = cand.body_start if cand.body_start >= 0 else cand.rest_start
        for k, q in enumerate(quoted):
            own_end = _trim_end(self.text, pos, q.head_start)
            node.children.extend(self._subdivisions(pos, own_end, node.eid, eids))
            q_end = quoted[k + 1].head_start if k + 1 < len(quoted) else node.end
            body = q.body_start if q.body_start >= 0 else q.rest_start
            instruction = next((c for c in reversed(node.children) if c.level == SUBDIVISION), None)
            q_end = self._quotation_end(q, body, q_end, instruction)
            q_eid = eids.make(f"{node.eid}__qstr_{k + 1}", q.rule, q.num)
            child = self._node(q, q.head_start, q_end, q_eid)
            if q.level == UNIT:
                child.children.extend(self._subdivisions(body, child.end, child.eid, eids))
            node.children.append(child)
            pos = max(pos, q_end)
        own_end = _trim_end(self.text, pos, node.end)
        node.children.extend(self._subdivisions(pos, own_end, node.eid, eids))

    def _quotation_end(self, q: _Cand, body: int, end: int, instruction: Provision | None = None) -> int:
        """Where the quotation opened on ``q``'s line closes (``end`` if not found).

        A provision quoted without quotation marks by a numbered instruction
        of the amending unit (``instruction``: "1. Il est introduit un
        article 231bis … libellé comme suit:") ends where the next
        instruction begins ("2. L'alinéa 1 de l'article 461 … est modifié
        comme suit:"): the next number of the same series, on a line that
        holds an amending cue."""
        opened = _QUOTE_START.match(self.text, q.start, q.end)
        if not opened:
            return self._next_instruction(instruction, body, end) if instruction is not None else end
        mark = self.text[opened.end() - 1]
        close = _CLOSING.get(mark, mark)
        found = re.compile(re.escape(close) + r"[.;,]?[ \t]*$", re.MULTILINE).search(self.text, max(body, q.start + 1), end)
        return found.end() if found else end

    def _marker(self, line: int, start: int = 0) -> tuple[int, list[Reading]] | None:
        """The subdivision marker opening line ``line`` (read from ``start`` when that
        falls inside it): where it stands and every rule's reading of it."""
        line_start, line_end = self.lines.span(line)
        pos = max(line_start, start)
        while pos < line_end and self.text[pos] in " \t\u3000":
            pos += 1
        subdiv = self.g.subdiv
        m = subdiv.match(self.text, pos, line_end) if subdiv is not None else None
        if not m:
            return None
        k = next(j for j in range(len(self.g.subdivisions)) if m.group(f"num{j}") is not None)
        # every rule that reads the marker: "(i)" is a roman numeral or the letter after (h)
        # the marker and the character after it decide every rule's reading (markers repeat: cached)
        key = self.text[pos:min(m.end() + 1, line_end)]
        found = self._marker_readings.get(key)
        if found is None:
            found = self._readings(k, m.group(f"num{k}"))
            for j, rule in enumerate(self.g.subdivisions):
                other = rule.regex.match(key) if j != k else None
                if other:
                    found += self._readings(j, other.group("num"))
            self._marker_readings[key] = found
        return pos, found

    def _next_instruction(self, instruction: Provision, start: int, end: int) -> int:
        """The start of the line in ``[start, end)`` that numbers the instruction
        after ``instruction`` and holds an amending cue (``end`` if none)."""
        cue = self.cues.cue
        before = self._marker(self.lines.index(instruction.start))
        if cue is None or before is None or end <= start:
            return end
        for i in range(self.lines.index(start) + 1, self.lines.index(max(start, end - 1)) + 1):
            found = self._marker(i)
            if found is None:
                continue
            pos, now = found
            if any(_follows(b, r) for b in before[1] for r in now) and cue.search(self.text, pos, self.lines.span(i)[1]):
                return _trim_end(self.text, start, self.lines.span(i)[0])
        return end

    def _readings(self, rule: int, num: str) -> list[Reading]:
        kind = self.g.subdivisions[rule].kind
        return readings(rule, kind, num, _SUBDIVISION_RANK.get(kind, 3))

    def _subdivisions(self, start: int, end: int, parent_eid: str, eids: EidMaker) -> list[Provision]:
        """Subsections, paragraphs and subparagraphs between ``start`` and ``end``."""
        if end <= start or self.g.subdiv is None:
            return []
        first = self.lines.index(start)
        last = self.lines.index(max(start, end - 1))
        # (offset, the marker's readings)
        markers = [found for i in range(first, last + 1) if (found := self._marker(i, start)) is not None]
        if not markers:
            return []
        closed = [False] + [_paragraph_ends(self.text[before:pos])
                            for (before, _), (pos, _) in zip(markers, markers[1:])]
        placed = outline([readings for _, readings in markers], closed)
        depths: list[int] = []
        for parent_index, _ in placed:
            depths.append(depths[parent_index] + 1 if parent_index >= 0 else 0)
        # A node ends where the next marker outside it (no deeper than it) begins.
        stops = [end] * len(markers)
        waiting: list[int] = []
        for n, depth in enumerate(depths):
            while waiting and depths[waiting[-1]] >= depth:
                stops[waiting.pop()] = markers[n][0]
            waiting.append(n)
        result: list[Provision] = []
        nodes: list[Provision] = []
        for (pos, _), (parent_index, reading), stop in zip(markers, placed, stops):
            parent = nodes[parent_index] if parent_index >= 0 else None
            stop = _trim_end(self.text, pos, stop)
            eid = eids.make_sub(parent.eid if parent else parent_eid, reading.kind, reading.num)
            node = Provision(eid=eid, kind=reading.kind, level=SUBDIVISION, num=reading.num,
                             text=self.text[pos:stop], start=pos, end=stop,
                             pages=(self.doc.page_of(pos), self.doc.page_of(max(pos, stop - 1))), lang=self.g.lang)
            (parent.children if parent else result).append(node)
            nodes.append(node)
        return result

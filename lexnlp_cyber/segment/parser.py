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

from ..document import CONTAINER, SUBDIVISION, UNIT, Document, Provision
from .amendments import CueIndex
from .eids import EidMaker
from .grammar import Grammar, Rule
from .numbers import cjk_digits_to_arabic, is_successor, main_int, normalize_num, num_key

_LEAD_SEP = re.compile(r"^[ \t\u3000.:,;\-–—º°ª]+")
_TERMINAL = (".", ";", ",", ":", "：", "。", "；", "，")
_DOT_LEADER = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,}|_{4,})\s*\d*\s*$|\s{3,}\d{1,4}\s*$")
_SUBDIV_START = re.compile(r"^(?:\(\w{1,4}\)|\d{1,3}[.)°\-–]?\s|[a-z]\)\s|（[一二三四五六七八九十]+）)")
_QUOTE_START = re.compile(r"^[ \t]*[\"“”«„'‘’]")
_WORD = re.compile(r"\S+")


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


def _clean_num(match: re.Match[str], index: int | None = None) -> str:
    """The number as printed, without the unit word; CJK numerals in arabic.

    ``index`` names the rule's groups inside a combined regex (``num3``)."""
    suffix = "" if index is None else str(index)
    groups = match.groupdict()
    num = groups.get("num" + suffix) or ""
    pre = groups.get("pre" + suffix)
    if pre:
        num = f"{pre} {num}"
    num = num.strip()
    if num.startswith("第") and ("条" in num or "條" in num):
        num = cjk_digits_to_arabic(num[1:].replace("条", "").replace("條", ""))
    return num


def _heading_like(text: str, max_words: int = 25) -> bool:
    """A short title: no sentence punctuation at its end, a few words."""
    stripped = text.strip()
    if not stripped or len(stripped) > 250:
        return False
    if stripped.endswith(_TERMINAL) and not stripped.endswith(("etc.", "etc")):
        return False
    return len(_WORD.findall(stripped)) <= max_words


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
        return units, containers

    def _plausible_container(self, cand: _Cand) -> bool:
        line = self.text[cand.start:cand.end].strip()
        if len(line) > 250:
            return False
        rest = _LEAD_SEP.sub("", cand.rest).strip()
        if rest and self.g.xref is not None and self.g.xref.match(rest):
            return False
        return not rest.endswith((",", ";"))

    # -- TOC ---------------------------------------------------------------------
    def _body_empty(self, cand: _Cand, boundary_lines: set[int]) -> bool:
        """Nothing but the label (and maybe a short title) before the next candidate."""
        rest = _LEAD_SEP.sub("", cand.rest).strip()
        if rest and not _heading_like(rest, 30):
            return False
        for j in range(cand.line + 1, min(cand.line + 4, len(self.lines))):
            if self.lines.blank(j):
                continue
            if j in boundary_lines:
                return True
            line = self.lines.line(j)
            # A title on the next line of a TOC entry is allowed; a body is not.
            if _heading_like(line, 20) and j + 1 < len(self.lines) and (j + 1) in boundary_lines:
                return True
            return False
        return cand.line + 1 >= len(self.lines)

    def _mark_toc(self, units: dict[int, _Cand], containers: dict[int, _Cand]) -> None:
        # Boundaries are lines that look like TOC entries themselves: a bare
        # number followed by a sentence is a subsection, not an entry.
        boundary = set(containers) | {i for i, c in units.items()
                                      if c.rule.strong or _heading_like(_LEAD_SEP.sub("", c.rest), 30)
                                      or not c.rest.strip()}
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
        """The line of a marginal-note heading right above ``cand``, if any."""
        j = cand.line - 1
        if j < 0 or self.lines.blank(j) or j in candidates:
            return None
        line = self.lines.line(j).strip()
        if not _heading_like(line, 20) or _SUBDIV_START.match(line):
            return None
        if j - 1 >= 0 and not self.lines.blank(j - 1):
            # Marginal notes stand alone after a blank line (or a container).
            if (j - 1) not in candidates:
                return None
        return j

    def _choose_layout(self, tops: list[_Cand], candidates: dict[int, _Cand]) -> tuple[bool, bool]:
        """(above, runin): whether headings sit above units, whether text runs in."""
        if not tops:
            return False, False
        above = sum(1 for c in tops if self._above_heading(c, candidates) is not None)
        # Long rests (many words, or many characters for scripts without
        # spaces) mean the text runs in after the label.
        long_rest = sum(1 for c in tops if len(_WORD.findall(c.rest)) > 20 or len(c.rest.strip()) > 100
                        or (c.rest.strip() and not c.rest.strip().endswith(".") and not _heading_like(c.rest, 40)))
        return above >= 0.3 * len(tops), long_rest >= 0.4 * len(tops)

    def _split_runin(self, rest: str) -> tuple[str | None, int]:
        """Heading and the offset of the body in a run-in ``rest``."""
        for sep in self.g.heading_seps:
            k = rest.find(sep, 1)
            if 0 < k <= 200:
                head = rest[:k].strip()
                if sep.startswith("."):
                    head += "."
                if head.endswith(".") and len(_WORD.findall(head)) <= 15:
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
                cand.heading = self.lines.line(j).strip()
                cand.head_start = self.lines.starts[j] + (len(self.lines.line(j)) - len(self.lines.line(j).lstrip()))
                return
        if rest.strip():
            # Outside run-in texts a short rest is the title, even when it
            # ends with a full stop ("Artículo 4. Obligación de conservar datos.").
            short_title = len(_WORD.findall(rest)) <= 25 and len(rest) <= 250
            if runin or not (_heading_like(rest, 40) or short_title):
                head, at = self._split_runin(rest)
                if head:
                    cand.heading = head
                    cand.body_start = cand.rest_start + skip + at
                return
            cand.heading = rest.strip()
            cand.body_start = cand.end
            return
        # Label alone on its line: a short line after it may be the heading.
        j = cand.line + 1
        if j < len(self.lines) and not self.lines.blank(j) and j not in candidates:
            line = self.lines.line(j).strip()
            nxt = j + 1
            if (_heading_like(line, 15) and not _SUBDIV_START.match(line) and nxt < len(self.lines)
                    and not self.lines.blank(nxt) and not above):
                cand.heading = line
                cand.body_start = self.lines.span(j)[1]

    # -- acceptance -------------------------------------------------------------------
    def _weak_ok(self, cand: _Cand, prev: _Cand | None, reset: bool, candidates: dict[int, _Cand]) -> bool:
        """Whether a bare-number candidate (``4.``, ``3A Heading``) is a section."""
        rest = _LEAD_SEP.sub("", cand.rest).strip()
        cur = main_int(cand.num) or 0
        blank_before = cand.line == 0 or self.lines.blank(cand.line - 1)
        if prev is None:
            seq_ok = cur <= 2 or blank_before
        else:
            before = num_key(prev.num)
            seq_ok = num_key(cand.num) > before and cur - before[0] <= 10
            if not seq_ok and reset:
                seq_ok = cur <= 1
        if not seq_ok:
            return False
        stripped = cand.rest.lstrip(" \t.")
        shape_ok = (not rest or stripped.startswith(("(", "—(", "–(", "-(", "—", "–"))
                    or (_heading_like(rest, 25) and rest[:1].isupper())
                    or self._above_heading(cand, candidates) is not None)
        if shape_ok:
            return True
        return blank_before and (prev is None or is_successor(prev.num, cand.num))

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
        for cand in events:
            if cand.level == CONTAINER:
                if prev is not None and self._amending(prev, cand):
                    cand.quoted = True
                    prev.children.append(cand)
                    continue
                tops.append(cand)
                reset = True
                continue
            if self._is_xref(cand):
                continue
            # The cheap numbering test first: the cue search only runs for
            # candidates that are not the act's own next unit.
            if prev is not None and not self._follows(prev, cand) and self._amending(prev, cand):
                cand.quoted = True
                prev.children.append(cand)
                continue
            if strict_blank and not self._set_apart(cand):
                continue
            if not cand.rule.strong and not self._weak_ok(cand, prev, reset, units):
                continue
            tops.append(cand)
            prev = cand
            reset = False
        accepted = {c.line: c for c in tops}
        for c in tops:
            for q in c.children:
                accepted[q.line] = q
        unit_tops = [c for c in tops if c.level == UNIT]
        above, runin = self._choose_layout(unit_tops, accepted)
        for c in list(accepted.values()):
            if c.level == UNIT:
                self._set_heading(c, accepted, above, runin)
            else:
                self._set_container_heading(c, accepted)
        return self._build(tops)

    def _set_apart(self, cand: _Cand) -> bool:
        """Preceded by a blank line (or by a marginal note that is)."""
        j = cand.line - 1
        if j < 0 or self.lines.blank(j):
            return True
        return (j - 1 < 0 or self.lines.blank(j - 1)) and _heading_like(self.lines.line(j), 20)

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
            if _heading_like(line, 25) and not _SUBDIV_START.match(line):
                cand.heading = line
                cand.body_start = self.lines.span(j)[1]

    # -- tree ------------------------------------------------------------------------------
    def _node(self, cand: _Cand, start: int, end: int, eid: str) -> Provision:
        end = _trim_end(self.text, start, end)
        doc = self.doc
        rest = self.text[cand.body_start:end] if cand.body_start >= 0 else ""
        repealed = False
        if self.g.repealed is not None:
            if cand.heading and self.g.repealed.search(cand.heading):
                repealed = True
            elif len(rest.strip()) <= 120 and self.g.repealed.search(rest.strip()):
                repealed = True
        return Provision(
            eid=eid, kind=cand.rule.kind, level=cand.level, num=cand.num or None, heading=cand.heading,
            text=self.text[start:end], start=start, end=end,
            pages=(doc.page_of(start), doc.page_of(max(start, end - 1))), lang=self.g.lang,
            quoted=cand.quoted, repealed=repealed,
        )

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
        """Subdivisions of a unit, and the provisions it quotes."""
        quoted = cand.children
        own_end = quoted[0].head_start if quoted else node.end
        own_end = _trim_end(self.text, node.start, own_end)
        body_from = cand.body_start if cand.body_start >= 0 else cand.rest_start
        node.children.extend(self._subdivisions(body_from, own_end, node.eid, eids))
        for k, q in enumerate(quoted):
            q_end = quoted[k + 1].head_start if k + 1 < len(quoted) else node.end
            q_eid = eids.make(f"{node.eid}__qstr_{k + 1}", q.rule, q.num)
            child = self._node(q, q.head_start, q_end, q_eid)
            if q.level == UNIT:
                body = q.body_start if q.body_start >= 0 else q.rest_start
                child.children.extend(self._subdivisions(body, child.end, child.eid, eids))
            node.children.append(child)

    def _subdivisions(self, start: int, end: int, parent_eid: str, eids: EidMaker) -> list[Provision]:
        """Subsections, paragraphs and subparagraphs between ``start`` and ``end``."""
        subdiv = self.g.subdiv
        if end <= start or subdiv is None:
            return []
        n_rules = len(self.g.subdivisions)
        order = {"subsection": 1, "paragraph": 2, "subparagraph": 3}
        found: list[tuple[int, str, str]] = []  # (offset, kind, num)
        first = self.lines.index(start)
        last = self.lines.index(max(start, end - 1))
        last_letter = ""
        for i in range(first, last + 1):
            line_start, line_end = self.lines.span(i)
            pos = max(line_start, start)
            while pos < line_end and self.text[pos] in " \t\u3000":
                pos += 1
            m = subdiv.match(self.text, pos, line_end)
            if not m:
                continue
            k = next(j for j in range(n_rules) if m.group(f"num{j}") is not None)
            kind = self.g.subdivisions[k].kind
            num = m.group(f"num{k}")
            if kind == "subparagraph" and num in ("i", "v", "x") and last_letter:
                # (i) after (h) is a letter, not a Roman numeral.
                if ord(num) == ord(last_letter) + 1:
                    kind = "paragraph"
            if kind == "paragraph" and len(num) == 1 and num.isalpha():
                last_letter = num
            found.append((pos, kind, num))
        if not found:
            return []
        result: list[Provision] = []
        stack: list[tuple[int, Provision]] = []
        for k, (pos, kind, num) in enumerate(found):
            level = order.get(kind, 3)
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            # The node ends at the next marker of the same or a higher level.
            stop = end
            for pos2, kind2, _num2 in found[k + 1:]:
                if order.get(kind2, 3) <= level:
                    stop = pos2
                    break
            stop = _trim_end(self.text, pos, stop)
            eid = eids.make_sub(parent.eid if parent else parent_eid, kind, num)
            node = Provision(eid=eid, kind=kind, level=SUBDIVISION, num=num, text=self.text[pos:stop], start=pos,
                             end=stop, pages=(self.doc.page_of(pos), self.doc.page_of(max(pos, stop - 1))),
                             lang=self.g.lang)
            (parent.children if parent else result).append(node)
            stack.append((level, node))
        return result

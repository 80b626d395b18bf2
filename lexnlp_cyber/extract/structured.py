"""Structured inputs: statutes published as JSON or XML, read into lines.

The lines look like the law printed as text, so the segmenter reads them as
it reads a text file: the title; a container heading ("Part I") where it
changes; each provision's label line ("5. Short title" as Commonwealth acts
print it, or "Article 5" then its heading, "第五条", "Madde 5"); then its
text, a paragraph a line, subdivisions with their labels ("(1) …", "(a) …").

JSON laws have no common schema, so :func:`json_lines` looks for
provision-like objects wherever they are: objects with a number and a text
(or a list of subdivisions), in flat lists or nested in containers (objects
holding lists of provisions). Field names come from the tables of
``data/extract/structured.json``. Numbers are passed through as the data
writes them; the unit word is the source's own where the data shows one (a
title such as "Section 3" or "第一条", a text opening with "Madde 1 -"), else
the one the law's language prints (table ``labels``), else a bare number.

XML laws (Akoma Ntoso, the Canadian justice-laws schema and the like) are
read by :func:`xml_lines` element by element with a small table of element
roles: metadata skipped, labels put in front of the next line, headings and
text blocks as lines. Parsing uses ``defusedxml`` (no entity expansion, no
external resources).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .. import language as _language
from ..errors import Errors, InputError


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    path = resources.files("lexnlp_cyber").joinpath("data/extract/structured.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _name(key: str) -> str:
    """A field or element name as the tables spell it: lower case, no spaces, '_' or '-'."""
    return re.sub(r"[\s_\-]+", "", key.lower())


@cache
def _names(*path: str) -> tuple[str, ...]:
    node: Any = _tables()
    for part in path:
        node = node[part]
    return tuple(_name(n) for n in node)


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
# EUR-Lex consolidated texts mark amended passages with ▼M2, ►A1, ◄.
_CONSOLIDATION = re.compile(r"[▼►][A-Z]{1,2}\d{0,3}\b|◄")
# A line holding only a paragraph label ("1.", "(a)", "ii)"), printed above its text.
_LABEL_ONLY = re.compile(r"^(?:\(?[0-9]{1,3}[a-z]?[.)]|\([0-9a-zA-Z]{1,5}\)|[a-z]{1,4}[.)])$")
_BARE = re.compile(r"^[0-9]+[A-Za-z]{0,4}(?:[._/\-][0-9A-Za-z]+)*$|^[IVXLCDM]+$|^[a-z]{1,3}$")
_CJK_NUM = "〇零一二两三四五六七八九十百千万0-9０-９"
_CJK_LABEL = re.compile(rf"^第[{_CJK_NUM}]+[条條](?:[の之][{_CJK_NUM}]+)*$")
# A title that is only a label: "Section 3", "Art. 5", "MADDE 1-", "§ 202a".
_WORD_LABEL = re.compile(r"^(?P<word>(?:[^\W\d_]+\.?[ \t]*){1,2}|§[ \t]*)(?P<num>[0-9][\w/.\-]*?)[ \t]*[.:\-–—]?$")
# A scraper's English gloss in front of a heading in the law's own script:
# "Chapter 1: 第一章　通則" -> "第一章　通則".
_GLOSS = re.compile(r"^[A-Za-z]+[ \t]+[0-9A-Za-z.]+[ \t]*:[ \t]*(?P<rest>[^\x00-\u024f].*)$")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _CONSOLIDATION.sub("", text)).strip()


# A subsection run into the previous one by a scraper: "… of the offence. (2) A person …".
_RUN_IN = re.compile(r"(?<=[.;:])[ \t]+(?=\(\d{1,3}[A-Z]?\)[ \t]*[^\W\d_(\"“‘'])")


def _paragraphs(text: str) -> list[str]:
    """The lines of a text field: one paragraph a line, blank lines dropped, a
    numbered subsection run into the previous sentence ("… offence. (2) A …")
    put on a line of its own; a label printed on a line of its own ("1." above
    the paragraph, or "(", "1", ")" over three lines) is joined to its text."""
    lines = [part for raw in text.replace("\r", "\n").split("\n") for part in _RUN_IN.split(_clean(raw)) if part]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line in ("(", "[") and i + 2 < len(lines) and len(lines[i + 1]) <= 5 and lines[i + 2] in (")", "]"):
            line = f"{line}{lines[i + 1]}{lines[i + 2]}"
            i += 2
        if _LABEL_ONLY.match(line) and i + 1 < len(lines) and not _LABEL_ONLY.match(lines[i + 1]):
            line = f"{line} {lines[i + 1]}"
            i += 1
        out.append(line)
        i += 1
    return out


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()


# -- JSON -------------------------------------------------------------------------
def json_lines(text: str, name: str, lang: str | None = None) -> list[str]:
    """The lines of a law published as JSON. Raises :class:`InputError`
    E005 (not JSON) or E006 (no provisions)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(Errors.E005.format(path=name, kind="JSON", reason=exc)) from exc
    reader = _JsonReader(lang)
    try:
        lines = reader.read(data)
    except RecursionError as exc:
        raise InputError(Errors.E005.format(path=name, kind="JSON", reason="nested too deeply")) from exc
    if not reader.units:
        raise InputError(Errors.E006.format(
            path=name, kind="JSON", reason="no list of objects with a number and a text field "
            "(e.g. 'section' or 'number' with 'text' or 'content')"))
    return lines


def _field(obj: dict[str, Any], role: str, skip: Iterable[str] = ()) -> tuple[str, str]:
    """(key, value) of the first field of ``role`` holding a non-empty scalar."""
    keys = {_name(k): k for k in obj}
    for wanted in _names("json", role):
        key = keys.get(wanted)
        if key is None or key in skip:
            continue
        value = obj[key]
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            continue
        value = _clean(str(value))
        if value:
            return key, value
    return "", ""


def _word(key: str) -> str:
    """The singular table name of a key: 'parts' -> 'part'."""
    key = _name(key)
    words = _tables()["container_words"]
    if key in words or key in _tables()["json"]["unit_words"]:
        return key
    return key[:-1] if key.endswith("s") and key[:-1] in words else key


class _JsonReader:
    def __init__(self, lang: str | None) -> None:
        self.lang = (lang or "").lower().split("-")[0]
        self.lines: list[str] = []
        self.units = 0
        self.loose = False  # provisions without numbers, when no object has one
        self.excerpts = False  # title fields hold the opening words of the text
        self.displaced = False  # headings sit at the end of the previous provision's text
        self.carry = ""  # such a heading, waiting for its provision
        self.open: dict[str, str] = {}  # flat container field -> its current value
        self._holds: dict[int, bool] = {}

    def read(self, data: Any) -> list[str]:
        if not self.lang:
            self.lang = self._language(data)
        if isinstance(data, dict):
            _, title = _field(data, "title")
            if title:
                self.lines += [title, ""]
        self.excerpts, self.displaced = self._habits(data)
        self._visit(data, "", root=True)
        if not self.units:
            self.loose = True
            self._holds.clear()
            self._visit(data, "", root=True)
        if self.carry:
            self.lines.append(self.carry)  # nothing follows to take it as its heading: kept as text
        return self.lines

    def _habits(self, data: Any) -> tuple[bool, bool]:
        """Two habits of scraped sources, each true of most provisions when present:
        title fields filled with the opening words of the text (so they are not
        headings); and headings printed above the label ("Tanımlar" over "Madde 2")
        left at the end of the previous provision's text by a scraper that split
        the law at its labels."""
        titled = opening = texts = tails = 0
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
                numkey, num = _field(item, "num")
                _, heading = _field(item, "heading", skip=(numkey,))
                text = self._text(item)
                body = _paragraphs(text) if num and isinstance(text, str) else []
                if num and isinstance(text, str) and text.strip():
                    texts += 1
                    tails += _displaced(body[-1] if body else "") is not None
                if num and heading and isinstance(text, str) and not _is_label(heading, num):
                    found = _label_at_start(body[0], num) if body else None
                    first = found[1] if found else (body[0] if body else "")
                    # "1. Short title This Act …" may print a heading after the label, or
                    # open with the words a title field repeats: such texts do not count.
                    if not (found and _strip_prefix(first, heading) is not None):
                        titled += 1
                        opening += _opens(first, heading)
        return titled > 0 and opening >= 0.5 * titled, texts >= 3 and tails >= 0.6 * texts

    # Which language prints the labels: declared, in the data, else detected.
    def _language(self, data: Any) -> str:
        declared = list(self._values(data, "lang", 200))
        for value in declared:
            code = value.lower().split("-")[0].split("_")[0]
            if len(code) == 2 and code.isalpha():
                return code
        sample = " ".join(self._values(data, "text", 20))[:3000]
        guess = _language.detect(sample).lang if sample.strip() else _language.UNKNOWN
        return "" if guess == _language.UNKNOWN else guess

    def _values(self, node: Any, role: str, limit: int) -> Iterator[str]:
        stack = [node]
        found = 0
        while stack and found < limit:
            item = stack.pop(0)
            if isinstance(item, dict):
                _, value = _field(item, role)
                if value:
                    found += 1
                    yield value
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
            elif isinstance(item, list):
                stack.extend(item)

    # -- shape ---------------------------------------------------------------------
    def _kind(self, obj: dict[str, Any]) -> str:
        return _word(_field(obj, "kind")[1])

    def _text(self, obj: dict[str, Any]) -> Any:
        keys = {_name(k): k for k in obj}
        for wanted in _names("json", "text"):
            key = keys.get(wanted)
            if key is not None and obj[key] not in (None, "", []):
                value = obj[key]
                if isinstance(value, (str, int, float)) or (isinstance(value, list) and value):
                    return value
        return None

    def _subdivisions(self, obj: dict[str, Any]) -> list[Any]:
        subs = _names("json", "subdivisions")
        return [v for k, v in obj.items() if _name(k) in subs and isinstance(v, list) and v]

    def _children(self, obj: dict[str, Any]) -> list[tuple[str, Any]]:
        """Lists and objects below ``obj`` (other than its subdivisions) that hold provisions."""
        subs = _names("json", "subdivisions")
        return [(k, v) for k, v in obj.items()
                if isinstance(v, (list, dict)) and _name(k) not in subs and self._holds_units(v, k)]

    def _is_unit(self, obj: dict[str, Any], key: str) -> bool:
        if self._kind(obj) in _tables()["container_words"] and self._kind(obj) not in ("section",):
            return False
        if not self.loose and not (_field(obj, "num")[1] or _field(obj, "label")[1]):
            return False
        if self._text(obj) is None and not self._subdivisions(obj):
            return False
        return not self._children(obj)

    def _holds_units(self, node: Any, key: str) -> bool:
        known = self._holds.get(id(node))
        if known is not None:
            return known
        if isinstance(node, dict):
            found = self._is_unit(node, key) or bool(self._children(node))
        elif isinstance(node, list):
            found = any(self._holds_units(item, key) for item in node if isinstance(item, (dict, list)))
        else:
            found = False
        self._holds[id(node)] = found
        return found

    # -- walk ----------------------------------------------------------------------
    def _visit(self, node: Any, key: str, root: bool = False) -> None:
        if isinstance(node, list):
            for item in node:
                if isinstance(item, (dict, list)):
                    self._visit(item, key)
            return
        if not isinstance(node, dict):
            return
        if not root and self._is_unit(node, key):
            self._unit(node, key)
            return
        children = self._children(node)
        if children and not root:
            self._container(node, key)
        for child_key, child in children:
            self._visit(child, child_key)

    def _break(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def _container(self, obj: dict[str, Any], key: str) -> None:
        word = self._kind(obj) or _word(key)
        _, label = _field(obj, "label")
        numkey, num = _field(obj, "num")
        keys = {_name(k): k for k in obj}
        if not num and word in keys and isinstance(obj[keys[word]], (str, int)):
            num = _clean(str(obj[keys[word]]))  # {"chapter": "II", "articles": […]}
        _, heading = _field(obj, "heading", skip=(numkey,))
        if not label and num:
            label = self._printed(word, num)
        lines = [line for line in (label, heading) if line]
        if lines:
            self._break()
            self.lines += lines
            self.open.clear()

    def _printed(self, word: str, num: str) -> str:
        return _container_label(word, num, self.lang)

    def _flat_containers(self, obj: dict[str, Any], numkey: str) -> None:
        """Container fields of a provision ("chapter": "Part I"), emitted when they change."""
        keys = {_name(k): k for k in obj}
        changed = False
        for field in _names("json", "containers"):
            key = keys.get(field)
            value = obj.get(key) if key is not None and key != numkey else None
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                continue
            text = _clean(str(value))
            if not text:
                continue
            if not changed and self.open.get(field) == text:
                continue
            changed = True
            self.open[field] = text
            gloss = _GLOSS.match(text)
            text = gloss.group("rest") if gloss else self._printed(field, text)
            self._break()
            self.lines.append(text)

    def _unit(self, obj: dict[str, Any], key: str) -> None:
        numkey, num = _field(obj, "num")
        _, label = _field(obj, "label")
        _, heading = _field(obj, "heading", skip=(numkey,))
        self._flat_containers(obj, numkey)
        value = self._text(obj)
        body = self._lines_of(value) if value is not None else []
        lang = self.lang
        field_lang = _field(obj, "lang")[1].lower()[:2]
        if field_lang.isalpha() and len(field_lang) == 2:
            lang = field_lang
        style: dict[str, str] = _tables()["labels"].get(lang, {})
        labelled = False
        if label and _BARE.match(label.rstrip(".")):
            num, label = num or label.rstrip("."), ""  # {"label": "5."}: printed "5. Heading"
        elif label and not re.search(r"\d", label) and num:
            label = ""
        if not label and heading and _is_label(heading, num):
            label, heading = heading, ""
        word = _tables()["json"]["unit_words"].get(_name(numkey)) or _tables()["json"]["unit_words"].get(_word(key))
        if body and num:
            # A bare "1." opening the text of an Article is its paragraph 1, not its label.
            found = _label_at_start(body[0], num, worded=bool(style or word))
            if found is not None:
                # The label the text prints wins over a title field's ("Section 3").
                label, labelled, body[0] = found[0] if not _BARE.match(found[0]) else "", True, found[1]
        if heading and body:
            rest = _strip_prefix(body[0], heading.rstrip("."))
            if self.excerpts and _opens(body[0], heading):
                heading = ""
            elif labelled and rest is not None:
                body[0] = rest.lstrip(" .:-–—")  # "1. Short title This Act …": label, heading, text
        if self.displaced:
            heading, self.carry = heading or self.carry, ""
            if body:
                found = _displaced(body[-1])
                if found:
                    body[-1], self.carry = found
        body = [line for line in body if line]
        for sub in self._subdivisions(obj):
            body += self._sub_lines(sub)
        if not label and num:
            if style:
                label = _template(style, num)
            elif word:
                label = f"{word} {num}"
        self._break()
        if label and style.get("heading") == "before":
            self.lines += ([heading] if heading else []) + [label]
        elif label:
            self.lines += [label] + ([heading] if heading else [])
        elif num:
            bare = num if num.endswith(".") else f"{num}."
            self.lines.append(f"{bare} {heading}".rstrip())  # "5. Heading", or "5." above the text
        elif heading:
            self.lines.append(heading)
        self.lines += body
        self.units += 1

    def _lines_of(self, value: Any) -> list[str]:
        if isinstance(value, list):
            lines: list[str] = []
            for item in value:
                if isinstance(item, dict):
                    lines += self._sub_lines([item])
                elif isinstance(item, list):
                    lines += self._lines_of(item)
                elif item is not None:
                    lines += _paragraphs(str(item))
            return lines
        return _paragraphs(str(value))

    def _sub_lines(self, items: list[Any]) -> list[str]:
        """Subdivisions: '(1) text', their own subdivisions below."""
        lines: list[str] = []
        for item in items:
            if not isinstance(item, dict):
                if item is not None and not isinstance(item, list):
                    lines += _paragraphs(str(item))
                continue
            numkey, num = _field(item, "num")
            label = _field(item, "label")[1] or num
            if label and re.fullmatch(r"[0-9A-Za-z]{1,5}", label):
                label = f"({label})"
            _, heading = _field(item, "heading", skip=(numkey,))
            value = self._text(item)
            body = self._lines_of(value) if value is not None else []
            if heading:
                lines.append(heading)
            if label:
                if body:
                    body[0] = f"{label} {body[0]}"
                else:
                    body = [label]
            lines += body
            for sub in self._subdivisions(item):
                lines += self._sub_lines(sub)
        return lines


def _container_label(word: str, num: str, lang: str) -> str:
    """A container's label from its kind and a bare number: "Part I", "Capítulo 2",
    "第2章"; other numbers as they are."""
    if not _BARE.match(num.rstrip(".")):
        return num
    template = _tables()["labels"].get(lang, {}).get("containers", {}).get(word)
    if template:
        return str(template).format(num=num.rstrip("."))
    english = _tables()["container_words"].get(word)
    return f"{english} {num.rstrip('.')}" if english else num


def _is_label(title: str, num: str) -> bool:
    """Whether a title field is only the provision's label ("Section 3", "第三条")."""
    if _CJK_LABEL.match(title):
        return True
    found = _WORD_LABEL.match(title)
    return found is not None and (not num or found.group("num").lower() == num.lower())


# The end of a text that is the next provision's heading: after the last sentence,
# a short phrase without sentence punctuation, footnote markers ("[4]") aside.
_TAIL = re.compile(r"(?<=[.:;)\]])[ \t]*(?:\[\d+\][ \t]*)*(?P<tail>[^\W\d_][^.;:!?()\[\]]{1,150}?)"
                   r"(?:[ \t]*\[\d+\])*[ \t]*$")


def _displaced(line: str) -> tuple[str, str] | None:
    """(text, heading) when ``line`` ends with a heading glued to it."""
    found = _TAIL.search(line)
    if not found or not found.group("tail")[0].isupper() or len(found.group("tail").split()) > 12:
        return None
    return line[:found.start()].rstrip(), found.group("tail").strip()


def _opens(text: str, heading: str) -> bool:
    """Whether ``text`` opens with ``heading`` (after a paragraph label such as "(1)")."""
    wanted = _SPACES.sub(" ", heading).strip().rstrip(".")
    where = _SPACES.sub(" ", text).find(wanted) if wanted else -1
    return where >= 0 and bool(re.fullmatch(r"(?:\([^)]{1,6}\)|[0-9]{1,3}[.)]|[\s.:\-–—])*", text[:where]))


def _label_at_start(line: str, num: str, worded: bool = False) -> tuple[str, str] | None:
    """(label, rest) when a text opens with the provision's own label: "Madde 1 - (1) …",
    "1. Short title …", "2. —(1) …"; a bare number needs its full stop, and is
    not taken when the unit is printed with a word (``worded``)."""
    found = re.match(rf"(?P<word>(?:[^\W\d_]+\.?[ \t]+){{0,2}}|§[ \t]*)(?P<num>{re.escape(num)})(?![\w/])"
                     r"(?P<sep>[ \t]*[.:\-–—+]+[ \t]*|[ \t]+|$)", line, re.I)
    if not found:
        return None
    if not found.group("word").strip() and ("." not in found.group("sep") or worded):
        return None
    label = (found.group("word") + found.group("num")).strip()
    return label, line[found.end():].strip()


def _strip_prefix(line: str, prefix: str) -> str | None:
    """``line`` without ``prefix`` (spaces and case aside), or None if it does not open with it."""
    words = prefix.split()
    if not words:
        return None
    found = re.match(r"[ \t]*".join(re.escape(w) for w in words), line, re.I)
    return line[found.end():] if found else None


def _template(style: dict[str, str], num: str) -> str:
    sub = style.get("sub")
    if sub:
        parts = [p for p in re.split(r"[_\-/.のの之]", num) if p]
        if len(parts) > 1:
            return style["label"].format(num=parts[0]) + "".join(f"{sub}{p}" for p in parts[1:])
    return str(style["label"]).format(num=num)


# -- XML --------------------------------------------------------------------------
def xml_lines(data: bytes | str, name: str, lang: str | None = None) -> list[str]:
    """The lines of a law published as XML. Raises :class:`InputError` E005
    (not well-formed, or unsafe: entity declarations, external references)
    or E006 (no text outside metadata)."""
    try:
        root = fromstring(data)
    except ParseError as exc:
        raise InputError(Errors.E005.format(path=name, kind="XML", reason=exc)) from exc
    except DefusedXmlException as exc:
        raise InputError(Errors.E005.format(
            path=name, kind="XML", reason=f"{type(exc).__name__}: entity declarations and external "
            "references are refused, for safety")) from exc
    declared = root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    reader = _XmlReader((lang or declared).lower().split("-")[0])
    reader.read(root)
    if not any(line.strip() for line in reader.lines[reader.front:]):
        raise InputError(Errors.E006.format(path=name, kind="XML", reason="no text outside its metadata"))
    return reader.lines


def _local(tag: Any) -> str:
    return _name(tag.rsplit("}", 1)[-1]) if isinstance(tag, str) else ""


class _XmlReader:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lines: list[str] = []
        self.front = 0  # lines before this index are the title taken from metadata
        self.pending = ""  # a label waiting for the line it starts
        roles = ("skip", "title", "label", "heading", "block", "break")
        self.role = {n: role for role in roles for n in _names("xml", role)}

    def read(self, root: Element) -> None:
        title = self._title(root)
        if title:
            self.lines += [title, ""]
            self.front = len(self.lines)
        self._walk(root)
        self._flush()

    def _title(self, root: Element) -> str:
        """The law's title when it sits in skipped metadata (else it is read in place)."""
        for meta in root.iter():
            if self.role.get(_local(meta.tag)) != "skip":
                continue
            for wanted in _names("xml", "title"):
                for el in meta.iter():
                    if _local(el.tag) == wanted:
                        text = self._inline(el)
                        if text:
                            return text
        return ""

    def _inline(self, el: Element) -> str:
        """The text of an element, skipped elements (footnotes, notes) left out."""
        parts: list[str] = []

        def walk(node: Element) -> None:
            role = self.role.get(_local(node.tag))
            if role == "skip":
                return
            if role == "break":
                parts.append(" ")
            if node.text:
                parts.append(node.text)
            for child in node:
                walk(child)
                if child.tail:
                    parts.append(child.tail)

        walk(el)
        return _clean(" ".join(_SPACES.sub(" ", "".join(parts)).split()))

    def _emit(self, text: str) -> None:
        text = _clean(text)
        if not text:
            return
        if self.pending:
            text = f"{self.pending} {text}"
            self.pending = ""
        self.lines.append(text)

    def _flush(self) -> None:
        if self.pending:
            self.lines.append(self.pending)
            self.pending = ""

    def _break(self) -> None:
        self._flush()
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def _walk(self, el: Element, sub: bool = False) -> None:
        """Read ``el``; ``sub`` when it sits in a provision (table ``units``: its
        number is printed as it is, "5." not "Section 5.") or in a subdivision
        (a "(1)", "(a)" label). Provisions, containers and headings above them
        start after a blank line."""
        role = self.role.get(_local(el.tag))
        if role == "skip":
            return
        if role == "label":
            label = self._inline(el)
            if label:
                self.pending = f"{self.pending} {label}".strip()
            return
        if role == "heading":
            heading = self._inline(el)
            if not heading:
                return
            if self.pending and _BARE.match(self.pending.rstrip(".")):
                self._emit(heading)  # "5. Short title", as acts print it
                return
            if self.pending or sub:
                self._flush()  # "Part II" / "Article 5", the heading on the next line
            else:
                self._break()  # a heading above its provision's label, or a container's
            self.lines.append(heading)
            return
        if role == "block" or (role is None and el.text and el.text.strip()):
            self._emit(self._inline(el))
            return
        tag = _local(el.tag)
        label = next((self._inline(c) for c in el if self.role.get(_local(c.tag)) == "label"), "")
        if label and not sub and not label.startswith("("):
            self._break()
        starts = len(self.lines)
        unit = tag in _names("xml", "units")
        for child in el:
            if label and self.role.get(_local(child.tag)) == "label" and not unit:
                # <part><num>II</num>: "Part II", as the law prints it
                self.pending = f"{self.pending} {_container_label(tag, label, self.lang)}".strip()
                continue
            # Below a provision or a "(1)", "(a)" everything is a subdivision.
            self._walk(child, sub or unit or label.startswith("("))
            if child.tail and child.tail.strip():
                self._emit(child.tail)
        if self.pending and len(self.lines) == starts:
            self._flush()

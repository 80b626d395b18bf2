"""Plain-text inputs: .txt, Markdown and HTML, each read into lines.

Markdown loses its YAML front matter and markup symbols but keeps its text
lines; HTML keeps its block structure as lines and drops scripts, styles and
navigation chrome.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_FRONT = re.compile(r"\A---\s*\n.*?\n(?:---|\.\.\.)\s*(?:\n|\Z)", re.S)
_FENCE = re.compile(r"^\s*(```|~~~)")
# CommonMark wants a space after the hashes; exports of Dutch and Council of
# Europe treaties write "###Article 1" without one, so a letter may follow too.
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|(?=[^\W\d_]))(.*?)\s*#*\s*$")
# A heading that is a unit or container label and nothing else: a word or two and a number;
# and one that opens with a label ("Article A40-2", "Chapitre VI : Des…").
_LABEL_ONLY = re.compile(r"^\s*\S+(?:\s+\S+)?\s+(?:\d+[A-Za-z]{0,3}|[IVXLCDM]+)[.:]?\s*$")
_LABELLED = re.compile(r"^\s*\S+\s+(?:[A-Z]{0,3}\d|[IVXLCDM]+\b)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}(>\s?)+")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(?=\S)")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_EMPH = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"
                   r"|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`([^`]*)`")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


#: Byte-order marks and their codecs (UTF-32's before UTF-16's, whose little-endian mark begins it).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
#: An HTML page's declared encoding (<meta charset="..."> or http-equiv), looked for in its head.
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def decode(data: bytes) -> str:
    """Decode text bytes: a byte-order mark's UTF-8, -16 or -32 (a truncated
    file with replacement characters); else UTF-8 when the bytes read as it;
    else the encoding an HTML page declares (Arabic gazettes in windows-1256,
    Japanese pages in Shift_JIS, Chinese in GB2312); else the encoding
    charset-normalizer finds (Windows-1251 Russian, Windows-1256 Arabic);
    else Windows-1252, else Latin-1 (which never fails)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:  # bytes that read as UTF-8 are UTF-8, whatever a saved page still declares
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = {"gb2312": "gb18030", "gbk": "gb18030", "shift-jis": "shift_jis", "x-sjis": "shift_jis"}.get(name, name)
        try:
            return data.decode(name, errors="replace")
        except LookupError:
            pass  # an encoding Python does not know: guessed below
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def markdown_lines(text: str) -> list[str]:
    """The text lines of a Markdown document, markup removed."""
    text = _FRONT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"), count=1)
    lines: list[str] = []
    label_at = -1  # the line of the last heading that is only a label ("Article 1"), while blanks follow it
    for raw in text.split("\n"):
        if _FENCE.match(raw) or _TABLE_SEP.match(raw) or _RULE.match(raw) and not _SETEXT.match(raw):
            continue
        if _SETEXT.match(raw) and lines and lines[-1].strip():
            continue  # the underline of a setext heading
        line = _QUOTE.sub("", raw)
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
            if label_at >= 0 and not _LABELLED.match(line) and line.strip():
                # "### Article 1" / "#### Definitions": one heading split in two
                # (the title would otherwise be a paragraph away from its label)
                lines[label_at] = f"{lines[label_at].rstrip()} {line.strip()}"
                del lines[label_at + 1:]
                label_at = -1
                continue
            label_at = len(lines) if _LABEL_ONLY.match(line) else -1
        elif raw.strip():
            label_at = -1
        line = _BULLET.sub(r"\1", line)
        if line.strip().startswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        line = _IMAGE.sub(r"\1", line)
        line = _LINK.sub(lambda m: m.group(1) or m.group(2), line)
        for _ in range(2):
            line = _EMPH.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", line)
        line = _CODE.sub(r"\1", line)
        line = _TAG.sub("", line)
        line = _ESCAPE.sub(r"\1", line)
        lines.append(line.rstrip())
    return lines


_BLOCK = frozenset("""address article aside blockquote body br caption dd details div dl dt fieldset figcaption
figure form h1 h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody td tfoot th thead tr ul""".split())
# form controls and their labels are page chrome ("Seleccionar redacción:" on BOE pages), never law text
_SKIP = frozenset("script style noscript template head nav svg button select iframe object label legend textarea".split())
_CHROME = re.compile(r"\b(nav|navbar|menu|breadcrumb|cookie|skip-link|sidebar|site-header|site-footer)\b", re.I)


# Raised inline text: <sup>, or a span whose class or style sets
# vertical-align to super or top (pravo.gov.ru prints "Статья 53¹" so).
_RAISED_STYLE = re.compile(r"vertical-align\s*:\s*(?:super|top)\b", re.I)
_RAISED_CLASS = re.compile(r"\.([\w-]+)\s*\{[^}]*vertical-align\s*:\s*(?:super|top)\b", re.I)
_INLINE = frozenset({"sup", "span", "font", "small"})
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class _Html(HTMLParser):
    def __init__(self, raised_classes: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip: list[str] = []
        self.pre = 0
        self.raised_classes = raised_classes
        self.inline: list[tuple[str, bool]] = []  # open inline elements: (tag, raised)
        # open lists: [first line, items, text runs outside in-page links, text runs inside them]
        self.lists: list[list[int]] = []
        self.anchors: list[bool] = []  # open <a>: does it link inside the page ("#a5")?

    def _break(self) -> None:
        line = "".join(self.current)
        if not self.pre:
            line = re.sub(r"\s+", " ", line).strip()
        self.lines.extend(line.split("\n") if self.pre else [line])
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[-1] and tag not in ("br", "hr", "img"):
                self.skip.append(tag)
            return
        classes = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        if tag in _SKIP or (tag in ("header", "footer", "div", "ul") and _CHROME.search(classes)):
            self.skip.append(tag)
            return
        if tag == "pre":
            self.pre += 1
        if tag in _INLINE:
            style = " ".join(v or "" for k, v in attrs if k == "style")
            names = " ".join(v or "" for k, v in attrs if k == "class").split()
            self.inline.append((tag, tag == "sup" or bool(_RAISED_STYLE.search(style))
                                or any(n in self.raised_classes for n in names)))
        if tag == "a":
            self.anchors.append(any(k == "href" and (v or "").startswith("#") for k, v in attrs))
        if tag in _BLOCK:
            self._break()
        elif tag in ("td", "th"):
            self.current.append(" ")
        if tag in ("ul", "ol"):
            self.lists.append([len(self.lines), 0, 0, 0])
        elif tag == "li" and self.lists:
            self.lists[-1][1] += 1

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag in _INLINE:
            for k in range(len(self.inline) - 1, -1, -1):
                if self.inline[k][0] == tag:
                    del self.inline[k:]
                    break
        if tag == "a" and self.anchors:
            self.anchors.pop()
        if tag in _BLOCK:
            self._break()
        if tag in ("ul", "ol") and self.lists:
            first, items, texts, links = self.lists.pop()
            # A list of in-page links only is the page's menu or table of
            # contents ("Artículo 1", "Disposición final quinta" on BOE pages),
            # which the segmenter would otherwise have to tell from the law.
            if items >= 3 and not texts and links:
                del self.lines[first:]
        if tag == "pre" and self.pre:
            self.pre -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            # raised digits stay raised (Unicode superscripts): "53¹" is article 53.1, not 531
            raised = any(flag for _, flag in self.inline)
            self.current.append(data.translate(_SUPERSCRIPT) if raised else data)
            if self.lists and data.strip():
                self.lists[-1][3 if self.anchors and self.anchors[-1] else 2] += 1

    def close(self) -> None:
        super().close()
        self._break()


def html_lines(text: str) -> list[str]:
    """The block lines of an HTML document, without scripts, styles and chrome."""
    parser = _Html(frozenset(_RAISED_CLASS.findall(text)))
    parser.feed(text)
    parser.close()
    return [line for line in parser.lines if line.strip()]


def plain_lines(text: str) -> list[str]:
    """The lines of a plain text, line endings normalised."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

"""Language streams of text inputs that print one version after another.

Treaty collections and bilingual gazettes published as HTML or Markdown
often give the whole instrument in one language and then again in another
(the Council of Europe conventions on wetten.overheid.nl: English articles
1-48, then Dutch articles 1-48). Segmenting such a text in one language's
grammar either keeps the wrong version or buries the other version in the
last article. As for parallel PDF columns, one stream is kept as the body
(``lang``, else English, else the largest) and the others go to
``Document.streams``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import language as _language

#: Characters of text per detected block, and the share of the text a
#: language must hold to count as a stream (titles and quotations do not).
BLOCK_CHARS = 1500
MIN_SHARE = 0.15
#: Blocks sampled before every block is detected: most texts are monolingual.
PROBES = 12
#: Long lines judged on either side of a block boundary to place it exactly.
LOOKAROUND = 12
#: Versions of one instrument run to similar lengths: the second language must
#: hold at least this share of the first's text (treaties seen: 0.68-1.0).
PARALLEL = 0.5


@dataclass
class Split:
    """The lines kept as the body, the other streams' lines by language."""

    kept: list[str]
    others: dict[str, list[str]]
    lang: str
    sizes: dict[str, int]


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """Runs of consecutive lines (start, end) holding about BLOCK_CHARS characters each."""
    out: list[tuple[int, int]] = []
    start, size = 0, 0
    for i, line in enumerate(lines):
        size += len(line)
        if size >= BLOCK_CHARS:
            out.append((start, i + 1))
            start, size = i + 1, 0
    if start < len(lines):
        if out and size < BLOCK_CHARS // 3:
            out[-1] = (out[-1][0], len(lines))  # a short tail joins the block before it
        else:
            out.append((start, len(lines)))
    return out


def _detect(lines: list[str]) -> str:
    return _language.detect("\n".join(lines)[:1000]).lang


def sequential_streams(lines: list[str], lang: str | None = None) -> Split | None:
    """The streams of a text that gives its versions one after another, or
    None when it has one language (or mixes them line by line, which this
    does not undo)."""
    blocks = _blocks(lines)
    if len(blocks) < 4:
        return None
    step = max(1, len(blocks) // PROBES)
    if len({_detect(lines[a:b]) for a, b in blocks[::step]} - {_language.UNKNOWN}) < 2:
        return None
    codes = [_detect(lines[a:b]) for a, b in blocks]
    sizes: dict[str, int] = {}
    for (a, b), code in zip(blocks, codes):
        sizes[code] = sizes.get(code, 0) + sum(len(line) for line in lines[a:b])
    total = sum(sizes.values()) or 1
    major = {code for code, size in sizes.items() if size >= MIN_SHARE * total and code != _language.UNKNOWN}
    sizes_major = sorted((sizes[c] for c in major), reverse=True)
    if len(major) < 2 or sizes_major[1] < PARALLEL * sizes_major[0]:
        return None  # one language and a shorter passage in another (an annexed treaty): not versions
    # Minor languages (a quoted passage, a title) belong to the block before them.
    for k, code in enumerate(codes):
        if code not in major:
            codes[k] = codes[k - 1] if k else next(c for c in codes if c in major)
    runs = [codes[0]] + [c for prev, c in zip(codes, codes[1:]) if c != prev]
    if len(runs) != len(set(runs)):
        return None  # the languages alternate: not one version after another
    keep = lang if lang in major else "en" if "en" in major else max(major, key=lambda c: sizes[c])
    owner = [""] * len(lines)
    for (a, b), code in zip(blocks, codes):
        owner[a:b] = [code] * (b - a)
    _refine(lines, owner)
    kept = [line for line, code in zip(lines, owner) if code == keep]
    others: dict[str, list[str]] = {}
    for line, code in zip(lines, owner):
        if code != keep:
            others.setdefault(code, []).append(line)
    return Split(kept, others, keep, {c: s for c, s in sorted(sizes.items()) if c in major})


def _long(text: str) -> bool:
    """Enough letters for a line's language to be judged on its own."""
    return sum(ch.isalpha() for ch in text) >= 40


def _refine(lines: list[str], owner: list[str]) -> None:
    """Move each block boundary to the line where the language changes.

    Blocks are detected on their first characters, so a boundary can sit a
    block late (the second version's title and preamble counted with the
    first version's signatures) or early: the cut moves back over lines of
    the second language and forward over lines of the first, short lines
    (titles, numbers) going with the next long line."""
    k = 1
    while k < len(owner):
        if owner[k] == owner[k - 1]:
            k += 1
            continue
        before, after = owner[k - 1], owner[k]
        cut = k
        i, judged, moved = k - 1, 0, False
        while i >= 0 and owner[i] == before and judged < LOOKAROUND:
            if _long(lines[i]):
                code = _language.detect(lines[i]).lang
                if code == before:
                    break
                moved = moved or code == after
                judged += 1
            i -= 1
        if moved:
            cut = i + 1  # everything after the first version's last line
        end = k
        while end < len(owner) and owner[end] == after:
            end += 1
        if cut == k:
            i, judged = k, 0
            while i < end and judged < LOOKAROUND:
                if _long(lines[i]):
                    code = _language.detect(lines[i]).lang
                    if code == after:
                        break
                    if code == before:
                        cut = i + 1
                    judged += 1
                i += 1
        owner[cut:end] = [after] * (end - cut)
        owner[k:cut] = [before] * max(0, cut - k)
        k = end

"""Segmentation: the provision tree of a document.

>>> from lexnlp_cyber.segment import segment, normalize_num
>>> doc = segment(Document(source="x.txt", text=text), lang="de")
>>> [u.num for u in doc.units()]

Grammars are data (``lexnlp_cyber/data/grammars/<lang>.json``); see
:mod:`lexnlp_cyber.segment.grammar` for their format.
"""

from __future__ import annotations

from ..document import Document
from ..errors import Errors, warn
from ..language import canonical_lang
from .grammar import Grammar, available_languages, load_all_ordinals, load_grammar
from .numbers import normalize_num as _normalize_num
from .parser import Segmenter

__all__ = ["available_languages", "guess_grammar", "load_grammar", "normalize_num", "segment"]



def normalize_num(num: str) -> str:
    """Normal form of a provision number for matching (see :mod:`.numbers`).

    All grammars are loaded first so their ordinal words are known."""
    load_all_ordinals()
    return _normalize_num(num)


def guess_grammar(text: str) -> Grammar:
    """The grammar whose strong unit patterns (and frequent words) fit best.

    Cheap by design: the first 200,000 characters are scanned once per
    grammar; no language detector is needed."""
    sample = text[:200_000]
    head = text[:20_000]
    best: tuple[float, str] = (-1.0, "en")
    for lang in available_languages():
        grammar = load_grammar(lang)
        score = 0.0
        for rule in grammar.units:
            if rule.strong:
                score += 5 * sum(1 for _ in rule.regex.finditer(sample))
        score += sum(head.count(word) for word in grammar.stopwords)
        if score > best[0]:
            best = (score, lang)
    return load_grammar(best[1])


def segment(doc: Document, *, lang: str | None = None) -> Document:
    """Fill ``doc.provisions`` with the provision tree and return ``doc``.

    The grammar is that of ``lang``, else of ``doc.lang``, else the one
    whose unit patterns match best. Every node's ``text`` is
    ``doc.text[start:end]``."""
    load_all_ordinals()
    code = canonical_lang(lang or doc.lang) or ""
    if lang and code not in available_languages():
        load_grammar(code or lang)  # raises E100 with the list of grammars
    grammar = load_grammar(code) if code in available_languages() else guess_grammar(doc.text)
    doc.provisions = Segmenter(doc, grammar).run()
    if not doc.provisions and doc.text.strip():
        message = Errors.W006.format(path=doc.source)
        doc.warn("W006", message)
        warn(message)
    return doc

"""The multilingual cue-term lexicon and its spaCy matcher.

Cue terms are concepts ("computer system", "without right", "traffic data",
"extradition"…) written for every supported language in
``data/cues/<lang>.json``. Matching them gives language-independent
features (one column per concept) and the evidence spans shown to users.

A phrase is matched token by token, case-insensitively; a token ending in
``*`` matches any token that begins with the rest (inflected forms; a
prefix has at least three letters). Chinese
and Japanese phrases match as substrings, since those languages do not put
spaces between words.

A cue file may also list, under ``exclude``, phrases in which a concept's
term means something else (Portuguese "em linha" is online, but "em linha
reta" is lineal kinship): a match that lies inside one of them is dropped.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress
from typing import Any, cast

from ..language import canonical_lang

#: Languages whose phrases are matched as substrings, not token sequences.
SUBSTRING_LANGS = frozenset({"zh", "ja"})

#: spaCy blank pipelines per language; Japanese needs SudachiPy for its own
#: tokenizer, so it borrows the Chinese character segmenter.
#: Prefix patterns are looked up by this many leading letters (the shortest
#: prefix in the lexicons is longer).
_KEY = 3
#: The prefix patterns a token may start: (concept, pieces), a piece (is a prefix, text).
_Patterns = tuple[tuple[str, tuple[tuple[bool, str], ...]], ...]
#: Distinct words a per-language cache remembers (their prefix patterns here, their
#: forms in features.prepare): beyond it, words are looked up again each time.
WORD_CACHE = 500_000

SPACY_LANG = {"ja": "zh", "rw": "xx", "und": "xx"}


@dataclass(frozen=True)
class CueMatch:
    concept: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _concept_roles() -> dict[str, str]:
    """{concept id: role} in the order of ``data/cues/CONCEPTS.tsv``."""
    text = resources.files("lexnlp_cyber").joinpath("data/cues/CONCEPTS.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    return {row[0]: (row[2].strip() if len(row) > 2 else "feature") for row in rows}


def concepts() -> list[str]:
    """The concept ids, in the order of ``data/cues/CONCEPTS.tsv``."""
    return list(_concept_roles())


def feature_concepts() -> list[str]:
    """The concepts that are model features, in file order (the feature order). A concept
    of role ``rule`` is matched for the decision rules and the evidence only: as a feature
    it cost more than it gave (``evidence``: oracle micro-F1 -0.004 over two training seeds)."""
    return [c for c, role in _concept_roles().items() if role == "feature"]


@lru_cache(maxsize=1)
def _cue_files() -> dict[str, dict[str, Any]]:
    """{lang: the parsed cue file} for every cue file shipped, read once."""
    folder = resources.files("lexnlp_cyber").joinpath("data/cues")
    found: dict[str, dict[str, Any]] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data: dict[str, Any] = json.loads(entry.read_text(encoding="utf-8"))
            found[data.get("lang") or entry.name[:-5]] = data
    return found


@lru_cache(maxsize=1)
def lexicon() -> dict[str, dict[str, list[str]]]:
    """{lang: {concept: [phrase, …]}} for every cue file shipped."""
    known = set(concepts())
    return {lang: {c: [str(p) for p in ps] for c, ps in data.get("concepts", {}).items() if c in known}
            for lang, data in _cue_files().items()}


#: Exclusion phrases match as this prefix + their concept, beside the concepts.
_EXCLUDE = "!"


@lru_cache(maxsize=1)
def exclusions() -> dict[str, dict[str, list[str]]]:
    """{lang: {concept: [phrase, …]}}: the phrases in which a concept's term is not that concept."""
    known = set(concepts())
    return {lang: {c: [str(p) for p in ps] for c, ps in data.get("exclude", {}).items() if c in known}
            for lang, data in _cue_files().items()}


def languages() -> list[str]:
    return sorted(lexicon())


@dataclass(frozen=True)
class Proclitics:
    """Letters a language writes onto the next word (``proclitics`` in its cue file)."""

    conjunctions: tuple[str, ...]
    prepositions: tuple[str, ...]
    contractions: tuple[tuple[str, str], ...]
    min_rest: int

    def candidates(self, token: str) -> list[str]:
        """``token`` as written, then without a conjunction, then without a
        preposition too ("وبالنظام" → "بالنظام" → "النظام"; "للنظام" → "النظام")."""
        found = [token]
        rest = token
        if rest[:1] in self.conjunctions and len(rest) - 1 >= self.min_rest:
            rest = rest[1:]
            found.append(rest)
        for written, meant in self.contractions:
            if rest.startswith(written) and len(rest) - len(written) + len(meant) > self.min_rest:
                found.append(meant + rest[len(written):])
                return found
        if rest[:1] in self.prepositions and len(rest) - 1 >= self.min_rest:
            found.append(rest[1:])
        return found


@lru_cache(maxsize=32)
def proclitics(lang: str) -> Proclitics | None:
    """The proclitic rules of ``lang``'s cue file, or None when it has none."""
    rules = _cue_files().get(lang, {}).get("proclitics")
    if not rules:
        return None
    return Proclitics(tuple(rules.get("conjunctions", ())), tuple(rules.get("prepositions", ())),
                      tuple(sorted(rules.get("contractions", {}).items(), key=lambda kv: -len(kv[0]))),
                      int(rules.get("min_rest", 3)))


@lru_cache(maxsize=32)
def unmarked(lang: str) -> dict[int, int | str | None] | None:
    """A ``str.translate`` table that words and cue phrases of ``lang`` pass
    through before they meet, or None when its cue file names nothing: it
    deletes the file's ``marks`` and writes each letter of its ``folds`` as
    the letters given. Turkish has both: spaCy lowercases İ as Unicode does,
    to i and a combining dot, and a dotless I to a dotted i, so a heading in
    capitals ("BİLİŞİM", "YAZILIM") met no phrase; German folds ß to ss, as
    Swiss texts and capitals write it. Word features keep the words as spaCy
    gives them (data/model_selection.md)."""
    data = _cue_files().get(lang, {})
    marks, folds = data.get("marks", ""), data.get("folds", {})
    if not marks and not folds:
        return None
    table: dict[int, int | str | None] = {ord(k): v for k, v in folds.items()}
    table.update(dict.fromkeys(map(ord, marks)))
    return table


@lru_cache(maxsize=1)
def invisible() -> dict[int, None]:
    """A ``str.translate`` table deleting the characters that extraction drops
    (soft hyphens, zero-width characters, bidi controls, the BOM, tatweel:
    ``data/extract/repair.json``). Text given to classify directly keeps
    them, and "com\u00adputer" is still the word computer."""
    from ..extract.repair import tables

    return dict.fromkeys(map(ord, tables()["drop"]))


@lru_cache(maxsize=32)
def cue_form(lang: str) -> Callable[[str], str]:
    """How a word of ``lang`` meets cue phrases: lowercased, without
    invisible characters and the cue file's ``marks``, its ``folds``
    applied, then its first ``respell`` rule (a word that begins with a rule's
    first part is read as beginning with its second, so that the spellings of
    two countries meet: "electrónico", "infracção" in Portugal, "eletrônico",
    "infração" in Brazil). It is the spaCy vocabulary's NORM in :func:`blank`,
    so each distinct word is read this way once."""
    table: dict[int, int | str | None] = dict(invisible())
    table.update(unmarked(lang) or {})

    def fold(text: str) -> str:
        return text.lower().translate(table)

    respell = _cue_files().get(lang, {}).get("respell", {})
    rules = sorted(((fold(k), fold(v)) for k, v in respell.items()), key=lambda kv: -len(kv[0]))  # longest first

    def form(text: str) -> str:
        word = fold(text)
        word = next((new + word[len(old):] for old, new in rules if word.startswith(old)), word)
        return word or text.lower()  # a mark alone stays a token

    return form


@lru_cache(maxsize=32)
def blank(lang: str) -> Any:
    """A blank spaCy pipeline for ``lang`` with a lean tokenizer, built once per process.

    The language's vocabulary and lexical attributes (``like_num``) are
    spaCy's; its tokenizer is replaced, except for the Chinese character
    segmenter, by one with a few punctuation rules and no exception tables:
    statutes need no "can't" or "U.S." special cases, and it runs twice as
    fast (tokenisation was half the time of ``classify``). Cue phrases go
    through the same tokenizer, so phrases and texts always agree.

    The language's own ``like_num`` keeps number words ("deux", "two") out of
    the word features. spaCy's multi-language vocabulary for every language
    would spare the import of French's defaults (tagging the French sample
    3.7 s -> 1.7 s in a fresh process) but reads number words as words:
    dev-gold micro-F1 -0.004 retrained on two seeds, so it is not used."""
    import spacy
    from spacy.tokenizer import Tokenizer

    code = SPACY_LANG.get(lang, lang)
    try:
        nlp = spacy.blank(code)
    except Exception:  # a language spaCy lacks: its multi-language defaults
        nlp = spacy.blank("xx")
    if code != "zh":
        nlp.tokenizer = Tokenizer(nlp.vocab, prefix_search=_PREFIX.search, suffix_search=_SUFFIX.search,
                                  infix_finditer=_INFIX.finditer)
    # Every new word computes each lexical attribute the vocabulary has getters for
    # (shape, prefix, suffix, stop word…); the pipeline reads only these, and the
    # others were a fifth of classifying unseen text.
    from spacy.attrs import IS_SPACE, LANG, LIKE_NUM, LOWER, NORM

    vocab: Any = nlp.vocab  # spaCy's type stubs leave lex_attr_getters out
    getters = vocab.lex_attr_getters
    vocab.lex_attr_getters = {attr: getters[attr] for attr in (LOWER, NORM, LIKE_NUM, IS_SPACE, LANG) if attr in getters}
    form = cue_form(lang)  # NORM is the form in which words meet cue phrases (PhraseMatcher attr="NORM")
    vocab.lex_attr_getters[NORM] = form
    for lexeme in vocab:
        lexeme.norm_ = form(lexeme.orth_)
    return nlp


# Opening and closing punctuation (the Arabic comma, semicolon and question
# mark too) come off words, and so do the commas and semicolons that Arabic
# text converted in visual order leaves on the next word ("عمدا ،بالتقاط");
# apostrophes, slashes, dashes and punctuation between letters split them
# ("l'accès", "and/or", "e-mail"), and so does a full stop or colon before a
# dash or bracket ("Voyeurism.—Whoever", "belirlenir.(2)"); visual-order Arabic
# also leaves full stops, colons and closing brackets on the next word.
_PREFIX = re.compile(r"""^[\[\(\{"'“‘„«‹¿¡§—–\-,;.:)\u060c\u061b]""")
_SUFFIX = re.compile(r"""[\]\)\}"'”’»›\.,;:!?…—–\-\u060c\u061b\u061f]$""")
_INFIX = re.compile(r"""(?<=\w)['’´](?=\w)|[/—–()\[\]]|(?<=\w)[,;:.\u060c\u061b](?=[\w—–()\[\]/]|-\w)|(?<=[\w.:])-(?=\w)""")


class CueMatcher:
    """Finds the cue concepts of one language in texts.

    Exact phrases go to a spaCy ``PhraseMatcher`` (fast), phrases with a
    ``*`` prefix token to a spaCy ``Matcher``; Chinese and Japanese phrases
    are compiled into one regular expression per concept."""

    def __init__(self, lang: str, *, exclude: bool = True) -> None:
        from spacy.matcher import PhraseMatcher

        self.lang = lang
        self.nlp = blank(lang)
        table = dict(lexicon().get(lang, {}))
        if exclude:
            table.update({_EXCLUDE + c: ps for c, ps in exclusions().get(lang, {}).items()})
        # Texts are read in NFKC (features.normalize), so phrases are too: a full-width
        # Japanese "ＩＤ" becomes the "ID" a text holds.
        table = {c: [unicodedata.normalize("NFKC", p) for p in ps] for c, ps in table.items()}
        self.excluding = any(c.startswith(_EXCLUDE) for c in table)
        self.substring: dict[str, re.Pattern[str]] = {}
        self.form = cue_form(lang)
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="NORM")
        # Prefix patterns, indexed by the first letters of their first piece.
        # (spaCy's Matcher with REGEX predicates ran at ~20 texts/s here.)
        self.prefixed: dict[str, list[tuple[str, tuple[tuple[bool, str], ...]]]] = {}
        self._starts: dict[str, tuple[tuple[str, tuple[tuple[bool, str], ...]], ...]] = {}
        self.proclitics = proclitics(lang)
        self._words: set[str] = set()  # the words of this language's phrases, to undo proclitics towards
        self._stems: dict[str, tuple[str, str, str]] = {}
        if lang in SUBSTRING_LANGS:
            for concept, phrases in table.items():
                alts = sorted({p.replace("*", "") for p in phrases if p.strip()}, key=len, reverse=True)
                if alts:
                    self.substring[concept] = re.compile("|".join(map(re.escape, alts)), re.IGNORECASE)
            return
        form = self.form  # phrases and words meet in their cue form
        table = {c: [" ".join(map(form, p.split())) for p in ps] for c, ps in table.items()}
        for concept, phrases in table.items():
            exact = []
            for phrase in phrases:
                if "*" not in phrase:
                    exact.append(self.nlp.make_doc(phrase))
                    continue
                # Pieces are tokenised as spaCy tokenises the text ("d'un" →
                # "d'", "un"; "IT-System*" → "it", "-", "system*"); a piece
                # ending in '*' makes its last token a prefix.
                pieces: list[tuple[bool, str]] = []
                for piece in phrase.split():
                    words = [t.norm_ for t in self.nlp.make_doc(piece.rstrip("*"))]
                    pieces += [(False, w) for w in words]
                    if piece.endswith("*") and len(piece) > 1 and words:
                        pieces[-1] = (True, words[-1])
                if pieces and len(pieces[0][1]) >= _KEY or pieces and not pieces[0][0]:
                    self.prefixed.setdefault(pieces[0][1][:_KEY], []).append((concept, tuple(pieces)))
            if exact:
                self.phrases.add(concept, exact)
        if self.proclitics is not None:
            self._words = {w for phrases in table.values() for p in phrases for w in p.lower().split() if "*" not in w}

    def _known(self, word: str) -> bool:
        return word in self._words or bool(self._starting(word))

    def _forms(self, token: str) -> tuple[str, str, str]:
        """``token`` as cue phrases know it (the first candidate without
        proclitics that a phrase holds, else the token itself), bare (the
        first known candidate, else the barest) and barest known (the last
        candidate a phrase holds, else the token itself). Cached per token, like ``_starting``."""
        found = self._stems.get(token)
        if found is None:
            if self.proclitics is None:
                return token, token, token
            options = self.proclitics.candidates(token)
            known = [w for w in options if self._known(w)]
            first = known[0] if known else None
            found = (first or token, first or options[-1], known[-1] if known else token)
            if len(self._stems) < WORD_CACHE:
                self._stems[token] = found
        return found

    def stem(self, token: str) -> str:
        """``token`` without its proclitics: the first candidate a cue phrase
        knows, else the barest one."""
        return self._forms(token)[1]

    def _starting(self, token: str) -> _Patterns:
        """The prefix patterns whose first piece fits ``token``, cached per token:
        words repeat, so each distinct token is tested against the patterns once."""
        found = self._starts.get(token)
        if found is None:
            found = tuple((concept, pieces) for concept, pieces in self.prefixed.get(token[:_KEY], ())
                          if _fits(pieces[0], token))
            if len(self._starts) < WORD_CACHE:
                self._starts[token] = found
        return found

    def _prefix_matches(self, tokens: list[str]) -> list[tuple[str, int, int]]:
        found = []
        n = len(tokens)
        # most tokens start no pattern, and the cache knows them as (): look them all up in one
        # pass and visit only the others (one Python step per token was a sixth of classify)
        looked_up = list(map(self._starts.get, tokens))
        cached = (cast(list[_Patterns], looked_up) if None not in looked_up  # else tokens not seen before
                  else [patterns if patterns is not None else self._starting(t) for patterns, t in zip(looked_up, tokens)])
        for i in compress(range(n), cached):
            following = tokens[i + 1] if i + 1 < n else None
            for concept, pieces in cached[i]:
                end = i + len(pieces)
                if end == i + 1:  # a one-word pattern: its word fits (``_starting``)
                    found.append((concept, i, end))
                    continue
                # longer ones mostly fail at their second word, tested inline before the rest
                if following is None or end > n:
                    continue
                is_prefix, second = pieces[1]
                if (following.startswith(second) if is_prefix else following == second) and (
                        end == i + 2 or all(_fits(p, t) for p, t in zip(pieces[2:], tokens[i + 2:end]))):
                    found.append((concept, i, end))
        return found

    def __call__(self, text: str, doc: Any = None, forms: list[str] | None = None,
                 spans: list[tuple[int, int]] | None = None) -> list[CueMatch]:
        """The cue matches in ``text``; pass the spaCy ``doc``, its tokens'
        cue forms (NORM) and their character spans when already computed."""
        if self.substring:
            # Chinese and Japanese lines break inside words ("计算机信息\n系统"): match on the
            # text without line breaks, then map the matches back to the text's offsets
            joined, places = text, None
            if "\n" in text:
                places = [i for i, ch in enumerate(text) if ch not in "\r\n"]
                joined = "".join(text[i] for i in places)
            found_spans = []
            for concept, pattern in self.substring.items():
                for m in pattern.finditer(joined):
                    if places is None:
                        found_spans.append((concept, m.start(), m.end()))
                    elif m.end() > m.start():
                        found_spans.append((concept, places[m.start()], places[m.end() - 1] + 1))
            return self._without_exclusions([CueMatch(c, s, e, text[s:e]) for c, s, e in found_spans])
        doc = doc if doc is not None else self.nlp.make_doc(text)
        if forms is None or spans is None:
            forms = [t.norm_ for t in doc]
            spans = [(t.idx, t.idx + len(t.text)) for t in doc]
        words = forms
        first, last = 0, len(forms)
        while first < last and forms[first].isspace():
            first += 1
        while last > first and forms[last - 1].isspace():
            last -= 1
        if any(map(str.isspace, forms[first:last])):
            # spaCy keeps line breaks and runs of spaces as tokens, which would split a phrase
            # ("liable on\nconviction"); PDF text breaks lines anywhere. (Spaces before the
            # first word or after the last split nothing: the doc is matched as it is.)
            kept = [i for i, t in enumerate(forms) if not t.isspace()]
            words, spans = [forms[i] for i in kept], [spans[i] for i in kept]
        barest = None
        if self.proclitics is not None:  # match words as the phrases know them: "وبيانات" as "بيانات"
            readings = [self._forms(t) for t in words]
            words = [f[0] for f in readings]
            # a word that phrases know both with its proclitic and without ("للأطفال",
            # "الأطفال") is matched both ways, or the bare form's concepts were never found
            barest = [f[2] for f in readings]
            if barest == words:
                barest = None
        if words is not forms and words != forms:
            found_ids, forms = self._phrase_matches(words), words
        else:
            found_ids = [(self.nlp.vocab.strings[k], s, e) for k, s, e in self.phrases(doc)]
        if self.prefixed:
            found_ids += self._prefix_matches(forms)
        if barest is not None:
            found_ids += self._phrase_matches(barest)
            if self.prefixed:
                found_ids += self._prefix_matches(barest)
        if self.prefixed or barest is not None:
            # a span that two phrases of one concept match (an exact phrase and a prefix, "حذف"
            # and "حذف*"; a word read with and without its proclitic) counts once: concept
            # features count matches
            found_ids = list(dict.fromkeys(found_ids))
        found = []
        for concept, s, e in found_ids:
            start, end = spans[s][0], spans[e - 1][1]
            found.append(CueMatch(concept, start, end, text[start:end]))
        return self._without_exclusions(found)

    def _phrase_matches(self, words: list[str]) -> list[tuple[str, int, int]]:
        """The exact-phrase matches in ``words``, read as a text's tokens."""
        from spacy.tokens import Doc

        return [(self.nlp.vocab.strings[k], s, e) for k, s, e in self.phrases(Doc(self.nlp.vocab, words=words))]

    def _without_exclusions(self, found: list[CueMatch]) -> list[CueMatch]:
        """``found`` less the exclusion matches and the matches that lie inside one of their concept."""
        if not self.excluding:
            return found
        spans: dict[str, list[tuple[int, int]]] = {}
        for m in found:
            if m.concept.startswith(_EXCLUDE):
                spans.setdefault(m.concept[len(_EXCLUDE):], []).append((m.start, m.end))
        return [m for m in found if not m.concept.startswith(_EXCLUDE)
                and not any(s <= m.start and m.end <= e for s, e in spans.get(m.concept, ()))]


def _fits(piece: tuple[bool, str], token: str) -> bool:
    is_prefix, text = piece
    return token.startswith(text) if is_prefix else token == text


@lru_cache(maxsize=64)
def matcher(lang: str) -> CueMatcher:
    """The cue matcher for ``lang``, a language tag ("de", "de-CH", "deu"), or
    English's when the language has no cue file."""
    code = canonical_lang(lang)
    return _matcher(code if code in lexicon() else "en")


@lru_cache(maxsize=32)
def _matcher(lang: str) -> CueMatcher:
    return CueMatcher(lang)

"""Features for the classifier: spaCy tokens, cue concepts, TF-IDF n-grams.

A text is *prepared* once (tokenised by spaCy's blank pipeline of its
language, cue concepts matched); the :class:`Featurizer` then turns prepared
texts into one sparse matrix of three blocks:

- word uni- and bigrams (TF-IDF over spaCy tokens; characters for zh/ja),
- character 2–5-grams within word boundaries (TF-IDF; robust to inflection
  and to languages with little training data),
- concept counts from the cue lexicon (language-independent: the same
  column fires for "computer system", "système informatique" and
  "计算机信息系统").
"""

from __future__ import annotations

import gc
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import add, itemgetter
from typing import Any, cast

import numpy as np
import scipy.sparse as sp

from ..extract.repair import repair_lam_alef, repair_swapped_words
from .cues import WORD_CACHE, CueMatch, feature_concepts, invisible, matcher

_WORD = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=200_000)
def _is_word(token: str) -> bool:
    """Does the token hold a letter or digit (not bare punctuation)? Cached: words repeat."""
    return _WORD.search(token) is not None
# Concepts that make a text cyber-relevant in the sense of GUIDE.md rule 2.
# Incidents and critical infrastructure are not among them: "incident",
# "essential services" or "vital systems" say nothing of computers until a
# cyber term comes with them.
CYBER_CONCEPTS = frozenset({
    "computer_system", "computer_data", "computer_program", "network", "cyber", "electronic_communication",
    "traffic_data", "subscriber_information", "content_data", "service_provider", "electronic_evidence",
    "access_credentials", "intercept",
})


@dataclass
class Prepared:
    """A text tokenised and cue-matched, ready for featurisation."""

    text: str
    lang: str
    tokens: list[str] = field(default_factory=list)
    offsets: list[tuple[int, int]] = field(default_factory=list)
    cues: list[CueMatch] = field(default_factory=list)
    #: How many of ``tokens`` stand on the first line (number and heading).
    head: int = 0
    #: Did normalising pad composed characters (:func:`nfkc_in_place`)? Evidence then leaves the padding out.
    padded: bool = False

    def shown(self, start: int, end: int) -> str:
        """The text of a span as evidence shows it."""
        found = self.text[start:end]
        return found.replace(_PAD, "") if self.padded else found

    @property
    def cyber(self) -> bool:
        """Does the text itself speak of computers, data, networks…?"""
        return any(c.concept in CYBER_CONCEPTS for c in self.cues)


#: Pads a character that NFKC shortened ("e" + combining acute -> "é"): cue forms and word features drop it.
_PAD = "\u200b"


def nfkc_in_place(text: str) -> str:
    """NFKC that keeps every character where it was, so that offsets into the
    result (evidence spans) are offsets into ``text``: a base character and
    its combining marks that NFKC composes are padded with zero-width spaces;
    one that NFKC would expand ("…" -> "...", "½", "ﬁ") is kept as it is."""
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) == len(text):
        return folded
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        chunk = text[i:j]
        form = unicodedata.normalize("NFKC", chunk)
        out.append(form + _PAD * (len(chunk) - len(form)) if len(form) <= len(chunk) else chunk)
        i = j
    return "".join(out)


def normalize(text: str) -> str:
    # Text given to classify directly has not been through extract's repair; the
    # result has the text's length, so that spans in it are spans in the text.
    text = repair_lam_alef(nfkc_in_place(text))
    # Typographic apostrophes read as the ASCII one that cue phrases use
    # ("l’accès" matches "l'accès"); one character for one, so offsets hold.
    # (str.replace, not str.translate: a tenth of the time.)
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    if "\u02bc" in text:
        text = text.replace("\u02bc", "'")
    return text


@lru_cache(maxsize=32)
def lemmatizer(lang: str) -> Any:
    """spaCy's lookup lemmatizer for ``lang``, or None where spacy-lookups-data
    has no table for it (or is not installed)."""
    import spacy

    try:
        nlp = spacy.blank(lang)
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        return nlp.get_pipe("lemmatizer")
    except Exception:  # no table, or spacy-lookups-data missing: surface forms
        return None


@lru_cache(maxsize=1)
def _invisible_pattern() -> re.Pattern[str]:
    return re.compile("[" + "".join(map(chr, invisible())) + "]")


def _has_invisible(text: str) -> bool:
    return _invisible_pattern().search(text) is not None


class _Words:
    """One language's words by spaCy id: a word's lowercase form and whether it
    is a word feature (it holds a letter or digit and is not a number), and a
    cue form (NORM) by its id. Words repeat, and a dict lookup hands back the
    string already made, where spaCy's string store builds a new one per token."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab
        self.words: dict[int, tuple[str, bool]] = {}
        self.norms: dict[int, str] = {}

    def word(self, orth: int) -> tuple[str, bool]:
        lexeme = self.vocab[orth]
        lower = lexeme.lower_
        found = (lower, not lexeme.like_num and _is_word(lower))
        if len(self.words) < WORD_CACHE:
            self.words[orth] = found
        return found

    def norm(self, key: int) -> str:
        form: str = self.vocab.strings[key]
        if len(self.norms) < WORD_CACHE:
            self.norms[key] = form
        return form


@lru_cache(maxsize=64)
def _words(vocab: Any) -> _Words:  # one per language's vocabulary
    return _Words(vocab)


def prepare(text: str, lang: str | None, *, lemmas: bool = False, proclitics: bool = False) -> Prepared:
    """Tokenise ``text`` with spaCy and match its cue concepts; with ``lemmas``,
    word features use lookup lemmas where spaCy has a table for the language;
    with ``proclitics``, words lose the proclitics their language's cue file
    lists (Arabic "وبالنظام" is counted as "النظام")."""
    from spacy.attrs import IDX, LEMMA, LENGTH, NORM, ORTH  # here: loading a model needs no spaCy

    given = text
    text = normalize(text)
    if lang == "ar":  # a provision given alone, from a converter that swapped its lam-alefs
        text = repair_swapped_words(text)
    padded = _PAD in text and _PAD not in given
    cue_matcher = matcher(lang or "en")
    # A line break read as a space (same offsets) makes no token of its own: the cue matcher
    # then has no whitespace token to drop (it would rebuild the doc to match a phrase
    # broken by a line, "liable on\nconviction"), and almost every provision has one.
    doc = cue_matcher.nlp.make_doc(text.replace("\n", " ") if "\n" in text else text)
    lemma = lemmatizer(cue_matcher.lang) if lemmas else None
    if lemma is not None:
        doc = lemma(doc)
    # Whole columns of spaCy's token arrays, and each word looked up once per language:
    # creating Token objects, then strings per token, was most of the cost.
    orths, norms, starts, lengths = doc.to_array([ORTH, NORM, IDX, LENGTH]).T.tolist()
    known = _words(doc.vocab)
    # map() over the cached forms, then the words first seen (a comprehension calling
    # a function per token cost twice as much)
    info = list(map(known.words.get, orths))
    if None in info:
        info = [found if found is not None else known.word(o) for found, o in zip(info, orths)]
    lows, keeps = zip(*info) if info else ((), ())
    # The cue matcher reads words in its own form (NORM: lowercase, folded where the language folds).
    cached_forms = list(map(known.norms.get, norms))
    forms = (cast(list[str], cached_forms) if None not in cached_forms
             else [form if form is not None else known.norm(k) for form, k in zip(cached_forms, norms)])
    spans = list(zip(starts, map(add, starts, lengths)))
    first_line = text.find("\n") if "\n" in text[:200] else min(len(text), 200)
    words = None
    if lemma is not None:
        strings = doc.vocab.strings
        words = [strings[k].lower() for k in doc.to_array(LEMMA).tolist()]
    if _has_invisible(text):  # "com\u00adputer" is the word computer (extraction drops them; classify's input may not)
        words = [w.translate(invisible()) or w for w in (words or lows)]
    if proclitics and cue_matcher.proclitics is not None:
        words = [cue_matcher.stem(w) for w in (words or lows)]
    if words is None:
        tokens = list(compress(lows, keeps))
    else:
        tokens = [w or low for w, low in compress(zip(words, lows), keeps)]
    offsets = list(compress(spans, keeps))
    head = bisect_left(offsets, first_line, key=itemgetter(0))  # tokens on the heading line
    cues = cue_matcher(text, doc, forms, spans)
    if padded:  # evidence shows the words, not the padding of composed characters
        cues = [CueMatch(c.concept, c.start, c.end, c.text.replace(_PAD, "")) for c in cues]
    return Prepared(text, cue_matcher.lang, tokens, offsets, cues, head, padded)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a batch: preparing texts makes
    millions of small objects and no cycles, and the collector's passes over
    them cost ~15% of classify."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=8192)
def heading_concepts(text: str, lang: str | None) -> frozenset[str]:
    """The cue concepts a title or heading names. Cached: a code repeats its
    chapter headings above every unit."""
    return frozenset(cue.concept for cue in prepare(text, lang).cues)


def prepare_many(texts: Sequence[str], langs: Sequence[str | None], *, lemmas: bool = False,
                 proclitics: bool = False) -> list[Prepared]:
    with gc_paused():
        return [prepare(t, lang, lemmas=lemmas, proclitics=proclitics) for t, lang in zip(texts, langs)]


def word_ngrams(prepared: Prepared, prefix: int = 0, heading: bool = False) -> list[str]:
    """Uni- and bigrams of a prepared text's tokens (the word analyzer),
    then, with ``prefix``, the first ``prefix`` letters of longer tokens
    ("~inform"): a cheap stemmer that lets inflected forms share a feature."""
    toks = prepared.tokens
    grams = toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]
    if prefix:
        grams += [g for t in toks if (g := prefix_gram(t, prefix))]
    if heading:  # the heading line says what a provision is about: its words count apart
        grams += [heading_gram(t, prefix) for t in toks[:prepared.head]]
    return grams


def prefix_gram(token: str, prefix: int) -> str | None:
    """``token``'s prefix feature ("~inform"), None when it has none (no
    ``prefix``, or a token too short to be cut)."""
    return "~" + token[:prefix] if prefix and len(token) > prefix + 1 else None


def heading_gram(token: str, prefix: int) -> str:
    """The feature of ``token`` standing on the heading line."""
    return "h:" + (token[:prefix] if prefix else token)


def char_text(prepared: Prepared) -> str:
    return prepared.text.lower()


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's "char_wb" analysis of lowercased ``text``: the ``low``-
    to ``high``-grams of each word padded with a space on either side (a word
    shorter than n counts once). Written out so that a saved model computes
    its character features from plain arrays, as :class:`LeanFeaturizer` does."""
    grams: list[str] = []
    add = grams.append
    for word in text.lower().split():
        word = f" {word} "
        size = len(word)
        for n in range(low, high + 1):
            for offset in range(max(1, size - n + 1)):
                add(word[offset:offset + n])
            if size <= n:  # a short word gives the same gram for every longer n
                break
    return grams


def _identity(x: Any) -> Any:
    return x


class _ConceptColumns:
    """The cue-concept part shared by :class:`Featurizer` and
    :class:`LeanFeaturizer`: its settings, its columns and their names."""

    concepts: list[str]
    _index: dict[str, int]
    concept_weight: float
    use_concepts: bool
    # Class defaults: featurizers pickled before these options existed read them here.
    concept_scale: str = "log"
    concept_lead: int = 0

    def _set_concepts(self, concepts: Sequence[str], *, weight: float, use: bool, scale: str, lead: int) -> None:
        self.concepts = list(concepts)
        self._index = {c: i for i, c in enumerate(self.concepts)}
        self.concept_weight = weight
        self.use_concepts = use
        self.concept_scale = scale
        self.concept_lead = lead

    def concept_matrix(self, prepared: Sequence[Prepared]) -> sp.csr_matrix:
        return concept_matrix(prepared, self._index, scale=self.concept_scale, lead=self.concept_lead)

    def concept_names(self) -> list[str]:
        return concept_feature_names(self.concepts, self.concept_lead) if self.use_concepts else []


class Featurizer(_ConceptColumns):
    """Turns prepared texts into the model's sparse feature matrix."""

    def __init__(self, *, char_range: tuple[int, int] = (2, 5), max_char_features: int = 150_000,
                 concept_weight: float = 1.0, use_char: bool = True, use_concepts: bool = True,
                 prefix: int = 5, heading: bool = False, concept_scale: str = "log", concept_lead: int = 0) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer  # only training needs scikit-learn

        self.prefix = prefix
        self.heading = heading
        self.char_range = char_range
        self.max_char_features = max_char_features
        self.use_char = use_char
        self._set_concepts(feature_concepts(), weight=concept_weight, use=use_concepts, scale=concept_scale,
                           lead=concept_lead)
        self.word = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2, dtype=np.float32)
        self.char = TfidfVectorizer(analyzer="char_wb", ngram_range=char_range, sublinear_tf=True,
                                    min_df=2, max_features=max_char_features, dtype=np.float32)

    # The word vectorizer receives n-gram lists, so its analyzer is the identity.
    def fit(self, prepared: Sequence[Prepared]) -> Featurizer:
        self.word.fit([word_ngrams(p, self.prefix, getattr(self, "heading", False)) for p in prepared])
        if self.use_char:
            self.char.fit([char_text(p) for p in prepared])
        return self

    def transform(self, prepared: Sequence[Prepared]) -> sp.csr_matrix:
        blocks = [self.word.transform([word_ngrams(p, self.prefix, getattr(self, "heading", False)) for p in prepared])]
        if self.use_char:
            blocks.append(self.char.transform([char_text(p) for p in prepared]))
        if self.use_concepts:
            blocks.append(self.concept_matrix(prepared) * self.concept_weight)
        matrix = sp.hstack(blocks, format="csr", dtype=np.float32)
        matrix.sort_indices()  # liblinear/joblib need sorted, writable indices
        return matrix

    @property
    def vocabulary(self) -> dict[str, int]:
        """Word n-gram → its column."""
        vocabulary: dict[str, int] = self.word.vocabulary_
        return vocabulary

    def lean(self) -> LeanFeaturizer:
        """The same features as arrays (see :class:`LeanFeaturizer`)."""
        char_grams, char_idf = None, None
        if self.use_char:
            char_grams = _by_column(self.char.vocabulary_)
            char_idf = np.asarray(self.char.idf_, dtype=np.float32)
        return LeanFeaturizer(_by_column(self.word.vocabulary_), np.asarray(self.word.idf_, dtype=np.float32),
                              prefix=self.prefix, heading=getattr(self, "heading", False),
                              concept_weight=self.concept_weight, use_concepts=self.use_concepts,
                              concepts=self.concepts, concept_scale=self.concept_scale,
                              concept_lead=self.concept_lead, char_grams=char_grams, char_idf=char_idf,
                              char_range=(int(self.char_range[0]), int(self.char_range[1])))

    def feature_names(self) -> list[str]:
        names = [f"w:{n}" for n in self.word.get_feature_names_out()]
        if self.use_char:
            names += [f"c:{n}" for n in self.char.get_feature_names_out()]
        return names + self.concept_names()

    @property
    def n_word(self) -> int:
        return len(self.word.vocabulary_)

    @property
    def n_char(self) -> int:
        return len(self.char.vocabulary_) if self.use_char else 0


def _by_column(vocabulary: dict[str, int]) -> list[str]:
    grams = [""] * len(vocabulary)
    for gram, j in vocabulary.items():
        grams[j] = gram
    return grams


def _tfidf(rows: list[list[int]], idf: np.ndarray) -> sp.csr_matrix:
    """Rows of column indices (repeats count) as scikit-learn's sublinear
    TF-IDF: (1 + log tf) x idf, each row l2-normalised."""
    columns = [j for row in rows for j in row]
    indptr = np.cumsum([0] + [len(row) for row in rows], dtype=np.int64)
    # Repeated n-grams become counts when scipy sums the duplicate entries.
    matrix = sp.csr_matrix((np.ones(len(columns), dtype=np.float32), np.asarray(columns, dtype=np.int32), indptr),
                           shape=(len(rows), len(idf)))
    return _sublinear(matrix, idf)


def _tfidf_cells(rows: np.ndarray, columns: np.ndarray, n_rows: int, idf: np.ndarray) -> sp.csr_matrix:
    """:func:`_tfidf` of cells given as parallel row and column arrays."""
    matrix = sp.csr_matrix((np.ones(len(columns), dtype=np.float32), (rows, columns)), shape=(n_rows, len(idf)))
    return _sublinear(matrix, idf)


def _sublinear(matrix: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    matrix.sum_duplicates()
    matrix.data = (np.log(matrix.data) + np.float32(1.0)) * idf[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1), dtype=np.float32)).ravel()
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms, dtype=np.float32) @ matrix, dtype=np.float32)


def concept_feature_names(concepts: Sequence[str], lead: int = 0) -> list[str]:
    """The names of the columns :func:`concept_matrix` makes."""
    names = [f"cue:{c}" for c in concepts] + ["cue:*cyber*"]
    if lead:
        names += [f"lead:{c}" for c in concepts]
    return names


def concept_matrix(prepared: Sequence[Prepared], index: dict[str, int], *, scale: str = "log",
                   lead: int = 0) -> sp.csr_matrix:
    """Each concept's count (``scale``: "log" = log(1 + count), "binary",
    or "l2" = log counts normalised per text), a final 'any cyber concept'
    column, and with ``lead`` > 0 one presence column per concept matched in
    the text's first ``lead`` characters (the heading and opening words say
    what a provision does; later matches may be mere mentions)."""
    width = len(index) + 1
    rows, cols, vals = [], [], []
    for i, p in enumerate(prepared):
        counts: dict[int, float] = {}
        for cue in p.cues:
            j = index.get(cue.concept)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if scale == "binary":
            counts = dict.fromkeys(counts, 1.0)
        else:
            counts = {j: float(np.log1p(n)) for j, n in counts.items()}
            if scale == "l2" and counts:
                norm = float(np.sqrt(sum(v * v for v in counts.values())))
                counts = {j: v / norm for j, v in counts.items()}
        if p.cyber:
            counts[width - 1] = 1.0
        if lead:
            for cue in p.cues:
                j = index.get(cue.concept)
                if j is not None and cue.start < lead:
                    counts[width + j] = 1.0
        for j, v in counts.items():
            rows.append(i)
            cols.append(j)
            vals.append(v)
    total = width + (len(index) if lead else 0)
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(prepared), total), dtype=np.float32)


class _WordColumns:
    """A fitted word vocabulary as tables, so that a batch's word n-gram
    columns come from one dict lookup per token and a few numpy steps rather
    than from building every bigram and prefix string ("a b", "~infor") and
    hashing it, which was a third of classify's feature time. The columns are
    those of looking :func:`word_ngrams` up in the vocabulary.

    Each token seen gets an id with its unigram, prefix and heading columns
    (-1: none); a bigram is a pair of ids. The words of the vocabulary's
    bigrams keep their ids; other words are forgotten past ``WORD_CACHE``."""

    _PAIR = 1 << 32  # a bigram's key: first id x _PAIR + second id

    def __init__(self, vocabulary: dict[str, int], prefix: int, heading: bool) -> None:
        self.vocabulary = vocabulary
        self.prefix = prefix
        self.heading = heading
        bigrams = [((first, second), j) for gram, j in vocabulary.items() if " " in gram
                   for first, _, second in [gram.partition(" ")] if first and second and " " not in second]
        # the bigrams' words first, all at once: they keep their ids
        self.ids: dict[str, int] = {w: i for i, w in enumerate(dict.fromkeys(w for pair, _ in bigrams for w in pair))}
        self.kept = len(self.ids)
        self.columns = np.full((max(1024, 2 * self.kept), 3), -1, dtype=np.int64)
        if self.kept:
            self.columns[:self.kept] = [self._columns(w) for w in self.ids]
        ids = self.ids
        keys = np.asarray([ids[a] for (a, _), _ in bigrams], dtype=np.int64) * self._PAIR + np.asarray(
            [ids[b] for (_, b), _ in bigrams], dtype=np.int64)
        # sorted, for numpy's binary search: a batch's pairs are found at once
        order = np.argsort(keys, kind="stable")
        self.pair_keys = keys[order]
        self.pair_columns = np.asarray([j for _, j in bigrams], dtype=np.int64)[order]

    def _id(self, token: str) -> int:
        found = self.ids.get(token)
        return found if found is not None else self._add(token)

    def _columns(self, token: str) -> tuple[int, int, int]:
        """``token``'s unigram, prefix and heading columns (-1: none)."""
        vocabulary = self.vocabulary
        cut = prefix_gram(token, self.prefix)
        return (vocabulary.get(token, -1),
                vocabulary.get(cut, -1) if cut else -1,
                vocabulary.get(heading_gram(token, self.prefix), -1) if self.heading else -1)

    def _add(self, token: str) -> int:
        i = len(self.ids)
        if i == len(self.columns):
            self.columns = np.concatenate([self.columns, np.full_like(self.columns, -1)])
        self.columns[i] = self._columns(token)
        self.ids[token] = i
        return i

    def __call__(self, prepared: Sequence[Prepared]) -> tuple[np.ndarray, np.ndarray]:
        """The (row, column) cells of ``prepared``'s word n-grams, repeats included."""
        if len(self.ids) > WORD_CACHE:  # forget the words past the bigrams' own
            self.ids = {t: i for t, i in self.ids.items() if i < self.kept}
            self.columns[self.kept:] = -1
        tokens = [t for p in prepared for t in p.tokens]
        found = list(map(self.ids.get, tokens))
        if None in found:  # words not seen before
            found = [i if i is not None else self._id(t) for i, t in zip(found, tokens)]
        ids = np.asarray(found, dtype=np.int64)
        lengths = np.fromiter((len(p.tokens) for p in prepared), dtype=np.int64, count=len(prepared))
        rows = np.repeat(np.arange(len(prepared), dtype=np.int64), lengths)
        columns = self.columns[ids]
        cells_rows, cells_columns = [rows], [columns[:, 0]]
        if self.prefix:
            cells_rows.append(rows)
            cells_columns.append(columns[:, 1])
        if len(ids) > 1 and len(self.pair_keys):
            # neighbours in one text, both words of some bigram
            pairs = (rows[1:] == rows[:-1]) & (ids[:-1] < self.kept) & (ids[1:] < self.kept)
            keys = (ids[:-1] * self._PAIR + ids[1:])[pairs]
            at = np.minimum(np.searchsorted(self.pair_keys, keys), len(self.pair_keys) - 1)
            hit = self.pair_keys[at] == keys
            cells_rows.append(rows[1:][pairs][hit])
            cells_columns.append(self.pair_columns[at[hit]])
        if self.heading:
            starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
            heads = np.repeat(np.fromiter((p.head for p in prepared), dtype=np.int64, count=len(prepared)), lengths)
            on_heading = np.arange(len(ids)) - starts < heads
            cells_rows.append(rows[on_heading])
            cells_columns.append(columns[on_heading, 2])
        all_rows, all_columns = np.concatenate(cells_rows), np.concatenate(cells_columns)
        known = all_columns >= 0
        return all_rows[known], all_columns[known]


class LeanFeaturizer(_ConceptColumns):
    """A fitted :class:`Featurizer` reduced to its vocabularies and idf
    weights: the same sublinear TF-IDF blocks (words; character n-grams when
    it has them; each l2-normalised) and concept columns, computed with
    numpy, so that a saved model loads from plain arrays without
    scikit-learn or unpickling."""

    def __init__(self, grams: list[str], idf: np.ndarray, *, prefix: int, heading: bool, concept_weight: float,
                 use_concepts: bool, concepts: list[str], concept_scale: str = "log", concept_lead: int = 0,
                 char_grams: list[str] | None = None, char_idf: np.ndarray | None = None,
                 char_range: tuple[int, int] = (2, 5)) -> None:
        self.grams = grams
        self.idf = idf
        self.prefix = prefix
        self.heading = heading
        self._set_concepts(concepts, weight=concept_weight, use=use_concepts, scale=concept_scale, lead=concept_lead)
        self.vocabulary = {g: j for j, g in enumerate(grams)}
        # character n-grams (the heading view has them: headings are a few words, inflected)
        self.char_grams = char_grams or []
        self.char_idf = char_idf if char_idf is not None else np.zeros(0, dtype=np.float32)
        self.char_range = (int(char_range[0]), int(char_range[1]))
        self.char_vocabulary = {g: j for j, g in enumerate(self.char_grams)}

    @property
    def n_word(self) -> int:
        return len(self.grams)

    def word_columns(self, prepared: Sequence[Prepared]) -> tuple[np.ndarray, np.ndarray]:
        """The (row, column) cells of ``prepared``'s word n-grams (built on first use)."""
        tables: _WordColumns | None = self.__dict__.get("_word_tables")
        if tables is None:
            with gc_paused():  # a list per bigram, no cycles: the collector's passes tripled the time
                tables = self._word_tables = _WordColumns(self.vocabulary, self.prefix, self.heading)
        return tables(prepared)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_word_tables", None)  # rebuilt where the featurizer is used (a Dask worker)
        return state

    @property
    def use_char(self) -> bool:
        return bool(self.char_grams)

    @property
    def n_char(self) -> int:
        return len(self.char_grams)

    def transform(self, prepared: Sequence[Prepared]) -> sp.csr_matrix:
        rows, columns = self.word_columns(prepared)
        blocks = [_tfidf_cells(rows, columns, len(prepared), self.idf)]
        if self.use_char:
            chars, (low, high) = self.char_vocabulary, self.char_range
            blocks.append(_tfidf([[j for j in map(chars.get, char_wb_ngrams(char_text(p), low, high)) if j is not None]
                                  for p in prepared], self.char_idf))
        if self.use_concepts:
            blocks.append(self.concept_matrix(prepared) * self.concept_weight)
        matrix = sp.hstack(blocks, format="csr", dtype=np.float32)
        matrix.sort_indices()
        return matrix

    def feature_names(self) -> list[str]:
        return [f"w:{g}" for g in self.grams] + [f"c:{g}" for g in self.char_grams] + self.concept_names()

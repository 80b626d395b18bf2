"""Language identification for documents, columns and provisions.

langdetect is seeded (``DetectorFactory.seed = 0``) so a text gets the same
answer in every run and process, and its profiles are loaded once per
process; its detector runs in a faster form (same seed, same random n-gram
draws, numpy products, n-grams cached per word). Scripts decide where they are unambiguous (Han without kana is
Chinese, kana is Japanese, Hangul Korean); Arabic and Cyrillic text is
checked against the languages of its script. Short texts (headings,
"Repealed.") take the language of their context. Languages langdetect lacks,
such as Kinyarwanda, are recognised from marker words in
``data/extract/languages.json`` and reported as ``"und"`` (with the
candidate among the alternatives) rather than guessed.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any

from .document import SUBDIVISION, Document, LanguageGuess

UNKNOWN = "und"
#: Tags that name no language: ISO 639's "und" and spaCy's multi-language "xx".
UNDETERMINED = frozenset({UNKNOWN, "xx"})
#: Texts shorter than this (letters) take their context's language.
SHORT = 40
#: A unit detected with at least this confidence passes its language to its subdivisions.
SURE = 0.9
#: Texts are cut to this many characters before langdetect sees them (speed).
SAMPLE = 2000

_ISO_639_1 = re.compile(r"^[a-z]{2}$")


@lru_cache(maxsize=512)
def canonical_lang(code: str | None) -> str | None:
    """The ISO 639-1 code the project speaks for a language tag a user or a
    file gives: "de-CH", "DE", "deu", "ger" → "de"; "pt-BR" → "pt"; "zh-Hant"
    → "zh"; "kin" → "rw". None for no tag, "und" (undetermined), spaCy's "xx"
    and what is no language tag at all ("German"): the language is then to be
    detected."""
    if code is None:
        return None
    tag = str(code).strip().replace("_", "-")
    if _ISO_639_1.match(tag):
        return tag if tag not in UNDETERMINED else None  # the common case, without importing langcodes
    import langcodes

    if not tag or not langcodes.tag_is_valid(tag):
        return None
    return langcodes.Language.get(tag).language or None


_lock = threading.Lock()
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HEBREW = re.compile(r"[\u0590-\u05ff]")
_GREEK = re.compile(r"[\u0370-\u03ff]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPT_LANGS = {"arabic": {"ar", "fa", "ur"}, "cyrillic": {"ru", "uk", "bg", "mk"}}


@lru_cache(maxsize=1)
def _markers() -> dict[str, Any]:
    path = resources.files("lexnlp_cyber").joinpath("data/extract/languages.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _relatives() -> tuple[int, frozenset[frozenset[str]]]:
    """(max_letters, the pairs of close languages) of ``data/extract/languages.json``."""
    spec = _markers()["relatives"]
    return int(spec["max_letters"]), frozenset(frozenset(pair) for pair in spec["pairs"])


@lru_cache(maxsize=1)
def _factory() -> Any:
    """langdetect's detector factory with its profiles, loaded once."""
    from langdetect import DetectorFactory, detector_factory

    DetectorFactory.seed = 0
    with _lock:
        if detector_factory._factory is None:
            detector_factory.init_factory()
    return detector_factory._factory


@lru_cache(maxsize=1)
def _fast_detector() -> Any:
    """A langdetect ``Detector`` with the same algorithm, seed and random
    draws, made fast: n-grams are extracted with a per-character cache of
    langdetect's normalisation, and the probability updates are numpy vector
    products instead of Python loops over the 55 languages."""
    import numpy as np
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException
    from langdetect.utils.ngram import NGram

    factory = _factory()
    prob_map = factory.word_lang_prob_map
    vectors: dict[str, Any] = {}
    spaces = re.compile(" {2,}")

    class Normal(dict):
        """str.translate table of langdetect's per-character normalisation."""

        def __missing__(self, code: int) -> str:
            value: str = NGram.normalize(chr(code))
            self[code] = value
            return value

    normal = Normal()
    word_grams: dict[tuple[str, bool], list[str]] = {}

    def _word_ngrams(word: str, trailing: bool) -> list[str]:
        """langdetect's n-grams of one word (``trailing``: a space follows)."""
        result: list[str] = []
        grams = " "
        capital = False
        for ch in word + (" " if trailing else ""):
            last = grams[-1]
            if len(grams) >= 3:
                grams = grams[1:]
            grams += ch
            if ch.isupper():
                if last.isupper():
                    capital = True
            else:
                capital = False
            if capital:
                continue
            for n in (1, 2, 3):
                if len(grams) < n:
                    break
                w = grams[-n:]
                if w != " " and w in prob_map:
                    result.append(w)
        return result

    class FastDetector(Detector):
        def append(self, text: str) -> None:
            text = self.URL_RE.sub(" ", text)
            text = self.MAIL_RE.sub(" ", text)
            text = NGram.normalize_vi(text)
            self.text += spaces.sub(" ", text[:self.max_text_length])

        def cleaning_text(self) -> None:
            latin = sum(1 for ch in self.text if "A" <= ch <= "z")
            if latin * 2 >= len(self.text):
                return  # mostly Latin: nothing to clean (the common case)
            Detector.cleaning_text(self)

        def _extract_ngrams(self) -> list[str]:
            # langdetect's n-gram buffer restarts at every space, so the
            # n-grams of a text are those of its words: computed once a word.
            words = self.text.translate(normal).split(" ")
            result: list[str] = []
            last = len(words) - 1
            for k, word in enumerate(words):
                if not word:
                    continue
                key = (word, k < last)
                grams = word_grams.get(key)
                if grams is None:
                    if len(word_grams) > 200_000:
                        word_grams.clear()
                    grams = word_grams[key] = _word_ngrams(word, k < last)
                result.extend(grams)
            return result

        def _detect_block(self) -> None:
            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            size = len(self.langlist)
            total = np.zeros(size)
            rand = self.random
            rand.seed(self.seed)
            for _ in range(self.n_trial):
                prob = np.full(size, 1.0 / size)
                alpha = self.alpha + rand.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weight = alpha / self.BASE_FREQ
                i = 0
                while True:
                    word = rand.choice(ngrams)
                    vec = vectors.get(word)
                    if vec is None:
                        vec = vectors[word] = np.asarray(prob_map[word], dtype=float)
                    prob *= weight + vec
                    if i % 5 == 0:
                        prob /= prob.sum()
                        if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                            break
                    i += 1
                total += prob / self.n_trial
            self.langprob = total.tolist()

    return lambda: FastDetector(factory)


def _langdetect(text: str) -> list[tuple[str, float]]:
    from langdetect.lang_detect_exception import LangDetectException

    sample = text[:SAMPLE]
    letters = [ch for ch in sample if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.5 * len(letters):
        # capitals defeat langdetect's profiles: "TITULO IV DELITOS CONTRA EL ESTADO CIVIL" reads as English
        sample = sample.lower()
    detector = _fast_detector()()
    detector.append(sample)
    try:
        probs = detector.get_probabilities()
    except LangDetectException:
        return []
    return [(_code(p.lang), round(float(p.prob), 4)) for p in probs]


def _code(lang: str) -> str:
    # langdetect says zh-cn / zh-tw; the project speaks ISO 639-1.
    return lang.split("-")[0]


def _unknown_language(text: str) -> tuple[str, float] | None:
    """A language langdetect does not know, recognised from marker words."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < 4:
        return None
    best: tuple[str, float] | None = None
    for lang, spec in _markers()["unknown"].items():
        vocab = set(spec["words"])
        share = sum(1 for w in words if w in vocab) / len(words)
        if share >= spec["min_share"] and (best is None or share > best[1]):
            best = (lang, round(share, 4))
    return best


def detect(text: str, *, context: str | LanguageGuess | None = None) -> LanguageGuess:
    """The language of ``text``.

    ``context`` (a code or a guess: the language of the enclosing document or
    provision) is returned for texts too short to judge, and preferred when
    langdetect is unsure between it and another language."""
    ctx = context.lang if isinstance(context, LanguageGuess) else context
    if ctx == UNKNOWN:
        ctx = None
    letters = len(_LETTER.findall(text))
    if letters == 0:
        return LanguageGuess(ctx or UNKNOWN, 0.0, [], "context" if ctx else "langdetect")
    by_script = _by_script(text, letters)
    if by_script is not None:
        if by_script.lang == "zh" and ctx == "ja" and letters < SHORT:
            # a few Han characters without kana are Japanese too ("第十三条　削除": repealed)
            return LanguageGuess("ja", 1.0, [], "context")
        return by_script
    if letters < SHORT and ctx:
        return LanguageGuess(ctx, 1.0, [], "context")
    unknown = _unknown_language(text)
    probs = _langdetect(text)
    if unknown is not None:
        return LanguageGuess(UNKNOWN, 0.0, [unknown] + probs[:3], "langdetect")
    if not probs:
        return LanguageGuess(ctx or UNKNOWN, 0.0, [], "context" if ctx else "langdetect")
    top, conf = probs[0]
    script = "arabic" if _ARABIC.search(text) else "cyrillic" if _CYRILLIC.search(text) else None
    if script and top not in _SCRIPT_LANGS[script]:
        fallback = "ar" if script == "arabic" else "ru"
        return LanguageGuess(fallback, 1.0, probs[:3], "script")
    if ctx and top != ctx and letters <= _relatives()[0] and frozenset((ctx, top)) in _relatives()[1]:
        # Close languages (Dutch and Afrikaans) are told apart by the context on short texts.
        return LanguageGuess(ctx, dict(probs).get(ctx, 0.0), probs[:3], "context")
    if ctx and top != ctx:
        # Prefer the context when langdetect hesitates and the context is a
        # candidate: a provision of a French code is French unless clearly not.
        ctx_prob = dict(probs).get(ctx, 0.0)
        if conf < 0.9 and ctx_prob >= 0.05 or letters < 2 * SHORT and ctx_prob > 0:
            others = [p for p in probs if p[0] != ctx][:3]
            return LanguageGuess(ctx, ctx_prob, others, "context")
    return LanguageGuess(top, conf, probs[1:4], "langdetect")


def _by_script(text: str, letters: int) -> LanguageGuess | None:
    """Languages that a script decides alone: CJK, kana, Hangul, Hebrew, Greek."""
    kana = len(_KANA.findall(text))
    han = len(_HAN.findall(text))
    hangul = len(_HANGUL.findall(text))
    if (kana + han + hangul) / letters >= 0.3:
        if kana >= 0.05 * (kana + han) and kana >= 2 or kana and han == 0:
            return LanguageGuess("ja", 1.0, [], "script")
        if hangul > han:
            return LanguageGuess("ko", 1.0, [], "script")
        return LanguageGuess("zh", 1.0, [], "script")
    if len(_HEBREW.findall(text)) / letters >= 0.5:
        return LanguageGuess("he", 1.0, [], "script")
    if len(_GREEK.findall(text)) / letters >= 0.5:
        return LanguageGuess("el", 1.0, [], "script")
    if len(_ARABIC.findall(text)) / letters >= 0.5 and letters < SHORT:
        return LanguageGuess("ar", 0.9, [], "script")
    if len(_CYRILLIC.findall(text)) / letters >= 0.5 and letters < SHORT:
        return LanguageGuess("ru", 0.9, [], "script")
    return None


def detect_long(text: str, *, chunks: int = 3, size: int = 700) -> LanguageGuess:
    """The language of a long text: a vote of up to ``chunks`` samples spread
    over it, so a foreign title or quotation cannot decide alone."""
    if len(text) <= size * 2:
        return detect(text)
    step = max(1, (len(text) - size) // max(1, chunks - 1))
    votes: Counter[str] = Counter()
    weight: dict[str, float] = {}
    alternatives: dict[str, float] = {}
    methods: Counter[str] = Counter()
    for k in range(chunks):
        piece = text[k * step:k * step + size]
        guess = detect(piece)
        votes[guess.lang] += 1
        weight[guess.lang] = weight.get(guess.lang, 0.0) + guess.confidence
        methods[guess.method] += 1
        for lang, prob in guess.alternatives:
            alternatives[lang] = alternatives.get(lang, 0.0) + prob
    lang, count = votes.most_common(1)[0]
    total = sum(votes.values())
    alts = [(other, round(n / total, 4)) for other, n in votes.most_common() if other != lang]
    if not alts:
        ranked = sorted(alternatives.items(), key=lambda kv: -kv[1])[:3]
        alts = [(other, round(p / total, 4)) for other, p in ranked if other != lang]
    confidence = round(weight[lang] / total, 4) if lang != UNKNOWN else round(count / total, 4)
    return LanguageGuess(lang, confidence, alts[:3], methods.most_common(1)[0][0])


def detect_document(doc: Document) -> LanguageGuess:
    """The language of a document's body text."""
    return detect_long(doc.text)


def assign_languages(doc: Document) -> None:
    """Set ``lang`` on every provision of ``doc``: each is detected with its
    parent's language (or the document's) as context.

    A subdivision takes the language of its unit when the unit's was clear
    (confidence >= ``SURE``): a subdivision is a part of that text, and read
    alone its short sentences were misread (Dutch "Artikel 96, tweede lid, is
    van overeenkomstige toepassing." as Afrikaans, then matched with the
    English cue terms). Units of mixed text are unsure, so their parts are
    still read one by one."""
    if doc.language is None:
        doc.language = detect_document(doc)
    root = doc.language.lang

    def visit(node: Any, context: LanguageGuess) -> None:
        text = node.text or (doc.text[node.start:node.end] if node.end > node.start else "")
        if node.heading and not text:
            text = node.heading
        if node.level == SUBDIVISION and context.confidence >= SURE and context.lang != UNKNOWN:
            guess = context
        elif text.strip():
            guess = detect(text, context=context.lang)
        else:
            guess = LanguageGuess(context.lang, 0.0, [], "context")
        node.lang = guess.lang
        for child in node.children:
            visit(child, guess)

    for provision in doc.provisions:
        visit(provision, LanguageGuess(root, 0.0, [], "context"))

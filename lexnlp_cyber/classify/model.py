"""The classifier component: predict labels with scores and evidence.

A model directory holds ``model.npz`` (vocabulary, idf weights, the
one-vs-rest linear weights, Platt sigmoids, per-label thresholds and the
configuration, as plain arrays) and its card (``card.json`` and
``README.md``) recording versions, labels, the corpus hash, metrics and the
sha256 of every artifact. :func:`load_model` verifies all of it first.
A classifier saved with scikit-learn parts (as models with character
n-grams were before they had arrays) is pickled as ``model.joblib``
instead; those are loaded with joblib, which unpickles.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .. import taxonomy
from ..document import Evidence, Label, Provision
from ..errors import Errors, ModelError
from .card import CARD_FILE, write_card
from .context import Context, Placement, contextual
from .cues import CueMatch
from .features import (
    Featurizer,
    LeanFeaturizer,
    Prepared,
    gc_paused,
    heading_concepts,
    prepare_many,
    word_ngrams,
)

MODEL_FILE = "model.npz"
PICKLE_FILE = "model.joblib"
#: The layout of model.npz; loading refuses others.
ARRAYS_FORMAT = "lexnlp-cyber-linear/1"
DEFAULT_MODEL = "default"
#: The least share of a score that context (or the heading view) must add to be shown as evidence.
CONTEXT_EVIDENCE = 0.05
#: The prefix of the heading view's arrays in model.npz.
HEADING_VIEW = "h_"
#: A heading the heading view reads holds a word of two letters or more: a bare
#: "I." or "(a)" says nothing, and its one token would weigh as much as a title.
_NAMES_SOMETHING = re.compile(r"[^\W\d_]{2}")
#: A heading printed inside brackets ("（国外犯）", "(Interpretation)"): the view reads the words
#: inside, so that the same title reads alike with and without them.
_ENCLOSED = re.compile(r"^\s*[（(［\[【〔]\s*(.*?)\s*[）)］\]】〕]\s*$", re.S)


def bare_heading(heading: str) -> str:
    """``heading`` without the brackets that enclose it whole, as Japanese statutes print
    every article's heading ("（国民の国外犯）")."""
    found = _ENCLOSED.match(heading)
    return found.group(1) if found and found.group(1) else heading


def _has_content(text: str) -> bool:
    """Does a text hold words beyond its first line (a unit's number and
    heading)? "Artículo 2\\n(*)" does not: its text is not reproduced or gone."""
    head, _, rest = text.strip().partition("\n")
    return bool(_NAMES_SOMETHING.search(rest if rest.strip() else head))


def _data(name: str) -> Any:
    """The JSON table ``lexnlp_cyber/data/<name>``."""
    return json.loads(resources.files("lexnlp_cyber").joinpath(f"data/{name}").read_text(encoding="utf-8"))


def _label_concepts(name: str, key: str | None = None) -> dict[str, frozenset[str]]:
    """A label → concepts table of ``data/`` (keys starting with "_" are comments), or of
    its entry ``key``."""
    table = _data(name)
    return {k: frozenset(v) for k, v in (table[key] if key else table).items() if not k.startswith("_")}


def _phrases(words: Sequence[str]) -> str:
    """Regular-expression alternatives in which a space matches any run of white
    space: PDF lines break inside "commits an / offence"."""
    return "|".join(words).replace(" ", r"\s+")


#: Labels that a concept of their own makes cyber-relevant (GUIDE.md rules 2
#: and 3; ``data/medium_neutral.json`` says why each) → the concepts one of
#: which the text must name when nothing else makes it cyber-relevant.
MEDIUM_NEUTRAL = _label_concepts("medium_neutral.json")
#: Labels that outside cyber context need one of their concepts in the text, whatever
#: its cyber cues (``data/outside_cyber_concepts.json`` says why): a child's grooming
#: names a sexual purpose.
OUTSIDE_CYBER_CONCEPTS = _label_concepts("outside_cyber_concepts.json")
#: Labels that apply only to a text naming one of their concepts
#: (``data/defining_concepts.json`` says why): a transborder-access
#: provision speaks of other states, territory or cross-border access.
DEFINING_CONCEPTS = _label_concepts("defining_concepts.json")


@dataclass(frozen=True)
class _OffenceMarkers:
    concepts: frozenset[str]
    phrases: dict[str, re.Pattern[str]]

    def creates_offence(self, text: str, lang: str, concepts: set[str]) -> bool:
        pattern = self.phrases.get(lang)
        return bool(self.concepts & concepts) or (pattern is not None and pattern.search(text) is not None)


def _offence_markers() -> _OffenceMarkers:
    """What an offence-creating text names (``data/offence_markers.json`` says why)."""
    data = _data("offence_markers.json")
    return _OffenceMarkers(frozenset(data["concepts"]),
                           {lang: re.compile(_phrases(p), re.IGNORECASE) for lang, p in data["phrases"].items()})


OFFENCE_MARKERS = _offence_markers()
#: Offence labels whose own concept in the text keeps them without an offence marker
#: (``data/offence_markers.json``, "regulated"): spam is prohibited more often than punished.
REGULATED_OFFENCES = _label_concepts("offence_markers.json", "regulated")


@dataclass(frozen=True)
class _Aggravations:
    phrases: dict[str, re.Pattern[str]]
    min_base: int

    def base_length(self, text: str, lang: str | None) -> int | None:
        """The length of ``text`` before its first paragraph (after the first)
        that opens with an aggravation phrase of ``lang``, when that base holds
        at least ``min_base`` characters; else None."""
        pattern = self.phrases.get(lang or "")
        if pattern is None or "\n" not in text:
            return None
        found = pattern.search(text, text.find("\n"))
        if found is None or len(text[:found.start()].strip()) < self.min_base:
            return None
        return found.start()

    def opens(self, text: str, lang: str | None) -> bool:
        """Does ``text`` (a subdivision) open with an aggravation phrase of ``lang``?"""
        pattern = self.phrases.get(lang or "")
        return pattern is not None and pattern.match(text) is not None


def _aggravations() -> _Aggravations:
    """Phrases that open an aggravation paragraph (``data/aggravation_markers.json`` says why)."""
    data = _data("aggravation_markers.json")
    # at a line start, after an optional paragraph number ("2.", "(2)", "2-", "II.-")
    number = r"^[ \t]*(?:\(?[0-9IVXivx]{1,4}[.)°]?[ \t]*[-–.]?[ \t]*)?"
    return _Aggravations({lang: re.compile(number + "(?:" + _phrases(p) + ")", re.IGNORECASE | re.MULTILINE)
                          for lang, p in data["phrases"].items()}, int(data["min_base"]))


AGGRAVATIONS = _aggravations()

#: Labels that a unit outside cyber context takes when it cites a provision carrying an offence
#: label (``data/cited_offences.json`` says why): a jurisdiction rule over offences it lists.
CITED_OFFENCE_LABELS = tuple(_data("cited_offences.json")["labels"])


def _label_group(pattern: str) -> list[str]:
    """The label ids a pattern of ``data/exclusive_labels.json`` names: one id, or a
    group of the taxonomy written as its prefix ("offence.*")."""
    if pattern.endswith(".*"):
        return [lab for lab in taxonomy.labels() if lab.startswith(pattern[:-1])]
    return [pattern]


#: Pairs of labels that exclude each other: (first, second, concepts the second needs).
EXCLUSIVE_LABELS = [(first, second, frozenset(pair["second_needs"]))
                    for pair in _data("exclusive_labels.json")["pairs"]
                    for first in _label_group(pair["labels"][0]) for second in _label_group(pair["labels"][1])]
#: Pairs whose first label gives way to the second (``data/exclusive_labels.json``,
#: ``gives_way``): (first, second, concepts, unless). Without ``concepts``, when the second
#: scores at least as high; with them, when the text names one of them and none of ``unless``.
GIVING_WAY = [(pair["labels"][0], pair["labels"][1], frozenset(pair.get("when", ())), frozenset(pair.get("unless", ())))
              for pair in _data("exclusive_labels.json")["gives_way"]]


def giving_way_by_concepts(labels: Collection[str], concepts: AbstractSet[str]) -> set[str]:
    """Which of ``labels`` give way to another of them by what the text names (the
    ``gives_way`` pairs of ``data/exclusive_labels.json`` with ``when`` concepts)."""
    return {first for first, second, when, unless in GIVING_WAY
            if when and first in labels and second in labels and when & concepts and not unless & concepts}


#: Inside a mutual-assistance part or chapter, domestic powers are assistance
#: (``data/assistance_context.json`` says why).
ASSISTANCE_CONTEXT = _data("assistance_context.json")
#: A label → the labels it brings → what the text must name for it to: one of these sets
#: of concepts, all of a set (``data/implied_labels.json`` says why, and writes a set of
#: two as "traffic_data+prospective"): intercepting and disclosing what was intercepted is
#: a privacy breach too, and a section that criminalises access and interception is both.
IMPLIED_LABELS = {label: {implied: tuple(frozenset(need.split("+")) for need in needs)
                          for implied, needs in table.items()}
                  for label, table in _data("implied_labels.json").items() if not label.startswith("_")}


def names_assistance(title: str, lang: str | None) -> bool:
    """Does a title or heading name mutual legal assistance ("Internationale
    Rechtshilfe", "Titel X – Internationale rechtshulp", "刑事司法协助") or a
    foreign state's investigations or requests?"""
    return bool(title.strip()) and bool(heading_concepts(title, lang).intersection(ASSISTANCE_CONTEXT["concepts"]))


#: Per language, the words of a part's heading that name a sector with no computer in it
#: (``data/non_cyber_parts.json``; a space matches any white space).
NON_CYBER_SECTORS = {lang: re.compile(_phrases(words), re.IGNORECASE)
                     for lang, words in _data("non_cyber_parts.json")["headings"].items()}


def _heading_evidence(prepared: Prepared, heading: str | None, weight: float) -> Evidence:
    """``heading`` as evidence, with its span where the text holds it (it usually opens the
    text), else none."""
    shown = str(heading).strip()
    start = prepared.text.find(shown)
    span = (start, start + len(shown)) if start >= 0 else (0, 0)
    return Evidence("heading", shown, span[0], span[1], weight)


#: Labels an offence provision's own penalty or attempt clause would draw: outside cyber
#: context they do not stand beside an offence label (``data/offence_clauses.json`` says why).
OFFENCE_CLAUSES = frozenset(_data("offence_clauses.json")["labels"])
#: Offence markers that a provision about penalties names too: they do not tell its offence apart.
CLAUSE_NOT_MARKERS = frozenset(_data("offence_clauses.json")["not_offence_markers"])
#: A provision with operative content of its own (an offence, a power, a duty) is not a
#: definitions provision for defining a term on the way (GUIDE.md: a label follows the
#: operative content); `definitions` is kept only as a provision's sole label.
DEFINITIONS_ALONE = True
#: Per language, the headings that open a definitions section (``data/definitions_headings.json``).
DEFINITIONS_HEADINGS = {lang: re.compile(r"^[\W_]*(?:" + _phrases(words) + r")(?!\w)", re.IGNORECASE)
                        for lang, words in _data("definitions_headings.json")["headings"].items()}


def is_definitions_heading(heading: str | None, lang: str | None) -> bool:
    """Does ``heading`` name a definitions section ("Interpretation", "Begriffsbestimmungen", "（定義）")?"""
    pattern = DEFINITIONS_HEADINGS.get(lang or "")
    return bool(heading and pattern and pattern.search(heading))


#: A line's start before an opening formula: its section and subsection numbers, as printed
#: or as OCR reads them ("2.—(1) ", "(1) ", "1 ", "-41) " for "-(1)").
_LINE_START = r"^[ \t]*(?:[-–—]?\(?[0-9]{1,3}[A-Za-z]?[.)]?[ \t]*[-–—]*[ \t]*){0,2}"


def _definitions_patterns(key: str, *, openings: bool) -> dict[str, re.Pattern[str]]:
    """Per language, the regular expressions of ``data/definitions_headings.json``'s entry
    ``key``: formulas at a line's start (``openings``), else whole words anywhere."""
    table = _data("definitions_headings.json")[key]
    if openings:
        return {lang: re.compile(_LINE_START + "(?:" + _phrases(words) + ")", re.IGNORECASE | re.MULTILINE)
                for lang, words in table.items()}
    return {lang: re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE) for lang, words in table.items()}


#: Per language, the formulas that open a definitions section for a whole act, part or chapter
#: ("openings"), at the start of one of the text's first lines, after its numbers.
DEFINITIONS_OPENINGS = _definitions_patterns("openings", openings=True)
#: Per language, the interpretive sentences that open a definitions section of a cyber instrument
#: ("interpretive": "A person secures access to any program or data held in a computer if…").
INTERPRETIVE_OPENINGS = _definitions_patterns("interpretive", openings=True)
#: Per language, the words of a power or an offence that an interpretive opening cannot hold
#: ("A person commits an offence if…" creates an offence; "An officer may apply if…" confers a power).
INTERPRETIVE_EXCLUDED = _definitions_patterns("interpretive_exclude", openings=False)
#: Per language, the words one of which an interpretive opening holds ("if", "includes"): a cheap
#: test before the patterns, which most openings would fail slowly.
INTERPRETIVE_WORDS = _definitions_patterns("interpretive_words", openings=False)
#: How far into a text its opening is looked for: the label line and a heading come first.
OPENING_SPAN = 300


def _opening_end(text: str) -> int:
    """Where a text's opening ends: after its third line (its label line and a heading line
    may come before the formula), and at most ``OPENING_SPAN`` characters in."""
    end = -1
    for _ in range(3):
        end = text.find("\n", end + 1, OPENING_SPAN)
        if end < 0:
            return min(len(text), OPENING_SPAN)
    return end


def _opens_with(pattern: re.Pattern[str] | None, text: str, end: int,
                excluded: re.Pattern[str] | None = None) -> bool:
    found = pattern.search(text, 0, end) if pattern is not None else None
    return found is not None and not (excluded is not None and excluded.search(found.group(0)))


def is_definitions_section(heading: str | None, text: str, lang: str | None, *, cyber: bool = False) -> bool:
    """Is this unit a definitions section, by its heading or, when it has none that says so, by the
    formula its text opens with ("In this Act, unless the context otherwise requires—",
    "Les termes employés au présent chapitre…")? In cyber context (``cyber``), an interpretive
    sentence ("Access … is authorised if—") opens one too."""
    if is_definitions_heading(heading, lang):
        return True
    end = _opening_end(text)  # the formula opens the text, after a label line and a heading line at most
    return (_opens_with(DEFINITIONS_OPENINGS.get(lang or ""), text, end)
            or cyber and (words := INTERPRETIVE_WORDS.get(lang or "")) is not None
            and words.search(text, 0, end) is not None
            and _opens_with(INTERPRETIVE_OPENINGS.get(lang or ""), text, end, INTERPRETIVE_EXCLUDED.get(lang or "")))


def _whole_headings(words: Sequence[str]) -> re.Pattern[str]:
    """A heading that is one of ``words`` as a whole, brackets and punctuation around it aside."""
    return re.compile(r"^[\W_]*(?:" + _phrases(words) + r")[\W_]*$", re.IGNORECASE)


#: Per language, the whole headings of final clauses (``data/final_clauses.json``).
FINAL_CLAUSES = {lang: _whole_headings(words) for lang, words in _data("final_clauses.json")["headings"].items()}


#: Label → per language, the whole headings that name a provision's subject as that label's
#: (``data/subject_headings.json``): the secondary ratio does not apply to it.
SUBJECT_HEADINGS = {label: {lang: _whole_headings(words) for lang, words in by_lang.items()}
                    for label, by_lang in _data("subject_headings.json")["headings"].items()}


def heading_subjects(heading: str | None, lang: str | None) -> frozenset[str]:
    """The labels whose subject ``heading`` names as a whole ("Penalties": liability.sanctions)."""
    if not heading:
        return frozenset()
    bare = heading.strip()
    return frozenset(label for label, by_lang in SUBJECT_HEADINGS.items()
                     if (pattern := by_lang.get(lang or "")) is not None and pattern.match(bare))


#: Languages whose headings join words to what comes before or after them.
UNSPACED = frozenset({"zh", "ja", "ar"})
#: A heading that names a safeguard of a power as its subject (``data/safeguard_headings.json``):
#: the label the power labels chosen for its provision give way to, those labels (id prefixes)
#: and, per language, the words.
SAFEGUARD_HEADINGS = _data("safeguard_headings.json")
# whole words where words are spaced and bare ("review", not "preview"); inside the word
# elsewhere (Chinese and Japanese do not space words, Arabic joins "wa-" and "al-" to them)
_SAFEGUARD_WORDS = {lang: re.compile(r"\b(?:" + _phrases(words) + r")\b" if lang not in UNSPACED else _phrases(words),
                                     re.IGNORECASE)
                    for lang, words in SAFEGUARD_HEADINGS["headings"].items()}


def is_power(label: str) -> bool:
    """Is ``label`` one of the power labels of ``data/safeguard_headings.json`` ("replaces")?"""
    return label != SAFEGUARD_HEADINGS["label"] and label.startswith(tuple(SAFEGUARD_HEADINGS["replaces"]))


#: Per language, the openings of a heading that names how a power is applied for and granted.
_ISSUING = {lang: re.compile(r"^\W*(?:" + "|".join(patterns) + ")", re.IGNORECASE)
            for lang, patterns in SAFEGUARD_HEADINGS.get("issuing", {}).items()}


def names_issuing(heading: str | None, lang: str | None) -> bool:
    """Does ``heading`` name the application for an order or warrant, its issue or its
    contents ("Issue of interception warrant for content data"): the power's own procedure?"""
    pattern = _ISSUING.get(lang or "")
    return bool(heading) and pattern is not None and pattern.match(heading or "") is not None


#: Headings that name a provision's subject as one label's, in cyber context (``data/heading_labels.json``):
#: (label, the labels that give way to it, per language the pattern, per language the exceptions).
HEADING_LABELS = [(entry["label"], frozenset(entry.get("gives_way", ())),
                   {lang: re.compile("|".join(ps), re.IGNORECASE) for lang, ps in entry["headings"].items()},
                   {lang: re.compile("|".join(ps), re.IGNORECASE) for lang, ps in entry.get("unless", {}).items()})
                  for entry in _data("heading_labels.json")["subjects"]]


def heading_labels(heading: str | None, lang: str | None) -> list[tuple[str | None, frozenset[str]]]:
    """The labels whose subject ``heading`` names in cyber context ("Functions of the Authority":
    governance.institutions), each with the labels that give way to it; None for a heading that
    only makes labels give way ("Jurisdiction of courts")."""
    if not heading:
        return []
    found = []
    for label, gives_way, patterns, unless in HEADING_LABELS:
        pattern, exception = patterns.get(lang or ""), unless.get(lang or "")
        if pattern is not None and pattern.search(heading) and not (exception and exception.search(heading)):
            found.append((label, gives_way))
    return found


def names_safeguard(heading: str | None, lang: str | None) -> bool:
    """Does ``heading`` name a safeguard of an investigative power as its subject ("Right of
    review", "Destruction of intercepted material")?"""
    pattern = _SAFEGUARD_WORDS.get(lang or "")
    return bool(heading) and pattern is not None and pattern.search(heading or "") is not None


def _searched_headings() -> dict[str, re.Pattern[str]]:
    table = _data("final_clauses.json")
    patterns: dict[str, list[str]] = {}
    for key in ("funds", "machinery", "electronic_transactions"):
        for lang, found in table.get(key, {}).items():
            patterns.setdefault(lang, []).extend(found)
    return {lang: re.compile("|".join(found), re.IGNORECASE) for lang, found in patterns.items()}


#: Per language, the headings searched rather than matched whole: an act's fund and its accounts
#: (budget provisions, ``funds``), the service of notices and the act's relation to other laws
#: (``machinery``), an electronic-transactions act's rules of paper equivalence
#: (``electronic_transactions``: original form, contract formation, receipt).
SEARCHED_HEADINGS = _searched_headings()


def is_final_clause_heading(heading: str | None, lang: str | None) -> bool:
    """Is ``heading`` that of a final clause, commencement, short title, repeal, budget or staff
    provision ("Short title", "Inkrafttreten", "Reservas", "Object of the Fund"), which GUIDE.md
    leaves unlabelled, or of a machinery section or an electronic-transactions rule that falls in
    no category ("Service of notices", "Time of receipt of electronic messages")?"""
    if not heading:
        return False
    pattern, searched = FINAL_CLAUSES.get(lang or ""), SEARCHED_HEADINGS.get(lang or "")
    bare = heading.strip()
    return bool(pattern and pattern.match(bare)
                or searched and searched.search(bare.rstrip(".:;,—–- ").strip()))


class PlattOneVsRest:
    """One-vs-rest linear models whose decision values are calibrated into
    probabilities by per-label sigmoids (Platt scaling) fitted on
    out-of-fold decision values."""

    def __init__(self, ovr: Any, slope: np.ndarray, intercept: np.ndarray) -> None:
        self.ovr = ovr
        self.slope = slope
        self.intercept = intercept

    @property
    def estimators_(self) -> list[Any]:
        return list(self.ovr.estimators_)

    def decision_function(self, matrix: Any) -> np.ndarray:
        return np.asarray(self.ovr.decision_function(matrix)).reshape(matrix.shape[0], -1)

    def predict_proba(self, matrix: Any) -> np.ndarray:
        return platt(self.decision_function(matrix), self.slope, self.intercept)

    def lean(self, width: int) -> LinearScorer:
        """The same scores from arrays; ``width`` is the number of features."""
        columns: list[np.ndarray] = []
        bias: list[float] = []
        for est in self.ovr.estimators_:
            if hasattr(est, "coef_"):
                columns.append(np.ravel(est.coef_))
                bias.append(float(np.ravel(est.intercept_)[0]))
            else:  # a label seen with one class only: scikit-learn predicts that class constantly
                columns.append(np.zeros(width))
                bias.append(float(np.ravel(est.decision_function(np.zeros((1, 1))))[0]))
        weights = np.vstack(columns).T
        return LinearScorer(weights.astype(np.float32), np.asarray(bias), np.asarray(self.slope),
                            np.asarray(self.intercept))


class LinearScorer:
    """:class:`PlattOneVsRest` reduced to arrays: decision values are
    ``X @ weights + bias`` (weights: features × labels), then the Platt sigmoids."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, slope: np.ndarray, intercept: np.ndarray) -> None:
        self.weights = weights
        self.bias = bias
        self.slope = slope
        self.intercept = intercept

    @property
    def coef(self) -> np.ndarray:
        return self.weights.T

    def decision_function(self, matrix: Any) -> np.ndarray:
        return np.asarray(matrix @ self.weights, dtype=np.float64) + self.bias

    def predict_proba(self, matrix: Any) -> np.ndarray:
        return platt(self.decision_function(matrix), self.slope, self.intercept)


def platt(decision: np.ndarray, slope: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(decision * slope + intercept)))


class HeadingView:
    """A second scorer that reads only a provision's heading ("Cyber attack",
    "Search and seizure of stored computer data"). The whole-text model
    sees the heading too, diluted among the provision's words; headings
    name what a provision does, so a model of its own for them adds a view
    (its share is the configuration's ``heading_view_weight``). Trained on
    the corpus entries' headings (classify/train.py)."""

    def __init__(self, featurizer: Featurizer | LeanFeaturizer, scorer: Any) -> None:
        self.featurizer = featurizer
        self.scorer = scorer

    def predict_proba(self, prepared: Sequence[Prepared]) -> np.ndarray:
        return np.asarray(self.scorer.predict_proba(self.featurizer.transform(prepared)))

    def lean(self) -> HeadingView:
        featurizer = self.featurizer.lean() if isinstance(self.featurizer, Featurizer) else self.featurizer
        if isinstance(featurizer, LeanFeaturizer) and isinstance(self.scorer, PlattOneVsRest):
            return HeadingView(featurizer, self.scorer.lean(len(featurizer.feature_names())))
        return self


@dataclass
class Prediction:
    """The labels of one text: ids above threshold, with scores and evidence."""

    labels: list[Label]
    scores: dict[str, float]

    @property
    def ids(self) -> list[str]:
        return [label.id for label in self.labels]


class CyberClassifier:
    """Multi-label classifier of provisions (the ``classify`` component).

    ``predict`` scores texts; ``set_annotations`` writes the labels onto
    provisions, a unit's labels being the union of its own and its
    subdivisions' (and quoted provisions')."""

    def __init__(self, featurizer: Featurizer | LeanFeaturizer, estimator: Any, labels: list[str],
                 thresholds: np.ndarray, config: dict[str, Any], card: dict[str, Any] | None = None,
                 heading_view: HeadingView | None = None) -> None:
        self.featurizer = featurizer
        self.estimator = estimator
        self.heading_view = heading_view
        self.labels = labels
        self.thresholds = thresholds
        self.config = config
        self.card: dict[str, Any] = card or {}
        self.path: Path | None = None
        self._coef: np.ndarray | None = None

    # -- scoring ------------------------------------------------------------
    def predict_proba(self, prepared: Sequence[Prepared]) -> np.ndarray:
        if not prepared:
            return np.zeros((0, len(self.labels)))
        matrix = self.featurizer.transform(prepared)
        return np.asarray(self.estimator.predict_proba(matrix))

    def predict(self, texts: Sequence[str], langs: Sequence[str | None] | None = None, *,
                evidence: bool = True, context_cyber: Sequence[bool] | None = None,
                headings: Sequence[str | None] | None = None) -> list[Prediction]:
        """Label ``texts`` (``langs`` ISO codes, None for unknown).

        ``context_cyber[i]`` says whether text i belongs to an instrument
        dedicated to cybercrime or ICT; when it is False, a label needs the
        text itself to be cyber-relevant (GUIDE.md). ``headings[i]``, when
        given, is text i's own heading, read by the model's heading view."""
        langs = list(langs) if langs is not None else [None] * len(texts)
        with gc_paused():  # one pause for both steps: each resumption runs a collection over the batch
            return self.predict_prepared(self.prepare(texts, langs), evidence=evidence, context_cyber=context_cyber,
                                         headings=headings)

    def prepare(self, texts: Sequence[str], langs: Sequence[str | None]) -> list[Prepared]:
        """Tokenise and cue-match texts as this model was trained to."""
        return prepare_many(texts, langs, lemmas=bool(self.config.get("lemmas", False)),
                            proclitics=bool(self.config.get("proclitics", False)))

    def predict_prepared(self, prepared: Sequence[Prepared], *, evidence: bool = True,
                         context_cyber: Sequence[bool] | None = None,
                         placements: Sequence[Placement | None] | None = None,
                         headings: Sequence[str | None] | None = None,
                         assistance: Sequence[bool] | None = None) -> list[Prediction]:
        """:meth:`predict` for texts already prepared by :meth:`prepare`.

        ``placements[i]`` places text i, a unit, in its instrument (see
        :mod:`~lexnlp_cyber.classify.context`); None scores it alone.
        ``headings[i]`` is text i's own heading (None: it has none).
        ``assistance[i]`` says whether text i sits in a part or chapter on
        mutual legal assistance (``data/assistance_context.json``)."""
        with gc_paused():
            return self._predict_prepared(prepared, evidence, context_cyber, placements, headings, assistance)

    def score_own_headings(self, prepared: Sequence[Prepared], headings: Sequence[str | None] | None) -> np.ndarray:
        """The heading view's share of each row's scores (zeros where a row
        has no heading, or the model no heading view)."""
        own = np.zeros((len(prepared), len(self.labels)))
        weight = float(self.config.get("heading_view_weight", 0.0))
        if headings is None or not weight or self.heading_view is None:
            return own
        rows = [i for i, h in enumerate(headings) if h and _NAMES_SOMETHING.search(str(h))]
        if rows:
            view = self.prepare([bare_heading(str(headings[i])) for i in rows], [prepared[i].lang for i in rows])
            own[rows] = weight * self.heading_view.predict_proba(view)
        return own

    def _predict_prepared(self, prepared: Sequence[Prepared], evidence: bool, context_cyber: Sequence[bool] | None,
                          placements: Sequence[Placement | None] | None,
                          headings: Sequence[str | None] | None,
                          assistance: Sequence[bool] | None = None) -> list[Prediction]:
        own = self.score_own_headings(prepared, headings)
        # Decisions use the summed scores; only the reported scores are capped at 1
        # (capping first makes ties of the labels that reach it).
        proba = self.predict_proba(prepared)
        offence_columns = np.asarray([lab.startswith("offence.") for lab in self.labels])
        bases = self._read_offences_from_base(prepared, proba, offence_columns)
        proba = proba + own
        context: Context | None = None
        neighbour_weight = float(self.config.get("neighbour_weight", 0.0))
        heading_weight = float(self.config.get("heading_weight", 0.0))
        if placements is not None and (neighbour_weight or heading_weight):
            context = contextual(proba, placements, self._score_headings, neighbour_weight=neighbour_weight,
                                 heading_weight=heading_weight)
            proba = proba + context.neighbours + context.headings
        ratio = float(self.config.get("secondary_ratio", 0.0))
        lone = float(self.config.get("lone_top_ratio", 0.0))
        # "near its threshold" is measured from at least `lone_floor`: under a low threshold
        # (0.25), 0.85 of it is a score that says little
        lone_thresholds = np.maximum(self.thresholds, float(self.config.get("lone_floor", 0.0)))
        rounded = np.round(np.minimum(1.0, proba), 4).tolist()  # one numpy call, not one round() per score
        passing: list[list[int]] = [[] for _ in prepared]  # the labels over their thresholds, by text
        for i, j in zip(*(axis.tolist() for axis in np.nonzero(proba >= self.thresholds))):
            passing[i].append(j)
        # the label tables by column, looked up once per batch rather than per provision
        defining = {j: DEFINING_CONCEPTS[lab] for j, lab in enumerate(self.labels) if lab in DEFINING_CONCEPTS}
        general = {j: OUTSIDE_CYBER_CONCEPTS[lab] for j, lab in enumerate(self.labels) if lab in OUTSIDE_CYBER_CONCEPTS}
        offences = set(np.flatnonzero(offence_columns).tolist())
        regulated = {j: REGULATED_OFFENCES[lab] for j, lab in enumerate(self.labels) if lab in REGULATED_OFFENCES}
        clauses = {j for j, lab in enumerate(self.labels) if lab in OFFENCE_CLAUSES}
        definitions = self.labels.index("definitions") if "definitions" in self.labels else None
        yielding = [(self.labels.index(a), self.labels.index(b)) for a, b, when, _ in GIVING_WAY
                    if not when and a in self.labels and b in self.labels]
        yielding_by_concepts = any(when for _, _, when, _ in GIVING_WAY)
        exclusive = [(self.labels.index(a), self.labels.index(b), needs) for a, b, needs in EXCLUSIVE_LABELS
                     if a in self.labels and b in self.labels]
        implied = {self.labels.index(a): {self.labels.index(b): needs for b, needs in table.items() if b in self.labels}
                   for a, table in IMPLIED_LABELS.items() if a in self.labels}
        helped = self.labels.index(ASSISTANCE_CONTEXT["label"]) if ASSISTANCE_CONTEXT["label"] in self.labels else None
        giving_way = {j for j, lab in enumerate(self.labels) if lab.startswith(tuple(ASSISTANCE_CONTEXT["gives_way"]))}
        assisting_data = frozenset(ASSISTANCE_CONTEXT.get("relevant", ()))
        kept_beside = {j for j, lab in enumerate(self.labels) if lab.startswith(tuple(ASSISTANCE_CONTEXT["kept_beside"]))}
        counterparts = {self.labels.index(a): self.labels.index(b)
                        for a, b in ASSISTANCE_CONTEXT["counterparts"].items()
                        if a in self.labels and b in self.labels}
        safeguard = (self.labels.index(SAFEGUARD_HEADINGS["label"]) if SAFEGUARD_HEADINGS["label"] in self.labels
                     else None)
        powers = {j for j, lab in enumerate(self.labels) if is_power(lab)}
        results = []
        for i, p in enumerate(prepared):
            row = rounded[i]
            if headings is not None and is_final_clause_heading(headings[i], p.lang):
                results.append(Prediction([], dict(zip(self.labels, row))))  # GUIDE.md: final clauses get none
                continue
            # a unit holding no word ("(*)", "-": text not reproduced or gone) has no operative content
            # to label (GUIDE.md: repealed provisions get none), whatever its context suggests
            worded = _has_content(p.text)
            chosen = passing[i] if worded else []
            lifted: dict[int, float] = {}  # labels a rule chose, with the score of what it replaced
            by_heading: set[int] = set()  # labels the provision's own heading decided
            outside = context_cyber is not None and not context_cyber[i]  # a general instrument, not a cyber chapter of it
            assisting = assistance is not None and assistance[i]  # done for another state
            if definitions is not None and is_definitions_section(headings[i] if headings is not None else None,
                                                                  p.text, p.lang, cyber=not outside):
                # GUIDE.md: a definitions section gets `definitions` only, not the labels of the terms
                # it defines, and only when it defines a cyber term
                cyber_terms = defining.get(definitions, frozenset()) & {cue.concept for cue in p.cues}
                labels = [Label("definitions", row[definitions],
                                self._evidence(p, definitions, context, i, own, headings, bases.get(i)) if evidence else [])
                          ] if worded and cyber_terms else []
                results.append(Prediction(labels, dict(zip(self.labels, row))))
                continue
            if not chosen and worded and lone and placements is not None and placements[i] is not None and not outside:
                # most units in cyber context carry a label: the best one, if near its threshold
                best = int(np.argmax(proba[i] / lone_thresholds))
                chosen = [best] if proba[i, best] >= lone * lone_thresholds[best] else []
            if chosen:
                concepts = {cue.concept for cue in p.cues}
                if outside and not p.cyber:
                    # GUIDE.md: a general assistance statute's provisions are relevant when they speak of data
                    chosen = [j for j in chosen if MEDIUM_NEUTRAL.get(self.labels[j], frozenset()) & concepts
                              or assisting and (j in giving_way or j == helped) and assisting_data & concepts]
                if outside:
                    chosen = [j for j in chosen if j not in general or general[j] & concepts]
                chosen = [j for j in chosen if j not in defining or defining[j] & concepts]
                if offences.intersection(chosen) and not OFFENCE_MARKERS.creates_offence(p.text, p.lang, concepts):
                    chosen = [j for j in chosen if j not in offences or regulated.get(j, frozenset()) & concepts]
                if (outside and clauses.intersection(chosen)
                        and (offences.intersection(chosen)
                             or OFFENCE_MARKERS.creates_offence(p.text, p.lang, concepts - CLAUSE_NOT_MARKERS))):
                    # a general offence's own penalty and attempt clauses, whether or not read as a cyber offence
                    chosen = [j for j in chosen if j not in clauses]
                if len(chosen) > 1:  # most rows hold one label: no pair to look at (the groups make ~160)
                    for first, second, needs in exclusive:
                        if first in chosen and second in chosen:
                            chosen.remove(first if needs & concepts else second)
                    for first, second in yielding:
                        if first in chosen and second in chosen and proba[i, second] >= proba[i, first]:
                            chosen.remove(first)
                    if yielding_by_concepts:  # before the secondary ratio, which the first may outscore
                        gone = giving_way_by_concepts([self.labels[j] for j in chosen], concepts)
                        chosen = [j for j in chosen if self.labels[j] not in gone]
                if assisting:
                    for j in [j for j in chosen if j in counterparts]:
                        # done for another state, a domestic power is its international counterpart
                        chosen.remove(j)
                        c = counterparts[j]
                        if c not in chosen:
                            chosen.append(c)
                        lifted[c] = max(float(proba[i, c]), float(proba[i, j]), lifted.get(c, 0.0))
                if assisting and helped is not None and giving_way.intersection(chosen):
                    replaced = [j for j in chosen if j in giving_way]
                    chosen = [j for j in chosen if j not in giving_way]
                    if not kept_beside.intersection(chosen):
                        # the power's confidence is the assistance's: a request carried out by that power
                        chosen.append(helped)
                        lifted[helped] = max(float(proba[i, helped]), max(float(proba[i, j]) for j in replaced))
            if (safeguard is not None and chosen and headings is not None
                    and powers.intersection(chosen) and names_safeguard(headings[i], p.lang)):
                # a provision on a power's safeguards is no grant of the power, however it reads
                replaced = [j for j in chosen if j in powers]
                chosen = [j for j in chosen if j not in powers]
                if safeguard not in chosen:
                    chosen.append(safeguard)
                by_heading.add(safeguard)
                lifted[safeguard] = max([lifted.get(safeguard, float(proba[i, safeguard]))]
                                        + [lifted.get(j, float(proba[i, j])) for j in replaced])
            elif (safeguard in chosen and headings is not None and powers.intersection(chosen)
                  and names_issuing(headings[i], p.lang)):
                chosen.remove(safeguard)  # the way a power is applied for and granted is the power's
            if chosen and ratio:  # a second label must come near the first (most provisions have one)
                top = max(lifted.get(j, proba[i, j]) for j in chosen)
                # but not the label the provision's own heading names as its subject ("Penalties")
                subject = heading_subjects(headings[i], p.lang) if headings is not None and len(chosen) > 1 else ()
                chosen = [j for j in chosen if lifted.get(j, proba[i, j]) >= ratio * top or self.labels[j] in subject]
            if worded and not outside and headings is not None:
                # a heading that names the subject ("Functions of the Authority"), in cyber context,
                # decides it whatever the text scores
                for heading_label, gives_way in heading_labels(headings[i], p.lang):
                    if heading_label is None or heading_label in self.labels:
                        chosen = [j for j in chosen if self.labels[j] not in gives_way]
                    if heading_label in self.labels:
                        named_j = self.labels.index(heading_label)
                        by_heading.add(named_j)
                        if named_j not in chosen:
                            chosen.append(named_j)
            # A chosen label brings another when the text names its concept; the brought label
            # needs no gate of its own, the chosen one passed them. Read, as the offence scores
            # were, from the text before its aggravations (GUIDE.md: "Where the access results
            # in the interception…" is aggravated access, not interception).
            implied_by: dict[int, frozenset[str]] = {}  # labels a chosen one brought, with what made it
            base_cues: list[CueMatch] = []
            if implied.keys() & set(chosen):  # most rows: nothing to bring, no cues to read
                base_cues = [cue for cue in p.cues if i not in bases or cue.end <= bases[i]]
                base_concepts = {cue.concept for cue in base_cues}
                for j in list(chosen):
                    for c, alternatives in implied.get(j, {}).items():
                        held = [need for need in alternatives if need <= base_concepts]
                        if c not in chosen and held:
                            chosen.append(c)
                            implied_by[c] = frozenset().union(*held)
                            lifted[c] = max(float(proba[i, c]), lifted.get(j, float(proba[i, j])))
            if yielding_by_concepts and len(chosen) > 1:  # and after the labels brought, which may be the second
                gone = giving_way_by_concepts([self.labels[j] for j in chosen], {cue.concept for cue in p.cues})
                chosen = [j for j in chosen if self.labels[j] not in gone]
            if DEFINITIONS_ALONE and definitions in chosen and len(chosen) > 1:
                chosen = [j for j in chosen if j != definitions]
            labels = [Label(self.labels[j], round(min(1.0, lifted[j]), 4) if j in lifted else row[j],
                            self._evidence(p, j, context, i, own, headings, bases.get(i)) if evidence else [])
                      for j in chosen]
            if evidence and by_heading and headings is not None:
                # the heading that decided a label is its first evidence
                decided = {self.labels[j] for j in by_heading}
                for label in (label for label in labels if label.id in decided):
                    shown = _heading_evidence(p, headings[i], label.score)
                    if not any(e.kind == "heading" and e.text == shown.text for e in label.evidence):
                        label.evidence.insert(0, shown)
            if evidence and lifted:
                place = placements[i] if placements is not None else None
                named = [h for h in (place.headings if place else ()) if names_assistance(h, p.lang)]
                # the labels a mutual-assistance part chose (not those brought, nor the heading's)
                assisted = {self.labels[j] for j in lifted if j not in implied_by and j not in by_heading}
                brought = {self.labels[j]: needs for j, needs in implied_by.items()}
                for label in labels:
                    if label.id in assisted:
                        label.evidence.append(Evidence("context", named[-1] if named else "a part or chapter on "
                                                       "mutual legal assistance", 0, 0, label.score))
                    elif label.id in brought:  # the words that brought it ("… or discloses its content")
                        label.evidence.extend(Evidence("cue", cue.text, cue.start, cue.end, label.score, cue.concept)
                                              for cue in base_cues if cue.concept in brought[label.id])
            labels.sort(key=lambda lab: -lab.score)
            results.append(Prediction(labels, dict(zip(self.labels, row))))
        return results

    def _read_offences_from_base(self, prepared: Sequence[Prepared], proba: np.ndarray,
                                 offences: np.ndarray) -> dict[int, int]:
        """Replace, in place, the offence scores of texts whose later paragraphs
        aggravate the offence by the scores of the text before them (GUIDE.md:
        aggravated forms take the label of the base conduct); ``offences`` marks
        the offence columns. Returns the rows so read, with the length of their
        base text."""
        cuts = {i: n for i, p in enumerate(prepared) if (n := AGGRAVATIONS.base_length(p.text, p.lang)) is not None}
        if not cuts:
            return {}
        rows = list(cuts)
        base = self.prepare([prepared[i].text[:cuts[i]] for i in rows], [prepared[i].lang for i in rows])
        scores = self.predict_proba(base)
        read = {}
        for k, i in enumerate(rows):
            # a base naming nothing cyber: the aggravation (online, by computer) is what makes it cyber
            if base[k].cyber:
                proba[i, offences] = scores[k, offences]
                read[i] = cuts[i]
        return read

    def _score_headings(self, keys: list[tuple[str, str | None]]) -> np.ndarray:
        return self.predict_proba(self.prepare([h for h, _ in keys], [lang for _, lang in keys]))

    # -- evidence -----------------------------------------------------------
    def _evidence(self, prepared: Prepared, label: int, context: Context | None, row: int, own: np.ndarray,
                  headings: Sequence[str | None] | None, base: int | None = None) -> list[Evidence]:
        found = self.evidence(prepared, label)
        if base is not None and self.labels[label].startswith("offence."):
            found = [e for e in found if e.end <= base]  # read from the text before its aggravations
        if headings is not None and own[row, label] >= CONTEXT_EVIDENCE:
            found.append(_heading_evidence(prepared, headings[row], round(float(own[row, label]), 4)))
        if context is not None:  # context has no span in the text: an empty one (0, 0)
            if context.headings[row, label] >= CONTEXT_EVIDENCE:
                found.append(Evidence("context", context.heading_of[row][label], 0, 0,
                                      round(float(context.headings[row, label]), 4)))
            if context.neighbours[row, label] >= CONTEXT_EVIDENCE:
                found.append(Evidence("context", "neighbouring provisions", 0, 0,
                                      round(float(context.neighbours[row, label]), 4)))
        return found

    @property
    def coef(self) -> np.ndarray:
        """Label × feature weights of the linear models."""
        if self._coef is None and isinstance(self.estimator, LinearScorer):
            self._coef = self.estimator.coef
        if self._coef is None:
            width = len(self.featurizer.feature_names())
            self._coef = np.vstack([np.ravel(est.coef_) if hasattr(est, "coef_") else np.zeros(width)
                                    for est in self.estimator.estimators_])
        return self._coef

    def evidence(self, prepared: Prepared, label: int, top: int = 5) -> list[Evidence]:
        """The cue matches and word n-grams that pushed ``label`` up, with spans."""
        weights = self.coef[label]
        feat = self.featurizer
        found: list[Evidence] = []
        cue_base = feat.n_word + feat.n_char
        seen: set[tuple[str, int]] = set()
        for cue in prepared.cues:
            j = feat._index.get(cue.concept)
            if j is None or not feat.use_concepts:
                continue
            w = float(weights[cue_base + j])
            if w > 0 and (cue.concept, cue.start) not in seen:
                seen.add((cue.concept, cue.start))
                found.append(Evidence("cue", cue.text, cue.start, cue.end, round(w, 4), cue.concept))
        found.sort(key=lambda e: -e.weight)
        found = found[:top]
        vocab = feat.vocabulary
        toks = prepared.tokens
        best: dict[str, tuple[float, int, int]] = {}
        grams = word_ngrams(prepared)
        n = len(toks)
        for k, gram in enumerate(grams):
            j = vocab.get(gram)
            if j is None:
                continue
            w = float(weights[j])
            if w <= 0 or gram in best or len(gram) < 3:
                continue
            first, last = (k, k) if k < n else (k - n, k - n + 1)
            best[gram] = (w, prepared.offsets[first][0], prepared.offsets[last][1])
        for _gram, (w, s, e) in sorted(best.items(), key=lambda kv: -kv[1][0])[:top]:
            found.append(Evidence("ngram", prepared.shown(s, e), s, e, round(w, 4)))
        return found

    # -- annotations ----------------------------------------------------------
    def set_annotations(self, provisions: Sequence[Provision], predictions: Sequence[Prediction]) -> None:
        for provision, prediction in zip(provisions, predictions):
            provision.labels = list(prediction.labels)

    # -- persistence ------------------------------------------------------------
    def lean(self) -> CyberClassifier:
        """This model with array-only parts where it can have them (see :class:`LeanFeaturizer`)."""
        featurizer = self.featurizer.lean() if isinstance(self.featurizer, Featurizer) else self.featurizer
        if not isinstance(featurizer, LeanFeaturizer) or not isinstance(self.estimator, PlattOneVsRest):
            return self
        view = self.heading_view.lean() if self.heading_view is not None else None
        model = CyberClassifier(featurizer, self.estimator.lean(len(featurizer.feature_names())), self.labels,
                                self.thresholds, self.config, self.card, view)
        model.path = self.path
        return model

    def save(self, directory: str | Path) -> Path:
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        artifacts = self.card.setdefault("artifacts", {})
        for stale in (MODEL_FILE, PICKLE_FILE):  # a model saved over another of the other kind
            artifacts.pop(stale, None)
            (out / stale).unlink(missing_ok=True)
        view = self.heading_view
        if (isinstance(self.featurizer, LeanFeaturizer) and isinstance(self.estimator, LinearScorer)
                and (view is None or isinstance(view.featurizer, LeanFeaturizer) and isinstance(view.scorer, LinearScorer))):
            _save_arrays(self, out / MODEL_FILE)
            artifacts[MODEL_FILE] = sha256_file(out / MODEL_FILE)
        else:
            import joblib

            payload = {"featurizer": self.featurizer, "estimator": self.estimator, "labels": self.labels,
                       "thresholds": self.thresholds, "config": self.config, "heading_view": self.heading_view}
            joblib.dump(payload, out / PICKLE_FILE, compress=3)
            artifacts[PICKLE_FILE] = sha256_file(out / PICKLE_FILE)
        write_card(out, self.card)
        self.path = out
        return out


def _featurizer_meta(feat: LeanFeaturizer) -> dict[str, Any]:
    meta = {"prefix": feat.prefix, "heading": feat.heading, "concept_weight": feat.concept_weight,
            "use_concepts": feat.use_concepts, "concepts": feat.concepts,
            "concept_scale": feat.concept_scale, "concept_lead": feat.concept_lead}
    return meta | ({"char_range": list(feat.char_range)} if feat.use_char else {})


def _strings(items: list[str]) -> np.ndarray:
    """Strings as one UTF-8 array, one per line (n-grams hold no line break)."""
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _linear_arrays(feat: LeanFeaturizer, est: LinearScorer, prefix: str = "") -> dict[str, np.ndarray]:
    arrays = {f"{prefix}grams": _strings(feat.grams), f"{prefix}idf": feat.idf, f"{prefix}weights": est.weights,
              f"{prefix}bias": est.bias, f"{prefix}slope": est.slope, f"{prefix}intercept": est.intercept}
    if feat.use_char:
        arrays |= {f"{prefix}char_grams": _strings(feat.char_grams), f"{prefix}char_idf": feat.char_idf}
    return arrays


def _save_arrays(model: CyberClassifier, path: Path) -> None:
    feat, est = model.featurizer, model.estimator
    assert isinstance(feat, LeanFeaturizer) and isinstance(est, LinearScorer)
    meta: dict[str, Any] = {"format": ARRAYS_FORMAT, "labels": model.labels, "config": model.config,
                            "featurizer": _featurizer_meta(feat)}
    arrays: dict[str, Any] = _linear_arrays(feat, est)
    view = model.heading_view
    if view is not None:  # optional arrays: models saved before the heading view load as they were
        assert isinstance(view.featurizer, LeanFeaturizer) and isinstance(view.scorer, LinearScorer)
        meta["heading_view"] = _featurizer_meta(view.featurizer)
        arrays.update(_linear_arrays(view.featurizer, view.scorer, HEADING_VIEW))
    with open(path, "wb") as handle:  # a file object: savez would append ".npz" to a name
        arrays.update(meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
                      thresholds=np.asarray(model.thresholds))
        np.savez_compressed(handle, **arrays)


def _linear_parts(arrays: Any, settings: dict[str, Any], prefix: str = "") -> tuple[LeanFeaturizer, LinearScorer]:
    def strings(name: str) -> list[str]:
        raw = arrays[name]
        return raw.tobytes().decode("utf-8").split("\n") if raw.size else []

    char: dict[str, Any] = {}
    if f"{prefix}char_grams" in arrays.files:  # optional: models without character n-grams have none
        char = {"char_grams": strings(f"{prefix}char_grams"), "char_idf": arrays[f"{prefix}char_idf"]}
    featurizer = LeanFeaturizer(strings(f"{prefix}grams"), arrays[f"{prefix}idf"], **settings, **char)
    scorer = LinearScorer(arrays[f"{prefix}weights"], arrays[f"{prefix}bias"], arrays[f"{prefix}slope"],
                          arrays[f"{prefix}intercept"])
    return featurizer, scorer


def _load_arrays(path: Path, card: dict[str, Any]) -> CyberClassifier:
    """A model from ``model.npz``: plain arrays, read without unpickling."""
    with np.load(path, allow_pickle=False) as arrays:
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        if meta.get("format") != ARRAYS_FORMAT:
            raise ModelError(Errors.E201.format(path=path.parent, reason=f"unknown format {meta.get('format')!r}"))
        featurizer, estimator = _linear_parts(arrays, meta["featurizer"])
        view = HeadingView(*_linear_parts(arrays, meta["heading_view"], HEADING_VIEW)) if "heading_view" in meta else None
        thresholds = np.asarray(arrays["thresholds"])
    return CyberClassifier(featurizer, estimator, meta["labels"], thresholds, meta["config"], card, view)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shipped_models_dir() -> Path:
    """Where the shipped models live: lexnlp_cyber/models when installed,
    the repository's models/ folder in a source checkout."""
    try:
        installed = Path(str(resources.files("lexnlp_cyber.models")))
        if installed.is_dir():
            return installed
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "models"


def _compatible(built: str, installed: str) -> bool:
    """Same major.minor: pickles are not portable across minor releases."""
    return built.split(".")[:2] == installed.split(".")[:2]


def load_model(path: str | Path | None = None, *, trust: bool = False) -> CyberClassifier:
    """Load and verify a model directory (default: the shipped model).

    Example::

        >>> from lexnlp_cyber import load_model
        >>> model = load_model()
        >>> model.card["labels"][:2]
        ['definitions', 'offence.illegal_access']
    """
    from .. import __version__

    shipped = shipped_models_dir()
    directory = Path(path) if path is not None else shipped / DEFAULT_MODEL
    if not directory.is_dir():
        raise ModelError(Errors.E200.format(path=directory))
    inside = shipped.resolve() in directory.resolve().parents
    if not inside and not trust:
        raise ModelError(Errors.E204.format(path=directory))
    card_path = directory / CARD_FILE
    artifact = next((name for name in (MODEL_FILE, PICKLE_FILE) if (directory / name).is_file()), None)
    if not card_path.is_file() or artifact is None:
        raise ModelError(Errors.E201.format(path=directory,
                                            reason=f"{CARD_FILE} or {MODEL_FILE} ({PICKLE_FILE}) is missing"))
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise ModelError(Errors.E201.format(path=directory, reason=f"{CARD_FILE} is not JSON ({err})")) from None
    for artifact, expected in card.get("artifacts", {}).items():
        found = sha256_file(directory / artifact) if (directory / artifact).is_file() else "missing"
        if found != expected:
            raise ModelError(Errors.E202.format(artifact=artifact, path=directory, expected=expected[:12],
                                                found=found[:12]))
    if artifact not in card.get("artifacts", {}):
        raise ModelError(Errors.E201.format(path=directory, reason=f"the card lists no hash for {artifact}"))
    versions = card.get("versions", {})
    checks = [("lexnlp_cyber", __version__)]
    if artifact == PICKLE_FILE:  # pickles are tied to the scikit-learn that wrote them; arrays are not
        import sklearn

        checks.append(("scikit-learn", sklearn.__version__))
    for package, installed in checks:
        built = versions.get(package, "?")
        if not _compatible(built, installed):
            want = ".".join(built.split(".")[:2]) + ".*"
            raise ModelError(Errors.E203.format(path=directory, package=package, built=built,
                                                installed=installed, want=want))
    unknown = [lab for lab in card.get("labels", []) if not taxonomy.is_label(lab)]
    if unknown:
        raise ModelError(Errors.E205.format(labels=", ".join(unknown)))
    if artifact == MODEL_FILE:
        model = _load_arrays(directory / MODEL_FILE, card)
    else:
        import joblib

        payload = joblib.load(directory / PICKLE_FILE)
        model = CyberClassifier(payload["featurizer"], payload["estimator"], payload["labels"],
                                np.asarray(payload["thresholds"]), payload["config"], card,
                                payload.get("heading_view"))
    model.path = directory
    return model

"""The public verbs: thin doors into the pipeline stages."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .document import CONTAINER, UNIT, Document, Evidence, Label, Provision
from .errors import Errors, warn

if TYPE_CHECKING:  # the classifier's modules load with the model, not with this one
    from .classify.references import Citation, Numbering

Source = str | Path | bytes | IO[bytes] | Document

_DEFAULT_MODEL: Any = None
#: Share of units that must speak of computers, data or networks for an
#: instrument without a cyber title to count as dedicated to cybercrime.
CYBER_SHARE = 0.3
#: Score a subdivision's label needs to be added to its unit's labels.
SUBDIVISION_MIN_SCORE = 0.8
#: A first line this short (in words), with text after it and no closing punctuation, is a heading.
HEADING_WORDS = 15
#: How much of a subdivision's opening is read for an amending cue (the instruction comes first).
AMENDING_OPENING = 300


def leading_heading(text: str) -> str | None:
    """The heading a provision's text opens with, as the corpus writes them
    ("Illegal access\nAny person who…"): a short first line that segmentation
    would take for a title (no closing punctuation), with text after it;
    None otherwise."""
    from .segment.parser import heading_like

    first, _, rest = text.strip().partition("\n")
    return first.strip() if rest.strip() and heading_like(first, HEADING_WORDS) else None


#: A subdivision's run-in heading: its enumerator, a short capitalised title, a full stop
#: and a dash ("(1) Illegal Access. – The access…", "(a) In General.—"), the typography
#: that sets a title apart inside a line.
_RUN_IN_HEADING = re.compile(r"\s*\(?[0-9a-zA-Z]{1,5}[.)]\s+([A-Z][^.\n:]{2,70}?)\.\s*[-–—]+\s*(?=\S)")


def run_in_heading(text: str) -> str | None:
    """The run-in heading a subdivision opens with, or None."""
    found = _RUN_IN_HEADING.match(text)
    return found.group(1) if found else None


def extract(source: Source, **options: Any) -> Document:
    """Read a PDF, text, Markdown or HTML source into a :class:`Document`.

    ``source`` is a path, bytes, a binary file object or a str of text.
    Options: ``lang``, ``password``, ``media_type``, ``max_pages``,
    ``timeout``, ``ocr``.

    Example::

        >>> import lexnlp_cyber as lc
        >>> doc = lc.extract("corpus/samples/code-penal-fr.txt")
        >>> doc.lang
        'fr'
    """
    if isinstance(source, Document):
        return source
    from .extract import extract as _extract

    return _extract(source, **options)


def segment(source: Source, *, lang: str | None = None, **options: Any) -> Document:
    """Extract ``source`` (unless it is a Document) and build its provision tree.

    Example::

        >>> doc = lc.segment("corpus/samples/ley-es.txt")
        >>> [u.num for u in doc.units()][:3]
        ['1', '2', '3']
    """
    from .language import assign_languages
    from .segment import segment as _segment

    doc = extract(source, lang=lang, **options) if not isinstance(source, Document) else source
    _segment(doc, lang=lang)
    assign_languages(doc)
    return doc


def load_model(path: str | Path | None = None, *, trust: bool = False) -> Any:
    """Load and verify a model directory; the shipped model by default.

    Models outside the package need ``trust=True`` (loading unpickles code).

    Example::

        >>> model = lc.load_model()
        >>> sorted(model.card["versions"])[:2]
        ['lexnlp_cyber', 'numpy']
    """
    global _DEFAULT_MODEL
    from .classify.model import load_model as _load

    if path is None:
        if _DEFAULT_MODEL is None:
            _DEFAULT_MODEL = _load(None)
        return _DEFAULT_MODEL
    return _load(path, trust=trust)


def _model(model: Any) -> Any:
    if model is None or isinstance(model, (str, Path)):
        return load_model(model, trust=model is not None)
    return model


def classify(source: Document | str | Iterable[Mapping[str, Any]], *, model: Any = None,
             lang: str | None = None, subdivisions: bool | None = None, evidence: bool = True,
             cyber_instrument: bool | None = None, context: bool = True) -> Any:
    """Label provisions with taxonomy ids, scores and evidence.

    - a segmented :class:`Document`: every unit, subdivision and quoted
      provision is labelled in place; a unit's labels are the union of its
      own and those of everything inside it. Returns the document, with
      ``metadata["cyber_instrument"]`` telling whether it was read as an
      instrument dedicated to cybercrime or ICT (GUIDE.md rule 1); pass
      ``cyber_instrument`` to decide that yourself. Each unit is read in
      its place (its neighbours, its chapter headings: see
      :mod:`~lexnlp_cyber.classify.context`); ``context=False`` scores each alone.
    - a str of text: returns its list of :class:`Label`.
    - records ``{"id", "text", "lang"}`` (and optionally the provision's
      ``"heading"``, for the model's heading view): returns
      ``{"id", "labels", "scores"}`` dicts.

    A text that opens with a short line and no closing punctuation
    ("Illegal access\nAny person who…") has that line read as its heading
    (:func:`leading_heading`), as a record's ``"heading"`` is.

    Example::

        >>> labels = lc.classify("Any person who, without authorisation, "
        ...                      "accesses a computer system commits an offence.", lang="en")
        >>> labels[0].id
        'offence.illegal_access'
    """
    clf = _model(model)
    if isinstance(source, Document):
        return classify_document(source, clf, subdivisions=subdivisions, evidence=evidence,
                                 cyber_instrument=cyber_instrument, context=context)
    if isinstance(source, str):
        langs = _usable_langs([lang], [source])
        return clf.predict([source], langs, evidence=evidence, headings=[leading_heading(source)])[0].labels
    records = list(source)
    texts = [str(r.get("text", "")) for r in records]
    langs = _usable_langs([r.get("lang") or lang for r in records], texts)
    # a record's heading, or the short first line its text opens with
    headings = [r.get("heading") or leading_heading(t) for r, t in zip(records, texts)]
    preds = clf.predict(texts, langs, evidence=evidence, headings=headings)
    return [{"id": r.get("id"), "labels": p.ids, "scores": p.scores} for r, p in zip(records, preds)]


def _usable_langs(tags: Sequence[str | None], texts: Sequence[str]) -> list[str]:
    """Each text's language as an ISO 639-1 code: its tag read by
    :func:`~lexnlp_cyber.language.canonical_lang` ("de-CH", "deu" → "de"), or
    detected from the text when it has none or one that is no language tag
    (W009: "German" read as English had given no labels)."""
    from .language import UNDETERMINED, canonical_lang, detect

    codes = [canonical_lang(tag) for tag in tags]
    unreadable = Counter(str(tag) for tag, code in zip(tags, codes) if code is None and tag and str(tag).strip()
                         and str(tag).strip().lower() not in UNDETERMINED)
    for tag, count in unreadable.items():
        warn(Errors.W009.format(tag=tag, count=count))
    langs = [code or detect(text).lang for code, text in zip(codes, texts)]
    warn_unknown_languages(langs)
    return langs


def warn_unknown_languages(langs: Iterable[str | None], doc: Document | None = None) -> None:
    """W010 for each language the cue lexicons do not know (a Romanian text
    read with English cue terms gets no labels, which must not pass for a
    text that holds no cybercrime provision); recorded on ``doc`` too."""
    from .classify.cues import lexicon
    from .language import canonical_lang

    known = lexicon()
    missing = Counter(code for code in map(canonical_lang, langs) if code and code not in known)
    for code, count in sorted(missing.items()):
        message = Errors.W010.format(lang=code, count=count, known=", ".join(sorted(known)))
        if doc is not None and all(w.message != message for w in doc.warnings):  # once, however often it is classified
            doc.warn("W010", message)
        warn(message)


def names_cyber(title: str, lang: str | None) -> bool:
    """Does a title or heading name computers, data, networks, electronic
    communications or cyber terms? (``heading_concepts`` caches the headings' concepts.)"""
    from .classify.features import CYBER_CONCEPTS, heading_concepts

    return bool(title.strip()) and bool(heading_concepts(title, lang) & CYBER_CONCEPTS)


def names_non_cyber_sector(title: str, lang: str | None) -> bool:
    """Does a part's heading name a sector with no computer in it ("Le service postal",
    "Postal services") and nothing cyber besides?"""
    from .classify.model import NON_CYBER_SECTORS

    pattern = NON_CYBER_SECTORS.get(lang or "")
    return pattern is not None and pattern.search(title) is not None and not names_cyber(title, lang)


def instrument_title(doc: Document, units: Sequence[Provision]) -> str:
    """The instrument's title: the text before its first unit (at most 600
    characters), or the title its metadata give."""
    head_end = units[0].start if units else min(len(doc.text), 400)
    return doc.text[: min(head_end, 600)] or str(doc.metadata.get("title", ""))


def is_cyber_instrument(doc: Document, units: Sequence[Provision], cyber_flags: Sequence[bool]) -> bool:
    """GUIDE.md rule 1: is the instrument dedicated to cybercrime or ICT?

    True when the title (the text before the first unit) names computers,
    networks, electronic communications or cyber terms, or when a large
    share of the units speak of them."""
    if names_cyber(instrument_title(doc, units), doc.lang):
        return True
    return bool(cyber_flags) and sum(cyber_flags) / len(cyber_flags) >= CYBER_SHARE


def unit_headings(doc: Document) -> dict[str, tuple[str, ...]]:
    """The headings ("Chapter II Production orders") of the parts, chapters
    and other containers above each top-level unit, by eId, outermost first."""
    found: dict[str, tuple[str, ...]] = {}

    def visit(node: Provision, above: tuple[str, ...]) -> None:
        if node.level == UNIT and not node.quoted:
            found[node.eid] = above
        elif node.level == CONTAINER:
            title = " ".join(part for part in (node.num, node.heading) if part)
            for child in node.children:
                visit(child, above + (title,) if title else above)

    for root in doc.provisions:
        visit(root, ())
    return found


def cyber_containers(doc: Document, headings: Mapping[str, tuple[str, ...]] | None = None) -> set[str]:
    """The eIds of the units inside a part, chapter or section whose heading
    names computers, data, networks or cyber terms ("Des atteintes aux
    systèmes de traitement automatisé de données"). Such a chapter is
    dedicated to cybercrime as a whole instrument can be (GUIDE.md rule 1),
    so its penalty, attempt and corporate-liability articles count as cyber
    though they cite the offences by number only (dev gold, oracle
    segmentation: micro-F1 0.501 -> 0.504). ``headings``: :func:`unit_headings`
    of ``doc``, when the caller has them."""
    return _units_under(doc, names_cyber, headings)


def assistance_containers(doc: Document, headings: Mapping[str, tuple[str, ...]] | None = None) -> set[str]:
    """The eIds of the units inside a part or chapter whose heading names mutual
    legal assistance, or of every unit of an instrument whose name does (a
    mutual legal assistance act): there a search or production is done for
    another state (``data/assistance_context.json``). ``headings``:
    :func:`unit_headings` of ``doc``."""
    from .classify.model import names_assistance

    units = doc.units()
    # the name, the title's first line: a preamble may speak of co-operation in passing
    name = next((line for line in instrument_title(doc, units).splitlines() if line.strip()), "")
    if names_assistance(name, doc.lang):
        return {unit.eid for unit in units}
    return _units_under(doc, names_assistance, headings)


def _units_under(doc: Document, names: Callable[[str, str | None], bool],
                 headings: Mapping[str, tuple[str, ...]] | None) -> set[str]:
    """The eIds of the units with a container heading of which ``names(heading, lang)`` holds."""
    headings = unit_headings(doc) if headings is None else headings
    return {unit.eid for unit in doc.units()
            if any(names(title, unit.lang or doc.lang) for title in headings.get(unit.eid, ()))}


def classify_document(doc: Document, clf: Any, *, subdivisions: bool | None = None, evidence: bool = True,
                      cyber_instrument: bool | None = None, context: bool = True) -> Document:
    from .classify.features import gc_paused

    # one pause of the collector for preparing and scoring: each resumption runs a collection over the batch
    with gc_paused():
        return _classify_document(doc, clf, subdivisions=subdivisions, evidence=evidence,
                                  cyber_instrument=cyber_instrument, context=context)


def _classify_document(doc: Document, clf: Any, *, subdivisions: bool | None, evidence: bool,
                       cyber_instrument: bool | None, context: bool) -> Document:
    units = doc.units()
    if subdivisions is None:
        subdivisions = bool(clf.config.get("union_subdivisions", True))
    nodes: list[tuple[Provision, Provision]] = []  # (node, its top-level unit)
    for unit in units:
        nodes.append((unit, unit))
        for node in unit.walk():
            if node is unit:
                continue
            if node.quoted and node.level == "unit" or subdivisions and node.level == "subdivision":
                nodes.append((node, unit))
    langs = [n.lang or doc.lang for n, _ in nodes]
    warn_unknown_languages(langs, doc)
    prepared = clf.prepare([n.text for n, _ in nodes], langs)
    flags = [p.cyber for p, (node, unit) in zip(prepared, nodes) if node is unit]
    cyber_doc = is_cyber_instrument(doc, units, flags) if cyber_instrument is None else cyber_instrument
    headings = unit_headings(doc)
    chapters = set() if cyber_doc else cyber_containers(doc, headings)
    # a cyber instrument's postal book is not cyber (``data/non_cyber_parts.json``)
    apart = _units_under(doc, names_non_cyber_sector, headings) if cyber_doc or chapters else set()
    in_cyber = [(cyber_doc or unit.eid in chapters) and unit.eid not in apart for _, unit in nodes]
    own = {node.eid: p for (node, unit), p in zip(nodes, prepared) if node is unit}  # each unit's own text
    _read_data_references(units, nodes, prepared, in_cyber, own)
    assisting = assistance_containers(doc, headings)
    from .classify.context import Placement
    from .classify.model import (
        AGGRAVATIONS,
        DEFINITIONS_ALONE,
        SAFEGUARD_HEADINGS,
        giving_way_by_concepts,
        heading_labels,
        is_definitions_section,
        is_final_clause_heading,
        is_power,
        names_issuing,
        names_safeguard,
    )

    placements = [Placement(headings.get(unit.eid, ()), unit.lang or doc.lang) if node is unit else None
                  for node, unit in nodes] if context else None
    # a unit's own heading is read by the model's heading view, and so is a subdivision's run-in one
    own_headings = [node.heading if node.level == UNIT else run_in_heading(node.text) for node, _ in nodes]
    preds = clf.predict_prepared(prepared, evidence=evidence, context_cyber=in_cyber, placements=placements,
                                 headings=own_headings, assistance=[unit.eid in assisting for _, unit in nodes])
    for (node, _), pred in zip(nodes, preds):
        node.labels = [] if node.repealed else list(pred.labels)  # GUIDE.md: repealed provisions get none
        node.label_scores = {k: v for k, v in pred.scores.items() if v >= 0.01}
    # A unit's labels: the union of its own and its descendants'. A fragment
    # read out of context is less reliable than the whole unit, so it adds a
    # label only when confident (dev gold, oracle segmentation: union of
    # every subdivision label 0.389, confident ones only 0.407, none 0.400).
    floor = float(clf.config.get("subdivision_min_score", SUBDIVISION_MIN_SCORE))
    cyber_units = {unit.eid: cyber for (node, unit), cyber in zip(nodes, in_cyber) if node is unit}
    for unit in units:
        merged: dict[str, Label] = {lab.id: lab for lab in unit.labels}
        # GUIDE.md: a definitions section gets `definitions` only, from its parts too
        defining = is_definitions_section(unit.heading, unit.text, unit.lang or doc.lang, cyber=cyber_units[unit.eid])
        final = is_final_clause_heading(unit.heading, unit.lang or doc.lang)
        for node in unit.walk():
            if node is unit:
                continue
            if final:  # GUIDE.md: final clauses get no label, from their parts neither
                node.labels = []
            if defining:
                node.labels = [lab for lab in node.labels if lab.id == "definitions"]
            if not node.quoted and AGGRAVATIONS.opens(node.text, node.lang or doc.lang):
                # GUIDE.md: an aggravated form takes the label of the base conduct, which the
                # unit states before it ("(2) Where the access results in the deletion of data…")
                node.labels = [lab for lab in node.labels if not lab.id.startswith("offence.")]
            shift = node.start - unit.start
            for lab in node.labels:
                # an amending item ("2. Article 461 is amended as follows: …") carries the text it
                # puts into force, a provision of its own, quoted or not: no floor for it either
                if lab.score < floor and not (node.quoted or _amends(node, node.lang or doc.lang)):
                    continue
                if lab.id not in merged or merged[lab.id].score < lab.score:
                    moved = [Evidence(e.kind, e.text, e.start + shift, e.end + shift, e.weight, e.concept)
                             for e in lab.evidence]
                    merged[lab.id] = Label(lab.id, lab.score, moved)
        if len(merged) > 1:
            # a pair decided by what the text names is decided on the whole unit too: its
            # fragments, read alone, may lack the words that decide it (an article on content
            # data whose item on real-time collection reads as traffic data)
            for gone in giving_way_by_concepts(merged, {cue.concept for cue in own[unit.eid].cues}):
                del merged[gone]
        if names_safeguard(unit.heading, unit.lang or doc.lang):
            _as_safeguard(merged)  # its parts' powers too: the heading speaks for the whole unit
        elif names_issuing(unit.heading, unit.lang or doc.lang) and any(map(is_power, merged)):
            merged.pop(SAFEGUARD_HEADINGS["label"], None)
        if cyber_units[unit.eid]:
            for label, gives_way in heading_labels(unit.heading, unit.lang or doc.lang):
                if label is None or label in merged:
                    for gone in gives_way:  # its parts' too: the heading speaks for them
                        merged.pop(gone, None)
        if DEFINITIONS_ALONE and "definitions" in merged and len(merged) > 1:
            del merged["definitions"]  # a definitions provision has no other operative content
        unit.labels = sorted(merged.values(), key=lambda lab: -lab.score)
        for lab in unit.labels:  # evidence offsets lead back to pages
            for ev in lab.evidence:
                ev.page = doc.page_of(unit.start + ev.start)
        for node in unit.walk():
            for key, value in node.label_scores.items():
                unit.label_scores[key] = max(value, unit.label_scores.get(key, 0.0))
    _inherit_cited_offences(doc, units, own)
    _apply_to_cited_offences(doc, units, clf, {unit.eid: (pred.scores, cyber or p.cyber) for (node, unit), pred, cyber, p
                                               in zip(nodes, preds, in_cyber, prepared) if node is unit})
    doc.metadata["cyber_instrument"] = cyber_doc
    doc.metadata["model"] = clf.card.get("name", "model")
    return doc


@lru_cache(maxsize=64)
def _amending_cue(lang: str) -> re.Pattern[str] | None:
    """The ``amend`` pattern of ``lang``'s numbering grammar ("est modifié comme suit",
    "is replaced by the following"), if it has one."""
    from .segment.grammar import available_languages, load_grammar

    return load_grammar(lang).amend if lang in available_languages() else None


def _amends(node: Provision, lang: str | None) -> bool:
    """Whether subdivision ``node`` opens with its language's amending cue."""
    cue = _amending_cue(lang) if lang else None
    return cue is not None and cue.search(node.text, 0, AMENDING_OPENING) is not None


def _as_safeguard(labels: dict[str, Label]) -> None:
    """In place: the power labels of ``labels`` (id -> label) give way to the safeguard label
    (``data/safeguard_headings.json``), which takes the best of their scores and evidence."""
    from .classify.model import SAFEGUARD_HEADINGS, is_power

    target = SAFEGUARD_HEADINGS["label"]
    powers = [lab for key, lab in labels.items() if is_power(key)]
    if not powers:
        return
    best = max([*powers, *([labels[target]] if target in labels else [])], key=lambda lab: lab.score)
    for lab in powers:
        del labels[lab.id]
    labels[target] = best if best.id == target else Label(target, best.score, best.evidence)


def _read_data_references(units: Sequence[Provision], nodes: Sequence[tuple[Provision, Provision]],
                          prepared: Sequence[Any], in_cyber: Sequence[bool], own: Mapping[str, Any]) -> None:
    """GUIDE.md rule 2: a text that names data by the provision defining them ("gegevens
    als bedoeld in artikel 126nd") names computer data when that provision, in the same
    instrument, names something cyber itself; the words from the data noun to the citation
    become a cue of that concept (``data/data_references.json``). Read outside cyber
    context only, where relevance depends on it (``in_cyber[k]``: is ``nodes[k]`` in cyber
    context?). ``prepared[k]`` is ``nodes[k]``'s node prepared, and gains the cue in place;
    ``own``: each unit's own prepared text by eid."""
    from .classify.cues import CueMatch
    from .classify.references import DATA_REFERENCES

    citing = [k for k, (p, cyber) in enumerate(zip(prepared, in_cyber))
              if not cyber and not p.cyber and DATA_REFERENCES.may_refer(p.text, p.lang)]
    if not citing:  # most instruments: nothing to read, and no numbering to build
        return
    order, numbering = _numbering(units)
    naming = {num for num, unit in zip(order, units) if own[unit.eid].cyber}
    numbers = dict(zip((u.eid for u in units), order))
    for k in citing:
        p, here = prepared[k], numbers[nodes[k][1].eid]
        for cited in DATA_REFERENCES.references(p.text, p.lang, numbering):
            if naming.intersection(cited.nums) - {here}:
                p.cues.append(CueMatch(DATA_REFERENCES.concept, cited.start, cited.end,
                                       p.shown(cited.start, cited.end)))
        p.cues.sort(key=lambda cue: cue.start)


def _inherit_cited_offences(doc: Document, units: Sequence[Provision], prepared: Mapping[str, Any]) -> None:
    """A provision stating the aggravated form of offences it cites by number
    takes their offence labels (GUIDE.md: aggravated forms take the label of the
    base conduct; ``data/aggravated_references.json`` says when). ``prepared``:
    each unit's prepared text (:class:`~lexnlp_cyber.classify.features.Prepared`) by eid."""
    from .classify.model import OFFENCE_MARKERS
    from .classify.references import AGGRAVATED_REFERENCES

    def creates_offence(unit: Provision) -> bool:
        p = prepared[unit.eid]
        return OFFENCE_MARKERS.creates_offence(p.text, p.lang, {cue.concept for cue in p.cues})

    citing = {unit.eid for unit in units
              if AGGRAVATED_REFERENCES.cites(unit.text, unit.lang or doc.lang) and creates_offence(unit)}
    if not citing:  # most instruments: nothing to read, and no numbering to build
        return
    order, numbering, own = _offences_by_num(units)
    for num, unit in zip(order, units):
        if unit.eid not in citing:
            continue
        cited = AGGRAVATED_REFERENCES.aggravated_citation(unit.text, unit.lang or doc.lang, numbering, num)
        if cited is None:
            continue
        have = {lab.id for lab in unit.labels}
        for other in cited.nums:
            for lab in own.get(other, []):
                if lab.id not in have:
                    have.add(lab.id)
                    unit.labels.append(_reference_label(doc, unit, lab.id, lab.score, cited))
        unit.labels.sort(key=lambda lab: -lab.score)


def _numbering(units: Sequence[Provision]) -> tuple[list[str], Numbering]:
    """The units' normalised numbers in order, and their numbering (for cited ranges)."""
    from .classify.references import Numbering
    from .segment import normalize_num

    order = [normalize_num(u.num or "") for u in units]
    return order, Numbering(order)


def _offences_by_num(units: Sequence[Provision]) -> tuple[list[str], Numbering, dict[str, list[Label]]]:
    """The units' normalised numbers in order, their numbering (for cited ranges), and each
    number's offence labels."""
    order, numbering = _numbering(units)
    offences = {num: [lab for lab in u.labels if lab.id.startswith("offence.")] for num, u in zip(order, units)}
    return order, numbering, offences


def _reference_label(doc: Document, unit: Provision, label: str, score: float, cited: Citation) -> Label:
    """``label`` at ``score`` for ``unit``, its evidence the citation ``cited`` in the unit's text."""
    return Label(label, score, [Evidence("reference", unit.text[cited.start:cited.end], cited.start, cited.end, score,
                                         page=doc.page_of(unit.start + cited.start))])


def _apply_to_cited_offences(doc: Document, units: Sequence[Provision], clf: Any,
                             own: Mapping[str, tuple[Mapping[str, float], bool]]) -> None:
    """Outside cyber context, a unit that a label of ``data/cited_offences.json`` (jurisdiction)
    passes its threshold for, but whose text names nothing cyber, takes that label when it
    cites by number a provision of the same instrument that carries an offence label: a
    rule of reach over offences it lists, cyber offences among them. ``own``: each unit's
    own scores (not its subdivisions') and whether it is in cyber context or its text names
    something cyber (then no relevance rule kept the label from it), by eid."""
    from .classify.model import CITED_OFFENCE_LABELS
    from .classify.references import AGGRAVATED_REFERENCES

    thresholds = dict(zip(clf.labels, (float(t) for t in clf.thresholds)))
    wanted = {unit.eid: [lab for lab in CITED_OFFENCE_LABELS if lab in thresholds
                         and own[unit.eid][0].get(lab, 0.0) >= thresholds[lab]
                         and all(have.id != lab for have in unit.labels)]
              for unit in units if not own[unit.eid][1] and not unit.repealed}
    if not any(wanted.values()):  # most instruments: nothing to read, and no numbering to build
        return
    order, numbering, offences = _offences_by_num(units)
    for num, unit in zip(order, units):
        if not wanted.get(unit.eid):
            continue
        for cited in AGGRAVATED_REFERENCES.citations(unit.text, unit.lang or doc.lang, numbering):
            if any(offences.get(other) for other in cited.nums if other != num):
                for lab in wanted[unit.eid]:
                    unit.labels.append(_reference_label(doc, unit, lab, round(min(1.0, own[unit.eid][0][lab]), 4),
                                                        cited))
                unit.labels.sort(key=lambda lab: -lab.score)
                break


def tag(source: Source, *, model: Any = None, lang: str | None = None, cyber_instrument: bool | None = None,
        context: bool = True, **options: Any) -> Document:
    """Extract, segment and classify ``source`` in one call (``options`` go to :func:`extract`).

    Example::

        >>> doc = lc.tag("corpus/samples/cyber-act-en.pdf")
        >>> [(u.num, u.label_ids) for u in doc.units()][2]
        ('3', ['offence.illegal_access'])
    """
    doc = segment(source, lang=lang, **options)
    return classify(doc, model=model, cyber_instrument=cyber_instrument, context=context)


def train(corpus: Iterable[str | Path], out: str | Path | None = None, **options: Any) -> Any:
    """Train a classifier on annotated corpus files or folders (``corpus/README.md``).

    Example::

        >>> model = lc.train(["corpus/train"], "models/mine")   # doctest: +SKIP
    """
    from .classify.train import train as _train

    return _train(corpus, out, **options)


def evaluate(gold: Iterable[str | Path], pred: Any, **options: Any) -> dict[str, Any]:
    """Score predictions (a provision JSONL path or records) against gold files.

    Example::

        >>> report = lc.evaluate(["gold/dev-africa.jsonl"], "pred.jsonl")   # doctest: +SKIP
    """
    from .evaluate import evaluate as _evaluate

    return _evaluate(gold, pred, **options)

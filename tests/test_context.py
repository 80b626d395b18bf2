"""Context from the instrument's structure: neighbours, headings, the lone best label."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lexnlp_cyber import load_model, segment
from lexnlp_cyber.api import classify_document, unit_headings
from lexnlp_cyber.classify.context import Placement, contextual

A, B = Placement(("Part 1",), "en"), Placement(("Part 2",), "en")
PROBA = np.array([[0.8, 0.0], [0.0, 0.0], [0.0, 0.6], [0.2, 0.2]])


def _headings(keys: list[tuple[str, str | None]]) -> np.ndarray:
    # the scores of "Part 1" and "Part 2" as a model would give them
    table = {"Part 1": [0.0, 0.4], "Part 2": [0.9, 0.1]}
    return np.array([table[h] for h, _ in keys])


@pytest.mark.parametrize("placements, neighbours", [
    # consecutive units with the same headings take a share of their best neighbour's score
    ([A, A, A, A], [[0.0, 0.0], [0.4, 0.3], [0.1, 0.1], [0.0, 0.3]]),
    # a unit in another part is no neighbour
    ([A, A, B, B], [[0.0, 0.0], [0.4, 0.0], [0.1, 0.1], [0.0, 0.3]]),
    # texts without placement (subdivisions) are skipped, not borders
    ([A, None, A, None], [[0.0, 0.3], [0.0, 0.0], [0.4, 0.0], [0.0, 0.0]]),
])
def test_neighbours_share_their_scores(placements: list[Placement | None], neighbours: list[list[float]]) -> None:
    context = contextual(PROBA, placements, _headings, neighbour_weight=0.5, heading_weight=0.0)
    assert np.allclose(context.neighbours, neighbours)
    assert not context.headings.any()


def test_each_label_takes_its_best_heading() -> None:
    both = Placement(("Part 1", "Part 2"), "en")
    context = contextual(PROBA, [both, A, None, Placement((), "en")], _headings,
                         neighbour_weight=0.0, heading_weight=0.5)
    assert np.allclose(context.headings, [[0.45, 0.2], [0.0, 0.2], [0.0, 0.0], [0.0, 0.0]])
    assert context.heading_of[0] == ["Part 2", "Part 1"]
    assert not context.neighbours.any()


def test_unit_headings_list_the_containers_above_each_unit() -> None:
    doc = segment("Cybercrime Act\n\nPART 1\nOFFENCES\n\n1. Access\nText one.\n\n2. Interference\nText two.\n\n"
                  "PART 2\nPOWERS\n\n3. Search\nText three.\n", lang="en")
    found = {u.num: unit_headings(doc)[u.eid] for u in doc.units()}
    assert found == {"1": ("1 OFFENCES",), "2": ("1 OFFENCES",), "3": ("2 POWERS",)}


HEADED = ("Fisheries Act\n\nPART 1\nSEARCH AND SEIZURE OF COMPUTER DATA\n\n"
          "1. Application\nAn officer may apply in writing to a judge.\n\n"
          "PART 2\nLICENCES\n\n2. Application\nAn officer may apply in writing to a judge.\n")


def test_a_heading_raises_its_units_scores_and_is_shown_as_evidence(tiny_model_dir: Path) -> None:
    model = load_model(tiny_model_dir, trust=True)
    j = model.labels.index("procedure.search_seizure")
    model.config.update(neighbour_weight=0.0, lone_top_ratio=0.0, heading_weight=0.5)
    doc = classify_document(segment(HEADED, lang="en"), model, cyber_instrument=True)
    under, elsewhere = doc.units()
    assert under.label_scores.get(model.labels[j], 0.0) > elsewhere.label_scores.get(model.labels[j], 0.0) + 0.1
    model.thresholds = np.where(np.arange(len(model.labels)) == j, 0.3, 1.1)
    doc = classify_document(segment(HEADED, lang="en"), model, cyber_instrument=True)
    under, elsewhere = doc.units()
    assert under.label_ids == ["procedure.search_seizure"] and elsewhere.label_ids == []
    context = [e for e in under.labels[0].evidence if e.kind == "context"]
    assert [e.text for e in context] == ["1 SEARCH AND SEIZURE OF COMPUTER DATA"]
    assert context[0].start == context[0].end == 0
    model.config["heading_weight"] = 0.0  # a model without context scores each text alone
    assert [u.label_ids for u in classify_document(segment(HEADED, lang="en"), model, cyber_instrument=True).units()] \
        == [[], []]


@pytest.mark.parametrize("ratio, cyber, floor, expected", [
    (0.0, True, 0.0, []),                           # off: nothing reaches its threshold
    (0.9, True, 0.0, ["offence.illegal_access"]),   # the best label, just under its threshold, is taken
    (0.9, False, 0.0, []),                          # only in cyber context
    (0.999, True, 0.0, []),                         # not near enough
    (0.9, True, 0.8, ["offence.illegal_access"]),   # a floor under the threshold changes nothing
    (0.9, True, 1.2, []),                           # near a low threshold is not near the floor
])
def test_a_lone_best_label_in_cyber_context(tiny_model_dir: Path, ratio: float, cyber: bool, floor: float,
                                            expected: list[str]) -> None:
    model = load_model(tiny_model_dir, trust=True)
    model.config.update(neighbour_weight=0.0, heading_weight=0.0, lone_top_ratio=ratio)
    text = "Cybercrime Act\n\n1. Access\nAny person who without right accesses a computer system commits an offence.\n"
    scores = model.predict([text.split("\n", 3)[3]], ["en"], evidence=False)[0].scores
    j = model.labels.index("offence.illegal_access")
    model.thresholds = np.full(len(model.labels), 1.1)
    model.thresholds[j] = scores["offence.illegal_access"] / 0.95
    model.config["lone_floor"] = floor * model.thresholds[j]  # `floor`: as a share of the label's threshold
    doc = classify_document(segment(text, lang="en"), model, cyber_instrument=cyber, evidence=False)
    assert doc.units()[0].label_ids == expected

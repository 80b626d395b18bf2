from __future__ import annotations

import csv

import pytest

from lexnlp_cyber import taxonomy
from lexnlp_cyber.errors import LexnlpCyberError


def test_exactly_the_contract_labels(shared) -> None:  # type: ignore[no-untyped-def]
    with open(shared / "taxonomy" / "labels.tsv", encoding="utf-8") as handle:
        ids = [row["id"] for row in csv.DictReader(handle, delimiter="\t")]
    assert taxonomy.labels() == ids


def test_there_are_42_labels_in_seven_groups() -> None:
    assert len(taxonomy.labels()) == 42
    assert {taxonomy.group_of(lab) for lab in taxonomy.labels()} == set(taxonomy.GROUPS)


@pytest.mark.parametrize(
    ("instrument", "article", "labels"),
    [
        ("coe_185", "19", ["procedure.search_seizure"]),
        ("coe_185", 2, ["offence.illegal_access"]),
        ("coe_185", "16", ["procedure.expedited_preservation"]),
        ("coe_185", "26", ["cooperation.mutual_assistance"]),  # from "Arts. 23, 25-28, 31, 33-34"
        ("coe_189", "5", ["offence.racism_xenophobia"]),       # "P1 Arts. 3-6"
        ("coe_224", "3", ["definitions"]),                     # "P2 Art. 3"
        ("uncc_2024", "31", ["liability.sanctions"]),          # "Arts. 21, 31"
        ("coe_185", "99", []),
    ],
)
def test_article_to_labels(instrument: str, article: str, labels: list[str]) -> None:
    assert taxonomy.labels_for_article(instrument, article) == labels


def test_label_to_articles() -> None:
    assert taxonomy.articles_for_label("procedure.expedited_preservation") == {
        "coe_185": ["16", "17"], "uncc_2024": ["25", "26"]}
    assert taxonomy.articles_for_label("offence.spam") == {}


def test_instrument_articles_are_sorted_numerically() -> None:
    arts = taxonomy.instrument_articles("coe_185")
    assert arts[:3] == ["1", "2", "3"] and "35" in arts and arts == sorted(arts, key=int)


def test_unknown_label_is_a_coded_error() -> None:
    with pytest.raises(LexnlpCyberError) as err:
        taxonomy.info("offence.nonsense")
    assert err.value.code == "E206"

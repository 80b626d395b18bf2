from __future__ import annotations

import pytest

from lexnlp_cyber.document import (
    CONTAINER,
    SUBDIVISION,
    UNIT,
    Box,
    Document,
    Evidence,
    Furniture,
    Label,
    LanguageGuess,
    Notice,
    Page,
    Provision,
    Stream,
)
from lexnlp_cyber.errors import LexnlpCyberError


def _doc() -> Document:
    text = "PART I\n1. Access\n(1) A person who accesses a computer.\n2. Repeal\nRepealed."
    sub = Provision("part_I__sec_1__subsec_1", "subsection", SUBDIVISION, "(1)", None, text[17:54], 17, 54, (1, 1))
    sec1 = Provision("part_I__sec_1", "section", UNIT, "1", "Access", text[7:54], 7, 54, (1, 1), "en", [sub],
                     [Label("offence.illegal_access", 0.91, [Evidence("cue", "computer", 36, 44, 1.2, "computer_system")])])
    quoted = Provision("part_I__sec_2__qstr_1__sec_9", "section", UNIT, "9", None, "", 60, 60, quoted=True)
    sec2 = Provision("part_I__sec_2", "section", UNIT, "2", "Repeal", text[55:], 55, len(text), (2, 2),
                     children=[quoted], repealed=True)
    part = Provision("part_I", "part", CONTAINER, "I", None, text, 0, len(text), (1, 2), children=[sec1, sec2])
    return Document(
        source="x.pdf", sha256="ab", media_type="application/pdf", text=text,
        pages=[Page(1, 0, 55, 595, 842, 1, [Box(0, 6, 10, 20, 60, 30)]), Page(2, 55, len(text))],
        language=LanguageGuess("en", 0.99, [("en", 0.99)]), streams=[Stream("fr", "Texte", [1])],
        provisions=[part], furniture=[Furniture("header", 1, "GAZETTE")], warnings=[Notice("W001", "scan", 2)],
    )


def test_json_round_trip_is_lossless() -> None:
    doc = _doc()
    again = Document.from_json(doc.to_json())
    assert again == doc


def test_units_look_through_containers_and_skip_subdivisions_and_quotes() -> None:
    assert [u.num for u in _doc().units()] == ["1", "2"]


@pytest.mark.parametrize(("offset", "page"), [(0, 1), (54, 1), (55, 2), (70, 2)])
def test_page_of(offset: int, page: int) -> None:
    assert _doc().page_of(offset) == page


def test_locate_returns_the_line_box() -> None:
    page, box = _doc().locate(3)
    assert page == 1 and box is not None and box.x0 == 10


def test_schema_version_mismatch_is_a_coded_error() -> None:
    data = _doc().to_dict()
    data["schema"] = 99
    with pytest.raises(LexnlpCyberError) as err:
        Document.from_dict(data)
    assert err.value.code == "E030"

"""Laws published as JSON or XML: read into lines that segmentation understands.

The fixtures in ``fixtures/structured`` are invented by the team (English and
Spanish); the last test measures the readers on the real files of ../shared.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import lexnlp_cyber as lc
from lexnlp_cyber.document import Document, Provision
from lexnlp_cyber.errors import LexnlpCyberError
from lexnlp_cyber.extract import extract
from lexnlp_cyber.segment import normalize_num

FIXTURES = Path(__file__).parent / "fixtures" / "structured"


def _units(doc: Document) -> list[tuple[str, str | None]]:
    return [(u.num or "", u.heading) for u in doc.units()]


def _containers(doc: Document) -> list[tuple[str, str, str | None]]:
    """(kind, num, heading) of the nodes above the units, in document order."""
    units = {id(u) for u in doc.units()}
    found: list[tuple[str, str, str | None]] = []

    def walk(nodes: list[Provision]) -> None:
        for node in nodes:
            if id(node) in units:
                continue
            found.append((node.kind, node.num or "", node.heading))
            walk(node.children)

    walk(doc.provisions)
    return found


# -- the fixtures, segmented ------------------------------------------------------
FIXTURE_CASES = [
    pytest.param("act-flat.json", "en",
                 [("1", "Short title"), ("2", "Interpretation"), ("3", "Unauthorised access"),
                  ("3A", "Unauthorised interception"), ("4", "Regulations")],
                 [("part", "I", None), ("part", "II", None), ("part", "III", None)], id="json-flat"),
    pytest.param("ley-anidada.json", "es",
                 [("1", "Objeto"), ("2", "Definiciones"), ("3", "Acceso ilícito"),
                  ("3 bis", "Interceptación ilícita")],
                 [("chapter", "I", "Disposiciones generales"), ("chapter", "II", "De los delitos"),
                  ("section", "1", "Del acceso")], id="json-nested-es"),
    pytest.param("act-canada.xml", "en",
                 [("1", "Definitions"), ("2", "Unauthorized use"), ("2.1", "Mischief in relation to data"),
                  ("3", None)], None, id="xml-canada"),
    pytest.param("act-akn.xml", "en",
                 [("1", "Short title"), ("2", "Interpretation"), ("5A", "Reporting of incidents")],
                 [("part", "I", "Preliminary"), ("part", "II", "Duties of operators")], id="xml-akoma-ntoso"),
]


@pytest.mark.parametrize("name, lang, units, containers", FIXTURE_CASES)
def test_fixtures_segment_into_their_provisions(name: str, lang: str, units: list[tuple[str, str | None]],
                                                containers: list[tuple[str, str, str | None]] | None) -> None:
    doc = lc.segment(str(FIXTURES / name))
    assert doc.lang == lang
    found = _units(doc)
    assert [normalize_num(n) for n, _ in found] == [normalize_num(n) for n, _ in units]
    for (_, heading), (_, want) in zip(found, units):
        if want is not None:  # None: whatever the segmenter makes of a repealed section's note
            assert heading == want
    if containers is not None:
        assert _containers(doc) == containers


@pytest.mark.parametrize("name, present, absent", [
    ("act-flat.json", ["Sample Computer Misuse Act, 2031", "(2) A person convicted"],
     ["sample-computer-misuse-act-2031", "invented for the lexnlp_cyber tests"]),
    ("act-canada.xml", ["An Act respecting the protection of sample computer systems",
                        "1 (1) The following definitions apply", "(a) on conviction on indictment"],
     ["2031, c. 5", "editorial footnote", "S-0.1", "Sample Systems Protection\n"]),
    ("act-akn.xml", ["Sample Data Security Act, 2031", "(a) \"operator\" means"],
     ["drafting note", "/akn/xx/act", "Sample Data Security Act\n"]),
])
def test_text_keeps_the_law_and_leaves_metadata_out(name: str, present: list[str], absent: list[str]) -> None:
    text = extract(str(FIXTURES / name)).text
    for snippet in present:
        assert snippet in text
    for snippet in absent:
        assert snippet not in text


def test_json_definitions_list_is_not_read_as_provisions() -> None:
    text = extract(str(FIXTURES / "act-flat.json")).text
    assert text.count("a device that stores or processes data") == 1  # in section 2, not again


def test_text_inputs_have_one_zero_width_box_per_line() -> None:
    doc = extract(str(FIXTURES / "act-akn.xml"))
    lines = doc.text.split("\n")
    assert len(doc.pages) == 1 and len(doc.pages[0].boxes) == sum(1 for line in lines if line)
    for box in doc.pages[0].boxes:
        assert box.x0 == box.x1 == 0.0
        assert doc.text[box.start:box.end] == lines[int(box.top)]


# -- labels and numbers from small JSON laws --------------------------------------
def _law(provisions: list[dict[str, Any]], **top: Any) -> bytes:
    return json.dumps({"title": "Sample Law", **top, "provisions": provisions}, ensure_ascii=False).encode()


LABEL_CASES = [
    # Japanese: the number passed through, 第…条 with の branches, the heading above it.
    pytest.param(_law([{"section": "7", "title": "（目的）", "content": "この法律は、見本のための法律である。", "language": "ja"},
                       {"section": "7の2", "title": "（定義）", "content": "この法律において「装置」とは、計算機をいう。",
                        "language": "ja"},
                       {"section": "8_2", "title": "（罰則）", "content": "前条の規定に違反した者は、罰金に処する。",
                        "language": "ja"}]),
                 "ja", [("7", "（目的）"), ("7の2", "（定義）"), ("8の2", "（罰則）")], id="ja-branch-numbers"),
    # German: "§ 202a" from the language, the number as the data writes it.
    pytest.param(_law([{"section": "202a", "title": "Unbefugter Datenzugriff",
                        "content": "Wer sich unbefugt Zugang zu Daten verschafft, wird bestraft."},
                       {"section": "202b", "title": "Abfangen",
                        "content": "Wer unbefugt Daten aus einer Übermittlung abfängt, wird bestraft."}],
                      language="de"),
                 "de", [("202a", "Unbefugter Datenzugriff"), ("202b", "Abfangen")], id="de-letter-suffix"),
    # Turkish: the text prints its own label; the title field only repeats its first words.
    pytest.param(_law([{"section": "1", "title": "Bu Kanunun amacı, bilişim sistemlerini korumaktır",
                        "content": "Madde 1 - (1) Bu Kanunun amacı, bilişim sistemlerini korumaktır."},
                       {"section": "2", "title": "Bu Kanunda geçen terimler aşağıdaki anlamları taşır",
                        "content": "Madde 2 - (1) Bu Kanunda geçen terimler aşağıdaki anlamları taşır."}]),
                 "tr", [("1", None), ("2", None)], id="tr-label-in-text"),
    # English articles: "Article 1" from the keys; "1." opening the text is its paragraph 1.
    pytest.param(json.dumps({"name": "Sample Regulation", "articles": [
        {"number": "1", "title": "Scope", "text": "1.\n\nThis Regulation applies to operators.\n\n2.\n\nIt does not apply to courts."},
        {"number": "2", "title": "Definitions", "text": "For the purposes of this Regulation, data means information."}]}).encode(),
                 "en", [("1", "Scope"), ("2", "Definitions")], id="en-articles"),
    # A title that is only the label ("Section 3") is not a heading; "5A" passed through.
    pytest.param(_law([{"section": "3", "title": "Section 3", "content": "3. A person who damages data commits an offence."},
                       {"section": "5A", "title": "Penalties", "content": "A person convicted is liable to a fine."}]),
                 "en", [("3", None), ("5A", "Penalties")], id="en-label-title"),
]


@pytest.mark.parametrize("data, lang, units", LABEL_CASES)
def test_json_labels_carry_the_numbers_of_the_data(data: bytes, lang: str,
                                                   units: list[tuple[str, str | None]]) -> None:
    doc = lc.segment(data, media_type="json", lang=lang)
    found = _units(doc)
    assert [normalize_num(n) for n, _ in found] == [normalize_num(n) for n, _ in units]
    for (_, heading), (_, want) in zip(found, units):
        assert (heading or None) == want


def test_a_scraper_s_english_gloss_before_a_native_container_heading_is_dropped() -> None:
    data = _law([{"section": "1", "chapter": "Chapter 1: 第一章　総則", "title": "（目的）",
                  "content": "この法律は、見本のための法律である。", "language": "ja"}])
    text = extract(data, media_type="json").text
    assert "第一章 総則" in text and "Chapter 1" not in text


def test_headings_left_at_the_end_of_the_previous_provision_move_back() -> None:
    provisions = [{"section": str(n), "title": "", "content": f"Madde {n} - (1) Kural {n} burada yazılıdır.{tail}"}
                  for n, tail in ((1, "Tanımlar"), (2, "Görev"), (3, "Yetki"), (4, ""))]
    doc = lc.segment(_law(provisions), media_type="json", lang="tr")
    assert _units(doc) == [("1", None), ("2", "Tanımlar"), ("3", "Görev"), ("4", "Yetki")]
    assert "yazılıdır.Tanımlar" not in doc.text


@pytest.mark.parametrize("forced", ["json", "JSON", ".json", "application/json"])
def test_media_type_forces_json(forced: str) -> None:
    data = (FIXTURES / "act-flat.json").read_bytes()
    assert extract(data, media_type=forced).media_type == "application/json"


@pytest.mark.parametrize("forced", ["xml", "application/xml", "text/xml"])
def test_media_type_forces_xml_on_bytes_and_str(forced: str) -> None:
    raw = (FIXTURES / "act-akn.xml").read_bytes()
    assert extract(raw, media_type=forced).text == extract(raw.decode("utf-8"), media_type=forced).text


# -- errors -----------------------------------------------------------------------
ERROR_CASES = [
    pytest.param("law.json", b'{"provisions": [{"section": "1", ', "E005", id="json-truncated"),
    pytest.param("law.json", b'{"title": "X", "definitions": [{"term": "a", "definition": "b"}]}', "E006",
                 id="json-no-provisions"),
    pytest.param("law.json", b"[1, 2, 3]", "E006", id="json-no-objects"),
    pytest.param("law.json", b"[" * 100_000 + b"]" * 100_000, "E005", id="json-too-deep"),
    pytest.param("law.json", b"", "E018", id="json-empty"),
    pytest.param("law.xml", b"<Statute><Body><Section><Label>1</Label>", "E005", id="xml-truncated"),
    pytest.param("law.xml", b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">]><s><p>&a;</p></s>', "E005",
                 id="xml-entity-declaration"),
    pytest.param("law.xml", b"<Statute><Identification><LongTitle>A</LongTitle></Identification></Statute>",
                 "E006", id="xml-metadata-only"),
    pytest.param("law.yaml", b"title: x", "E003", id="unsupported-suffix"),
]


@pytest.mark.parametrize("name, data, code", ERROR_CASES)
def test_bad_inputs_raise_catalogued_input_errors(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LexnlpCyberError) as info:
        extract(str(path))
    assert info.value.code == code
    assert isinstance(info.value, ValueError)  # an InputError


def test_unsupported_format_message_lists_json_and_xml() -> None:
    with pytest.raises(LexnlpCyberError, match=r"\.json, \.xml") as info:
        extract(b"text", media_type="yaml")
    assert info.value.code == "E003"


# -- the real laws of ../shared ---------------------------------------------------
@pytest.mark.shared
@pytest.mark.parametrize("doc", ["KEN/computer-misuse-and-cybercrimes-act-2018.json",
                                 "JPN/keiho-penal-code-140AC0000000045.json",
                                 "CAN/mandatory-reporting-internet-csaem-act-I-20.7.xml"])
def test_shared_json_and_xml_laws_match_their_canon(shared: Path, doc: str) -> None:
    source = shared / "legislation" / doc
    canon_path = shared / "canon" / f"{doc.replace('/', '__')}.json"
    if not (source.exists() and canon_path.exists()):
        pytest.skip(f"{doc} or its canon is not in ../shared")
    canon = json.loads(canon_path.read_text(encoding="utf-8"))
    found = lc.segment(str(source), lang=canon["lang"]).units()
    gold = Counter(normalize_num(p["num"]) for p in canon["provisions"])
    pred = Counter(normalize_num(u.num or "") for u in found)
    tp = sum((gold & pred).values())
    assert 2 * tp / (sum(gold.values()) + sum(pred.values())) >= 0.98


@pytest.mark.parametrize(("name", "data"), [
    # regression: a UTF-32 byte-order mark was read as UTF-16's, and a truncated UTF-16 file
    # failed with E499 ("Unexpected failure … UnicodeDecodeError") instead of being read
    ("utf32.txt", "Article 1\nLe fait d'accéder frauduleusement est puni.\n".encode("utf-32")),
    ("truncated.html", "<p>Article 1</p><p>Le fait d'accéder est puni.</p>".encode("utf-16")[:-1]),
    ("utf16.txt", "Article 1\nLe fait d'accéder frauduleusement est puni.\n".encode("utf-16")),
])
def test_text_with_a_byte_order_mark_is_read(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    doc = extract(str(path))
    assert "Article 1" in doc.text and "accéder" in doc.text


@pytest.mark.parametrize(("name", "text", "encoding", "expected"), [
    # regression: pages and files in a legacy encoding were read as Windows-1252 mojibake
    # ("ÇáãÇÏÉ 1" for "المادة 1"), so no provision, language or cue term was found
    ("gazette.html", '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
     "</head><body><p>المادة 1</p><p>يعاقب بالحبس كل من دخل عمداً إلى نظام معلوماتي.</p></body></html>",
     "cp1256", "المادة 1"),
    ("law.html", '<html><head><meta charset="shift_jis"></head><body><p>第一条　不正アクセス行為をした者は、'
     "三年以下の懲役に処する。</p></body></html>", "shift_jis", "第一条"),
    ("law.html", '<html><head><meta charset="gb2312"></head><body><p>第一条　违反国家规定，侵入计算机信息系统的，'
     "处三年以下有期徒刑。</p></body></html>", "gb2312", "侵入计算机信息系统"),
    ("law.txt", "Статья 272. Неправомерный доступ к охраняемой законом компьютерной информации, если это деяние "
     "повлекло уничтожение, блокирование, модификацию либо копирование компьютерной информации.\n", "cp1251",
     "Неправомерный доступ"),
    ("law.txt", "المادة 1\nيعاقب بالحبس كل من دخل عمداً وبغير حق إلى موقع إلكتروني أو نظام معلوماتي أو شبكة "
     "معلوماتية أو وسيلة تقنية معلومات.\n", "cp1256", "نظام معلوماتي"),
    ("law.txt", "Article 1\nLe fait d'accéder frauduleusement à un système est puni de deux ans.\n", "latin-1", "accéder"),
])
def test_text_in_a_legacy_encoding_is_read(tmp_path: Path, name: str, text: str, encoding: str, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    assert expected in extract(str(path)).text

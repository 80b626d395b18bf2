"""Exports: safe names, CSV, Akoma Ntoso, coverage profile, metadata."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lexnlp_cyber import taxonomy
from lexnlp_cyber.document import Document, Evidence, Label, Provision
from lexnlp_cyber.export import akn, csvout
from lexnlp_cyber.export.coverage import ScopedRecord, coverage_csv, coverage_json, coverage_profile
from lexnlp_cyber.export.jsonl import document_records
from lexnlp_cyber.export.meta import country_of, load_metadata
from lexnlp_cyber.export.safe import safe_stem, unique_stem


def sample_document(source: str = "laws/DEU/stgb.txt") -> Document:
    """A small tagged Document built by hand: a chapter, two sections, a subsection and a quoted one."""
    text = ("Chapter 1 Offences\n3. Access <b>&</b>\n(1) Whoever accesses a computer system without right.\n"
            "4. Amendment\nSection 9 is replaced by: \"9. New text\"\n")
    s3 = text.index("3. Access")
    sub = text.index("(1) Whoever")
    s4 = text.index("4. Amendment")
    q = text.index("9. New")
    ev = Evidence("cue", "computer system", text.index("computer system") - s3,
                  text.index("computer system") - s3 + len("computer system"), 0.9, "computer_system")
    subsection = Provision("chp_1__sec_3__subsec_1", "subsection", "subdivision", "1", None,
                           text[sub:s4 - 1], sub, s4 - 1, (1, 1), "en")
    sec3 = Provision("chp_1__sec_3", "section", "unit", "3", "Access <b>&</b>", text[s3:s4 - 1], s3, s4 - 1,
                     (1, 1), "en", [subsection], [Label("offence.illegal_access", 0.91, [ev])])
    quoted = Provision("chp_1__sec_4__qstr_1__sec_9", "section", "unit", "9", None, text[q:-2], q, len(text) - 2,
                       (1, 1), "en", quoted=True)
    sec4 = Provision("chp_1__sec_4", "section", "unit", "4", "Amendment", text[s4:], s4, len(text), (1, 2), "en",
                     [quoted])
    chapter = Provision("chp_1", "chapter", "container", "1", "Offences", text, 0, len(text), (1, 2), "en",
                        [sec3, sec4])
    return Document(source=source, text=text, provisions=[chapter])


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\laws\\..\\secret.pdf", "secret"),
    ("DEU/Strafgesetzbuch § 202a.pdf", "Strafgesetzbuch_202a"),
    ("Código Penal (2024).txt", "Codigo_Penal_2024"),
    ("...", "doc"),
    ("con.pdf", "doc_con"),
    ("الجرائم.pdf", "doc"),
    ("x" * 500 + ".pdf", "x" * 80),
    ("a\x00b\nc.txt", "a_b_c"),
])
def test_safe_stem(name: str, expected: str) -> None:
    assert safe_stem(name) == expected


def test_unique_stem_separates_same_names_in_different_folders() -> None:
    assert unique_stem("DEU/stgb.pdf") != unique_stem("AUT/stgb.pdf")
    assert unique_stem("a/b.pdf", "ff" * 32) == "b-ffffffffffff"


def test_csv_one_row_per_provision_labels_joined_and_formulas_defused() -> None:
    doc = sample_document()
    records = document_records(doc, labels=True, document="laws/DEU/stgb.txt")
    records[1]["heading"] = "=HYPERLINK(\"http://x\")"
    rows = list(csv.reader(io.StringIO(csvout.records_csv(records, {"laws/DEU/stgb.txt": "DEU"}))))
    assert rows[0] == csvout.COLUMNS
    assert len(rows) == 1 + len(doc.units())
    first = dict(zip(rows[0], rows[1]))
    assert first["labels"] == "offence.illegal_access" and first["country"] == "DEU"
    assert first["scores"] == "offence.illegal_access=0.9100"
    assert dict(zip(rows[0], rows[2]))["heading"].startswith("'=")


def test_akn_is_well_formed_with_eids_and_classification() -> None:
    xml = akn.document_akn(sample_document(), name="stgb", country="DEU")
    assert akn.check_akn(xml) == []
    ns = {"a": akn.NS}
    root = ET.fromstring(xml.encode("utf-8"))
    body = root.find("a:act/a:body", ns)
    assert body is not None
    eids = [e.get("eId") for e in body.iter() if e.get("eId")]
    assert eids == ["chp_1", "chp_1__sec_3", "chp_1__sec_3__subsec_1", "chp_1__sec_4"]
    section = body.find("a:chapter/a:section", ns)
    assert section is not None and section.findtext("a:heading", namespaces=ns) == "Access <b>&</b>"
    keywords = root.findall("a:act/a:meta/a:classification/a:keyword", ns)
    assert [(k.get("value"), k.get("href"), k.get("dictionary")) for k in keywords] == [
        ("offence.illegal_access", "#chp_1__sec_3", f"#{akn.TAXONOMY_ID}")]
    country = root.find("a:act/a:meta/a:identification/a:FRBRWork/a:FRBRcountry", ns)
    assert country is not None and country.get("value") == "deu"


@pytest.mark.parametrize(("xml", "problem"), [
    ("<akomaNtoso", "not well-formed"),
    (f'<akomaNtoso xmlns="{akn.NS}"><act><meta><identification/></meta><body/></act></akomaNtoso>', None),
    (f'<akomaNtoso xmlns="{akn.NS}"><act><meta/><body><section eId="a"/><section eId="a"/></body></act>'
     "</akomaNtoso>", "duplicate eId a"),
    (f'<akomaNtoso xmlns="{akn.NS}"><act><meta><identification/><classification><keyword value="x" '
     'href="#nope" dictionary="#nope"/></classification></meta><body/></act></akomaNtoso>', "resolves to nothing"),
])
def test_check_akn_catches_structure_problems(xml: str, problem: str | None) -> None:
    found = akn.check_akn(xml)
    assert (not found) if problem is None else any(problem in p for p in found)


def test_coverage_lists_every_article_and_flags_the_unimplemented() -> None:
    records = document_records(sample_document(), labels=True, document="laws/DEU/stgb.txt")
    scoped = [ScopedRecord("country", "DEU", r) for r in records]
    scoped.append(ScopedRecord("document", "other.txt", {"document": "other.txt", "eid": "art_1", "labels": []}))
    profile = coverage_profile(scoped)
    assert [(p["scope_kind"], p["scope"]) for p in profile] == [("country", "DEU"), ("document", "other.txt")]
    budapest = profile[0]["instruments"]["coe_185"]
    assert [row["article"] for row in budapest] == taxonomy.instrument_articles("coe_185")
    art2 = next(row for row in budapest if row["article"] == "2")
    assert art2["implemented"] and art2["provisions"][0]["eid"] == "chp_1__sec_3"
    assert not next(row for row in budapest if row["article"] == "3")["implemented"]
    assert [r["article"] for r in profile[0]["instruments"]["uncc_2024"]] == \
        taxonomy.instrument_articles("uncc_2024")
    rows = list(csv.reader(io.StringIO(coverage_csv(profile))))
    assert ["country", "DEU", "coe_185", "2", "offence.illegal_access", "yes",
            "laws/DEU/stgb.txt#chp_1__sec_3"] in rows
    assert json.loads(coverage_json(profile))["scopes"][1]["scope"] == "other.txt"


@pytest.mark.parametrize(("path", "rows", "expected"), [
    ("repo/DEU/stgb.pdf", {}, "DEU"),
    ("pdf/COL__ley-1273.pdf", {}, "COL"),
    ("repo/INT/convention.pdf", {}, None),
    ("repo/misc/law.pdf", {"repo/misc/law.pdf": {"country": "ken"}}, "KEN"),
    ("/abs/repo/misc/law.pdf", {"misc/law.pdf": {"country": "UGA"}}, "UGA"),
    ("repo/DEU/law.pdf", {"law.pdf": {"country": "AUT"}}, "AUT"),
])
def test_country_from_metadata_or_path(path: str, rows: dict[str, dict[str, str]], expected: str | None) -> None:
    assert country_of(path, rows) == expected


def test_metadata_csv(tmp_path: Path) -> None:
    path = tmp_path / "meta.csv"
    path.write_text("path,country,title\nlaws/a.pdf,FRA,Code pénal\n", encoding="utf-8")
    assert load_metadata(str(path)) == {"laws/a.pdf": {"country": "FRA", "title": "Code pénal"}}

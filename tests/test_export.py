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


def _sample_akn() -> tuple[ET.Element, dict[str, str]]:
    """The sample document as Akoma Ntoso, checked well formed, parsed; and its namespace map."""
    xml = akn.document_akn(sample_document(), name="stgb", country="DEU")
    assert akn.check_akn(xml) == []
    return ET.fromstring(xml.encode("utf-8")), {"a": akn.NS}


def test_akn_is_well_formed_with_eids_and_classification() -> None:
    root, ns = _sample_akn()
    body = root.find("a:act/a:body", ns)
    assert body is not None
    eids = [e.get("eId") for e in body.iter() if e.get("eId")]
    assert eids == ["chp_1", "chp_1__sec_3", "chp_1__sec_3__subsec_1", "chp_1__sec_4", "chp_1__sec_4__mod_1",
                    "chp_1__sec_4__qstr_1", "chp_1__sec_4__qstr_1__sec_9"]
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


def test_akn_quoted_provisions_become_mod_and_quoted_structure() -> None:
    root, ns = _sample_akn()
    host = root.find("a:act/a:body/a:chapter/a:section[@eId='chp_1__sec_4']", ns)
    assert host is not None
    mod = host.find("a:content/a:p/a:mod", ns)
    assert mod is not None and mod.get("eId") == "chp_1__sec_4__mod_1"
    assert (mod.text or "").strip() == "Section 9 is replaced by:"  # the amending words, quote mark moved out
    structure = mod.find("a:quotedStructure", ns)
    assert structure is not None and structure.get("eId") == "chp_1__sec_4__qstr_1"
    assert structure.get("startQuote") == '"'
    quoted = structure.find("a:section", ns)
    assert quoted is not None and quoted.get("eId") == "chp_1__sec_4__qstr_1__sec_9"
    assert quoted.findtext("a:num", namespaces=ns) == "9"
    assert quoted.findtext("a:content/a:p", namespaces=ns) == "9. New text"
    # Not also as plain text of the host, nor as a provision of the act itself.
    assert "New text" not in "".join(p.text or "" for p in host.findall("a:content/a:p", ns))
    assert [s.get("eId") for s in root.findall("a:act/a:body/a:chapter/a:section", ns)] == [
        "chp_1__sec_3", "chp_1__sec_4"]


def test_akn_mod_goes_into_the_last_subdivision_of_the_host() -> None:
    text = "5. Amendments\n(1) In the Penal Code, section 2 is repealed.\n(2) Section 3 is replaced by:\n3. Fraud\n"
    sub1, sub2, q = text.index("(1)"), text.index("(2)"), text.index("3. Fraud")
    quoted = Provision("sec_5__qstr_1__sec_3", "section", "unit", "3", "Fraud", text[q:], q, len(text), quoted=True)
    host = Provision("sec_5", "section", "unit", "5", "Amendments", text, 0, len(text), children=[
        Provision("sec_5__subsec_1", "subsection", "subdivision", "1", None, text[sub1:sub2 - 1], sub1, sub2 - 1),
        Provision("sec_5__subsec_2", "subsection", "subdivision", "2", None, text[sub2:q - 1], sub2, q - 1),
        quoted])
    xml = akn.document_akn(Document(source="x.txt", text=text, provisions=[host]), name="x")
    assert akn.check_akn(xml) == []
    ns = {"a": akn.NS}
    root = ET.fromstring(xml.encode("utf-8"))
    mod = root.find("a:act/a:body/a:section/a:subsection[@eId='sec_5__subsec_2']/a:content/a:p/a:mod", ns)
    assert mod is not None and (mod.text or "").strip() == "(2) Section 3 is replaced by:"
    assert mod.find("a:quotedStructure[@eId='sec_5__qstr_1']/a:section[@eId='sec_5__qstr_1__sec_3']", ns) is not None


@pytest.mark.parametrize(("rows", "text", "expected"), [
    ({"x/a.pdf": {"date": "2015-07-01"}}, "Cybercrimes Act 2015", ("2015-07-01", "metadata")),
    ({"x/a.pdf": {"date": "1999"}}, "", ("1999-01-01", "metadata")),
    ({"x/a.pdf": {"title": "Cybercrimes Act, 2015"}}, "", ("2015-01-01", "year-in-title")),
    ({}, "THE COMPUTER MISUSE ACT 1990\nAn Act to ...", ("1990-01-01", "year-in-title")),
    ({"x/a.pdf": {"date": "not a date"}}, "Loi n° 12\n", (None, "processed")),
])
def test_frbr_date_from_metadata_title_or_processing(rows: dict, text: str, expected: tuple) -> None:
    import datetime

    from lexnlp_cyber.export.meta import date_of

    date, name = date_of("x/a.pdf", rows, text)
    assert (date if expected[0] else None, name) == expected
    if name == "processed":
        assert date == datetime.date.today().isoformat()


def test_akn_frbr_dates_are_real_dates() -> None:
    ns = {"a": akn.NS}
    xml = akn.document_akn(sample_document(), name="stgb", date=("2015-07-01", "metadata"))
    root = ET.fromstring(xml.encode("utf-8"))
    dates = {e.tag.split("}")[1]: (e.find("a:FRBRdate", ns).get("date"), e.find("a:FRBRdate", ns).get("name"))
             for e in root.find("a:act/a:meta/a:identification", ns)}  # type: ignore[union-attr]
    assert dates["FRBRWork"] == dates["FRBRExpression"] == ("2015-07-01", "metadata")
    assert dates["FRBRManifestation"][1] == "processed"
    assert "1970-01-01" not in akn.document_akn(sample_document(), name="stgb")


def _akn_xsd() -> Path | None:
    """An Akoma Ntoso 3.0 XSD shipped inside an installed Python package, if any (never downloaded)."""
    import site
    import sysconfig

    roots = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    for root in roots:
        found = next(Path(root).glob("**/akomantoso*.xsd"), None)
        if found:
            return found
    return None


def test_akn_validates_against_the_official_xsd_when_installed() -> None:
    xsd = _akn_xsd()
    xmlschema = pytest.importorskip("xmlschema") if xsd else None
    if xsd is None or xmlschema is None:
        pytest.skip("no Akoma Ntoso 3.0 XSD in an installed package (schemas are not downloaded at run time)")
    schema = xmlschema.XMLSchema(str(xsd))
    schema.validate(akn.document_akn(sample_document(), name="stgb", country="DEU"))

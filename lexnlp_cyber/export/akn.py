"""Akoma Ntoso 3.0 export: one ``<akomaNtoso>`` file per document.

The body mirrors the provision tree with its eIds; the ``<classification>``
block holds one ``<keyword>`` per (provision, label), whose ``href`` points
at the provision's eId and whose ``dictionary`` is the lexnlp_cyber
taxonomy, declared as a ``TLCConcept`` set in ``<references>``. Provisions
quoted inside an amending provision are kept as text of their host, since
their eIds belong to the amended act, not to this one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .. import taxonomy
from ..document import Document, Provision

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
TAXONOMY_ID = "lexnlpCyberTaxonomy"
SOURCE_ID = "lexnlpCyber"
#: Hierarchical elements of Akoma Ntoso 3.0; other kinds become <hcontainer name="...">.
HIERARCHY = {"alinea", "article", "book", "chapter", "clause", "division", "indent", "level", "list",
             "paragraph", "part", "point", "proviso", "rule", "section", "subchapter", "subclause",
             "subdivision", "sublist", "subparagraph", "subpart", "subrule", "subsection", "subtitle",
             "title", "tome", "transitional"}
#: ISO 639-1 → 639-2/T for FRBRlanguage (Akoma Ntoso uses three letters).
LANG3 = {"en": "eng", "fr": "fra", "es": "spa", "de": "deu", "it": "ita", "pt": "por", "nl": "nld", "pl": "pol",
         "ru": "rus", "zh": "zho", "ja": "jpn", "ar": "ara", "tr": "tur", "rw": "kin", "ko": "kor"}
# Characters XML 1.0 forbids even when escaped (control characters from broken PDFs).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EID_OK = re.compile(r"[^A-Za-z0-9_.\-~]")


def clean(text: str | None) -> str:
    return _INVALID_XML.sub("", text or "")


def _eid(value: str) -> str:
    """eIds must be XML NCName-like; the segmenter's are, but be safe with odd input."""
    cleaned = _EID_OK.sub("_", value) or "x"
    return cleaned if cleaned[0].isalpha() or cleaned[0] == "_" else "_" + cleaned


def _sub(parent: ET.Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{tag}", attrib or {})
    if text is not None:
        element.text = clean(text)
    return element


def _paragraphs(parent: ET.Element, text: str) -> None:
    lines = [ln.strip() for ln in clean(text).split("\n") if ln.strip()]
    for line in lines or [""]:
        _sub(parent, "p", text=line)


def _node(parent: ET.Element, node: Provision, doc_text: str | None, seen: set[str]) -> None:
    kind = node.kind if node.kind in HIERARCHY else "hcontainer"
    eid = _eid(node.eid)
    if eid in seen:  # an eId must be unique in the document; keep the first, suffix the others
        eid = f"{eid}__{len(seen)}"
    seen.add(eid)
    attrib = {"eId": eid}
    if kind == "hcontainer":
        attrib["name"] = _eid(node.kind or "provision")
    element = _sub(parent, kind, attrib)
    if node.num:
        _sub(element, "num", text=node.num)
    if node.heading:
        _sub(element, "heading", text=node.heading)
    children = [c for c in node.children if not c.quoted]
    if not children:
        _paragraphs(_sub(element, "content"), node.text)
        return
    # Text before the first child is the intro ("The following acts are offences:").
    intro = node.text[: max(0, children[0].start - node.start)] if children[0].start >= node.start else ""
    if intro.strip():
        _paragraphs(_sub(element, "intro"), intro)
    for child in children:
        _node(element, child, doc_text, seen)


def _labelled(doc: Document) -> list[tuple[str, Provision]]:
    return [(p.eid, p) for p in doc.walk() if p.labels and not p.quoted]


def document_akn(doc: Document, *, name: str | None = None, country: str | None = None) -> str:
    """The Akoma Ntoso 3.0 XML of a tagged (or segmented) Document, as a str."""
    ET.register_namespace("", NS)
    work_country = (country or "xx").lower()
    lang3 = LANG3.get(doc.lang or "", "und")
    doc_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name or "document").strip("-") or "document"
    root = ET.Element(f"{{{NS}}}akomaNtoso")
    act = _sub(root, "act", {"name": doc_name})
    meta = _sub(act, "meta")
    ident = _sub(meta, "identification", {"source": f"#{SOURCE_ID}"})
    work_uri = f"/akn/{work_country}/act/{doc_name}"
    for level, uri in (("FRBRWork", work_uri), ("FRBRExpression", f"{work_uri}/{lang3}"),
                       ("FRBRManifestation", f"{work_uri}/{lang3}.akn")):
        frbr = _sub(ident, level)
        _sub(frbr, "FRBRthis", {"value": uri + ("/!main" if level == "FRBRWork" else "")})
        _sub(frbr, "FRBRuri", {"value": uri})
        _sub(frbr, "FRBRdate", {"date": "1970-01-01", "name": "unknown"})
        _sub(frbr, "FRBRauthor", {"href": f"#{SOURCE_ID}"})
        if level == "FRBRWork":
            _sub(frbr, "FRBRcountry", {"value": work_country})
        if level == "FRBRExpression":
            _sub(frbr, "FRBRlanguage", {"language": lang3})
    labelled = _labelled(doc)
    if labelled:
        classification = _sub(meta, "classification", {"source": f"#{SOURCE_ID}"})
        for eid, node in labelled:
            for label in node.labels:
                info = taxonomy.info(label.id) if taxonomy.is_label(label.id) else None
                _sub(classification, "keyword", {
                    "value": label.id, "showAs": info.name if info else label.id,
                    "dictionary": f"#{TAXONOMY_ID}", "href": f"#{_eid(eid)}"})
    refs = _sub(meta, "references", {"source": f"#{SOURCE_ID}"})
    _sub(refs, "TLCOrganization", {"eId": SOURCE_ID, "href": "/ontology/organization/lexnlp_cyber",
                                   "showAs": "lexnlp_cyber"})
    _sub(refs, "TLCConcept", {"eId": TAXONOMY_ID, "href": "/ontology/concept/lexnlp_cyber/taxonomy",
                              "showAs": "lexnlp_cyber cybercrime taxonomy"})
    for label_id in sorted({lab.id for _, n in labelled for lab in n.labels}):
        show = taxonomy.info(label_id).name if taxonomy.is_label(label_id) else label_id
        _sub(refs, "TLCConcept", {"eId": _concept(label_id),
                                  "href": f"/ontology/concept/lexnlp_cyber/{label_id}", "showAs": show})
    body = _sub(act, "body")
    seen: set[str] = set()
    for provision in doc.provisions:
        _node(body, provision, doc.text, seen)
    if not doc.provisions:  # a body needs at least one hierarchical element
        _paragraphs(_sub(_sub(body, "hcontainer", {"eId": "hcontainer_1", "name": "text"}), "content"), doc.text)
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _concept(label_id: str) -> str:
    return "concept_" + _eid(label_id).replace(".", "_")


def check_akn(xml_text: str) -> list[str]:
    """Structural problems of an Akoma Ntoso document made here (empty list: fine).

    Checks: well-formed; root ``akomaNtoso`` in the 3.0 namespace with one
    document type holding ``meta`` (with ``identification``) and ``body``;
    eIds unique; every keyword's ``href`` and ``dictionary`` resolve."""
    problems: list[str] = []
    try:
        root = ET.fromstring(xml_text.encode("utf-8"))
    except ET.ParseError as err:
        return [f"not well-formed: {err}"]
    q = f"{{{NS}}}"
    if root.tag != f"{q}akomaNtoso":
        problems.append(f"root is {root.tag}")
    act = root.find(f"{q}act")
    if act is None:
        return problems + ["no <act>"]
    if act.find(f"{q}meta/{q}identification") is None:
        problems.append("no meta/identification")
    if act.find(f"{q}body") is None:
        problems.append("no body")
    eids: dict[str, int] = {}
    for element in root.iter():
        if "eId" in element.attrib:
            eids[element.attrib["eId"]] = eids.get(element.attrib["eId"], 0) + 1
    problems.extend(f"duplicate eId {e}" for e, n in eids.items() if n > 1)
    for keyword in root.iter(f"{q}keyword"):
        for attr in ("href", "dictionary"):
            target = keyword.attrib.get(attr, "")
            if not target.startswith("#") or target[1:] not in eids:
                problems.append(f"keyword {keyword.attrib.get('value')} {attr}={target!r} resolves to nothing")
    return problems

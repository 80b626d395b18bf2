"""Akoma Ntoso 3.0 export: one ``<akomaNtoso>`` file per document.

The body mirrors the provision tree with its eIds; the ``<classification>``
block holds one ``<keyword>`` per (provision, label), whose ``href`` points
at the provision's eId and whose ``dictionary`` is the lexnlp_cyber
taxonomy, declared as a ``TLCConcept`` set in ``<references>``.

Provisions quoted inside an amending provision (``Provision.quoted``, the
children of the amending unit) become ``<mod>`` … ``<quotedStructure>``
in the content of their host (the last line of the host's own text, the
amending words, goes inside the ``<mod>``)::

    <section eId="sec_4"><num>4</num><heading>Amendment</heading><content>
      <p><mod eId="sec_4__mod_1">Section 9 is replaced by:
        <quotedStructure eId="sec_4__qstr_1">
          <section eId="sec_4__qstr_1__sec_9"><num>9</num>…</section>
        </quotedStructure></mod></p></content></section>

The quoted provisions keep the segmenter's eIds (``…__qstr_N__…``, as in
the JSONL records), so the ``quotedStructure`` takes the ``…__qstr_N``
prefix. When the host has subdivisions, the ``<mod>`` goes at the end of
the last one (where the amending words are).

``FRBRdate`` is the act's date when one is known (metadata CSV ``date``
column, or a year in the title: ``name="metadata"`` / ``"year-in-title"``),
otherwise the processing date with ``name="processed"``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .. import taxonomy
from ..document import Document, Provision
from .meta import date_of

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


def _unique(eid: str, seen: set[str]) -> str:
    """``eid`` made unique in the document (keep the first, suffix the others)."""
    if eid in seen:
        eid = f"{eid}__{len(seen)}"
    seen.add(eid)
    return eid


_QUOTES = set("\"'“”„«»‘’‚")
_QSTR = re.compile(r"^(.*__qstr_\d+)__[^_]")


def _mod(parent: ET.Element, host_eid: str, words: str, quoted: list[Provision], seen: set[str]) -> None:
    """``<p><mod>amending words <quotedStructure>…</quotedStructure>…</mod></p>`` in ``parent``."""
    mod = _sub(_sub(parent, "p"), "mod", {"eId": _unique(f"{host_eid}__mod_1", seen)})
    words = clean(words).strip()
    start_quote = words[-1] if words[-1:] in _QUOTES else ""
    words = words[:-1].rstrip() if start_quote else words
    mod.text = words + " " if words else None
    for k, node in enumerate(quoted, 1):
        found = _QSTR.match(_eid(node.eid))
        qeid = found.group(1) if found and found.group(1) not in seen else f"{host_eid}__mod_1__qstr_{k}"
        attrib = {"eId": _unique(qeid, seen)}
        if start_quote and k == 1:
            attrib["startQuote"] = start_quote
        structure = _sub(mod, "quotedStructure", attrib)
        _node(structure, node, seen)


def _content(element: ET.Element, eid: str, text: str, quoted: list[Provision], seen: set[str]) -> None:
    content = _sub(element, "content")
    lines = [ln.strip() for ln in clean(text).split("\n") if ln.strip()]
    if not quoted:
        for line in lines or [""]:
            _sub(content, "p", text=line)
        return
    for line in lines[:-1]:
        _sub(content, "p", text=line)
    _mod(content, eid, lines[-1] if lines else "", quoted, seen)


def _node(parent: ET.Element, node: Provision, seen: set[str], tail: list[Provision] | None = None) -> None:
    """``node`` as an Akoma Ntoso element; ``tail``: quoted provisions of an ancestor to place at the end."""
    kind = node.kind if node.kind in HIERARCHY else "hcontainer"
    eid = _unique(_eid(node.eid), seen)
    attrib = {"eId": eid}
    if kind == "hcontainer":
        attrib["name"] = _eid(node.kind or "provision")
    element = _sub(parent, kind, attrib)
    if node.num:
        _sub(element, "num", text=node.num)
    if node.heading:
        _sub(element, "heading", text=node.heading)
    children = [c for c in node.children if not c.quoted]
    quoted = [c for c in node.children if c.quoted] + list(tail or [])
    if not children:
        # The host's own text ends where the first quoted provision starts.
        own = node.text
        if quoted and node.start <= quoted[0].start <= node.end:
            own = node.text[: quoted[0].start - node.start]
        _content(element, eid, own, quoted, seen)
        return
    # Text before the first child is the intro ("The following acts are offences:").
    intro = node.text[: max(0, children[0].start - node.start)] if children[0].start >= node.start else ""
    if intro.strip():
        _paragraphs(_sub(element, "intro"), intro)
    for n, child in enumerate(children):
        _node(element, child, seen, quoted if n == len(children) - 1 else None)


def _labelled(doc: Document) -> list[tuple[str, Provision]]:
    return [(p.eid, p) for p in doc.walk() if p.labels and not p.quoted]


def document_akn(doc: Document, *, name: str | None = None, country: str | None = None,
                 date: tuple[str, str] | None = None) -> str:
    """The Akoma Ntoso 3.0 XML of a tagged (or segmented) Document, as a str.

    ``date``: ``(ISO date, name)`` for ``FRBRdate`` (see :func:`meta.date_of`);
    by default a year in the document's title, else the processing date."""
    frbr_date, date_name = date or date_of(doc.source, None, doc.text)
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
        if level == "FRBRManifestation":  # the date of this markup
            _sub(frbr, "FRBRdate", {"date": _today(), "name": "processed"})
        else:
            _sub(frbr, "FRBRdate", {"date": frbr_date, "name": date_name})
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
        _node(body, provision, seen)
    if not doc.provisions:  # a body needs at least one hierarchical element
        _paragraphs(_sub(_sub(body, "hcontainer", {"eId": "hcontainer_1", "name": "text"}), "content"), doc.text)
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _today() -> str:
    import datetime

    return datetime.date.today().isoformat()


def _concept(label_id: str) -> str:
    return "concept_" + _eid(label_id).replace(".", "_")


def check_akn(xml_text: str) -> list[str]:
    """Structural problems of an Akoma Ntoso document made here (empty list: fine).

    Checks: well-formed; root ``akomaNtoso`` in the 3.0 namespace with one
    document type holding ``meta`` (with ``identification``) and ``body``;
    eIds unique; every keyword's ``href`` and ``dictionary`` resolve; every
    ``FRBRdate`` is an ISO date with a name; every ``quotedStructure`` sits
    in a ``<mod>`` and has an eId, as has every ``mod``."""
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
    for frbr_date in act.iter(f"{q}FRBRdate"):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", frbr_date.attrib.get("date", "")) or not frbr_date.get("name"):
            problems.append(f"FRBRdate {frbr_date.attrib} is not a dated, named event")
    parents = {child: parent for parent in root.iter() for child in parent}
    for structure in root.iter(f"{q}quotedStructure"):
        if parents.get(structure) is None or parents[structure].tag != f"{q}mod":
            problems.append(f"quotedStructure {structure.get('eId')} is not inside a <mod>")
        if not structure.get("eId"):
            problems.append("quotedStructure without an eId")
    for mod in root.iter(f"{q}mod"):
        if not mod.get("eId"):
            problems.append("mod without an eId")
    for keyword in root.iter(f"{q}keyword"):
        for attr in ("href", "dictionary"):
            target = keyword.attrib.get(attr, "")
            if not target.startswith("#") or target[1:] not in eids:
                problems.append(f"keyword {keyword.attrib.get('value')} {attr}={target!r} resolves to nothing")
    return problems

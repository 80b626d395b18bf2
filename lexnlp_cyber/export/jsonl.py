"""The provision record contract of ``segment`` and ``tag`` output.

One JSON object per top-level unit (section / article / § level)::

    {"document", "eid", "num", "heading", "kind", "lang", "pages": [first, last],
     "text", "children": [...], "labels": [...], "scores": {...}}

``labels`` and ``scores`` appear only for tagged documents; ``evidence``
(label → spans) only when asked for.
"""

from __future__ import annotations

from typing import Any

from ..document import Document, Provision


def _child(node: Provision, labels: bool) -> dict[str, Any]:
    record: dict[str, Any] = {"eid": node.eid, "kind": node.kind, "num": node.num, "heading": node.heading,
                              "pages": list(node.pages), "text": node.text}
    if node.quoted:
        record["quoted"] = True
    if labels:
        record["labels"] = node.label_ids
    if node.children:
        record["children"] = [_child(c, labels) for c in node.children]
    return record


def unit_record(doc: Document, unit: Provision, *, labels: bool, evidence: bool = False,
                document: str | None = None) -> dict[str, Any]:
    """The contract record of one top-level unit."""
    record: dict[str, Any] = {
        "document": document if document is not None else doc.source,
        "eid": unit.eid,
        "num": unit.num,
        "heading": unit.heading,
        "kind": unit.kind,
        "lang": unit.lang or doc.lang,
        "pages": list(unit.pages),
        "text": unit.text,
        "children": [_child(c, labels) for c in unit.children],
    }
    if unit.repealed:
        record["repealed"] = True
    if labels:
        record["labels"] = unit.label_ids
        record["scores"] = unit.scores()
    if evidence:
        record["evidence"] = {lab.id: [{"kind": e.kind, "text": e.text, "start": e.start, "end": e.end,
                                        "concept": e.concept, "weight": e.weight, "page": e.page} for e in lab.evidence]
                              for lab in unit.labels}
    return record


def document_records(doc: Document, *, labels: bool, evidence: bool = False,
                     document: str | None = None) -> list[dict[str, Any]]:
    """The contract records of every top-level unit of ``doc``, in order."""
    return [unit_record(doc, u, labels=labels, evidence=evidence, document=document) for u in doc.units()]

"""Measure a model on the dev gold of ``../shared`` (a development aid).

Two measurements, as the classification issue defines them:

- *oracle segmentation*: the canon provision texts (``canon/<doc>.json``)
  are classified directly;
- *end to end*: each gold document's canon ``.txt`` (or the real PDF when
  there is no canon text) is tagged by the full pipeline.

The gold is for evaluation, model selection and threshold calibration only;
nothing here trains on it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .document import Document, LanguageGuess
from .evaluate import _manifest_languages, evaluate, read_gold


def canon_path(canon: Path, doc: str) -> Path:
    return canon / (doc.replace("/", "__") + ".json")


#: Canon kinds whose number the canon prints with its series word ("ek 1", "geçici 1").
SERIES_KINDS = ("additional", "temporary")


def canon_num(provision: dict[str, Any]) -> str:
    """A canon provision's number as GUIDE.md's ``num`` has it, without the unit word.

    The canon writes Turkish additional and transitional articles "ek 1" and
    "geçici 1"; the gold writes them "1@Ek Madde", and segment gives "1" (the
    series is in the eId, art_ek-1)."""
    num = str(provision.get("num") or "").strip()
    if provision.get("kind") in SERIES_KINDS and " " in num:
        return num.split(None, 1)[1]
    return num


def oracle_records(model: Any, gold: Sequence[Path], canon: Path) -> list[dict[str, Any]]:
    """Prediction records for the canon provisions of every gold document."""
    from .api import is_cyber_instrument, names_cyber, names_non_cyber_sector
    from .classify.context import Placement
    from .classify.model import names_assistance

    records: list[dict[str, Any]] = []
    for doc_id in read_gold(gold):
        path = canon_path(canon, doc_id)
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        lang = data.get("lang") or "en"
        provs = data.get("provisions", [])
        texts = [f"{p.get('heading') or ''}\n{p.get('text') or ''}".strip() for p in provs]
        prepared = model.prepare(texts, [lang] * len(texts))
        shell = Document(source=str(path), text=str(data.get("title") or ""),
                         language=LanguageGuess(lang, 1.0, method="declared"))
        cyber = is_cyber_instrument(shell, [], [p.cyber for p in prepared])
        # as classify_document: a unit inside a chapter with a cyber heading is in cyber context
        paths = [tuple(c for c in p.get("container_path") or [] if c) for p in provs]
        context = [(cyber or any(names_cyber(c, lang) for c in path))
                   and not any(names_non_cyber_sector(c, lang) for c in path) for path in paths]
        placements = [Placement(path, lang) for path in paths]
        assisting = [any(names_assistance(c, lang) for c in path) for path in paths]
        preds = model.predict_prepared(prepared, evidence=False, context_cyber=context, placements=placements,
                                       headings=[p.get("heading") for p in provs], assistance=assisting)
        for p, pred in zip(provs, preds):
            records.append({"doc": doc_id, "num": canon_num(p), "labels": pred.ids})
    return records


def oracle_evaluation(model: Any, gold: Sequence[Path], canon: Path) -> dict[str, Any]:
    """The :func:`~lexnlp_cyber.evaluate.evaluate` report of oracle segmentation, over
    the gold documents that have canon provisions (the others cannot be read that way:
    counted in, every label of theirs was a miss)."""
    docs = [doc for doc in read_gold(gold) if canon_path(canon, doc).is_file()]
    report = evaluate(gold, oracle_records(model, gold, canon), languages=_manifest_languages(list(gold)), docs=docs)
    return _compact(report)


def segment_gold_documents(gold: Sequence[Path], shared: Path, published: bool = False) -> dict[str, Document]:
    """Each gold document segmented as :func:`end_to_end_records` reads it, by doc id
    (those no source of which the package reads are left out), so that several models
    can be measured on one segmentation.

    By default each document is read from its canon ``.txt`` (clean text),
    or from the published file when it has none; ``published=True`` reads
    the published file (HTML, Markdown, JSON, XML, PDF: what a user tags)
    whenever the package reads its format."""
    from .api import segment
    from .errors import InputError

    documents: dict[str, Document] = {}
    for doc_id in read_gold(gold):
        txt = shared / "canon" / (doc_id.replace("/", "__") + ".txt")
        original = shared / "legislation" / doc_id
        sources = [original, txt] if published else [txt, original]
        for source in [path for path in sources if path.is_file()]:
            try:
                documents[doc_id] = segment(str(source))
                break
            except InputError as exc:  # a format the package does not read: the next source
                if exc.code != "E003":
                    break
            except Exception:  # an unreadable document counts as predicting nothing
                break
    return documents


def end_to_end_records(model: Any, gold: Sequence[Path], shared: Path, published: bool = False,
                       documents: Mapping[str, Document] | None = None) -> list[dict[str, Any]]:
    """Prediction records from tagging each gold document through the full pipeline
    (segmented by :func:`segment_gold_documents`, or given already segmented as
    ``documents``, which are left as they are)."""
    from .api import classify

    given = documents is not None
    if documents is None:
        documents = segment_gold_documents(gold, shared, published)
    records: list[dict[str, Any]] = []
    for doc_id, segmented in documents.items():
        try:  # classify sets labels in place: documents given stay as they were, for the next model
            doc = classify(copy.deepcopy(segmented) if given else segmented, model=model)
        except Exception:  # an unclassifiable document counts as predicting nothing
            continue
        for unit in doc.units():
            records.append({"doc": doc_id, "num": unit.num or "", "labels": unit.label_ids})
    return records


def end_to_end_evaluation(model: Any, gold: Sequence[Path], shared: Path, published: bool = False,
                          documents: Mapping[str, Document] | None = None) -> dict[str, Any]:
    report = evaluate(gold, end_to_end_records(model, gold, shared, published, documents),
                      languages=_manifest_languages(list(gold)))
    return _compact(report)


def _compact(report: dict[str, Any]) -> dict[str, Any]:
    """The figures worth recording in a model card."""
    return {
        "micro": report["micro"], "macro": report["macro"], "document": report["document"],
        "micro_f1": report["micro"]["f1"], "macro_f1": report["macro"]["f1"],
        "document_f1": report["document"]["f1"],
        "per_language": {lg: s["f1"] for lg, s in report["per_language"].items()},
        "per_group": {gr: s["f1"] for gr, s in report["per_group"].items()},
        "per_label": {lab: s["f1"] for lab, s in report["per_label"].items() if s["tp"] + s["fn"]},
        "documents": report["documents"],
    }


def gold_files(shared: Path) -> list[Path]:
    return sorted((shared / "gold").glob("dev-*.jsonl"))


"""Score provision labels against gold, with the semantics of GUIDE.md.

Gold files hold one document per line (``doc``, ``coverage``,
``provisions`` with ``num`` and ``labels``). Under ``exhaustive`` coverage
every provision is listed; under ``cyber-only`` the listed provisions are the
labelled ones and every other provision carries none. Either way, a
predicted provision is compared with the gold provision of the same
normalised number, or with the empty label set when the gold lists none.

    >>> from lexnlp_cyber import evaluate
    >>> report = evaluate(["gold.jsonl"], "pred.jsonl")     # doctest: +SKIP
    >>> report["micro"]["f1"]                                # doctest: +SKIP
    0.87
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import taxonomy
from .errors import DataError, Errors

_SUFFIXES = re.compile(r"(__excerpt)?(__(plain|twocol|toc|hyphen|scan))?(\.pdf|\.txt)?$")


def doc_key(path: str) -> str:
    """The gold document id of a predicted document's path.

    ``…/canon/KEN__act.json.txt`` and ``…/pdf/KEN__act.json__plain.pdf`` and
    ``…/legislation/KEN/act.json`` all give ``KEN/act.json``."""
    name = Path(path).name
    parent = Path(path).parent.name
    if "__" in name:
        country, rest = name.split("__", 1)
        rest = _SUFFIXES.sub("", rest) if re.search(r"\.(md|json|html|xml|txt)(__|\.txt$|\.pdf$)", rest) else rest
        return f"{country}/{rest}"
    if re.fullmatch(r"[A-Z]{3}", parent):
        return f"{parent}/{name}"
    return name


def normalize_num(num: str | None) -> str:
    from .segment import normalize_num as _normalize

    return _normalize(num or "")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[str], pred: set[str]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def read_gold(paths: Iterable[str | Path]) -> dict[str, dict[str, Any]]:
    """{doc id: {"coverage", "provisions": {normalised num: set(labels)}}}."""
    gold: dict[str, dict[str, Any]] = {}
    for path in map(Path, paths):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                coverage = data["coverage"]
                if coverage not in ("exhaustive", "cyber-only"):
                    raise ValueError(f"unknown coverage {coverage!r}")
                provisions: dict[str, set[str]] = defaultdict(set)
                headings: dict[str, str] = {}
                for p in data["provisions"]:
                    key = normalize_num(str(p["num"]))
                    provisions[key].update(p["labels"])
                    headings.setdefault(key, p.get("heading") or "")
                gold[data["doc"]] = {"coverage": coverage, "provisions": dict(provisions), "headings": headings}
            except (ValueError, KeyError, TypeError) as err:
                raise DataError(Errors.E302.format(path=path, line=number, reason=err)) from None
    return gold


def read_predictions(path: str | Path | Iterable[Mapping[str, Any]]) -> dict[str, dict[str, set[str]]]:
    """{doc id: {normalised num: labels}} from provision records (JSONL path or dicts)."""
    records: Iterable[Mapping[str, Any]]
    source = "<records>"
    if isinstance(path, (str, Path)):
        source = str(path)
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        parsed = []
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    parsed.append(json.loads(line))
                except ValueError as err:
                    raise DataError(Errors.E303.format(path=source, line=number, reason=err)) from None
        records = parsed
    else:
        records = path
    preds: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for number, rec in enumerate(records, 1):
        try:
            doc = rec.get("doc") or doc_key(str(rec["document"]))
            preds[doc][normalize_num(str(rec.get("num") or ""))].update(rec.get("labels", []))
        except (KeyError, AttributeError, TypeError) as err:
            raise DataError(Errors.E303.format(path=source, line=number, reason=err)) from None
    return {d: dict(v) for d, v in preds.items()}


def evaluate(gold: Iterable[str | Path], pred: str | Path | Iterable[Mapping[str, Any]], *,
             languages: Mapping[str, str] | None = None, only_gold_docs: bool = True,
             docs: Collection[str] | None = None) -> dict[str, Any]:
    """Micro/macro precision, recall and F1 per label, language and group,
    and document-level F1 (the label sets of whole documents).

    ``languages`` maps doc ids to languages for the per-language figures
    (read from ``legislation/MANIFEST.jsonl`` beside the gold when omitted);
    ``docs`` restricts the figures to those gold documents."""
    gold_paths = [Path(g) for g in gold]
    gold_docs = read_gold(gold_paths)
    if docs is not None:
        wanted = set(docs)
        gold_docs = {doc: g for doc, g in gold_docs.items() if doc in wanted}
    preds = read_predictions(pred)
    if languages is None:
        languages = _manifest_languages(gold_paths)
    labels = taxonomy.labels()
    micro = Counts()
    per_label = {lab: Counts() for lab in labels}
    per_lang: dict[str, Counts] = defaultdict(Counts)
    per_group: dict[str, Counts] = defaultdict(Counts)
    doc_counts = Counts()
    missing_docs = []
    for doc, g in gold_docs.items():
        if doc not in preds:
            missing_docs.append(doc)
        p = preds.get(doc, {})
        lang = (languages or {}).get(doc, "?")
        doc_gold: set[str] = set()
        doc_pred: set[str] = set()
        for num in set(g["provisions"]) | set(p):
            gl = g["provisions"].get(num, set())
            pl = set(p.get(num, set()))
            doc_gold |= gl
            doc_pred |= pl
            micro.add(gl, pl)
            per_lang[lang].add(gl, pl)
            for lab in labels:
                per_label[lab].add(gl & {lab}, pl & {lab})
            for group in taxonomy.GROUPS:
                members = {lab for lab in gl | pl if taxonomy.is_label(lab) and taxonomy.group_of(lab) == group}
                if members:
                    per_group[group].add(gl & members, pl & members)
        doc_counts.add(doc_gold, doc_pred)
    supported = [lab for lab in labels if per_label[lab].tp + per_label[lab].fn > 0]
    macro = {k: round(sum(per_label[lab].scores()[k] for lab in supported) / max(1, len(supported)), 4)
             for k in ("precision", "recall", "f1")}
    return {
        "documents": len(gold_docs),
        "missing_documents": missing_docs,
        "micro": micro.scores(),
        "macro": macro,
        "document": doc_counts.scores(),
        "per_label": {lab: per_label[lab].scores() for lab in labels},
        "per_language": {lg: c.scores() for lg, c in sorted(per_lang.items())},
        "per_group": {gr: per_group[gr].scores() for gr in taxonomy.GROUPS if gr in per_group},
    }


def _manifest_languages(gold_paths: list[Path]) -> dict[str, str]:
    for gold in gold_paths:
        manifest = gold.resolve().parent.parent / "legislation" / "MANIFEST.jsonl"
        if manifest.is_file():
            out = {}
            for line in manifest.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    out[rec["doc"]] = rec.get("language", "?")
            return out
    return {}


def report_table(report: Mapping[str, Any]) -> str:
    """A readable table of an :func:`evaluate` report."""
    def row(name: str, s: Mapping[str, Any]) -> str:
        return f"{name:<44} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"

    lines = [f"{'':<44} {'P':>6} {'R':>6} {'F1':>6}", row("micro (provisions)", report["micro"]),
             row("macro (labels)", report["macro"]), row("document level", report["document"]), ""]
    lines += [row(f"lang {lg}", s) for lg, s in report["per_language"].items()] + [""]
    lines += [row(f"group {gr}", s) for gr, s in report["per_group"].items()] + [""]
    lines += [row(lab, s) for lab, s in report["per_label"].items() if s["tp"] + s["fn"] + s["fp"]]
    if report.get("missing_documents"):
        lines += ["", f"documents without predictions: {len(report['missing_documents'])}"]
    return "\n".join(lines)

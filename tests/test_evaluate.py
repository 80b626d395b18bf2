from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexnlp_cyber.errors import DataError
from lexnlp_cyber.evaluate import doc_key, evaluate

GOLD = [
    {"doc": "AAA/act.json", "coverage": "exhaustive", "provisions": [
        {"num": "1", "heading": "Short title", "labels": []},
        {"num": "2", "labels": ["offence.illegal_access"]},
        {"num": "3", "labels": ["offence.illegal_interception", "liability.sanctions"]}]},
    {"doc": "BBB/code.md", "coverage": "cyber-only", "provisions": [
        {"num": "202a", "labels": ["offence.illegal_access"]}]},
]


def _write(tmp: Path) -> Path:
    path = tmp / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g) for g in GOLD) + "\n")
    return path


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/x/canon/KEN__computer-misuse-act-2018.json.txt", "KEN/computer-misuse-act-2018.json"),
        ("/x/pdf/DEU__stgb.md__excerpt__twocol.pdf", "DEU/stgb.md"),
        ("/x/pdf/KEN__act.json__plain.pdf", "KEN/act.json"),
        ("/x/legislation/IND/bns-2023.pdf", "IND/bns-2023.pdf"),
    ],
)
def test_doc_key(path: str, key: str) -> None:
    assert doc_key(path) == key


def test_perfect_predictions_score_one(tmp_path: Path) -> None:
    preds = [{"doc": g["doc"], "num": p["num"], "labels": p["labels"]} for g in GOLD for p in g["provisions"]]
    report = evaluate([_write(tmp_path)], preds, languages={})
    assert report["micro"]["f1"] == 1.0 and report["macro"]["f1"] == 1.0 and report["document"]["f1"] == 1.0


def test_cyber_only_semantics_count_unlisted_provisions_as_unlabelled(tmp_path: Path) -> None:
    preds = [
        {"doc": "AAA/act.json", "num": "2", "labels": ["offence.illegal_access"]},
        {"doc": "AAA/act.json", "num": "3", "labels": ["offence.illegal_interception"]},   # misses sanctions
        {"doc": "BBB/code.md", "num": "202 A", "labels": ["offence.illegal_access"]},     # normalised num
        {"doc": "BBB/code.md", "num": "263", "labels": ["offence.computer_fraud"]},       # unlisted: a false positive
    ]
    report = evaluate([_write(tmp_path)], preds, languages={"AAA/act.json": "en", "BBB/code.md": "de"})
    assert (report["micro"]["tp"], report["micro"]["fp"], report["micro"]["fn"]) == (3, 1, 1)
    assert report["per_language"]["de"]["fp"] == 1
    assert report["per_label"]["liability.sanctions"]["fn"] == 1
    assert report["per_group"]["offence"]["tp"] == 3


def test_figures_restricted_to_some_documents(tmp_path: Path) -> None:
    preds = [{"doc": "AAA/act.json", "num": "2", "labels": ["offence.illegal_access"]}]
    everything = evaluate([_write(tmp_path)], preds, languages={})
    assert everything["documents"] == 2 and everything["micro"]["fn"] == 3
    report = evaluate([_write(tmp_path)], preds, languages={}, docs=["AAA/act.json"])
    assert report["documents"] == 1 and (report["micro"]["tp"], report["micro"]["fn"]) == (1, 2)


def test_oracle_figures_leave_out_documents_without_canon_provisions(tmp_path: Path) -> None:
    # regression: the dev-gold documents with no canon text (eight PDFs) counted in the oracle
    # figures with every one of their labels missed
    from lexnlp_cyber.api import load_model
    from lexnlp_cyber.devgold import oracle_evaluation

    canon = tmp_path / "canon"
    canon.mkdir()
    (canon / "AAA__act.json.json").write_text(json.dumps({"lang": "en", "provisions": [
        {"num": "2", "heading": "Unauthorised access",
         "text": "Any person who accesses a computer system without authority commits an offence."}]}))
    report = oracle_evaluation(load_model(), [_write(tmp_path)], canon)
    assert report["documents"] == 1 and report["micro"]["fn"] < 3


def test_malformed_gold_is_a_coded_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "x", "coverage": "sometimes", "provisions": []}\n')
    with pytest.raises(DataError) as err:
        evaluate([bad], [])
    assert err.value.code == "E302"


def test_end_to_end_figures_from_one_segmentation_equal_those_segmenting_anew(tmp_path: Path) -> None:
    # scripts/compare_seeds.py segments the gold documents once and classifies copies with each model
    from lexnlp_cyber.api import load_model
    from lexnlp_cyber.devgold import end_to_end_evaluation, end_to_end_records, segment_gold_documents

    shared = tmp_path / "shared"
    (shared / "canon").mkdir(parents=True)
    (shared / "canon" / "AAA__act.json.txt").write_text(
        "Section 1. Short title\nThis Act may be cited as the Computer Offences Act.\n"
        "Section 2. Unauthorised access\nAny person who intentionally accesses a computer system without "
        "authority commits an offence.\n"
        "Section 3. Interception\nAny person who intercepts a transmission of computer data without right "
        "commits an offence and is liable to imprisonment for five years.\n", encoding="utf-8")
    gold = [_write(tmp_path)]
    model = load_model()
    documents = segment_gold_documents(gold, shared)
    assert list(documents) == ["AAA/act.json"]  # BBB/code.md has no source to read
    once = end_to_end_records(model, gold, shared, documents=documents)
    assert not any(unit.labels for unit in documents["AAA/act.json"].units())  # the given copy stays unlabelled
    assert once == end_to_end_records(model, gold, shared, documents=documents) == end_to_end_records(model, gold, shared)
    assert {r["num"] for r in once} == {"1", "2", "3"}
    report = end_to_end_evaluation(model, gold, shared, documents=documents)
    assert report["documents"] == 2 and report["micro"]["tp"] >= 1

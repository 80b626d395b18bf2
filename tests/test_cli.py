from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexnlp_cyber.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
CONTRACT = {"document", "eid", "num", "heading", "kind", "lang", "pages", "text", "children"}


@pytest.mark.parametrize("command", ["extract", "segment", "tag", "classify", "train", "evaluate", "corpus", "report"])
def test_every_command_has_help_with_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert "examples:" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["tag"], ["evaluate", "--pred", "x"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    assert main(argv) == 2


def test_extract_writes_the_body_text(tmp_path: Path) -> None:
    out = tmp_path / "act.txt"
    assert main(["extract", str(SAMPLES / "cyber-act-en.pdf"), "--out", str(out)]) == 0
    text = out.read_text()
    assert "Unauthorised entry into a computer system" in text
    assert "ESTRAVIA GAZETTE SUPPLEMENT" not in text  # the running header is furniture


def test_segment_writes_the_record_contract(tmp_path: Path) -> None:
    out = tmp_path / "seg.jsonl"
    assert main(["segment", str(SAMPLES / "code-penal-fr.txt"), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["num"] for r in records][:3] == ["410-1", "410-2", "410-3"]
    assert all(set(r) >= CONTRACT and "labels" not in r for r in records)
    assert records[0]["document"] == str(SAMPLES / "code-penal-fr.txt")


def test_tag_with_a_model_and_a_bad_input_exits_1_but_writes_the_rest(tmp_path: Path, tiny_model_dir: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    out = tmp_path / "tagged.jsonl"
    code = main(["tag", str(SAMPLES / "cyber-act-en.txt"), str(bad), "--model", str(tiny_model_dir),
                 "--trust-model", "--out", str(out)])
    assert code == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records and all(set(r) >= CONTRACT | {"labels", "scores"} for r in records)
    section3 = next(r for r in records if r["num"] == "3")
    assert max(section3["scores"], key=section3["scores"].get) == "offence.illegal_access"


def test_classify_records(tmp_path: Path, tiny_model_dir: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "A person who without right accesses a computer system "
                                                  "commits an offence.", "lang": "en"}) + "\nnot json\n")
    out = tmp_path / "out.jsonl"
    code = main(["classify", str(src), "--model", str(tiny_model_dir), "--trust-model", "--out", str(out)])
    assert code == 1  # the malformed line is reported, the good one still written
    record = json.loads(out.read_text().splitlines()[0])
    assert record["id"] == "a" and "offence.illegal_access" in record["labels"] and "scores" in record


def test_train_and_evaluate(tmp_path: Path, tiny_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", str(tiny_corpus), "--out", str(tmp_path / "m"), "--folds", "2", "--no-gold"]) == 0
    assert (tmp_path / "m" / "card.json").is_file()
    # the tiny corpus has no headings: the report says why there is no heading view
    assert "heading view: none (0 labelled entries with headings" in capsys.readouterr().out
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "AAA/a.txt", "coverage": "exhaustive",
                                "provisions": [{"num": "3", "labels": ["offence.illegal_access"]}]}) + "\n")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"document": "x/AAA/a.txt", "num": "3", "labels": ["offence.illegal_access"]}) + "\n")
    capsys.readouterr()
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred), "--json", str(tmp_path / "r.json")]) == 0
    assert "micro" in capsys.readouterr().out
    assert json.loads((tmp_path / "r.json").read_text())["micro"]["f1"] == 1.0


def test_corpus_stats(tiny_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "stats", str(tiny_corpus)]) == 0
    out = capsys.readouterr().out
    assert "offence.illegal_access" in out and "heading lists" not in out
    (tiny_corpus.parent / "stock.tsv").write_text("lang\tlabels\theading\nen\tjurisdiction\tJurisdiction\n"
                                                  "fr\t\tDu vol\nen\t\tShort title\n", encoding="utf-8")
    assert main(["corpus", "stats", str(tiny_corpus.parent)]) == 0
    assert "heading lists: 3 headings (2 unlabelled); en 2, fr 1" in capsys.readouterr().out


def test_readme_command_one_tags_the_samples_with_the_shipped_model(capsys: pytest.CaptureFixture[str]) -> None:
    """README line 1: `lexnlp-cyber tag corpus/samples/*.pdf --summary`."""
    readme = (ROOT / "README.md").read_text().splitlines()
    assert any("lexnlp-cyber tag corpus/samples/*.pdf --summary" in line for line in readme[:5])
    code = main(["tag", *sorted(str(p) for p in SAMPLES.glob("*.pdf")), "--summary"])
    out = capsys.readouterr().out
    assert code == 0
    assert "cyber-act-en.pdf" in out and "offence.illegal_access" in out


def test_the_french_sample_s_cyber_articles_all_carry_their_labels() -> None:
    # regression: a retrained model's threshold left the sample's device article ("un logiciel ou un mot de
    # passe conçu pour commettre…") unlabelled in README command 1's output
    import lexnlp_cyber as lc

    doc = lc.tag(str(SAMPLES / "code-penal-fr.pdf"))
    labels = {unit.num: unit.label_ids for unit in doc.units()}
    assert "offence.misuse_of_devices" in labels["410-4"]
    assert all(labels[num] for num in labels if num.startswith("410-"))
    assert not labels["411-1"] and not labels["411-2"]  # theft, commencement


def test_tag_samples_to_stdout_prints_contract_records(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tag", str(SAMPLES / "ley-es.pdf"), "--out", "-"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) >= 8 and all(set(r) >= CONTRACT | {"labels", "scores"} for r in records)


def test_evidence_spans_lead_back_to_the_provision_text_and_page(tiny_model_dir: Path) -> None:
    import lexnlp_cyber as lc

    doc = lc.tag(str(SAMPLES / "cyber-act-en.pdf"), model=lc.load_model(tiny_model_dir, trust=True))
    checked = 0
    for unit in doc.units():
        for label in unit.labels:
            for ev in label.evidence:
                # context (a heading, the neighbours) is not in the unit's text: an empty span
                assert unit.text[ev.start:ev.end] == ev.text or ev.kind == "context" and ev.start == ev.end == 0
                assert ev.page is not None and unit.pages[0] <= ev.page <= unit.pages[1]
                checked += 1
    assert checked


@pytest.mark.parametrize("extra, context", [([], True), (["--no-context"], False)])
def test_tag_reads_provisions_in_context_unless_told_not_to(capsys: pytest.CaptureFixture[str], extra: list[str],
                                                             context: bool) -> None:
    # the sample's articles 410-1 to 410-3 share their labels with their neighbours
    assert main(["tag", str(SAMPLES / "code-penal-fr.pdf"), "--evidence", "--out", "-", *extra]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    kinds = {e["kind"] for r in records for items in (r.get("evidence") or {}).values() for e in items}
    assert ("context" in kinds) is context and "cue" in kinds

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lexnlp_cyber import taxonomy
from lexnlp_cyber.corpus import read_corpus, stats, stats_table, validate
from lexnlp_cyber.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "corpus" / "train"


def _entry(**fields: object) -> str:
    base = {"id": "en-x-0001", "text": "A person who accesses a computer without right commits an offence.",
            "labels": ["offence.illegal_access"], "lang": "en", "tradition": "commonwealth-act", "unit": "section"}
    base.update(fields)
    return json.dumps(base)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([_entry(labels=["offence.hacking"])], "unknown labels"),
        ([_entry(), _entry()], "duplicate id"),
        ([_entry(), _entry(id="en-x-0002")], "exact duplicate"),
        ([_entry(subdivisions=[{"num": "(1)", "text": "x", "labels": ["jurisdiction"]}])], "miss subdivision labels"),
        ([_entry(text="  ")], "text is empty"),
    ],
)
def test_validate_reports_problems(tmp_path: Path, lines: list[str], message: str) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n")
    report = validate(read_corpus([path]), check_language=False)
    assert not report.ok and any(message in p.message for p in report.problems)


def test_near_duplicates_are_found(tmp_path: Path) -> None:
    text = ("Any person who, without lawful excuse, intentionally accesses the whole or any part of a computer "
            "system belonging to another person commits an offence and is liable to imprisonment.")
    path = tmp_path / "c.jsonl"
    path.write_text(_entry(text=text) + "\n" + _entry(id="en-x-0002", text=text.replace("another", "a third")) + "\n")
    assert any("near duplicate" in p.message for p in validate(read_corpus([path]), check_language=False).problems)


def test_malformed_line_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text("{not json\n")
    with pytest.raises(DataError) as err:
        read_corpus([path])
    assert err.value.code == "E300"


def test_the_team_corpus_is_valid_balanced_and_multilingual() -> None:
    entries = read_corpus([TRAIN])
    report = validate(entries, check_language=False, check_near_duplicates=False)
    assert report.ok, report.errors[:5]
    summary = stats(entries)
    assert len(summary["languages"]) >= 8
    negatives = sum(summary["negatives"].values())
    assert negatives / len(entries) >= 0.40
    for label in taxonomy.labels():
        counts = summary["table"][label]
        assert sum(counts.values()) >= 40, label
        assert sum(counts.values()) - counts.get("en", 0) >= 15, label
    assert "offence.illegal_access" in stats_table(summary)


def test_candidate_entries_are_valid_and_apart_from_the_training_corpus() -> None:
    # corpus/candidates holds audited entries measured and not (yet) trained on: they must be
    # ready to move into corpus/train, so valid, and with ids of their own
    candidates = read_corpus([ROOT / "corpus" / "candidates"])
    assert candidates
    report = validate(candidates, check_language=False, check_near_duplicates=False)
    assert report.ok, report.errors[:5]
    assert not {e.id for e in candidates} & {e.id for e in read_corpus([TRAIN])}


def test_the_corpus_does_not_repeat_real_law(shared: Path) -> None:
    result = subprocess.run([sys.executable, str(shared / "tools" / "check_overlap.py"), str(ROOT / "corpus")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:]

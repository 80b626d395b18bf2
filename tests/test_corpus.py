from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lexnlp_cyber import taxonomy
from lexnlp_cyber.corpus import read_corpus, read_headings, stats, stats_table, validate, validate_headings
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


HEADER = "lang\tlabels\theading\n"


def test_heading_lists_read_as_entries_without_text(tmp_path: Path) -> None:
    path = tmp_path / "stock.tsv"
    path.write_text(HEADER + "en\toffence.illegal_access\tIllegal access\n\n"
                    "fr\toffence.illegal_access,offence.data_interference\tAtteintes aux systèmes\n"
                    "en\t\tShort title\n", encoding="utf-8")
    entries = read_headings([tmp_path])
    assert [(e.lang, e.labels, e.heading, e.text) for e in entries] == [
        ("en", ["offence.illegal_access"], "Illegal access", ""),
        ("fr", ["offence.illegal_access", "offence.data_interference"], "Atteintes aux systèmes", ""),
        ("en", [], "Short title", "")]
    assert [e.line for e in entries] == [2, 4, 5] and len({e.id for e in entries}) == 3
    assert read_corpus([tmp_path]) == []  # heading lists are no entries of the main model
    assert validate_headings(entries).ok


@pytest.mark.parametrize(
    ("content", "line", "kept"),
    [
        ("labels\theading\nen\tx\n", 1, 0),                             # not the header of a heading list
        (HEADER + "en\toffence.illegal_access\n", 2, 0),                  # a cell missing
        (HEADER + "en\tjurisdiction\tJurisdiction\textra\n", 2, 0),      # a cell too many
        (HEADER + "en\tdefinitions\tDefinitions\n\tjurisdiction\tJurisdiction\n", 3, 1),  # no language
        (HEADER + "en\tjurisdiction\t  \n", 2, 0),                       # no heading
    ],
)
def test_malformed_heading_lists_are_coded_errors(tmp_path: Path, content: str, line: int, kept: int) -> None:
    path = tmp_path / "stock.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_headings([path])
    assert err.value.code == "E301" and f"Line {line} " in str(err.value)
    assert len(read_headings([path], strict=False)) == kept  # not strict: bad lines skipped


@pytest.mark.parametrize(
    ("rows", "message", "severity"),
    [
        (["en\toffence.hacking\tHacking"], "unknown labels", "error"),
        (["english\tjurisdiction\tJurisdiction"], "not an ISO 639 code", "error"),
        (["en\tjurisdiction\tJurisdiction", "en\tjurisdiction\tJurisdiction."], "duplicate of", "warning"),
    ],
)
def test_validate_reports_heading_list_problems(tmp_path: Path, rows: list[str], message: str,
                                                severity: str) -> None:
    path = tmp_path / "stock.tsv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    report = validate_headings(read_headings([path]))
    assert [(p.severity, message in p.message) for p in report.problems] == [(severity, True)]


def test_corpus_validate_checks_heading_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from lexnlp_cyber.cli import main

    (tmp_path / "c.jsonl").write_text(_entry() + "\n", encoding="utf-8")
    (tmp_path / "stock.tsv").write_text(HEADER + "en\tjurisdiction\tJurisdiction\n", encoding="utf-8")
    assert main(["corpus", "validate", str(tmp_path), "--no-language-check"]) == 0
    assert "1 entries, 1 listed headings, 0 errors" in capsys.readouterr().out
    (tmp_path / "stock.tsv").write_text(HEADER + "en\tjurisdiction\n", encoding="utf-8")
    assert main(["corpus", "validate", str(tmp_path), "--no-language-check"]) == 1
    assert "E301" in capsys.readouterr().out


def test_the_team_corpus_is_valid_balanced_and_multilingual() -> None:
    entries = read_corpus([TRAIN])
    report = validate(entries, check_language=False, check_near_duplicates=False)
    assert report.ok, report.errors[:5]
    summary = stats(entries)
    assert len(summary["languages"]) >= 8
    negatives = sum(summary["negatives"].values())
    # about two in five are negatives (39.8% since the assistance round, whose contrasts are
    # mostly domestic powers with labels of their own): a corpus drifting towards positives only
    # would teach every provision to carry a label (80 negatives more, corpus/candidates/negatives,
    # gained nothing on the dev gold: the share is a floor against drift, not a target)
    assert negatives / len(entries) >= 0.39
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


def test_the_team_heading_lists_are_valid_and_cover_every_label() -> None:
    listed = read_headings([TRAIN])
    assert validate_headings(listed).ok
    langs_of: dict[str, set[str]] = {label: set() for label in taxonomy.labels()}
    for e in listed:
        for label in e.labels:
            langs_of[label].add(e.lang)
    assert len({e.lang for e in listed}) >= 10
    assert all(len(langs) >= 10 for langs in langs_of.values()), {k: len(v) for k, v in langs_of.items()}
    assert sum(1 for e in listed if not e.labels) >= 500  # unlabelled headings teach what is no category


def _words(heading: str) -> str:
    return re.sub(r"[\W_]+", " ", heading.lower()).strip()


def _is_long(heading: str) -> bool:
    """More than a stock category name: over 3 words, or 8 characters of Chinese or Japanese."""
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", heading):
        return len(_words(heading).replace(" ", "")) > 8
    return len(heading.split()) > 3


def test_heading_lists_keep_apart_from_real_headings(shared: Path) -> None:
    # stock names of categories ("Illegal access", "Datenveränderung") are terminology; a longer heading
    # equal to a real law's heading follows that law's wording (corpus/README.md, heading lists)
    real = {_words(p["heading"]) for path in (shared / "canon").glob("*.json")
            for p in json.loads(path.read_text(encoding="utf-8")).get("provisions", []) if p.get("heading")}
    long = [e.heading for e in read_headings([TRAIN]) if e.heading and _words(e.heading) in real and _is_long(e.heading)]
    assert not long, long[:10]


def test_the_corpus_does_not_repeat_real_law(shared: Path) -> None:
    result = subprocess.run([sys.executable, str(shared / "tools" / "check_overlap.py"), str(ROOT / "corpus")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:]

"""The heading view: a second model that reads a provision's own heading."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lexnlp_cyber import classify, load_model
from lexnlp_cyber.classify.train import train
from tests.conftest import TINY_CORPUS

# The tiny corpus with a heading on each entry, in the order of TINY_CORPUS.
HEADINGS = ["Unauthorised access", "Access to computers", "Unlawful log-in", "Interception of data",
            "Capture of transmissions", "Recording of transmissions", "Search and seizure of computer data",
            "Execution of search warrant", "Seizure of storage media", "Short title", "Theft of bicycles",
            "Fishing licences", "Attendance of witnesses", "Forgery of deeds", "Accès frauduleux", "Vol"]
NEUTRAL = "An officer may apply in writing to a judge."


@pytest.fixture(scope="module")
def headed_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("headed")
    with open(folder / "headed.jsonl", "w", encoding="utf-8") as handle:
        for i, ((lang, text, labels), heading) in enumerate(zip(TINY_CORPUS, HEADINGS)):
            handle.write(json.dumps({"id": f"{lang}-h-{i:04d}", "heading": heading, "text": text, "labels": labels,
                                     "lang": lang, "tradition": "commonwealth-act", "unit": "section"}) + "\n")
    train([folder / "headed.jsonl"], folder / "model", config={"folds": 2})
    return folder / "model"


def _score(model: object, heading: str | None, label: str = "procedure.search_seizure") -> float:
    pred = model.predict([NEUTRAL], ["en"], evidence=False, headings=[heading])[0]  # type: ignore[attr-defined]
    return float(pred.scores[label])


@pytest.mark.parametrize("heading, raises", [
    ("Search and seizure of computer data", True),   # the heading names the power
    ("Seizure of storage media", True),
    (None, False),                                   # no heading: the text alone
    ("I.", False),                                   # a paragraph number is no heading
    ("(a)", False),
    ("12", False),
])
def test_the_heading_view_reads_a_provisions_own_heading(headed_model_dir: Path, heading: str | None,
                                                         raises: bool) -> None:
    model = load_model(headed_model_dir, trust=True)
    alone = _score(model, None)
    assert (_score(model, heading) > alone + 0.05) is raises
    if not raises:
        assert _score(model, heading) == alone


@pytest.mark.parametrize(("heading", "bare"), [
    ("（国民の国外犯）", "国民の国外犯"),       # Japanese statutes print every heading in brackets
    ("(Search and seizure of computer data)", "Search and seizure of computer data"),
    ("【Interception】", "Interception"),
    ("Jurisdiction (courts)", "Jurisdiction (courts)"),  # brackets inside a heading stay
    ("()", "()"),
])
def test_the_heading_view_reads_a_heading_inside_its_brackets(headed_model_dir: Path, heading: str,
                                                              bare: str) -> None:
    # regression: '（国民の国外犯）' scored 0.15 for jurisdiction and '国民の国外犯' 0.87, the
    # brackets' character n-grams outweighing the words of a heading
    from lexnlp_cyber.classify.model import bare_heading

    assert bare_heading(heading) == bare
    model = load_model(headed_model_dir, trust=True)
    assert _score(model, heading) == _score(model, bare)


def test_the_heading_is_evidence_with_its_span(headed_model_dir: Path) -> None:
    model = load_model(headed_model_dir, trust=True)
    j = model.labels.index("procedure.search_seizure")
    model.thresholds = np.where(np.arange(len(model.labels)) == j, 0.01, 1.1)
    text = f"Search and seizure of computer data\n{NEUTRAL}"
    pred = model.predict([text], ["en"], headings=["Search and seizure of computer data"])[0]
    assert pred.ids == ["procedure.search_seizure"]
    heading = [e for e in pred.labels[0].evidence if e.kind == "heading"]
    assert [(e.text, e.start, e.end) for e in heading] == [("Search and seizure of computer data", 0, 35)]
    assert heading[0].weight > 0


def test_the_heading_view_is_saved_and_reported(headed_model_dir: Path, tmp_path: Path) -> None:
    model = load_model(headed_model_dir, trust=True)
    assert model.heading_view is not None
    assert model.card["metrics"]["heading_view_cv"]["entries"] == len(HEADINGS)
    before = _score(model, "Search and seizure of computer data")
    model.save(tmp_path / "copy")
    assert _score(load_model(tmp_path / "copy", trust=True), "Search and seizure of computer data") == before
    assert "heading view" in (tmp_path / "copy" / "README.md").read_text(encoding="utf-8")


def test_a_corpus_without_headings_trains_without_heading_view(tiny_model_dir: Path) -> None:
    model = load_model(tiny_model_dir, trust=True)
    assert model.heading_view is None
    assert "skipped" in model.card["metrics"]["heading_view_cv"]
    # headings are then ignored, not an error
    assert _score(model, "Search and seizure of computer data") == _score(model, None)


def test_heading_lists_train_the_heading_view(tmp_path: Path, tiny_model_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # the tiny corpus has no headings (no heading view); a heading list beside it gives it one,
    # which reads stock headings the entries never had
    from lexnlp_cyber.cli import main
    from tests.conftest import write_tiny_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_tiny_corpus(corpus / "tiny.jsonl")
    rows = [("offence.illegal_access", h) for h in ("Illegal access", "Unauthorised access to a computer",
                                                     "Hacking", "Unlawful access to computer systems")]
    rows += [("procedure.search_seizure", h) for h in ("Search and seizure", "Search warrants",
                                                       "Seizure of stored computer data", "Search of premises")]
    rows += [("offence.illegal_interception", h) for h in ("Illegal interception", "Interception of transmissions")]
    rows += [("", h) for h in ("Short title", "Commencement", "Theft", "Bail", "Witnesses", "Marriage")]
    (corpus / "stock.tsv").write_text("lang\tlabels\theading\n" + "".join(f"en\t{labs}\t{h}\n" for labs, h in rows),
                                      encoding="utf-8")
    assert main(["train", str(corpus), "--out", str(tmp_path / "m"), "--folds", "2", "--no-gold"]) == 0
    assert "heading view: 0 headings and 16 from heading lists" in capsys.readouterr().out
    model = load_model(tmp_path / "m", trust=True)
    assert model.heading_view is not None and model.card["corpus"]["listed_headings"] == 16
    assert model.card["corpus"]["sha256"] != load_model(tiny_model_dir, trust=True).card["corpus"]["sha256"]
    gain = _score(model, "Unauthorised access", "offence.illegal_access") - _score(model, None, "offence.illegal_access")
    assert gain > 0.1
    without = train([corpus], tmp_path / "without", config={"folds": 2, "heading_lists": False})
    assert without.heading_view is None and without.card["corpus"]["listed_headings"] == 0


def test_classify_records_take_an_optional_heading(headed_model_dir: Path) -> None:
    records = [{"id": "a", "text": NEUTRAL, "lang": "en"},
               {"id": "b", "text": NEUTRAL, "lang": "en", "heading": "Search and seizure of computer data"}]
    out = classify(records, model=str(headed_model_dir))
    assert [r["id"] for r in out] == ["a", "b"]
    assert out[1]["scores"]["procedure.search_seizure"] > out[0]["scores"]["procedure.search_seizure"] + 0.05


@pytest.mark.parametrize("text, heading", [
    ("Search and seizure of computer data\nAn officer may apply to a judge.", "Search and seizure of computer data"),
    ("An officer may apply to a judge.", None),                                   # one line: no heading
    ("An officer may apply to a judge:\n(a) in writing.", None),                  # a colon opens a list
    ("The officer, having obtained the leave of the court, may then apply to a judge in writing or orally for "
     "a warrant\nto search.", None),                                              # too long for a heading
    ("  Interpretation  \n\nIn this Act…", "Interpretation"),
])
def test_a_short_first_line_is_a_texts_heading(text: str, heading: str | None) -> None:
    from lexnlp_cyber.api import leading_heading

    assert leading_heading(text) == heading


def test_classify_reads_the_heading_a_text_opens_with(headed_model_dir: Path) -> None:
    model = load_model(headed_model_dir, trust=True)
    j = model.labels.index("procedure.search_seizure")
    model.thresholds = np.where(np.arange(len(model.labels)) == j, 0.01, 1.1)
    labels = classify(f"Search and seizure of computer data\n{NEUTRAL}", model=model, lang="en")
    assert [e.kind for e in labels[0].evidence if e.kind == "heading"] == ["heading"]
    assert classify([{"id": "x", "text": f"Search and seizure of computer data\n{NEUTRAL}", "lang": "en"}],
                    model=model)[0]["scores"]["procedure.search_seizure"] == labels[0].score


def test_train_reports_the_heading_view(headed_model_dir: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from lexnlp_cyber.cli import main

    corpus = headed_model_dir.parent / "headed.jsonl"
    assert main(["train", str(corpus), "--out", str(tmp_path / "m"), "--folds", "2", "--no-gold"]) == 0
    assert f"heading view: {len(HEADINGS)} headings, cross-validated top-label accuracy" in capsys.readouterr().out


@pytest.fixture(scope="module")
def headed_words_only_dir(headed_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("words-only") / "model"
    train([headed_model_dir.parent / "headed.jsonl"], out, config={"folds": 2, "heading_view_char": False})
    return out


@pytest.mark.parametrize("heading, label", [
    ("Unauthorisedaccess", "offence.illegal_access"),          # a compound of words the headings hold
    ("Reinterception of transmission", "offence.illegal_interception"),  # a prefixed form
    ("Accès frauduleuse", "offence.illegal_access"),          # another inflection
])
def test_the_heading_view_reads_character_ngrams(headed_model_dir: Path, headed_words_only_dir: Path,
                                                 heading: str, label: str) -> None:
    model = load_model(headed_model_dir, trust=True)
    assert model.heading_view is not None and model.heading_view.featurizer.n_char > 0
    words_only = load_model(headed_words_only_dir, trust=True)
    assert words_only.heading_view is not None and words_only.heading_view.featurizer.n_char == 0
    gain = _score(model, heading, label) - _score(model, None, label)
    assert gain > 0.1
    assert gain > 2 * (_score(words_only, heading, label) - _score(words_only, None, label))

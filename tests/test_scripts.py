"""Scripts that tests can call through their ``main(argv)``."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _entry(entry_id: str, text: str) -> str:
    return json.dumps({"id": entry_id, "text": text, "labels": [], "lang": "en", "tradition": "other",
                       "unit": "section"})


def test_screen_ranks_a_reworded_copy_above_original_text(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    real = ("A person who, without lawful excuse, knowingly causes a computer to perform any function "
            "with intent to secure access to any program or data held in that computer commits an offence.")
    canon = tmp_path / "shared" / "canon"
    canon.mkdir(parents=True)
    (canon / "XYZ__misuse-act.json").write_text(json.dumps(
        {"lang": "en", "provisions": [{"num": "3", "text": real},
                                      {"num": "4", "text": "The Minister may make regulations " * 5}]}))
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join([
        _entry("en-x-0001", "Any person who knowingly, without lawful excuse, causes a computer to perform a "
                            "function intending to secure access to a program or data held in it commits an offence."),
        _entry("en-x-0002", "The harbour master shall keep a register of every vessel that moors in the port."),
    ]) + "\n")
    screen = _script("screen_corpus")
    pairs = screen.screen([corpus], canon)
    assert [p[1] for p in pairs][0] == "en-x-0001"
    assert pairs[0][2:] == ("XYZ/misuse-act", "3") and pairs[0][0] > 0.5 > pairs[-1][0]
    assert screen.main([str(corpus), "--shared", str(tmp_path / "shared"), "--min", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "en-x-0001" in out and "en-x-0002" not in out and "lawful excuse" not in out  # ids, never real text
    assert screen.main([str(corpus), "--shared", str(tmp_path / "none")]) == 2


def test_the_shipped_lam_alef_table_is_the_one_the_corpus_builds() -> None:
    # scripts/build_lam_alef_words.py rebuilds it; a corpus change that adds Arabic words needs a rebuild
    import json

    build = _script("build_lam_alef_words")
    shipped = json.loads(build.OUT.read_text(encoding="utf-8"))["words"]
    assert build.pairs(build.vocabulary(ROOT / "corpus" / "train")) == shipped


def test_the_probe_set_holds_two_probes_per_label_and_language() -> None:
    from collections import Counter

    from lexnlp_cyber import taxonomy
    from lexnlp_cyber.classify.cues import lexicon

    probes = _script("probe_classify").read_probes()
    assert len({p["id"] for p in probes}) == len(probes)
    assert {p["label"] for p in probes} <= set(taxonomy.labels())
    assert {p["lang"] for p in probes} <= set(lexicon())
    per = Counter((p["lang"], p["label"]) for p in probes)
    assert len({lang for lang, _ in per}) >= 10
    assert set(per.values()) == {2}
    assert all(p["text"].strip() and p["style"].strip() for p in probes)


def test_probe_classify_reports_what_the_model_recognises(capsys: pytest.CaptureFixture[str]) -> None:
    script = _script("probe_classify")
    assert script.main(["--lang", "en", "--misses"]) == 0
    out = capsys.readouterr().out.splitlines()
    hits, total = (int(n) for n in out[0].split(": ")[1].split(" (")[0].split(" / "))
    assert total == 50
    assert out[1] == f"by lang: en {hits}/50"
    misses = [line for line in out[3:] if line.startswith("probe-en-")]
    assert len(misses) == total - hits  # one line per probe missed, with its score and concepts
    assert all("\tconcepts " in line for line in misses)


def test_the_shipped_model_recognises_most_probes() -> None:
    # a floor under the shipped model's probe recall (2026-12-01: see corpus/probes/README.md), so that a
    # model or cue change that loses ordinary wording across the board is seen
    script = _script("probe_classify")
    from lexnlp_cyber.api import load_model

    rows = script.probe(load_model(), script.read_probes())
    assert sum(r["label"] in r["got"] for r in rows) / len(rows) >= 0.5
    for lang, (hits, n) in script.recall(rows, "lang").items():
        assert hits / n >= 0.35, lang

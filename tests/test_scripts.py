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


@pytest.mark.parametrize(("base", "variant", "verdict"), [
    # higher on every seed by more than half the baseline's spread
    ([0.670, 0.672, 0.668], [0.675, 0.676, 0.674], "better"),
    ([0.670, 0.672, 0.668], [0.665, 0.669, 0.660], "worse"),
    # higher on every seed, but by less than half the spread (0.010)
    ([0.670, 0.680, 0.675], [0.671, 0.681, 0.676], "within the seeds' spread"),
    # a large mean carried by one seed
    ([0.670, 0.672, 0.668], [0.690, 0.671, 0.669], "within the seeds' spread"),
])
def test_compare_seeds_calls_a_change_only_when_every_seed_agrees(base: list[float], variant: list[float],
                                                                  verdict: str) -> None:
    compare = _script("compare_seeds")
    def figures(micro: float) -> dict[str, float]:
        return {"micro_f1": micro, "macro_f1": micro, "document_f1": float("nan")}

    summary = compare.summarise([figures(x) for x in base], [figures(x) for x in variant], [0, 1, 2])
    assert summary["micro_f1"]["verdict"] == verdict
    assert summary["micro_f1"]["mean_difference"] == pytest.approx(sum(variant) / 3 - sum(base) / 3)
    assert "document_f1" not in summary  # not measured: no verdict on it


def test_compare_seeds_trains_both_setups_on_each_seed(tiny_corpus: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    compare = _script("compare_seeds")
    extra = tmp_path / "extra.jsonl"
    extra.write_text("\n".join(json.dumps({"id": f"en-z-{i:04d}", "text": text, "labels": labels, "lang": "en",
                                           "tradition": "other", "unit": "section"}) for i, (text, labels) in enumerate([
        ("A person who without authority enters any computer network commits an offence.", ["offence.illegal_access"]),
        ("The harbour master shall keep a register of vessels moored in the port.", []),
    ])) + "\n")
    out = tmp_path / "cmp.json"
    argv = ["--base", str(tiny_corpus), "--variant", str(tiny_corpus), str(extra), "--base-config", '{"folds": 2}',
            "--seeds", "0", "1", "--cv", "--json", str(out)]
    assert compare.main(argv) == 0
    printed = capsys.readouterr().out
    assert "cross-validation" in printed and "mean" in printed and "higher on" in printed
    report = json.loads(out.read_text())
    assert len(report["base"]) == len(report["variant"]) == 2 and report["summary"]["seeds"] == [0, 1]
    assert all(0.0 <= row["micro_f1"] <= 1.0 for row in report["base"] + report["variant"])
    # a second variant against the same baseline reuses its figures rather than training it again
    again = tmp_path / "again.json"
    assert compare.main([*argv[:-1], str(again), "--variant-config", '{"folds": 3}', "--base-figures", str(out)]) == 0
    assert json.loads(again.read_text())["base"] == report["base"]
    assert compare.main([*argv[:-1], str(again), "--seeds", "0", "--base-figures", str(out)]) == 2  # other seeds
    assert compare.main([*argv[:-1], str(again), "--base-figures", str(tmp_path / "none.json")]) == 2
    # the same corpus and options on both sides compare nothing; options must be JSON
    assert compare.main(["--base", str(tiny_corpus)]) == 2
    # unless the baseline's figures are an earlier run's: then they measure a change of code or data
    same = tmp_path / "same.json"
    assert compare.main(["--base", str(tiny_corpus), "--base-config", '{"folds": 2}', "--seeds", "0", "1", "--cv",
                         "--base-figures", str(out), "--json", str(same)]) == 0
    assert json.loads(same.read_text())["variant"] == report["base"]  # nothing changed since: the same figures
    assert compare.main(["--base", str(tiny_corpus), "--variant-config", "{folds: 2}"]) == 2

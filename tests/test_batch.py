"""Batch runs: outputs, failures with codes, limits, manifest and resume, kill -9, Dask."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from lexnlp_cyber.batch import BatchOptions, run_batch
from lexnlp_cyber.batch import runner as batch_runner
from lexnlp_cyber.batch import worker as batch_worker
from lexnlp_cyber.cli import main
from lexnlp_cyber.errors import BatchError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
MINI_CORPUS = ROOT / "tests" / "fixtures" / "batch" / "mini-corpus.jsonl"
EXPORTS = ["provisions.jsonl", "provisions.csv", "report.html", "coverage.csv", "coverage.json", "failures.jsonl"]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small model trained on the fixture corpus (the shipped one may not exist yet)."""
    from lexnlp_cyber.classify.train import train

    out = tmp_path_factory.mktemp("model")
    train([MINI_CORPUS], out, config={"folds": 2})
    return str(out)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small repository: the text samples under country folders, variants, and broken files."""
    root = tmp_path_factory.mktemp("repo")
    for country, name in (("FRA", "code-penal-fr.txt"), ("ESP", "ley-es.txt"), ("GBR", "cyber-act-en.txt")):
        (root / country).mkdir()
        shutil.copy(SAMPLES / name, root / country / name)
    text = (SAMPLES / "cyber-act-en.txt").read_text(encoding="utf-8")
    # Same bytes at another path: one document, processed once.
    shutil.copy(SAMPLES / "cyber-act-en.txt", root / "copy-of-act.txt")
    (root / "odd name <&> ü.txt").write_text(text + "\n<script>alert(1)</script>\n", encoding="utf-8")
    (root / "broken.pdf").write_bytes(b"this is not a PDF at all\n")
    (root / "truncated.pdf").write_bytes((SAMPLES / "ley-es.pdf").read_bytes()[:300])
    return root


def _inputs(root: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*") if p.is_file())


def _options(model_dir: str, **extra: Any) -> BatchOptions:
    return BatchOptions(model=model_dir, trust_model=True, progress=False, **extra)


def _records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "provisions.jsonl").read_text(encoding="utf-8").splitlines()]


def test_batch_outputs_failures_and_resume(model_dir: str, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_batch(_inputs(repo), str(out), _options(model_dir))
    assert len(result.done) == 4 and len(result.failed) == 2 and len(result.duplicates) == 1
    assert {f["code"] for f in result.failed} <= {"E010", "E011", "E013", "E018"}
    failures = [json.loads(x) for x in (out / "failures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(f["document"]).name for f in failures) == ["broken.pdf", "truncated.pdf"]
    assert all(f["message"].startswith(f"[{f['code']}]") for f in failures)
    for name in EXPORTS + ["manifest.json"]:
        assert (out / name).is_file(), name
    assert len(list((out / "docs").glob("*.json"))) == 4 and len(list((out / "akn").glob("*.xml"))) == 4
    documents = [r["document"] for r in _records(out)]
    assert len(set(documents)) == 4
    # Every file name stays inside the output directory and is portable.
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    assert all(all(c.isalnum() or c in "._-" for c in p.name) for p in (out / "docs").iterdir())
    before = {name: (out / name).read_bytes() for name in EXPORTS}
    again = run_batch(_inputs(repo), str(out), _options(model_dir))
    assert again.done == [] and len(again.skipped) == 4 and len(again.failed) == 2
    assert batch_runner.PARSED == []  # the manifest settled every finished document: no JSON parsed
    assert {name: (out / name).read_bytes() for name in EXPORTS} == before


def test_rerun_trusts_the_manifest_and_parses_only_where_it_disagrees(model_dir: str, repo: Path,
                                                                      tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from lexnlp_cyber.batch import exports as batch_exports

    out = tmp_path / "o"
    paths = [str(repo / "ESP" / "ley-es.txt"), str(repo / "GBR" / "cyber-act-en.txt")]
    run_batch(paths, str(out), _options(model_dir))
    # A finished repository rerun: nothing parsed, the exports kept as they are.
    written: list[int] = []
    real = batch_exports.write_exports
    monkeypatch.setattr(batch_exports, "write_exports", lambda *a: (written.append(1), real(*a)))
    assert run_batch(paths, str(out), _options(model_dir)).skipped == paths
    assert batch_runner.PARSED == [] and written == []
    metadata = tmp_path / "meta.csv"  # other export options: the exports are rewritten, nothing re-tagged
    metadata.write_text("path,country,date\nley-es.txt,ESP,2010-06-22\n", encoding="utf-8")
    assert run_batch(paths, str(out), _options(model_dir, metadata=str(metadata))).done == []
    assert written == [1] and 'name="metadata"' in next((out / "akn").glob("ley-es-*.xml")).read_text()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["entries"]
    sha_es = next(k for k, e in entries.items() if e["path"] == paths[0])
    sha_en = next(k for k, e in entries.items() if e["path"] == paths[1])
    # A kill -9 after the rename of docs/<stem>.json but before the manifest save: a file without an entry.
    del entries[sha_es]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    again = run_batch(paths, str(out), _options(model_dir))
    assert batch_runner.PARSED == [paths[0]] and again.done == [] and len(again.skipped) == 2
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["entries"][sha_es]["status"] == "done"
    # An entry whose file is gone: the document runs again.
    (out / "docs" / f"{entries[sha_en]['stem']}.json").unlink()
    third = run_batch(paths, str(out), _options(model_dir))
    assert third.done == [paths[1]] and batch_runner.PARSED == []
    # A file made by another run key, with no entry: parsed, found stale, redone.
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stem_es = manifest["entries"].pop(sha_es)["stem"]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    es_doc = out / "docs" / f"{stem_es}.json"
    stale = json.loads(es_doc.read_text(encoding="utf-8"))
    stale["metadata"]["batch"]["key"] = "another-run"
    es_doc.write_text(json.dumps(stale), encoding="utf-8")
    fourth = run_batch(paths, str(out), _options(model_dir))
    assert fourth.done == [paths[0]] and batch_runner.PARSED == [paths[0]]


def test_cli_batch_exit_code_and_plain_progress(model_dir: str, repo: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["tag", str(repo / "GBR"), str(repo / "broken.pdf"), "--out", str(tmp_path / "o"),
                 "--model", model_dir, "--trust-model"])
    assert code == 1
    err = capsys.readouterr().err
    assert "[2/2]" in err and "pages/s" in err and "ETA" in err and "failures 1" in err
    assert main(["tag", str(repo / "GBR"), "--out", str(tmp_path / "o2"), "--model", model_dir,
                 "--trust-model"]) == 0


def test_manifest_refuses_other_options_unless_forced(model_dir: str, repo: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "o")
    paths = [str(repo / "ESP" / "ley-es.txt")]
    run_batch(paths, out, _options(model_dir))
    with pytest.raises(BatchError, match=r"^\[E400\]"):
        run_batch(paths, out, _options(model_dir, lang="es"))
    with pytest.raises(BatchError, match=r"^\[E400\]"):  # scores without context are other results
        run_batch(paths, out, _options(model_dir, context=False))
    result = run_batch(paths, out, _options(model_dir, lang="es", force=True))
    assert len(result.done) == 1


def _hang(task: dict[str, Any], model: Any) -> dict[str, Any]:
    time.sleep(60)
    return {}


def _balloon(task: dict[str, Any], model: Any) -> dict[str, Any]:
    blocks = []
    for _ in range(200):
        blocks.append(bytearray(20 * 1024 * 1024))
        time.sleep(0.01)
    return {}


def _crash(task: dict[str, Any], model: Any) -> dict[str, Any]:
    os.kill(os.getpid(), signal.SIGKILL)
    return {}


@pytest.mark.parametrize(("body", "limits", "code"), [
    (_hang, {"doc_timeout": 1.0}, "E402"),
    (_balloon, {"max_memory_mb": 600}, "E401"),
    (_crash, {}, "E404"),
])
def test_limits_and_crashes_become_failure_records(model_dir: str, repo: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, body: Any,
                                                   limits: dict[str, Any], code: str) -> None:
    # The forked child inherits the patched function; the worker survives and records the failure.
    monkeypatch.setattr(batch_worker, "_tag_and_write", body)
    out = tmp_path / "o"
    result = run_batch([str(repo / "ESP" / "ley-es.txt")], str(out), _options(model_dir, **limits))
    assert [f["code"] for f in result.failed] == [code]
    assert json.loads((out / "failures.jsonl").read_text(encoding="utf-8"))["code"] == code


@pytest.mark.slow
def test_kill_9_then_resume_gives_every_document_once(model_dir: str, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "killed"
    inputs = [str(repo / c / n) for c, n in (("FRA", "code-penal-fr.txt"), ("ESP", "ley-es.txt"),
                                             ("GBR", "cyber-act-en.txt"))] + [str(repo / "odd name <&> ü.txt")]
    command = [sys.executable, "-m", "lexnlp_cyber.cli", "tag", *inputs, "--out", str(out), "--model",
               model_dir, "--trust-model"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("docs/*.json")):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its forked children, mid-run
    proc.wait()
    assert subprocess.run(command, env=env, stderr=subprocess.DEVNULL).returncode == 0
    clean = tmp_path / "clean"
    run_batch(inputs, str(clean), _options(model_dir))
    for name in ("provisions.jsonl", "provisions.csv", "coverage.json"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    assert not list(out.rglob("*.tmp"))


@pytest.mark.slow
def test_dask_local_cluster_matches_local_run(model_dir: str, repo: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    inputs = _inputs(repo)
    local, remote = tmp_path / "local", tmp_path / "dask"
    run_batch(inputs, str(local), _options(model_dir, workers=1))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        result = run_batch(inputs, str(remote), _options(model_dir, backend="dask",
                                                         scheduler=cluster.scheduler_address))
    assert len(result.done) == 4 and len(result.failed) == 2
    for name in EXPORTS:
        assert (local / name).read_bytes() == (remote / name).read_bytes(), name
    for folder in ("docs", "akn"):
        files = sorted(p.name for p in (local / folder).iterdir())
        assert files == sorted(p.name for p in (remote / folder).iterdir())
        assert all((local / folder / f).read_bytes() == (remote / folder / f).read_bytes() for f in files)

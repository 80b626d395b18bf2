"""The HTML report: escaping, highlighting, heat-maps, filters; and what a person sees in Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_export import sample_document

from lexnlp_cyber.export.jsonl import document_records
from lexnlp_cyber.export.report import (
    from_document,
    highlight,
    render_report,
    render_report_from_jsonl,
    report_html,
    short_names,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.parametrize(("text", "evidence", "expected"), [
    ("a <b> c", None, "a &lt;b&gt; c"),
    ("hack the computer", {"x": [{"start": 9, "end": 17, "concept": "computer"}]},
     'hack the <mark class="cue" title="x: computer">computer</mark>'),
    ("abcdef", {"x": [{"start": 1, "end": 3}], "y": [{"start": 2, "end": 5, "kind": "ngram"}]},
     'a<mark class="cue" title="x; y: ngram">bcde</mark>f'),
    ("abcdef", {"y": [{"start": 2, "end": 5, "kind": "ngram"}]}, 'ab<mark class="ng" title="y: ngram">cde</mark>f'),
    ("abc", {"x": [{"start": 2, "end": 99}]}, "abc"),  # out-of-range spans are ignored, not trusted
    ("<script>", {"x": [{"start": 0, "end": 8}]}, '<mark class="cue" title="x">&lt;script&gt;</mark>'),
])
def test_highlight_escapes_and_marks(text: str, evidence: dict | None, expected: str) -> None:
    assert highlight(text, evidence) == expected


def test_report_escapes_law_text_and_names_and_is_self_contained(tmp_path: Path) -> None:
    doc = sample_document("laws/DEU/<img src=x onerror=alert(1)>.txt")
    page = report_html([from_document(doc)])
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>&</b>" not in page and "Access &lt;b&gt;&amp;&lt;/b&gt;" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # no CDN, no network
    assert 'id="heat-docs"' in page and 'id="heat-countries"' in page and 'id="coverage"' in page
    assert '<mark class="cue" title="offence.illegal_access: computer_system">computer system</mark>' in page
    for select in ("f-label", "f-group", "f-country"):
        assert f'id="{select}"' in page


def test_report_from_jsonl_records(tmp_path: Path) -> None:
    import json

    records = document_records(sample_document(), labels=True, evidence=True, document="x/FRA/a.txt")
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = render_report_from_jsonl([str(jsonl)], tmp_path / "r.html")
    page = out.read_text(encoding="utf-8")
    assert "x/FRA/a.txt" in page and '<option value="FRA">FRA</option>' in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_report_in_headless_chromium(tmp_path: Path) -> None:
    docs = [sample_document("laws/DEU/stgb.txt"), sample_document("laws/FRA/code-penal.txt")]
    assert CHROMIUM is not None
    report = render_report(docs, tmp_path / "report.html")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}"]
    url = report.resolve().as_uri()
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    # The heat-map: one row per document, a filled cell for the label, visible after the script ran.
    table = re.search(r'<table class="hm" id="heat-docs".*?</table>', dom, re.S)
    assert table is not None
    assert table.group(0).count('<tr data-country=') == 2
    assert re.search(r'<td class="cell on" data-label="offence.illegal_access"[^>]*>1</td>', table.group(0))
    assert 'class="hidden"' not in table.group(0)  # nothing filtered out by default
    # One provision's tags, as a person reads them.
    provision = re.search(r'<div class="prov" id="d1-p1".*?</div></div>', dom, re.S)
    assert provision is not None and "offence.illegal_access<b>0.91</b>" in provision.group(0)
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *flags, "--window-size=1280,1600", f"--screenshot={shot}", url],
                   capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 10_000
    keep = os.environ.get("LEXNLP_SCREENSHOT_DIR")  # CI keeps the screenshot as an artifact
    if keep:
        shutil.copy(shot, Path(keep) / "report.png")


def test_short_names_drop_the_shared_folders_and_no_country_means_no_country_filter() -> None:
    assert short_names(["/data/repo/DEU/a.pdf", "/data/repo/FRA/b.pdf"]) == {
        "/data/repo/DEU/a.pdf": "DEU/a.pdf", "/data/repo/FRA/b.pdf": "FRA/b.pdf"}
    assert short_names(["/data/repo/a.pdf"]) == {"/data/repo/a.pdf": "a.pdf"}
    page = report_html([from_document(sample_document("/data/repo/stgb.txt"))])
    assert 'id="f-country"' not in page and "no country known" in page
    assert '<a href="#d1">stgb.txt</a>' in page  # the heat-map row: short name, full path as its title


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_report_filter_hides_what_does_not_match_in_chromium(tmp_path: Path) -> None:
    from lexnlp_cyber.document import Label

    other = sample_document("laws/FRA/code-penal.txt")
    other.provisions[0].children[0].labels = [Label("offence.computer_fraud", 0.8)]
    report = render_report([sample_document("laws/DEU/stgb.txt"), other], tmp_path / "report.html")
    assert CHROMIUM is not None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}"]
    url = report.resolve().as_uri() + "#filter:label=offence.computer_fraud"
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    table = re.search(r'<table class="hm" id="heat-docs".*?</table>', dom, re.S)
    assert table is not None
    rows = re.findall(r'<tr data-country="(\w+)"( class="[^"]*")?>', table.group(0))
    assert [(c, "empty" in cls) for c, cls in rows] == [("DEU", True), ("FRA", False)]
    assert re.search(r'<div class="doc( [^"]*)?" id="d1"', dom).group(1).strip() == "empty"  # type: ignore[union-attr]
    assert "1 tagged provision(s) match" in dom

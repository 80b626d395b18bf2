"""The HTML report: one static, self-contained page (no CDN, no network).

Across documents it shows a heat-map of documents × labels and, when
countries are known (metadata CSV or path), of countries × labels, both
filterable by label, group and country, and the coverage profile. For each
document it lists the provisions with their tags and scores, with the
evidence behind each label highlighted in the provision's text. Every piece
of law text, file name and metadata value is HTML-escaped: legislation is
untrusted input here.
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import taxonomy
from ..document import Document
from .coverage import PROFILE_INSTRUMENTS, ScopedRecord, coverage_profile, scope_of
from .jsonl import document_records
from .meta import MetadataSource, country_of, load_metadata, title_of


@dataclass
class ReportDoc:
    """A document as the report sees it: its name, country and provision records."""

    name: str
    country: str | None = None
    title: str | None = None
    lang: str | None = None
    pages: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def from_document(doc: Document, name: str | None = None, metadata: MetadataSource = None) -> ReportDoc:
    """A :class:`ReportDoc` of a tagged Document (evidence included)."""
    table = load_metadata(metadata) if not isinstance(metadata, dict) else metadata
    name = name or str(doc.metadata.get("batch", {}).get("path") or doc.source)
    return ReportDoc(name=name, country=country_of(name, table), title=title_of(name, table), lang=doc.lang,
                     pages=len(doc.pages),
                     records=document_records(doc, labels=True, evidence=True, document=name))


def from_records(records: Iterable[dict[str, Any]], metadata: MetadataSource = None) -> list[ReportDoc]:
    """Group provision records (the JSONL contract) into documents, in first-seen order."""
    table = load_metadata(metadata) if not isinstance(metadata, dict) else metadata
    docs: dict[str, ReportDoc] = {}
    for record in records:
        name = str(record.get("document") or "?")
        if name not in docs:
            docs[name] = ReportDoc(name=name, country=country_of(name, table), title=title_of(name, table),
                                   lang=record.get("lang"))
        docs[name].records.append(record)
        docs[name].pages = max(docs[name].pages, int((record.get("pages") or [0, 0])[-1] or 0))
    return list(docs.values())


# -- evidence highlighting ---------------------------------------------------
def highlight(text: str, evidence: dict[str, list[dict[str, Any]]] | None) -> str:
    """``text`` escaped, with every evidence span wrapped in ``<mark>`` (overlaps merged)."""
    spans: list[tuple[int, int, str, bool]] = []
    for label, items in (evidence or {}).items():
        for item in items:
            start, end = int(item.get("start", 0)), int(item.get("end", 0))
            if 0 <= start < end <= len(text):
                why = item.get("concept") or item.get("kind") or ""
                spans.append((start, end, f"{label}: {why}" if why else label, item.get("kind") != "ngram"))
    spans.sort()
    merged: list[list[Any]] = []
    for start, end, why, cue in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][3] = merged[-1][3] or cue
            if why not in merged[-1][2]:
                merged[-1][2].append(why)
        else:
            merged.append([start, end, [why], cue])
    out: list[str] = []
    cursor = 0
    # A cue term (a concept of the taxonomy) is marked strongly; a word n-gram
    # the model weighs is only underlined: it supports the label, it does not name it.
    for start, end, whys, cue in merged:
        out.append(_esc(text[cursor:start]))
        out.append(f'<mark class="{"cue" if cue else "ng"}" title="{_esc("; ".join(whys))}">'
                   f'{_esc(text[start:end])}</mark>')
        cursor = end
    out.append(_esc(text[cursor:]))
    return "".join(out)


# -- pieces ------------------------------------------------------------------
CSS = """
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2a44;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
main{padding:12px 24px}section{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:12px 16px;margin:12px 0}
h2{font-size:17px;margin:4px 0 10px}h3{font-size:15px;margin:8px 0}
.filters{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #dde1e8;padding:8px 24px}
.filters label{margin-right:14px}.muted{color:#667085}
.hm{border-collapse:collapse;font-size:12px}.hm th,.hm td{border:1px solid #e4e7ec;padding:2px 4px;text-align:center}
.hm th.col{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500;padding:4px 2px;
 vertical-align:bottom}
.hm td.cell{min-width:22px;height:20px}.hm tbody tr:hover th,.hm tbody tr:hover td:not(.on){background:#f0f4ff}
.hm th.row{text-align:left;max-width:360px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-weight:500}
.legend{display:inline-flex;align-items:center;gap:6px;font-size:12px;color:#667085;margin-left:12px}
.legend .ramp{display:inline-block;width:120px;height:12px;border:1px solid #e4e7ec;
 background:linear-gradient(to right,rgba(190,30,45,.15),rgba(190,30,45,1))}
.scroll{overflow:auto;max-height:560px}
.tag{display:inline-block;border-radius:10px;padding:1px 8px;margin:2px 4px 2px 0;font-size:12px;background:#e8eefc;border:1px solid #b7c6f3}
.tag b{font-weight:600;margin-left:4px}.g-offence{background:#fde8e8;border-color:#f3b7b7}
.g-procedure{background:#e7f6ec;border-color:#a9dcb8}.g-cooperation{background:#fff4de;border-color:#f0d192}
.g-jurisdiction{background:#efe7fb;border-color:#cdb7f0}.g-liability{background:#e3f4f8;border-color:#9fd3e0}
.g-governance{background:#eef0f3;border-color:#c8ced8}
.prov{border-top:1px solid #eef0f3;padding:8px 0}
.prov .text{white-space:pre-wrap;font-family:Georgia,serif;margin:4px 0 0;max-height:22em;overflow:auto;
 width:fit-content;max-width:min(100%,80em);overflow-wrap:anywhere;padding-right:6px}
.doc{border-top:2px solid #dde1e8;margin-top:14px;padding-top:6px}.doc h3 .path{font-weight:400;font-size:12px}
mark.cue{background:#ffd95a;padding:0 1px;border-radius:2px}
mark.ng{background:none;border-bottom:2px dotted #c99a00;padding:0}
.cov-wrap{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
details.scope>summary{cursor:pointer;font-weight:600;margin:6px 0}
#shown{margin-left:8px}.no{color:#b42318;font-weight:600}.yes{color:#067647}
table.cov{border-collapse:collapse;font-size:12px;margin-bottom:8px}table.cov td,table.cov th{border:1px solid #e4e7ec;padding:2px 6px;text-align:left}
.hidden,.off-country,.empty{display:none!important}
"""

JS = """
(function(){
  var f={label:document.getElementById('f-label'),group:document.getElementById('f-group'),
         country:document.getElementById('f-country')};
  function all(sel){return Array.prototype.slice.call(document.querySelectorAll(sel));}
  function fits(labs,groups,L,G){return (!L||labs.indexOf(L)>=0)&&(!G||groups.indexOf(G)>=0);}
  function apply(){
    var L=f.label.value,G=f.group.value,C=f.country?f.country.value:'',narrowed=!!(L||G);
    all('.hm [data-label]').forEach(function(el){
      el.classList.toggle('hidden',!fits([el.getAttribute('data-label')],[el.getAttribute('data-group')],L,G));});
    all('[data-country]').forEach(function(el){
      el.classList.toggle('off-country',!!C&&el.getAttribute('data-country')!==C);});
    all('[data-labels]').forEach(function(el){
      el.classList.toggle('hidden',!fits(el.getAttribute('data-labels').split(' '),
                                         el.getAttribute('data-groups').split(' '),L,G));});
    // Rows, documents and coverage scopes left with nothing to show under a label/group filter.
    all('.hm tbody tr').forEach(function(tr){
      tr.classList.toggle('empty',narrowed&&!tr.querySelector('td.on:not(.hidden)'));});
    all('.doc').forEach(function(d){d.classList.toggle('empty',narrowed&&!d.querySelector('.prov:not(.hidden)'));});
    var shown=all('.doc:not(.empty):not(.off-country) .prov:not(.hidden)').length;
    var out=document.getElementById('shown');
    if(out){out.textContent=(narrowed||C)?shown+' tagged provision(s) match':'';}
  }
  Object.keys(f).forEach(function(k){if(f[k])f[k].addEventListener('change',apply);});
  // A link can carry filters: report.html#filter:label=offence.illegal_access&country=DEU
  var h=decodeURIComponent(location.hash||'');
  if(h.indexOf('#filter:')===0){h.slice(8).split('&').forEach(function(kv){
    var i=kv.indexOf('='),k=kv.slice(0,i),v=kv.slice(i+1);if(f[k])f[k].value=v;});}
  apply();
})();
"""


def _group(label: str) -> str:
    return taxonomy.group_of(label) if taxonomy.is_label(label) else "other"


def _name(label: str) -> str:
    return taxonomy.info(label).name if taxonomy.is_label(label) else label


def short_names(names: Sequence[str]) -> dict[str, str]:
    """Document names without the folders they all share (``/data/repo/DEU/a.pdf`` → ``DEU/a.pdf``)."""
    import posixpath

    norm = {n: n.replace("\\", "/") for n in names}
    folders = [posixpath.dirname(v) for v in norm.values()]
    try:
        common = posixpath.commonpath(folders) if len(folders) > 1 else (folders[0] if folders else "")
    except ValueError:  # absolute and relative names mixed
        common = ""
    cut = len(common) + 1 if common else 0
    return {n: (v[cut:] if cut and v.startswith(common + "/") else v) or n for n, v in norm.items()}


def _heat(rows: Sequence[tuple[str, str, str | None, dict[str, list[float]]]], labels: list[str], title: str,
          table_id: str, short: dict[str, str] | None = None) -> str:
    """A heat-map table: rows (key, anchor, country, {label: [scores]}) × label columns."""
    short = short or {}
    out = [f'<div class="scroll"><table class="hm" id="{table_id}" aria-label="{_esc(title)}"><thead><tr><th></th>']
    for label in labels:
        out.append(f'<th class="col" data-label="{_esc(label)}" data-group="{_esc(_group(label))}" '
                   f'title="{_esc(_name(label))}">{_esc(label)}</th>')
    out.append("</tr></thead><tbody>")
    for key, anchor, country, cells in rows:
        country_attr = f' data-country="{_esc(country)}"' if country else ' data-country=""'
        shown = short.get(key, key)
        head = f'<a href="#{_esc(anchor)}">{_esc(shown)}</a>' if anchor else _esc(shown)
        out.append(f'<tr{country_attr}><th class="row" title="{_esc(key)}">{head}</th>')
        for label in labels:
            scores = cells.get(label, [])
            if scores:
                alpha = 0.15 + 0.85 * max(scores)
                tip = f"{key} — {label}: {len(scores)} provision(s), max score {max(scores):.2f}"
                out.append(f'<td class="cell on" data-label="{_esc(label)}" data-group="{_esc(_group(label))}" '
                           f'style="background:rgba(190,30,45,{alpha:.2f});color:{"#fff" if alpha > .55 else "#111"}" '
                           f'title="{_esc(tip)}">{len(scores)}</td>')
            else:
                out.append(f'<td class="cell" data-label="{_esc(label)}" data-group="{_esc(_group(label))}"></td>')
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _provision(record: dict[str, Any], anchor: str) -> str:
    labels = list(record.get("labels") or [])
    scores = record.get("scores") or {}
    groups = sorted({_group(lab) for lab in labels})
    head = " ".join(p for p in (str(record.get("kind") or ""), str(record.get("num") or "")) if p)
    heading = record.get("heading") or ""
    pages = record.get("pages") or []
    page_text = f"p. {pages[0]}" + (f"–{pages[-1]}" if pages and pages[-1] != pages[0] else "") if pages else ""
    tags = "".join(f'<span class="tag g-{_esc(_group(lab))}" title="{_esc(_name(lab))}">{_esc(lab)}'
                   f'<b>{float(scores.get(lab, 0.0)):.2f}</b></span>' for lab in labels)
    return (f'<div class="prov" id="{_esc(anchor)}" data-labels="{_esc(" ".join(labels))}" '
            f'data-groups="{_esc(" ".join(groups))}"><div><strong>{_esc(head)}</strong> {_esc(heading)} '
            f'<span class="muted">{_esc(record.get("eid"))} {_esc(page_text)}</span></div>'
            f'<div class="tags">{tags}</div>'
            f'<div class="text">{highlight(str(record.get("text") or ""), record.get("evidence"))}</div></div>')


def _coverage_html(profile: list[dict[str, Any]], anchors: dict[tuple[str, str], str],
                   short: dict[str, str] | None = None) -> str:
    short = short or {}
    out = ['<section id="coverage"><h2>Coverage profile</h2><p class="muted">For each country (or document '
           'when no country is known), every article of the Budapest Convention and of the 2024 UN Convention '
           'that the taxonomy crosswalk maps, with the provisions that implement it. '
           '<span class="no">✗</span> marks the articles no provision implements.</p>']
    for scope in profile:
        by_country = scope["scope_kind"] == "country"
        country = scope["scope"] if by_country else ""
        counts = " · ".join(
            f'{_esc(taxonomy.INSTRUMENTS[inst].split(" (")[0])} {sum(r["implemented"] for r in rows)}/{len(rows)}'
            for inst, rows in scope["instruments"].items())
        name = scope["scope"] if by_country else short.get(scope["scope"], scope["scope"])
        # One scope open by default; with many, the summaries are the overview and each opens on demand.
        opened = " open" if len(profile) == 1 else ""
        out.append(f'<details class="scope" data-country="{_esc(country)}"{opened}><summary>'
                   f'{_esc(scope["scope_kind"])}: {_esc(name)} <span class="muted">— articles implemented: '
                   f'{counts}</span></summary><div class="cov-wrap">')
        for inst, rows in scope["instruments"].items():
            missing = sum(1 for r in rows if not r["implemented"])
            out.append(f'<table class="cov"><caption>{_esc(taxonomy.INSTRUMENTS[inst])} — {len(rows) - missing}/'
                       f'{len(rows)} articles implemented</caption><tr><th>Art.</th><th></th><th>labels</th>'
                       f'<th>provisions</th></tr>')
            for row in rows:
                mark = '<span class="yes">✓</span>' if row["implemented"] else '<span class="no">✗</span>'
                # Within a document's own scope the document name adds nothing: the provision number is enough.
                provs = ", ".join(
                    f'<a href="#{_esc(anchors.get((p["document"], p["eid"]), ""))}" title="{_esc(p["document"])}">'
                    + (f'{_esc(short.get(p["document"], p["document"]))} ' if by_country else "")
                    + f'{_esc(p.get("num") or p["eid"])}</a>' for p in row["provisions"])
                groups = sorted({_group(lab) for lab in row["labels"]})
                out.append(f'<tr data-labels="{_esc(" ".join(row["labels"]))}" data-groups="{_esc(" ".join(groups))}">'
                           f'<td>{_esc(row["article"])}</td><td>{mark}</td>'
                           f'<td>{_esc(", ".join(row["labels"]))}</td><td>{provs}</td></tr>')
            out.append("</table>")
        out.append("</div></details>")
    out.append("</section>")
    return "".join(out)


def report_html(docs: Sequence[ReportDoc], *, title: str = "lexnlp_cyber report") -> str:
    """The whole report page for ``docs``."""
    order = {lab: i for i, lab in enumerate(taxonomy.labels())}
    used = sorted({lab for d in docs for r in d.records for lab in r.get("labels") or []},
                  key=lambda lab: (order.get(lab, 10**6), lab))
    countries = sorted({d.country for d in docs if d.country})
    anchors: dict[tuple[str, str], str] = {}
    doc_rows: list[tuple[str, str, str | None, dict[str, list[float]]]] = []
    by_country: dict[str, dict[str, list[float]]] = {}
    scoped: list[ScopedRecord] = []
    for n, doc in enumerate(docs, 1):
        cells: dict[str, list[float]] = {}
        for m, record in enumerate(doc.records, 1):
            anchors[(doc.name, str(record.get("eid")))] = f"d{n}-p{m}"
            for lab in record.get("labels") or []:
                score = float((record.get("scores") or {}).get(lab, 0.0))
                cells.setdefault(lab, []).append(score)
                if doc.country:
                    by_country.setdefault(doc.country, {}).setdefault(lab, []).append(score)
            kind, scope = scope_of(doc.name, doc.country)
            scoped.append(ScopedRecord(kind, scope, record))
        doc_rows.append((doc.name, f"d{n}", doc.country, cells))
    profile = coverage_profile(scoped)
    short = short_names([d.name for d in docs])
    groups = [g for g in taxonomy.GROUPS if any(_group(lab) == g for lab in used)]
    tagged = sum(1 for d in docs for r in d.records if r.get("labels"))
    parts = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
             f'content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" '
             f"content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
             f"<title>{_esc(title)}</title><style>{CSS}</style></head><body>"
             f"<header><h1>{_esc(title)}</h1><div>{len(docs)} documents · "
             f"{sum(len(d.records) for d in docs)} provisions · {tagged} with cybercrime labels · "
             + (f"{len(countries)} countries" if countries else "no country known (add a metadata CSV)")
             + "</div></header>",
             '<div class="filters"><label>Label <select id="f-label"><option value="">all</option>',
             "".join(f'<option value="{_esc(lab)}">{_esc(lab)}</option>' for lab in used),
             '</select></label><label>Group <select id="f-group"><option value="">all</option>',
             "".join(f'<option value="{_esc(g)}">{_esc(g)}</option>' for g in groups),
             "</select></label>",
             # No country known (no metadata CSV, no country folders): no country filter to confuse anyone.
             ('<label>Country <select id="f-country"><option value="">all</option>'
              + "".join(f'<option value="{_esc(c)}">{_esc(c)}</option>' for c in countries)
              + "</select></label>") if countries else "",
             '<span id="shown" class="muted" aria-live="polite"></span></div><main>']
    parts.append('<section id="heatmap-documents"><h2>Documents × labels</h2><p class="muted">Cell: number of '
                 'provisions with the label; colour: the highest score among them. Hover a cell for details, '
                 'click a document to read its provisions.<span class="legend">score 0<span class="ramp"></span>1'
                 '</span></p>')
    parts.append(_heat(doc_rows, used, "Documents × labels", "heat-docs", short) if used
                 else '<p>No provision carries a label.</p>')
    parts.append("</section>")
    if countries:
        rows = [(c, "", c, by_country.get(c, {})) for c in countries]
        parts.append('<section id="heatmap-countries"><h2>Countries × labels</h2>'
                     + _heat(rows, used, "Countries × labels", "heat-countries") + "</section>")
    parts.append(_coverage_html(profile, anchors, short))
    parts.append('<section id="documents"><h2>Documents</h2><p class="muted">Tagged provisions with their labels '
                 'and scores. Evidence: <mark class="cue">cue term</mark> of the taxonomy, '
                 '<mark class="ng">word n-gram</mark> the model weighs; hover a mark to see its label. '
                 'Long provisions scroll.</p>')
    for n, doc in enumerate(docs, 1):
        labelled = [(m, r) for m, r in enumerate(doc.records, 1) if r.get("labels")]
        others = [r for r in doc.records if not r.get("labels")]
        meta = " · ".join(x for x in (doc.country or "", doc.lang or "", f"{doc.pages} page{'s' if doc.pages != 1 else ''}" if doc.pages else "",
                                      f"{len(doc.records)} provisions, {len(labelled)} tagged") if x)
        path = (f' <span class="muted path">{_esc(doc.name)}</span>'
                if short.get(doc.name, doc.name) != doc.name else "")
        parts.append(f'<div class="doc" id="d{n}" data-country="{_esc(doc.country or "")}">'
                     f'<h3>{_esc(short.get(doc.name, doc.name))}{path}</h3>'
                     + (f"<div>{_esc(doc.title)}</div>" if doc.title else "")
                     + f'<div class="muted">{_esc(meta)}</div>')
        for m, record in labelled:
            parts.append(_provision(record, f"d{n}-p{m}"))
        if others:
            items = "".join(f"<li>{_esc(r.get('kind'))} {_esc(r.get('num'))} {_esc(r.get('heading') or '')}</li>"
                            for r in others)
            parts.append(f"<details><summary>{len(others)} provisions without labels</summary><ul>{items}</ul>"
                         "</details>")
        parts.append("</div>")
    parts.append(f"</section></main><script>{JS}</script></body></html>\n")
    return "".join(parts)


def render_report(docs_or_records: Iterable[Document | ReportDoc | dict[str, Any]], out_path: str | Path,
                  metadata: MetadataSource = None) -> Path:
    """Write the HTML report of Documents, :class:`ReportDoc`\\ s or provision records to ``out_path``."""
    from ..batch.manifest import atomic_write

    table = load_metadata(metadata)
    docs: list[ReportDoc] = []
    loose: list[dict[str, Any]] = []
    for item in docs_or_records:
        if isinstance(item, Document):
            docs.append(from_document(item, metadata=table))
        elif isinstance(item, ReportDoc):
            docs.append(item)
        else:
            loose.append(item)
    docs.extend(from_records(loose, table))
    out = Path(out_path)
    atomic_write(out, report_html(docs))
    return out


def render_report_from_jsonl(paths: Sequence[str], out_path: str | Path, metadata: MetadataSource = None) -> Path:
    """Write the HTML report of tagged provision JSONL files (``-`` reads stdin)."""

    def records() -> Iterable[dict[str, Any]]:
        for path in paths:
            handle = sys.stdin if path == "-" else open(path, encoding="utf-8")
            try:
                for line in handle:
                    if line.strip():
                        yield json.loads(line)
            finally:
                if handle is not sys.stdin:
                    handle.close()

    return render_report(records(), out_path, metadata=metadata)


__all__ = ["PROFILE_INSTRUMENTS", "ReportDoc", "from_document", "from_records", "highlight", "render_report",
           "render_report_from_jsonl", "report_html", "short_names"]

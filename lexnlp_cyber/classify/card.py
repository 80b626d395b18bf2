"""Render a model card (``card.json``) as Markdown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: The card's file in a model directory, and its Markdown rendering beside it.
CARD_FILE = "card.json"
CARD_MARKDOWN = "README.md"
#: How a card built with a custom configuration introduces the defaults' rationale.
CUSTOM_PREFIX = "Custom configuration "
RATIONALE_MARK = "; see the defaults' rationale: "


def _metrics_rows(metrics: dict[str, Any]) -> list[str]:
    rows = []
    for name, values in metrics.items():
        if isinstance(values, dict) and "micro_f1" in values:
            rows.append(f"| {name} | {values.get('micro_f1', '')} | {values.get('macro_f1', '')} | "
                        f"{values.get('document_f1', '')} |")
    return rows


def card_markdown(card: dict[str, Any]) -> str:
    """A human-readable model card."""
    versions = card.get("versions", {})
    corpus = card.get("corpus", {})
    lines = [
        f"# Model card: {card.get('name', 'model')}",
        "",
        "A multi-label classifier of legislative provisions against the lexnlp_cyber taxonomy "
        f"({len(card.get('labels', []))} labels).",
        "",
        "## Versions",
        *[f"- {k}: {v}" for k, v in versions.items()],
        "",
        "## Training data",
        f"- corpus: {', '.join(corpus.get('paths', []))} ({corpus.get('entries', '?')} entries, "
        f"{corpus.get('samples', '?')} samples with subdivisions; {corpus.get('listed_headings', 0)} headings of "
        "heading lists, for the heading view)",
        f"- corpus sha256: `{corpus.get('sha256', '')}`",
        f"- languages: {corpus.get('languages', {})}",
        "",
        "## Model",
        f"- features: {card.get('features', {})}",
        f"- configuration: `{card.get('config', {})}`",
        f"- heading view (a model of provision headings, added at `heading_view_weight`): "
        f"{card.get('metrics', {}).get('heading_view_cv', 'none')}",
        "",
    ]
    if card.get("selection"):
        lines += ["## Why this model", card["selection"], ""]
    metrics = card.get("metrics", {})
    lines += ["## Metrics", "", "| evaluation | micro-F1 | macro-F1 | document F1 |", "|---|---|---|---|",
              *_metrics_rows(metrics)]
    for key in ("dev_gold",):
        block = metrics.get(key)
        if isinstance(block, dict):
            lines += ["", f"### {key}", *_metrics_rows(block)]
            langs = block.get("per_language")
            if isinstance(langs, dict):
                lines += ["", "| language | micro-F1 |", "|---|---|"]
                lines += [f"| {lg} | {v.get('micro_f1') if isinstance(v, dict) else v} |" for lg, v in langs.items()]
    lines += ["", "## Per-label thresholds and cross-validated F1", "", "| label | threshold | CV F1 |", "|---|---|---|"]
    per = metrics.get("cv_per_label_f1", {})
    for label, threshold in card.get("thresholds", {}).items():
        lines.append(f"| {label} | {threshold:.2f} | {per.get(label, '')} |")
    lines += ["", "## Artifacts", *[f"- `{k}` sha256 `{v}`" for k, v in card.get("artifacts", {}).items()], ""]
    return "\n".join(lines)


def write_card(directory: str | Path, card: dict[str, Any]) -> bool:
    """Write ``card`` into a model directory as JSON and as Markdown, each only
    when it differs from what is there. Returns whether anything changed."""
    out = Path(directory)
    files = {out / CARD_FILE: json.dumps(card, indent=2, ensure_ascii=False) + "\n",
             out / CARD_MARKDOWN: card_markdown(card)}
    stale = {path: text for path, text in files.items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text}
    for path, text in stale.items():
        path.write_text(text, encoding="utf-8")
    return bool(stale)


def refresh_card(directory: str | Path, selection: str | None = None) -> bool:
    """Bring a saved model's card up to date with ``data/model_selection.md``
    (or ``selection``) without retraining: the card's ``selection`` text, then
    its Markdown rendering. The artifacts and their hashes are untouched (the
    card is not one of them). Returns whether anything changed.

    The selection notes grow after a model is trained (measurements made on
    it); without this the card would say why an older version was chosen."""
    from .train import SELECTION

    card: dict[str, Any] = json.loads((Path(directory) / CARD_FILE).read_text(encoding="utf-8"))
    wanted = SELECTION if selection is None else selection
    old = str(card.get("selection") or "")
    if old.startswith(CUSTOM_PREFIX) and RATIONALE_MARK in old:  # keep what the custom configuration was
        wanted = old.split(RATIONALE_MARK, 1)[0] + RATIONALE_MARK + wanted
    card["selection"] = wanted
    return write_card(directory, card)

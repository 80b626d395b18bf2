"""The coverage profile: which articles of the Budapest Convention and of the
2024 UN Convention a country's (or a document's) provisions implement.

For each scope (a country, or a document when no country is known) and each
article the taxonomy crosswalk maps (:func:`taxonomy.instrument_articles`),
the profile lists the provisions whose labels implement the article
(:func:`taxonomy.labels_for_article`) and flags the articles none implements.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .. import taxonomy
from .csvout import rows_text

#: The instruments of the profile, in report order.
PROFILE_INSTRUMENTS = ("coe_185", "uncc_2024")
CSV_COLUMNS = ["scope_kind", "scope", "instrument", "article", "labels", "implemented", "provisions"]


@dataclass(frozen=True)
class ScopedRecord:
    """A tagged provision record with the scope it counts for."""

    scope_kind: str  # "country" | "document"
    scope: str
    record: dict[str, Any]


def scope_of(document: str, country: str | None) -> tuple[str, str]:
    return ("country", country) if country else ("document", document)


def coverage_profile(records: Iterable[ScopedRecord]) -> list[dict[str, Any]]:
    """One entry per scope: ``{"scope_kind", "scope", "instruments": {inst: [article rows]}}``.

    An article row is ``{"article", "labels", "implemented", "provisions": [{"document", "eid", "num",
    "labels"}]}``; scopes come in first-seen order, articles in numeric order."""
    by_scope: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in records:
        by_scope.setdefault((item.scope_kind, item.scope), []).append(item.record)
    profile: list[dict[str, Any]] = []
    for (kind, scope), recs in by_scope.items():
        instruments: dict[str, list[dict[str, Any]]] = {}
        for inst in PROFILE_INSTRUMENTS:
            rows = []
            for article in taxonomy.instrument_articles(inst):
                wanted = taxonomy.labels_for_article(inst, article)
                provisions = [{"document": r.get("document"), "eid": r.get("eid"), "num": r.get("num"),
                               "labels": [lab for lab in r.get("labels") or [] if lab in wanted]}
                              for r in recs if set(r.get("labels") or []) & set(wanted)]
                rows.append({"article": article, "labels": wanted, "implemented": bool(provisions),
                             "provisions": provisions})
            instruments[inst] = rows
        profile.append({"scope_kind": kind, "scope": scope, "instruments": instruments})
    return profile


def coverage_json(profile: list[dict[str, Any]]) -> str:
    data = {"instruments": {i: taxonomy.INSTRUMENTS[i] for i in PROFILE_INSTRUMENTS}, "scopes": profile}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def coverage_csv(profile: list[dict[str, Any]]) -> str:
    rows = [CSV_COLUMNS]
    for scope in profile:
        for inst, articles in scope["instruments"].items():
            for row in articles:
                rows.append([scope["scope_kind"], scope["scope"], inst, row["article"], ";".join(row["labels"]),
                             "yes" if row["implemented"] else "NO",
                             ";".join(f"{p['document']}#{p['eid']}" for p in row["provisions"])])
    return rows_text(rows)

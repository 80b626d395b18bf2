"""The label taxonomy and its crosswalk to the international instruments.

The data is ``data/taxonomy.tsv`` (the project's label contract): 42 labels
in seven groups, each with its counterpart articles in the Budapest
Convention (ETS 185), its Protocols (P1 = ETS 189, P2 = CETS 224), the 2024
UN Convention against Cybercrime, and the UNODC 2013 study's act categories.

    >>> from lexnlp_cyber import taxonomy
    >>> taxonomy.labels_for_article("coe_185", "19")
    ['procedure.search_seizure']
    >>> taxonomy.articles_for_label("procedure.search_seizure")["coe_185"]
    ['19']
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .errors import Errors, LexnlpCyberError

#: Instruments of the crosswalk: column of taxonomy.tsv → readable name.
INSTRUMENTS: dict[str, str] = {
    "coe_185": "Budapest Convention (ETS 185)",
    "coe_189": "First Additional Protocol (ETS 189)",
    "coe_224": "Second Additional Protocol (CETS 224)",
    "uncc_2024": "UN Convention against Cybercrime (2024)",
}

GROUPS = ("general", "offence", "liability", "procedure", "jurisdiction", "cooperation", "governance")


@dataclass(frozen=True)
class LabelInfo:
    id: str
    group: str
    name: str
    scope: str
    unodc_study_2013: str
    articles: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _expand(cell: str) -> list[str]:
    """'Arts. 23, 25-28, 31' → ['23', '25', '26', '27', '28', '31']."""
    found: list[str] = []
    for part in re.split(r",\s*", re.sub(r"^(?:P\d\s+)?Arts?\.\s*", "", cell.strip())):
        span = re.fullmatch(r"(\d+)\s*-\s*(\d+)", part.strip())
        if span:
            found.extend(str(n) for n in range(int(span.group(1)), int(span.group(2)) + 1))
        elif part.strip():
            found.append(part.strip())
    return found


@lru_cache(maxsize=1)
def _load() -> dict[str, LabelInfo]:
    text = resources.files("lexnlp_cyber").joinpath("data/taxonomy.tsv").read_text(encoding="utf-8")
    table: dict[str, LabelInfo] = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        articles: dict[str, tuple[str, ...]] = {}
        if row["coe_185"]:
            articles["coe_185"] = tuple(_expand(row["coe_185"]))
        protocols = row["coe_protocols"].strip()
        if protocols:
            column = "coe_189" if protocols.startswith("P1") else "coe_224"
            articles[column] = tuple(_expand(protocols))
        if row["uncc_2024"]:
            articles["uncc_2024"] = tuple(_expand(row["uncc_2024"]))
        table[row["id"]] = LabelInfo(
            id=row["id"],
            group=row["group"],
            name=row["name"],
            scope=row["scope"],
            unodc_study_2013=row["unodc_study_2013"],
            articles=articles,
        )
    return table


def labels() -> list[str]:
    """All label ids, in taxonomy order."""
    return list(_load())


def info(label: str) -> LabelInfo:
    """The name, group, scope and crosswalk of ``label``."""
    try:
        return _load()[label]
    except KeyError:
        raise LexnlpCyberError(Errors.E206.format(label=label)) from None


def group_of(label: str) -> str:
    return info(label).group


def articles_for_label(label: str) -> dict[str, list[str]]:
    """The articles each instrument devotes to ``label``: {instrument: [article, …]}."""
    return {inst: list(arts) for inst, arts in info(label).articles.items()}


def labels_for_article(instrument: str, article: str | int) -> list[str]:
    """The labels that implement ``article`` of ``instrument`` (a key of INSTRUMENTS)."""
    wanted = str(article).strip()
    return [lab.id for lab in _load().values() if wanted in lab.articles.get(instrument, ())]


def instrument_articles(instrument: str) -> list[str]:
    """Every article of ``instrument`` that the crosswalk maps, in numeric order."""
    found = {a for lab in _load().values() for a in lab.articles.get(instrument, ())}
    return sorted(found, key=lambda a: (int(re.sub(r"\D.*", "", a) or 0), a))


def is_label(label: str) -> bool:
    return label in _load()

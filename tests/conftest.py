"""Shared fixtures: the ../shared folder (skipped when absent), a small trained model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "corpus" / "samples"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "taxonomy").is_dir():
        pytest.skip("../shared is absent (a fresh clone): nothing to compare against")
    return SHARED


TINY_CORPUS = [
    ("en", "Any person who intentionally and without right accesses a computer system commits an offence.",
     ["offence.illegal_access"]),
    ("en", "A person who gains entry to a computer or any part of it without authority is guilty of an offence.",
     ["offence.illegal_access"]),
    ("en", "Whoever logs into another's computer system knowing he is not authorised to do so shall be punished.",
     ["offence.illegal_access"]),
    ("en", "A person who intercepts by technical means any non-public transmission of computer data commits an offence.",
     ["offence.illegal_interception"]),
    ("en", "Whoever, without right, captures data in transmission to or from a computer system by technical devices is liable.",
     ["offence.illegal_interception"]),
    ("en", "A person who listens to or records a non-public data transmission of a computer network commits an offence.",
     ["offence.illegal_interception"]),
    ("en", "The police may apply to a judge for a warrant to search a computer system and seize stored computer data.",
     ["procedure.search_seizure"]),
    ("en", "An officer executing a warrant may search any computer and make and retain a copy of the data found.",
     ["procedure.search_seizure"]),
    ("en", "A magistrate may issue a warrant to seize a computer storage medium and secure the data it holds.",
     ["procedure.search_seizure"]),
    ("en", "This Act may be cited as the Fisheries Act and comes into force on the day of its publication.", []),
    ("en", "A person who steals a bicycle commits theft and is liable to imprisonment for two years.", []),
    ("en", "The Minister may make regulations on the licensing of fishing vessels and the fees payable.", []),
    ("en", "Every witness summoned shall attend court on the day named in the summons.", []),
    ("en", "Whoever forges a paper deed or will with intent to defraud shall be punished with imprisonment.", []),
    ("fr", "Le fait d'accéder frauduleusement à un système de traitement automatisé de données est puni.",
     ["offence.illegal_access"]),
    ("fr", "Le fait de soustraire frauduleusement la chose d'autrui constitue un vol puni de trois ans.", []),
]


def write_tiny_corpus(path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for i, (lang, text, labels) in enumerate(TINY_CORPUS):
            handle.write(json.dumps({"id": f"{lang}-t-{i:04d}", "text": text, "labels": labels, "lang": lang,
                                     "tradition": "commonwealth-act", "unit": "section"}) + "\n")
    return path


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    return write_tiny_corpus(tmp_path / "tiny.jsonl")


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model trained in a few seconds on a handful of entries (for plumbing tests)."""
    from lexnlp_cyber.classify.train import train

    folder = tmp_path_factory.mktemp("model")
    corpus = write_tiny_corpus(folder / "tiny.jsonl")
    train([corpus], folder / "tiny-model", config={"folds": 2})
    return folder / "tiny-model"

"""lexnlp_cyber: find and classify the cybercrime provisions of legislation.

The public API is a handful of verbs, one per pipeline step::

    >>> import lexnlp_cyber as lc
    >>> doc = lc.tag("corpus/samples/cyber-act-en.txt")   # extract + segment + classify
    >>> for unit in doc.units():
    ...     print(unit.num, unit.heading, unit.label_ids)

``extract`` reads a PDF, text or HTML source into a :class:`Document`;
``segment`` builds its provision tree; ``classify`` labels provisions (or
plain texts) against the taxonomy; ``tag`` chains the three; ``train``
builds a model from an annotated corpus; ``evaluate`` scores predictions
against gold; ``load_model`` loads a verified model directory.
"""

from __future__ import annotations

import sys
import types

from .api import classify, evaluate, extract, load_model, segment, tag, train
from .document import (
    Box,
    Document,
    Evidence,
    Furniture,
    Label,
    LanguageGuess,
    Notice,
    Page,
    Provision,
    Stream,
)
from .errors import LexnlpCyberError, LexnlpCyberWarning

__version__ = "0.1.0"

_VERBS = frozenset({"extract", "segment", "classify"})


class _Package(types.ModuleType):
    """The package module. The steps ``extract``, ``segment`` and ``classify``
    are both verbs and subpackages; importing a subpackage (which the verbs
    do lazily) would rebind the package attribute to it, so ``lc.classify``
    stayed a function only until the first model was loaded."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _VERBS and isinstance(value, types.ModuleType):
            return  # the subpackage stays reachable through sys.modules and `from … import`
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "Box",
    "Document",
    "Evidence",
    "Furniture",
    "Label",
    "LanguageGuess",
    "LexnlpCyberError",
    "LexnlpCyberWarning",
    "Notice",
    "Page",
    "Provision",
    "Stream",
    "__version__",
    "classify",
    "evaluate",
    "extract",
    "load_model",
    "segment",
    "tag",
    "train",
]

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

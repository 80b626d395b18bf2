"""The catalogue of coded errors and warnings, in the spaCy manner.

Every error a user can meet is a :class:`LexnlpCyberError` (or a subclass)
whose message starts with its code, e.g. ``[E012] The PDF is encrypted…``,
and says what to do next. Warnings use the same catalogue and are both
attached to the :class:`~lexnlp_cyber.document.Document` (``warnings``) and
emitted through :mod:`warnings` as :class:`LexnlpCyberWarning`.

Ranges: E0xx input and extraction, E1xx segmentation, E2xx models and
classification, E3xx corpus and evaluation, E4xx batch and export.
"""

from __future__ import annotations

import re
import warnings


class _Catalogue(type):
    """Prefixes each message with its code when it is looked up."""

    def __getattribute__(cls, code: str) -> str:
        message = type.__getattribute__(cls, code)
        if code.startswith(("E", "W")) and code[1:].isdigit():
            return f"[{code}] {message}"
        return message


class Errors(metaclass=_Catalogue):
    # -- input and extraction ---------------------------------------------
    E001 = "Cannot read '{path}': {reason}. Check that the path exists and is readable."
    E002 = ("Unsupported input type {kind!r}. Pass a path, bytes, a binary file object, "
            "a str of text, or a Document.")
    E003 = ("Unsupported file format for '{path}' ({suffix!r}). Supported: .pdf, .txt, .md, "
            ".html, .htm, .json, .xml. Pass media_type= to force one.")
    E004 = "No input files matched {pattern!r}. Check the path or quote the glob."
    E005 = ("'{path}' cannot be read as {kind} ({reason}). Check that the file is complete "
            "(not truncated) and well-formed {kind}, or pass media_type='txt' to read it as plain text.")
    E006 = ("The {kind} file '{path}' holds no provisions: {reason}. Check that it is a law; "
            "if its fields have other names, convert it to text, or add the names to "
            "lexnlp_cyber/data/extract/structured.json.")
    E010 = ("'{path}' is not a PDF (it starts with {head!r}). Rename it to its real type, "
            "or check that the download completed.")
    E011 = ("The PDF '{path}' is damaged and cannot be parsed ({reason}). Try re-downloading "
            "it or repairing it with `qpdf --repair`.")
    E012 = ("The PDF '{path}' is encrypted; pass password=... (CLI: --password) to open it.")
    E013 = "The PDF '{path}' has no pages."
    E014 = ("The PDF '{path}' has {pages} pages, more than the limit of {limit}. Raise "
            "max_pages= (CLI: --max-pages) to process it anyway.")
    E015 = ("Extraction of '{path}' took longer than the limit of {limit} s. Raise "
            "timeout= (CLI: --timeout) to allow more time.")
    E016 = ("The file '{path}' is {size} bytes, more than the limit of {limit}. Raise "
            "max_bytes= to process it anyway.")
    E017 = "Cannot decode the text of '{path}' as {encoding}: {reason}. Pass encoding=..."
    E018 = "The input '{path}' is empty."
    E030 = ("This Document JSON has schema version {found}; this lexnlp_cyber reads version "
            "{expected}. Re-run the pipeline on the source to rebuild it.")

    # -- segmentation -----------------------------------------------------
    E100 = ("No segmentation grammar for language {lang!r}. Available: {available}. Pass "
            "lang= with one of them, or add lexnlp_cyber/data/grammars/{lang}.json.")
    E101 = "The grammar file '{path}' is invalid: {reason}."

    # -- models and classification -----------------------------------------
    E200 = ("Cannot find a model at '{path}'. Pass the directory written by "
            "`lexnlp-cyber train --out DIR`, or omit it to use the shipped model.")
    E201 = ("The model at '{path}' is incomplete: {reason}. Retrain it with "
            "`lexnlp-cyber train`.")
    E202 = ("The artifact '{artifact}' of the model at '{path}' does not match the hash "
            "in its card (expected {expected}, found {found}). The file was changed or "
            "corrupted; retrain the model or restore the file.")
    E203 = ("The model at '{path}' was built with {package} {built}, which is not "
            "compatible with the installed {installed}. Install {package} {want} or "
            "retrain the model with `lexnlp-cyber train`.")
    E204 = ("The model at '{path}' is outside the lexnlp_cyber package. Loading a model "
            "unpickles code, so only load models you trust: pass trust=True "
            "(CLI: --trust-model).")
    E205 = ("The model uses labels that are not in the taxonomy: {labels}. Retrain it on "
            "a corpus validated with `lexnlp-cyber corpus validate`.")
    E206 = "Unknown label id {label!r}. Known ids are those of `lexnlp_cyber.taxonomy.labels()`."
    E207 = ("Cannot train: {reason}. Check the corpus with `lexnlp-cyber corpus validate`.")
    E208 = ("Line {line} of '{path}' is not a classification record: {reason}. Each line "
            "must be a JSON object with 'id' and 'text' (and optionally 'lang').")

    # -- corpus and evaluation ----------------------------------------------
    E300 = "Line {line} of '{path}' is not valid JSON: {reason}."
    E301 = "Line {line} of '{path}': {reason}."
    E302 = ("Gold file '{path}' line {line} is not in the gold format of GUIDE.md: {reason}.")
    E303 = "Prediction file '{path}' line {line} is not a provision record: {reason}."

    # -- batch and export ---------------------------------------------------
    E400 = ("The output directory '{path}' holds a manifest for another model or options "
            "({reason}). Use a new --out directory, or pass --force to start over.")
    E401 = ("Document '{path}' exceeded the memory limit of {limit} MB. Raise "
            "--max-memory to allow more.")
    E402 = "Document '{path}' did not finish within {limit} s. Raise --doc-timeout to allow more."
    E403 = ("The Dask backend needs the `dask` extra: pip install 'lexnlp_cyber[dask]'.")
    E404 = "The worker processing '{path}' died ({reason}); the document was skipped."
    E405 = "Cannot write '{path}': {reason}."
    E499 = "Unexpected failure on '{path}': {reason}. Please report it with the input file."

    # -- warnings -------------------------------------------------------------
    W001 = ("Page {page} of '{path}' has no text layer (a scan). Install Tesseract and the "
            "`ocr` extra to OCR it; the page is kept empty.")
    W002 = ("Page {page} of '{path}' holds undecodable glyphs ((cid:NN) garbage); its text "
            "is unreliable. Install the `ocr` extra to OCR it.")
    W003 = "Page {page} of '{path}' was OCR'd with Tesseract ({lang}); expect recognition errors."
    W004 = ("The language of '{path}' could not be determined; using {fallback!r}. Pass "
            "lang= to set it.")
    W005 = ("'{path}' holds several language streams ({langs}); kept {kept!r}. Pass lang= "
            "(CLI: --lang) to keep another.")
    W006 = "No provisions were found in '{path}'. Is it legislation? Check the extracted text."
    W007 = ("The model card of '{path}' records no metrics on the dev gold; its quality is "
            "unmeasured.")
    W008 = "Line {line} of '{path}' was skipped: {reason}."
    W009 = ("{tag!r} is not a language tag (use an ISO 639 code such as 'de', 'deu' or 'de-CH'); "
            "the language of {count} text(s) given it was detected instead.")
    W010 = ("The model has no cue terms for {lang!r} ({count} text(s)); they were read with the English "
            "ones and will mostly get no labels. Its languages: {known}.")


class LexnlpCyberError(Exception):
    """Base class of every error raised by lexnlp_cyber."""

    @property
    def code(self) -> str | None:
        found = re.match(r"\[([EW]\d{3})\]", str(self))
        return found.group(1) if found else None


class InputError(LexnlpCyberError, ValueError):
    """The input cannot be read: wrong type, format, damaged, encrypted, too large."""


class ExtractionError(LexnlpCyberError):
    """Extraction failed on an input that looked valid (timeouts, engine failures)."""


class SegmentationError(LexnlpCyberError):
    """Segmentation cannot run (missing or invalid grammar)."""


class ModelError(LexnlpCyberError):
    """A model is missing, incomplete, tampered with, untrusted or incompatible."""


class DataError(LexnlpCyberError, ValueError):
    """A corpus, gold or prediction file is malformed."""


class BatchError(LexnlpCyberError):
    """A batch run cannot start or a document failed inside it."""


class LexnlpCyberWarning(UserWarning):
    """Warnings from lexnlp_cyber; each message starts with its code."""


def warn(message: str) -> None:
    """Emit a catalogued warning (the message already carries its code)."""
    warnings.warn(message, LexnlpCyberWarning, stacklevel=3)


def code_of(message: str) -> str:
    """The code (``E012``) at the start of a catalogued message."""
    found = re.match(r"\[([EW]\d{3})\]", message)
    return found.group(1) if found else "E499"

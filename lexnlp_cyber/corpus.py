"""Read, validate and summarise annotated corpora (``corpus/README.md``).

    >>> from lexnlp_cyber.corpus import read_corpus, validate
    >>> entries = read_corpus(["corpus/train"])
    >>> report = validate(entries)
    >>> report.ok
    True
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import taxonomy
from .errors import DataError, Errors

REQUIRED = ("id", "text", "labels", "lang", "tradition", "unit")
TRADITIONS = frozenset({"commonwealth-act", "civil-law-code", "us-code", "treaty", "gazette-decree",
                        "socialist-code", "other"})
#: Two entries sharing at least this share of their word 5-gram shingles are near duplicates.
NEAR_DUPLICATE = 0.6


@dataclass
class Entry:
    """One annotated provision of a corpus file."""

    id: str
    text: str
    labels: list[str]
    lang: str
    tradition: str
    unit: str
    heading: str | None = None
    num: str | None = None
    subdivisions: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None
    source: str = ""
    line: int = 0

    @property
    def full_text(self) -> str:
        """Heading and text, as the classifier sees a provision."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


def corpus_files(paths: Iterable[str | Path], suffix: str = ".jsonl") -> list[Path]:
    """The corpus files of ``paths`` (files, or directories searched for
    ``suffix`` files): entries in ``.jsonl``, heading lists in ``.tsv``."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.rglob("*" + suffix)))
        elif path.is_file():
            if (path.suffix == ".tsv") == (suffix == ".tsv"):  # a file named outright: heading list or entries
                files.append(path)
        else:
            raise DataError(Errors.E001.format(path=path, reason="no such file or directory"))
    return files


def read_corpus(paths: Iterable[str | Path], *, strict: bool = True) -> list[Entry]:
    """Read corpus JSONL files (or directories of them) into entries.

    With ``strict`` a malformed line raises :class:`DataError`; otherwise it
    is skipped (``validate`` reports it)."""
    entries: list[Entry] = []
    for file in corpus_files(paths):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                missing = [k for k in REQUIRED if k not in data]
                if missing:
                    raise DataError(Errors.E301.format(line=number, path=file, reason=f"missing {missing}"))
                entries.append(Entry(
                    id=str(data["id"]), text=str(data["text"]), labels=list(data["labels"]),
                    lang=str(data["lang"]), tradition=str(data["tradition"]), unit=str(data["unit"]),
                    heading=data.get("heading"), num=data.get("num"),
                    subdivisions=list(data.get("subdivisions") or []), note=data.get("note"),
                    source=str(file), line=number))
            except ValueError as err:
                if strict:
                    if isinstance(err, DataError):
                        raise
                    raise DataError(Errors.E300.format(line=number, path=file, reason=err)) from None
    return entries


#: The columns of a heading list (``corpus/README.md``).
HEADING_COLUMNS = ("lang", "labels", "heading")


def read_headings(paths: Iterable[str | Path], *, strict: bool = True) -> list[Entry]:
    """Read heading lists (``.tsv`` files, or directories of them): stock
    headings with the labels they signal, which train the heading view only.

    Each becomes an :class:`Entry` with the heading and no text. With
    ``strict`` a malformed line raises :class:`DataError`; otherwise it is
    skipped (``validate`` reports the rest)."""
    entries: list[Entry] = []
    for file in corpus_files(paths, ".tsv"):
        lines = file.read_text(encoding="utf-8").splitlines()
        if not lines or tuple(lines[0].split("\t")) != HEADING_COLUMNS:
            if strict:
                raise DataError(Errors.E301.format(line=1, path=file, reason="a heading list opens with the header "
                                                   + "<TAB>".join(HEADING_COLUMNS)))
            continue
        for number, line in enumerate(lines[1:], 2):
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) != len(HEADING_COLUMNS) or not cells[0].strip() or not cells[2].strip():
                if strict:
                    raise DataError(Errors.E301.format(line=number, path=file,
                                                       reason=f"expected {len(HEADING_COLUMNS)} tab-separated cells "
                                                              "(lang, labels, heading) with a language and a heading"))
                continue
            lang, labels, heading = (c.strip() for c in cells)
            entries.append(Entry(id=f"{file.stem}-h{number:04d}", text="", lang=lang, tradition="other",
                                 unit="heading", heading=heading,
                                 labels=[lab for lab in labels.split(",") if lab.strip()],
                                 source=str(file), line=number))
    return entries


def validate_headings(entries: Sequence[Entry]) -> ValidationReport:
    """Check a heading list's label ids, languages and duplicate headings."""
    problems: list[Problem] = []
    known = set(taxonomy.labels())
    seen: dict[tuple[str, str], str] = {}
    for e in entries:
        where = f"{e.source}:{e.line}"
        bad = [lab for lab in e.labels if lab not in known]
        if bad:
            problems.append(Problem(e.id, where, f"unknown labels {bad}"))
        if not re.fullmatch(r"[a-z]{2,3}", e.lang):
            problems.append(Problem(e.id, where, f"language {e.lang!r} is not an ISO 639 code"))
        key = (e.lang, re.sub(r"\W+", " ", str(e.heading).lower()).strip())
        if key in seen:
            problems.append(Problem(e.id, where, f"duplicate of {seen[key]}", "warning"))
        else:
            seen[key] = e.id
    return ValidationReport(len(entries), problems)


def corpus_hash(paths: Iterable[str | Path]) -> str:
    """sha256 over the corpus files' names and bytes (entries, then heading
    lists), in sorted order."""
    digest = hashlib.sha256()
    paths = list(paths)
    for file in [*corpus_files(paths), *corpus_files(paths, ".tsv")]:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


@dataclass
class Problem:
    id: str
    where: str
    message: str
    severity: str = "error"  # "error" | "warning"


@dataclass
class ValidationReport:
    entries: int
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def _shingles(text: str, n: int = 5) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < n:  # short or CJK text: character shingles instead
        chars = [c for c in text.lower() if c.isalnum()]
        return {hash("".join(chars[i:i + n])) for i in range(max(1, len(chars) - n + 1))}
    return {hash(" ".join(words[i:i + n])) for i in range(len(words) - n + 1)}


def near_duplicates(entries: Sequence[Entry], threshold: float = NEAR_DUPLICATE) -> list[tuple[str, str, float]]:
    """Pairs of entries whose shingle sets overlap by ≥ ``threshold`` (of the smaller set)."""
    shingles = [_shingles(e.text) for e in entries]
    index: dict[int, list[int]] = defaultdict(list)
    for i, sh in enumerate(shingles):
        for h in sh:
            index[h].append(i)
    pairs: list[tuple[str, str, float]] = []
    for i, sh in enumerate(shingles):
        shared: Counter[int] = Counter()
        for h in sh:
            for j in index[h]:
                if j > i:
                    shared[j] += 1
        for j, count in shared.items():
            score = count / max(1, min(len(sh), len(shingles[j])))
            if score >= threshold:
                pairs.append((entries[i].id, entries[j].id, round(score, 3)))
    return pairs


def validate(entries: Sequence[Entry], *, check_language: bool = True,
             check_near_duplicates: bool = True) -> ValidationReport:
    """Check schema, label ids, duplicate ids, exact and near duplicate texts,
    and that each entry's text is in its declared language."""
    problems: list[Problem] = []
    known = set(taxonomy.labels())
    ids: Counter[str] = Counter(e.id for e in entries)
    texts: dict[str, str] = {}
    for e in entries:
        where = f"{e.source}:{e.line}"
        if ids[e.id] > 1:
            problems.append(Problem(e.id, where, "duplicate id"))
        bad = [lab for lab in e.labels if lab not in known]
        if bad:
            problems.append(Problem(e.id, where, f"unknown labels {bad}"))
        if e.tradition not in TRADITIONS:
            problems.append(Problem(e.id, where, f"unknown tradition {e.tradition!r}", "warning"))
        if not e.text.strip():  # "Repealed." is a legitimate (short) provision; nothing is not
            problems.append(Problem(e.id, where, "text is empty"))
        sub_labels: set[str] = set()
        for sub in e.subdivisions:
            if not isinstance(sub, dict) or "text" not in sub:
                problems.append(Problem(e.id, where, "a subdivision lacks 'text'"))
                continue
            sub_labels.update(sub.get("labels", []))
            bad = [lab for lab in sub.get("labels", []) if lab not in known]
            if bad:
                problems.append(Problem(e.id, where, f"unknown subdivision labels {bad}"))
        if not sub_labels <= set(e.labels):
            problems.append(Problem(e.id, where, f"labels miss subdivision labels {sorted(sub_labels - set(e.labels))}"))
        key = re.sub(r"\W+", " ", e.text.lower()).strip()
        if key in texts:
            problems.append(Problem(e.id, where, f"exact duplicate of {texts[key]}"))
        else:
            texts[key] = e.id
    for a, b, score in near_duplicates(entries) if check_near_duplicates else []:
        problems.append(Problem(b, "", f"near duplicate of {a} ({score:.0%} shared 5-grams)"))
    if check_language:
        from .language import detect

        for e in entries:
            if len(e.text) < 40:
                continue
            guess = detect(e.text)
            if guess.lang not in ("und", e.lang) and not (e.lang in ("zh", "ja") and guess.lang in ("zh", "ja")):
                problems.append(Problem(e.id, f"{e.source}:{e.line}",
                                        f"declared {e.lang!r} but reads as {guess.lang!r} ({guess.confidence:.2f})",
                                        "warning" if guess.confidence < 0.9 else "error"))
    return ValidationReport(len(entries), problems)


def stats(entries: Sequence[Entry]) -> dict[str, Any]:
    """Label × language counts of positive entries, negatives per language."""
    langs = sorted({e.lang for e in entries})
    table: dict[str, Counter[str]] = {lab: Counter() for lab in taxonomy.labels()}
    negatives: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for e in entries:
        totals[e.lang] += 1
        if not e.labels:
            negatives[e.lang] += 1
        for lab in set(e.labels):
            if lab in table:
                table[lab][e.lang] += 1
    return {"languages": langs, "table": {k: dict(v) for k, v in table.items()},
            "negatives": dict(negatives), "totals": dict(totals), "entries": len(entries)}


def stats_table(summary: dict[str, Any], *, markdown: bool = False) -> str:
    """The label × language table as aligned text or Markdown."""
    langs: list[str] = summary["languages"]
    header = ["label", *langs, "total", "non-en"]
    rows = []
    for lab, counts in summary["table"].items():
        total = sum(counts.values())
        rows.append([lab, *[str(counts.get(lg, 0)) for lg in langs], str(total), str(total - counts.get("en", 0))])
    rows.append(["(negatives)", *[str(summary["negatives"].get(lg, 0)) for lg in langs],
                 str(sum(summary["negatives"].values())), ""])
    rows.append(["(entries)", *[str(summary["totals"].get(lg, 0)) for lg in langs], str(summary["entries"]), ""])
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([fmt(header), *map(fmt, rows)])

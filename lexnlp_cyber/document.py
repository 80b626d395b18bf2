"""The document model shared by every stage.

Each stage reads the :class:`Document` the previous stage produced and adds to
it: ``extract`` fills pages, text and furniture; ``segment`` fills
provisions; ``classify`` fills labels. Offsets are kept end to end: a
:class:`Provision` spans ``document.text[start:end]``; an :class:`Evidence`
spans ``provision.text[start:end]``; :meth:`Document.locate` maps a document
offset back to its page and line box.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1

#: Provision levels: containers hold units, units hold subdivisions.
CONTAINER = "container"
UNIT = "unit"
SUBDIVISION = "subdivision"


@dataclass
class Box:
    """A run of body text on a page: ``document.text[start:end]`` was read
    from the rectangle (x0, top, x1, bottom), in PDF points from the top-left."""

    start: int
    end: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Page:
    """One page of the source. ``number`` is 1-based; ``start``/``end`` span
    the page's body text in ``Document.text``."""

    number: int
    start: int = 0
    end: int = 0
    width: float = 0.0
    height: float = 0.0
    columns: int = 1
    boxes: list[Box] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # e.g. "scanned", "ocr", "cid-garbage", "toc"


@dataclass
class Furniture:
    """Text removed from the body (running header, footer, page number,
    masthead, table of contents), kept so the removal can be audited."""

    kind: str
    page: int
    text: str
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0


@dataclass
class LanguageGuess:
    """A detected language with its probability and the runners-up.

    ``lang`` is an ISO 639-1 code, or ``"und"`` when the text is too short or
    in a language the detector does not know (e.g. Kinyarwanda)."""

    lang: str
    confidence: float = 0.0
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    method: str = "langdetect"  # "langdetect" | "script" | "context" | "declared"


@dataclass
class Stream:
    """A language stream of a multilingual gazette that was not kept as the
    body (e.g. the Kinyarwanda and French columns when English is kept)."""

    lang: str
    text: str
    pages: list[int] = field(default_factory=list)


@dataclass
class Notice:
    """A coded warning attached to a document (see :mod:`lexnlp_cyber.errors`)."""

    code: str
    message: str
    page: int | None = None


@dataclass
class Evidence:
    """What drove a label: a cue-term match, a top-weighted n-gram or the
    provision's heading, with its span in ``Provision.text``; or the context
    (a chapter heading, the neighbouring provisions), which has no span there
    (start = end = 0)."""

    kind: str  # "cue" | "ngram" | "heading" (the heading view) | "context" | "reference" (a cited provision)
    text: str
    start: int
    end: int
    weight: float = 0.0
    concept: str | None = None
    #: The page the span starts on, once the provision is placed in a document.
    page: int | None = None


@dataclass
class Label:
    """A taxonomy label on a provision with its probability and evidence."""

    id: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Provision:
    """A node of the provision tree.

    ``level`` is ``container`` (part, chapter…), ``unit`` (section, article,
    §…) or ``subdivision`` (subsection, paragraph…). ``kind`` is the Akoma
    Ntoso element name (``part``, ``chapter``, ``section``, ``article``,
    ``subsection``, ``paragraph``…). ``text`` is ``document.text[start:end]``
    (the whole node, children included); ``quoted`` marks provisions quoted
    inside an amending provision (Akoma Ntoso ``quotedStructure``)."""

    eid: str
    kind: str
    level: str
    num: str | None = None
    heading: str | None = None
    text: str = ""
    start: int = 0
    end: int = 0
    pages: tuple[int, int] = (1, 1)
    lang: str | None = None
    children: list[Provision] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    quoted: bool = False
    repealed: bool = False
    #: Probability of every label the classifier scored ≥ 0.01 (labels holds those above threshold).
    label_scores: dict[str, float] = field(default_factory=dict)

    def walk(self) -> Iterator[Provision]:
        """This node and all its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def label_ids(self) -> list[str]:
        return [label.id for label in self.labels]

    def scores(self) -> dict[str, float]:
        """Label → probability: every scored label, those above threshold included."""
        merged = dict(self.label_scores)
        merged.update({label.id: label.score for label in self.labels})
        return dict(sorted(merged.items(), key=lambda kv: -kv[1]))


@dataclass
class Document:
    """A piece of legislation as the pipeline sees it."""

    source: str
    sha256: str = ""
    media_type: str = "text/plain"
    text: str = ""
    pages: list[Page] = field(default_factory=list)
    language: LanguageGuess | None = None
    streams: list[Stream] = field(default_factory=list)
    provisions: list[Provision] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def lang(self) -> str | None:
        return self.language.lang if self.language else None

    def walk(self) -> Iterator[Provision]:
        """Every provision of the tree, depth first."""
        for provision in self.provisions:
            yield from provision.walk()

    def units(self) -> list[Provision]:
        """The top-level units (section / article / § level), in order.

        Containers are looked through; subdivisions and provisions quoted
        inside an amending unit are not top-level."""
        found: list[Provision] = []

        def visit(node: Provision) -> None:
            if node.level == UNIT and not node.quoted:
                found.append(node)
            elif node.level == CONTAINER:
                for child in node.children:
                    visit(child)

        for root in self.provisions:
            visit(root)
        return found

    def page_of(self, offset: int) -> int:
        """The 1-based page number holding document offset ``offset``."""
        if not self.pages:
            return 1
        # Called for every node and every evidence span: search, don't rebuild a list.
        index = max(0, bisect_right(self.pages, offset, key=lambda page: page.start) - 1)
        return self.pages[index].number

    def locate(self, offset: int) -> tuple[int, Box | None]:
        """The page and the line box that document offset ``offset`` came from."""
        number = self.page_of(offset)
        for page in self.pages:
            if page.number == number:
                for box in page.boxes:
                    if box.start <= offset < box.end:
                        return number, box
                return number, None
        return number, None

    def warn(self, code: str, message: str, page: int | None = None) -> None:
        self.warnings.append(Notice(code, message, page))

    # -- JSON round trip ---------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["schema"] = SCHEMA_VERSION
        return data

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        from .errors import Errors, LexnlpCyberError

        schema = data.get("schema", SCHEMA_VERSION)
        if schema != SCHEMA_VERSION:
            raise LexnlpCyberError(Errors.E030.format(found=schema, expected=SCHEMA_VERSION))
        language = data.get("language")
        return cls(
            source=data["source"],
            sha256=data.get("sha256", ""),
            media_type=data.get("media_type", "text/plain"),
            text=data.get("text", ""),
            pages=[_page(p) for p in data.get("pages", [])],
            language=_language(language) if language else None,
            streams=[Stream(**s) for s in data.get("streams", [])],
            provisions=[provision_from_dict(p) for p in data.get("provisions", [])],
            furniture=[Furniture(**f) for f in data.get("furniture", [])],
            warnings=[Notice(**w) for w in data.get("warnings", [])],
            metadata=dict(data.get("metadata", {})),
        )

    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls.from_dict(json.loads(text))


def _page(data: dict[str, Any]) -> Page:
    fields = dict(data)
    fields["boxes"] = [Box(**b) for b in data.get("boxes", [])]
    return Page(**fields)


def _language(data: dict[str, Any]) -> LanguageGuess:
    fields = dict(data)
    fields["alternatives"] = [tuple(a) for a in data.get("alternatives", [])]
    return LanguageGuess(**fields)


def provision_from_dict(data: dict[str, Any]) -> Provision:
    fields = dict(data)
    fields["pages"] = tuple(data.get("pages", (1, 1)))
    fields["children"] = [provision_from_dict(c) for c in data.get("children", [])]
    fields["labels"] = [
        Label(id=lab["id"], score=lab["score"], evidence=[Evidence(**e) for e in lab.get("evidence", [])])
        for lab in data.get("labels", [])
    ]
    return Provision(**fields)

"""Tests of lexnlp_cyber.extract: layouts, furniture, TOC, repair, inputs, errors."""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from lexnlp_cyber.document import Document
from lexnlp_cyber.errors import ExtractionError, InputError, LexnlpCyberError
from lexnlp_cyber.extract import extract, repair

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_WORDS = ["data", "system", "program", "network", "device", "record", "message", "password", "traffic"]
BODY = [f"Section {n}. The offence number {n} is committed by any person who without right accesses "
        f"a computer {_WORDS[n]} and interferes with the {_WORDS[-n]} held in it." for n in range(1, 9)]


def _pdf(pages: list[list[str]], *, columns: int = 1, header: str | None = "Computer Misuse Act",
         toc: list[str] | None = None, encrypt: str | None = None) -> bytes:
    """A PDF drawn with reportlab: running header, 'Page N of M' footer,
    optional TOC page, text in one or more columns."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    width, height = A4
    total = len(pages) + (1 if toc else 0)
    number = 0

    def furniture() -> None:
        if header:
            c.setFont("Helvetica", 9)
            c.drawCentredString(width / 2, height - 1.2 * cm, header)
        c.setFont("Helvetica", 9)
        c.drawCentredString(width / 2, 1.0 * cm, f"Page {number} of {total}")

    if toc:
        number += 1
        furniture()
        c.setFont("Helvetica-Bold", 12)
        c.drawString(2 * cm, height - 3 * cm, "ARRANGEMENT OF SECTIONS")
        c.setFont("Helvetica", 10)
        for i, entry in enumerate(toc):
            c.drawString(2 * cm, height - 4 * cm - i * 14, f"{entry} {'.' * 60} {i + 2}")
        c.showPage()
    for lines in pages:
        number += 1
        furniture()
        c.setFont("Helvetica", 10)
        col_width = (width - 4 * cm) / columns
        per_col = (len(lines) + columns - 1) // columns
        for i, line in enumerate(lines):
            col, row = divmod(i, per_col)
            c.drawString(2 * cm + col * (col_width + 0.3 * cm), height - 3 * cm - row * 14, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


@pytest.fixture(scope="module")
def plain_pdf() -> bytes:
    lines = [ln for para in BODY for ln in _wrap(para, 90)]
    return _pdf([lines[:10], lines[10:]])


def test_plain_pdf_furniture_removed(plain_pdf: bytes) -> None:
    doc = extract(plain_pdf)
    assert doc.source == "<bytes>" and doc.media_type == "application/pdf" and len(doc.sha256) == 64
    assert "Page 1 of 2" not in doc.text and "Computer Misuse Act" not in doc.text
    kinds = {f.kind for f in doc.furniture}
    assert {"header", "page-number"} & kinds or {"footer"} & kinds
    assert any(f.page == 2 for f in doc.furniture)
    words = " ".join(BODY).split()
    assert doc.text.split() == words
    assert doc.lang == "en"


def test_offsets_trace_to_page_and_box(plain_pdf: bytes) -> None:
    doc = extract(plain_pdf)
    offset = doc.text.index("Section 8.")
    page, box = doc.locate(offset)
    assert page == 2 and box is not None and box.x0 > 0 and box.top > 0
    for p in doc.pages:
        for b in p.boxes:
            assert p.start <= b.start <= b.end <= p.end
    assert Document.from_json(doc.to_json()).text == doc.text


def test_two_columns_read_in_order() -> None:
    first = [ln for para in BODY for ln in _wrap(para, 42)]
    second = [ln for para in BODY[::-1] for ln in _wrap(para, 42)]
    doc = extract(_pdf([first, second], columns=2))
    assert doc.pages[0].columns == 2
    assert doc.text.split() == " ".join(BODY + BODY[::-1]).split()


def test_toc_detected_and_kept_for_audit() -> None:
    lines = [ln for para in BODY[:3] for ln in _wrap(para, 90)]
    doc = extract(_pdf([lines], toc=["1. Short title", "2. Interpretation", "3. Offences"]))
    assert "...." not in doc.text and "ARRANGEMENT" not in doc.text
    assert "toc" in doc.pages[0].flags
    assert sum(1 for f in doc.furniture if f.kind == "toc") == 4
    assert doc.text.startswith("Section 1.")


@pytest.mark.parametrize("left,right,expected", [
    ("the remo", "vable storage", ""),
    ("section 323", "1 of the code", "-"),
    ("the Anti", "Cyber Crime Law", "-"),
    ("by e", "mail or post", "-"),
    ("an ordinary", "(a) item", None),
])
def test_hyphen_decision(left: str, right: str, expected: str | None) -> None:
    assert repair.hyphen_decision(left, right, None) == expected


def test_hyphen_uses_document_vocabulary() -> None:
    vocab = repair.Vocabulary(["the co-operation of states", "cybersecurity is"])
    assert repair.hyphen_decision("international co", "operation", vocab) == "-"
    assert repair.hyphen_decision("national cyber", "security", vocab) == ""


@pytest.mark.parametrize("raw,clean", [
    ("e\ufb03cient o\ufb00ence", "efficient offence"),
    ("soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"),
    ("\ufefb", "\u0644\u0627"),
    ("\ufee3\ufea4\ufedc\ufee4\ufe94", "\u0645\u062d\u0643\u0645\u0629"),
    ("第一条，中华", "第一条，中华"),
])
def test_normalize(raw: str, clean: str) -> None:
    assert repair.normalize(raw) == clean


def test_visual_order_rtl_keeps_numbers() -> None:
    logical = "\u0642\u0627\u0646\u0648\u0646 \u0631\u0642\u0645 185 \u0644\u0633\u0646\u0629 2023"
    # Visual order: letters painted right to left, digit runs left to right.
    visual = "2023 \u0629\u0646\u0633\u0644 185 \u0645\u0642\u0631 \u0646\u0648\u0646\u0627\u0642"
    assert repair.visual_to_logical(visual) == logical


def test_cid_garbage_share() -> None:
    assert repair.cid_share("(cid:12)(cid:13) ab") > 0.5
    assert repair.cid_share("plain text") == 0.0


@pytest.mark.parametrize("name,data,expected", [
    ("act.txt", b"Section 1. Title\n\nThis Act may be cited.\n", ["Section 1. Title", "", "This Act may be cited."]),
    ("act.md", b"---\ntitle: x\n---\n# Part I\n\n**Section 1.** A *person* [who](http://x) acts.\n- item\n",
     ["Part I", "", "Section 1. A person who acts.", "item"]),
    ("act.html", b"<html><head><style>p{}</style><script>var a;</script></head><body><nav>Home</nav>"
     b"<h1>Act</h1><p>Section 1.<br>Text &amp; more</p></body></html>", ["Act", "Section 1.", "Text & more"]),
])
def test_text_inputs(tmp_path: Path, name: str, data: bytes, expected: list[str]) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    doc = extract(path)
    assert [ln for ln in doc.text.split("\n")] == expected
    assert len(doc.pages) == 1 and doc.source == str(path)


def test_str_text_and_file_object() -> None:
    doc = extract("Section 1.\nA person commits an offence.")
    assert doc.source == "<text>" and doc.text.endswith("offence.")
    doc = extract(io.BytesIO(b"Section 1.\nText."))
    assert doc.source == "<bytes>" and "Text." in doc.text


def _code(exc: pytest.ExceptionInfo[LexnlpCyberError]) -> str | None:
    return exc.value.code


@pytest.mark.parametrize("make,code", [
    (lambda tmp: tmp / "missing.pdf", "E001"),
    (lambda tmp: _write(tmp / "empty.pdf", b""), "E018"),
    (lambda tmp: _write(tmp / "fake.pdf", b"<html>not a pdf</html>"), "E010"),
    (lambda tmp: _write(tmp / "broken.pdf", b"%PDF-1.4\n1 0 obj garbage"), "E011"),
    (lambda tmp: _write(tmp / "doc.docx", b"PK\x03\x04"), "E003"),
])
def test_bad_inputs(tmp_path: Path, make: Callable[[Path], Path], code: str) -> None:
    with pytest.raises(InputError) as exc:
        extract(make(tmp_path))
    assert _code(exc) == code


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_wrong_type() -> None:
    with pytest.raises(InputError) as exc:
        extract(12)
    assert _code(exc) == "E002"


def test_encrypted_pdf() -> None:
    data = _pdf([["Section 1. Secret text of the law."] * 6], encrypt="s3cret")
    with pytest.raises(InputError) as exc:
        extract(data)
    assert _code(exc) == "E012"
    assert "Secret text" in extract(data, password="s3cret").text


def test_limits(plain_pdf: bytes) -> None:
    with pytest.raises(InputError) as exc:
        extract(plain_pdf, max_pages=1)
    assert _code(exc) == "E014"
    with pytest.raises(InputError) as exc:
        extract(plain_pdf, max_bytes=100)
    assert _code(exc) == "E016"
    with pytest.raises(ExtractionError) as err:
        extract(plain_pdf, timeout=0)
    assert err.value.code == "E015"


def _image_only_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (200, 100), 255)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(image), 50, 500, 200, 100)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_scanned_page_reported_without_ocr() -> None:
    with pytest.warns(UserWarning):
        doc = extract(_image_only_pdf(), ocr=False)
    assert doc.pages[0].flags == ["scanned"] and doc.text == ""
    assert [w.code for w in doc.warnings][:1] == ["W001"]


def blank_pdf(pages: int) -> bytes:
    """A minimal hand-written PDF of blank pages (fast for thousands)."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_fuzz_blank_5000_pages_within_limits() -> None:
    data = blank_pdf(5000)
    started = time.monotonic()
    try:
        doc = extract(data, max_pages=5000, timeout=60)
        assert len(doc.pages) == 5000 and doc.text == ""
    except LexnlpCyberError as exc:
        assert exc.code in ("E015",)
    assert time.monotonic() - started < 90
    with pytest.raises(InputError) as exc_info:
        extract(data, max_pages=100)
    assert _code(exc_info) == "E014"


def test_fuzz_truncations_and_flips(plain_pdf: bytes) -> None:
    rng = random.Random(0)
    cases = [plain_pdf[: rng.randrange(1, len(plain_pdf))] for _ in range(15)]
    for _ in range(15):
        flipped = bytearray(plain_pdf)
        for _ in range(20):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        cases.append(bytes(flipped))
    cases.append(_image_only_pdf())
    for data in cases:
        try:
            doc = extract(data, timeout=20, ocr=False)
        except LexnlpCyberError as exc:
            assert exc.code and exc.code.startswith("E0")
        else:
            assert isinstance(doc.text, str)


@pytest.fixture(scope="module")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.mark.shared
@pytest.mark.parametrize("stem", ["KEN__computer-misuse-and-cybercrimes-act-2018.json__twocol",
                                  "DEU__stgb.md__excerpt__hyphen", "FRA__code-penal.md__excerpt__toc"])
def test_shared_pdfs_match_canon(shared: Path, stem: str) -> None:
    import difflib
    import re

    doc = extract(shared / "pdf" / f"{stem}.pdf")
    canon_name = stem.rsplit("__", 1)[0] + ".txt"
    canon = (shared / "canon" / canon_name).read_text(encoding="utf-8")
    a, b = re.findall(r"\w+", doc.text.lower()), re.findall(r"\w+", canon.lower())
    assert difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.99

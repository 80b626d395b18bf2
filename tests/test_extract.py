"""Tests of lexnlp_cyber.extract: layouts, furniture, TOC, repair, inputs, errors."""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import lexnlp_cyber as lc
from lexnlp_cyber.document import Document
from lexnlp_cyber.errors import ExtractionError, InputError, LexnlpCyberError, LexnlpCyberWarning
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
    # a dash the publisher's converter lost between a title and the text (Philippine HTML:
    # 1 of 31 headings found); elsewhere the replacement character goes
    ("Section 2. Declaration of Policy. \ufffd The State", "Section 2. Declaration of Policy. \u2014 The State"),
    ("bad\ufffd byte", "bad byte"),
])
def test_normalize(raw: str, clean: str) -> None:
    assert repair.normalize(raw) == clean


@pytest.mark.parametrize("raw,clean", [
    # regression: text from converters that reverse lam-alef ligatures (the
    # Moroccan codes in Arabic) matched no cue: "اآللية" for "الآلية"
    ("\u0627\u0622\u0644\u064a\u0629", "\u0627\u0644\u0622\u064a\u0629"),
    ("\u0627\u0623\u0644\u0646\u0638\u0645\u0629", "\u0627\u0644\u0623\u0646\u0638\u0645\u0629"),
    ("\u0627\u0627\u0644\u062a\u0635\u0627\u0627\u0644\u062a",
     "\u0627\u0644\u0627\u062a\u0635\u0627\u0644\u0627\u062a"),
    ("\u0644\u0623\u0644\u0641\u0639\u0627\u0644", "\u0644\u0644\u0623\u0641\u0639\u0627\u0644"),
    # clean Arabic is never touched: "الأنظمة", "خلال", "ألف"
    ("\u0627\u0644\u0623\u0646\u0638\u0645\u0629", "\u0627\u0644\u0623\u0646\u0638\u0645\u0629"),
    ("\u062e\u0644\u0627\u0644", "\u062e\u0644\u0627\u0644"),
    ("\u0623\u0644\u0641", "\u0623\u0644\u0641"),
])
def test_swapped_lam_alef_letters_are_put_back(raw: str, clean: str) -> None:
    assert repair.normalize(raw) == clean
    assert len(repair.repair_lam_alef(raw)) == len(raw)  # offsets stay valid


@pytest.mark.parametrize("raw,clean", [
    # regression: a converter that swapped every lam-alef also wrote "خالل" for "خلال", "التسجيالت" for
    # "التسجيلات" and "إتالف" for "إتلاف", where no two alefs meet; the Moroccan codes lost their cue words
    ("يعاقب خالل مدة إال إذا تم إتالف التسجيالت", "يعاقب خلال مدة إلا إذا تم إتلاف التسجيلات"),
    # a text with the correct forms is left alone, and so is a swapped-looking form in it
    ("يعاقب خلال مدة إلا إذا تم إتلاف التسجيلات خالل", "يعاقب خلال مدة إلا إذا تم إتلاف التسجيلات خالل"),
    # too few known words to judge: left alone
    ("خالل السنة", "خالل السنة"),
    ("No Arabic here.", "No Arabic here."),
])
def test_swapped_lam_alef_words_are_put_back_in_a_swapped_text(raw: str, clean: str) -> None:
    assert repair.repair_swapped_words(raw) == clean
    assert len(repair.repair_swapped_words(raw)) == len(raw)  # offsets stay valid


def test_the_swapped_word_table_never_maps_a_word_of_its_vocabulary() -> None:
    table, correct = repair._swapped_words()
    assert table and not set(table) & correct
    assert all("\u0644\u0627" in word for word in correct)


def test_extract_repairs_swapped_words_over_the_whole_document(tmp_path: Path) -> None:
    path = tmp_path / "code.txt"
    path.write_text("المادة 1\nيعاقب خالل مدة إال إذا\nالمادة 2\nتم إتالف التسجيالت\n", encoding="utf-8")
    doc = extract(str(path))
    assert "خلال" in doc.text and "إتلاف التسجيلات" in doc.text and "خالل" not in doc.text


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
    # treaty exports write ATX headings without the space CommonMark wants; the
    # hashes hid "Article 1" from segmentation (1 unit of 35 in an English protocol)
    ("treaty.md", b"###Article 1 \n\n####Scope\n#5 is not a heading\n",
     ["Article 1 Scope", "#5 is not a heading"]),
    # a label heading and the title heading under it are one heading (the title
    # was a paragraph away from its label: 0 of 48 Budapest Convention headings)
    ("split.md", b"### CHAPTER  I\n\n#### USE OF TERMS\n\n### Article  1\n\n#### Definitions\n\nFor the purposes:\n\n"
     b"### Article 2\n\nText.\n", ["CHAPTER  I USE OF TERMS", "", "Article  1 Definitions", "", "For the purposes:", "",
                                    "Article 2", "", "Text."]),
    # ... but a label under a label stays apart (French procedure code: article A40-2 was lost)
    ("labels.md", b"##### Chapitre VI\n\n###### Article A40-2\n\nSans\n", ["Chapitre VI", "", "Article A40-2", "", "Sans"]),
    ("act.html", b"<html><head><style>p{}</style><script>var a;</script></head><body><nav>Home</nav>"
     b"<h1>Act</h1><p>Section 1.<br>Text &amp; more</p></body></html>", ["Act", "Section 1.", "Text & more"]),
    # BOE pages: a form's legend ("Seleccionar redacción:") read as the colon that opens an
    # amendment's quotation and nested the next three dispositions; the page's menu of
    # in-page links added a unit "Disposición final quinta" before the preamble
    ("boe.html", "<html><body><ul><li><a href='#a1'>Artículo 1</a></li><li><a href='#a2'>Artículo 2</a></li>"
     "<li><a href='#df'>Disposición final</a></li></ul><p>Artículo 1. Objeto.</p><p>Se modifica el apartado 5.</p>"
     "<form><fieldset><legend>Seleccionar redacción:</legend><label for='v'>Texto original</label></fieldset></form>"
     "<ul><li>a) <a href='#a1'>uno</a></li><li>b) dos</li><li>c) tres</li></ul>".encode(),
     ["Artículo 1. Objeto.", "Se modifica el apartado 5.", "a) uno", "b) dos", "c) tres"]),
    # pravo.gov.ru: raised digits after an article number are its insertion number
    ("uk.html", "<style>.W9{vertical-align:top}</style><p>Статья 53<span class='W9'>1</span>. Работы</p>"
     "<p>x<sup>2</sup> <sup>(*)</sup></p>".encode(), ["Статья 53¹. Работы", "x² (*)"]),
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
    for data in cases:
        try:
            doc = extract(data, timeout=20, ocr=False)
        except LexnlpCyberError as exc:
            assert exc.code and exc.code.startswith("E0")
        else:
            assert isinstance(doc.text, str)
    # a scan read without OCR: an empty page, and a warning that says why
    with pytest.warns(LexnlpCyberWarning, match=r"\[W001\]"):
        doc = extract(_image_only_pdf(), timeout=20, ocr=False)
    assert doc.text.strip() == ""


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


# -- regressions --------------------------------------------------------------------
def test_toc_without_page_numbers_with_recurring_section_titles() -> None:
    """A TOC without page numbers (Rwanda's gazettes) in which "Section One:
    Preliminary provisions" recurs in every chapter must be removed whole,
    with the law's title printed above it; every body heading stays, in order."""
    title = "LAW N°24/2016 OF 18/06/2016 GOVERNING INFORMATION TECHNOLOGIES"
    chapters = [("CHAPTER ONE: GENERAL PROVISIONS", ["Article One: Purpose of this Law", "Article 2: Scope of this Law"]),
                ("CHAPTER II: POSTAL SERVICES", ["Article 3: Postal correspondences", "Article 4: Reserved services"]),
                ("CHAPTER III: SANCTIONS", ["Article 5: Carrying out business without a license",
                                            "Article 6: Hindering inspection"])]
    toc = [title, "TABLE OF CONTENTS"]
    body = [title, "We, the President of the Republic, promulgate the following law:"]
    for chapter, articles in chapters:
        toc += [chapter, "Section One: Preliminary provisions"] + articles
        body += [chapter, "Section One: Preliminary provisions"]
        for article in articles:
            body += [article, "Any person who accesses a computer system without right commits an offence."]
    doc = extract(_pdf([toc, body[:14], body[14:]]))
    headings = [ln for ln in doc.text.splitlines() if ln.startswith("Article")]
    assert headings == [a for _, articles in chapters for a in articles]
    assert doc.text.count("LAW N°24/2016") == 1 and "TABLE OF CONTENTS" not in doc.text
    assert doc.text.startswith(title)
    assert sum(1 for f in doc.furniture if f.kind == "toc") == len(toc)


def _arabic_gazette_pdf() -> bytes:
    """An Arabic page as some gazette producers write it: glyphs in logical
    order painted right to left, ToUnicode mapping shaped glyphs to base
    letters and the lam-alef ligature to its letters in visual order (alef,
    lam), brackets stored as painted, and vowel marks apart from their letters."""
    import re
    import unicodedata

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("DejaVu Sans is absent")
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(font)))
    # Shaped (presentation) forms in logical order; digits are one run.
    la, taqil = "\ufefb", "\ufe97\ufed8\ufede"
    almada = "\ufe8d\ufedf\ufee4\ufe8e\ufea9\ufe93"
    qanun = "\ufed7\ufe8e\ufee7\ufeee\ufee5"
    lines = [[qanun + " ", "185", " (" + almada + ") " + la + " " + taqil + " ", "2023"],
             ["\u064f" + taqil + " " + la + " " + taqil + " (" + almada + ")"]]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0)
    for row, runs in enumerate(lines * 3):
        x = 520.0
        for run in runs:
            if run.isdigit():
                x -= pdfmetrics.stringWidth(run, "DejaVuSans", 14)
                c.setFont("DejaVuSans", 14)
                c.drawString(x, 760 - 24 * row - (20 if row else 0), run)
                continue
            for ch in run:
                x -= pdfmetrics.stringWidth(ch, "DejaVuSans", 14)
                c.setFont("DejaVuSans", 14)
                c.drawString(x, 760 - 24 * row - (20 if row else 0), ch)
    c.showPage()
    c.save()
    data = buf.getvalue()

    def letters(match: re.Match[bytes]) -> bytes:
        code = int(match.group(1), 16)
        text = "\u0627\u0644" if code == 0xFEFB else unicodedata.normalize("NFKC", chr(code))
        return b"> <" + "".join(f"{ord(ch):04X}" for ch in text).encode() + b">"

    out = bytearray(b"%PDF-1.4\n")
    offsets: dict[int, int] = {}
    for number, body in re.findall(rb"(\d+) 0 obj\r?\n(.*?)endobj", data, re.S):
        if b"beginbfchar" in body:
            head, stream = body.split(b"stream\n", 1)
            stream = re.sub(rb"> <(F[B-E][0-9A-F]{2})>", letters, stream.rsplit(b"endstream", 1)[0])
            body = re.sub(rb"/Length \d+", b"/Length %d" % len(stream), head) + b"stream\n" + stream + b"endstream\n"
        offsets[int(number)] = len(out)
        out += number + b" 0 obj\n" + body + b"endobj\n"
    trailer = re.search(rb"trailer\s*(<<.*?>>)\s*startxref", data, re.S)
    assert trailer is not None
    xref, size = len(out), max(offsets) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n" + trailer.group(1) + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_arabic_ligatures_brackets_and_numbers() -> None:
    doc = extract(_arabic_gazette_pdf())
    text = doc.text
    assert "\u0644\u0627 \u062a\u0642\u0644" in text  # "لا تقل", not "ال تقل"
    assert "\u0627\u0644 \u062a\u0642\u0644" not in text
    assert "(\u0627\u0644\u0645\u0627\u062f\u0629)" in text  # "(المادة)"
    assert ")\u0627\u0644\u0645\u0627\u062f\u0629(" not in text
    assert "2023" in text and "3202" not in text and "185" in text
    assert "\u062a\u064f\u0642\u0644" in text  # the mark follows its letter
    assert doc.lang == "ar"


def test_running_header_tolerates_ocr_jitter_and_noise() -> None:
    """OCR'd pages: the running header and footer move by a few points from
    page to page and carry stray punctuation; they are still furniture."""
    from lexnlp_cyber.extract.furniture import mark_running
    from lexnlp_cyber.extract.layout import Line

    rng = random.Random(3)
    headers = ["‘Convention on Cybercrime —", "Convention on Cybercrime.", "- Convention on Cybercrime -",
               "Convention on Cybercrime", "*- » Convention on Cybercrime’", "Convention on Cybercrime\""]
    footers = ["Page 2 of 6°", ". Page 3 of 6 *", "Page 4-of 6 2", ": Page 5 of 6", "_. Page 6 of 6", "Page 7of6."]
    pages = []
    for number, (header, footer) in enumerate(zip(headers, footers, strict=True), 1):
        jitter = rng.uniform(-3.5, 3.5)
        lines = [Line(header, 200, 38 + jitter, 400, 50 + jitter, number)]
        # OCR boxes are taller than the line spacing, and the footer is close.
        lines += [Line(f"Article {number * 10 + k} body text of the convention", 72, 90 + 17.5 * k + jitter,
                       520, 109 + 17.5 * k + jitter, number) for k in range(40)]
        lines.append(Line(footer, 250, 803 + jitter, 340, 818 + jitter, number))
        pages.append((842.0, lines))
    mark_running(pages)
    for _, lines in pages:
        assert lines[0].kind == "header" and lines[-1].kind in ("footer", "page-number")
        assert all(not line.kind for line in lines[1:-1])


@pytest.mark.parametrize(("headers", "furniture"), [
    # regression: OCR read one running header several ways ("INFORMA TION", "INI;OKMA 7'lON"), no
    # spelling reached half the pages, and the header stayed in the body ("4.02 ACCESS TO
    # INFORMATION" became a section 4.02)
    (["ACCESS TO INFORMATION", "ACCESS TO INFORMA TION", "4.02 ACCESS TO INFORMATION",
      "ACCESS TO INI;OKMA 7'lON", "ACCESS TO INFORMA TION 11", "ACCESS TO INFORM4 TION"], True),
    # different lines at the top of the pages stay body
    (["Offences against data", "Procedural powers", "Jurisdiction of the courts", "Production orders",
      "Interception of content", "Final provisions"], False),
])
def test_running_header_read_several_ways_by_ocr(headers: list[str], furniture: bool) -> None:
    from lexnlp_cyber.extract.furniture import mark_running
    from lexnlp_cyber.extract.layout import Line

    pages = []
    for number, header in enumerate(headers, 1):
        lines = [Line(header, 150, 40, 320, 52, number)]
        lines += [Line(f"{number * 10 + k}. A public authority shall publish its documents", 72, 90 + 17.5 * k,
                       520, 104 + 17.5 * k, number) for k in range(30)]
        pages.append((842.0, lines))
    mark_running(pages)
    assert [bool(lines[0].kind) for _, lines in pages] == [furniture] * len(headers)
    assert all(not line.kind for _, lines in pages for line in lines[1:])


def test_toc_without_page_numbers_worded_unlike_the_body() -> None:
    """The TOC words its first entry differently from the body heading
    ("Champs d'application" / "Champ d'application"): the TOC is still found
    from the next entries."""
    toc = ["TABLE DES MATIERES", "CHAPITRE PREMIER: DISPOSITIONS GENERALES", "Article premier: Objet de la loi",
           "Article 2: Champs d'application de la loi", "Article 3: Définitions", "Article 4: Infractions",
           "Article 5: Sanctions", "Article 6: Entrée en vigueur"]
    body = ["CHAPITRE PREMIER: DISPOSITIONS GENERALES"]
    for heading in ["Article premier: Objet de la loi", "Article 2: Champ d'application de la loi",
                    "Article 3: Définitions", "Article 4: Infractions", "Article 5: Sanctions",
                    "Article 6: Entrée en vigueur"]:
        body += [heading, "Quiconque accède sans droit à un système informatique commet une infraction."]
    doc = extract(_pdf([toc, body]), lang="fr")
    headings = [ln for ln in doc.text.splitlines() if ln.startswith("Article")]
    assert headings[:2] == ["Article premier: Objet de la loi", "Article 2: Champ d'application de la loi"]
    assert len(headings) == 6 and "TABLE DES MATIERES" not in doc.text


def test_empty_spaces_inside_arabic_words_are_dropped() -> None:
    """Justified Arabic (the Egyptian gazette): pdfium puts a space of no
    width inside words ("س نتين"); real word spaces have a width. A page whose
    spaces are all empty (a font with an empty space glyph) keeps them."""
    import ctypes

    from lexnlp_cyber.extract import engines

    text = "\u064a\u0639\u0627\u0642\u0628 \u0628\u0627\u0644\u062d\u0628\u0633 \u0645\u062f\u0629 \u0644\u0627 " \
           "\u062a\u0642\u0644 \u0639\u0646 \u0633 \u0646\u062a\u064a\u0646"  # يعاقب بالحبس مدة لا تقل عن س نتين
    spurious = text.index("\u0639\u0646 \u0633 ") + 4
    left, right = ctypes.c_double(), ctypes.c_double()

    class Fake:
        def __init__(self, empty: set[int]) -> None:
            self.empty = empty

        def FPDFText_GetCharBox(self, raw: object, i: int, *refs: object) -> None:  # noqa: N802
            left.value, right.value = 10.0, 10.0 if i in self.empty else 13.5

    for empty, expected in (({spurious}, text[:spurious] + text[spurious + 1:]),
                            ({i for i, ch in enumerate(text) if ch == " "}, text)):
        chars = list(text)
        engines._mark_empty_spaces(Fake(empty), None, text, chars, (), left, right)
        assert repair.normalize("".join(chars)) == expected


STREAMS = Path(__file__).parent / "fixtures" / "streams" / "accord-en-fr.md"


@pytest.mark.parametrize("lang, kept, other, first_heading", [
    (None, "en", "fr", "Purpose"),  # English is kept, as for parallel PDF columns
    ("fr", "fr", "en", "Objet"),
])
def test_versions_one_after_another_are_streams(lang: str | None, kept: str, other: str, first_heading: str) -> None:
    # Treaty collections print the English articles 1-12 and then the French
    # (or Dutch) ones; the Budapest Convention's Markdown was segmented in
    # Dutch, or with the Dutch version inside its last English article.
    with pytest.warns(LexnlpCyberWarning, match="W005"):
        doc = lc.segment(str(STREAMS), lang=lang)
    units = doc.units()
    assert doc.lang == kept and [u.num for u in units] == [str(n) for n in range(1, 13)]
    assert units[0].heading == first_heading and {u.lang for u in units} == {kept}
    assert [s.lang for s in doc.streams] == [other] and doc.metadata["stream_kept"] == kept
    assert "W005" in [w.code for w in doc.warnings]
    assert "Accord type" not in units[-1].text and "Model Agreement" not in units[-1].text


def test_a_monolingual_text_has_no_streams(tmp_path: Path) -> None:
    english = STREAMS.read_text(encoding="utf-8").split("# Accord type")[0]
    (tmp_path / "accord.md").write_text(english * 2, encoding="utf-8")
    doc = extract(tmp_path / "accord.md")
    assert doc.streams == [] and "streams" not in doc.metadata


def test_a_shorter_passage_in_another_language_is_not_a_version(tmp_path: Path) -> None:
    # A French act followed by an English annex a third of its length keeps
    # its French body: only versions of similar length are streams.
    text = STREAMS.read_text(encoding="utf-8")
    english, french = text.split("# Accord type")
    (tmp_path / "loi.md").write_text("# Accord type" + french * 3 + english, encoding="utf-8")
    doc = extract(tmp_path / "loi.md")
    assert doc.streams == [] and "Accord type" in doc.text and "Model Agreement" in doc.text


# -- OCR (Tesseract) -------------------------------------------------------------------

def _tesseract() -> bool:
    from lexnlp_cyber.extract import ocr

    return ocr.available()


def _scanned_pdf(lines: list[str]) -> bytes:
    """A page that is only a picture of printed lines, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    for k, line in enumerate(lines):
        draw.text((110, 150 + 60 * k), line, fill=0, font=font)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawImage(ImageReader(image), 0, 0, *A4)
    c.showPage()
    c.save()
    return buf.getvalue()


SCANNED = ["COMPUTER MISUSE ACT", "", "1. Short title", "This Act may be cited as the Computer Misuse Act.",
           "", "2. Unauthorised access", "A person who without right accesses a computer system",
           "commits an offence."]


@pytest.mark.skipif(not _tesseract(), reason="Tesseract is not installed")
def test_a_scanned_page_is_read_by_ocr_and_segmented() -> None:
    with pytest.warns(LexnlpCyberWarning, match="W003"):  # OCR'd text is flagged
        doc = lc.segment(extract(_scanned_pdf(SCANNED), ocr=True))
    assert "without right accesses a computer system" in " ".join(doc.text.split())
    assert [u.num for u in doc.units()] == ["1", "2"]
    assert doc.language.lang == "en"


@pytest.mark.skipif(not _tesseract(), reason="Tesseract is not installed")
def test_tesseract_runs_on_one_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: Tesseract's OpenMP threads spun waiting for each other, a page took 17 s of
    # wall time on two cores against 2 s on one thread (the same text). The real program runs
    # here, behind a wrapper that writes down the thread limit it was started with.
    import os
    import shutil

    import pytesseract

    seen = tmp_path / "limit.txt"
    wrapper = tmp_path / "tesseract"
    wrapper.write_text(f'#!/bin/sh\necho "${{OMP_THREAD_LIMIT:-unset}}" >> "{seen}"\n'
                       f'exec "{shutil.which("tesseract")}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(wrapper))
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    with pytest.warns(LexnlpCyberWarning, match="W003"):
        extract(_scanned_pdf(SCANNED[:4]), ocr=True, lang="en")
    assert set(seen.read_text().split()) == {"1"}
    assert "OMP_THREAD_LIMIT" not in os.environ  # the caller's environment is left as it was
    monkeypatch.setenv("OMP_THREAD_LIMIT", "2")  # a limit the user chose is kept
    with pytest.warns(LexnlpCyberWarning, match="W003"):
        extract(_scanned_pdf(SCANNED[:4]), ocr=True, lang="en")
    assert seen.read_text().split()[-1] == "2"


def _scan_with_text_layer(lines: list[str], layer: list[str]) -> bytes:
    """A scanned page (a picture of ``lines``) carrying an invisible OCR text layer ``layer``,
    as scanners that OCR their pages make them."""
    from reportlab.lib.pagesizes import A4

    picture = _scanned_pdf(lines)
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = pdfium.PdfDocument(picture)[0].render(scale=150 / 72).to_pil()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawImage(ImageReader(image), 0, 0, *A4)
    text = c.beginText(55, A4[1] - 80)
    text.setTextRenderMode(3)  # invisible, as an OCR layer is
    text.setFont("Helvetica", 14)
    for line in layer:
        text.textLine(line)
    c.drawText(text)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(("text", "share"), [
    ("A person who accesses a computer system without right commits an offence.", 0.0),
    ("Docu~ncnts affecting personill pri\\.ac!.. and rc\\,ic\\\\ of il111~11dmcut", 4 / 8),
    ("Article 202a, section 27KAA, the COVID-19 rules and an MP3 file.", 0.0),
])
def test_misread_share_of_a_text_layer(text: str, share: float) -> None:
    assert repair.misread_share(text)[0] == pytest.approx(share)


@pytest.mark.skipif(not _tesseract(), reason="Tesseract is not installed")
def test_a_scan_whose_own_text_layer_is_misread_is_read_again() -> None:
    # regression: a Jamaican act scanned with a poor OCR layer ("Docu~ncnts affecting personill
    # pri\.ac!..") kept that layer; its contents pages hid the act's first 31 sections
    layer = [w for _ in range(6) for w in ("Docu~ncnts affecting personill pri\\.ac!.. Offcncc rc\\,ic\\\\",
                                            "Transfcr of applications for il111~11dmcut or alu~otation")]
    with pytest.warns(LexnlpCyberWarning, match="W003"):
        doc = extract(_scan_with_text_layer(SCANNED, layer), ocr=True, lang="en")
    assert doc.pages[0].flags == ["poor-ocr-layer", "ocr"]
    assert "without right accesses a computer system" in " ".join(doc.text.split())
    assert "~" not in doc.text
    # a layer that reads well is kept, and so is any layer when OCR is off
    good = [" ".join(SCANNED)] * 6
    assert "ocr" not in extract(_scan_with_text_layer(SCANNED, good), ocr=True, lang="en").pages[0].flags
    assert "ocr" not in extract(_scan_with_text_layer(SCANNED, layer), ocr=False).pages[0].flags

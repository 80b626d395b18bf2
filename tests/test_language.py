"""Tests of lexnlp_cyber.language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lexnlp_cyber.document import Document, Provision
from lexnlp_cyber.language import assign_languages, detect, detect_document

EN = "Any person who intentionally accesses a computer system without right commits an offence and is liable."
FR = "Le fait d'accéder frauduleusement à tout ou partie d'un système de traitement automatisé est puni."
RW = ("Umuntu wese winjira mu buryo butemewe n'amategeko mu mikorere y'ikoranabuhanga ry'undi, "
      "ahanishwa igihano cy'igifungo kandi ashobora no gucibwa ihazabu ku byaha bikurikira.")


@pytest.mark.parametrize("text,lang,method", [
    (EN, "en", "langdetect"),
    (FR, "fr", "langdetect"),
    ("第二百八十五条　违反国家规定，侵入国家事务、国防建设、尖端科学技术领域的计算机信息系统的", "zh", "script"),
    ("第百六十八条の二　正当な理由がないのに、その使用者の意図とは無関係に", "ja", "script"),
    ("Статья 272. Неправомерный доступ к охраняемой законом компьютерной информации", "ru", "langdetect"),
    ("كل من دخل عمدا وبغير حق إلى موقع أو نظام معلوماتي يعاقب بالحبس", "ar", "langdetect"),
    # capitals read as English (an Argentine code's index of titles made the whole code English)
    ("TITULO IV DELITOS CONTRA EL ESTADO CIVIL", "es", "langdetect"),
    ("CHAPITRE II DES ATTEINTES AUX SYSTEMES DE TRAITEMENT AUTOMATISE DE DONNEES", "fr", "langdetect"),
])
def test_detect(text: str, lang: str, method: str) -> None:
    guess = detect(text)
    assert guess.lang == lang
    assert 0.0 <= guess.confidence <= 1.0


def test_short_han_text_in_a_japanese_context_is_japanese() -> None:
    # regression: eight repealed articles of the Japanese penal code ("第十三条　削除") read as Chinese
    assert detect("第十三条\u3000削除", context="ja").lang == "ja"
    assert detect("第十三条\u3000删除", context="zh").lang == "zh"
    assert detect("第十三条\u3000削除").lang == "zh"


def test_short_text_takes_context() -> None:
    guess = detect("Repealed.", context="fr")
    assert guess.lang == "fr" and guess.method == "context"


def test_unknown_language_is_und() -> None:
    guess = detect(RW)
    assert guess.lang == "und"
    assert guess.alternatives and guess.alternatives[0][0] == "rw"


def test_deterministic_across_processes() -> None:
    code = ("from lexnlp_cyber.language import detect;"
            "g=detect('Der Täter wird mit Freiheitsstrafe bis zu drei Jahren bestraft, wenn er Daten ändert.');"
            "print(g.lang, g.confidence, g.alternatives)")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(outs) == 1 and outs.pop().startswith("de ")


def test_document_and_provisions() -> None:
    text = EN + "\nRepealed.\n" + EN
    doc = Document(source="<text>", text=text)
    doc.language = detect_document(doc)
    unit = Provision(eid="sec_1", kind="section", level="unit", text=EN)
    unit.children.append(Provision(eid="sec_1__subsec_1", kind="subsection", level="subdivision",
                                   text="Repealed."))
    doc.provisions.append(unit)
    assign_languages(doc)
    assert doc.language.lang == "en"
    assert [p.lang for p in doc.walk()] == ["en", "en"]


def test_subdivisions_take_the_language_of_a_clear_unit() -> None:
    # regression: read alone, a short Dutch paragraph was Afrikaans, and the classifier then
    # matched it with the English cue terms
    from lexnlp_cyber.language import _langdetect

    short = "2. Artikel 12, tweede lid, is van overeenkomstige toepassing."
    assert _langdetect(short)[0][0] == "af"  # langdetect alone
    body = ("1. De officier van justitie kan in het belang van het onderzoek een bevel geven tot het "
            "vastleggen van gegevens die in een geautomatiseerd werk zijn opgeslagen. Het bevel wordt "
            "schriftelijk gegeven en vermeldt de feiten en omstandigheden waarop het berust.\n" + short)
    doc = Document(source="<text>", text=body)
    unit = Provision(eid="art_5", kind="article", level="unit", text=body)
    for n, part in enumerate(body.split("\n"), 1):
        unit.children.append(Provision(eid=f"art_5__subsec_{n}", kind="subsection", level="subdivision", text=part))
    doc.provisions.append(unit)
    assign_languages(doc)
    assert [p.lang for p in doc.walk()] == ["nl", "nl", "nl"]


def test_fast_detector_agrees_with_langdetect() -> None:
    """The fast detector draws the same random n-grams as langdetect's own
    and must give the same ranking."""
    from lexnlp_cyber.language import _factory, _langdetect

    for text in (EN, FR, RW, "Статья 272. Неправомерный доступ к охраняемой законом компьютерной информации",
                 "Wer unbefugt sich oder einem anderen Zugang zu Daten verschafft, wird bestraft."):
        detector = _factory().create()
        detector.append(text)
        expected = [(p.lang.split("-")[0], round(p.prob, 2)) for p in detector.get_probabilities()]
        assert [(lang, round(prob, 2)) for lang, prob in _langdetect(text)] == expected


@pytest.mark.parametrize(("tag", "code"), [
    ("de", "de"), ("de-CH", "de"), ("DE", "de"), ("deu", "de"), ("ger", "de"), ("pt-BR", "pt"), ("zh_CN", "zh"),
    ("zh-Hant", "zh"), ("kin", "rw"), (" fr ", "fr"), ("es-419", "es"),
    ("und", None), ("xx", None), ("German", None), ("", None), (None, None),
])
def test_language_tags_are_read_as_iso_639_1(tag: str | None, code: str | None) -> None:
    from lexnlp_cyber.language import canonical_lang

    assert canonical_lang(tag) == code


def test_classify_records_read_language_tags_and_detect_unreadable_ones(tiny_model_dir: Path) -> None:
    # regression: a record tagged "de-CH", "deu" or "German" was read with English cue terms and
    # lost its labels; unreadable tags are now detected from the text, with W009
    import lexnlp_cyber as lc
    from lexnlp_cyber.classify.features import prepare
    from lexnlp_cyber.errors import LexnlpCyberWarning

    text = "Wer unbefugt sich Zugang zu Daten verschafft, die gegen unberechtigten Zugang besonders gesichert sind."
    for tag in ("de-CH", "deu"):
        assert prepare(text, tag).lang == "de"
    records = [{"id": tag, "text": text, "lang": tag} for tag in ("de", "de-CH", "deu", "German")]
    model = lc.load_model(str(tiny_model_dir), trust=True)
    with pytest.warns(LexnlpCyberWarning, match=r"\[W009\] 'German'"):
        out = lc.classify(records, model=model)
    assert len({tuple(sorted(r["scores"].items())) for r in out}) == 1  # all four read as German


def test_texts_in_a_language_without_cue_terms_are_flagged(tiny_model_dir: Path) -> None:
    # regression: a Romanian law read with English cue terms got no labels and no word of why
    import lexnlp_cyber as lc
    from lexnlp_cyber.errors import LexnlpCyberWarning

    model = lc.load_model(str(tiny_model_dir), trust=True)
    text = ("Accesul, fără drept, la un sistem informatic constituie infracțiune și se pedepsește cu "
            "închisoare de la 3 luni la 3 ani sau cu amendă.")
    with pytest.warns(LexnlpCyberWarning, match=r"\[W010\] .*'ro' \(1 text"):
        lc.classify(text, lang="ro", model=model)
    doc = lc.segment(f"LEGE\n\nArticle 1\n{text}\n\nArticle 2\n{text}\n", lang="en")
    for unit in doc.units():
        unit.lang = "ro"
    with pytest.warns(LexnlpCyberWarning, match=r"\[W010\] .*'ro' \(2 text"):
        lc.classify(doc, model=model)
    with pytest.warns(LexnlpCyberWarning, match=r"\[W010\]"):
        lc.classify(doc, model=model)
    assert [w.code for w in doc.warnings].count("W010") == 1


@pytest.mark.parametrize(("text", "context", "lang"), [
    # regression: short Dutch provisions of a Dutch code were read as Afrikaans (with certainty), and so
    # with the English cue terms; close languages take the context's language on short texts
    ("2. Artikel 12, tweede lid, is van overeenkomstige toepassing.", "nl", "nl"),
    ("Artikel 40, derde lid, is van toepassing.", "nl", "nl"),
    ("2. Artikel 12, tweede lid, is van overeenkomstige toepassing.", "fr", "af"),  # French has no such relative
])
def test_close_languages_take_the_context_on_short_texts(text: str, context: str, lang: str) -> None:
    assert detect(text, context=context).lang == lang

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from lexnlp_cyber.classify import cues
from lexnlp_cyber.classify.cues import CueMatcher, concepts, exclusions, feature_concepts, lexicon, matcher
from lexnlp_cyber.classify.features import prepare
from lexnlp_cyber.classify.model import CARD_FILE, MODEL_FILE, PICKLE_FILE, CyberClassifier, load_model
from lexnlp_cyber.classify.train import train
from lexnlp_cyber.document import Document, Provision
from lexnlp_cyber.errors import ModelError

ACCESS = "Any person who, without authority, intentionally accesses a computer system commits an offence."


def test_every_cue_file_uses_known_concepts() -> None:
    known = set(concepts())
    for lang, table in lexicon().items():
        assert set(table) <= known, lang
    for lang, table in exclusions().items():
        assert set(table) <= known, lang


def test_every_exclusion_holds_a_term_of_its_concept() -> None:
    # an exclusion that its concept's terms do not match would exclude nothing
    for lang, table in exclusions().items():
        plain = CueMatcher(lang, exclude=False)
        for concept, phrases in table.items():
            for phrase in phrases:
                text = phrase.replace("*", "")  # a prefix token read as its shortest word
                assert [m for m in plain(text) if m.concept == concept], (lang, phrase)


def test_exclusions_apply_to_substring_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "计算机系统工程师侵入计算机系统"
    monkeypatch.setattr(cues, "exclusions", lambda: {"zh": {"computer_system": ["计算机系统工程"]}})
    found = [m for m in CueMatcher("zh")(text) if m.concept == "computer_system"]
    assert [(m.start, m.text) for m in found] == [(10, "计算机系统")]


def test_no_cue_phrase_is_listed_both_whole_and_as_a_prefix() -> None:
    # "X" beside "X*" in one concept adds nothing but a second match of the same word
    for lang, table in lexicon().items():
        for concept, phrases in table.items():
            assert not {p for p in phrases if p + "*" in phrases}, (lang, concept)


@pytest.mark.parametrize("lang, phrases, text, word", [
    ("en", ["wipe", "wipe*"], "Any person who wipes or wipe data", "wipe"),
    ("ar", ["حذف", "حذف*"], "قام بحذف البيانات و حذف الملف", "حذف"),   # with proclitics read off
])
def test_a_word_an_exact_phrase_and_a_prefix_both_match_counts_once(
        monkeypatch: pytest.MonkeyPatch, lang: str, phrases: list[str], text: str, word: str) -> None:
    # regression: the Arabic lexicon listed "حذف" and "حذف*", and each deletion counted twice
    monkeypatch.setattr(cues, "lexicon", lambda: {lang: {"data_damage": phrases}})
    found = [(m.start, m.end) for m in CueMatcher(lang, exclude=False)(text) if m.concept == "data_damage"]
    assert len(found) == len(set(found)) == 2
    assert any(text[s:e] == word for s, e in found)


@pytest.mark.parametrize(
    ("lang", "text", "concept"),
    [
        ("en", "accesses a computer system", "computer_system"),
        ("fr", "un système de traitement automatisé de données", "computer_system"),
        ("es", "acceda a un sistema informático", "computer_system"),
        ("de", "in eine Datenverarbeitungsanlage eindringt", "computer_system"),
        ("zh", "侵入计算机信息系统的", "computer_system"),
        ("ru", "неправомерный доступ к компьютерной информации", "computer_data"),
        # regression: instrument titles with only a cyber- word were not cyber-relevant
        ("en", "The Cybercrimes Act", "cyber"),
        ("en", "CYBER AND DATA PROTECTION ACT", "cyber"),
        ("es", "Ley de prevención de la CIBERDELINCUENCIA", "cyber"),
        ("fr", "loi relative à la cybersécurité", "cyber"),
        ("tr", "siber güvenlik", "cyber"),
        ("ru", "о противодействии киберпреступлениям", "cyber"),
        ("ar", "بالجرائم المعلوميات", "cyber"),
        ("ar", "نظام للمعالجة الآلية للمعطيات", "computer_system"),  # Maghreb drafting
        # regression: Maghreb offences against a system or its data named nothing of either
        ("ar", "كل من عرقل عمدا سير نظام", "system_hindering"),
        ("ar", "أو أحدث فيه خللا", "system_hindering"),
        ("ar", "كل من أدخل معطيات في نظام أو أتلفها أو حذفها منه", "data_damage"),
        ("ar", "قام عمدا ،بالتقاط أقوال", "intercept"),
        # the lexicons' statutory vocabulary by region and inflection
        ("nl", "dat deze gegevens worden bewaard en beschikbaar gehouden", "preservation"),
        ("es", "el que hiciese inaccesibles datos informáticos ajenos", "data_damage"),
        ("ja", "不正指令電磁的記録を作成した者", "computer_program"),
        ("ru", "с использованием информационно-коммуникационных сетей", "network"),
        ("zh", "非法侵入電腦系統", "computer_system"),
        # regression: a '*' phrase on a hyphenated word never matched ("IT-System*")
        ("de", "die Betreiber von IT-Systemen", "computer_system"),
        # regression: Dutch production orders for "stored or recorded data" read as non-cyber
        ("nl", "toegang heeft tot bepaalde opgeslagen of vastgelegde gegevens", "computer_data"),
        ("nl", "van degene die anders dan ten behoeve van persoonlijk gebruik gegevens verwerkt", "computer_data"),
        # regression: cyber provisions of general codes that name their object in their own terms
        ("de", "Wer rechtswidrig Daten (§ 202a Abs. 2) löscht", "computer_data"),
        ("de", "Wer Daten (§ 202a Absatz 2), die ein anderer erlangt hat, sich verschafft", "computer_data"),
        # the infinitive of French offence drafting ("Le fait de s'introduire…")
        ("fr", "le fait de s'introduire dans un système", "access"),
        ("fr", "quiconque aura pénétré dans un système", "access"),
        ("de", "Durchsicht von Papieren und elektronischen Speichermedien", "computer_data"),
        ("zh", "根据侦查犯罪的需要，可以采取技术侦查措施", "intercept"),
        ("es", "el que interrumpiere la comunicación telegráfica", "electronic_communication"),
        ("zh", "中华人民共和国数据安全法", "cyber"),
        ("ja", "不正アクセス行為の禁止等に関する法律", "cyber"),
        # the phrases that replaced the general words above still find their concepts
        ("tr", "iletişimin dinlenmesi ve kayda alınması", "intercept"),
        ("tr", "bilişim sistemine giren kişi", "access"),
        ("tr", "şifreli mesajlaşma uygulamaları", "computer_program"),
        ("nl", "een bevel tot bewaring van gegevens", "preservation"),
        # interception named as monitoring of telecommunications (a German compound, a Chinese phrase)
        ("de", "darf die Telekommunikation überwacht und aufgezeichnet werden", "intercept"),
        ("de", "Die Anordnung der Telekommunikationsüberwachung ergeht schriftlich", "intercept"),
        ("zh", "可以对犯罪嫌疑人的通信进行监控", "intercept"),
        ("ja", "通信履歴を即時に取得する", "real_time"),
        ("es", "la integridad de los datos aportados", "admissibility"),
        ("ru", "хранение информации о фактах приема", "retention"),
        ("pt", "acedeu à conta em linha alheia", "network"),
        ("es", "los prestadores de servicios intermediarios", "service_provider"),
        # regression: a line break (PDF text) or a run of spaces inside a phrase hid it: the
        # phrase is found whole, across the break
        ("en", "commits an offence and is liable on\nconviction", "penalty"),
        ("en", "accesses a computer  \n  system", "computer_system"),
        ("fr", "un système de\ntraitement automatisé de données", "computer_system"),
        ("zh", "侵入计算机信息\n系统的", "computer_system"),
        # regression: an Indian code's definition of "document" that "includes electronic and digital
        # record" named no cyber term, so its definitions section got no label
        ("en", "and includes electronic and digital record, intended to be used", "computer_data"),
        # regression: a search of a computer reached over a network, and any electronic means, named nothing cyber
        ("en", "Every person executing a warrant authorising a remote access search may", "network"),
        ("es", "o de cualquier medio electrónico diseñado o adaptado para emitir", "electronic_communication"),
        # regression: content held "in Datenspeichern" (storage media), as the German penal code defines it,
        # named no cyber term, so its definitions section got no label
        ("de", "die in Schriften, auf Ton- oder Bildträgern, in Datenspeichern enthalten sind", "computer_data"),
        # regression: "a person who provides an Internet service to the public", as a reporting act names
        # the providers it binds, named no service provider
        ("en", "If a person who provides an Internet service to the public has reasonable grounds", "service_provider"),
        ("en", "in the course of providing an Internet service to the public", "service_provider"),
        # regression: Spanish retention law hands data over to the authorities by "cesión", which named
        # no production of data
        ("es", "Los operadores estarán obligados a ceder al agente facultado los datos conservados", "production"),
        ("es", "El plazo de ejecución de la orden de cesión será el fijado por la resolución judicial", "production"),
        # regression: apology of terrorism "by audiovisual and electronic media" (GUIDE rule 2: electronic
        # media) named nothing cyber in a Maghreb penal code
        ("ar", "بواسطة مختلف وسائل الإعلام السمعية البصرية والإلكترونية", "electronic_communication"),
        # regression: the Turkish internet law's "mass-use providers" (internet cafés) named no provider
        ("tr", "Ticarî amaçla toplu kullanım sağlayıcılar, mahallî mülki amirden izin belgesi almakla yükümlüdür",
         "service_provider"),
        # another state or party, the rule concept of cooperation provisions
        ("de", "kann einer anderen Vertragspartei Informationen übermitteln", "other_state"),
        ("fr", "communiquer à une autre Partie des informations", "other_state"),
        ("zh", "向外国提供数据", "other_state"),
        # regression: the Convention's Spanish wording of search (art. 19) named no search
        ("es", "facultar a sus autoridades competentes a registrar o a tener acceso de una forma similar",
         "search"),
        # regression: cell-site location (the Brazilian code's real-time location of victims) named no traffic data
        ("pt", "sinal significa posicionamento da estação de cobertura", "traffic_data"),
        # regression: the Convention's German illegal access ('den unbefugten Zugang zu einem
        # Computersystem') named no access, so its art. 2 got no label
        ("de", "wer sich den unbefugten Zugang zu einem Computersystem verschafft", "access"),
        ("de", "der Zugang zu einem Informationssystem ohne Berechtigung", "access"),
        # regression: the inflected 'internationalen Zusammenarbeit' of a heading named no assistance
        ("de", "Allgemeine Grundsätze der internationalen Zusammenarbeit", "mutual_assistance"),
        # the rule concepts of data arising after an order and of trade in interception devices
        ("nl", "gegevens die na het tijdstip van de vordering worden verwerkt", "prospective"),
        ("fr", "la fabrication, l'importation, la détention ou la vente d'appareils", "interception_device_trade"),
        # regression: a Luxembourg-style amending act's device offence ("un dispositif informatique destiné à
        # commettre…", "toute clef électronique permettant d'accéder…") named no device and no credential,
        # and a Gulf cybercrime law's personal "information" and hindered access named neither concept
        ("fr", "détenu un dispositif informatique destiné à commettre l'une des infractions", "misuse_device"),
        ("fr", "toute clef électronique permettant d'accéder à un système", "access_credentials"),
        # regression: the README's French sample lost its device offence ("un logiciel ou un mot de passe conçu
        # pour commettre…") when retraining moved the label's threshold above its score
        ("fr", "détenir un logiciel ou un mot de passe conçu pour commettre l'une de ces infractions", "misuse_device"),
        ("ar", "كل من أفشى بيانات أو معلومات شخصية إلكترونية", "personal_data"),
        ("ar", "كل من أعاق الوصول إلى شبكة معلوماتية", "system_hindering"),
        # regression: the usual wording of core offences and powers, as a probe set of made-up provisions
        # in two drafting traditions per language showed, named no concept: fraud as gain or loss of
        # property, a Maghreb code's traffic data and personal data, access by a Belgian-style offence
        ("en", "a scheme to obtain money or property by means of deceptive electronic messages", "fraud"),
        ("fr", "quiconque aura accédé ou se sera maintenu dans un système", "access"),
        ("pt", "auferir vantagem patrimonial indevida mediante manipulação de dados", "fraud"),
        ("nl", "om zich een onrechtmatig vermogensvoordeel te bezorgen", "fraud"),
        ("tr", "kendisine haksız bir ekonomik yarar sağlayan kişi", "fraud"),
        ("ar", "بنية جلب منفعة اقتصادية له أو لغيره", "fraud"),
        ("ar", "التسجيل الآني لمعطيات حركة السير المتعلقة بالاتصالات", "traffic_data"),
        ("ar", "جمع معطيات ذات طابع شخصي بطريقة تدليسية", "personal_data"),
        ("ru", "Доступ без законного права к компьютерной системе", "access"),
        ("de", "Bilder intimen Inhalts einer Person", "intimate_image"),
        ("ja", "アクセス管理者の許諾を得ないで", "without_right"),
        ("zh", "無故進入他人電腦系統", "access"),
        ("nl", "bepaalde informaticagegevens onmiddellijk te bevriezen", "preservation"),
        ("pt", "que conserve, por prazo de até noventa dias, dados armazenados", "preservation"),
        ("ja", "他人に財産上の損害を加えた者は", "fraud"),
        ("tr", "suç nerede işlenmiş olursa olsun", "jurisdiction"),
    ],
)
def test_cue_matcher_finds_concepts_with_spans(lang: str, text: str, concept: str) -> None:
    if lang not in lexicon():
        pytest.skip(f"no cue file for {lang} yet")
    found = [m for m in matcher(lang)(text) if m.concept == concept]
    assert found, (lang, text)
    if "\n" in text:
        assert any("\n" in m.text for m in found), found
    assert all(text[m.start:m.end] == m.text for m in found)


@pytest.mark.parametrize(
    ("lang", "text", "concept"),
    [
        # regression: Turkish procedure "hears" witnesses ("dinlenir") and counts "the
        # following" day ("izleyen"); neither is interception, and both made the
        # procedure code read as cyber-relevant (a fifth of its articles)
        ("tr", "Tanık, duruşmada dinlenir.", "intercept"),
        ("tr", "yayımını izleyen gün yürürlüğe girer", "intercept"),
        ("tr", "sanığın ifadesi kayda alınır", "intercept"),
        ("tr", "kanunun uygulamasına ilişkin", "computer_program"),
        ("tr", "bu Kanun kapsamına giren suçlar", "access"),
        ("tr", "bilirkişi incelemesi yapılır", "search"),
        # "bevel tot bewaring" is remand in custody in Dutch procedure, not data preservation
        ("nl", "de rechter-commissaris beveelt de bewaring van de verdachte", "preservation"),
        ("ja", "即時抗告をすることができる", "real_time"),           # an immediate appeal
        ("es", "contra la integridad física de las personas", "admissibility"),
        ("ru", "незаконные приобретение, хранение, перевозка оружия", "retention"),
        ("de", "die Mitwirkung des Beschuldigten", "decryption"),
        ("de", "die Datenübermittlung an ausländische Stellen", "electronic_communication"),
        # regression: "em linha reta" is lineal kinship in the Brazilian procedure code, not online
        ("pt", "o parente consanguíneo ou afim em linha reta", "network"),
        ("pt", "tendo em linha de conta a gravidade", "network"),
        # regression: a Spanish "intermediario" is any middleman (a broker, a go-between)
        ("es", "serán castigados la persona que lo reciba y el intermediario", "service_provider"),
        ("es", "realizados por empresario, intermediario en el sector financiero", "service_provider"),
        # regression: words of the lexicons that mostly mean something else in statutes
        ("fr", "les parents en ligne directe", "network"),                      # kinship
        ("fr", "le gel des avoirs", "preservation"),                             # asset freezing
        ("fr", "atteinte à l'intégrité physique", "admissibility"),
        ("es", "los parientes en línea recta", "network"),
        ("es", "el que secuestrare a una persona", "seizure"),                   # kidnapping
        ("de", "die erforderlichen Maßnahmen treffen", "solicitation"),
        ("de", "innerhalb von 24 Stunden", "contact_point"),                     # a deadline
        ("tr", "vergi iadesi talebi", "extradition"),                            # a tax refund
        ("tr", "tüketicinin korunması", "preservation"),                         # protection
        ("nl", "een bevel tot bewaring", "preservation_order"),                  # remand in custody
        ("nl", "terwijl hij wist dat het goed van misdrijf afkomstig was", "data_damage"),
        ("pt", "aplicação de medidas de segurança ao inimputável", "security_measures"),
        ("fr", "une solution alternative au contrat", "data_damage"),        # accents folded: not "altér*"
        ("fr", "LE CONTRAT D'ABONNEMENT", "subscriber_information"),           # nor "abonné*"
        ("ar", "الطعن أمام محكمة التمييز", "racism"),                            # the cassation court
        ("ar", "يدخل هذا القانون حيز النفاذ", "access"),                         # entry into force
        ("ar", "يقدم اعتراض على الحكم الغيابي", "intercept"),                      # objecting to a judgment
        ("ja", "関係者の意見を聴取する", "intercept"),
        # regression: a denial of access is system interference, and rights of access to
        # information, a lawyer or the file are no access to a computer (a Rwandan act's
        # denial-of-service offence read as illegal access)
        ("en", "causes a denial of access to a computer system", "access"),
        ("en", "the right of access to official documents", "access"),
        ("en", "the suspect shall have access to a lawyer", "access"),
        ("de", "der Zugang zu den Gerichten", "access"),  # access to the courts: no computer
        # regression: preventing or blocking access to a system or data is interfering with it,
        # not accessing it (Singaporean, Ugandan and Tanzanian obstruction offences drew access)
        ("en", "impedes or prevents access to, or impairs the usefulness of, any program", "access"),
        ("en", "an order blocking access to the website", "access"),
        ("ja", "新型コロナウイルス感染症", "computer_program"),
        ("ru", "выдача лицензии", "extradition"),
        ("ru", "вирус иммунодефицита человека", "computer_program"),
        ("ru", "уголовное преследование", "harassment"),
        ("zh", "处一年以上七年以下有期徒刑", "retention"),
        ("zh", "固定资产", "seizure"),
        # regression: "par voie électronique" as the way a notice, filing or publication is
        # sent made French general penalty articles read as cyber (their judgment-publication
        # penalty); the conduct done "par voie électronique" still reads as such (below)
        ("fr", "la décision est notifiée par lettre ou par voie électronique", "electronic_communication"),
        ("fr", "tout document, y compris par voie électronique, est transmis", "electronic_communication"),
        ("fr", "soit par tout moyen de communication au public par voie électronique", "electronic_communication"),
        # regression: German statutes say a crime is "mit Freiheitsstrafe … bedroht": no threat to a person
        # (extradition and jurisdiction provisions read as harassment)
        ("de", "wenn die Tat mit Freiheitsstrafe im Höchstmaß von mindestens einem Jahr bedroht ist", "harassment"),
        ("de", "Taten, die im Mindestmaß mit Freiheitsstrafe von einem Jahr oder darüber bedroht sind", "harassment"),
        # regression: the purpose of prosecuting "Straftaten oder Ordnungswidrigkeiten" named a penalty, and
        # an assistance act's rules on transferring personal data read as a privacy offence
        ("de", "zur Verhütung oder Verfolgung von Straftaten oder von Ordnungswidrigkeiten übermittelt", "penalty"),
    ],
)
def test_cue_matcher_leaves_general_words_alone(lang: str, text: str, concept: str) -> None:
    assert not [m for m in matcher(lang)(text) if m.concept == concept], (lang, text)


def test_german_administrative_offences_still_name_a_penalty() -> None:
    found = [m.text for m in matcher("de")("Ordnungswidrig handelt, wer vorsätzlich Daten übermittelt")
             if m.concept == "penalty"]
    assert found == ["Ordnungswidrig"]


def test_cue_exclusions_leave_the_conduct_itself() -> None:
    # the French exclusions drop "par voie électronique" as a way of sending, not as a medium
    found = [m.text for m in matcher("fr")("quiconque propage par voie électronique de fausses alertes")
             if m.concept == "electronic_communication"]
    assert found == ["voie électronique"]


def test_prepared_texts_find_phrases_across_line_breaks() -> None:
    # the classifier's own path: a line break tokenised as a space, offsets unchanged
    text = "Any person who\nintentionally accesses a computer\nsystem commits an offence and is liable on\nconviction"
    prepared = prepare(text, "en")
    found = {(m.concept, text[m.start:m.end]) for m in prepared.cues}
    assert {("computer_system", "computer\nsystem"), ("penalty", "liable on\nconviction")} <= found
    assert "\n" not in prepared.tokens and prepared.head == 3  # the first line's words: any, person, who


@pytest.mark.parametrize(("lang", "text", "tokens"), [
    ("en", "DATA data 12 1,000 twelve (a) §", ["data", "data", "a"]),  # numbers and bare signs are no words
    ("en", "Data, data; DATA.", ["data", "data", "data"]),
    ("fr", "Données DONNÉES 3°", ["données", "données", "3°"]),  # "3°" is no number
])
def test_prepared_words_are_the_same_read_again(lang: str, text: str, tokens: list[str]) -> None:
    # words are looked up once per language and cached: the second reading must be the first
    first, again = prepare(text, lang), prepare(text, lang)
    assert first.tokens == again.tokens == tokens
    assert first.offsets == again.offsets
    assert [text[s:e].lower() for s, e in first.offsets] == tokens


@pytest.mark.parametrize(("word", "bare"), [
    ("وبالنظام", "النظام"),     # wa- + bi- + al-nizam
    ("للنظام", "النظام"),       # li- + al- is written lil-
    ("باختراق", "اختراق"),
    ("وبيانات", "بيانات"),      # stops where a cue phrase knows the word (not "يانات")
    ("بها", "بها"),             # too short to lose a letter
    ("الدخول", "الدخول"),
])
def test_arabic_proclitics_come_off_words_towards_cue_phrases(word: str, bare: str) -> None:
    assert matcher("ar").stem(word) == bare


def test_arabic_cue_phrases_match_words_with_proclitics() -> None:
    # regression: "باختراق" (by hacking) and "وبيانات المرور" (and traffic data) missed
    # their cue phrases, written without the conjunction or preposition
    text = "يعاقب كل من قام باختراق موقع إلكتروني أو اطلع على وبيانات المرور"
    found = {(m.concept, m.text) for m in matcher("ar")(text)}
    assert ("access", "باختراق") in found
    assert ("traffic_data", "وبيانات المرور") in found
    assert all(text[m.start:m.end] == m.text for m in matcher("ar")(text))


@pytest.mark.parametrize(("text", "concept", "found"), [
    # regression: a word that one phrase holds with its proclitic ("بتسليم", "بإتلاف") was
    # read only as written, so the phrases of other concepts that hold it bare never matched
    ("يجوز بتسليم المجرمين", "extradition", "بتسليم المجرمين"),
    ("قام بإتلاف البيانات", "data_damage", "بإتلاف"),
    ("أمر بتجميد الأصول", "ancillary_order", "بتجميد الأصول"),
])
def test_arabic_words_match_phrases_with_and_without_their_proclitics(text: str, concept: str, found: str) -> None:
    matches = matcher("ar")(text)
    assert (concept, found) in {(m.concept, m.text) for m in matches}
    assert len(matches) == len({(m.concept, m.start, m.end) for m in matches})  # each match once


@pytest.mark.parametrize(("text", "concept", "found"), [
    # regression: spaCy lowercases Turkish İ to i with a combining dot, so
    # "İçerik sağlayıcı" and capitals ("BİLİŞİM SİSTEMİ") met no cue phrase
    ("İçerik sağlayıcının bildirimi üç gün içinde yapılır", "service_provider", "İçerik sağlayıcının"),
    ("KURUMUN BİLİŞİM SİSTEMİNE YAPILAN BİLDİRİM", "computer_system", "BİLİŞİM SİSTEMİNE"),
    ("içerik sağlayıcının bildirimi", "service_provider", "içerik sağlayıcının"),
])
def test_turkish_capital_i_meets_cue_phrases(text: str, concept: str, found: str) -> None:
    from lexnlp_cyber.classify.features import prepare

    prepared = prepare(text, "tr")
    assert (concept, found) in {(m.concept, m.text) for m in prepared.cues}  # evidence as written
    assert all(text[m.start:m.end] == m.text for m in prepared.cues)


@pytest.mark.parametrize(("lang", "text", "concept", "found"), [
    # regression: spaCy lowercases a capital I to a dotted i, and a Turkish I is dotless:
    # a heading in capitals ("YAZILIM", "KULLANICI") met no phrase written with ı
    ("tr", "ZARARLI YAZILIM ÜRETME", "computer_program", "YAZILIM"),
    ("tr", "Kullanıcı bilgileri", "subscriber_information", "Kullanıcı bilgileri"),
    ("tr", "KULLANICI BİLGİLERİNİN SAKLANMASI", "subscriber_information", "KULLANICI BİLGİLERİNİN"),
    # regression: Swiss German and capitals write ß as ss, and met no phrase written with ß
    ("de", "Die Verbandsgeldbusse beträgt höchstens eine Million.", "legal_person", "Verbandsgeldbusse"),
    ("de", "GELDBUSSE", "penalty", "GELDBUSSE"),
    ("de", "Die Geldbuße beträgt höchstens tausend Euro.", "penalty", "Geldbuße"),
    # regression: Spanish, French and Portuguese capitals often drop accents, and met no phrase
    ("es", "DAÑOS INFORMATICOS", "data_damage", "DAÑOS INFORMATICOS"),
    ("fr", "DES ATTEINTES AUX DONNEES INFORMATIQUES", "computer_data", "DONNEES INFORMATIQUES"),
    ("pt", "INVASAO DE DISPOSITIVO INFORMATICO", "computer_system", "DISPOSITIVO INFORMATICO"),
    ("fr", "Les données informatiques", "computer_data", "données informatiques"),
    ("fr", "par des manoeuvres frauduleuses", "fraud", "manoeuvres frauduleuses"),
    # regression: Arabic written without hamza, with a dotless final ya or a stretched word met no phrase
    ("ar", "البيانات الالكترونية", "computer_data", "البيانات الالكترونية"),
    ("ar", "الدخول الى نظام معلوماتى", "computer_system", "نظام معلوماتى"),
    ("ar", "الدخول إلى نظـام معلومـاتي", "computer_system", "نظـام معلومـاتي"),
    # regression: Portugal's spellings met no phrase written as Brazil writes ("eletrônicos", "infração")
    ("pt", "dados electrónicos", "computer_data", "dados electrónicos"),
    ("pt", "PROVENIENTE DE INFRACÇÃO PENAL", "laundering", "PROVENIENTE DE INFRACÇÃO PENAL"),
    ("pt", "os registos de acesso a aplicações", "traffic_data", "registos de acesso a aplicações"),
    # regression: texts are read in NFKC, so the full-width phrase "ＩＤ" never met the "ID" of a text
    ("ja", "利用者のＩＤを記録する", "access_credentials", "ID"),
])
def test_letters_a_language_writes_two_ways_meet_cue_phrases(lang: str, text: str, concept: str, found: str) -> None:
    prepared = prepare(text, lang)
    assert (concept, found) in {(m.concept, m.text) for m in prepared.cues}  # evidence as written (NFKC)
    assert all(prepared.text[m.start:m.end] == m.text for m in prepared.cues)


@pytest.mark.parametrize("lang", sorted(lexicon()))
def test_cue_file_spellings_are_well_formed(lang: str) -> None:
    # folds map one letter to letters, marks are letters, respell rules are word beginnings;
    # a fold or rule must not be undone by another (the cue form is applied once, to phrases and words alike)
    data = cues._cue_files()[lang]
    folds, marks, rules = data.get("folds", {}), data.get("marks", ""), data.get("respell", {})
    assert all(len(k) == 1 and v and k not in v for k, v in folds.items())
    assert all(len(m) == 1 for m in marks) and not set(marks) & set(folds)
    assert all(k and v and " " not in k + v for k, v in rules.items())
    form = cues.cue_form(lang)
    for word in [*folds, *marks, *rules, *rules.values()]:
        assert form(form(word)) == form(word), word


@pytest.mark.parametrize("lang", sorted(lexicon()))
def test_every_cue_phrase_is_found_as_written_and_in_capitals(lang: str) -> None:
    # A phrase no text can match (a letter the tokenizer or NFKC writes otherwise) is dead data.
    missed = []
    for concept, phrases in lexicon()[lang].items():
        for phrase in phrases:
            if not phrase.strip():
                continue
            written = phrase.replace("*", "" if lang in cues.SUBSTRING_LANGS else "ab")
            for variant in (written, written.upper(), written.replace(" ", "\n", 1)):
                if not any(m.concept == concept for m in prepare(f"Xq {variant} zq.", lang).cues):
                    missed.append((concept, variant))
    assert missed == []


# British and American spellings of words that English cue phrases use
_SPELLINGS = {"offence": "offense", "defence": "defense", "licence": "license", "programme": "program",
              "colour": "color", "centre": "center", "judgement": "judgment", "authorised": "authorized",
              "unauthorised": "unauthorized", "authorisation": "authorization", "organisation": "organization",
              "realisation": "realization", "recognised": "recognized", "behaviour": "behavior"}


def test_english_cue_phrases_match_british_and_american_spellings() -> None:
    # regression: "proceeds of the offence" missed the US Code's "offense", "authorised officer*" an
    # "authorized officer", "computer program or data" a Commonwealth "programme"
    both = {**_SPELLINGS, **{us: uk for uk, us in _SPELLINGS.items()}}
    missed = []
    for concept, phrases in lexicon()["en"].items():
        for phrase in phrases:
            words = phrase.split()
            for i, word in enumerate(words):
                other = both.get(word.rstrip("*").lower())
                if other is None:
                    continue
                twin = " ".join([*words[:i], other + "*" * word.endswith("*"), *words[i + 1:]])
                if not any(m.concept == concept for m in prepare(f"Xq {twin.replace('*', 's')} zq.", "en").cues):
                    missed.append((concept, phrase, twin))
    assert missed == []


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u2060", "\ufeff"])
def test_invisible_characters_in_classify_input_split_no_word(invisible: str) -> None:
    # regression: text given to classify directly (JSONL) keeps the soft hyphens and zero-width
    # characters that extraction drops, and "com\u00adputer" was neither a word nor a cue
    text = f"Unauthorised ac{invisible}cess to a com{invisible}puter sys{invisible}tem"
    prepared = prepare(text, "en")
    assert prepared.tokens == ["unauthorised", "access", "to", "a", "computer", "system"]
    found = {(m.concept, m.text) for m in prepared.cues}
    assert ("computer_system", f"com{invisible}puter sys{invisible}tem") in found  # evidence as written
    assert ("access", f"ac{invisible}cess") in found


def test_words_lose_proclitics_only_when_the_model_asks() -> None:
    from lexnlp_cyber.classify.features import prepare

    text = "وبالنظام المعلوماتي"
    assert prepare(text, "ar").tokens[0] == "وبالنظام"
    assert prepare(text, "ar", proclitics=True).tokens[0] == "النظام"
    assert prepare("the systems", "en", proclitics=True).tokens == ["the", "systems"]


def test_typographic_apostrophes_match_phrases_written_with_ascii_ones() -> None:
    # regression: "données d’abonné" (U+2019) missed the cue "données d'abonné"
    from lexnlp_cyber.classify.features import prepare

    text = "Les données d\u2019abonné et l\u2019identité de l\u2019abonné"
    found = {text[c.start:c.end] for c in prepare(text, "fr").cues if c.concept == "subscriber_information"}
    assert {"données d\u2019abonné", "identité de l\u2019abonné"} <= found


def test_cyber_words_make_a_text_cyber_relevant() -> None:
    from lexnlp_cyber.classify.features import prepare

    assert prepare("Cybercrimes Act, 2024", "en").cyber
    assert not prepare("Fisheries Act, 2024", "en").cyber
    # regression: swapped lam-alef letters hid "automated data processing"
    swapped = "\u0646\u0638\u0627\u0645 \u0644\u0644\u0645\u0639\u0627\u0644\u062c\u0629 \u0627\u0622\u0644\u0644\u064a\u0629"
    assert prepare(swapped, "ar").cyber


@pytest.mark.parametrize(("lang", "text", "cyber"), [
    # regression: "incident*" matched the long title of every Commonwealth Act,
    # so general penal codes were read as cyber instruments
    ("en", "An Act to consolidate the law on offences and for matters connected therewith or incidental thereto.",
     False),
    ("en", "The operator of an essential service shall report any incident to the Minister.", False),
    ("en", "The owner of a critical information infrastructure shall report any incident.", True),
    ("fr", "Les opérateurs d'importance vitale notifient les incidents affectant leurs systèmes d'information.", True),
])
def test_incidents_and_infrastructure_alone_are_not_cyber(lang: str, text: str, cyber: bool) -> None:
    from lexnlp_cyber.classify.features import prepare

    assert prepare(text, lang).cyber is cyber


def test_prefix_patterns_match_every_occurrence_once_cached() -> None:
    # the per-token cache of prefix patterns must not change what is found
    m = matcher("en")
    text = "cybersecurity of a computer; cybersecurity again, and cyberspace"
    first = [(c.concept, c.start) for c in m(text)]
    assert first == [(c.concept, c.start) for c in m(text)]
    assert sum(1 for c, _ in first if c == "cyber") == 3


def test_tiny_model_labels_and_evidence(tiny_model_dir: Path) -> None:
    model = load_model(tiny_model_dir, trust=True)
    pred = model.predict([ACCESS], ["en"])[0]
    assert "offence.illegal_access" in pred.ids
    label = pred.labels[0]
    assert 0.0 <= label.score <= 1.0 and label.evidence
    assert all(ACCESS[e.start:e.end] == e.text for e in label.evidence)
    assert set(pred.scores) == set(model.labels)


def test_secondary_ratio_keeps_only_labels_near_the_strongest(tiny_model_dir: Path) -> None:
    model = load_model(tiny_model_dir, trust=True)
    texts = [ACCESS + " He also intercepts its transmissions of data by technical means.",
             "The court may order the seizure of data stored in a computer."]
    model.config["secondary_ratio"] = 0.0
    loose = [set(p.ids) for p in model.predict(texts, ["en"] * 2, evidence=False)]
    model.config["secondary_ratio"] = 1.0
    strict = [p for p in model.predict(texts, ["en"] * 2, evidence=False)]
    for kept, p in zip(loose, strict):
        assert set(p.ids) <= kept and len(p.ids) <= 1
        assert bool(p.ids) == bool(kept)
    assert any(len(k) > 1 for k in loose), "the texts should draw two labels without the ratio"


def test_training_is_deterministic(tmp_path: Path, tiny_corpus: Path, tiny_model_dir: Path) -> None:
    again = train([tiny_corpus], tmp_path / "again", config={"folds": 2})
    first = load_model(tiny_model_dir, trust=True)
    texts = [ACCESS, "The court may order the seizure of data stored in a computer.", "A fishing licence."]
    assert [p.scores for p in first.predict(texts, ["en"] * 3)] == [p.scores for p in again.predict(texts, ["en"] * 3)]


def test_card_records_versions_labels_hash_and_metrics(tiny_model_dir: Path) -> None:
    card = json.loads((tiny_model_dir / CARD_FILE).read_text())
    assert {"lexnlp_cyber", "scikit-learn", "spacy"} <= set(card["versions"])
    assert len(card["labels"]) == 42 and len(card["corpus"]["sha256"]) == 64
    assert "micro_f1" in card["metrics"]["cv"] and MODEL_FILE in card["artifacts"]
    assert (tiny_model_dir / "README.md").read_text().startswith("# Model card")


def test_refresh_card_rewrites_the_selection_and_leaves_the_model_loadable(tiny_model_dir: Path,
                                                                            tmp_path: Path) -> None:
    from lexnlp_cyber.classify.card import card_markdown, refresh_card
    from lexnlp_cyber.classify.train import SELECTION

    refreshed = tmp_path / "refreshed"
    shutil.copytree(tiny_model_dir, refreshed)
    before = json.loads((refreshed / CARD_FILE).read_text())
    assert refresh_card(refreshed) is False  # trained from the current notes: nothing to do
    assert refresh_card(refreshed, selection="Newer notes.") is True
    card = json.loads((refreshed / CARD_FILE).read_text())
    # a custom configuration keeps saying what it was; only the defaults' rationale moves
    assert card["selection"].startswith("Custom configuration {'folds': 2}") and card["selection"].endswith(
        "rationale: Newer notes.")
    assert {k: v for k, v in card.items() if k != "selection"} == {k: v for k, v in before.items() if k != "selection"}
    assert (refreshed / "README.md").read_text() == card_markdown(card)
    assert load_model(refreshed, trust=True).card["selection"] == card["selection"]  # the hashes still hold
    assert refresh_card(refreshed) is True and json.loads((refreshed / CARD_FILE).read_text())["selection"].endswith(SELECTION)


def test_the_shipped_card_says_why_as_the_notes_do_now() -> None:
    from lexnlp_cyber.classify.model import shipped_models_dir
    from lexnlp_cyber.classify.train import SELECTION

    card = json.loads((shipped_models_dir() / "default" / CARD_FILE).read_text(encoding="utf-8"))
    assert card["selection"] == SELECTION, "run: python scripts/train_shipped.py --refresh-card"


def test_loading_refuses_untrusted_tampered_and_incompatible_models(tiny_model_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError) as err:
        load_model(tiny_model_dir)
    assert err.value.code == "E204"

    tampered = tmp_path / "tampered"
    shutil.copytree(tiny_model_dir, tampered)
    with open(tampered / MODEL_FILE, "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError) as err:
        load_model(tampered, trust=True)
    assert err.value.code == "E202"

    old = tmp_path / "old"
    shutil.copytree(tiny_model_dir, old)
    _assert_refused_as_built_with(old, "lexnlp_cyber", "0.0.1")

    with pytest.raises(ModelError) as err:
        load_model(tmp_path / "nowhere", trust=True)
    assert err.value.code == "E200"


def test_models_save_as_arrays_and_load_without_unpickling(tiny_model_dir: Path) -> None:
    import zipfile

    from lexnlp_cyber.classify.features import LeanFeaturizer

    assert (tiny_model_dir / MODEL_FILE).is_file() and not (tiny_model_dir / PICKLE_FILE).exists()
    with zipfile.ZipFile(tiny_model_dir / MODEL_FILE) as archive:  # only .npy arrays, no pickled objects
        assert all(name.endswith(".npy") for name in archive.namelist())
    model = load_model(tiny_model_dir, trust=True)
    assert isinstance(model.featurizer, LeanFeaturizer)


@pytest.mark.parametrize("options", [{}, {"concept_scale": "l2", "concept_lead": 40},
                                     {"concept_scale": "binary"}, {"use_char": True},
                                     {"use_char": True, "char_range": [3, 4]}, {"heading": True},
                                     {"prefix": 0, "heading": True}, {"prefix": 3}])
def test_lean_features_and_scores_equal_scikit_learns(tiny_corpus: Path, options: dict[str, object]) -> None:
    import numpy as np

    from lexnlp_cyber import taxonomy
    from lexnlp_cyber.classify.features import prepare_many
    from lexnlp_cyber.classify.model import PlattOneVsRest
    from lexnlp_cyber.classify.train import DEFAULT_CONFIG, _fit
    from lexnlp_cyber.corpus import read_corpus

    entries = read_corpus([tiny_corpus])
    prepared = prepare_many([e.full_text for e in entries], [e.lang for e in entries])
    classes = taxonomy.labels()
    y = np.asarray([[int(lab in e.labels) for lab in classes] for e in entries])
    featurizer, ovr = _fit(prepared, y, {**DEFAULT_CONFIG, **options})
    full = PlattOneVsRest(ovr, np.full(len(classes), 2.0), np.full(len(classes), -1.0))
    texts = [ACCESS, "The court may order the seizure of data stored in a computer.", "A fishing licence.", "",
             "Accès frauduleux à un système İstanbul\tDATA  a\nb", "不正アクセス行為の禁止"]
    probe = prepare_many(texts, ["en"] * len(texts))
    lean = featurizer.lean()
    assert len(lean.feature_names()) == featurizer.transform(probe).shape[1]
    assert np.allclose(featurizer.transform(probe).toarray(), lean.transform(probe).toarray(), atol=1e-6)
    width = featurizer.transform(probe).shape[1]
    assert np.allclose(full.predict_proba(featurizer.transform(probe)),
                       full.lean(width).predict_proba(lean.transform(probe)), atol=1e-5)


def test_word_columns_are_the_vocabularys_and_forget_words_past_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from lexnlp_cyber.classify import features
    from lexnlp_cyber.classify.features import Prepared, _WordColumns, word_ngrams

    vocabulary = {g: j for j, g in enumerate(["computer", "system", "computer system", "~compu", "~syste",
                                              "h:compu", "data", "system data", "~inter"])}
    monkeypatch.setattr(features, "WORD_CACHE", 6)  # words past the bigrams' four are forgotten
    tables = _WordColumns(vocabulary, 5, True)
    batches = [["computer system data", "computers systems interfere"],
               ["interception of computer data", "", "system"],
               ["computing interoperable systemic data system", "data computer system"]]
    for batch in batches:
        prepared = [Prepared(text, "en", text.split(), head=min(2, len(text.split()))) for text in batch]
        rows, columns = tables(prepared)
        expected = sorted((i, vocabulary[g]) for i, p in enumerate(prepared)
                          for g in word_ngrams(p, 5, heading=True) if g in vocabulary)
        assert sorted(zip(rows.tolist(), columns.tolist())) == expected
        assert rows.dtype == columns.dtype == np.int64
    # the first two batches' other words were forgotten; the bigrams' words kept their ids
    assert list(tables.ids) == ["computer", "system", "data", "computing", "interoperable", "systemic"]


@pytest.mark.parametrize("text", ["", "a", "ab", "abc", "Hacking  tools\tand\nİstanbul", "不正アクセス", " x  yz "])
def test_character_ngrams_are_scikit_learns(text: str) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from lexnlp_cyber.classify.features import char_wb_ngrams

    for low, high in ((2, 5), (3, 5), (1, 3)):
        analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high)).build_analyzer()
        assert char_wb_ngrams(text, low, high) == analyzer(text)


def test_models_with_character_ngrams_save_as_arrays(tiny_corpus: Path, tmp_path: Path) -> None:
    model_dir = tmp_path / "char"
    trained = train([tiny_corpus], model_dir, config={"folds": 2, "use_char": True, "heading_view_char": True})
    assert (model_dir / MODEL_FILE).is_file() and not (model_dir / PICKLE_FILE).exists()
    model = load_model(model_dir, trust=True)
    assert model.featurizer.n_char > 0 and model.featurizer.n_char == trained.featurizer.n_char
    assert model.predict([ACCESS], ["en"])[0].scores == trained.predict([ACCESS], ["en"])[0].scores
    assert "offence.illegal_access" in model.predict([ACCESS], ["en"])[0].ids


def test_pickled_models_load_and_are_tied_to_scikit_learn(tiny_model_dir: Path, tmp_path: Path) -> None:
    """A model with scikit-learn parts (as models with character n-grams were
    saved before they had arrays) is pickled, loads with the trust flag, and
    is refused under another scikit-learn."""
    import numpy as np

    from lexnlp_cyber import taxonomy
    from lexnlp_cyber.classify.features import prepare_many
    from lexnlp_cyber.classify.model import CyberClassifier, PlattOneVsRest
    from lexnlp_cyber.classify.train import DEFAULT_CONFIG, _fit
    from lexnlp_cyber.corpus import read_corpus

    entries = read_corpus([tiny_model_dir.parent / "tiny.jsonl"])
    classes = taxonomy.labels()
    y = np.asarray([[int(lab in e.labels) for lab in classes] for e in entries])
    featurizer, ovr = _fit(prepare_many([e.full_text for e in entries], [e.lang for e in entries]), y, DEFAULT_CONFIG)
    card = json.loads((tiny_model_dir / CARD_FILE).read_text())
    model = CyberClassifier(featurizer, PlattOneVsRest(ovr, np.full(len(classes), 2.0), np.zeros(len(classes))),
                            classes, np.full(len(classes), 0.5), dict(DEFAULT_CONFIG), card)
    model_dir = model.save(tmp_path / "pickled")
    assert (model_dir / PICKLE_FILE).is_file() and not (model_dir / MODEL_FILE).exists()
    assert load_model(model_dir, trust=True).predict([ACCESS], ["en"])[0].scores == model.predict([ACCESS], ["en"])[0].scores
    _assert_refused_as_built_with(model_dir, "scikit-learn", "0.20.0")


def _assert_refused_as_built_with(model_dir: Path, package: str, version: str) -> None:
    """Rewrite the card as if the model had been built with ``package`` ``version``: loading says E203."""
    card = json.loads((model_dir / CARD_FILE).read_text())
    card["versions"][package] = version
    (model_dir / CARD_FILE).write_text(json.dumps(card))
    with pytest.raises(ModelError) as err:
        load_model(model_dir, trust=True)
    assert err.value.code == "E203"


def test_medium_neutral_labels_survive_outside_cyber_instruments(tiny_model_dir: Path) -> None:
    model = load_model(tiny_model_dir, trust=True)
    # A general search power in a non-cyber instrument that names no computer gets nothing.
    pred = model.predict(["An officer executing a warrant may search the premises and seize documents."],
                         ["en"], context_cyber=[False])[0]
    assert "procedure.search_seizure" not in pred.ids


def _kept_when_forced(model_dir: Path, label: str, text: str, lang: str, *, cyber: bool) -> bool:
    """Whether ``label`` survives the decision rules for ``text`` when its score is forced over
    its threshold (and every other label's under), in or out of a cyber instrument."""
    import numpy as np

    model = load_model(model_dir, trust=True)
    j = model.labels.index(label)
    model.thresholds = np.where(np.arange(len(model.labels)) == j, 0.0, 1.1)
    return label in model.predict([text], [lang], context_cyber=[cyber])[0].ids


@pytest.mark.parametrize(
    ("label", "text", "kept"),
    [
        # names the material: the medium-neutral label survives in a general code
        ("offence.child_sexual_abuse_material",
         "Whoever produces or distributes child pornography depicting a minor shall be punished.", True),
        # a general sexual offence against a child names no material: dropped outside cyber instruments
        ("offence.child_sexual_abuse_material",
         "Whoever commits sexual acts on a minor under fourteen years shall be punished.", False),
        # personal data is the data of GUIDE rule 2 for privacy offences
        ("offence.privacy_breach",
         "Whoever discloses personal data to a third party without consent shall be punished.", True),
        ("offence.privacy_breach", "Whoever discloses a secret confided to him shall be punished.", False),
    ],
)
def test_medium_neutral_labels_need_their_object_outside_cyber_instruments(
        tiny_model_dir: Path, label: str, text: str, kept: bool) -> None:
    assert _kept_when_forced(tiny_model_dir, label, text, "en", cyber=False) is kept


@pytest.mark.parametrize(
    ("label", "text", "kept"),
    [
        # "access" alone is not access across borders (Philippine access-device act: five false positives)
        ("cooperation.transborder_access",
         "Any person who obtains access to a computer system by means of a counterfeit access device commits an offence.",
         False),
        ("cooperation.transborder_access",
         "A Party may, without the authorisation of another Party, access publicly available stored computer data.",
         True),
        # a privacy offence names the personal data or the private communications it protects
        ("offence.privacy_breach", "Whoever enters a computer system of the State without right shall be punished.", False),
        ("offence.privacy_breach", "Whoever discloses personal data held in a computer system shall be punished.", True),
        ("offence.terrorism_related", "Whoever damages a computer system of a hospital shall be punished.", False),
        # regression: providers established in the national territory are regulated at home, not asked
        # directly by a foreign authority (Spanish and French provider laws: 9 false positives)
        ("cooperation.direct_provider_cooperation",
         "Service providers established in the national territory shall register with the regulator.", False),
        ("cooperation.direct_provider_cooperation",
         "An authority of a Party may issue an order directly to a service provider in the territory of another "
         "Party to disclose subscriber information.", True),
        # GUIDE.md: definitions only for provisions that define a cyber term
        ("definitions", "In this Act, 'vessel' means any ship or boat used in navigation.", False),
        ("definitions", "In this Act, 'computer system' means a device that processes data automatically.", True),
    ],
)
def test_labels_need_their_defining_concept_in_any_instrument(tiny_model_dir: Path, label: str, text: str,
                                                              kept: bool) -> None:
    assert _kept_when_forced(tiny_model_dir, label, text, "en", cyber=True) is kept


@pytest.mark.parametrize(
    ("lang", "text", "kept"),
    [
        # regression: the electronic-transactions provisions of ICT laws (recognition of electronic
        # records, contracts, signatures) read as electronic evidence; its scope is evidence in proceedings
        ("en", "A contract formed by exchanging electronic records binds the parties as one made on paper.", False),
        ("en", "A printout of an electronic record certified by the system operator may be produced as evidence "
               "in any court.", True),
        ("fr", "Le contrat conclu par échange de messages électroniques engage les parties comme un écrit.", False),
        ("fr", "Un document électronique peut être produit à titre de preuve devant le tribunal.", True),
        ("es", "El documento electrónico tendrá en juicio el mismo valor probatorio que el documento en papel.", True),
        ("de", "Ein elektronisches Dokument kann im Strafverfahren als Beweismittel vorgelegt werden.", True),
    ],
)
def test_electronic_evidence_needs_evidence_in_the_text(tiny_model_dir: Path, lang: str, text: str,
                                                        kept: bool) -> None:
    assert _kept_when_forced(tiny_model_dir, "procedure.electronic_evidence", text, lang, cyber=True) is kept


def test_a_provision_given_alone_with_swapped_lam_alefs_is_read_repaired() -> None:
    # regression: "إتالف" (for "إتلاف", destroying) in a provision from a converter that swapped its
    # lam-alefs met no cue phrase of data damage
    from lexnlp_cyber.classify.features import prepare

    text = "يعاقب خالل مدة لا تزيد على سنة كل من قام عمدا إال في الأحوال المقررة بإتالف البيانات"
    assert "data_damage" in {cue.concept for cue in prepare(text, "ar").cues}


@pytest.mark.parametrize(
    ("label", "lang", "text", "kept"),
    [
        # labels.tsv: false information is the publication of false news or unlawful content
        ("offence.false_information", "en", "A person who publishes false information through a computer system "
         "with intent to cause public alarm commits an offence.", True),
        # regression: false statements in a licence application read as disinformation
        ("offence.false_information", "en", "Where applying for a licence under this Law, a person who uses false "
         "information commits an offence and is liable to a fine.", False),
        # regression: an e-commerce act's rules on when an electronic message is received drew
        # mutual assistance (its addressee and originator read as requesting and requested parties)
        ("cooperation.mutual_assistance", "en", "Unless otherwise agreed between the originator and the addressee, "
         "the receipt of an electronic data message occurs when it enters the designated information system of "
         "the addressee.", False),
        # spontaneous information names no request, but another Party (Budapest art. 26)
        ("cooperation.mutual_assistance", "en", "A Party may, without prior request, forward to another Party "
         "information obtained within the framework of its own investigations.", True),
        ("cooperation.mutual_assistance", "es", "Una Parte podrá, sin petición previa, comunicar a otra Parte "
         "información obtenida en el marco de sus propias investigaciones.", True),
        ("cooperation.mutual_assistance", "en", "The central authority shall execute a request for mutual assistance "
         "without delay.", True),
        # regression: spam laws prohibit more than they punish (the fine is a regulator's, in another
        # article); a prohibition of unsolicited messages lost offence.spam for want of a penalty
        ("offence.spam", "en", "A person who sends unsolicited commercial communications must identify the sender "
         "and offer a simple means of refusing further messages.", True),
        ("offence.spam", "es", "El destinatario podrá revocar en cualquier momento el consentimiento prestado a la "
         "recepción de comunicaciones comerciales.", True),
        # without the label's own concept, the offence marker is still needed
        ("offence.spam", "en", "The Authority shall publish guidance on electronic messages sent to consumers.", False),
        # "commits the offence of …", "guilty of the offence of …" create offences as "commits an offence" does
        ("offence.data_interference", "en", "A person who deletes the computer data of another commits the "
         "offence of data interference.", True),
        ("offence.data_interference", "en", "A person who deletes the computer data of another shall be guilty of "
         "the offence of data interference.", True),
        ("offence.data_interference", "fr", "Le fait de supprimer les données informatiques d'autrui constitue le "
         "délit d'atteinte aux données.", True),
        ("offence.data_interference", "es", "Quien borre los datos informáticos de otro comete el delito de daños "
         "informáticos.", True),
    ],
)
def test_a_label_is_kept_only_when_its_text_says_what_it_needs(tiny_model_dir: Path, label: str, lang: str,
                                                              text: str, kept: bool) -> None:
    assert _kept_when_forced(tiny_model_dir, label, text, lang, cyber=True) is kept


def test_rule_concepts_are_matched_but_are_not_features() -> None:
    # "evidence" serves the electronic-evidence rule only: as a model feature it cost accuracy
    assert "evidence" in concepts() and "evidence" not in feature_concepts()
    assert [m.text for m in matcher("en")("admissible in evidence") if m.concept == "evidence"]


@pytest.mark.parametrize(
    ("lang", "text", "kept"),
    [
        # a committee's functions name terrorism but create no offence
        ("en", "The functions of the Committee are to advise on measures against cyber terrorism.", False),
        ("en", "A person who commits a terrorist act by means of a computer system is liable to imprisonment.", True),
        ("en", "Each Party shall establish as criminal offences the use of computer systems for terrorism.", True),
        # regression: naming criminal offences in passing creates none
        ("en", "This Act applies to computer systems used to finance terrorism and to the criminal offences of "
               "other laws committed through them.", False),
        ("en", "The use of a computer system to promote terrorism is a criminal offence.", True),
        # the phrase broken across PDF lines (the sample act's fraud section lost its label)
        ("en", "A person who uses a computer system for terrorism commits an\noffence.", True),
        ("es", "Cada Parte adoptará las medidas necesarias para tipificar como delito el terrorismo informático.", True),
        ("fr", "Constitue un acte de terrorisme l'atteinte à un système informatique en relation avec une entreprise.",
         True),
    ],
)
def test_offence_labels_need_a_text_that_creates_an_offence(tiny_model_dir: Path, lang: str, text: str,
                                                            kept: bool) -> None:
    assert _kept_when_forced(tiny_model_dir, "offence.terrorism_related", text, lang, cyber=True) is kept


@pytest.mark.parametrize(
    ("lang", "heading", "text", "expected"),
    [
        # GUIDE.md: a definitions section gets `definitions` only, not the labels of the terms it
        # defines (a wiretap chapter's definitions section read as an interception power)
        ("en", "Definitions", "In this chapter, 'intercept' means the acquisition of the contents of any wire "
         "or electronic communication through the use of any device.", ["definitions"]),
        ("en", "Interpretation", "In this Act, 'traffic data' means computer data relating to a communication "
         "by means of a computer system.", ["definitions"]),
        ("de", "Begriffsbestimmungen", "Im Sinne dieses Gesetzes sind Daten nur solche, die elektronisch "
         "gespeichert sind.", ["definitions"]),
        ("ja", "（定義）", "この法律において「電磁的記録」とは、電子計算機による情報処理の用に供されるものをいう。",
         ["definitions"]),
        # no cyber term defined: no label at all (GUIDE.md's rule for `definitions`), though every
        # label passes its threshold here
        ("en", "Definitions", "In this Act, 'vessel' means any ship or boat used in navigation.", []),
        # regression: a definitions section printed without a heading (code articles, acts without
        # marginal notes) is known by the formula it opens with, after its label line
        ("en", None, "3\n1 In this Act, unless the context otherwise requires,— interception means the "
         "acquisition of the content of a telecommunication by a device; network operator means a person "
         "who owns a public telecommunications network.", ["definitions"]),
        ("fr", None, "Article R54-1\nLes termes employés au présent chapitre répondent aux définitions "
         "suivantes : 1° Interception : l'acquisition du contenu d'une communication électronique.",
         ["definitions"]),
        ("nl", None, "Artikel 126la\nIn deze afdeling wordt verstaan onder: aanbieder van een "
         "communicatiedienst: de aanbieder van een openbaar telecommunicatienetwerk.", ["definitions"]),
        ("de", None, "§ 11 Personen- und Sachbegriffe\n(1) Im Sinne dieses Gesetzes ist\n1. Inhalt: was in "
         "Datenspeichern enthalten ist.", ["definitions"]),
    ],
)
def test_a_definitions_section_gets_definitions_only(tiny_model_dir: Path, lang: str, heading: str | None,
                                                     text: str, expected: list[str]) -> None:
    import numpy as np

    model = load_model(tiny_model_dir, trust=True)
    model.thresholds = np.zeros(len(model.labels))  # every label passes its threshold
    assert model.predict([text], [lang], context_cyber=[True], headings=[heading])[0].ids == expected


@pytest.mark.parametrize(
    "text",
    [
        # the section and subsection numbers before the formula, as printed and as OCR reads them
        "2.—(1) In this Act, unless the context otherwise requires, computer means an electronic device.",
        # regression: a scanned act's "2.—(1) In this Act—" read as "-41) In this Act-", its list of terms
        # below; the section got no label (its terms drew offence labels that no offence marker kept)
        "2.\n-41) In this Act-\n\"child\" means a person under eighteen;\n\"computer\" means a device.",
    ],
)
def test_a_definitions_formula_after_section_numbers_opens_a_definitions_section(text: str) -> None:
    from lexnlp_cyber.classify.model import is_definitions_section

    assert is_definitions_section(None, text, "en")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # a narrower scope opens provisions whose later paragraphs are operative
        ("en", "7\n(1) In this section, unless the context otherwise requires, computer means an electronic "
         "device.\n(2) A person who intercepts a communication by means of a computer commits an offence."),
        # one term defined on the way is not a definitions section (curators label such provisions by
        # their operative content)
        ("en", "44\nIn this Act: protected information means information obtained by intercepting a "
         "telecommunication under a warrant."),
        ("fr", "Article 12\nAu sens du présent article, on entend par données les informations traitées "
         "par un système informatique. Le fait d'y accéder frauduleusement est puni de deux ans."),
        # the formula later in the text, not at its opening
        ("en", "9\nA person who intercepts a communication commits an offence.\n(2) The penalty is a fine.\n"
         "(3) Nothing here applies to a provider.\n(4) In this Act, unless the context otherwise requires, "
         "intercept includes record."),
    ],
)
def test_a_definitions_formula_only_opening_a_whole_scope_makes_a_definitions_section(lang: str, text: str) -> None:
    from lexnlp_cyber.classify.model import is_definitions_section

    assert not is_definitions_section(None, text, lang)


@pytest.mark.parametrize(
    ("text", "cyber", "expected"),
    [
        # regression: the interpretation sections of the Computer Misuse Act lineage ("A person secures
        # access … if") read as the powers and offences whose terms they interpret, or as nothing
        ("2. Securing access\nA person secures access to any program or data held in a computer if that "
         "person views, alters or erases the program or data.", True, True),
        ("4. Authorised access\nAccess by a person to any program or data held in a computer is authorised "
         "if the person is entitled to control access to it.", True, True),
        ("6. Modification of contents\nA modification of the contents of any computer takes place if a "
         "program held in it is altered or erased.", True, True),
        ("5. References\n(1) A reference to a program held in a computer includes a reference to any program "
         "held in a removable storage medium.", True, True),
        # outside cyber context the same sentences are the conditions of general powers
        ("94 Unlawful searches\nA search by consent is unlawful if it is not for a purpose set out in "
         "section 92.", False, False),
        # a first sentence that confers a power or creates an offence is no interpretation
        ("9. Entry\nA person commits an offence if that person accesses a computer without authority.", True, False),
        ("8. Preservation\nAn officer may apply for a preservation order if data held in a computer is at risk.",
         True, False),
    ],
)
def test_an_interpretive_section_of_a_cyber_instrument_is_a_definitions_section(text: str, cyber: bool,
                                                                                expected: bool) -> None:
    from lexnlp_cyber.classify.model import is_definitions_section

    assert is_definitions_section(None, text, "en", cyber=cyber) is expected


def _first_unit_classified(model: CyberClassifier | None, text: str) -> Provision:
    """The first unit of ``text`` (English), segmented and classified in a cyber instrument
    (by the shipped model when ``model`` is None)."""
    from lexnlp_cyber import classify, segment

    return classify(segment(text, lang="en"), model=model, cyber_instrument=True).units()[0]


def _subdivision_classified(model: CyberClassifier, text: str, index: int,
                            opening: str) -> tuple[Provision, Provision]:
    """The first unit of ``text`` classified (:func:`_first_unit_classified`) and its
    ``index``-th subdivision, which opens with ``opening``."""
    unit = _first_unit_classified(model, text)
    node = unit.children[index]
    assert node.text.startswith(opening)
    return unit, node


def test_an_interpretive_section_gets_definitions_only_in_a_cyber_instrument(tiny_model_dir: Path) -> None:
    import numpy as np

    model = load_model(tiny_model_dir, trust=True)
    model.thresholds = np.zeros(len(model.labels))  # every label passes its threshold
    unit = _first_unit_classified(model, "Section 2. Securing access\nA person secures access to any program or "
                                         "data held in a computer if that person—\n(a) alters or erases the "
                                         "program or data; or\n(b) copies it to a storage medium.\n")
    assert unit.label_ids == ["definitions"]


def test_a_definitions_section_takes_no_label_from_its_parts(tiny_model_dir: Path) -> None:
    import numpy as np

    model = load_model(tiny_model_dir, trust=True)
    model.thresholds = np.zeros(len(model.labels))
    text = ("Section 1. Definitions\n"
            "In this Act—\n"
            "(a) 'intercept' means to acquire the contents of a communication by a device;\n"
            "(b) 'computer system' means a device that processes computer data.\n")
    unit = _first_unit_classified(model, text)
    assert unit.heading == "Definitions" and unit.children
    assert unit.label_ids == ["definitions"]
    assert all(set(node.label_ids) <= {"definitions"} for node in unit.walk())


@pytest.mark.parametrize(
    ("lang", "heading", "final"),
    [
        ("en", "Short title and commencement", True),
        ("en", "Reservations", True),
        ("en", "Funds of the Authority", True),
        ("de", "Räumlicher Geltungsbereich", True),
        ("es", "Firma y entrada en vigor", True),
        ("tr", "Yürütme", True),
        ("ar", "الإلغاءات", True),
        ("zh", "施行日期", True),
        ("en", "(Repeals and savings.)", True),
        # regression: purpose, objects and supremacy sections have no operative content
        ("en", "Purposes", True),
        ("en", "Supremacy of Act", True),
        ("fr", "Objet", True),
        ("ru", "Цели настоящего Федерального закона", True),
        # regression: a cyber act's fund drew governance.institutions from its objects; a fund's
        # sections and accounts are budget provisions
        ("en", "Establishment of the Cybersecurity Fund", True),
        ("en", "Sources of moneys for the Fund.", True),
        ("en", "Bank account of the Authority", True),
        ("es", "Gestión del Fondo", True),
        # regression: machinery sections had drawn corporate liability (bodies corporate served
        # with notices) and search and seizure (a surveillance act's relation to other laws)
        ("en", "Service of notices", True),
        ("en", "Overview of sections 17 to 19", True),
        ("es", "Ley aplicable.", True),
        ("en", "Recovery of civil damages authorized", True),
        ("en", "Injunction against illegal interception", True),
        ("en", "Civil forfeiture", False),  # liability.sanctions
        ("en", "Applicable law for offences committed abroad", False),
        ("en", "The purpose of this Act in relation to interception capability is to—", True),
        ("en", "Purpose of interception warrants", False),  # names the power
        ("en", "Service of orders and notices", True),
        ("en", "Service of preservation directions, notices, etc", True),  # how, not what: machinery
        ("en", "Immunities relating to obtaining or executing preservation directions", True),
        ("en", "Immunity of the Crown", True),
        ("en", "New Zealand Police to retain applications and related documents", True),
        ("tr", "Cumhuriyet Başsavcılığına yapılan tebligat", True),
        ("de", "Zustellungen", True),
        ("en", "Immunity of service providers acting in good faith", False),  # service-provider liability
        ("en", "Service provider to assist with interception", False),
        ("en", "Relationship to other laws and matters", True),
        ("en", "Relationship of this Division to parliamentary privileges and immunities", True),
        ("de", "Verhältnis zu anderen Gesetzen", True),
        ("en", "Regulations", False),  # regulations on a duty carry its label
        # regression: an interception-capability act's costs sections ("Wholesaler may charge",
        # "Surveillance agency not required to pay costs") had drawn interception
        ("en", "Surveillance agency not required to pay costs", True),
        ("en", "Wholesaler may charge", True),
        ("en", "Cost reimbursement", True),
        ("en", "Court fees in case of appeal", True),
        ("de", "Kosten und notwendige Auslagen bei Freispruch", True),
        ("fr", "Frais de justice", True),
        ("en", "Costs of interception capability to be met by network operator", True),
        ("en", "Offence of charging fees for unlawful access", False),  # an offence
        ("en", "Duty to bear costs of interception capability", False),  # a duty: it says what, not only who pays
        ("en", "Remedies and costs", False),  # a court's take-down order on a content host
        ("en", "Immunity", False),  # a provider's immunity is service-provider liability
        # regression: an e-commerce act's rules of paper equivalence had drawn electronic evidence,
        # production orders and definitions; its admissibility rules keep their labels
        ("en", "Original Documents.", True),
        ("en", "Formation of Validity of Electronic Contracts.", True),
        ("en", "Time of Receipt of Electronic Data Messages or Electronic Documents.", True),
        ("en", "Retention of record in original form", True),
        ("es", "Acuse de recibo", True),
        ("en", "Legal Recognition of Electronic Documents.", False),
        ("en", "Admissibility of an electronic signature", False),
        ("en", "Fraudulent electronic funds transfer", False),  # an offence
        ("fr", "Détournement de fonds", False),
        # whole headings only: these are operative provisions
        ("en", "Purposes for which data may be disclosed", False),
        ("en", "Short title and interpretation", False),
        ("en", "Application", False),  # may set the act's territorial reach (jurisdiction)
        ("en", "Application for a computer access warrant", False),
        ("en", "Notification of a security breach", False),
        ("fr", "Exécution des réquisitions", False),
        ("en", None, False),
    ],
)
def test_final_clause_headings(lang: str, heading: str | None, final: bool) -> None:
    from lexnlp_cyber.classify.model import is_final_clause_heading

    assert is_final_clause_heading(heading, lang) is final


@pytest.mark.parametrize(
    ("lang", "heading", "subjects"),
    [
        ("en", "Penalties.", {"liability.sanctions"}),
        ("en", "Offences and penalties", {"liability.sanctions"}),
        ("es", "Infracciones y sanciones.", {"liability.sanctions"}),
        ("zh", "法律责任", {"liability.sanctions"}),
        # whole headings only
        ("en", "Penalties for failing to preserve data", set()),
        ("en", "Power to amend penalties", set()),
        ("en", None, set()),
    ],
)
def test_headings_that_name_a_provisions_subject(lang: str, heading: str | None, subjects: set[str]) -> None:
    from lexnlp_cyber.classify.model import heading_subjects

    assert heading_subjects(heading, lang) == subjects


def test_a_penalties_section_keeps_sanctions_beside_the_offences_it_lists() -> None:
    # regression: a Penalties section reads as the acts it punishes, and the secondary ratio
    # dropped liability.sanctions beside them (Philippine access-device and e-commerce acts),
    # though GUIDE.md gives it to a provision whose subject is penalties
    body = ("(1) A person who commits an offence under section 4, by making or selling skimming devices, or under "
            "section 5, by using a counterfeit access device, is liable to imprisonment for not more than six years "
            "and to a fine twice the value obtained.\n"
            "(2) An attempt to commit either offence, and aiding or abetting it, is punishable as the offence itself.\n")
    # The rule keeps a label that passes its threshold; the shipped model's sanctions threshold moves
    # between retrains (its cross-validated F1 is flat from 0.35 to 0.45), so it is pinned here.
    model = copy.copy(load_model())
    model.thresholds = model.thresholds.copy()
    model.thresholds[model.labels.index("liability.sanctions")] = 0.35
    penalties = _first_unit_classified(model, "Section 12. Penalties\n" + body)
    other = _first_unit_classified(model, "Section 12. Further provisions\n" + body)
    assert "liability.sanctions" in penalties.label_ids
    assert "liability.sanctions" not in other.label_ids  # the ratio still applies without the heading


@pytest.mark.parametrize(
    ("lang", "heading", "names"),
    [
        ("en", "Right of review", True),
        ("en", "When preservation direction is invalid", True),
        ("en", "False application for interception warrant", True),
        ("en", "Disposal of forensic copies", True),
        ("en", "Reports concerning intercepted communications", True),
        ("de", "Löschung erhobener Daten", True),
        ("zh", "监听材料的销毁", True),       # unspaced: inside the heading
        ("ar", "وإتلاف التسجيلات", True),     # joined to "wa-"
        ("en", "Preview of seized data", False),  # whole words where words are spaced
        ("en", "Production order", False),
        ("en", None, False),
    ],
)
def test_headings_that_name_a_safeguard_of_a_power(lang: str, heading: str | None, names: bool) -> None:
    from lexnlp_cyber.classify.model import names_safeguard

    assert names_safeguard(heading, lang) is names


_SET_ASIDE = ("(1) On the application of the service provider, the Court shall set aside a direction under section 28 "
              "to preserve stored computer data where the officer who gave it lacked the grounds that section 27 "
              "requires.\n"
              "(2) Computer data preserved under a direction set aside may not be disclosed or used in any "
              "proceedings, and the provider shall be told at once that the direction has no effect.\n")


@pytest.mark.parametrize(
    ("heading", "labels"),
    [
        ("When preservation direction is invalid", ["procedure.scope_safeguards"]),
        ("Disposal of preserved data", ["procedure.scope_safeguards"]),
        ("Preservation of stored computer data", ["procedure.expedited_preservation"]),  # the power itself
    ],
)
def test_a_provision_on_a_powers_safeguards_is_no_grant_of_the_power(heading: str, labels: list[str]) -> None:
    # regression: review, invalidity, false-application and disposal sections of a preservation
    # regime read as the preservation power they govern (a New Zealand search act's preservation
    # directions, domestic and foreign); the curators tag them scope_safeguards
    unit = _first_unit_classified(None, f"Section 31. {heading}\n" + _SET_ASIDE)
    assert unit.label_ids == labels


@pytest.mark.parametrize(
    ("heading", "names"),
    [
        ("Application for production order of subscriber information", True),
        ("Issue of interception warrant for traffic data", True),
        ("What must a computer access warrant contain?", True),
        ("Application for interception of content data", True),
        ("Application for licence", False),                        # no order or warrant
        ("Application for approval of emergency authorisation", False),
        ("Issue of process.", False),
    ],
)
def test_headings_that_name_how_a_power_is_applied_for(heading: str, names: bool) -> None:
    from lexnlp_cyber.classify.model import names_issuing

    assert names_issuing(heading, "en") is names


def test_an_application_for_an_order_is_the_powers_own_procedure() -> None:
    # regression: sections on applying for and issuing production orders, interception and
    # computer access warrants state grounds and proportionality, and drew scope_safeguards
    # beside the power (Ghanaian and Australian acts); the curators give them the power alone
    body = ("(1) A police officer of the rank of inspector or above may apply without notice to a judge for an "
            "order requiring a service provider to produce the subscriber information it holds on an account "
            "named in the application.\n"
            "(2) The application shall be supported by a sworn statement of the grounds, and the judge shall make "
            "the order only where satisfied that it is necessary and proportionate to the investigation of a "
            "serious offence, having regard to the privacy of the persons concerned.\n"
            "(3) The order shall be valid for thirty days, shall not extend to communications protected by legal "
            "privilege, and may be set aside on the application of the provider.\n")
    applying = _first_unit_classified(None, "Section 12. Application for production order\n" + body)
    other = _first_unit_classified(None, "Section 12. Production of subscriber information\n" + body)
    assert applying.label_ids == ["procedure.production_order"]
    assert "procedure.scope_safeguards" in other.label_ids  # the same text under another heading


@pytest.mark.parametrize(
    ("heading", "names"),
    [
        ("Functions of the Authority", True),
        ("Establishment of Industry Forum", True),
        ("Appointment of cyber inspector", True),
        ("Constitution of the National Computer Incident Response Team", True),
        ("Governing body of the Authority", True),
        ("Appointment of other staff", False),            # staff provisions get no label
        ("Establishment of the Cybersecurity Fund", False),
        ("Objects of the Act", False),
        ("Duty to report cybersecurity incident", False),
        (None, False),
    ],
)
def test_headings_that_establish_a_body(heading: str | None, names: bool) -> None:
    from lexnlp_cyber.classify.model import heading_labels

    assert ("governance.institutions" in {label for label, _ in heading_labels(heading, "en")}) is names


def test_a_bodys_functions_are_institutions_not_the_duties_they_name() -> None:
    # regression: the functions of cyber authorities and response teams name the security
    # duties they oversee and drew cybersecurity_obligations; the appointment and governing
    # body of such a body drew nothing (Ghanaian, Zambian, Kenyan acts)
    body = ("The functions of the Agency are to—\n"
            "(a) monitor threats to critical information infrastructure and issue warnings to its owners;\n"
            "(b) receive the incident reports that owners of critical information infrastructure are required "
            "to make;\n"
            "(c) set minimum security standards for public bodies and audit their compliance.\n")
    body_unit = _first_unit_classified(None, "Section 5. Functions of the Agency\n" + body)
    other = _first_unit_classified(None, "Section 5. Security of critical information infrastructure\n" + body)
    assert body_unit.label_ids == ["governance.institutions"]
    assert "governance.cybersecurity_obligations" in other.label_ids


@pytest.mark.parametrize(
    ("heading", "labels"),
    [
        ("Duty to report cybersecurity incident", {"governance.cybersecurity_obligations"}),
        ("Registration of critical information infrastructure", {"governance.cybersecurity_obligations"}),
        ("Reporting of cyber threat", {"governance.cybersecurity_obligations"}),
        ("Access to critical information infrastructure", set()),     # the offence
        ("Offences relating to critical information infrastructure", set()),
        ("Responsibility of the Authority relating to response to cybersecurity incidents", set()),
        ("Functions of the National Computer Emergency Response Team", {"governance.institutions"}),
        ("Jurisdiction of Courts", {None}),  # jurisdiction gives way, nothing takes its place
        ("Access with intent to commit or facilitate commission of offence", {"offence.illegal_access"}),
        ("Search and seizure of stored computer data", {"procedure.search_seizure"}),
        ("Expedited preservation of stored computer data", {None}),
        ("Partial disclosure of traffic data", {"procedure.expedited_preservation"}),
        ("Territorial jurisdiction", set()),
    ],
)
def test_headings_that_name_a_subject_in_cyber_context(heading: str, labels: set[str | None]) -> None:
    from lexnlp_cyber.classify.model import heading_labels

    assert {label for label, _ in heading_labels(heading, "en")} == labels


def test_a_security_duty_is_no_body_and_no_jurisdiction_rule() -> None:
    # regression: the duties of owners of critical information infrastructure and of incident
    # reporting name the body they report to and the territory they cover, and drew institutions
    # and jurisdiction beside (or instead of) the security duty (Ghanaian and Zambian acts)
    body = ("(1) The owner of a critical information infrastructure located in the Republic shall report to the "
            "National Cyber Agency, within twenty-four hours, any incident that affects the availability of its "
            "systems.\n(2) The Agency shall keep a register of the reports made under this section.\n")
    duty = _first_unit_classified(None, "Section 40. Duty to report cybersecurity incident\n" + body)
    assert duty.label_ids == ["governance.cybersecurity_obligations"]


def test_access_with_intent_to_commit_a_further_offence_is_illegal_access() -> None:
    # regression: such sections name the further offences (fraud, interception, device misuse)
    # and 'facilitate', and drew attempt and those offences, or nothing (Ugandan and
    # Singaporean acts); labels.tsv puts access with intent to commit a further offence in
    # illegal access
    body = ("(1) Any person who causes a computer to perform any function for the purpose of securing access to any "
            "program or data held in it, with intent to commit or to facilitate the commission of an offence "
            "involving property, fraud or dishonesty, commits an offence and is liable on conviction to "
            "imprisonment for a term not exceeding ten years.\n")
    headed = _first_unit_classified(
        None, "Section 4. Access with intent to commit or facilitate commission of offence\n" + body)
    other = _first_unit_classified(None, "Section 4. Further offences\n" + body)
    assert headed.label_ids == ["offence.illegal_access"]
    assert other.label_ids != ["offence.illegal_access"]


def test_a_search_power_that_reaches_connected_systems_is_no_transborder_access() -> None:
    # regression: search-and-seizure sections extending the search to connected systems, and
    # preservation sections, drew trans-border access (Zambian and Kenyan acts, the Convention)
    body = ("(1) A police officer acting under a warrant may search and seize a computer system or data stored in "
            "it.\n(2) Where the officer has grounds to believe that the data sought are stored in another computer "
            "system, and that such data are lawfully accessible from the first system, the officer may extend the "
            "search to that system, including where the data are stored in another state with the consent of the "
            "person lawfully entitled to disclose them.\n")
    titled = _first_unit_classified(None, "Section 31. Search and seizure\n" + body)
    other = _first_unit_classified(None, "Section 31. Powers of police officers\n" + body)
    assert titled.label_ids == ["procedure.search_seizure"]
    assert "cooperation.transborder_access" in other.label_ids


def test_which_court_hears_an_offence_is_no_jurisdiction_rule() -> None:
    # regression: 'Jurisdiction of courts' sections (which court tries offences under the act)
    # drew jurisdiction in Ugandan and Singaporean acts; labels.tsv's jurisdiction is the
    # grounds on which the state claims jurisdiction
    body = ("A district court shall have jurisdiction to try any offence under this Act and to impose the full "
            "penalty provided for it, wherever in the Republic the offence was committed.\n")
    courts = _first_unit_classified(None, "Section 15. Jurisdiction of courts\n" + body)
    state = _first_unit_classified(None, "Section 15. Jurisdiction\n" + body)
    assert courts.label_ids == []
    assert state.label_ids == ["jurisdiction"]


def test_the_heading_that_decides_a_label_is_its_first_evidence() -> None:
    # a label a heading rule decided showed only the text's cue and n-gram evidence (an
    # institutions label scored 0.05 by the text), and a safeguard label that took a power's
    # place was said to come from a mutual-assistance part
    body = ("(1) The Authority shall appoint such number of cyber inspectors as it considers necessary.\n"
            "(2) A person appointed under subsection (1) shall hold office on the terms of the instrument of "
            "appointment.\n")
    unit = _first_unit_classified(None, "Section 8. Appointment of cyber inspectors\n" + body)
    first = unit.labels[0].evidence[0]
    assert (unit.label_ids, first.kind, first.text) == (["governance.institutions"], "heading",
                                                         "Appointment of cyber inspectors")
    assert unit.text[first.start:first.end] == first.text
    guarded = _first_unit_classified(None, "Section 31. When preservation direction is invalid\n" + _SET_ASIDE)
    kinds = [e.kind for e in guarded.labels[0].evidence]
    assert kinds[0] == "heading" and "context" not in kinds


def test_a_safeguard_heading_speaks_for_the_powers_a_units_parts_bring() -> None:
    from lexnlp_cyber.api import _as_safeguard
    from lexnlp_cyber.document import Label

    merged = {"procedure.interception_content": Label("procedure.interception_content", 0.9, []),
              "procedure.scope_safeguards": Label("procedure.scope_safeguards", 0.6, []),
              "liability.sanctions": Label("liability.sanctions", 0.7, [])}
    _as_safeguard(merged)
    assert {k: v.score for k, v in merged.items()} == {"procedure.scope_safeguards": 0.9, "liability.sanctions": 0.7}


@pytest.mark.parametrize(
    ("lang", "heading", "names"),
    [
        ("en", "PART V – POSTAL SERVICES", True),
        ("fr", "Livre Ier : Le service postal", True),
        ("zh", "第三章 邮政服务", True),
        # a part that names something cyber beside the post is cyber
        ("fr", "Autorité de régulation des communications électroniques et des postes", False),
        ("en", "Electronic communications", False),
    ],
)
def test_headings_of_parts_on_a_sector_without_computers(lang: str, heading: str, names: bool) -> None:
    from lexnlp_cyber.api import names_non_cyber_sector

    assert names_non_cyber_sector(heading, lang) is names


def test_the_postal_part_of_an_ict_act_is_outside_cyber_context() -> None:
    # regression: a code of posts and electronic communications counted as a cyber instrument as a
    # whole, so the penalties and inspections of its postal book took cyber labels (French code)
    from lexnlp_cyber import classify, segment

    body = ("A person convicted of an offence under section {n} is liable, in addition to the fine, to the "
            "forfeiture of the articles used to commit it and to a ban of two years from holding a licence "
            "under this Part.\n")
    text = ("PART I – ELECTRONIC COMMUNICATIONS\n\n1. Additional penalties\n" + body.format(n=2)
            + "\nPART II – POSTAL SERVICES\n\n7. Additional penalties\n" + body.format(n=8))
    first, postal = classify(segment(text, lang="en"), cyber_instrument=True).units()
    assert first.label_ids == ["liability.sanctions"]
    assert postal.label_ids == []


def test_final_clauses_get_no_label_from_their_text_or_parts(tiny_model_dir: Path) -> None:
    # GUIDE.md: final clauses, commencement, short title, repeals, budget and staff: no label
    # (a treaty's reservations article names the offence articles it reserves)
    import numpy as np

    from lexnlp_cyber import classify, segment

    model = load_model(tiny_model_dir, trust=True)
    model.thresholds = np.zeros(len(model.labels))  # every label passes its threshold
    text = ("A Party may reserve the right not to criminalise the illegal access to a computer system "
            "without right.")
    assert model.predict([text], ["en"], context_cyber=[True], headings=["Reservations"])[0].ids == []
    assert model.predict([text], ["en"], context_cyber=[True], headings=["Illegal access"])[0].ids
    doc = classify(segment("Article 42. Reservations\n(1) " + text + "\n(2) " + text + "\n", lang="en"),
                   model=model, cyber_instrument=True)
    unit = doc.units()[0]
    assert unit.heading == "Reservations" and unit.children
    assert all(node.label_ids == [] for node in unit.walk())


def _forced(model_dir: Path, labels: set[str]) -> object:
    """The model with ``labels`` over their thresholds for every text and the others under."""
    import numpy as np

    model = load_model(model_dir, trust=True)
    model.thresholds = np.asarray([0.0 if lab in labels else 1.1 for lab in model.labels])
    # nor may a second label's share of the first, or a part's floor, decide it
    model.config.update(secondary_ratio=0.0, subdivision_min_score=0.0)
    return model


def test_definitions_is_a_provisions_sole_label(tiny_model_dir: Path) -> None:
    # An offence that defines a term on the way is an offence provision, not a definitions one
    # (Kenyan and Philippine offence sections with "For the purposes of this section…" clauses)
    from lexnlp_cyber import classify, segment

    model = _forced(tiny_model_dir, {"definitions", "offence.illegal_access"})
    offence = ("Any person who intentionally accesses a computer system without authority commits an offence "
               "and is liable to imprisonment. For the purposes of this section, 'computer system' means a device "
               "that processes computer data.")
    assert model.predict([offence], ["en"], context_cyber=[True])[0].ids == ["offence.illegal_access"]
    only = _forced(tiny_model_dir, {"definitions"})
    assert only.predict([offence], ["en"], context_cyber=[True])[0].ids == ["definitions"]
    # the unit's union too: a defining paragraph does not add `definitions` to an offence section
    text = ("Section 5. Unauthorised access\n"
            "(1) Any person who intentionally accesses a computer system without authority commits an offence.\n"
            "(2) In this section, 'computer system' means a device that processes computer data.\n")
    doc = classify(segment(text, lang="en"), model=model, cyber_instrument=True)
    assert doc.units()[0].label_ids == ["offence.illegal_access"]


_INTERCEPTIONS = ("offence.illegal_interception", "procedure.interception_content")
_PRESERVATIONS = ("procedure.expedited_preservation", "cooperation.preservation_request")
_FRAUD = ("offence.data_interference", "offence.computer_fraud")
_FORGERY = ("offence.data_interference", "offence.computer_forgery")
_ASSISTANCE = ("cooperation.mutual_assistance", "cooperation.transborder_access")
_REAL_TIME = ("procedure.traffic_data_collection", "procedure.interception_content")
_DEVICE_TRADE = ("offence.illegal_interception", "offence.misuse_of_devices")


@pytest.mark.parametrize(
    ("forced", "lang", "text", "expected"),
    [
        # GUIDE.md: a label applies when the provision creates the offence or confers the power;
        # an interception offence had drawn the interception power too, and the power the offence
        (_INTERCEPTIONS, "en", "A person who uses a device to intercept communications transmitted over a "
         "telecommunications network commits an offence and is liable to imprisonment.",
         ["offence.illegal_interception"]),
        (_INTERCEPTIONS, "en", "A judge may issue a warrant authorising a police officer to intercept "
         "communications transmitted over a telecommunications network.", ["procedure.interception_content"]),
        (_INTERCEPTIONS, "fr", "Lorsque les nécessités de l'enquête l'exigent, le juge peut autoriser l'interception "
         "des correspondances émises par la voie des communications électroniques.",
         ["procedure.interception_content"]),
        # an offence of destroying electronic records to defeat proceedings is not a rule of evidence
        (("offence.data_interference", "procedure.electronic_evidence"), "en",
         "Whoever deletes an electronic record with intent to prevent its production as evidence commits "
         "an offence.", ["offence.data_interference"]),
        # domestic expedited preservation (Budapest art. 16) read as a foreign request too
        (_PRESERVATIONS, "en", "A police officer may by notice require a person in control of computer data to "
         "preserve the data for ninety days where there are grounds to believe it may be lost.",
         ["procedure.expedited_preservation"]),
        (_PRESERVATIONS, "en", "On a request made under a mutual legal assistance treaty by a foreign state, the "
         "Attorney General may order a service provider to preserve the stored computer data specified in the "
         "request.", ["cooperation.preservation_request"]),
        # computer fraud (Budapest art. 8) is done by altering or deleting data: that is not
        # also data interference (art. 4)
        (_FRAUD, "en", "Any person who, with intent to procure an economic gain, causes a loss of property to "
         "another by the input, alteration or deletion of computer data commits an offence.",
         ["offence.computer_fraud"]),
        (_FRAUD, "fr", "Le fait de modifier ou de supprimer des données informatiques afin de se procurer un "
         "avantage patrimonial est puni de cinq ans d'emprisonnement.", ["offence.computer_fraud"]),
        # no fraud named: the interference stays
        (_FRAUD, "en", "Any person who without right deletes or alters computer data commits an offence.",
         ["offence.data_interference"]),
        # computer forgery (Budapest art. 7) is done by the input, alteration or deletion of data too
        (_FORGERY, "en", "Any person who inputs, alters or deletes computer data so that inauthentic data results, "
         "with intent that it be acted upon as if it were authentic, commits an offence.",
         ["offence.computer_forgery"]),
        (_FORGERY, "en", "Any person who without right deletes or alters computer data commits an offence.",
         ["offence.data_interference"]),
        # regression: assistance in accessing data stored in the requested state (Budapest art. 31)
        # also drew trans-border access (art. 32), which is done without the other state
        (_ASSISTANCE, "en", "A Party may request another Party to search or similarly access and disclose computer "
         "data stored within the territory of the requested Party.", ["cooperation.mutual_assistance"]),
        (_ASSISTANCE, "en", "A Party may, without the authorisation of another Party, access publicly available "
         "stored computer data, wherever the data is located geographically.", ["cooperation.transborder_access"]),
        # GUIDE.md: real-time collection of traffic data is traffic_data_collection, of content
        # interception; the Convention's art. 21 (content, in real time) had drawn both
        (_REAL_TIME, "en", "A judge may order a service provider to capture in real time the content data of the "
         "communications of a named user.", ["procedure.interception_content"]),
        (_REAL_TIME, "de", "Das Gericht kann die Polizei ermächtigen, die Inhaltsdaten der Anrufe eines Teilnehmers "
         "in Echtzeit aufzuzeichnen.", ["procedure.interception_content"]),
        (_REAL_TIME, "es", "El juez podrá autorizar a la policía a captar en tiempo real los datos sobre el contenido "
         "de las llamadas de un abonado.", ["procedure.interception_content"]),
        # both kinds of data named, or neither: both labels stay
        (_REAL_TIME, "en", "A judge may order a service provider to capture in real time the traffic data and the "
         "content data of the communications of a named user.", list(_REAL_TIME)),
        (_REAL_TIME, "en", "A judge may order a service provider to capture in real time the communications of a "
         "named user.", list(_REAL_TIME)),
        # Budapest art. 6: making or selling devices made for interception is the misuse of devices,
        # not the interception they serve; the model had read such offences as both
        (_DEVICE_TRADE, "en", "Any person who imports or sells an interception device without a licence commits an "
         "offence.", ["offence.misuse_of_devices"]),
        (_DEVICE_TRADE, "en", "Any person who without right intercepts a communication by means of a device designed or "
         "adapted for that purpose commits an offence.", list(_DEVICE_TRADE)),
    ],
)
def test_labels_that_exclude_each_other(tiny_model_dir: Path, forced: tuple[str, str], lang: str, text: str,
                                        expected: list[str]) -> None:
    # both labels over their thresholds: the pair's rule (data/exclusive_labels.json) keeps one
    model = _forced(tiny_model_dir, set(forced))
    assert model.predict([text], [lang], context_cyber=[True])[0].ids == expected


_INTERCEPTION = "offence.illegal_interception"
_ACCESS = "offence.illegal_access"
_POWER = "procedure.interception_content"
_ORDER = "procedure.production_order"


@pytest.mark.parametrize(
    ("chosen", "lang", "text", "expected"),
    [
        # labels.tsv: privacy_breach is the unlawful disclosure of private communications made
        # an offence; the model had put only the interception on such provisions
        (_INTERCEPTION, "en", "Any person who intentionally intercepts a communication in the course of its "
         "transmission, or discloses its content to another person, commits an offence.",
         [_INTERCEPTION, "offence.privacy_breach"]),
        (_INTERCEPTION, "fr", "Est puni de deux ans d'emprisonnement le fait d'intercepter des correspondances "
         "émises par la voie électronique ou d'en divulguer le contenu.", [_INTERCEPTION, "offence.privacy_breach"]),
        (_INTERCEPTION, "de", "Wer unbefugt Daten aus einer nichtöffentlichen Datenübermittlung abfängt oder deren "
         "Inhalt einem Dritten mitteilt, wird bestraft.", [_INTERCEPTION, "offence.privacy_breach"]),
        # trade in interception devices is the misuse of devices (Budapest art. 6 covers devices made
        # for the offences of arts. 2-5), and not the interception (data/exclusive_labels.json); their
        # use to intercept is the interception alone
        (_INTERCEPTION, "en", "Any person who builds or advertises a device primarily useful for the purpose of "
         "listening in on private calls commits an offence.", ["offence.misuse_of_devices"]),
        (_INTERCEPTION, "ru", "Незаконный сбыт специальных технических средств, предназначенных для негласного "
         "перехвата сообщений, наказывается штрафом.", ["offence.misuse_of_devices"]),
        (_INTERCEPTION, "en", "A person who uses an interception device to intercept a communication commits an "
         "offence.", [_INTERCEPTION]),
        # no disclosure named: the interception alone
        (_INTERCEPTION, "en", "Any person who intentionally intercepts a communication in the course of its "
         "transmission commits an offence.", [_INTERCEPTION]),
        # GUIDE.md: a section that criminalises both access and interception carries both; the
        # model had kept the strongest offence of such composite sections and dropped the others
        (_ACCESS, "en", "Any person who without authority accesses a computer system, or intercepts data "
         "transmitted to or from it, commits an offence.", [_ACCESS, _INTERCEPTION]),
        (_ACCESS, "en", "Any person who without authority accesses a computer system, or produces or sells a "
         "program designed or adapted for gaining such access, commits an offence.",
         [_ACCESS, "offence.misuse_of_devices"]),
        (_ACCESS, "fr", "Le fait d'accéder frauduleusement à un système de traitement automatisé de données ou "
         "d'intercepter des données transmises par ce système est puni de deux ans d'emprisonnement.",
         [_ACCESS, _INTERCEPTION]),
        # neither interception nor tools named: access alone
        (_ACCESS, "en", "Any person who without authority accesses a computer system commits an offence.", [_ACCESS]),
        # Budapest arts. 20 and 21 in one national power: intercepting content and collecting traffic data
        (_POWER, "en", "A judge may by warrant authorise the police to intercept the content of communications and "
         "to collect or record the associated traffic data in real time.",
         [_POWER, "procedure.traffic_data_collection"]),
        (_POWER, "en", "A judge may by warrant authorise the police to intercept the content of communications.",
         [_POWER]),
        # GUIDE.md: obtaining traffic data in real time is traffic-data collection, and an order to
        # hand over traffic data that will be processed after the order obtains it as it arises
        # (the Dutch demands for data on a user's communication traffic)
        (_ORDER, "nl", "De officier van justitie kan een vordering doen gegevens te verstrekken over het "
         "communicatieverkeer van een gebruiker die na het tijdstip van de vordering worden verwerkt.",
         [_ORDER, "procedure.traffic_data_collection"]),
        (_ORDER, "en", "The judge may order a service provider to produce the traffic data of a subscriber "
         "generated after the order, for a period of thirty days.", [_ORDER, "procedure.traffic_data_collection"]),
        # stored traffic data only, or future data that are not traffic data: the order alone
        (_ORDER, "nl", "De officier van justitie kan een vordering doen gegevens te verstrekken over het "
         "communicatieverkeer van een gebruiker die ten tijde van de vordering zijn verwerkt.", [_ORDER]),
        (_ORDER, "nl", "De officier van justitie kan een vordering doen opgeslagen gegevens te verstrekken die na "
         "het tijdstip van de vordering worden vastgelegd.", [_ORDER]),
    ],
)
def test_a_chosen_label_brings_the_label_whose_concept_its_text_names(tiny_model_dir: Path, chosen: str, lang: str,
                                                                      text: str, expected: list[str]) -> None:
    from lexnlp_cyber.classify.model import IMPLIED_LABELS

    model = _forced(tiny_model_dir, {chosen})
    prediction = model.predict([text], [lang], context_cyber=[True])[0]
    assert sorted(prediction.ids) == expected
    for label in prediction.labels:
        if label.id != chosen:  # shown with the words that brought it, at their span
            needs = frozenset().union(*IMPLIED_LABELS[chosen][label.id])
            words = [e for e in label.evidence if e.concept in needs]
            assert words and all(text[e.start:e.end] == e.text for e in words)
            assert label.score == prediction.labels[0].score


def test_implied_labels_name_known_labels_and_concepts_every_language_has() -> None:
    from lexnlp_cyber import taxonomy
    from lexnlp_cyber.classify.model import IMPLIED_LABELS

    ids = set(taxonomy.labels())
    for label, table in IMPLIED_LABELS.items():
        assert label in ids and set(table) <= ids, label
        for needs in table.values():
            for lang, concepts_of in lexicon().items():  # every concept of every set a language can name
                assert all(need <= set(concepts_of) for need in needs), (label, lang)




@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # regression: selling passwords "by which a computer system may be accessed" (Budapest art. 6)
        # read as illegal access too; misuse scores higher, and access is only its purpose
        ("A person who, without authority, sells, distributes or otherwise makes available a password, access code "
         "or similar data by which a computer system may be accessed, knowing that it is to be used to gain entry "
         "to that system, commits an offence.", ["offence.misuse_of_devices"]),
        # a section that criminalises both, access first, keeps both
        ("A person who intentionally gains access to a computer system without authority, or who obtains and keeps "
         "a password or access code of another person for that purpose, commits an offence.",
         ["offence.illegal_access", "offence.misuse_of_devices"]),
    ],
)
def test_illegal_access_gives_way_to_a_stronger_misuse_of_devices(text: str, expected: list[str]) -> None:
    model = load_model()  # the shipped model: the rule compares its scores
    assert model.predict([text], ["en"], context_cyber=[True])[0].ids == expected


_SEARCH, _PRESERVE = "procedure.search_seizure", "procedure.expedited_preservation"
_POWER_TEXTS = {
    ("en", _SEARCH): "Section 12. Search\nA magistrate may issue a warrant to search a computer system and seize "
                     "the computer data stored in it.\n",
    ("de", _SEARCH): "§ 12 Durchsuchung\nDas Gericht kann die Durchsuchung eines Computersystems und die "
                     "Beschlagnahme der darin gespeicherten Daten anordnen.\n",
    ("nl", _SEARCH): "Artikel 12\nDe rechter-commissaris kan de doorzoeking van een geautomatiseerd werk en de "
                     "inbeslagneming van de daarin opgeslagen gegevens bevelen.\n",
    ("en", _PRESERVE): "Section 12. Preservation direction\nA judge may direct a person to preserve the documents "
                       "specified in the direction for 20 working days.\n",
    ("fr", _PRESERVE): "Article 12\nLe juge peut ordonner à toute personne de conserver les documents désignés "
                       "pendant vingt jours.\n",
    ("es", _PRESERVE): "Artículo 12\nEl juez podrá ordenar a cualquier persona que conserve los documentos "
                       "señalados durante veinte días.\n",
}


_ORDER = "procedure.production_order"


@pytest.mark.parametrize(("lang", "text", "assisting", "expected"), [
    # regression: GUIDE.md gives a general mutual-assistance statute's provisions labels when they speak
    # of data; "a record containing the data" named no computer, so the order made for the requesting
    # state got nothing
    ("en", "The judge may order the person to send a record containing the data obtained to the state that "
           "made the request.", True, ["cooperation.mutual_assistance"]),
    ("de", "Das Gericht kann die Herausgabe der Daten an den ersuchenden Staat anordnen.", True,
     ["cooperation.mutual_assistance"]),
    # one that names no data stays out, and so does the same order outside an assistance part
    ("en", "The judge may order the person to appear and give evidence before the court of the state that "
           "made the request.", True, []),
    ("en", "The judge may order the person to send a record containing the data obtained to the police.", False,
     []),
])
def test_an_assistance_statute_speaks_of_data(tiny_model_dir: Path, lang: str, text: str, assisting: bool,
                                              expected: list[str]) -> None:
    model = _forced(tiny_model_dir, {_ORDER})
    prepared = model.prepare([text], [lang])
    assert not prepared[0].cyber  # plain data is no cyber term: the statute's context makes it relevant
    found = model.predict_prepared(prepared, context_cyber=[False], assistance=[assisting])[0]
    assert found.ids == expected


@pytest.mark.parametrize(
    ("lang", "chapter", "assisting", "forced", "expected"),
    [
        # a search done for another state is assistance (Budapest art. 31), not a domestic search (art. 19)
        ("en", "Part 4 – Mutual legal assistance", True, {_SEARCH}, ["cooperation.mutual_assistance"]),
        ("en", "Part 2 – Investigation powers", False, {_SEARCH}, [_SEARCH]),
        # a cooperation label of its own (a foreign preservation request, art. 29) stays alone
        ("en", "Part 4 – Mutual legal assistance", True, {_SEARCH, "cooperation.preservation_request"},
         ["cooperation.preservation_request"]),
        ("de", "Teil 5 – Sonstige Rechtshilfe", True, {_SEARCH}, ["cooperation.mutual_assistance"]),
        ("nl", "Titel X – Internationale rechtshulp", True, {_SEARCH}, ["cooperation.mutual_assistance"]),
        # regression: a part on another state's investigations is assistance though it never says so, and
        # there a preservation direction is the international preservation request (Budapest art. 29)
        ("en", "Part 3A – Preservation directions relating to foreign investigations", True, {_PRESERVE},
         ["cooperation.preservation_request"]),
        ("en", "Part 3 – Preservation directions", False, {_PRESERVE}, [_PRESERVE]),
        ("fr", "Titre V – Des demandes des autorités étrangères", True, {_PRESERVE},
         ["cooperation.preservation_request"]),
        ("es", "Título V – Solicitudes de autoridades extranjeras", True, {_PRESERVE},
         ["cooperation.preservation_request"]),
    ],
)
def test_powers_in_a_mutual_assistance_chapter_are_assistance(tiny_model_dir: Path, lang: str, chapter: str,
                                                               assisting: bool, forced: set[str],
                                                               expected: list[str]) -> None:
    from lexnlp_cyber import classify, segment
    from lexnlp_cyber.api import assistance_containers

    power = _SEARCH if _SEARCH in forced else _PRESERVE
    doc = segment(f"{chapter}\n\n{_POWER_TEXTS[(lang, power)]}", lang=lang)
    unit = doc.units()[0]
    assert assistance_containers(doc) == ({unit.eid} if assisting else set())
    classify(doc, model=_forced(tiny_model_dir, forced), cyber_instrument=True)
    assert unit.label_ids == expected
    if expected[0] not in forced:
        # it keeps the confidence of the power it replaced, and says which chapter decided it
        label = unit.labels[0]
        assert label.score >= unit.label_scores[power]
        assert any(e.kind == "context" and chapter.split("– ")[1] in e.text for e in label.evidence)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a preservation order needs no computer named to be about stored data (labels.tsv)
        ("An enforcement officer may apply to a judge for a preservation direction against any person.",
         ["procedure.expedited_preservation"]),
        # the safekeeping of seized things is no preservation of data outside a cyber instrument
        ("Things seized under this Act must be preserved in safe custody until the trial.", []),
        ("L'officier peut demander au juge une injonction de conservation visant toute personne.",
         ["procedure.expedited_preservation"]),
    ],
)
def test_a_preservation_order_is_relevant_in_a_general_act(tiny_model_dir: Path, text: str,
                                                           expected: list[str]) -> None:
    model = _forced(tiny_model_dir, {"procedure.expedited_preservation"})
    lang = "fr" if text.startswith("L'") else "en"
    assert model.predict([text], [lang], context_cyber=[False])[0].ids == expected


_GROOMING, _SANCTIONS = "offence.child_grooming", "liability.sanctions"
_ABUSE = ("Whoever, by messages posted on the internet, fraudulently abuses the weakness of a minor commits an offence "
          "and shall be punished with imprisonment of three years and a fine.")


@pytest.mark.parametrize(
    ("label", "text", "in_cyber", "expected"),
    [
        # regression: in a penal code, enticing a child away from its guardian is no grooming, even online
        (_GROOMING, "Whoever, by messages sent over the internet, entices a child out of the keeping of its lawful "
         "guardian shall be punished with imprisonment of up to five years.", False, []),
        (_GROOMING, "Whoever, by messages sent over the internet, entices a child to meet him for sexual purposes "
         "shall be punished with imprisonment of up to five years.", False, [_GROOMING]),
        # in a cyber act grooming is often drafted by reference, without the word
        (_GROOMING, "Whoever, by messages sent over the internet, entices a child to meet him with a view to "
         "committing an offence under section 10 shall be punished with imprisonment of up to five years.", True,
         [_GROOMING]),
        # regression: a general offence the model does not read as a cyber one drew sanctions from its penalty clause
        (_SANCTIONS, _ABUSE, False, []),
        (_SANCTIONS, _ABUSE, True, [_SANCTIONS]),
        # a provision about penalties names them without creating an offence
        (_SANCTIONS, "Where an offence under this Title is committed through an electronic communications network, "
         "the court may also order the confiscation of the devices used and a penalty of up to five years.", False,
         [_SANCTIONS]),
    ],
)
def test_what_a_label_needs_outside_cyber_context(tiny_model_dir: Path, label: str, text: str, in_cyber: bool,
                                                  expected: list[str]) -> None:
    model = _forced(tiny_model_dir, {label})
    assert model.predict([text], ["en"], context_cyber=[in_cyber])[0].ids == expected


@pytest.mark.parametrize(
    ("in_cyber", "expected"),
    [
        # a general code's offence with an online element: its penalty and attempt clauses add nothing
        (False, ["offence.personal_harm"]),
        # in a cyber act the curators tag them beside the offence
        (True, ["liability.attempt_aiding", "liability.sanctions", "offence.personal_harm"]),
    ],
)
def test_offence_clauses_outside_cyber_context(tiny_model_dir: Path, in_cyber: bool, expected: list[str]) -> None:
    model = _forced(tiny_model_dir, {"offence.personal_harm", "liability.sanctions", "liability.attempt_aiding"})
    text = ("Whoever threatens another person with death, including by means of the internet or an electronic "
            "communications network, shall be punished by imprisonment of up to three years; the attempt is "
            "punishable, and the penalty is doubled where the threat is repeated.")
    assert sorted(model.predict([text], ["en"], context_cyber=[in_cyber])[0].ids) == expected


def test_reclassifying_a_document_decides_the_cyber_instrument_afresh(tiny_model_dir: Path) -> None:
    # regression: the first decision, recorded in the metadata, was read back as an override
    from lexnlp_cyber import classify, segment

    doc = segment("Fisheries Act\n\n1. Short title\nThis Act is the Fisheries Act.\n\n"
                  "2. Licences\nNo person shall fish without a licence.\n", lang="en")
    model = load_model(tiny_model_dir, trust=True)
    assert classify(doc, model=model, cyber_instrument=True).metadata["cyber_instrument"] is True
    assert classify(doc, model=model).metadata["cyber_instrument"] is False
    assert classify(doc, model=model, cyber_instrument=True).metadata["cyber_instrument"] is True


def test_lookup_lemmas_when_spacy_has_a_table() -> None:
    pytest.importorskip("spacy_lookups_data")
    from lexnlp_cyber.classify.features import prepare

    surface = prepare("Die Daten wurden gelöscht.", "de").tokens
    lemmas = prepare("Die Daten wurden gelöscht.", "de", lemmas=True).tokens
    assert surface != lemmas and "werden" in lemmas


@pytest.mark.parametrize(
    ("lang", "text", "tokens"),
    [
        ("fr", "l'accès", ["l", "'", "accès"]),
        ("en", "section 5(1)(a);", ["section", "5", "(", "1", ")", "(", "a", ")", ";"]),
        ("en", "and/or e-mail.", ["and", "/", "or", "e", "-", "mail", "."]),
        ("de", "§ 202a Abs. 1", ["§", "202a", "Abs", ".", "1"]),
        # regression: the Arabic comma stayed on its word, so exact cue phrases missed it
        ("ar", "نظام معلوماتي، أو", ["نظام", "معلوماتي", "،", "أو"]),
        # regression: Arabic converted in visual order puts the comma on the next word
        ("ar", "قام عمدا ،بالتقاط أقوال", ["قام", "عمدا", "،", "بالتقاط", "أقوال"]),
        ("en", "the data ,which", ["the", "data", ",", "which"]),
        # regression: a full stop before a dash or bracket stayed on its word ("voyeurism."), and so
        # did the full stop, colon or bracket that visual-order Arabic puts before the next word
        ("en", "77. Voyeurism.—Whoever", ["77", ".", "Voyeurism", ".", "—", "Whoever"]),
        ("en", "Short title.-This Act", ["Short", "title", ".", "-", "This", "Act"]),
        ("en", "namely:—(a) data", ["namely", ":", "—", "(", "a", ")", "data"]),
        ("tr", "belirlenir.(2) Veri", ["belirlenir", ".", "(", "2", ")", "Veri"]),
        ("ar", "البيانات .والنظام", ["البيانات", ".", "والنظام"]),
        ("ar", ")المادة :النظام", [")", "المادة", ":", "النظام"]),
        ("en", "e.g. 1.5 and e-mail", ["e", ".", "g", ".", "1", ".", "5", "and", "e", "-", "mail"]),
    ],
)
def test_lean_tokenizer(lang: str, text: str, tokens: list[str]) -> None:
    from lexnlp_cyber.classify.cues import blank

    assert [t.text for t in blank(lang)(text)] == tokens


def test_run_in_heading_before_a_dash_names_its_concept() -> None:
    # regression: "Voyeurism.—Whoever" (a heading run into the text, as Indian statutes set it) was
    # the word "voyeurism.", so neither the cue phrase nor the word feature met it
    prepared = prepare("77. Voyeurism.—Whoever watches, or captures the image of a person", "en")
    assert "voyeurism" in prepared.tokens
    assert [c.text for c in prepared.cues if c.concept == "intimate_image"] == ["Voyeurism"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Section 5(1): a fine of 1,000 or ten years; see e-mail at www.example.org."),
        ("fr", "Article 323-1 : deux ans d'emprisonnement et 60 000 € d'amende."),
        ("ru", "Статья 272. Неправомерный доступ к компьютерной информации — до двух лет."),
        ("ar", "المادة 3: يعاقب بالحبس مدة لا تقل عن سنة، وبالغرامة."),
    ],
)
def test_pruned_lexical_attributes_read_as_spacys_own(lang: str, text: str) -> None:
    # the pipeline's vocabularies compute only the lexical attributes it reads; those
    # it reads (lowercase, numbers, spaces) must come out as with all of spaCy's getters,
    # and NORM is the cue form (lowercase without invisible characters, folded, respelt)
    import spacy

    from lexnlp_cyber.classify.cues import SPACY_LANG, blank, cue_form

    lean = blank(lang)
    full = spacy.blank(SPACY_LANG.get(lang, lang)).vocab  # a vocabulary of its own, every getter
    assert len(lean.vocab.lex_attr_getters) < len(full.lex_attr_getters)
    form = cue_form(lang)
    read = [(t.lower_, t.norm_, t.like_num, t.is_space) for t in lean(text)]
    assert read == [(full[t.text].lower_, form(t.text), full[t.text].like_num, full[t.text].is_space)
                    for t in lean(text)]


def test_verbs_stay_verbs_after_their_subpackages_are_imported(tiny_model_dir: Path) -> None:
    # regression: importing lexnlp_cyber.classify (as loading a model does) rebound lc.classify
    import importlib

    import lexnlp_cyber as lc

    for name in ("extract", "segment", "classify"):
        importlib.import_module(f"lexnlp_cyber.{name}")
    lc.load_model(tiny_model_dir, trust=True)
    assert all(callable(getattr(lc, verb)) and not isinstance(getattr(lc, verb), type(lc))
               for verb in ("extract", "segment", "classify"))
    doc = lc.classify(lc.segment("1. Short title\nThis Act is the Cybercrimes Act.\n", lang="en"),
                      model=tiny_model_dir)
    assert doc.units()[0].num == "1"


def test_repealed_units_get_no_labels(tiny_model_dir: Path) -> None:
    # GUIDE.md: a repealed provision carries no label, even when its heading names an offence
    from lexnlp_cyber import classify, segment

    doc = segment("Cybercrimes Act\n\n1. Unauthorised access to a computer system\n[Repealed by Act 4 of 2020.]\n\n"
                  "2. Unauthorised access\n" + ACCESS + "\n", lang="en")
    first, second = classify(doc, model=tiny_model_dir).units()
    assert first.repealed and first.labels == []
    assert not second.repealed and "offence.illegal_access" in second.label_ids


@pytest.mark.parametrize("body", ["(*)", "-", "…", "[ ]"])
def test_units_without_words_get_no_labels(tiny_model_dir: Path, body: str) -> None:
    # regression: a consolidated cyber act printing "(*)" for articles whose text is not reproduced
    # had them labelled from their context alone (GUIDE.md: no operative content, no label)
    import numpy as np

    from lexnlp_cyber import segment
    from lexnlp_cyber.api import classify_document

    doc = segment(f"Ley de ciberdelitos\n\nArtículo 1\n{body}\n\nArtículo 2\nEl que accediere sin autorización "
                  "a un sistema informático será castigado.\n", lang="es")
    model = load_model(tiny_model_dir, trust=True)
    model.thresholds = np.zeros(len(model.labels))  # every score passes: only the rule can hold a label back
    first, second = classify_document(doc, model, evidence=False, cyber_instrument=True).units()
    assert (first.num, first.label_ids) == ("1", [])
    assert second.label_ids


def test_units_of_a_chapter_with_a_cyber_heading_are_in_cyber_context(tiny_model_dir: Path) -> None:
    # regression: in a general penal code, the penalty and attempt articles of the chapter on
    # attacks on data processing systems cite the offences by number only and lost their labels
    import numpy as np

    from lexnlp_cyber import segment
    from lexnlp_cyber.api import classify_document, cyber_containers

    text = ("Code pénal\n\nChapitre Ier : Du vol\n\nArticle 1\nLa tentative du vol est punie.\n\n"
            "Chapitre II : Des atteintes aux systèmes de traitement automatisé de données\n\n"
            "Article 2\nLa tentative des délits prévus au présent chapitre est punie des mêmes peines.\n")
    doc = segment(text, lang="fr")
    units = {u.num: u for u in doc.units()}
    assert set(units) == {"1", "2"}
    assert cyber_containers(doc) == {units["2"].eid}
    model = load_model(tiny_model_dir, trust=True)
    j = model.labels.index("liability.attempt_aiding")
    model.thresholds = np.where(np.arange(len(model.labels)) == j, 0.0, 1.1)  # force the score over threshold
    classify_document(doc, model, evidence=False)
    assert doc.metadata["cyber_instrument"] is False
    assert units["1"].label_ids == [] and units["2"].label_ids == ["liability.attempt_aiding"]


@pytest.mark.parametrize("thresholds, floors, expected", [
    ([0.25, 0.5], {"a": 0.45}, [0.45, 0.5]),        # raised to its floor
    ([0.25, 0.5], {"b": 0.35}, [0.25, 0.5]),        # a threshold above its floor stays
    ([0.25, 0.5], {"z": 0.9}, [0.25, 0.5]),         # a label the model lacks: nothing
    ([0.25, 0.5], {}, [0.25, 0.5]),
])
def test_label_floors_raise_thresholds(thresholds: list[float], floors: dict[str, float],
                                       expected: list[float]) -> None:
    import numpy as np

    from lexnlp_cyber.classify.train import raise_to_floors

    assert raise_to_floors(np.asarray(thresholds), ["a", "b"], floors).tolist() == expected


def test_trained_thresholds_respect_the_label_floors(tiny_corpus: Path, tmp_path: Path) -> None:
    from lexnlp_cyber.classify.train import DEFAULT_CONFIG

    assert DEFAULT_CONFIG["label_floors"], "data/label_floors.json holds floors"
    floors = {"offence.illegal_access": 0.95}
    model = train([tiny_corpus], tmp_path / "m", config={"folds": 2, "label_floors": floors})
    assert model.thresholds[model.labels.index("offence.illegal_access")] == 0.95
    assert model.card["config"]["label_floors"] == floors
    pred = model.predict([ACCESS], ["en"])[0]
    assert ("offence.illegal_access" in pred.ids) == (pred.scores["offence.illegal_access"] >= 0.95)


_ACCESS_FR = "Le fait d'accéder sans droit à un système informatique est puni de deux ans d'emprisonnement."
_ACCESS_EN = "(1) A person who, without authority, gains access to a computer system commits an offence."
_ACCESS_AR = "يعاقب بالحبس مدة لا تزيد على سنة كل من دخل دون تصريح إلى نظام معلوماتي."
_ACCESS_RU = "1. Неправомерный доступ к компьютерной информации наказывается штрафом."


@pytest.mark.parametrize(
    ("lang", "text", "base"),
    [
        ("fr", _ACCESS_FR + "\nLorsqu'il en est résulté l'effacement de données, la peine est de trois ans.", _ACCESS_FR),
        ("en", _ACCESS_EN + "\n(2) Where the access results in the deletion of data, the penalty is doubled.", _ACCESS_EN),
        ("ar", _ACCESS_AR + "\n2- وتضاعف العقوبة إذا نتج عن ذلك حذف البيانات.", _ACCESS_AR),
        ("ru", _ACCESS_RU + "\n2. Деяние, предусмотренное частью первой настоящей статьи, повлекшее уничтожение "
                            "информации, наказывается лишением свободы.", _ACCESS_RU),
        ("de", "(1) Wer sich unbefugt Zugang zu fremden Daten verschafft, wird mit Geldstrafe bestraft.\n"
               "(2) Handelt der Täter gewerbsmäßig, so ist die Strafe Freiheitsstrafe bis zu drei Jahren.",
         "(1) Wer sich unbefugt Zugang zu fremden Daten verschafft, wird mit Geldstrafe bestraft."),
        # no aggravation paragraph; one that opens the text; too short a base; a language without phrases
        ("en", _ACCESS_EN + "\n(2) A person who commits an offence under subsection (1) is liable to a fine.", None),
        ("fr", "Lorsque l'infraction est commise en bande organisée, la peine est doublée.\nSuite.", None),
        ("fr", "Est puni.\nLa peine est portée à cinq ans lorsque des données ont été supprimées.", None),
        ("ja", "不正アクセス行為をした者は、三年以下の懲役に処する。\n前項の罪の未遂は、罰する。", None),
    ],
)
def test_aggravation_paragraphs_end_the_base_text(lang: str, text: str, base: str | None) -> None:
    from lexnlp_cyber.classify.model import AGGRAVATIONS

    cut = AGGRAVATIONS.base_length(text, lang)
    assert (text[:cut].strip() if cut is not None else None) == base


def test_offences_are_read_from_the_base_before_its_aggravations(tiny_model_dir: Path) -> None:
    # regression: "Lorsqu'il en est résulté la suppression ou la modification de données" (a penalty
    # raised by the consequences) outweighed the access it aggravates, which lost its label
    model = load_model(tiny_model_dir, trust=True)
    offences = [lab for lab in model.labels if lab.startswith("offence.")]
    access = "(1) Any person who intentionally and without right accesses a computer system commits an offence."
    aggravation = ("\n(2) Where the access results in the interception by technical means of a non-public "
                   "transmission of computer data, the penalty is doubled.")
    whole, base = model.predict([access + aggravation, access], ["en"] * 2)
    assert [whole.scores[lab] for lab in offences] == [base.scores[lab] for lab in offences]
    assert all(e.end <= len(access) for lab in whole.labels if lab.id.startswith("offence.") for e in lab.evidence)
    # a base that names nothing cyber is read whole: its aggravation is what makes it cyber
    theft = "(1) A person who steals a bicycle commits theft and is liable to imprisonment for two years."
    whole, base = model.predict([theft + aggravation.replace("access", "act"), theft], ["en"] * 2)
    assert whole.scores["offence.illegal_interception"] > base.scores["offence.illegal_interception"]


def test_an_amending_item_brings_its_labels_without_the_subdivision_floor() -> None:
    # regression: "(c) section 9 is replaced by the following: <new text>", an amending act's item that
    # puts a provision into force without quotation marks, was read as a fragment of its unit and added no
    # label under the subdivision floor (a Luxembourg-style act's retention duty was lost)
    from lexnlp_cyber.classify.model import shipped_models_dir

    model = load_model(shipped_models_dir() / "default", trust=True)  # its own copy: the config changes
    model.config.update(subdivision_min_score=1.01)  # no fragment is confident enough
    text = ("Section 5. Amendment of the Consumer Contracts Act\n"
            "The Consumer Contracts Act is amended as follows—\n"
            "(a) in section 3, for the words \"thirty days\" there are substituted the words \"sixty days\";\n"
            "(b) section 7 is repealed;\n"
            "(c) section 9 is replaced by the following: every provider of a public electronic communications "
            "service shall retain the traffic data and subscriber information of its users for twelve months;\n"
            "(d) in section 11, the word \"seller\" is replaced by the word \"trader\".\n")
    unit, item = _subdivision_classified(model, text, 2, "(c) section 9 is replaced by the following")
    assert item.label_ids == ["procedure.data_retention"]
    assert unit.label_ids == ["procedure.data_retention"]


@pytest.mark.parametrize(
    ("lang", "text", "amends"),
    [
        ("fr", "2. L'article 9 est modifié comme suit: Tout opérateur conserve les données.", True),
        ("fr", "2. Tout opérateur conserve les données de trafic pendant un an.", False),
        ("en", "(1) section 9 is replaced by the following: every provider shall retain data.", True),
        ("en", "(1) A person who accesses a computer system without right commits an offence.", False),
        ("de", "1. § 9 wird wie folgt gefasst: Wer Daten löscht, wird bestraft.", True),
        ("xx", "1. Article 9 is replaced by the following: anything.", False),  # no grammar: no cue
    ],
)
def test_amending_items_are_told_by_their_grammar(lang: str, text: str, amends: bool) -> None:
    from lexnlp_cyber.api import _amends
    from lexnlp_cyber.document import Provision

    assert _amends(Provision(eid="para_1", kind="paragraph", level="subdivision", num="1", text=text), lang) is amends


def test_an_aggravation_subdivision_adds_no_offence_label(tiny_model_dir: Path) -> None:
    # regression: "(2) Where the access results in…" read alone as its own offence, interception here
    model = load_model(tiny_model_dir, trust=True)
    text = ("Section 3. Unauthorised access\n"
            "(1) Any person who intentionally and without right accesses a computer system commits an offence.\n"
            "(2) Where the access results in a person intercepting by technical means a non-public transmission "
            "of computer data, the person is liable to imprisonment for ten years.\n")
    unit, second = _subdivision_classified(model, text, 1, "(2) Where the access results")
    assert second.num == "2"
    assert not any(lab.startswith("offence.") for lab in second.label_ids)
    assert "offence.illegal_interception" not in unit.label_ids
    assert "offence.illegal_access" in unit.label_ids


@pytest.mark.parametrize(
    ("lang", "text", "cited"),
    [
        ("en", "an offence under section 3, 5, 6 or 7", ["3", "5", "6", "7"]),
        ("en", "the offences specified under sections 14, 15, 16 and 17", ["14", "15", "16", "17"]),
        ("en", "any offence under sections 4 to 7", ["4", "5", "6", "7"]),  # a range, in document order
        ("en", "sections 7 to 4", ["7", "4"]),  # backwards: not a range of this instrument, two numbers
        ("en", "acts enumerated in Sections 4(a) and 4(b)", ["4"]),  # a subdivision cites its section
        ("en", "an offence under s. 12A", ["12a"]),
        ("fr", "les infractions prévues aux articles 323-1 à 323-3", ["323-1", "323-2", "323-3"]),
        ("es", "los delitos de los artículos 197 bis y 264", ["197bis", "264"]),
        ("de", "eine Tat nach den §§ 202a bis 202c", ["202a", "202b", "202c"]),
        ("en", "crossings 5 and 6", []),  # no citation word
        ("en", "within 14 days", []),
        ("nl", "gegevens als bedoeld in artikel 88ka, derde lid", ["88ka"]),  # Dutch inserted numbers
        ("nl", "de artikelen 3 tot en met 5", ["3", "4", "5"]),
        ("ru", "статьей 272", []),  # a language without a citation grammar
    ],
)
def test_citations_of_provisions(lang: str, text: str, cited: list[str]) -> None:
    from lexnlp_cyber.classify.references import AGGRAVATED_REFERENCES, Numbering

    numbering = Numbering(["3", "4", "5", "6", "7", "12a", "14", "15", "16", "17", "197bis", "264", "202a", "202b",
                           "202c", "323-1", "323-2", "323-3", "88ka"])
    found = AGGRAVATED_REFERENCES.citations(text, lang, numbering)
    assert [n for c in found for n in c.nums] == cited


@pytest.mark.parametrize(
    ("text", "aggravated"),
    [
        ("(1) Where access to a protected computer is obtained in committing an offence under section 3 or 4, "
         "the person is liable to imprisonment for twenty years.", True),
        ("(1) A person who commits an offence under sections 3 to 5 against critical information infrastructure "
         "is liable to a fine.", True),
        # the ordinary penalties come first: a penalties section, not an aggravated form
        ("Any person found guilty of the acts in sections 3 and 4 is liable to a fine.\n"
         "If the acts in section 3 are committed against critical infrastructure, the penalty is doubled.", False),
        # no protected system: corporate liability, forfeiture and the like cite offences too
        ("Where an offence under section 3 is committed by a body corporate, every director is liable.", False),
        # the cited offence is the conduct committed, with a further intent
        ("(1) A person who commits an offence under section 3 with intent to commit a further offence "
         "is liable to imprisonment for ten years.", True),
        ("Any person who commits any acts specified under section 4 with intent to defraud commits an offence.", True),
        # the cited offences are what the item is for, not the conduct committed
        ("A person who obtains any item intending to use it to commit an offence under section 3 or 4 "
         "commits an offence.", False),
    ],
)
def test_an_aggravated_form_is_known_by_its_first_citing_sentence(text: str, aggravated: bool) -> None:
    from lexnlp_cyber.classify.references import AGGRAVATED_REFERENCES, Numbering

    found = AGGRAVATED_REFERENCES.aggravated_citation(text, "en", Numbering(["3", "4", "5"]))
    assert (found is not None) is aggravated
    if found is not None:
        assert text[found.start:found.end].lower().startswith("section")


@pytest.mark.parametrize(
    ("lang", "text", "named"),
    [
        ("nl", "een ieder bevelen de gegevens als bedoeld in artikel 88ka over te dragen",
         "gegevens als bedoeld in artikel 88ka"),
        ("nl", "stukken overleggen, niet zijnde gegevens als bedoeld in artikel 88ka", None),
        ("nl", "de verdachte als bedoeld in artikel 88ka", None),  # no data named
        ("en", "an order to produce the data referred to in section 12", "data referred to in section 12"),
        ("en", "records other than the data specified in section 12", None),
        ("fr", "la remise des données mentionnées à l'article 60-1", "données mentionnées à l'article 60-1"),
        ("de", "die Herausgabe der Daten nach § 100g", "Daten nach § 100g"),
        ("es", "la cesión de los datos previstos en el artículo 3", "datos previstos en el artículo 3"),
        ("pt", "os dados referidos no artigo 6", "dados referidos no artigo 6"),
        ("ru", "данные, указанные в статье 5", None),  # a language without a referral grammar
    ],
)
def test_data_named_by_the_provision_that_defines_them(lang: str, text: str, named: str | None) -> None:
    from lexnlp_cyber.classify.references import DATA_REFERENCES, Numbering

    found = DATA_REFERENCES.references(text, lang, Numbering(["3", "5", "6", "12", "60-1", "100g", "88ka"]))
    assert [text[c.start:c.end] for c in found] == ([named] if named else [])


def test_a_content_interception_keeps_no_traffic_label_from_its_items() -> None:
    # regression: the items of an order to capture the content of communications in real time,
    # read alone, name real-time collection and no content, and brought traffic_data_collection
    # back to the section (the Convention's art. 21 in English, Spanish and German)
    from lexnlp_cyber import classify, segment

    text = ("Section 9. Order to capture the content of communications\n"
            "(1) On the application of a police officer, a judge may order a service provider to capture the content "
            "data of the communications of a named user while they pass over its network, where that is needed to "
            "investigate a serious offence.\n"
            "(2) The order may require the service provider—\n"
            "(a) to capture, with its own equipment and in real time, the communications so identified; or\n"
            "(b) to let the police capture them in real time with their own equipment.\n"
            "(3) An order under this section lasts no longer than ninety days.\n")
    unit = classify(segment(text, lang="en"), cyber_instrument=True).units()[0]
    assert "procedure.traffic_data_collection" in {lab.id for node in unit.walk() if node is not unit
                                                   for lab in node.labels}  # the items alone read so
    assert unit.label_ids == ["procedure.interception_content"]


def test_a_power_over_data_named_by_reference_is_cyber_relevant() -> None:
    # regression: Dutch demands for "gegevens als bedoeld in artikel 126nd" (data the cited article
    # calls stored or recorded data) got no label in the code of criminal procedure, whose
    # relevance rule (GUIDE.md rule 2) found no word for computer data in their text
    from lexnlp_cyber import classify, segment

    text = ("Artikel 1\nDe officier van justitie kan bij verdenking van een misdrijf degene die opgeslagen gegevens "
            "beheert, bevelen die gegevens aan hem over te dragen.\n"
            "Artikel 2\nBij verdenking van een terroristisch misdrijf kan de officier van justitie een ieder bevelen de "
            "gegevens als bedoeld in artikel 1 aan hem over te dragen.\n"
            "Artikel 3\nDe officier van justitie kan een ieder bevelen bescheiden, niet zijnde gegevens als bedoeld in "
            "artikel 1, aan hem over te dragen.\n")
    doc = classify(segment(text, lang="nl"), cyber_instrument=False)
    by_num = {u.num: u for u in doc.units()}
    order = next(lab for lab in by_num["2"].labels if lab.id == "procedure.production_order")
    assert any(e.kind == "cue" and e.concept == "computer_data" and e.text == "gegevens als bedoeld in artikel 1"
               for e in order.evidence)
    assert by_num["3"].labels == []  # data other than those: nothing cyber named


def _labelled_units(text: str, lang: str, given: dict[str, list[str]]) -> tuple[Document, list[Provision]]:
    """``text`` segmented, its units numbered as ``given``'s keys in that order, and each given
    the labels listed for its number (at 0.9): the set-up of the cited-provision rules' tests."""
    from lexnlp_cyber import segment
    from lexnlp_cyber.document import Label

    doc = segment(text, lang=lang)
    units = doc.units()
    assert [u.num for u in units] == list(given)
    for unit in units:
        unit.labels = [Label(lab, 0.9, []) for lab in given[unit.num or ""]]
    return doc, units


def test_an_aggravated_form_takes_the_offence_labels_of_the_provisions_it_cites() -> None:
    # regression: "Enhanced punishment for offences involving protected computers" sections got
    # liability.sanctions alone, though GUIDE.md gives an aggravated form its base conduct's label
    from lexnlp_cyber.api import _inherit_cited_offences

    text = ("Section 3. Entering a computer without permission\n"
            "A person who knowingly enters a computer system of another without permission commits an offence.\n"
            "Section 4. Damaging stored data\n"
            "A person who knowingly erases or corrupts data held in a computer of another commits an offence.\n"
            "Section 5. Heavier punishment where a protected computer is concerned\n"
            "(1) Where an offence under section 3 or 4 is committed against a protected computer, the offender is "
            "liable to imprisonment for fifteen years.\n"
            "(2) In this section, a protected computer is one serving the defence of the State.\n"
            "Section 6. Forfeiture\n"
            "The court convicting a person of an offence under section 3 or 4 may order the forfeiture of any "
            "computer used in the offence.\n")
    doc, units = _labelled_units(text, "en", {"3": ["offence.illegal_access"], "4": ["offence.data_interference"],
                                              "5": ["liability.sanctions"], "6": ["liability.sanctions"]})
    _inherit_cited_offences(doc, units, {u.eid: p for u, p in zip(units, load_model().prepare(
        [u.text for u in units], ["en"] * len(units)))})
    assert sorted(units[2].label_ids) == ["liability.sanctions", "offence.data_interference", "offence.illegal_access"]
    reference = [ev for lab in units[2].labels for ev in lab.evidence if ev.kind == "reference"]
    assert reference and units[2].text[reference[0].start:reference[0].end] == "section 3 or 4"
    assert units[3].label_ids == ["liability.sanctions"]  # forfeiture names no protected system
    assert units[0].label_ids == ["offence.illegal_access"]


def test_a_jurisdiction_rule_over_offences_it_cites_takes_the_label_outside_cyber_context() -> None:
    # regression: a general code's sections on offences committed abroad, which list the
    # child-abuse-material offence among others by number, scored jurisdiction 1.0 and got no
    # label (their text names nothing cyber)
    import numpy as np

    from lexnlp_cyber.api import _apply_to_cited_offences

    text = ("§ 5 Taten im Ausland\n"
            "Das Strafrecht gilt für folgende Taten, die im Ausland begangen werden: nach den §§ 184b und 242.\n"
            "§ 7 Geltung für andere Auslandstaten\n"
            "Das Strafrecht gilt für Taten im Ausland nach § 242, wenn der Täter Inländer ist.\n"
            "§ 184b Verbreitung kinderpornographischer Inhalte\n"
            "Mit Freiheitsstrafe wird bestraft, wer einen kinderpornographischen Inhalt verbreitet.\n"
            "§ 242 Diebstahl\n"
            "Wer eine fremde bewegliche Sache wegnimmt, wird mit Freiheitsstrafe bestraft.\n")
    doc, units = _labelled_units(text, "de", {"5": [], "7": [], "184b": ["offence.child_sexual_abuse_material"],
                                              "242": []})

    class Model:  # what the rule reads of a model: its labels and thresholds
        labels = ["jurisdiction", "offence.child_sexual_abuse_material"]
        thresholds = np.asarray([0.5, 0.5])

    scores = {"jurisdiction": 0.95}
    own = {units[0].eid: (scores, False), units[1].eid: (scores, False), units[2].eid: ({}, False),
           units[3].eid: ({}, False)}
    _apply_to_cited_offences(doc, units, Model(), own)
    assert units[0].label_ids == ["jurisdiction"]  # cites § 184b, an offence with a label
    evidence = units[0].labels[0].evidence[0]
    assert evidence.kind == "reference" and "184b" in units[0].text[evidence.start:evidence.end]
    assert units[1].label_ids == []  # cites only theft
    # in cyber context (or naming something cyber) the label was not kept out by relevance: no change
    units[0].labels = []
    _apply_to_cited_offences(doc, units, Model(), {**own, units[0].eid: (scores, True)})
    assert units[0].label_ids == []


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("(1) Illegal Entry. – The entry into a computer system without right.", "Illegal Entry"),
        ("(a) In General.—Whoever knowingly damages a computer", "In General"),
        ("2. Data Tampering. - The alteration of computer data.", "Data Tampering"),
        ("(1) A person who enters a computer system without right commits an offence.", None),
        ("(2) The Minister may make regulations.", None),
        ("(b) Where the access results in damage – the penalty is doubled.", None),  # no full stop before the dash
    ],
)
def test_run_in_headings_of_subdivisions(text: str, heading: str | None) -> None:
    from lexnlp_cyber.api import run_in_heading

    assert run_in_heading(text) == heading


def test_a_subdivision_run_in_heading_is_read_by_the_heading_view() -> None:
    # regression: "(1) Illegal Access. – …" subdivisions of a multi-offence section were scored
    # without their titles, and most of their labels stayed under the subdivision floor
    model = load_model()  # the shipped model: it has a heading view
    text = ("Section 4. Offences against computer data\n"
            "The following acts are offences punishable under this Act:\n"
            "(1) Illegal Access. – The entry into the whole or a part of a computer system without right.\n"
            "(2) Data Tampering. – The deletion or alteration of computer data without right.\n")
    _, first = _subdivision_classified(model, text, 0, "(1) Illegal Access.")
    assert "offence.illegal_access" in first.label_ids
    label = next(lab for lab in first.labels if lab.id == "offence.illegal_access")
    assert any(ev.kind == "heading" and first.text[ev.start:ev.end] == "Illegal Access" for ev in label.evidence)


@pytest.mark.parametrize(
    ("title", "assisting"),
    [
        # regression: the units of a mutual legal assistance act sit under headings that do not say so
        # ("Search and production"); its name does
        ("Mutual Assistance in Criminal Matters Act\n\nAn Act to give effect to requests of foreign states.", True),
        ("International Cooperation in Criminal Matters Act", True),
        ("Computer Crimes Act\n\nAn Act to provide for computer offences.", False),
        # the name, not a preamble that speaks of co-operation in passing
        ("Convention on Computer Crime\n\nConvinced of the need for mutual legal assistance among States,", False),
    ],
)
def test_the_units_of_a_mutual_assistance_act_are_in_assistance_context(title: str, assisting: bool) -> None:
    from lexnlp_cyber import segment
    from lexnlp_cyber.api import assistance_containers

    doc = segment(f"{title}\n\nPart 1 – Search and production\n\nSection 12. Search\nA judge may issue a warrant to "
                  "search a computer system for a foreign state.\n\nSection 13. Production\nA judge may order a "
                  "person to produce computer data.\n", lang="en")
    units = doc.units()
    assert [u.num for u in units] == ["12", "13"]
    assert assistance_containers(doc) == ({u.eid for u in units} if assisting else set())


@pytest.mark.parametrize(("text", "lang", "concept", "word"), [
    # regression: NFKC lengthened the text ("…" -> "...", "ﬁ" -> "fi"), so evidence spans after such a
    # character pointed two characters too far; decomposed accents still meet their phrases
    ("The ﬁrst oﬀence… any person who intentionally accesses a computer system commits an offence.", "en",
     "computer_system", "computer system"),
    ("Le fait d'acce\u0301der frauduleusement a\u0300 un syste\u0300me de traitement automatise\u0301 de donne\u0301es.", "fr",
     "access", "acce\u0301der"),
    ("Art. 5… Quien acceda sin autorización a un sistema informático será castigado.", "es",
     "computer_system", "sistema informático"),
])
def test_cue_spans_are_spans_of_the_text_as_given(text: str, lang: str, concept: str, word: str) -> None:
    prepared = prepare(text, lang)
    assert len(prepared.text) == len(text)
    spans = {text[m.start:m.end] for m in prepared.cues if m.concept == concept}
    assert word in spans

"""Sentences that fit the figures: each built from data made for it and read back."""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conftest import NS, SMALL, Docx
from tdagdoc.input.sources import validate


def small() -> dict[str, Any]:
    """The small data set: partners eu, att, ke; 3 agreements in 2024; 2020-2023 history."""
    return copy.deepcopy(yaml.safe_load(SMALL.read_text(encoding="utf-8")))


def build(data: dict[str, Any], lang: str, tmp_path: Path, inf: bool = False) -> Path:
    return tdagdoc.save(tdagdoc.build(validate(data), lang, inf=inf), tmp_path)


def paragraphs(data: dict[str, Any], lang: str, tmp_path: Path, inf: bool = False) -> list[str]:
    """The document's paragraphs, no-break spaces read as spaces."""
    doc = Docx(build(data, lang, tmp_path, inf))
    return [p.replace("\xa0", " ").replace("\u202f", " ") for p in doc.paragraphs(doc.body)]


def text(data: dict[str, Any], lang: str, tmp_path: Path, inf: bool = False) -> str:
    return "\n".join(paragraphs(data, lang, tmp_path, inf))


# --- developing, developed and first-time partners: one sentence -------------------------

def origins() -> dict[str, Any]:
    """ke from a developing country and new in 2024, att from a developed one, eu neither."""
    data = small()
    eu, att, ke = data["partners"]
    ke.update(country="KE", development="developing", first_agreement=2024)
    att.update(country="US", development="developed", first_agreement=2010)
    eu["first_agreement"] = 2015
    return data


COMBINED = {
    "en": "Of the 3 partners of 2024, 1 is from a developing country, 1 is from a developed "
          "country and 1 signed an agreement with BDT for the first time.",
    "fr": "Sur les 3 partenaires de 2024, 1 provient d'un pays en développement, 1 provient "
          "d'un pays développé et 1 a signé un accord avec le BDT pour la première fois.",
    "es": "De los 3 asociados de 2024, 1 procede de un país en desarrollo, 1 procede de un "
          "país desarrollado y 1 firmó un acuerdo con la BDT por primera vez.",
    "ru": "Из 3 партнеров 2024 года 1 – из развивающихся стран, 1 – из развитых стран и 1 "
          "впервые подписал соглашение с БРЭ.",
    "ar": "ومن بين شركاء عام 2024 البالغ عددهم 3 شركاء، ينتمي شريك واحد إلى بلد نامٍ، وينتمي "
          "شريك واحد إلى بلد متقدم، ووقّع شريك واحد اتفاقاً مع مكتب تنمية الاتصالات لأول مرة.",
    "zh": "在2024年的3个合作伙伴中，1个来自发展中国家，1个来自发达国家，"
          "1个首次与电信发展局签署协议。",
}
MEMBERSHIP = {"en": "By ITU membership category", "fr": "Par catégorie de membres",
              "es": "Por categoría de miembros", "ru": "среди этих 3 партнеров –",
              "ar": "ومن حيث فئات العضوية", "zh": "按国际电联成员类别划分"}


@pytest.mark.parametrize("lang", list(COMBINED))
def test_one_sentence_for_origins_and_new_partners(lang: str, tmp_path: Path):
    paras = paragraphs(origins(), lang, tmp_path)
    assert COMBINED[lang] in paras
    # after the membership sentence, so its "these partners" means all of them (Russian
    # "этих" must not read as the new partners)
    member = next(i for i, p in enumerate(paras) if MEMBERSHIP[lang] in p)
    assert member < paras.index(COMBINED[lang])


def test_origins_alone_and_a_partner_of_its_own(tmp_path: Path):
    data = origins()
    del data["partners"][0]["first_agreement"]  # first-time partners unknown: no clause
    data["partners"][1]["development"] = "developing"
    en = text(data, "en", tmp_path)
    assert "Of the 3 partners of 2024, 2 are from developing countries." in en
    assert "Of the partners of" not in en and "first time" not in en
    ru = text(data, "ru", tmp_path)
    assert "Из 3 партнеров 2024 года 2 – из развивающихся стран." in ru


# --- one partner: singular wording, the category named ------------------------------------

def one_partner(membership: str = "associate") -> dict[str, Any]:
    data = small()
    data["partners"] = [{"id": "ke", "name": {"en": "Kenya, Communications Authority"},
                         "type": "government", "membership": membership,
                         "country": "KE", "development": "developing"}]
    data["agreements"] = [{"id": "A1", "signed": "2024-03-01", "partners": ["ke"],
                           "regions": ["africa"], "priorities": ["connectivity"],
                           "contributions": [{"amount": 250000}]}]
    return data


@pytest.mark.parametrize(("lang", "sentences"), [
    ("en", ["By ITU membership category, the partner is an ITU-D Associate.",
            "The partner of 2024 is from a developing country."]),
    ("fr", ["Par catégorie de membres de l'UIT, le partenaire est un Associé de l'UIT-D.",
            "Le partenaire de 2024 provient d'un pays en développement."]),
    ("es", ["Por categoría de miembros de la UIT, se trata de un Asociado del UIT-D."]),
    ("ru", ["Исходя из категорий членского состава МСЭ, этот партнер является "
            "Ассоциированным членом МСЭ-D.",
            "Партнер 2024 года представляет развивающуюся страну."]),
    ("ar", ["ومن حيث فئات العضوية في الاتحاد، فإن هذا الشريك منتسب إلى قطاع تنمية الاتصالات.",
            "وينتمي شريك عام 2024 إلى بلد نامٍ."]),
    ("zh", ["按国际电联成员类别划分，该合作伙伴为ITU-D部门准成员。"]),
])
def test_one_partner(lang: str, sentences: list[str], tmp_path: Path):
    got = text(one_partner(), lang, tmp_path)
    for sentence in sentences:
        assert sentence in got
    assert "1 ITU-D Associate" not in got and "these partners" not in got


@pytest.mark.parametrize(("lang", "first", "sentences"), [
    ("en", 2024, ["The partner of 2024 is from a developing country and signed an agreement "
                  "with BDT for the first time.",
                  "All of these funds were provided by a single BDT partner."]),
    ("en", 2010, ["The partner of 2024 is from a developing country and had signed agreements "
                  "with BDT in earlier years."]),
    ("ru", 2024, ["Партнер 2024 года представляет развивающуюся страну и впервые подписал "
                  "соглашение с БРЭ.",
                  "Все эти средства были предоставлены одним партнером БРЭ."]),
    ("ru", 2010, ["Партнер 2024 года представляет развивающуюся страну и уже подписывал "
                  "соглашения с БРЭ в предыдущие годы."]),
    ("ar", 2024, ["وينتمي شريك عام 2024 إلى بلد نامٍ، ووقّع اتفاقاً مع مكتب تنمية الاتصالات "
                  "لأول مرة."]),
])
def test_one_partner_in_one_sentence(lang: str, first: int, sentences: list[str],
                                     tmp_path: Path):
    data = one_partner()
    data["partners"][0]["first_agreement"] = first
    paras = paragraphs(data, lang, tmp_path)
    for sentence in sentences:
        assert any(sentence in p for p in paras), sentence
    assert not any(p.startswith(("The partner of 2024 signed", "All of the partners"))
                   for p in paras)


def test_two_partners_take_the_arabic_dual(tmp_path: Path):
    data = small()
    data["partners"][0]["membership"] = "associate"
    data["agreements"][0]["partners"] = ["att"]  # eu drops out: two partners
    data["agreements"][0]["contributions"][0]["by"] = "att"
    ar = text(data, "ar", tmp_path)
    assert "ومن حيث فئات العضوية في الاتحاد، شمل هذان الشريكان " in ar
    en = text(data, "en", tmp_path)
    assert "By ITU membership category, these 2 partners included 1 Member State and 1 ITU-D " \
           "Sector Member." in en


def test_one_member_among_several_partners(tmp_path: Path):
    """The list is no subject the verb must agree with: "1 Член" never follows "входили"."""
    data = small()
    data["partners"][1]["membership"] = "none"  # ke alone is a member (a Member State)
    assert "Исходя из категорий членского состава МСЭ, среди этих 3 партнеров – " \
           "1 Государство-Член." in text(data, "ru", tmp_path)
    assert "Por categoría de miembros de la UIT, estos 3 asociados incluían 1 Estado " \
           "Miembro." in text(data, "es", tmp_path)
    assert "By ITU membership category, these 3 partners included 1 Member State." in text(
        data, "en", tmp_path)


# --- evaluative words only when the figures support them ----------------------------------

SIGNIFICANT = "significant level of resource mobilization"


def test_no_praise_for_a_fall(tmp_path: Path):
    en = text(small(), "en", tmp_path)  # USD 1.4 million after 30 million in 2023
    assert SIGNIFICANT not in en
    assert "The number of agreements and financial contributions signed from 2020 to 2024 is " \
           "shown in the table below." in en
    ru = text(small(), "ru", tmp_path)
    assert "значительный" not in ru
    assert "Количество соглашений и финансовых взносов, подписанных в период с 2020 по 2024 " \
           "год, представлено в таблице ниже." in ru


def test_praise_for_a_high_of_the_series(tmp_path: Path):
    data = small()
    for h in data["history"]:
        h["usd"] = 1_000_000
    assert tdagdoc.compute(validate(data)).series_high
    assert SIGNIFICANT in text(data, "en", tmp_path)


# --- equal counts, equal percentages --------------------------------------------------------

def test_equal_counts_read_equal_shares_with_a_rounding_note(tmp_path: Path):
    path = build(small(), "en", tmp_path)  # three partners of three types: 1, 1, 1
    with zipfile.ZipFile(path) as z:
        chart = next(z.read(n).decode() for n in z.namelist()
                     if re.fullmatch(r"word/charts/chart\d+\.xml", n) and b"pieChart" in z.read(n))
    assert chart.count("1 (33%)") == 3 and "34%" not in chart
    paras = [p.replace("\xa0", " ") for p in Docx(path).paragraphs()]
    figure = next(i for i, p in enumerate(paras) if p.startswith("Figure 1"))
    # Between the chart and its title, as ITU's figure legends stand.
    assert paras[figure - 1] == "Percentages may not add up to 100 because of rounding."
    ru = text(small(), "ru", tmp_path)
    assert "Ввиду округления сумма процентных показателей может не составлять 100." in ru


def test_no_note_when_the_shares_add_up(tmp_path: Path):
    data = small()
    data["partners"][0]["type"] = "government"  # 2 and 1: 67% and 33%
    assert "because of rounding" not in text(data, "en", tmp_path)


# --- a change below the precision shown ---------------------------------------------------

def test_one_cent_less_last_year_is_about_the_same(tmp_path: Path):
    data = small()
    data["history"][-1].update(agreements=3, financial_agreements=2, usd="1399999.99")
    en = text(data, "en", tmp_path)
    assert "The amount of financial contributions was about the same as the year before " \
           "(USD 1.4 million)." in en
    assert "0.0000%" not in en and "rose by" not in en
    ru = text(data, "ru", tmp_path)
    assert "Сумма финансовых взносов осталась примерно на уровне предыдущего года " \
           "(1,4 млн. долл. США)." in ru


def test_the_previous_year_is_named_once(tmp_path: Path):
    data = small()
    data["history"][-1].update(agreements=4, financial_agreements=3, usd=1600000)
    paras = paragraphs(data, "ru", tmp_path)
    yoy = next(p for p in paras if p.startswith("Число подписанных соглашений о партнерстве"))
    assert yoy == ("Число подписанных соглашений о партнерстве уменьшилось на 25% по сравнению "
                   "с 2023 годом, когда оно составляло 4. Число соглашений, предусматривающих "
                   "финансовые взносы, уменьшилось на 33% (в предыдущем году – 3). Сумма "
                   "финансовых взносов уменьшилась на 13% (в предыдущем году – "
                   "1,6 млн. долл. США).")
    en = next(p for p in paragraphs(data, "en", tmp_path)
              if p.startswith("The number of partnership agreements signed"))
    assert en.count("2023") == 1
    for lang in ("fr", "es", "ar", "zh"):
        para = next(p for p in paragraphs(data, lang, tmp_path) if "2023" in p and "25" in p)
        assert para.count("2023") == 1, (lang, para)


@pytest.mark.parametrize(("lang", "start", "predicates"), [
    ("en", "The number of partnership", ["the same as", "did not change", "unchanged"]),
    ("fr", "Le nombre d'accords de partenariat", ["inchangé", "n'a pas changé", "le même"]),
    ("es", "El número de acuerdos de asociación", ["igual que", "no varió", "sin cambios"]),
    ("ru", "Число подписанных", ["не изменилось", "осталось прежним", "на прежнем уровне"]),
    ("ar", "وظل عدد اتفاقات", ["على حاله", "لم يتغير", "دون تغيير"]),
    ("zh", "签署的伙伴关系协议数量", ["持平", "保持不变", "没有变化"]),
])
def test_nothing_changed_is_said_three_ways(lang: str, start: str, predicates: list[str],
                                            tmp_path: Path):
    data = small()
    data["history"][-1].update(agreements=3, financial_agreements=2, usd=1400000)
    para = next(p for p in paragraphs(data, lang, tmp_path) if p.startswith(start))
    assert [para.count(w) for w in predicates] == [1, 1, 1], para


# --- in kind, as signed --------------------------------------------------------------------

def test_in_kind_in_another_currency_shown_as_signed(tmp_path: Path):
    data = small()
    data["agreements"][2]["contributions"] = [
        {"kind": "in-kind", "amount": 50000, "currency": "CHF", "usd": 55000}]
    doc = Docx(build(data, "en", tmp_path, inf=True))
    rows = [p.replace("\xa0", " ") for p in doc.paragraphs()]
    at = rows.index("In kind: 55,000")
    assert rows[at + 1] == "(CHF 50,000)"
    fr = text(data, "fr", tmp_path, inf=True)
    assert "En nature: 55 000\n(50 000 CHF)" in fr


# --- its 7 financial partners ----------------------------------------------------------

def financial(n: int) -> dict[str, Any]:
    data = small()
    data["partners"] = [{"id": f"p{i}", "name": {"en": f"Partner {i}"}, "type": "government"}
                        for i in range(n)]
    data["agreements"] = [{"id": f"A{i}", "signed": "2024-03-01", "partners": [f"p{i}"],
                           "regions": ["africa"], "priorities": ["connectivity"],
                           "contributions": [{"amount": 100000 * (i + 1)}]} for i in range(n)]
    return data


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "In 2024, BDT's 7 financial partners were:"),
    ("ru", "В 2024 году у БРЭ было 7 финансовых партнеров:"),
    ("fr", "En 2024, les 7 partenaires financiers du BDT étaient les suivants:"),
    ("ar", "في عام 2024، كان لمكتب تنمية الاتصالات 7 شركاء ماليون، هم:"),
    ("zh", "2024年，电信发展局的7个资金合作伙伴如下："),
])
def test_seven_financial_partners_are_its_seven(lang: str, sentence: str, tmp_path: Path):
    got = text(financial(7), lang, tmp_path)
    assert sentence in got
    assert "largest" not in got and "крупнейш" not in got and "top" not in got


def test_eleven_financial_partners_have_a_top_ten(tmp_path: Path):
    assert "In 2024, BDT's top 10 financial partners were:" in text(financial(11), "en",
                                                                    tmp_path)


# --- period of an agreement ------------------------------------------------------------

@pytest.mark.parametrize(("lang", "period"), [
    ("en", "Period: 1 April 2024 - 31 December 2027"),
    ("fr", "Période: du 1er avril 2024 au 31 décembre 2027"),
    ("es", "Periodo: del 1 de abril de 2024 al 31 de diciembre de 2027"),
    ("ru", "Срок действия: с 1 апреля 2024 года по 31 декабря 2027 года"),
    ("ar", "المدة: من 1 أبريل 2024 إلى 31 ديسمبر 2027"),
    ("zh", "期限：2024年4月1日至2027年12月31日"),
])
def test_period_worded_as_each_language_words_a_range(lang: str, period: str,
                                                       tmp_path: Path):
    data = small()
    data["agreements"][0].update(start="2024-04-01", end="2027-12-31")
    assert period in text(data, lang, tmp_path, inf=True)


# --- Russian no-break spaces -----------------------------------------------------------

def test_russian_one_letter_words_never_end_a_line(tmp_path: Path):
    doc = Docx(build(small(), "ru", tmp_path))
    body = doc.text()
    assert "с\xa02020\xa0по 2024\xa0год" in body
    # from section 3 on, the catalog's years keep their «год» (the official WTDC-22 texts
    # of sections 1-2 and the summary are left as ITU wrote them)
    results = body.split("\n3\t", 1)[1]
    assert not re.search(r"\d{4} (год|г\.|гг\.)", results), "a year is parted from «год»"
    assert not re.search(r"(?<![\w\-.])[вВсСкКоОуУиИаА] ", body), \
        re.search(r".{20}(?<![\w\-.])[вВсСкКоОуУиИаА] .{20}", body)
    assert "(долл.\xa0США)" in body and "долл. США" not in body


# --- French ordinals raised -------------------------------------------------------------

def raised(path: Path) -> list[str]:
    """The text of every superscript run of the body."""
    doc = Docx(path)
    return ["".join(map(str, r.itertext())) for r in doc.body.iter(f"{{{NS['w']}}}r")
            if r.find("w:rPr/w:vertAlign[@w:val='superscript']", NS) is not None]


def test_french_ordinals_are_superscript(tmp_path: Path):
    data = small()
    data["document"]["meeting"]["start"] = "2025-05-01"  # "1er-22 mai 2025"
    data["agreements"][0].update(start="2024-04-01", end="2027-12-31")
    report = raised(build(data, "fr", tmp_path))
    assert report[:2] == ["e", "er"]  # "32e réunion", "1er-22 mai 2025"
    doc = Docx(build(data, "fr", tmp_path))
    assert "32e réunion, Genève, Suisse, 1er-22 mai 2025" in doc.text().replace("\xa0", " ")
    assert "er" in raised(build(data, "fr", tmp_path, inf=True))  # "du 1er avril 2024"
    assert raised(build(data, "en", tmp_path)) == []  # "32nd": English raises nothing

"""Partner countries and UN groupings: checked codes, UN names, developing/developed counts."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conftest import NS, SMALL, Docx
from tdagdoc.input.models import Development
from tdagdoc.input.sources import validate


def small(**partners: dict[str, Any]) -> dict[str, Any]:
    """The small data set with these fields added to partners eu, att and ke."""
    data = copy.deepcopy(yaml.safe_load(SMALL.read_text(encoding="utf-8")))
    for partner in data["partners"]:
        partner.update(partners.get(partner["id"], {}))
    return data


KE = {"country": "KE", "development": "developing"}
US = {"country": "US", "development": "developed"}


def test_counts_from_the_data():
    f = tdagdoc.compute(validate(small(ke=KE, att=US)))
    assert f.partners_by_development == {Development.DEVELOPED: 1, Development.DEVELOPING: 1}
    assert tdagdoc.compute(validate(small(ke={"country": "KE"}))).partners_by_development \
        is None


@pytest.mark.parametrize(("fields", "problem"), [
    ({"country": "XX"}, "'XX' is not the ISO 3166 code of a country or area"),
    ({"country": "EU"}, "'EU' is not the ISO 3166 code of a country or area"),
    ({"country": "ke"}, "partners[2].country"),
    ({"development": "developing"}, "give country"),
    ({"country": "FR", "development": "developed", "groupings": ["ldc"]},
     "ldc are developing countries"),
    ({"country": "NP", "groupings": ["ldc", "ldc"]}, "a grouping twice"),
    ({"country": "NP", "groupings": ["poor"]}, "partners[2].groupings"),
])
def test_bad_partner_facts_are_refused(fields: dict[str, Any], problem: str):
    with pytest.raises(tdagdoc.DataError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        validate(small(ke=fields))


@pytest.mark.parametrize(("lang", "sentences"), [
    ("en", ["Of the 3 partners of 2024, 2 are from developing countries and 1 is from a "
            "developed country."]),
    ("ru", ["Из 3 партнеров 2024 года 2 – из развивающихся стран и 1 – из развитых стран."]),
    ("ar", ["ومن بين شركاء عام 2024 البالغ عددهم 3 شركاء، ينتمي شريكان إلى بلدان نامية، وينتمي "
            "شريك واحد إلى بلد متقدم."]),
    ("zh", ["在2024年的3个合作伙伴中，2个来自发展中国家，1个来自发达国家。"]),
])
def test_sentences(lang: str, sentences: list[str], tmp_path: Path):
    report = validate(small(ke=KE, att=US, eu={"country": "NP", "development": "developing",
                                               "groupings": ["ldc", "lldc"]}))
    doc = Docx(tdagdoc.save(tdagdoc.build(report, lang), tmp_path))
    text = "\n".join(doc.paragraphs(doc.body)).replace("\xa0", " ")
    for sentence in sentences:
        assert sentence in text


def inf_cells(report: Any, lang: str, tmp_path: Path) -> list[list[str]]:
    doc = Docx(tdagdoc.save(tdagdoc.build(report, lang, inf=True), tmp_path))
    return [doc.paragraphs(tc) for tc in doc.body.iter(f"{{{NS['w']}}}tc")]


@pytest.mark.parametrize(("lang", "name"), [
    ("en", "Communications Authority (Kenya)"),
    ("es", "Communications Authority (Kenya)"),  # the UN's Spanish name, not CLDR's "Kenia"
    ("ru", "Communications Authority (Кения)"),
    ("zh", "Communications Authority（肯尼亚）"),
    ("ar", "Communications Authority (كينيا)"),
])
def test_inf_shows_the_un_name_of_the_country(lang: str, name: str, tmp_path: Path):
    report = validate(small(ke={"country": "KE", "name": {"en": "Communications Authority"}}))
    assert [name] in inf_cells(report, lang, tmp_path)


@pytest.mark.parametrize(("lang", "code", "country"), [
    ("es", "FJ", "Fiji"),  # CLDR: Fiyi
    ("es", "KZ", "Kazajstán"),  # CLDR: Kazajistán
    ("en", "KR", "Republic of Korea"),  # CLDR: South Korea
    ("ru", "RU", "Российская Федерация"),  # CLDR: Россия
    ("en", "IR", "Iran (Islamic Republic of)"),
    ("fr", "CD", "République démocratique du Congo"),  # CLDR: Congo-Kinshasa
    ("zh", "KR", "大韩民国"),
    ("ar", "KR", "جمهورية كوريا"),
    ("ar", "IR", "جمهورية إيران الإسلامية"),  # running text, not UNTERM's index form
    ("en", "TR", "Türkiye"),
])
def test_inf_names_countries_as_the_un_does(lang: str, code: str, country: str,
                                            tmp_path: Path):
    report = validate(small(ke={"country": code, "name": {"en": "Telecom Agency"}}))
    cells = [c for cell in inf_cells(report, lang, tmp_path) for c in cell]
    bracketed = [c for c in cells if c.startswith("Telecom Agency")]
    assert bracketed and all(country in c for c in bracketed), bracketed


@pytest.mark.parametrize(("lang", "name", "code"), [
    ("en", "Kenya, Communications Authority", "KE"),
    ("es", "Kenya, Autoridad de Comunicaciones", "KE"),
    ("en", "Republic of Korea, Ministry of Science and ICT", "KR"),
    ("en", "United Kingdom, Foreign, Commonwealth and Development Office", "GB"),
    ("ru", "Министерство цифрового развития Российской Федерации", "RU"),
    ("ru", "Министерство иностранных дел, по делам Содружества и развития, "
           "Соединенное Королевство", "GB"),
    ("zh", "肯尼亚通信管理局", "KE"),
])
def test_inf_never_names_the_country_twice(lang: str, name: str, code: str, tmp_path: Path):
    report = validate(small(ke={"country": code, "name": {"en": name, lang: name}}))
    cells = [[t.replace("\xa0", " ") for t in c] for c in inf_cells(report, lang, tmp_path)]
    assert [name] in cells  # (Russian "и" binds to the next word with a no-break space)


def test_a_name_that_only_looks_like_the_country_still_gets_it(tmp_path: Path):
    """'Nigeria' is not 'Niger', and 'Korea Telecom' does not say 'Republic of Korea'."""
    report = validate(small(ke={"country": "NE", "name": {"en": "Nigeria Telecom Institute"}},
                            eu={"country": "KR", "name": {"en": "Korea Telecom"}}))
    cells = inf_cells(report, "en", tmp_path)
    assert ["Nigeria Telecom Institute (Niger)"] in cells
    assert ["Korea Telecom (Republic of Korea)"] in cells


def test_codes_the_un_does_not_name_are_refused():
    with pytest.raises(tdagdoc.DataError, match="'TW' is not the ISO 3166 code"):
        validate(small(ke={"country": "TW"}))

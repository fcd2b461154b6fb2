"""Partner countries and UN groupings: checked codes, CLDR names, developing/developed counts."""

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
    ({"country": "XX"}, "'XX' is not an ISO 3166 country code"),
    ({"country": "EU"}, "'EU' is not an ISO 3166 country code"),
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


@pytest.mark.parametrize(("lang", "name"), [
    ("en", "Kenya, Communications Authority (Kenya)"),
    ("es", "Kenya, Communications Authority (Kenia)"),
    ("zh", "Kenya, Communications Authority（肯尼亚）"),
    ("ar", "Kenya, Communications Authority (كينيا)"),
])
def test_inf_shows_the_country_in_each_language(lang: str, name: str, tmp_path: Path):
    report = validate(small(ke={"country": "KE"}))
    doc = Docx(tdagdoc.save(tdagdoc.build(report, lang, inf=True), tmp_path))
    cells = [doc.paragraphs(tc) for tc in doc.body.iter(f"{{{NS['w']}}}tc")]
    assert [name] in cells

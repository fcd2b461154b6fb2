"""The framework as data: the WTDC, its action plan, priorities and quotations per report."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conftest import SMALL, Docx
from tdagdoc import cli, frameworks
from tdagdoc.frameworks import Framework
from tdagdoc.input.sources import validate
from tdagdoc.input.spreadsheets import report_rows
from tdagdoc.languages import LANGUAGE_CODES
from tdagdoc.resources import locales_dir, templates_dir
from workbooks import write_xlsx

INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u2060\u2066\u2067\u2068\u2069"))
KIGALI = ("Kigali", "Кигали", "كيغالي", "基加利", "WTDC-22", "CMDT-22", "ВКРЭ-22")


def small(**fields: Any) -> dict[str, Any]:
    data = copy.deepcopy(yaml.safe_load(SMALL.read_text(encoding="utf-8")))
    data.update(fields)
    return data


def body_text(data: dict[str, Any], lang: str, tmp_path: Path) -> str:
    doc = Docx(tdagdoc.save(tdagdoc.build(validate(data), lang), tmp_path / lang))
    # Bidi and joining marks are another test's business: read the words only.
    # A number keeps with the word after it by a no-break space: read it as a space.
    return "\n".join(doc.paragraphs(doc.body)).translate(INVISIBLE).replace("\xa0", " ")


# What each language's WTDC-25 report must say: the conference and its action plan.
WTDC25 = {
    "en": ("World Telecommunication Development Conference 2025 (WTDC-25)",
           "Baku Action Plan", "WTDC-25 Baku Declaration", "In line with the outcomes of WTDC-25"),
    "fr": ("Conférence mondiale de développement des télécommunications de 2025 (CMDT-25)",
           "Plan d'action de Bakou", "Déclaration de Bakou de la CMDT-25"),
    "es": ("Conferencia Mundial de Desarrollo de las Telecomunicaciones de 2025 (CMDT-25)",
           "Plan de Acción de Bakú", "Declaración de Bakú de la CMDT-25"),
    "ru": ("Всемирная конференция по развитию электросвязи 2025 года (ВКРЭ-25)",
           "Бакинский план действий", "Бакинская декларация ВКРЭ-25"),
    "ar": ("المؤتمر العالمي لتنمية الاتصالات لعام 2025 (WTDC-25)", "خطة عمل باكو",
           "إعلان باكو"),
    "zh": ("2025年世界电信发展大会（WTDC-25）", "《巴库行动计划》", "《巴库宣言》"),
}


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_a_report_under_wtdc_25_says_so_in_each_language(lang: str, tmp_path: Path):
    text = body_text(small(framework="wtdc-25"), lang, tmp_path)
    for wording in WTDC25[lang]:
        assert wording in text
    assert not [k for k in KIGALI if k in text]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_framework_follows_the_year_when_the_data_names_none(lang: str, tmp_path: Path):
    data = small(year=2026)
    for a in data["agreements"]:
        a["signed"] = a["signed"].replace(year=2026)
    text = body_text(data, lang, tmp_path)
    assert WTDC25[lang][0] in text
    assert "Kigali" not in text and "Кигали" not in text
    assert frameworks.for_year(2024).id == "wtdc-22"


def test_naming_wtdc_22_gives_the_years_default(tmp_path: Path):
    """The 2024 report's text is the same whether its data names the framework or not
    (and the golden files hold that text)."""
    named = body_text(small(framework="wtdc-22"), "fr", tmp_path / "named")
    assert named == body_text(small(), "fr", tmp_path / "default")
    assert "Plan d'action de Kigali" in named


def test_an_unknown_framework_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(tdagdoc.DataError, match="unknown framework 'wtdc-30': the known "
                                                 "frameworks are wtdc-22, wtdc-25"):
        validate(small(framework="wtdc-30"))
    data = tmp_path / "data.yaml"
    data.write_text(yaml.safe_dump(small(framework="wtdc-30"), allow_unicode=True),
                    encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["build", str(data), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    line = data.read_text(encoding="utf-8").splitlines().index("framework: wtdc-30") + 1
    assert f"{data}: line {line}, framework: unknown framework 'wtdc-30'" in err, err
    assert "Traceback" not in err
    assert not out.exists()


def test_priorities_must_be_the_frameworks(monkeypatch: pytest.MonkeyPatch):
    """An agreement's priority that the report's framework does not have is refused."""
    narrow = frameworks.known()["wtdc-25"].model_copy(update={"priorities": {
        k: v for k, v in frameworks.known()["wtdc-25"].priorities.items()
        if k != "policy-regulation"}})
    shipped = dict(frameworks.known(), **{"wtdc-25": narrow})
    monkeypatch.setattr(frameworks, "known", lambda: shipped)
    with pytest.raises(tdagdoc.DataError) as exc:
        validate(small(framework="wtdc-25"))
    assert any(p.where.startswith("agreements[2].priorities") and
               "'policy-regulation' is not a priority of wtdc-25" in p.message
               for p in exc.value.problems), exc.value.problems
    validate(small(framework="wtdc-22"))  # the same data is right under WTDC-22


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_priority_names_come_from_the_framework(lang: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch):
    fw = frameworks.known()["wtdc-25"]
    renamed = fw.model_copy(update={"priorities": {
        **fw.priorities, "connectivity": fw.priorities["connectivity"].model_copy(
            update={"en": "Universal connectivity (test)", "zh": "普遍连通（测试）"})}})
    shipped = dict(frameworks.known(), **{"wtdc-25": renamed})
    monkeypatch.setattr(frameworks, "known", lambda: shipped)
    text = body_text(small(framework="wtdc-25"), lang, tmp_path)
    assert {"en": "Universal connectivity (test)", "zh": "普遍连通（测试）"}[lang] in text


def test_the_shipped_frameworks_are_complete():
    """Every file loads (all six languages, known priorities); {year} only in the summary."""
    shipped = frameworks.known()
    assert list(shipped) == sorted(p.stem for p in templates_dir().glob("frameworks/*.yaml"))
    for fw in shipped.values():
        assert isinstance(fw, Framework) and fw.references and fw.background
        for lang in LANGUAGE_CODES:
            assert "{year}" in fw.summary.in_(lang)
            assert "2024" in fw.texts(lang, 2024)["summary"]  # type: ignore[operator]
    # Consecutive frameworks: each year from the first on has one.
    spans = [fw.years for fw in shipped.values()]
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(spans))


def test_the_catalogs_no_longer_hold_the_frameworks_texts():
    """One place for each fact: the conference and its priorities live in the framework."""
    pot = (locales_dir() / "tdagdoc.pot").read_text(encoding="utf-8")
    assert not [k for k in ("Kigali", "WTDC-22", "Affordable connectivity") if k in pot]


def test_a_workbook_names_the_framework_on_its_document_sheet(tmp_path: Path):
    report = validate(small(framework="wtdc-25"))
    sheets = report_rows(report)
    assert ["framework", "wtdc-25"] in sheets["document"]
    book = write_xlsx(tmp_path / "partnerships.xlsx", sheets)
    assert tdagdoc.load(book).framework == "wtdc-25"
    sheets["document"] = [r if r[0] != "framework" else ["framework", "kigali"]
                          for r in sheets["document"]]
    with pytest.raises(tdagdoc.DataError, match="unknown framework 'kigali'"):
        tdagdoc.load(write_xlsx(tmp_path / "bad.xlsx", sheets))


def test_validate_says_which_framework(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    for fields, line in (({}, "framework: wtdc-22 (that of 2024)"),
                         ({"framework": "wtdc-25"}, "framework: wtdc-25 (named by the data)")):
        data = tmp_path / "data.yaml"
        data.write_text(yaml.safe_dump(small(**fields), allow_unicode=True), encoding="utf-8")
        assert cli.main(["validate", str(data)]) == 0
        assert f"  {line}\n" in capsys.readouterr().out


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["summary"].pop("zh"), "summary.zh"),
    (lambda d: d.update(id="wtdc-99"), "its id is 'wtdc-99'; name the file wtdc-99.yaml"),
    (lambda d: d.update(years=[2029, 2026]), "years 2029-2026 run backwards"),
    (lambda d: d["priorities"].update(
        {"space": d["priorities"]["connectivity"]}), "priorities space are not ITU-D"),
])
def test_a_broken_framework_file_is_named(change: Any, message: str, tmp_path: Path):
    data = yaml.safe_load((templates_dir() / "frameworks" / "wtdc-25.yaml").read_text(
        encoding="utf-8"))
    change(data)
    path = tmp_path / "wtdc-25.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(tdagdoc.TdagdocError, match=message) as exc:
        frameworks.load_file(path)
    assert str(path) in str(exc.value)


def test_a_framework_not_yet_checked_warns_on_every_document():
    """WTDC-25's file carries its own wordings until the Final Report's are checked: a
    document written under it says so; one under WTDC-22 (ITU's texts) does not."""
    warned = tdagdoc.build(validate(small(framework="wtdc-25")), "fr").warnings
    assert [w for w in warned if "wtdc-25" in str(w) and "Final Report" in str(w)], warned
    checked = tdagdoc.build(validate(small(framework="wtdc-22")), "fr").warnings
    assert not [w for w in checked if "framework" in str(w)], checked


def test_the_fast_yaml_loader_reads_each_framework_as_pyyaml_does() -> None:
    """The frameworks are read with libyaml's parser when PyYAML has it: the trees must
    be those of the pure-Python safe loader."""
    for path in sorted(templates_dir().joinpath("frameworks").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=frameworks._LOADER) == yaml.safe_load(text)
        assert frameworks.load_file(path) == Framework.model_validate(yaml.safe_load(text))

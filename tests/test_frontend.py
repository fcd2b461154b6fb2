"""One build front end: a report and a contribution share the options and the build path."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, Docx
from tdagdoc import cli, contribution, pipeline
from tdagdoc.errors import DataError
from tdagdoc.languages import get_lang

NOTE = ROOT / "examples" / "contributions" / "information-note" / "contribution.md"


def _options(p: argparse.ArgumentParser) -> set[str]:
    return {o for a in p._actions for o in a.option_strings}


def _sub(p: argparse.ArgumentParser, *names: str) -> argparse.ArgumentParser:
    for name in names:
        action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
        p = action.choices[name]
    return p


def test_both_builds_take_the_same_options():
    top = cli.parser()
    report, note = _sub(top, "build"), _sub(top, "contribution", "build")
    shared = _options(note)
    assert {"--lang", "--out", "--pdf", "--reference-doc", "--templates", "--logo",
            "--logo-alt", "--strict", "--quiet"} <= shared
    # the report adds only what partnership data has: its INF document and its lists
    assert _options(report) - shared == {"--inf", "--partners", "--agreements",
                                         "--contributions", "--history", "--rates"}


def test_build_takes_a_markdown_contribution(tmp_path: Path, capsys):
    # Before: "invalid YAML: but found another document".
    out = tmp_path / "out"
    assert cli.main(["build", str(NOTE), "--lang", "en,es", "--out", str(out), "-q"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["TDAG-25-INF-4-E.docx", "TDAG-25-INF-4-S.docx"]
    again = tmp_path / "again"
    assert cli.main(["contribution", "build", str(NOTE), "--lang", "en,es", "--out",
                     str(again), "-q"]) == 0
    for name in ("TDAG-25-INF-4-E.docx", "TDAG-25-INF-4-S.docx"):
        assert (out / name).read_bytes() == (again / name).read_bytes()


def test_report_options_with_a_contribution_are_refused(tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", str(NOTE), "--inf", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--inf is for partnership data" in err and str(NOTE) in err
    assert not out.exists()


def test_a_contribution_takes_templates_and_logo_alt(tmp_path: Path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_contact.xml.j2").write_text("<closing/>\n", encoding="utf-8")
    c = contribution.load(NOTE)
    built = contribution.build(c, "en", templates=folder, logo_alt="The emblem")
    assert built.filename == "TDAG-25-INF-4-E.docx"
    # the shipped frame has a contact box (a table); the override has none
    default = contribution.build(c, "en")
    assert built.data.count(b"<w:tbl>") < default.data.count(b"<w:tbl>") or \
        len(built.data) < len(default.data)


def test_a_contribution_frame_cannot_place_report_tables(tmp_path: Path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "contribution.xml.j2").write_text(
        '<document>\n{% include "_header.xml.j2" %}\n<table ref="by-region">Regions</table>\n'
        "</document>\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"contribution\.xml\.j2:3: this document has no report"):
        contribution.build(contribution.load(NOTE), "en", templates=folder)


def test_every_language_problems_at_once_through_one_path():
    c = contribution.load(NOTE)
    kind = contribution.ContributionKind(c)
    langs = [get_lang(code) for code in ("en", "fr", "ru")]
    with pytest.raises(DataError) as caught:
        pipeline.build_all(kind, langs, pipeline.Options(strict=True))
    text = str(caught.value)
    assert "no fr translation" in text and "no ru translation" in text


def test_contribution_validate_says_which_languages_build(tmp_path: Path, capsys):
    example = ROOT / "examples" / "contributions" / "study-group"
    assert cli.main(["contribution", "validate", str(example / "contribution.md"),
                     "--strict"]) == 0  # the example holds all six languages
    capsys.readouterr()
    shutil.copytree(example, tmp_path / "study-group")
    for code in ("ru", "ar", "zh"):  # a folder still waiting for three translations
        (tmp_path / "study-group" / f"{code}.po").unlink()
    study = tmp_path / "study-group" / "contribution.md"
    assert cli.main(["contribution", "validate", str(study)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == [f"{study}: valid", "  en: complete (SG1RGQ-45-E.docx)",
                       "  fr: complete (SG1RGQ-45-F.docx)", "  es: complete (SG1RGQ-45-S.docx)"]
    assert out[4].startswith(f"  ru: not built: {study}: no ru translation")
    assert cli.main(["contribution", "validate", str(study), "--lang", "zh"]) == 0
    assert cli.main(["contribution", "validate", str(study), "--strict"]) == 2
    assert "no zh translation" in capsys.readouterr().err
    assert not list(study.parent.glob("*.docx"))  # nothing written


def test_a_french_original_issued_alone_is_marked_french_only(tmp_path: Path, capsys):
    path = tmp_path / "contribution.md"
    path.write_text(
        "---\nnumber: RPM-EUR/3\ndate: 2025-03-10\noriginal_language: fr\n"
        "meeting: {city: Genève, country: Suisse, start: 2025-04-07, end: 2025-04-11}\n"
        "source: Administration française\ntitle: Les compétences numériques\n"
        "summary: La présente contribution propose une priorité.\n"
        'contact: {name: Jeanne Dupont, post: Ministère, phone: "+33 1", '
        "email: jeanne@example.org}\n---\n# Introduction\n\nTexte.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["build", str(path), "--lang", "en,es", "--english-only", "--out",
                     str(out), "-q"]) == 0
    assert [p.name for p in out.iterdir()] == ["RPM-EUR-3-F.docx"]
    text = Docx(out / "RPM-EUR-3-F.docx").text()
    assert "Français seulement" in text and "Original" not in text
    assert "Réunion préparatoire régionale pour l'Europe (RPR-EUR)" in text
    assert 'en, es: no translation; RPM-EUR-3-F.docx is marked "French only"' in \
        capsys.readouterr().err

"""Revisions, addenda and corrigenda: header line, date, file name and later-page header."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import tdagdoc
from conformance import format_validation_errors, require_tool, validate_docx
from conftest import NS, SMALL, Docx
from tdagdoc.errors import DataError
from tdagdoc.input import sources
from tdagdoc.languages import LANGUAGE_CODES, get_lang

KINDS = {"revision": "Rev", "addendum": "Add", "corrigendum": "Corr"}
ENGLISH = {"revision": "Revision", "addendum": "Addendum", "corrigendum": "Corrigendum"}


def report_with(**document: Any) -> tdagdoc.Report:
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["document"].update(document)
    return sources.validate(data)


def header_lines(doc: Docx) -> list[str]:
    """The lines of the right-hand cell of the first-page header block."""
    cell = doc.body.find("w:tbl", NS).findall("w:tr/w:tc", NS)[-1]
    return [p.replace("\xa0", " ") for p in doc.paragraphs(cell)]


def running_header(doc: Docx) -> tuple[str, bytes]:
    """The later-pages header: its text and its XML (where the PAGE field is)."""
    rels = doc.xml("word/_rels/document.xml.rels")
    sect = doc.body.find("w:sectPr", NS)
    default = sect.find("w:headerReference[@w:type='default']", NS)
    rid = default.get(f"{{{NS['r']}}}id")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    part = f"word/{target}"
    return "".join(map(str, doc.xml(part).itertext())), doc.blob(part)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Docx]:
    report = report_with()
    out = tmp_path_factory.mktemp("plain")
    return {lang: Docx(tdagdoc.save(tdagdoc.build(report, lang), out))
            for lang in LANGUAGE_CODES}


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Revision 2, addendum 2 and corrigendum 2 of the small report, dated 2 May 2025."""
    out = tmp_path_factory.mktemp("versions")
    found: dict[tuple[str, str], Path] = {}
    for kind in KINDS:
        report = report_with(**{kind: 2, "date": dt.date(2025, 5, 2)})
        for lang in LANGUAGE_CODES:
            found[kind, lang] = tdagdoc.save(tdagdoc.build(report, lang), out)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_english_header_line_date_and_file_name(versions, kind):
    path = versions[kind, "en"]
    assert path.name == f"TDAG-25-7({KINDS[kind]}.2)-E.docx"
    assert header_lines(Docx(path))[:3] == [
        f"{ENGLISH[kind]} 2 to Document TDAG-25/7-E", "2 May 2025", "Original: English"]


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
@pytest.mark.parametrize("kind", KINDS)
def test_each_language_names_the_document_it_changes(versions, plain, kind, lang):
    """The catalogs own the wording; the line must carry the number and not be the plain one."""
    letter = get_lang(lang).letter
    path = versions[kind, lang]
    assert path.name == f"TDAG-25-7({KINDS[kind]}.2)-{letter}.docx"
    line, date = header_lines(Docx(path))[:2]
    plain_line, plain_date = header_lines(plain[lang])[:2]
    assert f"TDAG-25/7-{letter}" in line
    assert "2" in line.replace(f"TDAG-25/7-{letter}", "")
    assert line != plain_line
    assert date != plain_date  # the version's own date: 2 May, not 22 April
    others = {k for k in KINDS if k != kind}
    assert all(line != header_lines(Docx(versions[k, lang]))[0] for k in others)


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_later_pages_carry_the_version_and_a_page_field(versions, lang):
    letter = get_lang(lang).letter
    text, xml = running_header(Docx(versions["revision", lang]))
    assert text.endswith(f"TDAG-25/7(Rev.2)-{letter}")
    assert re.search(rb'<w:fldSimple w:instr=" PAGE ">', xml)
    sect = Docx(versions["revision", lang]).body.find("w:sectPr", NS)
    assert sect.find("w:titlePg", NS) is not None  # the first page has the header block instead


def test_the_plain_document_has_no_version_mark(plain):
    text, _ = running_header(plain["en"])
    assert text.endswith("TDAG-25/7-E")
    assert header_lines(plain["en"])[0] == "Document TDAG-25/7-E"


def test_at_most_one_of_revision_addendum_corrigendum():
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["document"] |= {"revision": 1, "addendum": 1}
    with pytest.raises(DataError) as caught:
        sources.validate(data, "d.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "d.yaml: document: give at most one of revision, addendum and corrigendum"]


@pytest.mark.parametrize("value", [0, 100, "one"])
def test_version_numbers_are_checked(value):
    data = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    data["document"]["revision"] = value
    with pytest.raises(DataError) as caught:
        sources.validate(data, "d.yaml")
    assert caught.value.problems[0].where == "document.revision"


@pytest.mark.conformance
def test_versions_pass_the_validator(versions):
    require_tool("validator")
    paths = [versions["revision", "en"], versions["addendum", "ar"], versions["corrigendum", "zh"]]
    results = validate_docx(paths)
    assert not any(results.values()), format_validation_errors(results)

"""Shared fixtures: the example data and the six documents built from it once."""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import pytest
from lxml import etree

import tdagdoc
from tdagdoc.languages import LANGUAGE_CODES

# The command line keeps compiled templates in the user's cache folder: the suite's
# runs keep theirs in a folder of their own, not the developer's or CI's home.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="tdagdoc-tests-cache-")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "partnerships-2024.yaml"
SMALL = ROOT / "tests" / "data" / "small.yaml"

FRONT = """\
---
number: TDAG-25/12
date: 2025-03-10
meeting: {number: 32, city: Geneva, country: Switzerland, start: 2025-05-19, end: 2025-05-22}
source: Director, Telecommunication Development Bureau
title: Progress report
summary: This document reports on progress.
contact: {name: Jane Doe, post: Head, phone: "+41 22 730 5111", email: jane.doe@itu.int}
---
"""
"""The front matter of a small TDAG contribution, for tests that write its body."""
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `import conformance`


@pytest.fixture(scope="session")
def example() -> tdagdoc.Report:
    return tdagdoc.load(EXAMPLE)


@pytest.fixture(scope="session")
def built(example: tdagdoc.Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example report in all six languages, saved as the command line saves it."""
    out = tmp_path_factory.mktemp("built")
    return {lang: tdagdoc.save(tdagdoc.build(example, lang), out) for lang in LANGUAGE_CODES}


@pytest.fixture(scope="session")
def infs(example: tdagdoc.Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's INF document in the six languages."""

    out = tmp_path_factory.mktemp("inf")
    return {lang: tdagdoc.save(tdagdoc.build(example, lang, inf=True), out)
            for lang in LANGUAGE_CODES}


LOGO_ALT = "ITU emblem"


@pytest.fixture(scope="session")
def with_logo(example: tdagdoc.Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English report with a logo described by ``--logo-alt``, and a subsection (h2)."""
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (40, 40), "#009cd6").save(png, "PNG")
    templates = tmp_path_factory.mktemp("templates")
    report = (ROOT / "templates" / "report.xml.j2").read_text(encoding="utf-8")
    background = "<h1>{% trans %}Background{% endtrans %}</h1>"
    assert background in report
    (templates / "report.xml.j2").write_text(
        report.replace(background, background + "\n<h2>Earlier reports</h2>"), encoding="utf-8")
    out = tmp_path_factory.mktemp("logo")
    return tdagdoc.save(tdagdoc.build(example, "en", logo=png.getvalue(), logo_alt=LOGO_ALT,
                                      templates=templates), out)


@pytest.fixture(scope="session")
def tagged_pdfs(built: dict[str, Path], infs: dict[str, Path], with_logo: Path,
                tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Each report and INF document (and the logo report) as ``--pdf`` writes it: {docx: pdf}.

    One LibreOffice run for the whole session (starting it costs seconds).
    """
    from conformance import require_tool
    from tdagdoc.docx import pdf

    require_tool("libreoffice")
    paths = [*built.values(), *infs.values()]
    names = {p.name: p for p in paths}
    logo_name = f"logo-{with_logo.name}"
    converted = pdf.convert({**{n: p.read_bytes() for n, p in names.items()},
                             logo_name: with_logo.read_bytes()})
    out = tmp_path_factory.mktemp("tagged")
    result = {}
    for name, source in [*names.items(), (logo_name, with_logo)]:
        target = out / f"{Path(name).stem}.pdf"
        target.write_bytes(converted[target.name])
        result[source] = target
    return result


_CHARS = {"tab": "\t", "noBreakHyphen": "-"}


class Docx:
    """A saved .docx read back with lxml: parts as trees, text helpers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as z:
            self.names = z.namelist()
            self._parts = {n: z.read(n) for n in self.names}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self._parts[name])

    def blob(self, name: str) -> bytes:
        return self._parts[name]

    @property
    def body(self) -> etree._Element:
        return self.xml("word/document.xml").find("w:body", NS)

    def paragraphs(self, root: etree._Element | None = None) -> list[str]:
        """Each paragraph's text as a reader sees it (word joiners are invisible)."""
        root = self.body if root is None else root
        return [
            "".join((t.text or "") if t.tag.endswith("}t") else _CHARS[etree.QName(t).localname]
                    for t in p.iter(f"{{{NS['w']}}}t", f"{{{NS['w']}}}tab",
                                    f"{{{NS['w']}}}noBreakHyphen")).replace("\u2060", "")
            for p in root.iter(f"{{{NS['w']}}}p")
        ]

    def styled(self, style_id: str) -> list[str]:
        paras = cast("list[etree._Element]", self.body.xpath(
            f".//w:p[w:pPr/w:pStyle/@w:val='{style_id}']", namespaces=NS))
        return [self.paragraphs(p)[0] for p in paras]

    def text(self) -> str:
        return "\n".join(self.paragraphs())


@pytest.fixture(scope="session")
def conformant() -> Iterator[Callable[[Path], Path]]:
    """Register a generated document; all are validated in one batch at the end.

    The Open XML SDK validator takes seconds a document once loaded, so the
    documents that tests make one by one are checked together, as a teardown
    error of the session when any is invalid.
    """
    from conformance import _missing, format_validation_errors, validate_docx

    paths: list[Path] = []

    def register(path: Path) -> Path:
        paths.append(path)
        return path

    yield register
    missing = _missing("validator")
    if missing and not os.environ.get("CI"):
        return  # the conformance tests already say, as skips, how to install it
    assert not missing, missing
    results = validate_docx(paths)
    assert not any(results.values()), format_validation_errors(results)


@pytest.fixture(scope="session")
def docs(built: dict[str, Path]) -> dict[str, Docx]:
    return {lang: Docx(path) for lang, path in built.items()}


@pytest.fixture(scope="session")
def rendered(built: dict[str, Path], infs: dict[str, Path],
             tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, Path]]:
    """Each language's report and INF document with its PDF: ``{(kind, lang): (docx, pdf)}``.

    All twelve go through ONE plain (untagged) LibreOffice run, which the checks of the
    rendered pages measure; :func:`tagged_pdfs` are those ``--pdf`` writes.
    """
    from conformance import docx_to_pdf, require_tool

    require_tool("libreoffice")
    docs = {("report", lang): path for lang, path in built.items()}
    docs |= {("inf", lang): path for lang, path in infs.items()}
    pdfs = docx_to_pdf(list(docs.values()), tmp_path_factory.mktemp("pdf"))
    return {key: (path, pdfs[path]) for key, path in docs.items()}

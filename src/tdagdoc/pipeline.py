"""Data to saved documents: the stages put together, for the API and the command line."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdagdoc import figures as figures_mod
from tdagdoc.document.narrative import Source, build_document
from tdagdoc.docx.writer import Writer
from tdagdoc.errors import Problem, TdagdocError
from tdagdoc.figures import Figures
from tdagdoc.input.models import Report
from tdagdoc.l10n.languages import Lang, get_lang
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.l10n.translations import translations


@dataclass(frozen=True)
class Built:
    """A generated document: its file name, its bytes and what fell back to English."""

    lang: Lang
    filename: str
    data: bytes
    warnings: tuple[Problem, ...] = ()


def file_stem(report: Report, lang: Lang, number: str | None = None) -> str:
    """The file name without extension: ``TDAG-25-7-E``, ``TDAG-25-7(Rev.1)-E``.

    >>> from tdagdoc.l10n.languages import get_lang
    >>> from tdagdoc.input.sources import load
    >>> from tdagdoc.resources import data_dir
    >>> report = load(data_dir("templates").parent / "examples" / "partnerships-2024.yaml")
    >>> file_stem(report, get_lang("ru"))
    'TDAG-25-7-R'
    """
    meta = report.document
    stem = (number or meta.number).replace("/", "-")
    if number is None:
        stem += meta.version_suffix
    return f"{stem}-{lang.letter}"


def build(
    report: Report,
    lang: str | Lang = "en",
    *,
    inf: bool = False,
    reference_doc: str | Path | None = None,
    templates: str | Path | None = None,
    logo: bytes | None = None,
    logo_alt: str = "",
    strict: bool = False,
    figures: Figures | None = None,
) -> Built:
    """Build the contribution (or, with ``inf``, its information document) for one language.

    ``templates`` is a directory whose templates override the shipped ones
    (they run sandboxed); ``logo_alt`` describes the logo to a screen reader (the
    group's name when empty); ``strict`` refuses data texts missing in ``lang``;
    ``figures`` saves computing them again for each language of a big report.
    """
    lang = get_lang(lang) if isinstance(lang, str) else lang
    number = _inf_number(report) if inf else None
    if templates is not None and not Path(templates).is_dir():
        # Else the loader would quietly fall back to the shipped templates.
        raise TdagdocError(f"no template directory at {templates}")
    loc = Localizer(lang, translations(lang))
    source = Source(Path(templates) if templates else None)
    if figures is None:
        figures = figures_mod.compute(report)
    template = "inf.xml.j2" if inf else "report.xml.j2"
    document = build_document(report, figures, loc, source, template, logo=logo, number=number,
                              logo_alt=logo_alt)
    if strict:
        loc.raise_missing()
    data = Writer(Path(reference_doc) if reference_doc else None).write(document)
    return Built(lang, f"{file_stem(report, lang, number)}.docx", data,
                 tuple(_unique(loc.missing)))


def build_inf(report: Report, lang: str | Lang = "en", **options: Any) -> Built:
    """Build the information document that the report's footnotes cite, for one language.

    It lists every agreement of the year and every financial partner, under
    the number ``document.inf_document`` (``TDAG-25/INF/1-E``), from the
    template ``inf.xml.j2``. However long the lists, memory stays flat: the
    writer streams their rows into the saved file. Options as for :func:`build`.
    """
    return build(report, lang, inf=True, **options)


def _inf_number(report: Report) -> str:
    number = report.document.inf_document
    if number is None:
        raise TdagdocError("the data gives no document.inf_document: the INF document "
                           "needs its number (e.g. TDAG-25/INF/1)")
    return number


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def save(built: Built, out_dir: str | Path) -> Path:
    """Write a built document into ``out_dir`` atomically; returns its path.

    The bytes go to a temporary file in the same directory, which is then
    renamed, so a failure never leaves half a document behind.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return write_atomic(out / built.filename, built.data)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fp:
            fp.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path

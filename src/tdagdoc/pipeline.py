"""Data to saved documents: the stages put together, for the API and the command line."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import figures as figures_mod
from .errors import Problem
from .languages import Lang, get_lang
from .localizer import Localizer
from .models import Report
from .narrative import Source, build_document
from .translations import translations
from .writer import Writer


@dataclass(frozen=True)
class Built:
    """A generated document: its file name, its bytes and what fell back to English."""

    lang: Lang
    filename: str
    data: bytes
    warnings: tuple[Problem, ...] = ()


def file_stem(report: Report, lang: Lang, number: str | None = None) -> str:
    """The file name without extension: ``TDAG-25-7-E``, ``TDAG-25-7(Rev.1)-E``.

    >>> from tdagdoc.languages import get_lang
    >>> from tdagdoc.sources import load
    >>> from tdagdoc.resources import data_dir
    >>> report = load(data_dir("templates").parent / "examples" / "partnerships-2024.yaml")
    >>> file_stem(report, get_lang("ru"))
    'TDAG-25-7-R'
    """
    meta = report.document
    stem = (number or meta.number).replace("/", "-")
    if number is None:
        for label, value in (("Rev", meta.revision), ("Add", meta.addendum),
                             ("Corr", meta.corrigendum)):
            if value:
                stem += f"({label}.{value})"
    return f"{stem}-{lang.letter}"


def build(
    report: Report,
    lang: str | Lang = "en",
    *,
    reference_doc: str | Path | None = None,
    templates: str | Path | None = None,
    logo: bytes | None = None,
    strict: bool = False,
) -> Built:
    """Build the contribution for one language.

    ``templates`` is a directory whose templates override the shipped ones
    (they run sandboxed); ``strict`` refuses data texts missing in ``lang``.
    """
    lang = get_lang(lang) if isinstance(lang, str) else lang
    loc = Localizer(lang, translations(lang))
    source = Source(Path(templates) if templates else None)
    document = build_document(report, figures_mod.compute(report), loc, source, logo=logo)
    if strict:
        loc.raise_missing()
    data = Writer(Path(reference_doc) if reference_doc else None).write(document)
    return Built(lang, f"{file_stem(report, lang)}.docx", data, tuple(_unique(loc.missing)))


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

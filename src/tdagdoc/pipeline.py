"""Data to saved documents: the stages put together, for the API and the command line."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tdagdoc import figures as figures_mod
from tdagdoc.document import overrides
from tdagdoc.document.narrative import Source, build_document
from tdagdoc.docx.writer import Writer
from tdagdoc.errors import DataError, Problem, TdagdocError
from tdagdoc.figures import Figures
from tdagdoc.input import images
from tdagdoc.input.models import Report
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.l10n.translations import translations
from tdagdoc.languages import Lang, get_lang


@dataclass(frozen=True)
class Built:
    """A generated document: its file name, its bytes and what fell back to English."""

    lang: Lang
    filename: str
    data: bytes
    warnings: tuple[Problem, ...] = ()

    def __repr__(self) -> str:
        """Short, so ``print(built)`` shows what was built, not the document's bytes.

        >>> from tdagdoc.languages import get_lang
        >>> Built(get_lang("fr"), "TDAG-25-7-F.docx", bytes(31_000))
        Built(lang='fr', filename='TDAG-25-7-F.docx', 31,000 bytes, 0 warnings)
        """
        return (f"Built(lang={self.lang.code!r}, filename={self.filename!r}, "
                f"{len(self.data):,} bytes, {len(self.warnings)} warnings)")


def file_stem(report: Report, lang: Lang, number: str | None = None) -> str:
    """The file name without extension: ``TDAG-25-7-E``, ``TDAG-25-7(Rev.1)-E``.

    >>> from tdagdoc.languages import get_lang
    >>> from tdagdoc.input.sources import load
    >>> from tdagdoc.resources import data_dir
    >>> report = load(data_dir("templates").parent / "examples" / "partnerships-2024.yaml")
    >>> file_stem(report, get_lang("ru"))
    'TDAG-25-7-R'
    """
    return report.document.document_number(lang, number).replace("/", "-")


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
    on_rows: Callable[[int], None] | None = None,
) -> Built:
    """Build the contribution (or, with ``inf``, its information document) for one language.

    The information document, which the report's footnotes cite, lists every
    agreement of the year and every financial partner under the number
    ``document.inf_document`` (``TDAG-25/INF/1-E``), from the template
    ``inf.xml.j2``; however long the lists, memory stays flat: the writer
    streams their rows into the saved file.
    ``templates`` is a directory whose templates override the shipped ones
    (they run sandboxed; a file that overrides nothing and that no template uses
    is refused); ``logo_alt`` describes the logo to a screen reader (the group's
    name when empty); ``strict`` refuses data texts missing in ``lang`` and
    sentences of user templates its catalog lacks (else they are warnings in
    :attr:`Built.warnings`, and the text prints in English); ``figures`` saves
    computing them again for each language of a big report; ``on_rows`` is called
    with the number of rows of long tables written, as they are written (the
    command line's progress bar).
    """
    lang = get_lang(lang) if isinstance(lang, str) else lang
    number = _inf_number(report) if inf else None
    if templates is not None and not Path(templates).is_dir():
        # Else the loader would quietly fall back to the shipped templates.
        raise TdagdocError(f"no template directory at {templates}")
    if templates is not None:
        overrides.check_names(Path(templates))
    loc = Localizer(lang, translations(lang), report.outcomes)
    untranslated = overrides.untranslated(Path(templates), loc.catalog, lang.code) \
        if templates is not None else []
    source = Source(Path(templates) if templates else None)
    if logo is not None:  # checked here too for callers of the API (once: it is cached)
        logo = images.check(logo, "the logo").data
    if figures is None:
        figures = figures_mod.compute(report)
    template = "inf.xml.j2" if inf else "report.xml.j2"
    document = build_document(report, figures, loc, source, template, logo=logo, number=number,
                              logo_alt=logo_alt)
    missing = _unique([*untranslated, *loc.missing])
    if strict and missing:
        raise DataError([*untranslated, *loc.absent()])
    writer = Writer(Path(reference_doc) if reference_doc else None)
    data = writer.write(document, on_rows)
    return Built(lang, f"{file_stem(report, lang, number)}.docx", data,
                 tuple(_unique([*writer.warnings, *missing])))


def _inf_number(report: Report) -> str:
    number = report.document.inf_document
    if number is None:
        raise TdagdocError("the data gives no document.inf_document: the INF document "
                           "needs its number (e.g. TDAG-25/INF/1)")
    return number


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def save(built: Built, out_dir: str | Path) -> Path:
    """Write a built document into ``out_dir`` as :func:`save_all` writes a set (whole
    or not at all, never beside another build's half); returns its path."""
    return save_all({built.filename: built.data}, out_dir)[0]


LOCK_WAIT = 60.0
"""Seconds a build waits for another build writing into the same folder."""
_STAGING = re.compile(r"^\.tdagdoc-[A-Za-z0-9_]+\.tmp$")
_TEMP_FILE = re.compile(r"^\..+\.(?:docx|pdf|json|ya?ml)\.[A-Za-z0-9_]{8}\.tmp$")


def save_all(files: Mapping[str, bytes], out_dir: str | Path) -> list[Path]:
    """Write a set of files into ``out_dir``: all of them, or none.

    The set is written into a temporary folder inside ``out_dir`` and moved
    into place only when every file is written; a failure while moving puts
    back the files it replaced. While it writes, the build holds a lock on the
    folder, so two builds into one folder never mix their sets (the second
    waits up to :data:`LOCK_WAIT` seconds, then stops with a message). Leftovers
    of an interrupted build (tdagdoc's own temporary names only) are removed.
    A full disk or a missing permission is reported with the path.
    """
    out = Path(out_dir)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    try:
        with _locked(out):
            _clear_leftovers(out)
            return _move_in(_stage(files, out), out, list(files))
    except BaseException:
        if created:
            shutil.rmtree(out, ignore_errors=True)  # as it was: not there
        raise


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder itself (no lock file left behind)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, the staging still keeps each set whole
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TdagdocError(f"another tdagdoc build is writing into {folder}; "
                                       f"waited {LOCK_WAIT:g} s: try again when it has "
                                       "finished") from None
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # releases the lock


def _clear_leftovers(folder: Path) -> None:
    """Remove what an interrupted build left: tdagdoc's temporary names, nothing else."""
    for entry in folder.iterdir():
        if _STAGING.match(entry.name) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        elif _TEMP_FILE.match(entry.name) and entry.is_file() and not entry.is_symlink():
            entry.unlink(missing_ok=True)


def _stage(files: Mapping[str, bytes], out: Path) -> Path:
    """The files written into a new temporary folder inside ``out``."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=".tdagdoc-", suffix=".tmp", dir=out))
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    try:
        for name, data in files.items():
            path = staging / name
            try:
                with path.open("wb") as fp:
                    fp.write(data)
                    fp.flush()
                    os.fsync(fp.fileno())
                os.chmod(path, 0o644)
            except OSError as exc:
                raise _cannot_write(out / name, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _move_in(staging: Path, out: Path, names: list[str]) -> list[Path]:
    """Move the staged files into place; on failure put back what was there."""
    moved: list[tuple[Path, Path | None]] = []
    try:
        for name in names:
            target = out / name
            backup = None
            if target.exists():
                backup = staging / f".previous-{name}"
                os.replace(target, backup)
            moved.append((target, backup))
            os.replace(staging / name, target)
    except OSError as exc:
        for target, backup in reversed(moved):
            if backup is not None and backup.exists():
                os.replace(backup, target)
            elif backup is None:
                target.unlink(missing_ok=True)
        raise _cannot_write(out / name, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in names]


def _cannot_write(path: Path, exc: OSError) -> TdagdocError:
    return TdagdocError(f"cannot write {path}: {exc.strerror or exc}; nothing was written")


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

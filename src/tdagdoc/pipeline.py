"""Data to saved documents: the one build path of every kind of document.

A report (:func:`build`) and a Markdown contribution
(:func:`tdagdoc.contribution.build`) differ only in how a language's blocks
are made; the rest is here, once: the options they take (:class:`Options`),
the template folder's checks, the strict refusal, the writer
(:func:`write`), every language built before any file is written
(:func:`build_all`, through a :class:`Kind`), PDF and the all-or-nothing save
(:func:`save_all`).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from tdagdoc import blocks as b
from tdagdoc import figures as figures_mod
from tdagdoc.document import overrides
from tdagdoc.document.narrative import Source, build_document
from tdagdoc.docx.writer import Writer
from tdagdoc.errors import DataError, Problem, TdagdocError
from tdagdoc.figures import Figures
from tdagdoc.input import images
from tdagdoc.input.models import DocumentMeta, Report
from tdagdoc.l10n.labels import ONLY
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.l10n.translations import translations
from tdagdoc.languages import Lang, get_lang


class Progress(Protocol):
    """What :func:`build_all` tells a progress display (the command line's bar): the
    units of work, what is being built, the units done."""

    def add(self, units: int) -> None: ...

    def describe(self, label: str) -> None: ...

    def advance(self, units: int = 1) -> None: ...


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


@dataclass(frozen=True)
class Options:
    """What every kind of document is built with (the command line's shared flags).

    ``templates`` is a directory whose templates override the shipped ones
    (they run sandboxed; a file that overrides nothing and that no template
    uses is refused); ``logo_alt`` describes the logo to a screen reader (the
    group's name when empty); ``strict`` refuses any text that would print in
    the original language instead of the document's (else it is a warning of
    :attr:`Built.warnings`).
    """

    reference_doc: Path | None = None
    templates: Path | None = None
    logo: bytes | None = None
    logo_alt: str = ""
    strict: bool = False
    only: bool = False
    """Mark the document as issued in its original language only ("English only",
    in place of "Original: English"): :func:`build_all` sets it when asked to."""

    def checked(self) -> Options:
        """The options with the template folder and the logo checked (the logo once: the
        check is cached), for callers of the API who did not go through the command line."""
        if self.templates is not None:
            if not self.templates.is_dir():
                # Else the loader would quietly fall back to the shipped templates.
                raise TdagdocError(f"no template directory at {self.templates}")
            overrides.check_names(self.templates)
        if self.logo is not None:
            return replace(self, logo=images.check(self.logo, "the logo").data)
        return self

    def source(self, loc: Localizer) -> tuple[Source, list[Problem]]:
        """Where templates come from, and the sentences of the user's own that ``loc``'s
        catalog lacks (they print in English)."""
        if self.templates is None:
            return Source(), []
        return (Source(self.templates),
                overrides.untranslated(self.templates, loc.catalog, loc.lang.code))


def options(reference_doc: str | Path | None = None, templates: str | Path | None = None,
            logo: bytes | None = None, logo_alt: str = "", strict: bool = False) -> Options:
    """:class:`Options` from the API's keyword arguments, checked."""
    return Options(Path(reference_doc) if reference_doc else None,
                   Path(templates) if templates is not None else None,
                   logo, logo_alt, strict).checked()


def file_stem(meta: Report | DocumentMeta, lang: Lang, number: str | None = None) -> str:
    """The file name without extension: ``TDAG-25-7-E``, ``TDAG-25-7(Rev.1)-E``.

    >>> from tdagdoc.languages import get_lang
    >>> from tdagdoc.input.sources import load
    >>> from tdagdoc.resources import data_dir
    >>> report = load(data_dir("templates").parent / "examples" / "partnerships-2024.yaml")
    >>> file_stem(report, get_lang("ru"))
    'TDAG-25-7-R'
    """
    meta = meta.document if isinstance(meta, Report) else meta
    return meta.document_number(lang, number).replace("/", "-")


def write(document: b.Document, stem: str, options: Options, missing: Sequence[Problem],
          refused: Sequence[Problem] | None = None,
          on_rows: Callable[[int], None] | None = None) -> Built:
    """One language's blocks written as a ``.docx``: the step every kind ends with.

    ``missing`` are the texts that fell back to the original: warnings, or with
    ``options.strict`` a :class:`DataError` listing ``refused`` (or ``missing``).
    """
    if options.strict and missing:
        raise DataError(_unique([*(missing if refused is None else refused)]))
    writer = Writer(options.reference_doc)
    data = writer.write(document, on_rows)
    return Built(document.meta.lang, f"{stem}.docx", data,
                 tuple(_unique([*writer.warnings, *missing])))


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
    streams their rows into the saved file. The other options are those of
    :class:`Options`; ``strict`` refuses data texts missing in ``lang`` and
    sentences of user templates its catalog lacks. ``figures`` saves
    computing them again for each language of a big report; ``on_rows`` is called
    with the number of rows of long tables written, as they are written (the
    command line's progress bar).
    """
    opts = options(reference_doc, templates, logo, logo_alt, strict)
    return build_report(report, get_lang(lang) if isinstance(lang, str) else lang, opts,
                        inf=inf, figures=figures, on_rows=on_rows)


def build_report(report: Report, lang: Lang, options: Options, *, inf: bool = False,
                 figures: Figures | None = None,
                 on_rows: Callable[[int], None] | None = None) -> Built:
    """:func:`build` with checked :class:`Options`."""
    number = _inf_number(report) if inf else None
    loc = Localizer(lang, translations(lang), report.outcomes)
    source, untranslated = options.source(loc)
    if figures is None:
        figures = figures_mod.compute(report)
    template = "inf.xml.j2" if inf else "report.xml.j2"
    document = build_document(report, figures, loc, source, template, logo=options.logo,
                              number=number, logo_alt=options.logo_alt)
    built = write(document, file_stem(report, lang, number), options,
                  [*untranslated, *loc.missing], [*untranslated, *loc.absent()], on_rows)
    if report.outcomes.unconfirmed:
        note = Problem(f"framework {report.outcomes.id}", "", report.outcomes.unconfirmed)
        built = dataclasses.replace(built, warnings=(*built.warnings, note))
    return built


def _inf_number(report: Report) -> str:
    number = report.document.inf_document
    if number is None:
        raise TdagdocError("the data gives no document.inf_document: the INF document "
                           "needs its number (e.g. TDAG-25/INF/1)")
    return number


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


class Untranslated(DataError):
    """A language whose translation is missing or incomplete: its document is not made,
    for a document with the F, A or C symbol cannot carry English text. The problems
    list every text without a translation, at its file and line."""

    def __init__(self, lang: Lang, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.lang = lang


# --- every language, then the files ----------------------------------------------------------


class Kind(Protocol):
    """What one kind of document plugs into :func:`build_all`."""

    @property
    def original(self) -> Lang:
        """The language the document is written in."""
        ...

    def stems(self, lang: Lang) -> list[str]:
        """The file stems a language gets, in order (``TDAG-25-7-E``, ``TDAG-25-INF-1-E``)."""
        ...

    def rows(self) -> int:
        """The long tables' rows a language streams (what the progress bar counts)."""
        ...

    def build(self, lang: Lang, options: Options,
              on_rows: Callable[[int], None] | None) -> list[Built]:
        """The language's documents, or a :class:`DataError`."""
        ...

    def place(self, problems: list[Problem]) -> list[Problem]:
        """Problems put at their file and line (a data text's own row, sheet...)."""
        ...


@dataclass
class ReportKind:
    """A partnership report, and with ``inf`` its information document."""

    report: Report
    inf: bool = False
    where: Callable[[list[Problem]], list[Problem]] = lambda problems: problems
    figures: Figures | None = None

    @property
    def original(self) -> Lang:
        return get_lang(self.report.document.original_language)

    def __post_init__(self) -> None:
        if self.inf:
            _inf_number(self.report)  # before any work
        self.figures = self.figures or figures_mod.compute(self.report)

    def numbers(self) -> list[str | None]:
        return [None, self.report.document.inf_document] if self.inf else [None]

    def stems(self, lang: Lang) -> list[str]:
        return [file_stem(self.report, lang, n) for n in self.numbers()]

    def rows(self) -> int:
        f = self.figures
        return f.agreements + len(f.financial_partners) if self.inf and f else 0

    def build(self, lang: Lang, options: Options,
              on_rows: Callable[[int], None] | None) -> list[Built]:
        return [build_report(self.report, lang, options, inf=n is not None,
                             figures=self.figures, on_rows=on_rows) for n in self.numbers()]

    def place(self, problems: list[Problem]) -> list[Problem]:
        return self.where(problems)


class NothingBuilt(TdagdocError):
    """No language asked for could be built: the notes say why, language by language."""

    def __init__(self, notes: list[str]) -> None:
        self.notes = notes
        super().__init__("nothing to build:\n  " + "\n  ".join(notes))


@dataclass(frozen=True)
class Outcome:
    """What :func:`build_all` made, and the notes on the languages it left out."""

    built: list[Built]
    notes: list[str]


def build_all(kind: Kind, langs: Sequence[Lang], options: Options,
              bar: Progress | None = None, *, original_only: bool = False) -> Outcome:
    """Every language's documents, in memory; every language's problems at once.

    A language without a (complete) translation is left out with a note, or with
    ``options.strict`` refused, listing every untranslated text. With
    ``original_only``, when no language but the original could be made, the
    original's document is made marked "English only" (ITU's notice for a document
    issued in one language), standing for the languages left out.
    Nothing is written here: :func:`files` and :func:`save_all` write the set
    only once every document is made.
    """
    if bar is not None:
        bar.add(sum(len(kind.stems(lang)) for lang in langs) + len(langs) * kind.rows())
    built: list[Built] = []
    problems: list[Problem] = []
    left_out: list[Untranslated] = []
    for lang in langs:
        if bar is not None:
            bar.describe(f"building {', '.join(kind.stems(lang))}")
        try:
            built.extend(kind.build(lang, options, bar.advance if bar else None))
        except Untranslated as exc:
            left_out.append(exc)
        except DataError as exc:
            problems.extend(exc.problems)
        if bar is not None:
            bar.advance(len(kind.stems(lang)))
    if problems:
        raise DataError(kind.place(_unique(problems)))
    if not left_out:
        return Outcome(built, [])
    original = kind.original
    codes = ", ".join(exc.lang.code for exc in left_out)
    translated = [d for d in built if d.lang != original]
    if original_only and not translated:
        only = kind.build(original, replace(options, only=True), None)
        built = [d for d in built if d.lang != original]
        return Outcome([*only, *built], [
            f"{codes}: no translation; {', '.join(d.filename for d in only)} is marked "
            f"\"{ONLY[original.code]}\" and stands for them"])
    notes = [f"{exc.lang.code}: not built: {exc.problems[0]}" if len(exc.problems) == 1 else
             f"{exc.lang.code}: not built: {len(exc.problems)} texts without a translation "
             f"(first: {exc.problems[0]})" for exc in left_out]
    if original_only:
        done = sorted({d.lang.code for d in translated})
        notes.append(f"{codes}: the {original.code} document is not marked "
                     f"\"{ONLY[original.code]}\": {', '.join(done)} "
                     f"{'is' if len(done) == 1 else 'are'} translated")
    if not built:
        raise NothingBuilt(notes)
    return Outcome(built, notes)


def files(built: Sequence[Built], pdfs: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """The set to save: each document in build order, its PDF (if made) after it."""
    out: dict[str, bytes] = {}
    for doc in built:
        out[doc.filename] = doc.data
        name = f"{Path(doc.filename).stem}.pdf"
        if pdfs and name in pdfs:
            out[name] = pdfs[name]
    return out


def warnings(kind: Kind, built: Sequence[Built]) -> list[Problem]:
    """Every document's warnings, each once (a reference document's come with every one)."""
    return kind.place(_unique([w for d in built for w in d.warnings]))


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

"""Markdown contributions to saved documents: load, build, extract, new.

Any ITU-D contribution, written as Markdown with a YAML front matter
(:mod:`tdagdoc.input.contribution`), gets the partnership report's layout in
the six languages: the same header block, summary box, numbered sections,
footnotes, tables, charts and contact box, through the same writer::

    from tdagdoc import contribution
    c = contribution.load("contribution.md")
    for lang in ("en", "fr"):
        tdagdoc.save(contribution.build(c, lang), "out")

A language's text comes from its own file (``contribution.fr.md``), from a
gettext catalog of the original's paragraphs (``fr.po``, started from the
``.pot`` that :func:`extract` writes), or, failing both, from the original
with a warning (an error when ``strict``).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.document import datafiles, revisions
from tdagdoc.document import markdown as mdconv
from tdagdoc.document.narrative import Source, build_document
from tdagdoc.docx.writer import Writer
from tdagdoc.errors import DataError, Problem, TdagdocError
from tdagdoc.figures import compute
from tdagdoc.input.contribution import (
    LIST_TEXT_FIELDS,
    TEXT_FIELDS,
    Contribution,
    load,
)
from tdagdoc.input.models import DocumentMeta, Localized, Report, xml_safe
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.l10n.translations import translations
from tdagdoc.languages import LANGUAGE_CODES, Lang, get_lang
from tdagdoc.pipeline import Built, file_stem

__all__ = ["Contribution", "build", "extract", "load", "new", "read_catalog"]

DEFAULT_ACTION = "TDAG is invited to take note of this document and to provide guidance as " \
                 "appropriate."
"""The action required when the front matter gives none (a sentence of tdagdoc's catalog)."""


class _Texts:
    """Where one language's texts come from, and what fell back to the original."""

    def __init__(self, c: Contribution, lang: Lang) -> None:
        self.c, self.lang = c, lang
        self.catalog = (read_catalog(c.catalogs[lang.code], lang.code)
                        if lang.code in c.catalogs else None)
        self.missing: list[Problem] = []
        self.used: set[str] = set()

    @property
    def translated(self) -> bool:
        """The language has a text of its own: the original's, a translated file, a catalog."""
        return self.own or self.catalog is not None

    @property
    def own(self) -> bool:
        """The language is the original's, or has its own translated file."""
        return self.lang.code == self.c.original or self.lang.code in self.c.translations

    def lookup(self, source: str, place: str) -> str | None:
        """A paragraph's translation (Markdown), None to keep the source as it is."""
        source = mdconv.key(source)
        if self.own or not source:
            return None
        found = self.catalog.get(source) if self.catalog is not None else None
        self.used.add(source)
        if found is None and self.catalog is not None:
            self.missing.append(Problem(place, "", f"no {self.lang.code} translation of "
                                        f"{_short(source)} in {self.c.catalogs[self.lang.code]}"
                                        "; the original text used"))
        return found

    def text(self, source: str, place: str) -> str:
        """A plain text (caption, heading, data cell) in the language, or the source."""
        found = self.lookup(source, place)
        return source if found is None else found

    def field(self, path: str) -> str:
        """A front matter text in the language, from the front matter or the catalog."""
        given = self.c.texts.get(path, {})
        if self.lang.code in given:
            return given[self.lang.code]
        source = given[self.c.original] if self.c.original in given else given.get("en", "")
        if self.lang.code in self.c.translations:  # its file lacks the key
            self.missing.append(Problem(str(self.c.translations[self.lang.code].path), path,
                                        f"no {self.lang.code} text; the original used"))
            return source
        return self.text(source, self.c.page.field_at(path))


def build(
    c: Contribution,
    lang: str | Lang = "en",
    *,
    reference_doc: str | Path | None = None,
    logo: bytes | None = None,
    strict: bool = False,
) -> Built:
    """Build one language's document of a loaded contribution.

    ``strict`` refuses any text that falls back to the original; otherwise
    each such text is a warning of the returned :class:`~tdagdoc.pipeline.Built`.
    A revision with a ``previous`` version shows its changes as tracked changes
    (:mod:`tdagdoc.document.revisions`).
    """
    lang = get_lang(lang) if isinstance(lang, str) else lang
    document, warnings = _document(c, lang, logo)
    if c.meta.revision is not None:
        document = _revised(c, lang, document, warnings)
    if strict and warnings:
        raise DataError(warnings)
    data = Writer(Path(reference_doc) if reference_doc else None).write(document)
    return Built(lang, f"{file_stem(Report(year=c.meta.date.year, document=c.meta), lang)}.docx",
                 data, tuple(dict.fromkeys(warnings)))


def _revised(c: Contribution, lang: Lang, document: b.Document, warnings: list[Problem]
             ) -> b.Document:
    """The revision with its changes since the previous version tracked, when it can
    be compared in this language; else the clean copy, with a warning saying why."""
    if c.previous is None:
        warnings.append(Problem(c.page.field_at("revision"), "revision", "no previous "
                                "version given (previous: its file): a clean copy, without "
                                "tracked changes"))
        return document
    if _Texts(c, lang).translated and not _Texts(c.previous, lang).translated:
        warnings.append(Problem(str(c.previous.path), "", f"has no {lang.code} translation: "
                                f"the {lang.code} revision is a clean copy, without tracked "
                                "changes"))
        return document
    before, _ = _document(c.previous, lang, None)
    return b.Document(document.meta, revisions.compare(before.blocks, document.blocks))


def _document(c: Contribution, lang: Lang, logo: bytes | None
              ) -> tuple[b.Document, list[Problem]]:
    """One language's blocks of a contribution, and the texts that fell back to the original."""
    texts = _Texts(c, lang)
    warnings: list[Problem] = []
    if not texts.own and texts.catalog is None:
        warnings.append(Problem(str(c.path), "", f"no {lang.code} translation (neither "
                                f"{c.path.stem}.{lang.code}.md nor {lang.code}.po): the "
                                "original text used"))
    page = c.translations.get(lang.code, c.page)
    loc = Localizer(lang, translations(lang))
    problems: list[Problem] = []
    numbering = datafiles.Numbering()
    maker = datafiles.Maker(c.folder, loc, texts.text, numbering)
    conv = mdconv.Converter(loc, c.folder, page.at, texts.lookup, maker, numbering=numbering)
    try:
        body = conv.convert(page.body)
    except DataError as exc:
        problems.extend(exc.problems)
        body = []
    summary = _summary(c, texts, loc, conv)
    problems.extend(conv.problems)
    if problems:
        raise DataError(problems)

    meta = _localized_meta(c, texts)
    report = Report(year=meta.date.year, document=meta)
    frame = build_document(report, compute(report), loc, Source(), "contribution.xml.j2",
                           logo=logo)
    head_end = next(i for i, blk in enumerate(frame.blocks)
                    if isinstance(blk, b.Paragraph) and blk.style == styles.TITLE) + 1
    blocks = (*frame.blocks[:head_end], summary, *body, *frame.blocks[head_end:])
    document = b.Document(frame.meta, blocks)
    warnings.extend(texts.missing)
    stale = [k for k in texts.catalog or {} if k not in texts.used]
    if stale:  # the original changed after extraction: time to extract and merge again
        warnings.append(Problem(str(c.catalogs[lang.code]), "", f"{len(stale)} translation"
                                f"{'s match' if len(stale) != 1 else ' matches'} no text of "
                                f"{c.path.name} (first: {_short(stale[0])}); extract the "
                                ".pot again and merge it into the catalog"))
    return document, warnings


def _summary(c: Contribution, texts: _Texts, loc: Localizer,
             conv: mdconv.Converter) -> b.SummaryBox:
    """The boxed Summary / Action required / References, their texts read as Markdown."""
    def paras(path: str) -> tuple[b.Paragraph, ...]:
        text = texts.field(path)
        return tuple(p for chunk in text.split("\n\n") if chunk.strip()
                     for p in conv.paragraphs(chunk, c.page.field_at(path)))

    action = (paras("action_required") if "action_required" in c.texts
              else (b.Paragraph((b.Text(loc._(DEFAULT_ACTION)),)),))
    parts = [(loc._("Summary"), paras("summary")), (loc._("Action required"), action)]
    refs = tuple(p for i in range(len(c.meta.references)) for p in paras(f"references[{i}]"))
    if refs:
        parts.append((loc._("References"), refs))
    return b.SummaryBox(tuple(parts))


def _localized_meta(c: Contribution, texts: _Texts) -> DocumentMeta:
    """The document fields with each text already in the language (for the header)."""
    def loc_text(path: str) -> Localized:
        value = texts.field(path)
        return Localized(**{code: value for code in LANGUAGE_CODES})

    meta = c.meta
    meeting = meta.meeting.model_copy(update={"city": loc_text("meeting.city"),
                                              "country": loc_text("meeting.country")})
    contact = meta.contact.model_copy(update={"name": loc_text("contact.name"),
                                              "post": loc_text("contact.post")})
    fields = {name: getattr(meta, name) for name in DocumentMeta.model_fields}
    fields.update(meeting=meeting, contact=contact, source=loc_text("source"),
                  title=loc_text("title"))
    return DocumentMeta.model_construct(**fields)


# --- catalogs ------------------------------------------------------------------------------


def read_catalog(path: Path, lang: str | None = None) -> dict[str, str]:
    """A translator's ``.po`` as msgid -> translation (untranslated and fuzzy left out).

    With ``lang``, a catalog whose ``Language`` header names another language
    (a Russian catalog saved as ``fr.po``) is refused.
    """
    try:
        with path.open("rb") as fp:
            catalog = read_po(fp, abort_invalid=True)
    except OSError as exc:
        raise TdagdocError(f"cannot read {path}: {exc.strerror or exc}") from None
    except Exception as exc:  # babel's PoFileError and decoding errors
        raise DataError([Problem(str(path), "", f"is not a readable PO catalog: {exc}")]) \
            from None
    out: dict[str, str] = {}
    problems = []
    if lang is not None and catalog.locale is not None and catalog.locale.language != lang:
        problems.append(Problem(str(path), "Language", f"the catalog is in "
                                f"{catalog.locale.language!r}, not {lang!r}"))
    for m in catalog:
        if not (m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
                and not m.fuzzy):
            continue
        try:
            out[m.id] = xml_safe(m.string)
        except ValueError as exc:
            problems.append(Problem(f"{path}:{m.lineno}", "", str(exc)))
    if problems:
        raise DataError(problems)
    return out


def extract(c: Contribution) -> bytes:
    """The ``.pot`` of a contribution: its front matter texts, paragraphs and cells.

    Each message is one whole paragraph (or heading, list item, cell, footnote,
    caption) as Markdown, located at its line, so a translator sees
    ``[^1]`` and ``[links](https://…)`` and keeps them.
    """
    catalog = Catalog(project=c.meta.number, version=c.meta.date.isoformat(),
                      copyright_holder="ITU", charset="utf-8", fuzzy=False,
                      creation_date=dt.datetime.combine(c.meta.date, dt.time(0)),
                      revision_date=dt.datetime.combine(c.meta.date, dt.time(0)))
    name = c.path.name
    for path in _paths(c):
        given = c.texts.get(path, {})
        source = given.get(c.original, given.get("en"))
        if source and not set(LANGUAGE_CODES) <= set(given):  # not given in every language
            line = int(c.page.field_at(path).rsplit(":", 1)[1])
            catalog.add(mdconv.key(source), locations=[(name, line)], auto_comments=[path])
    for text, line in mdconv.units(c.page.body):
        catalog.add(text, locations=[(name, line + c.page.body_line + 1)])
    for kind, body, line in mdconv.fences(c.page.body):
        for text in datafiles.cell_texts(c.folder, kind, body, c.original):
            catalog.add(mdconv.key(text), locations=[(name, line + c.page.body_line + 1)])
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, omit_header=False, sort_output=False)
    return buf.getvalue()


def _paths(c: Contribution) -> list[str]:
    paths = [p for p in TEXT_FIELDS if p in c.texts]
    for name in LIST_TEXT_FIELDS:
        paths.extend(p for p in c.texts if p.startswith(f"{name}["))
    return paths


def _short(text: str, limit: int = 50) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


STARTER = ("contribution.md", "projects.csv")
"""The files of a new contribution (``templates/contribution-starter``)."""


def new(folder: str | Path) -> list[Path]:
    """Write a starter contribution into ``folder``: it builds as it is, in six languages.

    It shows each construct once (header fields, summary, numbered sections,
    a footnote, a list, a table and a chart from a CSV file, an annex); an
    existing file is never overwritten.
    """
    from tdagdoc.pipeline import write_atomic
    from tdagdoc.resources import templates_dir

    out = Path(folder)
    existing = [out / n for n in STARTER if (out / n).exists()]
    if existing:
        raise TdagdocError(f"{existing[0]} exists already; choose an empty folder")
    out.mkdir(parents=True, exist_ok=True)
    source = templates_dir() / "contribution-starter"
    return [write_atomic(out / n, (source / n).read_bytes()) for n in STARTER]

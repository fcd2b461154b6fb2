"""Markdown contributions to saved documents: load, build, extract, new.

Any ITU-D contribution, written as Markdown with a YAML front matter
(:mod:`tdagdoc.input.contribution`), gets the partnership report's layout in
the six languages: the same header block, summary box, numbered sections,
footnotes, tables, charts and contact box, through the same writer::

    from tdagdoc import contribution
    c = contribution.load("contribution.md")
    for lang in ("en", "fr"):
        tdagdoc.save(contribution.build(c, lang), "out")

A language's text comes from its own file (``contribution.fr.md``) or from a
gettext catalog of the original's paragraphs (``fr.po``, started from the
``.pot`` that :func:`extract` writes). A language whose translation is missing
or incomplete is never built half in English: :func:`build` raises
:class:`~tdagdoc.pipeline.Untranslated` listing every untranslated text (with
``strict``, a plain :class:`~tdagdoc.errors.DataError`), and
:func:`tdagdoc.pipeline.build_all` leaves the language out with a note, or
issues the original alone marked "English only".
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from tdagdoc import blocks as b
from tdagdoc import pipeline, styles
from tdagdoc.document import datafiles, revisions
from tdagdoc.document import markdown as mdconv
from tdagdoc.document.narrative import build_frame
from tdagdoc.errors import DataError, Problem, TdagdocError
from tdagdoc.input import document_numbers
from tdagdoc.input.contribution import Contribution, load, text_paths
from tdagdoc.input.document_numbers import Body
from tdagdoc.input.models import DocumentMeta, Localized, xml_safe
from tdagdoc.l10n.labels import N_
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.l10n.translations import read_catalog as read_po_catalog
from tdagdoc.l10n.translations import translations
from tdagdoc.languages import LANGUAGE_CODES, Lang, get_lang
from tdagdoc.pipeline import Built

__all__ = ["Contribution", "build", "extract", "load", "new", "read_catalog"]

DEFAULT_ACTION = "TDAG is invited to take note of this document and to provide guidance as " \
                 "appropriate."
"""The action required of a TDAG document whose front matter gives none (a sentence of
tdagdoc's catalog, which the report says too)."""
DEFAULT_ACTIONS: dict[Body, str] = {
    Body.TDAG: DEFAULT_ACTION,
    Body.STUDY_GROUP: N_("The meeting is invited to consider this contribution."),
    Body.RAPPORTEUR_GROUPS: N_("The meeting is invited to consider this contribution."),
    Body.WTDC: N_("The conference is invited to take note of this document."),
    Body.RPM: N_("The meeting is invited to take note of this document."),
}
"""The action required by default, by the body the number names: a study group's
contribution is not put to TDAG."""


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
                                        f"{_short(source)} in {self.c.catalogs[self.lang.code]}"))
        return found

    def cell(self, source: str, file: str, column: str) -> str:
        """A data file's text cell in the language: from the catalog, or (a translated
        file has none) noted as untranslated: its own column is what gives it."""
        if self.lang.code == self.c.original or source == "" or not (
                self.own or self.catalog is not None):  # no translation at all: said once
            return source
        if self.catalog is not None:
            return self.text(source, file)
        self.missing.append(Problem(file, column, f"no {self.lang.code} text for "
                                    f"{_short(source)}: add a column {column}_"
                                    f"{self.lang.code}"))
        return source

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
                                        f"no {self.lang.code} text"))
            return source
        return self.text(source, self.c.page.field_at(path))


def build(
    c: Contribution,
    lang: str | Lang = "en",
    *,
    reference_doc: str | Path | None = None,
    templates: str | Path | None = None,
    logo: bytes | None = None,
    logo_alt: str = "",
    strict: bool = False,
) -> Built:
    """Build one language's document of a loaded contribution.

    The options are the report's (:class:`~tdagdoc.pipeline.Options`):
    ``templates`` may override the frame (``contribution.xml.j2``,
    ``_header.xml.j2``, ``_contact.xml.j2``); ``strict`` refuses any text that
    falls back to the original; otherwise each such text is a warning of the
    returned :class:`~tdagdoc.pipeline.Built`.
    """
    opts = pipeline.options(reference_doc, templates, logo, logo_alt, strict)
    return build_contribution(c, get_lang(lang) if isinstance(lang, str) else lang, opts)


def build_contribution(c: Contribution, lang: Lang, options: pipeline.Options) -> Built:
    """:func:`build` with checked options: the body's blocks inside the template's frame.

    A revision with a ``previous`` version shows its changes as tracked changes
    (:mod:`tdagdoc.document.revisions`).
    """
    texts = _Texts(c, lang)
    if options.only:  # the original, marked as issued in its language only
        texts, lang = _Texts(c, get_lang(c.original)), get_lang(c.original)
    warnings: list[Problem] = []
    document, meta, untranslated = _document(c, lang, texts, options)
    stale = [k for k in texts.catalog or {} if k not in texts.used]
    if stale:  # the original changed after extraction: time to extract and merge again
        warnings.append(Problem(str(c.catalogs[lang.code]), "", f"{len(stale)} translation"
                                f"{'s match' if len(stale) != 1 else ' matches'} no text of "
                                f"{c.path.name} (first: {_short(stale[0])}); extract the "
                                ".pot again and merge it into the catalog"))
    if texts.missing and not options.strict:
        # Never half-translated: the language is left out (or stood for by the original).
        raise pipeline.Untranslated(lang, list(dict.fromkeys([*texts.missing, *warnings])))
    if c.meta.revision is not None:
        document = _revised(c, lang, document, warnings, options)
    warnings = [*untranslated, *texts.missing, *warnings]
    return pipeline.write(document, pipeline.file_stem(meta, lang), options, warnings)


def _revised(c: Contribution, lang: Lang, document: b.Document, warnings: list[Problem],
             options: pipeline.Options) -> b.Document:
    """The revision with its changes since the previous version tracked, when it can
    be compared in this language; else the clean copy, with a warning saying why."""
    if c.previous is None:
        warnings.append(Problem(c.page.field_at("revision"), "revision", "no previous "
                                "version given (previous: its file): a clean copy, without "
                                "tracked changes"))
        return document
    texts = _Texts(c.previous, lang)
    if _Texts(c, lang).translated and not texts.translated:
        warnings.append(Problem(str(c.previous.path), "", f"has no {lang.code} translation: "
                                f"the {lang.code} revision is a clean copy, without tracked "
                                "changes"))
        return document
    before, _, _ = _document(c.previous, lang, texts, options)
    return b.Document(document.meta, revisions.compare(before.blocks, document.blocks))


def _document(c: Contribution, lang: Lang, texts: _Texts, options: pipeline.Options
              ) -> tuple[b.Document, DocumentMeta, list[Problem]]:
    """One language's blocks of a contribution, its localized fields and what the
    template's source left untranslated; ``texts`` collects what fell back."""
    if not texts.own and texts.catalog is None:
        texts.missing.append(Problem(str(c.path), "", f"no {lang.code} translation (neither "
                                     f"{c.path.stem}.{lang.code}.md nor {lang.code}.po)"))
    page = c.translations.get(lang.code, c.page)
    loc = Localizer(lang, translations(lang))
    problems: list[Problem] = []
    numbering = datafiles.Numbering()
    maker = datafiles.Maker(c.folder, loc, texts.text, numbering, translate_cell=texts.cell)
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
    source, untranslated = options.source(loc)
    frame = build_frame(meta, loc, source, logo=options.logo, logo_alt=options.logo_alt,
                        only=options.only)
    head_end = next((i for i, blk in enumerate(frame.blocks)
                     if isinstance(blk, b.Paragraph) and blk.style == styles.TITLE), -1) + 1
    blocks = (*frame.blocks[:head_end], summary, *body, *frame.blocks[head_end:])
    return b.Document(frame.meta, blocks), meta, untranslated


@dataclass
class ContributionKind:
    """A contribution as :func:`tdagdoc.pipeline.build_all` builds it: one document a
    language, its problems already at their file and line."""

    c: Contribution

    @property
    def original(self) -> Lang:
        return get_lang(self.c.original)

    def stems(self, lang: Lang) -> list[str]:
        return [pipeline.file_stem(self.c.meta, lang)]

    def rows(self) -> int:
        return 0

    def build(self, lang: Lang, options: pipeline.Options,
              on_rows: Callable[[int], None] | None) -> list[Built]:
        return [build_contribution(self.c, lang, options)]

    def place(self, problems: list[Problem]) -> list[Problem]:
        return problems


def _summary(c: Contribution, texts: _Texts, loc: Localizer,
             conv: mdconv.Converter) -> b.SummaryBox:
    """The boxed Summary / Action required / References, their texts read as Markdown."""
    def paras(path: str) -> tuple[b.Paragraph, ...]:
        text = texts.field(path)
        return tuple(p for chunk in text.split("\n\n") if chunk.strip()
                     for p in conv.paragraphs(chunk, c.page.field_at(path)))

    action = (paras("action_required") if "action_required" in c.texts
              else (b.Paragraph((b.Text(loc._(_default_action(c))),)),))
    parts = [(loc._("Summary"), paras("summary")), (loc._("Action required"), action)]
    refs = tuple(p for i in range(len(c.meta.references)) for p in paras(f"references[{i}]"))
    if refs:
        parts.append((loc._("References"), refs))
    return b.SummaryBox(tuple(parts))


def _default_action(c: Contribution) -> str:
    number = document_numbers.parse(c.meta.number)
    return DEFAULT_ACTIONS[number.body] if number is not None else DEFAULT_ACTION


def _localized_meta(c: Contribution, texts: _Texts) -> DocumentMeta:
    """The document fields with each text already in the language (for the header)."""
    def loc_text(path: str) -> Localized:
        value = texts.field(path)
        return Localized(**{code: value for code in LANGUAGE_CODES})

    meta = c.meta
    meeting = meta.meeting.model_copy(update={"city": loc_text("meeting.city"),
                                              "country": loc_text("meeting.country")})
    single = isinstance(c.page.front.get("contact"), dict)  # else a list of people
    contact = [person.model_copy(update={
        key: loc_text(f"contact.{key}" if single else f"contact[{i}].{key}")
        for key in ("name", "post")}) for i, person in enumerate(meta.contact)]
    return meta.model_copy(update={"meeting": meeting, "contact": contact,
                                   "source": loc_text("source"), "title": loc_text("title")})


# --- catalogs ------------------------------------------------------------------------------


def read_catalog(path: Path, lang: str | None = None) -> dict[str, str]:
    """A translator's ``.po`` as msgid -> translation (untranslated and fuzzy left out).

    Read by the one catalog reader (:func:`tdagdoc.l10n.translations.read_catalog`).
    With ``lang``, a catalog whose ``Language`` header names another language
    (a Russian catalog saved as ``fr.po``) is refused.
    """
    catalog = read_po_catalog(path)
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
    return [p for p in text_paths(c.page.front) if p in c.texts]


def _short(text: str, limit: int = 50) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


STARTER = ("contribution.md", "projects.csv")
"""The files of a new contribution (``templates/contribution-starter``)."""


def new(folder: str | Path) -> list[Path]:
    """Write a starter contribution into ``folder``: it builds as it is (in English; each
    other language once its translation is given).

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

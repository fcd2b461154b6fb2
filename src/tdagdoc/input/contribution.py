"""Markdown contributions: a YAML front matter for the header and boxes, then the text.

A contribution is ``contribution.md``::

    ---
    number: TDAG-25/12
    date: 2025-03-10
    meeting: {number: 32, city: Geneva, country: Switzerland, ...}
    source: Director, Telecommunication Development Bureau
    title: Progress report on ...
    summary: This document reports on ...
    contact: {name: ..., post: ..., phone: ..., email: ...}  # or a list of them
    ---
    # Background
    ...

The front matter holds the fields of the partnership data's ``document``
section (:class:`~tdagdoc.input.models.DocumentMeta`, with the same checks and
messages) plus the summary box's texts. A text is written in the original
language, or as a mapping of languages as in the data (``title: {en: …, fr: …}``).
Translations sit beside the original as ``contribution.fr.md`` (the same keys,
texts only) or as a gettext catalog ``fr.po``. Every problem of every file is
reported at once, at its file and line.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pydantic import Field, ValidationError

from tdagdoc.errors import DataError, Problem
from tdagdoc.input import document_numbers, images
from tdagdoc.input.checks import check_items
from tdagdoc.input.messages import error_message, error_path
from tdagdoc.input.models import DocumentMeta, Localized, Meeting, Text, xml_safe
from tdagdoc.input.parsing import parse_text
from tdagdoc.languages import LANGUAGE_CODES

MAX_BYTES = 20_000_000
"""A contribution file larger than this is refused (a document is a few hundred kB)."""

TEXT_FIELDS = ("meeting.city", "meeting.country", "source", "title", "summary",
               "action_required", "contact.name", "contact.post")
"""The front matter's texts: what a translation gives, in its own language."""
LIST_TEXT_FIELDS = ("references",)
"""Lists of texts (one paragraph each)."""
ONE_OR_MORE = ("contact",)
"""Fields that are one mapping or a list of them: their texts' paths are then
``contact[1].name``."""

_FENCE = re.compile(r"^---[ \t]*$")

MAX_NESTING = 40
"""markdown-it stops reading a file where blocks nest this deep: such a file is refused."""


def parser() -> MarkdownIt:
    """The one Markdown parser: CommonMark, tables, footnotes, block attributes, an
    image's ``{width=8cm}``, no HTML (braces after any other text stay text)."""
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING})
    md.use(footnote_plugin).use(attrs_block_plugin).use(attrs_plugin, after=("image",))
    md.enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # checked here, with a line
    return md


@dataclass(frozen=True)
class Mark:
    """One thing of a body's structure that every translation keeps, where it is."""

    what: str
    """``heading 1``, ``annex heading``, ``table``, ``table fence projects.csv``,
    ``chart fence projects.csv``, ``image sq.png``, ``footnote [^a]``,
    ``link (https://itu.int)``."""
    line: int
    """The body line (from 0) of the block that holds it."""


def structure(body: str) -> list[Mark]:
    r"""A body's structure in reading order: headings with their levels and annex marks,
    tables, data fences, images, footnote references and links.

    >>> [m.what for m in structure("# A\n\nSee [ITU](https://itu.int)[^a].\n\n[^a]: Note.")]
    ['heading 1', 'link (https://itu.int)', 'footnote [^a]']
    """
    out: list[Mark] = []
    line = 0
    for token in parser().parse(body, {}):
        if token.map:
            line = token.map[0]
        if token.type == "heading_open":
            classes = str(token.attrs.get("class", "")).split()
            kind = next((f"{c} heading" for c in ("annex", "appendix") if c in classes),
                        f"heading {token.tag[1:]}")
            out.append(Mark(kind, line))
        elif token.type == "table_open":
            out.append(Mark("table", line))
        elif token.type == "fence" and token.info.strip().split(" ")[0] in ("table", "chart"):
            spec = token.content.strip()
            name = next((row.split(":", 1)[1].strip() for row in spec.splitlines()
                         if row.startswith("file:")), "?")
            out.append(Mark(f"{token.info.strip().split(' ')[0]} fence {name}", line))
        for child in token.children or []:
            if child.type == "footnote_ref":
                out.append(Mark(f"footnote [^{child.meta.get('label')}]", line))
            elif child.type == "link_open":
                out.append(Mark(f"link ({child.attrs.get('href')})", line))
            elif child.type == "image":
                out.append(Mark(f"image {child.attrs.get('src')}", line))
    return out


def token_marks(children: list[Token]) -> list[str]:
    """The footnotes and links of a paragraph, in sorted order: what a translation keeps."""
    out = [f"[^{c.meta.get('label')}]" for c in children if c.type == "footnote_ref"]
    out += [f"({c.attrs.get('href')})" for c in children if c.type == "link_open"]
    return sorted(out)




class ContributionMeeting(Meeting):
    """The meeting, whose ordinal only TDAG and study group meetings have (checked by
    :func:`~tdagdoc.input.document_numbers.problems`, which knows the number)."""

    # Optional here, required by the number's body: the override is the point.
    number: int | None = Field(  # type: ignore[assignment]
        default=None, ge=1, le=999, description="ordinal of the meeting, e.g. 32")


class ContributionMeta(DocumentMeta):
    """The front matter: the partnership data's document fields and the summary box.

    The number is any ITU-D document number (:mod:`~tdagdoc.input.document_numbers`:
    TDAG, a study group or its rapporteur groups, WTDC, a regional preparatory
    meeting), checked there with the Questions a study group contribution answers.
    """

    number: Text
    meeting: ContributionMeeting
    questions: list[Text] = Field(default_factory=list)
    summary: Localized
    action_required: Localized | None = None
    references: list[Localized] = Field(default_factory=list)
    previous: str | None = None
    """The previous version's Markdown file, in the folder: a revision marks its changes."""


@dataclass(frozen=True)
class Page:
    """One Markdown file as read: its front matter, its body and where things are."""

    path: Path
    front: dict[str, Any]
    body: str
    body_line: int
    """The number (from 0) of the file line where the body starts: body line + this = file line."""
    lines: dict[str, int] = field(default_factory=dict)
    """Front matter field path (``contact.email``, ``references[1]``) -> file line (from 1)."""

    @property
    def name(self) -> str:
        return str(self.path)

    def at(self, body_line: int) -> str:
        """``contribution.md:12``, the place of a line of the body (from 0)."""
        return f"{self.name}:{body_line + self.body_line + 1}"

    def field_at(self, path: str) -> str:
        """``contribution.md:4``: the line of a front matter field, or of its nearest parent."""
        while path:
            if path in self.lines:
                return f"{self.name}:{self.lines[path]}"
            path = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path) if re.search(r"[.\[]", path) else ""
        return f"{self.name}:1"


@dataclass(frozen=True)
class Contribution:
    """A checked contribution: metadata, texts per language and the files that give them."""

    meta: ContributionMeta
    page: Page
    texts: dict[str, dict[str, str]]
    """Front matter text path -> language -> text, as written (no fallback here)."""
    translations: dict[str, Page]
    """Language -> its translated file (``contribution.fr.md``)."""
    catalogs: dict[str, Path]
    """Language -> its gettext catalog (``fr.po``)."""
    previous: Contribution | None = None
    """The version a revision changes (front matter ``previous``), with its translations."""

    @property
    def path(self) -> Path:
        return self.page.path

    @property
    def folder(self) -> Path:
        """The contribution's folder: images and data files must be inside it."""
        return self.page.path.resolve().parent

    @property
    def original(self) -> str:
        return self.meta.original_language


def load(path: str | Path) -> Contribution:
    """Read and check a contribution and the translations beside it.

    Raises :class:`~tdagdoc.errors.DataError` listing every problem of every file.
    """
    return _load(Path(path), follow=True)


def _load(path: Path, follow: bool) -> Contribution:
    """:func:`load`; ``follow`` reads the previous version a revision names (not the one
    that version names in turn: a revision is compared with one version only)."""
    problems: list[Problem] = []
    page = read_page(path, problems)
    if page is None:
        raise DataError(problems)
    meta, texts = _check_front(page, problems)
    translations: dict[str, Page] = {}
    catalogs: dict[str, Path] = {}
    for code in LANGUAGE_CODES:
        md = path.with_name(f"{path.stem}.{code}.md")
        pos = [p for p in (path.with_name(f"{path.stem}.{code}.po"), path.with_name(f"{code}.po"))
               if p.is_file()]
        if len(pos) > 1:
            problems.append(Problem(str(pos[1]), "", f"two catalogs for {code}: keep one of "
                                    f"{pos[0].name} and {pos[1].name}"))
        if md.is_file():
            if pos:
                problems.append(Problem(str(md), "", f"{code} is given both by this file and "
                                        f"by the catalog {pos[0].name}: keep one"))
            translated = read_page(md, problems)
            if translated is not None:
                translations[code] = translated
                if meta is not None:
                    _check_translation(page, translated, code, texts, problems)
                problems.extend(_compare(page, translated))
        elif pos:
            catalogs[code] = pos[0]
    previous = _previous(page, meta, problems) if follow and meta is not None else None
    if problems or meta is None:
        raise DataError(problems)
    return Contribution(meta, page, texts, translations, catalogs, previous)


def _previous(page: Page, meta: ContributionMeta, problems: list[Problem]
              ) -> Contribution | None:
    """The previous version a revision names, read as untrusted as the revision itself:
    a Markdown file inside the contribution's folder, of the same document, earlier."""
    if meta.previous is None:
        return None
    where = page.field_at("previous")
    if meta.revision is None:
        problems.append(Problem(where, "previous", "only a revision is compared with its "
                                "previous version: give revision: N too"))
        return None
    path, why = confined(page.path.resolve().parent, meta.previous)
    if path is None:
        problems.append(Problem(where, "previous", why))
        return None
    if path == page.path.resolve():
        problems.append(Problem(where, "previous", "names this file itself"))
        return None
    try:
        previous = _load(path, follow=False)
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    if previous.meta.number != meta.number:
        problems.append(Problem(where, "previous", f"{meta.previous} is document "
                                f"{previous.meta.number}, not {meta.number}"))
    elif (previous.meta.revision or 0) >= meta.revision:
        problems.append(Problem(where, "previous", f"{meta.previous} is revision "
                                f"{previous.meta.revision}, not one before {meta.revision}"))
    return previous


def _compare(original: Page, translated: Page) -> list[Problem]:
    """A translated file has the original's structure: the same headings at the same
    levels, annexes, tables, data fences, images, footnotes and links, in the same order;
    each difference is reported at its line in the translation (and the original's)."""
    mine, theirs = structure(translated.body), structure(original.body)
    ops = difflib.SequenceMatcher(None, [m.what for m in theirs], [m.what for m in mine],
                                  autojunk=False).get_opcodes()
    out: list[Problem] = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        if j1 < len(mine):  # at the translation's mark that differs, or follows the gap
            where = translated.at(mine[j1].line)
        else:  # the translation ends before the original's mark
            where = translated.at(mine[-1].line) if mine else f"{translated.name}:1"
        lost = ", ".join(m.what for m in theirs[i1:i2])
        extra = ", ".join(m.what for m in mine[j1:j2])
        at = original.at(theirs[i1].line) if i1 < len(theirs) else original.name
        if op == "replace":
            message = f"has {extra} where the original ({at}) has {lost}"
        elif op == "delete":
            message = f"lacks the original's {lost} ({at})"
        else:
            message = f"adds {extra}, which the original does not have"
        out.append(Problem(where, "", f"{message}: a translation keeps the original's "
                           "headings and their levels, annexes, tables, charts, images, "
                           "footnotes and links"))
    return out


def read_page(path: Path, problems: list[Problem]) -> Page | None:
    """Split a Markdown file into its front matter (parsed) and body; None if unreadable."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            problems.append(Problem(name, "", f"is {size:,} bytes; a contribution is at most "
                                    f"{MAX_BYTES:,}"))
            return None
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        problems.append(Problem(name, "", "no such file"))
        return None
    except IsADirectoryError:
        problems.append(Problem(name, "", "is a directory, not a Markdown file"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, "", f"is not UTF-8 text (byte {exc.start + 1})"))
        return None
    except OSError as exc:
        problems.append(Problem(name, "", f"cannot be read: {exc.strerror or exc}"))
        return None
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0].rstrip("\r")):
        problems.append(Problem(f"{name}:1", "", "a contribution starts with its front matter: "
                                "a line '---', the YAML fields, and a line '---'"))
        return None
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\r"))), None)
    if end is None:
        problems.append(Problem(f"{name}:1", "", "the front matter has no closing '---' line"))
        return None
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:])
    problems.extend(_markup_limits(name, body, end + 2))
    try:
        xml_safe(body)
    except ValueError:
        for i, line in enumerate(lines[end + 1:]):
            try:
                xml_safe(line)
            except ValueError as exc:
                problems.append(Problem(f"{name}:{end + 2 + i}", "", str(exc)))
    try:
        front = parse_text(yaml_text, name)
    except DataError as exc:  # a syntax error, reported at its line in the whole file
        for p in exc.problems:
            m = re.match(r"line (\d+)(.*)", p.where)
            where = f"{name}:{int(m[1]) + 1}" if m else f"{name}:2"
            problems.append(Problem(where, m[2].lstrip(", ") if m else p.where, p.message))
        return None
    if front is None:
        front = {}
    if not isinstance(front, dict):
        problems.append(Problem(f"{name}:2", "", "the front matter should be a mapping of "
                                "fields (name: value)"))
        return None
    return Page(path, front, body, end + 1, _field_lines(yaml_text, 2))


MARKUP = "[*_|`"
MAX_MARKUP_BLOCK = 2_000
MAX_MARKUP_FILE = 100_000
_BLOCKS = re.compile(r"\n[ \t]*\n")


def _markup_limits(name: str, body: str, first: int) -> list[Problem]:
    """Refuse markup in amounts no document has, before the parser spends hours on it.

    markdown-it's link and emphasis rules take time that grows with the square
    of the brackets and stars in a paragraph: 200 000 ``[`` in one paragraph
    take a minute. A contribution has a few hundred at most, so a paragraph may
    hold 2 000 of each such character and the file 100 000.
    """
    out: list[Problem] = []
    totals = dict.fromkeys(MARKUP, 0)
    start = 0
    for m in [*_BLOCKS.finditer(body), None]:
        end = m.start() if m else len(body)
        block = body[start:end]
        for char in MARKUP:
            n = block.count(char)
            totals[char] += n
            if n > MAX_MARKUP_BLOCK:
                line = first + body.count("\n", 0, start)
                out.append(Problem(f"{name}:{line}", "", f"a paragraph with {n:,} '{char}': at "
                                   f"most {MAX_MARKUP_BLOCK:,} are read in one paragraph"))
        start = m.end() if m else start
    for char, n in totals.items():
        if n > MAX_MARKUP_FILE:
            out.append(Problem(name, "", f"{n:,} '{char}' in the file: at most "
                               f"{MAX_MARKUP_FILE:,} are read"))
    return out


def _field_lines(yaml_text: str, first: int) -> dict[str, int]:
    """Field path -> file line, from the composed YAML (which parsed already)."""
    out: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                out.setdefault(sub, key.start_mark.line + first)
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                out.setdefault(f"{path}[{i}]", item.start_mark.line + first)
                walk(item, f"{path}[{i}]")

    try:
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return out
    if root is not None:
        walk(root, "")
    return out


_PART = re.compile(r"\[(\d+)\]|[^.\[\]]+")


def _parts(path: str) -> list[str | int]:
    """``contact[1].name`` -> ``["contact", 1, "name"]``."""
    return [int(m[1]) if m[1] else m[0] for m in _PART.finditer(path)]


def _get(data: Any, path: str) -> Any:
    """The value at a field path (``contact[1].name``), None where the data has none."""
    for part in _parts(path):
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _set(data: Any, path: str, value: Any) -> None:
    *parents, last = _parts(path)
    for part in parents:
        data = data[part]
    data[last] = value


def text_paths(front: dict[str, Any]) -> list[str]:
    """The paths of the texts the front matter gives (``references[0]``, and
    ``contact[1].name`` when ``contact`` lists several people)."""
    paths: list[str] = []
    for p in TEXT_FIELDS:
        head, _, rest = p.partition(".")
        items = front.get(head)
        if head in ONE_OR_MORE and isinstance(items, list):
            paths.extend(f"{head}[{i}].{rest}" for i in range(len(items))
                         if _get(items[i], rest) is not None)
        elif _get(front, p) is not None:
            paths.append(p)
    for name in LIST_TEXT_FIELDS:
        items = front.get(name)
        if isinstance(items, list):
            paths.extend(f"{name}[{i}]" for i in range(len(items)))
    return paths


def _check_front(page: Page, problems: list[Problem]
                 ) -> tuple[ContributionMeta | None, dict[str, dict[str, str]]]:
    """Validate the original's front matter; collect its texts by language."""
    front = copy.deepcopy(page.front)
    original = front.get("original_language", "en")
    original = original if original in LANGUAGE_CODES else "en"
    texts: dict[str, dict[str, str]] = {}
    for path in text_paths(front):
        value = _get(front, path)
        if isinstance(value, str):
            texts[path] = {original: value}
            given: Any = {"en": value}  # the models need an "en"; the texts say what it is
        elif isinstance(value, dict):
            texts[path] = {k: v for k, v in value.items()
                           if k in LANGUAGE_CODES and isinstance(v, str)}
            given = dict(value)
            if "en" not in given and original in given:
                given["en"] = given[original]
        else:
            continue
        _set(front, path, given)
    problems.extend(_number_problems(page))
    try:
        meta = ContributionMeta.model_validate(front)
    except ValidationError as exc:
        for err in exc.errors():
            where = error_path(err["loc"], front)
            problems.append(Problem(page.field_at(where), where, error_message(err)))
        return None, texts
    for where, message in check_items(None, meta, [], [], []):
        where = where.removeprefix("document").lstrip(".")  # the data's paths, ours at the top
        problems.append(Problem(page.field_at(where), where, message))
    return meta, texts


def _number_problems(page: Page) -> list[Problem]:
    """The number, the meeting's ordinal and the Questions checked together (the number
    says what the others must be), even when other fields are wrong; a field of the
    wrong type is left to the model's message."""
    front = page.front
    number, questions, meeting = (front.get("number"), front.get("questions", []),
                                  front.get("meeting"))
    if not isinstance(number, str):
        return []
    ordinal = meeting.get("number") if isinstance(meeting, dict) else None
    listed = [q for q in questions if isinstance(q, str)] if isinstance(questions, list) else []
    return [Problem(page.field_at(where if where in page.lines or "." in where
                                  else "number"),  # a missing field: the number needs it
                    where, message)
            for where, message in document_numbers.problems(number, listed, ordinal)
            if (isinstance(meeting, dict) or where != "meeting.number")
            and (isinstance(questions, list) or where != "questions")]  # the model says


def _check_translation(original: Page, page: Page, code: str,
                       texts: dict[str, dict[str, str]], problems: list[Problem]) -> None:
    """A translated file gives the original's texts in its language, and nothing else."""
    given = set(text_paths(original.front))

    def compare(mine: Any, theirs: Any, path: str) -> None:
        if path in given or path in LIST_TEXT_FIELDS:
            return
        if isinstance(mine, dict) and isinstance(theirs, dict):
            for key in mine:
                compare(mine[key], theirs.get(key), f"{path}.{key}" if path else str(key))
        elif (path in ONE_OR_MORE and isinstance(mine, list) and isinstance(theirs, list)
              and len(mine) == len(theirs)):
            for i, (one, other) in enumerate(zip(mine, theirs, strict=True)):
                compare(one, other, f"{path}[{i}]")
        elif mine != theirs:
            problems.append(Problem(page.field_at(path), path, "differs from the original "
                                    f"{original.name}: a translation changes texts only"))

    compare(page.front, original.front, "")
    for path in text_paths(page.front):
        value = _get(page.front, path)
        if path not in given:
            problems.append(Problem(page.field_at(path), path,
                                    "is not in the original: a translation gives its texts only"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(page.field_at(path), path, f"should be the {code} text"))
        else:
            texts.setdefault(path, {})[code] = value.strip()
    for name in LIST_TEXT_FIELDS:
        mine, theirs = page.front.get(name), original.front.get(name)
        if mine is not None and (not isinstance(mine, list) or not isinstance(theirs, list)
                                 or len(mine) != len(theirs)):
            problems.append(Problem(page.field_at(name), name, "should list as many texts as "
                                    "the original"))


# --- files the body names: images and data, inside the contribution's folder ----------------


def confined(folder: Path, name: str) -> tuple[Path | None, str]:
    """The file ``name`` inside ``folder`` (links resolved), or None and why not.

    A contribution names its images and data files relative to its own
    folder; an absolute path, a URL or a path leading out (``../``, a link
    pointing elsewhere) is refused, so a shared contribution cannot read
    other files of the machine that builds it.

    >>> confined(Path("/tmp"), "../etc/passwd")[1]
    "'../etc/passwd' is outside the contribution's folder"
    """
    if not name or "://" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return None, f"{name!r} should be a file name relative to the contribution's folder"
    base = folder.resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base):
        return None, f"{name!r} is outside the contribution's folder"
    if not path.is_file():
        return None, f"{name!r}: no such file in {base}"
    return path, ""


def read_image(folder: Path, name: str) -> tuple[bytes | None, str]:
    """A picture's bytes, checked as a logo is (:mod:`tdagdoc.input.images`), or None and
    what is wrong: a renamed, truncated or oversized file is refused here, not by Word."""
    path, why = confined(folder, name)
    if path is None:
        return None, f"image {why}"
    try:
        return images.read(path).data, ""
    except images.ImageError as exc:
        return None, f"image {name!r}: {exc}"

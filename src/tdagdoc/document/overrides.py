"""A user's template folder, checked before anything renders.

An officer overrides shipped templates one file at a time (``--templates``).
A misspelt file name would be ignored by the loader, and the shipped template
used without a word; a sentence the officer added has no translation in the
catalogs, so it prints in English in a French document. Both are found here
by parsing the templates (nothing is rendered).
"""

from __future__ import annotations

import gettext
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, meta

from tdagdoc.errors import DataError, Problem
from tdagdoc.resources import templates_dir

SUFFIX = ".j2"
MAX_BYTES = 1024 * 1024
"""Templates larger than this are not parsed here (the shipped ones are a few kB)."""


def _parser() -> Environment:
    """Parses as the document environment does (same extensions, trimmed sentences)."""
    env = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"], autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.policies["ext.i18n.trimmed"] = True
    return env


def overridable() -> list[str]:
    """The shipped template names a user folder may override.

    >>> "report.xml.j2" in overridable()
    True
    """
    return sorted(p.name for p in templates_dir().iterdir() if p.name.endswith(SUFFIX))


def _templates(folder: Path) -> dict[str, str]:
    """The folder's templates (name relative to the folder -> source)."""
    out = {}
    for path in sorted(folder.rglob(f"*{SUFFIX}")):
        # Regular files of a sane size only: a symlink or a huge file is for the loader to
        # refuse when a template uses it, never read here.
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_BYTES:
            try:
                out[path.relative_to(folder).as_posix()] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the loader reports it when the template is used
    return out


def _link_target(folder: Path, name: str) -> str:
    """The folder-relative name of the file ``name`` leads to (itself unless a link)."""
    try:
        return (folder / name).resolve().relative_to(folder.resolve()).as_posix()
    except (OSError, ValueError):  # a link out of the folder: the loader refuses it
        return name


def check_names(folder: Path) -> None:
    """Refuse a template that overrides nothing and that no other template uses.

    A file that is not a shipped name is fine when a template of the folder
    includes, imports or extends it (an officer's own partial).
    """
    sources = _templates(folder)
    shipped = set(overridable())
    used: set[str] = set()
    env = _parser()
    for source in sources.values():
        try:
            names = list(meta.find_referenced_templates(env.parse(source)))
        except TemplateSyntaxError:
            continue  # reported with its line when the template is rendered
        if None in names:
            return  # a computed name: any file may be the one it means
        used.update(n for n in names if n is not None)
    used |= {_link_target(folder, name) for name in used}  # a used link uses its file too
    unknown = [name for name in sources if name not in shipped and name not in used]
    if unknown:
        raise DataError([
            Problem(str(folder / name), "", "overrides no shipped template and no template "
                    f"uses it; the names that can be overridden are {', '.join(sorted(shipped))}")
            for name in unknown])


def untranslated(folder: Path, catalog: gettext.NullTranslations, lang: str) -> list[Problem]:
    """The sentences of the folder's templates that ``catalog`` does not translate."""
    known = getattr(catalog, "_catalog", None)
    if lang == "en" or known is None:
        return []
    env = _parser()
    found = []
    for name, source in _templates(folder).items():
        try:
            sentences = list(env.extract_translations(source))  # type: ignore[attr-defined]
        except TemplateSyntaxError:
            continue
        for line, _function, message in sentences:
            ids = [message] if isinstance(message, str) else \
                [m for m in message if isinstance(m, str)][:1]
            for msgid in ids:
                key: object = msgid if isinstance(message, str) else (msgid, 0)
                if key not in known:
                    found.append(Problem(str(folder / name), f"line {line}",
                                         f"the sentence {msgid!r} has no {lang} translation "
                                         "in the catalogs"))
    return found

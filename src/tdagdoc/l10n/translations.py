"""gettext catalogs, loaded from the shipped ``.po`` files.

Catalogs are compiled in memory at load time, so a translator's edit to a
``.po`` file shows in the next build with no separate compile step. Two traps
are closed here: a plural entry with some forms left empty (gettext would print
an empty string, and Babel's compiler English) is refused, and a catalog whose
``Plural-Forms`` header disagrees with CLDR's plural rules is refused (Babel
writes a wrong Arabic header, Babel issue 816).
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tdagdoc.errors import DataError, Problem, TdagdocError
from tdagdoc.languages import Lang
from tdagdoc.resources import locales_dir

DOMAIN = "tdagdoc"


class CatalogError(TdagdocError):
    """A catalog that would print wrong or English text in a translated document."""


def catalog_path(lang: Lang, root: Path | None = None) -> Path:
    """Where the ``.po`` file of ``lang`` lives."""
    return (root or locales_dir()) / lang.code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Parse a ``.po`` file: the one reader of the shipped catalogs and of a translator's.

    Fuzzy entries are kept but flagged, as in the file; without ``locale`` the
    file's ``Language`` header says the language. An unreadable or malformed
    file is a :class:`~tdagdoc.errors.DataError` at its path, not a traceback.
    """
    try:
        with path.open("rb") as fp:
            return read_po(fp, locale=locale, domain=DOMAIN, abort_invalid=True)
    except OSError as exc:
        raise TdagdocError(f"cannot read {path}: {exc.strerror or exc}") from None
    except Exception as exc:  # babel's PoFileError and decoding errors
        raise DataError([Problem(str(path), "", f"is not a readable PO catalog: {exc}")]) \
            from None


def catalog_problems(catalog: Catalog, lang: Lang) -> list[str]:
    """What makes a catalog unsafe to print from: half plurals and a wrong plural rule."""
    problems = []
    for message in catalog:
        if message.id and message.pluralizable and isinstance(message.string, tuple):
            forms = message.string
            if any(forms) and not all(forms):
                problems.append(f"plural entry {message.id[0]!r} has untranslated forms")
    rule = lang.babel.plural_form
    used = {rule(n) for n in _SAMPLE}
    n_plurals = len(used)
    if catalog.num_plurals != n_plurals:
        problems.append(f"Plural-Forms says nplurals={catalog.num_plurals}, CLDR has "
                        f"{n_plurals} forms for whole numbers")
        return problems
    # Forms are numbered in CLDR's order (zero, one, two, few, many, other), the order
    # translators and their tools expect; a header that maps numbers elsewhere is wrong.
    order: list[str] = [tag for tag in ("zero", "one", "two", "few", "many", "other")
                        if tag in used]
    header_rule = gettext.c2py(catalog.plural_expr)
    for n in _SAMPLE:
        if header_rule(n) != order.index(rule(n)):
            problems.append(f"Plural-Forms disagrees with CLDR's {lang.code} rules at n={n}")
            break
    return problems


# Counts are whole numbers: CLDR's forms for fractions ("other" in Russian) never apply.
_SAMPLE = (*range(0, 1201), 10**6, 2 * 10**6, 10**9)


@cache
def _load(lang: Lang, root: Path) -> gettext.NullTranslations:
    path = catalog_path(lang, root)
    if lang.code == "en" and not path.exists():
        return gettext.NullTranslations()
    if not path.exists():
        raise CatalogError(f"no {lang.code} catalog at {path}")
    catalog = read_catalog(path, Locale.parse(lang.locale).language)
    problems = catalog_problems(catalog, lang)
    if problems:
        raise CatalogError(f"{path}: " + "; ".join(problems))
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def translations(lang: Lang, root: Path | None = None) -> gettext.NullTranslations:
    """The gettext translations of ``lang`` (English: the msgids themselves)."""
    return _load(lang, (root or locales_dir()).resolve())

"""The six UN languages of ITU documents and the facts tdagdoc needs about each.

Every stage names languages, so this table sits at the bottom, below ``input``
and ``l10n``.

The language is explicit all the way down: every stage receives a :class:`Lang`
instead of reading the machine's locale, so a document renders the same on any host.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal, get_args

import babel

__all__ = ["LANGS", "LANGUAGE_CODES", "Lang", "LangCode", "get_lang", "parse_langs"]

LangCode = Literal["en", "fr", "es", "ru", "ar", "zh"]
"""The six codes, in ITU order: the one place they are typed out (as a type, for
pydantic fields and mypy); :data:`LANGS` below gives each its facts."""


@cache
def _load_locale(identifier: str) -> babel.Locale:
    """Parse a Babel locale once per process (CLDR loading is slow)."""
    return babel.Locale.parse(identifier)


class _Languages(type):
    """Lets the class itself list the six languages, as an enum does."""

    def __iter__(cls) -> Iterator[Lang]:
        return iter(LANGS.values())

    def __len__(cls) -> int:
        return len(LANGS)


@dataclass(frozen=True)
class Lang(metaclass=_Languages):
    """One document language: its Babel locale, ITU suffix letter and Word settings.

    The class lists the six, in ITU order:

    >>> [lang.code for lang in Lang], len(Lang)
    (['en', 'fr', 'es', 'ru', 'ar', 'zh'], 6)
    >>> get_lang("ar").rtl, get_lang("ar").script, get_lang("ar").word_lang
    (True, 'cs', 'ar-SA')
    >>> get_lang("zh").letter, get_lang("zh").script
    ('C', 'eastAsia')
    """

    code: LangCode
    """ISO 639-1 code: ``en fr es ru ar zh``."""
    locale: str
    """Babel locale identifier (``en_GB``: ITU English writes the day first)."""
    letter: str
    """Suffix letter of the document number: ``TDAG-25/12-E``."""
    rtl: bool
    """Right-to-left text (Arabic only)."""
    word_lang: str
    """BCP-47 tag written into Word's ``w:lang``."""
    script: str
    """The ``w:lang``/font slot that carries the text: ``latin``, ``cs`` or ``eastAsia``."""

    @property
    def babel(self) -> babel.Locale:
        """The Babel locale, loaded once and shared, for month names, plurals and lists.

        >>> str(get_lang("ru").babel), get_lang("ar").babel.text_direction
        ('ru_RU', 'rtl')
        """
        return _load_locale(self.locale)


LANGS: dict[str, Lang] = {
    lang.code: lang
    for lang in (
        Lang("en", "en_GB", "E", False, "en-GB", "latin"),
        Lang("fr", "fr_FR", "F", False, "fr-FR", "latin"),
        Lang("es", "es_ES", "S", False, "es-ES", "latin"),
        Lang("ru", "ru_RU", "R", False, "ru-RU", "latin"),
        Lang("ar", "ar", "A", True, "ar-SA", "cs"),
        Lang("zh", "zh_Hans_CN", "C", False, "zh-CN", "eastAsia"),
    )
}
"""The six languages, in ITU order (en fr es ru ar zh)."""

LANGUAGE_CODES: tuple[LangCode, ...] = get_args(LangCode)
"""``("en", "fr", "es", "ru", "ar", "zh")``."""
if tuple(LANGS) != LANGUAGE_CODES:  # pragma: no cover - a programming error, caught on import
    raise AssertionError(f"LANGS {tuple(LANGS)} disagrees with LangCode {LANGUAGE_CODES}")


def get_lang(code: str) -> Lang:
    """Look a language up by code, case-insensitively, so ``--lang FR`` works.

    >>> get_lang("FR").locale
    'fr_FR'
    >>> get_lang(" zh ").letter
    'C'
    >>> get_lang("de")
    Traceback (most recent call last):
    ...
    ValueError: unknown language code 'de'; valid codes: en, fr, es, ru, ar, zh
    """
    lang = LANGS.get(code.strip().lower())
    if lang is None:
        raise ValueError(
            f"unknown language code {code!r}; valid codes: {', '.join(LANGUAGE_CODES)}"
        )
    return lang


def parse_langs(spec: str) -> list[Lang]:
    """Turn a command-line language list into languages, reporting every bad code at once.

    ``"all"`` means the six languages in ITU order; otherwise a comma-separated list,
    kept in the order given, duplicates dropped.

    >>> [lang.code for lang in parse_langs("all")]
    ['en', 'fr', 'es', 'ru', 'ar', 'zh']
    >>> [lang.code for lang in parse_langs("ru, FR,ru")]
    ['ru', 'fr']
    >>> parse_langs("fr,de,xx")
    Traceback (most recent call last):
    ...
    ValueError: unknown language codes 'de', 'xx'; valid codes: en, fr, es, ru, ar, zh (or 'all')
    """
    text = spec.strip().lower()
    if text == "all":
        return list(LANGS.values())
    codes = [part.strip() for part in text.split(",") if part.strip()]
    if not codes:
        raise ValueError(
            f"no language given in {spec!r}; valid codes: {', '.join(LANGUAGE_CODES)} (or 'all')"
        )
    bad = [code for code in dict.fromkeys(codes) if code not in LANGS]
    if bad:
        noun = "code" if len(bad) == 1 else "codes"
        names = ", ".join(repr(code) for code in bad)
        raise ValueError(
            f"unknown language {noun} {names}; valid codes: {', '.join(LANGUAGE_CODES)} (or 'all')"
        )
    return [LANGS[code] for code in dict.fromkeys(codes)]

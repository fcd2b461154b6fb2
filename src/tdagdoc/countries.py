"""The UN's names of countries and areas, in the six languages.

UN documents name a country as the UN does ("Republic of Korea", "Российская
Федерация", "Iran (Islamic Republic of)"), not as CLDR does ("South Korea",
"Россия", "Iran"). The names come from ``un-countries.csv`` beside this module:
UNTERM's short names of the States and UNSD M49's names of the other areas (its
header and ``scripts/build_un_countries.py`` say where from and what was put right).
The models check partners' codes against it and the INF list prints its names, so
it sits below both ``input`` and ``l10n``.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from tdagdoc.languages import LANGUAGE_CODES

_FILE = Path(__file__).with_name("un-countries.csv")
_RU_ENDING = re.compile(r"[аеёиоуыэюяйь]+$")
# Words a shortened name never ends on ("United Kingdom of" is not a name).
_LINKS = {"en": {"of", "the", "and"}, "fr": {"de", "du", "des", "la", "le", "et", "d'", "l'"},
          "es": {"de", "del", "la", "el", "y", "los", "las"}, "ru": {"и"}}


@functools.cache
def _table() -> Mapping[str, Mapping[str, str]]:
    with _FILE.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return MappingProxyType({r["code"]: MappingProxyType(
            {lang: r[lang] for lang in LANGUAGE_CODES}) for r in rows})


@functools.cache
def codes() -> frozenset[str]:
    """The ISO 3166 alpha-2 codes the UN names (States and other areas).

    >>> {"KR", "RU", "PS", "HK"} <= codes(), "TW" in codes()
    (True, False)
    """
    return frozenset(_table())


def country_name(code: str, lang: str) -> str:
    """The UN's short name of a country in a language.

    >>> country_name("KR", "en"), country_name("KE", "es"), country_name("RU", "ru")
    ('Republic of Korea', 'Kenya', 'Российская Федерация')
    """
    return _table()[code][lang]


def _forms(code: str, lang: str) -> tuple[str, ...]:
    """The ways a partner's name may carry its country: the UN name, the name without
    its bracketed part ("Iran"), CLDR's everyday name ("United Kingdom"), and the UN
    name's first two words or more ("Соединенное Королевство")."""
    from babel import Locale

    un = country_name(code, lang)
    bare = re.sub(r"\s*[(（].*[)）]\s*$", "", un)
    short = Locale.parse(lang).territories.get(code)
    words = bare.split()
    links = _LINKS.get(lang)
    heads = [" ".join(words[:n]) for n in range(2, len(words))
             if links is not None and words[n - 1].lower() not in links]
    return tuple(dict.fromkeys(f for f in (un, bare, short, *heads) if f))


def _pattern(form: str, lang: str) -> str:
    """A regular expression for a country name within a text of the language.

    Chinese has no spaces between words, so any occurrence counts; elsewhere the name
    must stand as whole words. Russian declines names ("Кении", "Российской
    Федерации"): each word matches with any ending after its stem.
    """
    if lang == "zh":
        return re.escape(form)
    words = form.split()
    if lang == "ru":
        parts = [re.escape(_RU_ENDING.sub("", w) or w) + r"\w*" for w in words]
    else:
        parts = [re.escape(w) for w in words]
    return r"(?<!\w)" + r"\s+".join(parts) + (r"(?!\w)" if lang != "ru" else "")


def names_country(text: str, code: str, lang: str) -> bool:
    """Whether ``text`` (a partner's name) already names the country ``code``.

    The INF list adds the country in brackets after a partner's name, except where
    the name already says it: never "Kenya, Communications Authority (Kenya)".

    >>> names_country("Kenya, Communications Authority", "KE", "en")
    True
    >>> names_country("Управление связи Кении", "KE", "ru")
    True
    >>> names_country("United Kingdom, Foreign, Commonwealth and Development Office",
    ...               "GB", "en")
    True
    >>> names_country("Nigeria Communications Commission", "NE", "en")
    False
    >>> names_country("Korea Telecom", "KR", "en")
    False
    >>> names_country("Министерство иностранных дел, Соединенное Королевство", "GB", "ru")
    True
    """
    return _matcher(code, lang).search(text) is not None


@functools.cache
def _matcher(code: str, lang: str) -> re.Pattern[str]:
    """One expression for all the forms of a country's name, made once (the INF list of a
    big report asks for every partner)."""
    return re.compile("|".join(f"(?:{_pattern(f, lang)})" for f in _forms(code, lang)),
                      re.IGNORECASE)

"""The six languages: lookup, command-line parsing and the facts other modules rely on."""

from __future__ import annotations

import dataclasses

import babel
import pytest

from tdagdoc.languages import LANGS, LANGUAGE_CODES, Lang, get_lang, parse_langs


def test_order_and_codes() -> None:
    assert LANGUAGE_CODES == ("en", "fr", "es", "ru", "ar", "zh")
    assert tuple(LANGS) == LANGUAGE_CODES
    assert all(code == lang.code for code, lang in LANGS.items())


@pytest.mark.parametrize(
    ("code", "letter", "rtl", "word_lang", "script"),
    [
        ("en", "E", False, "en-GB", "latin"),
        ("fr", "F", False, "fr-FR", "latin"),
        ("es", "S", False, "es-ES", "latin"),
        ("ru", "R", False, "ru-RU", "latin"),
        ("ar", "A", True, "ar-SA", "cs"),
        ("zh", "C", False, "zh-CN", "eastAsia"),
    ],
)
def test_facts(code: str, letter: str, rtl: bool, word_lang: str, script: str) -> None:
    lang = get_lang(code)
    assert (lang.letter, lang.rtl, lang.word_lang, lang.script) == (
        letter, rtl, word_lang, script,
    )


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_babel_locale_loads_and_matches(code: str) -> None:
    lang = get_lang(code)
    locale = lang.babel
    assert isinstance(locale, babel.Locale)
    assert locale.language == code
    assert lang.babel is locale  # cached
    assert locale.text_direction == ("rtl" if lang.rtl else "ltr")


def test_english_is_british_and_chinese_simplified() -> None:
    assert get_lang("en").babel.territory == "GB"
    assert get_lang("zh").babel.script == "Hans"


def test_lang_is_frozen_and_hashable() -> None:
    lang = get_lang("fr")
    with pytest.raises(dataclasses.FrozenInstanceError):
        lang.code = "de"  # type: ignore[misc, assignment]
    assert {lang: 1}[get_lang("FR")] == 1
    assert isinstance(lang, Lang)


@pytest.mark.parametrize("spelling", ["fr", "FR", "Fr", " fr "])
def test_get_lang_is_case_insensitive(spelling: str) -> None:
    assert get_lang(spelling) is LANGS["fr"]


@pytest.mark.parametrize("bad", ["de", "", "english", "e"])
def test_get_lang_unknown_names_valid_codes(bad: str) -> None:
    with pytest.raises(ValueError) as info:
        get_lang(bad)
    message = str(info.value)
    for code in LANGUAGE_CODES:
        assert code in message


@pytest.mark.parametrize("spec", ["all", "ALL", " all "])
def test_parse_all(spec: str) -> None:
    assert [lang.code for lang in parse_langs(spec)] == list(LANGUAGE_CODES)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("fr,ru", ["fr", "ru"]),
        ("ru,fr", ["ru", "fr"]),
        ("zh", ["zh"]),
        ("AR, en", ["ar", "en"]),
        ("fr,fr,ru,FR", ["fr", "ru"]),
        ("en,,es,", ["en", "es"]),
    ],
)
def test_parse_list_keeps_order_and_drops_duplicates(spec: str, expected: list[str]) -> None:
    assert [lang.code for lang in parse_langs(spec)] == expected


def test_parse_names_every_bad_code_at_once() -> None:
    with pytest.raises(ValueError) as info:
        parse_langs("fr,de,xx,ru,de")
    message = str(info.value)
    assert "'de'" in message
    assert "'xx'" in message
    assert message.count("'de'") == 1
    assert "'fr'" not in message
    assert "en, fr, es, ru, ar, zh" in message


@pytest.mark.parametrize("spec", ["", " ", ",", "all,fr"])
def test_parse_rejects_empty_or_mixed(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_langs(spec)


def test_every_per_language_table_has_the_six_codes_in_order():
    """The codes are typed once (languages.LangCode); the tables keyed by them follow it."""
    from tdagdoc.input.models import DocumentMeta, Localized
    from tdagdoc.l10n.formatting import STYLES
    from tdagdoc.l10n.labels import ORIGINAL

    assert tuple(STYLES) == tuple(ORIGINAL) == tuple(Localized.model_fields) == LANGUAGE_CODES
    assert tuple(LANGS) == LANGUAGE_CODES == ("en", "fr", "es", "ru", "ar", "zh")
    schema = DocumentMeta.model_json_schema()
    assert tuple(schema["properties"]["original_language"]["enum"]) == LANGUAGE_CODES

"""The gettext catalogs: current with the templates, complete, and faithful to the markup."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, Docx
from tdagdoc.l10n.translations import CatalogError, catalog_problems, translations
from tdagdoc.languages import LANGS, get_lang

LOCALES = ROOT / "locales"
TRANSLATED = [code for code in LANGS if code != "en"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")
MARKUP = re.compile(r"</?(?:fn|b|i|a)\b")


def _read(path: Path, locale: str | None = None):
    with path.open("rb") as fp:
        return read_po(fp, locale=locale)


def _ids(catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


def test_pot_is_up_to_date_with_templates_and_code(tmp_path: Path):
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
         str(LOCALES / "babel.cfg"), "-k", "N_", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    assert _ids(_read(fresh)) == _ids(_read(LOCALES / "tdagdoc.pot")), (
        "locales/tdagdoc.pot is stale: re-extract with the command in locales/babel.cfg"
    )


@pytest.fixture(scope="module", params=TRANSLATED)
def po(request):
    lang = get_lang(request.param)
    path = LOCALES / lang.code / "LC_MESSAGES" / "tdagdoc.po"
    return lang, _read(path, lang.code)


def test_catalog_has_every_message_of_the_pot(po):
    lang, catalog = po
    pot = _ids(_read(LOCALES / "tdagdoc.pot"))
    assert _ids(catalog) == pot, f"{lang.code}: run pybabel update and translate"


def test_every_message_translated(po):
    lang, catalog = po
    missing = [m.id for m in catalog if m.id and (
        m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    assert not missing, f"{lang.code}: untranslated or fuzzy: {missing}"


def test_plural_header_matches_cldr(po):
    lang, catalog = po
    assert catalog_problems(catalog, lang) == []


def _forms(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_placeholders_and_markup_kept(po):
    lang, catalog = po
    for m in catalog:
        if not m.id:
            continue
        singular, plural = (m.id if isinstance(m.id, tuple) else (m.id, m.id))
        for form in _forms(m):
            got = Counter(PLACEHOLDER.findall(form))
            # A form may drop what only the plural msgid has (a singular needs no count),
            # but must keep everything the singular has and invent nothing.
            assert set(got) <= set(PLACEHOLDER.findall(plural)) | set(
                PLACEHOLDER.findall(singular)), (lang.code, m.id, form)
            assert set(PLACEHOLDER.findall(singular)) <= set(got) | set(
                PLACEHOLDER.findall(plural)), (lang.code, m.id, form)
            assert Counter(MARKUP.findall(form)) == Counter(MARKUP.findall(singular)), (
                lang.code, m.id, form)


def test_gnu_msgfmt_accepts_the_catalog(po):
    """Translators' tools (Poedit, msgfmt) check format strings more strictly than Python."""
    lang, _ = po
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt (Debian package gettext) is missing in CI")
        pytest.skip("msgfmt not installed (Debian package gettext)")
    path = LOCALES / lang.code / "LC_MESSAGES" / "tdagdoc.po"
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_half_translated_plural_is_refused(tmp_path: Path):
    ru = get_lang("ru")
    source = (LOCALES / "ru" / "LC_MESSAGES" / "tdagdoc.po").read_text(encoding="utf-8")
    broken = re.sub(r'msgstr\[1\] "[^"\n]+"', 'msgstr[1] ""', source, count=1)
    root = tmp_path / "locales"
    (root / "ru" / "LC_MESSAGES").mkdir(parents=True)
    (root / "ru" / "LC_MESSAGES" / "tdagdoc.po").write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogError, match="untranslated forms"):
        translations(ru, root)


def test_wrong_arabic_plural_header_is_refused(tmp_path: Path):
    ar = get_lang("ar")
    source = (LOCALES / "ar" / "LC_MESSAGES" / "tdagdoc.po").read_text(encoding="utf-8")
    swapped = source.replace("n % 100 >= 11 && n % 100 <= 99 ? 4 : ", "n % 100 >= 11 && "
                             "n % 100 <= 99 ? 5 : ", 1).replace('"5);', '"4);', 1)
    assert swapped != source
    root = tmp_path / "locales"
    (root / "ar" / "LC_MESSAGES").mkdir(parents=True)
    (root / "ar" / "LC_MESSAGES" / "tdagdoc.po").write_text(swapped, encoding="utf-8")
    with pytest.raises(CatalogError, match="Plural-Forms"):
        translations(ar, root)


# English words that no French or Spanish sentence uses either.
ENGLISH = {"the", "and", "with", "which", "of", "from", "signed", "partners", "agreements",
           "partnership", "funds", "were", "this", "that", "by", "in", "to", "is", "are",
           "has", "have", "its", "Meeting", "Summary", "required", "Phone"}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_left_in_translated_documents(docs: dict[str, Docx], lang: str):
    text = docs[lang].text()
    text = re.sub(r"https?://\S+", " ", text)
    words = set(re.findall(r"[A-Za-z]+", text))
    assert not words & ENGLISH, f"{lang}: {sorted(words & ENGLISH)}"


def test_arabic_one_and_two_forms_write_no_numeral():
    """Arabic writes "شريك واحد" and the dual "شريكان" alone, never "2 شريكان".

    The form for one and the form for two therefore drop the count that the form for
    3-10 writes: each holds fewer placeholders than that form.
    """
    catalog = _read(LOCALES / "ar" / "LC_MESSAGES" / "tdagdoc.po", "ar")
    wrong = []
    for m in catalog:
        if not m.id or not isinstance(m.id, tuple):
            continue
        few = set(PLACEHOLDER.findall(m.string[3]))
        for form in (1, 2):
            if not set(PLACEHOLDER.findall(m.string[form])) < few:
                wrong.append((form, m.string[form]))
    assert not wrong, wrong

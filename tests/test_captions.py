"""The one caption builder: wording, style and bookmark of table and figure titles."""

from __future__ import annotations

import gettext

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.document.captions import caption
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.l10n.translations import translations
from tdagdoc.languages import get_lang

LOC = Localizer(get_lang("en"), gettext.NullTranslations())


def test_table_title_goes_in_its_style_with_its_number_bookmarked() -> None:
    para = caption(LOC, "table", 12, "Projects by region", "_Ref_t")
    assert para.style == styles.TABLE_TITLE
    assert para.inlines == (b.Text("Table "), b.Bookmark("_Ref_t", "12"),
                            b.Text(" – Projects by region"))


def test_figure_title_without_a_reference_is_one_run() -> None:
    para = caption(LOC, "figure", 1, "Members 2024")
    assert para.style == styles.FIGURE_TITLE
    assert para.inlines == (b.Text("Figure 1 – Members 2024"),)


def test_translated_wording_is_the_catalogs() -> None:
    fr = get_lang("fr")
    para = caption(Localizer(fr, translations(fr)), "table", 2, "Projets")
    assert para.plain == "Tableau 2 – Projets"

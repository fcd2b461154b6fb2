"""Templates to blocks, without Word: the document model on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SMALL
from tdagdoc import blocks as b
from tdagdoc import figures
from tdagdoc.document.narrative import Source, build_document
from tdagdoc.document.sandbox import TemplateProblem
from tdagdoc.input import sources
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.l10n.translations import translations
from tdagdoc.languages import get_lang


def _blocks(report, lang: str = "en", source: Source = Source()) -> b.Document:  # noqa: B008
    loc = Localizer(get_lang(lang), translations(get_lang(lang)))
    return build_document(report, figures.compute(report), loc, source)


def test_report_blocks_have_sections_footnotes_tables_and_charts(example):
    doc = _blocks(example)
    assert [h.number for h in doc.blocks if isinstance(h, b.Heading)] == list("12345")
    assert len(doc.footnotes()) == 4
    assert [t.name for t in doc.blocks if isinstance(t, b.Table)] == [
        "top-partners", "by-region", "by-priority", "series"]
    assert [c.name for c in doc.blocks if isinstance(c, b.Chart)] == [
        "partners-by-type", "financial-by-type", "trend"]
    assert isinstance(doc.blocks[0], b.HeaderBlock)
    assert isinstance(doc.blocks[-1], b.ContactBox)


def test_table_captions_are_table_titles_and_figure_captions_figure_titles(example):
    from tdagdoc import styles

    doc = _blocks(example)
    assert {t.caption.style for t in doc.blocks if isinstance(t, b.Table) and t.caption} == {
        styles.TABLE_TITLE}
    assert {c.caption.style for c in doc.blocks if isinstance(c, b.Chart) and c.caption} == {
        styles.FIGURE_TITLE}


def test_a_footnote_sits_inside_its_sentence(example):
    doc = _blocks(example, "ru")
    para = next(p for p in doc.blocks if isinstance(p, b.Paragraph)
                and "89\xa0соглашений" in p.plain)  # a count keeps with its noun
    kinds = [type(i).__name__ for i in para.inlines]
    assert kinds.index("Footnote") not in (0, len(kinds) - 1)


def test_data_never_becomes_markup():
    report = sources.load(SMALL)
    doc = _blocks(report)
    top = next(t for t in doc.blocks if isinstance(t, b.Table) and t.name == "top-partners")
    names = [row[0].paragraphs[0].plain for row in top.rows]
    assert "AT&T <Labs> *Fund* {{ x }}" in names


def test_unknown_table_name_in_a_template_is_named(example, tmp_path: Path):
    (tmp_path / "report.xml.j2").write_text('<document><table ref="nope"/></document>')
    with pytest.raises(TemplateProblem, match="no table named 'nope'; known: top-partners"):
        _blocks(example, source=Source(tmp_path))


def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A language environment with a fresh compiled-template store (a new process's)."""
    from tdagdoc.document import narrative

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TDAGDOC_NO_CACHE", raising=False)
    monkeypatch.setattr(narrative, "_COMPILED", narrative._Compiled())
    loc = Localizer(get_lang("en"), translations(get_lang("en")))
    return narrative.environment(loc, Source())


def test_the_command_line_compiles_a_template_once_for_every_later_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tdagdoc import process

    with process.owned():
        first = _env(tmp_path, monkeypatch).get_template("inf.xml.j2")
        [stored] = (tmp_path / "tdagdoc").glob("templates-*/*")
        later = _env(tmp_path, monkeypatch)
        monkeypatch.setattr(later, "compile", lambda *a, **k: pytest.fail("compiled again"))
        again = later.get_template("inf.xml.j2")
    assert again.root_render_func.__code__.co_code == first.root_render_func.__code__.co_code
    # A stale or damaged file is compiled again, never run.
    stored.write_bytes(b"not a compiled template")
    with process.owned():
        assert _env(tmp_path, monkeypatch).get_template("inf.xml.j2").name == "inf.xml.j2"
    assert stored.read_bytes() != b"not a compiled template"


def test_a_library_call_or_no_cache_leaves_no_compiled_templates_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tdagdoc import process

    _env(tmp_path, monkeypatch).get_template("inf.xml.j2")
    with process.owned():
        env = _env(tmp_path, monkeypatch)
        monkeypatch.setenv("TDAGDOC_NO_CACHE", "1")
        env.get_template("inf.xml.j2")
    assert not (tmp_path / "tdagdoc").exists()


def test_a_users_templates_never_reach_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A user's template folder is untrusted input: its compiled code stays in memory,
    even when the command line keeps the shipped templates' code on disk."""
    from tdagdoc import process
    from tdagdoc.document import narrative

    own = tmp_path / "own"
    own.mkdir()
    (own / "inf.xml.j2").write_text("<document><p>mine</p></document>", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TDAGDOC_NO_CACHE", raising=False)
    monkeypatch.setattr(narrative, "_COMPILED", narrative._Compiled())
    loc = Localizer(get_lang("en"), translations(get_lang("en")))
    with process.owned():
        env = narrative.environment(loc, Source(own))
        assert "mine" in env.get_template("inf.xml.j2").render()
        env.get_template("report.xml.j2")  # a shipped one, not overridden: kept
    stored = list((tmp_path / "cache").glob("tdagdoc/templates-*/*"))
    assert len(stored) >= 1
    user_code = narrative._COMPILED._code
    assert all(p.read_bytes() != code for p in stored for key, code in user_code.items()
               if key not in narrative._COMPILED._shipped)

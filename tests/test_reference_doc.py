"""Tests of the Word reference document and of the script that builds it.

``scripts/build_reference_doc.py`` writes ``templates/reference.docx``; these tests build it
afresh (in memory) and also check the committed copy.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path
from types import ModuleType

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Twips

from tdagdoc import styles as S

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_reference_doc.py"
COMMITTED = ROOT / "templates" / "reference.docx"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_reference_doc", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def built(builder: ModuleType) -> bytes:
    return builder.build_bytes()


@pytest.fixture(scope="module")
def ref_path(built: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "reference.docx"
    path.write_bytes(built)
    return path


@pytest.fixture(scope="module")
def document(ref_path: Path):
    return docx.Document(str(ref_path))


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _style_element(document, name: str):
    return document.styles[name].element


# --------------------------------------------------------------------------- determinism


def test_building_twice_gives_identical_bytes(builder: ModuleType, built: bytes) -> None:
    assert builder.build_bytes() == built


def test_zip_entries_have_fixed_timestamps_and_order(built: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(built)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    names = [i.filename for i in infos[1:]]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_script_runs_from_the_command_line(tmp_path: Path, built: bytes) -> None:
    out = tmp_path / "cli.docx"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == built


def test_committed_reference_doc_is_up_to_date(built: bytes) -> None:
    """templates/reference.docx must be what the script builds (rerun it after changes)."""
    assert COMMITTED.is_file(), "run `python scripts/build_reference_doc.py`"
    # Parts, not bytes: another zlib may compress the same parts differently.
    assert _parts(COMMITTED.read_bytes()) == _parts(built), (
        "templates/reference.docx is stale: run `python scripts/build_reference_doc.py`"
    )


def test_core_properties_are_fixed(document) -> None:
    cp = document.core_properties
    assert cp.created == cp.modified
    assert cp.created.year == 2025
    assert cp.revision == 1


# --------------------------------------------------------------------------- styles


@pytest.mark.parametrize("which", ["built", "committed"])
@pytest.mark.parametrize("name", S.ALL_STYLES)
def test_every_style_resolves_by_name(ref_path: Path, which: str, name: str) -> None:
    path = ref_path if which == "built" else COMMITTED
    document = docx.Document(str(path))
    with warnings.catch_warnings():
        # python-docx falls back to a lookup by style id with a UserWarning: not good enough.
        warnings.simplefilter("error")
        style = document.styles[name]
    expected = {
        **dict.fromkeys(S.PARAGRAPH_STYLES, WD_STYLE_TYPE.PARAGRAPH),
        **dict.fromkeys(S.CHARACTER_STYLES, WD_STYLE_TYPE.CHARACTER),
        **dict.fromkeys(S.TABLE_STYLES, WD_STYLE_TYPE.TABLE),
    }[name]
    assert style.type == expected
    assert style.name == name


def test_style_names_and_ids_of_word_built_ins(document) -> None:
    """Built-ins keep Word's style ids and are not marked custom."""
    expected_ids = {
        S.NORMAL: "Normal",
        S.HEADING_1: "Heading1",
        S.HEADING_2: "Heading2",
        S.HEADER: "Header",
        S.FOOTNOTE_TEXT: "FootnoteText",
        S.FOOTNOTE_REFERENCE: "FootnoteReference",
    }
    for name, style_id in expected_ids.items():
        style = document.styles[name]
        assert style.style_id == style_id
        assert style.builtin, name
    # python-docx translates these UI names to Word's lowercase internal names.
    assert _style_element(document, S.HEADING_1).name_val == "heading 1"
    assert _style_element(document, S.HEADER).name_val == "header"
    for name in (S.SOURCE, S.ENUMLEV1, S.DATA_TABLE, S.BOX_TABLE, S.PLAIN_TABLE):
        assert not document.styles[name].builtin, name


def test_every_size_bold_and_italic_has_its_complex_script_twin(document) -> None:
    for name in S.ALL_STYLES:
        rPr = _style_element(document, name).rPr
        if rPr is None:
            continue
        sz, szCs = rPr.find(qn("w:sz")), rPr.find(qn("w:szCs"))
        if sz is not None:
            assert szCs is not None and szCs.get(qn("w:val")) == sz.get(qn("w:val")), name
        for latin, cs in (("w:b", "w:bCs"), ("w:i", "w:iCs")):
            if rPr.find(qn(latin)) is not None:
                assert rPr.find(qn(cs)) is not None, (name, cs)


def test_table_style_conditional_bold_has_twin(document) -> None:
    first_row = _style_element(document, S.DATA_TABLE).find(qn("w:tblStylePr"))
    assert first_row is not None and first_row.get(qn("w:type")) == "firstRow"
    rPr = first_row.find(qn("w:rPr"))
    assert rPr.find(qn("w:b")) is not None and rPr.find(qn("w:bCs")) is not None


def test_footnote_reference_is_superscript(document) -> None:
    assert document.styles[S.FOOTNOTE_REFERENCE].font.superscript is True


def test_hyperlink_is_underlined_in_the_theme_colour(document) -> None:
    style = document.styles[S.HYPERLINK]
    assert style.font.underline is True
    color = style.element.rPr.find(qn("w:color"))
    assert color.get(qn("w:themeColor")) == "hyperlink"


def test_footnote_text(document) -> None:
    style = document.styles[S.FOOTNOTE_TEXT]
    assert style.font.size.pt == 10
    assert style.paragraph_format.left_indent == Twips(284)
    assert style.paragraph_format.first_line_indent == Twips(-284)


def test_hanging_indents(document) -> None:
    for name in (S.HEADING_1, S.HEADING_2, S.ENUMLEV1):
        pf = document.styles[name].paragraph_format
        assert pf.left_indent == Twips(794), name
        assert pf.first_line_indent == Twips(-794), name


def test_headings(document) -> None:
    for name, level, before in ((S.HEADING_1, "0", 280), (S.HEADING_2, "1", 200)):
        style = document.styles[name]
        assert style.font.bold is True
        assert style.font.size.pt == 12
        assert style.paragraph_format.keep_with_next is True
        assert style.paragraph_format.space_before == Twips(before)
        pPr = style.element.pPr
        assert pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == level
        # No theme fonts or colours left over from python-docx's template.
        assert style.element.rPr.find(qn("w:rFonts")) is None
        assert style.element.rPr.find(qn("w:color")) is None


def test_normal_and_header_tabs(document) -> None:
    normal = document.styles[S.NORMAL].paragraph_format.tab_stops
    assert [t.position for t in normal] == [Twips(p) for p in (794, 1191, 1588, 1985)]
    header = document.styles[S.HEADER].paragraph_format.tab_stops
    right = [t for t in header if t.alignment == WD_TAB_ALIGNMENT.RIGHT]
    assert [t.position for t in right] == [Twips(9638)]


def test_text_width_is_the_one_the_builders_size_tables_for(document) -> None:
    section = document.sections[-1]
    between = section.page_width - section.left_margin - section.right_margin
    assert between == Twips(S.TEXT_WIDTH)


def test_table_styles_borders(document) -> None:
    def borders(name: str) -> dict[str, str]:
        tblPr = _style_element(document, name).find(qn("w:tblPr"))
        return {
            b.tag.split("}")[1]: b.get(qn("w:val")) for b in tblPr.find(qn("w:tblBorders"))
        }

    assert set(borders(S.DATA_TABLE).values()) == {"single"}
    assert len(borders(S.DATA_TABLE)) == 6
    assert borders(S.BOX_TABLE) == dict.fromkeys(("top", "left", "bottom", "right"), "single")
    assert set(borders(S.PLAIN_TABLE).values()) == {"none"}


# --------------------------------------------------------------------------- defaults, page


def test_document_defaults(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rPr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Calibri"
    assert fonts.get(qn("w:eastAsia")) == "SimSun"
    assert fonts.get(qn("w:cs")) == "Arial"
    assert rPr.find(qn("w:sz")).get(qn("w:val")) == "24"
    assert rPr.find(qn("w:szCs")).get(qn("w:val")) == "24"
    assert rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    assert spacing.get(qn("w:before")) == "120"
    assert spacing.get(qn("w:after")) == "0"
    assert spacing.get(qn("w:line")) == "240"
    assert spacing.get(qn("w:lineRule")) == "auto"


def test_page_setup(document) -> None:
    (section,) = document.sections
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    for margin in ("top", "bottom", "left", "right"):
        assert getattr(section, f"{margin}_margin") == Twips(1134), margin
    assert section.header_distance == section.footer_distance == Twips(567)
    assert section.different_first_page_header_footer is True  # w:titlePg


def test_body_is_empty(document) -> None:
    body = document.element.body
    assert [child.tag for child in body] == [qn("w:sectPr")]


def test_settings(document) -> None:
    settings = document.settings.element
    assert settings.find(qn("w:defaultTabStop")).get(qn("w:val")) == "794"
    # The footnotes part is the writer's: no footnote settings point at it from here.
    assert settings.find(qn("w:footnotePr")) is None


def test_no_stale_parts(built: bytes) -> None:
    names = set(_parts(built))
    assert "word/stylesWithEffects.xml" not in names
    assert not any(n.startswith("docProps/thumbnail") for n in names)
    assert "word/footnotes.xml" not in names


# --------------------------------------------------------------------------- conformance


def _conformance() -> ModuleType:
    for name in ("conformance", "tests.conformance"):
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name not in (name, name.split(".")[0]):
                raise
    pytest.skip("tests/conformance.py (the validator harness) is not available")


@pytest.mark.conformance
def test_reference_doc_passes_the_open_xml_validator(ref_path: Path) -> None:
    conformance = _conformance()
    conformance.require_tool("validator")
    paths = [ref_path, COMMITTED] if COMMITTED.is_file() else [ref_path]
    results = conformance.validate_docx(paths)
    assert not any(results.values()), conformance.format_validation_errors(results)

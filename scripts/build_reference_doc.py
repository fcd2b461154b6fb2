#!/usr/bin/env python
"""Build ``templates/reference.docx``: the Word reference document of tdagdoc.

The reference document holds the styles and the page setup the writer uses (the
style names are those of :mod:`tdagdoc.styles`); it has no body content. Run::

    python scripts/build_reference_doc.py            # writes templates/reference.docx
    python scripts/build_reference_doc.py -o out.docx

The output is deterministic: the same bytes on every run (fixed core properties, zip
entries in a fixed order with the timestamp 1980-01-01 00:00:00).

It starts from python-docx's default template and then

* sets the page: A4 portrait, margins 2 cm, header/footer distance 1 cm, different
  first page (later pages carry the running header the writer fills);
* sets the document defaults: Calibri (Latin), SimSun (East Asian), Arial (complex
  script), 12 pt, en-GB; 6 pt before paragraphs, single line spacing;
* (re)defines every style of :data:`tdagdoc.styles.ALL_STYLES`. Every style that sets a
  size or bold/italic sets its complex-script twin too (``w:szCs``, ``w:bCs``,
  ``w:iCs``) so that Arabic text looks like the Latin text;
* drops parts of the template that would carry stale formatting
  (``stylesWithEffects.xml``, Word 2010's copy of the styles, and the thumbnail).

python-docx's API is used where it exists; the rest is written with lxml, always
inserting children in schema order (the Open XML SDK validator checks it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "templates" / "reference.docx"

sys.path.insert(0, str(ROOT / "src"))
from tdagdoc import styles as S  # noqa: E402

# --------------------------------------------------------------------------- layout facts

PAGE_WIDTH = 11906  # A4, twips
PAGE_HEIGHT = 16838
MARGIN = 1134  # 2 cm
HEADER_FOOTER_DISTANCE = 567  # 1 cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN  # 9638
ITU_TABS = (794, 1191, 1588, 1985)  # the tab stops of ITU's Normal style
HANGING = 794  # "1<TAB>Heading", "–<TAB>item"

FONT_LATIN = "Calibri"
FONT_EAST_ASIA = "SimSun"
FONT_COMPLEX = "Arial"
LANG = "en-GB"  # the writer overrides w:lang per document
LANG_EAST_ASIA = "zh-CN"
LANG_BIDI = "ar-SA"

# Fixed core properties (part of the deterministic output).
FIXED_TIME = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Schema order of the children we touch (ECMA-376 transitional, CT_PPrBase / CT_RPr /
# CT_Style / CT_TblPrBase). ``set_child`` inserts before the first present successor.
PPR_SEQ = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)
RPR_SEQ = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
    "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
STYLE_SEQ = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
    "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked",
    "w:personal", "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr",
    "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
)
TBLPR_SEQ = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
    "w:tblCaption", "w:tblDescription",
)
TBLSTYLEPR_SEQ = ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr")
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
MARGIN_SIDES = ("top", "left", "bottom", "right")

# The styles of python-docx's template linked to a style we redefine: they would keep
# the template's blue theme-font look, so they go.
STALE_LINKED_STYLES = ("HeaderChar", "Heading1Char", "Heading2Char")

STYLES_WITH_EFFECTS_RELTYPE = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
THUMBNAIL_RELTYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


# --------------------------------------------------------------------------- lxml helpers


def set_child(parent, tag: str, seq: Sequence[str], **attrs: str):
    """Replace (or add) ``parent``'s child ``tag`` in schema order; return it.

    ``attrs`` are ``w:`` attributes (``val="24"`` -> ``w:val="24"``).
    """
    old = parent.find(qn(tag))
    if old is not None:
        parent.remove(old)
    child = OxmlElement(tag, attrs={qn(f"w:{k}"): v for k, v in attrs.items()})
    successors = {qn(t) for t in seq[seq.index(tag) + 1 :]}
    for index, sibling in enumerate(parent):
        if sibling.tag in successors:
            parent.insert(index, child)
            break
    else:
        parent.append(child)
    return child


def get_or_add_child(parent, tag: str, seq: Sequence[str]):
    found = parent.find(qn(tag))
    return found if found is not None else set_child(parent, tag, seq)


def remove_children(parent, *tags: str) -> None:
    for tag in tags:
        for child in parent.findall(qn(tag)):
            parent.remove(child)


def style_pPr(style):
    return style.element.get_or_add_pPr()


def style_rPr(style):
    return style.element.get_or_add_rPr()


# --------------------------------------------------------------------------- formatting


def set_fonts(rPr, *, ascii_: str, east_asia: str, cs: str) -> None:
    set_child(rPr, "w:rFonts", RPR_SEQ, ascii=ascii_, hAnsi=ascii_, eastAsia=east_asia, cs=cs)


def set_size(style, points: float) -> None:
    """Size and its complex-script twin."""
    style.font.size = Pt(points)
    set_child(style_rPr(style), "w:szCs", RPR_SEQ, val=str(round(points * 2)))


def set_bold(style) -> None:
    style.font.bold = True
    set_child(style_rPr(style), "w:bCs", RPR_SEQ)


def set_italic(style) -> None:
    style.font.italic = True
    set_child(style_rPr(style), "w:iCs", RPR_SEQ)


def set_spacing(style, before: int | None = None, after: int | None = None) -> None:
    """Paragraph spacing in twips (``None``: inherited)."""
    pf = style.paragraph_format
    if before is not None:
        pf.space_before = Twips(before)
    if after is not None:
        pf.space_after = Twips(after)


def set_hanging(style, left: int, hanging: int) -> None:
    pf = style.paragraph_format
    pf.left_indent = Twips(left)
    pf.first_line_indent = Twips(-hanging)


def set_outline_level(style, level: int) -> None:
    set_child(style_pPr(style), "w:outlineLvl", PPR_SEQ, val=str(level))


def reset_style(style) -> None:
    """Forget the template's formatting of a style we redefine."""
    remove_children(style.element, "w:link", "w:pPr", "w:rPr", "w:rsid")


def paragraph_style(styles, name: str, *, base=None, next_=None):
    """The paragraph style ``name``: the template's one, reset, or a new custom style."""
    try:
        style = styles[name]
    except KeyError:
        builtin = name == S.FOOTNOTE_TEXT
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=builtin)
    else:
        reset_style(style)
    if name != S.NORMAL:
        style.base_style = base if base is not None else styles[S.NORMAL]
    if next_ is not None:
        style.next_paragraph_style = next_
    # Word shows its footnote and header styles only where used; ours go in the gallery.
    style.quick_style = name not in (S.FOOTNOTE_TEXT, S.HEADER)
    return style


# --------------------------------------------------------------------------- the parts


def set_doc_defaults(document) -> None:
    styles_elm = document.styles.element
    doc_defaults = styles_elm.find(qn("w:docDefaults"))
    if doc_defaults is None:
        doc_defaults = OxmlElement("w:docDefaults")
        styles_elm.insert(0, doc_defaults)
    for child in list(doc_defaults):
        doc_defaults.remove(child)

    r_default = OxmlElement("w:rPrDefault")
    rPr = OxmlElement("w:rPr")
    r_default.append(rPr)
    set_fonts(rPr, ascii_=FONT_LATIN, east_asia=FONT_EAST_ASIA, cs=FONT_COMPLEX)
    set_child(rPr, "w:sz", RPR_SEQ, val="24")
    set_child(rPr, "w:szCs", RPR_SEQ, val="24")
    set_child(rPr, "w:lang", RPR_SEQ, val=LANG, eastAsia=LANG_EAST_ASIA, bidi=LANG_BIDI)

    p_default = OxmlElement("w:pPrDefault")
    pPr = OxmlElement("w:pPr")
    p_default.append(pPr)
    set_child(pPr, "w:spacing", PPR_SEQ, before="120", after="0", line="240", lineRule="auto")

    doc_defaults.append(r_default)
    doc_defaults.append(p_default)


def set_page(document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    section.top_margin = section.bottom_margin = Twips(MARGIN)
    section.left_margin = section.right_margin = Twips(MARGIN)
    section.header_distance = section.footer_distance = Twips(HEADER_FOOTER_DISTANCE)
    section.gutter = Twips(0)
    section.different_first_page_header_footer = True  # w:titlePg


def set_settings(document) -> None:
    settings = document.settings.element
    tab = settings.find(qn("w:defaultTabStop"))
    if tab is not None:
        tab.set(qn("w:val"), str(ITU_TABS[0]))


def add_paragraph_styles(document) -> None:
    styles = document.styles

    normal = paragraph_style(styles, S.NORMAL)
    for pos in ITU_TABS:
        normal.paragraph_format.tab_stops.add_tab_stop(Twips(pos))

    h1 = paragraph_style(styles, S.HEADING_1, next_=normal)
    h1.paragraph_format.keep_with_next = True
    h1.paragraph_format.keep_together = True
    set_spacing(h1, before=280, after=0)
    set_hanging(h1, HANGING, HANGING)
    set_outline_level(h1, 0)
    set_bold(h1)
    set_size(h1, 12)

    h2 = paragraph_style(styles, S.HEADING_2, next_=normal)
    h2.paragraph_format.keep_with_next = True
    h2.paragraph_format.keep_together = True
    set_spacing(h2, before=200, after=0)
    set_hanging(h2, HANGING, HANGING)
    set_outline_level(h2, 1)
    set_bold(h2)
    set_size(h2, 12)

    source = paragraph_style(styles, S.SOURCE, next_=normal)
    source.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_spacing(source, before=840)
    set_bold(source)
    set_size(source, 12)

    title = paragraph_style(styles, S.TITLE, next_=normal)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_spacing(title, before=240)
    set_bold(title)
    set_size(title, 14)

    headingb = paragraph_style(styles, S.HEADINGB, next_=normal)
    headingb.paragraph_format.keep_with_next = True
    set_spacing(headingb, before=160)
    set_bold(headingb)

    enumlev1 = paragraph_style(styles, S.ENUMLEV1)
    set_spacing(enumlev1, before=80)
    set_hanging(enumlev1, HANGING, HANGING)

    call = paragraph_style(styles, S.CALL, next_=normal)
    call.paragraph_format.keep_with_next = True
    call.paragraph_format.left_indent = Twips(HANGING)
    set_italic(call)

    table_text = paragraph_style(styles, S.TABLE_TEXT)
    set_spacing(table_text, before=40, after=40)
    set_size(table_text, 10)

    table_head = paragraph_style(styles, S.TABLE_HEAD, next_=table_text)
    table_head.paragraph_format.keep_with_next = True
    table_head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_spacing(table_head, before=80, after=80)
    set_bold(table_head)
    set_size(table_head, 10)

    legend = paragraph_style(styles, S.TABLE_LEGEND, next_=normal)
    set_spacing(legend, before=60)
    set_size(legend, 10)

    figure_title = paragraph_style(styles, S.FIGURE_TITLE, next_=normal)
    figure_title.paragraph_format.keep_together = True
    figure_title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_spacing(figure_title, before=120, after=480)
    set_bold(figure_title)

    # ITU's Table_title: the caption sits above its table and keeps with it, with the
    # space of a paragraph below it, not the gap a figure's title leaves after a figure.
    table_title = paragraph_style(styles, S.TABLE_TITLE, next_=normal)
    table_title.paragraph_format.keep_together = True
    table_title.paragraph_format.keep_with_next = True
    table_title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_spacing(table_title, before=240, after=120)
    set_bold(table_title)

    figure = paragraph_style(styles, S.FIGURE, next_=figure_title)
    figure.paragraph_format.keep_with_next = True  # the picture stays with its title
    figure.paragraph_format.keep_together = True
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_spacing(figure, before=240, after=0)

    closing = paragraph_style(styles, S.CLOSING, next_=normal)
    closing.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_spacing(closing, before=360)

    footnote = paragraph_style(styles, S.FOOTNOTE_TEXT)
    footnote.priority = 99
    footnote.hidden = True  # w:semiHidden, as Word has it: shown once used
    footnote.unhide_when_used = True
    set_spacing(footnote, before=60)
    set_hanging(footnote, 284, 284)
    set_size(footnote, 10)

    header = paragraph_style(styles, S.HEADER)
    header.priority = 99
    header.unhide_when_used = True
    set_spacing(header, before=0, after=0)
    header.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    tabs = header.paragraph_format.tab_stops
    # Normal's stops would catch the header's tabs first: the header clears them.
    for pos in ITU_TABS:
        tabs.add_tab_stop(Twips(pos), WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Twips(TEXT_WIDTH // 2), WD_TAB_ALIGNMENT.CENTER)
    tabs.add_tab_stop(Twips(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    set_size(header, 10)

    header_block = paragraph_style(styles, S.HEADER_BLOCK)
    set_spacing(header_block, before=0, after=0)
    set_bold(header_block)
    set_size(header_block, 12)

    for style_id in STALE_LINKED_STYLES:
        stale = styles.element.get_by_id(style_id)
        if stale is not None:
            stale.delete()


def character_style(styles, name: str):
    """A Word built-in character style (both of ours are), defined afresh."""
    try:
        old = styles[name]
    except KeyError:
        pass
    else:
        old.delete()
    style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER, builtin=True)
    style.base_style = styles["Default Paragraph Font"]
    style.priority = 99
    style.unhide_when_used = True
    return style


def add_character_styles(document) -> None:
    styles = document.styles

    ref = character_style(styles, S.FOOTNOTE_REFERENCE)
    ref.hidden = True  # w:semiHidden, as Word has it
    ref.font.superscript = True  # w:vertAlign w:val="superscript"

    link = character_style(styles, S.HYPERLINK)
    # The theme's hyperlink colour (python-docx's theme: 0000FF), as Word writes it.
    set_child(style_rPr(link), "w:color", RPR_SEQ, val="0000FF", themeColor="hyperlink")
    link.font.underline = True


def _borders(tblPr, val: str, sides: Iterable[str]) -> None:
    borders = set_child(tblPr, "w:tblBorders", TBLPR_SEQ)
    for side in sides:
        size = "4" if val == "single" else "0"
        attrs = {"val": val, "sz": size, "space": "0", "color": "auto"}
        borders.append(OxmlElement(f"w:{side}", attrs={qn(f"w:{k}"): v for k, v in attrs.items()}))


def _cell_margins(tblPr, **margins: int) -> None:
    mar = set_child(tblPr, "w:tblCellMar", TBLPR_SEQ)
    for side in MARGIN_SIDES:
        mar.append(
            OxmlElement(f"w:{side}", attrs={qn("w:w"): str(margins[side]), qn("w:type"): "dxa"})
        )


def table_style(styles, name: str):
    style = styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.base_style = styles["Normal Table"]
    style.priority = 59
    tblPr = get_or_add_child(style.element, "w:tblPr", STYLE_SEQ)
    set_child(tblPr, "w:tblInd", TBLPR_SEQ, w="0", type="dxa")
    return style, tblPr


def add_table_styles(document) -> None:
    styles = document.styles

    data, tblPr = table_style(styles, S.DATA_TABLE)
    _borders(tblPr, "single", BORDER_SIDES)
    _cell_margins(tblPr, top=0, left=108, bottom=0, right=108)
    first_row = OxmlElement("w:tblStylePr", attrs={qn("w:type"): "firstRow"})
    data.element.append(first_row)
    rPr = set_child(first_row, "w:rPr", TBLSTYLEPR_SEQ)
    set_child(rPr, "w:b", RPR_SEQ)
    set_child(rPr, "w:bCs", RPR_SEQ)

    _box, tblPr = table_style(styles, S.BOX_TABLE)
    _borders(tblPr, "single", BORDER_SIDES[:4])
    _cell_margins(tblPr, top=0, left=113, bottom=113, right=113)

    _plain, tblPr = table_style(styles, S.PLAIN_TABLE)
    _borders(tblPr, "none", BORDER_SIDES)
    _cell_margins(tblPr, top=0, left=108, bottom=0, right=108)


def add_east_asian_font(document) -> None:
    """Describe SimSun in the font table, so Word can substitute it where it is missing."""
    font_table = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_table = rel.target_part
    if font_table is None:  # pragma: no cover - python-docx's template has one
        return
    root = getattr(font_table, "_element", None)
    if root is None:  # python-docx loads the font table as a plain (binary) part
        root = etree.fromstring(font_table.blob)
    if root.find(f"{qn('w:font')}[@{qn('w:name')}='{FONT_EAST_ASIA}']") is None:
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): FONT_EAST_ASIA})
        for tag, val in (
            ("w:altName", "宋体"),
            ("w:panose1", "02010600030101010101"),
            ("w:charset", "86"),
            ("w:family", "auto"),
            ("w:pitch", "variable"),
        ):
            etree.SubElement(font, qn(tag), {qn("w:val"): val})
    if not hasattr(font_table, "_element"):
        font_table._blob = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )


def drop_stale_parts(document) -> None:
    part = document.part
    for rId, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS_RELTYPE:
            part.drop_rel(rId)
    package = part.package
    for rId, rel in list(package.rels.items()):
        if rel.reltype == THUMBNAIL_RELTYPE:
            del package.rels[rId]


def set_core_properties(document) -> None:
    cp = document.core_properties
    cp.title = "tdagdoc reference document"
    cp.subject = "Styles and page setup of ITU TDAG contributions"
    cp.author = "tdagdoc"
    cp.last_modified_by = "tdagdoc"
    cp.comments = "Built by scripts/build_reference_doc.py; do not edit by hand."
    cp.keywords = ""
    cp.category = ""
    cp.revision = 1
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.language = LANG


# --------------------------------------------------------------------------- build


def build_document():
    """The reference document as a python-docx ``Document`` (not yet saved)."""
    document = docx.Document()
    set_page(document)
    set_settings(document)
    set_doc_defaults(document)
    add_paragraph_styles(document)
    add_character_styles(document)
    add_table_styles(document)
    add_east_asian_font(document)
    drop_stale_parts(document)
    set_core_properties(document)
    missing = [name for name in S.ALL_STYLES if name not in document.styles]
    if missing:  # pragma: no cover - a bug in this script
        raise RuntimeError(f"styles not defined: {missing}")
    return document


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a package with fixed entry order, timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        names = sorted(zin.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        with zipfile.ZipFile(out, "w") as zout:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                zout.writestr(info, zin.read(name), compresslevel=9)
    return out.getvalue()


def build_bytes() -> bytes:
    """The bytes of the reference document (the same on every call)."""
    buffer = io.BytesIO()
    build_document().save(buffer)
    return normalize_zip(buffer.getvalue())


def build(output: Path = DEFAULT_OUTPUT) -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(build_bytes())
    return output


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-o", "--output", type=Path, default=DEFAULT_OUTPUT,
        help=f"where to write the document (default: {DEFAULT_OUTPUT.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    path = build(args.output)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

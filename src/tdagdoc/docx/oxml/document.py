"""Document-wide settings: language marks, section direction, running header."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

from tdagdoc.docx.oxml import sub
from tdagdoc.docx.oxml.footnotes import bidi

_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)
_SECTPR_SUCCESSORS_OF_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_SETTINGS_SUCCESSORS_OF_LANG = (
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "w:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator",
)


def set_language(document: DocxDocument, val: str, east_asia: str, bidi: str) -> None:
    """Mark the document's language in the style defaults and the theme font settings.

    Word takes Latin text's language from ``w:val``, Chinese text's from
    ``w:eastAsia`` and Arabic text's from ``w:bidi``.
    """
    styles = document.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    if doc_defaults is None:
        doc_defaults = etree.Element(qn("w:docDefaults"))
        styles.insert(0, doc_defaults)
    rpr_default = doc_defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(qn("w:rPrDefault"))
        doc_defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = sub(rpr_default, "w:rPr")
    _set_in_order(rpr, "w:lang", {"w:val": val, "w:eastAsia": east_asia, "w:bidi": bidi},
                  _RPR_ORDER)
    settings = document.settings.element
    _set_in_order(settings, "w:themeFontLang",
                  {"w:val": val, "w:eastAsia": east_asia, "w:bidi": bidi},
                  ("w:clrSchemeMapping",), successors=_SETTINGS_SUCCESSORS_OF_LANG)


# Word's own kinsoku lists for Simplified Chinese (what Word writes for its "Standard"
# level), and the characters that hold a number to its Chinese unit: no line starts with
# 年, 月, 日, 万, 亿, 元 or a measure word, none ends with 第, 年, 月, 万 or 亿, so that
# "2027年12月31日", "3 380万美元" and "第32次" stay whole in Word. LibreOffice does not
# import these lists (README, "What LibreOffice still breaks").
WORD_NO_BREAK_AFTER_ZH = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"
WORD_NO_BREAK_BEFORE_ZH = ("!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞"
                           "！＂％＇），．：；？］｀｜｝～￠")
NUMBER_UNITS_AFTER_ZH = "第年月万亿"
NUMBER_UNITS_BEFORE_ZH = "年月日万亿元个份号次项位节"
_SETTINGS_SUCCESSORS_OF_KINSOKU = (
    "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml",
    "w:ignoreMixedContent", "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr",
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", *_SETTINGS_SUCCESSORS_OF_LANG,
)


def set_chinese_line_breaks(document: DocxDocument, lang_tag: str) -> None:
    """Word's custom kinsoku for ``lang_tag`` (``zh-CN``): its standard lists, and a
    number never parted from its Chinese unit (:data:`NUMBER_UNITS_BEFORE_ZH`)."""
    settings = document.settings.element
    before = _set_in_order(settings, "w:noLineBreaksBefore",
                           {"w:lang": lang_tag,
                            "w:val": WORD_NO_BREAK_BEFORE_ZH + NUMBER_UNITS_BEFORE_ZH},
                           (), successors=_SETTINGS_SUCCESSORS_OF_KINSOKU)
    after = settings.find(qn("w:noLineBreaksAfter"))
    if after is not None:
        settings.remove(after)
    before.addprevious(etree.Element(qn("w:noLineBreaksAfter"), {
        qn("w:lang"): lang_tag, qn("w:val"): WORD_NO_BREAK_AFTER_ZH + NUMBER_UNITS_AFTER_ZH}))


def _set_in_order(
    parent: etree._Element,
    tag: str,
    attrs: dict[str, str],
    order: tuple[str, ...],
    successors: tuple[str, ...] | None = None,
) -> etree._Element:
    """Replace (or add) child ``tag`` with ``attrs`` at its schema position."""
    old = parent.find(qn(tag))
    el = etree.Element(qn(tag))
    for k, v in attrs.items():
        el.set(qn(k), v)
    if old is not None:
        parent.replace(old, el)
        return el
    after = successors if successors is not None else order[order.index(tag) + 1:]
    for child in parent:
        if child.tag in {qn(t) for t in after}:
            child.addprevious(el)
            return el
    parent.append(el)
    return el


def set_section_rtl(document: DocxDocument) -> None:
    """Make every section right-to-left (Word's "section direction"), and the default
    paragraph style.

    Word draws the footnote separator as its separator paragraph runs; LibreOffice
    reads no separator paragraph and puts the line at the right only when the
    default paragraph style is right-to-left.
    """
    for section in document.sections:
        sect_pr = section._sectPr
        if sect_pr.find(qn("w:bidi")) is None:
            _set_in_order(sect_pr, "w:bidi", {}, (), successors=_SECTPR_SUCCESSORS_OF_BIDI)
    for style in document.styles.element.iterfind(qn("w:style")):
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in _ON:
            ppr = style.find(qn("w:pPr"))
            if ppr is None:
                ppr = etree.Element(qn("w:pPr"))
                later = [c for c in style if c.tag in {qn(t) for t in _STYLE_AFTER_PPR}]
                if later:
                    later[0].addprevious(ppr)
                else:
                    style.append(ppr)
            bidi(style)


_ON = ("1", "true", "on")
_STYLE_AFTER_PPR = ("w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")

"""The footnotes part: created on first use, with Word's two separators.

Word needs footnotes ``-1`` (separator) and ``0`` (continuation separator)
before the real notes, which are numbered from 1 in reading order.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml.parser import parse_xml
from docx.parts.document import DocumentPart
from lxml import etree

from tdagdoc.docx.oxml import qn, sub

_EMPTY = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


class Footnotes:
    """The document's footnotes part, filled note by note."""

    def __init__(self, document_part: DocumentPart, rtl: bool = False) -> None:
        self.part = _footnotes_part(document_part)
        self.root = self.part.element
        for note in self.root.findall(qn("w:footnote")):
            if note.get(qn("w:type")) in (None, "normal"):
                self.root.remove(note)
            elif rtl:  # the separator lines start at the right margin, as the text does
                for p in note.iter(qn("w:p")):
                    bidi(p)
        self.next_id = 1

    def add(self) -> tuple[int, etree._Element]:
        """A new, empty ``w:footnote``; returns its id and the element to fill."""
        note_id = self.next_id
        self.next_id += 1
        note = sub(self.root, "w:footnote", {"w:id": str(note_id)})
        return note_id, note


def _footnotes_part(document_part: DocumentPart) -> XmlPart:
    """The existing footnotes part of a reference document, or a new one."""
    for rel in document_part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            return _as_xml(document_part, rel.rId, rel.target_part)
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_EMPTY),
                   document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    return part


def _as_xml(document_part: DocumentPart, rid: str, part: Part) -> XmlPart:
    """A reference document's footnotes part as XML, so that its separators can be kept.

    python-docx loads a part it has no class for as bytes. Registering a class in
    its part factory would change every document any code in the process opens,
    so the part is parsed here, for this document only, with its own relationships.
    """
    if isinstance(part, XmlPart):
        return part
    xml: XmlPart = XmlPart.load(part.partname, part.content_type, part.blob, part.package)
    for rel in part.rels.values():
        xml.load_rel(rel.reltype, rel.target_ref if rel.is_external else rel.target_part,
                     rel.rId, rel.is_external)
    del document_part.rels[rid]
    document_part.load_rel(RT.FOOTNOTES, xml, rid)
    return xml


def reference(parent: etree._Element, note_id: int, style_id: str) -> None:
    """Append the superscript reference mark to a paragraph of the body."""
    r = sub(parent, "w:r")
    sub(sub(r, "w:rPr"), "w:rStyle", {"w:val": style_id})
    sub(r, "w:footnoteReference", {"w:id": str(note_id)})


def mark(parent: etree._Element, style_id: str) -> None:
    """Append the note's own number at the start of its text, then a tab."""
    r = sub(parent, "w:r")
    sub(sub(r, "w:rPr"), "w:rStyle", {"w:val": style_id})
    sub(r, "w:footnoteRef")
    sub(sub(parent, "w:r"), "w:tab")


# pPr children that come after w:bidi (CT_PPrBase), for inserting it in schema order.
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def bidi(p: etree._Element, rtl: bool = True) -> None:
    """Make a paragraph (or a paragraph style) right-to-left, or with ``rtl`` false
    explicitly left-to-right: ``w:bidi`` in its properties, in schema order."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    if ppr.find(qn("w:bidi")) is not None:
        return
    bidi = etree.Element(qn("w:bidi"))
    if not rtl:
        bidi.set(qn("w:val"), "0")
    after = {qn(t) for t in _AFTER_BIDI}
    for child in ppr:
        if child.tag in after:
            child.addprevious(bidi)
            return
    ppr.append(bidi)

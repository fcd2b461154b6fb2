"""The only place that writes raw WordprocessingML.

python-docx lacks footnotes, paragraph direction, East-Asian and complex-script
language marks, repeated header rows, fields and charts; these small modules
add them, inserting every element in the order the schema requires.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

__all__ = ["qn", "sub"]


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """Append a ``w:``-style child (``tag`` like ``"w:p"``) with prefixed attributes.

    The child is made in the parent's document, so python-docx's element
    classes apply to it as to the elements python-docx makes itself.
    """
    el = etree.SubElement(parent, qn(tag))
    if attrs:
        for key, value in attrs.items():
            el.set(qn(key), value)
    return el

"""Layout tables (the header block, the boxes, the contact box) in one pass, mirrored for
right-to-left.

python-docx's table API rebuilds its cell grid on every call; here rows and cells
are appended directly. Data tables are written by :mod:`.stream`.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from tdagdoc.docx.oxml import sub
from tdagdoc.docx.oxml.text import Direction


def table(
    parent: etree._Element,
    style_id: str | None,
    widths: Sequence[int],
    direction: Direction,
) -> etree._Element:
    """Append a ``w:tbl`` with fixed column widths (twentieths of a point)."""
    tbl = sub(parent, "w:tbl")
    pr = sub(tbl, "w:tblPr")
    if style_id:
        sub(pr, "w:tblStyle", {"w:val": style_id})
    if direction.rtl:
        sub(pr, "w:bidiVisual")
    sub(pr, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
    sub(pr, "w:tblLayout", {"w:type": "fixed"})
    sub(pr, "w:tblLook", {"w:val": "04A0", "w:firstRow": "1", "w:lastRow": "0",
                          "w:firstColumn": "1", "w:lastColumn": "0", "w:noHBand": "0",
                          "w:noVBand": "1"})
    grid = sub(tbl, "w:tblGrid")
    for w in widths:
        sub(grid, "w:gridCol", {"w:w": str(w)})
    return tbl


def row(tbl: etree._Element) -> etree._Element:
    """Append a row that never splits across pages."""
    tr = sub(tbl, "w:tr")
    sub(sub(tr, "w:trPr"), "w:cantSplit")
    return tr


def cell(tr: etree._Element, width: int, v_align: str | None = None) -> etree._Element:
    """Append a cell; the caller must put at least one paragraph in it."""
    tc = sub(tr, "w:tc")
    pr = sub(tc, "w:tcPr")
    sub(pr, "w:tcW", {"w:w": str(width), "w:type": "dxa"})
    if v_align:
        sub(pr, "w:vAlign", {"w:val": v_align})
    return tc

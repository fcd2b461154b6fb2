"""Tracked changes: ``w:ins`` and ``w:del`` around what the other writers wrote.

A revision shows what changed since the previous version as Word's Compare does.
The paragraph, run and table writers stay as they are; this module marks what
they appended: runs are moved into ``w:ins``/``w:del`` (inside a hyperlink, which
a change cannot hold), deleted text becomes ``w:delText``, a paragraph inserted
or deleted whole has its mark changed too (``w:pPr/w:rPr``), and so has a table
row (``w:trPr``). Every change carries the author, the date and an id unique in
the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from lxml import etree

from tdagdoc.docx.oxml import qn

Kind = Literal["ins", "del"]

_RUN, _HYPERLINK, _FIELD = qn("w:r"), qn("w:hyperlink"), qn("w:fldSimple")
_DELETED_TEXT = {qn("w:t"): qn("w:delText"), qn("w:instrText"): qn("w:delInstrText")}


class Changes:
    """The tracked changes of one document: who made them, when, and the next id."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = f"{date}T00:00:00Z"  # the revision's date; no clock, same bytes
        self.count = 0

    def _change(self, kind: Kind) -> etree._Element:
        el = etree.Element(qn(f"w:{kind}"))
        el.set(qn("w:id"), str(self.count))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self.count += 1
        return el

    def wrap(self, parent: etree._Element, start: int, kind: Kind) -> None:
        """Mark the children of ``parent`` from index ``start`` on: runs next to each
        other go into one ``w:ins`` or ``w:del``; a hyperlink's or a field's runs are
        marked inside it."""
        group: etree._Element | None = None
        for child in list(parent)[start:]:
            if child.tag == _RUN:
                if group is None:
                    group = self._change(kind)
                    child.addprevious(group)
                group.append(child)
                if kind == "del":
                    for el in child.iter(*_DELETED_TEXT):
                        el.tag = _DELETED_TEXT[el.tag]
            else:
                group = None
                if child.tag in (_HYPERLINK, _FIELD):
                    self.wrap(child, 0, kind)

    def mark_paragraph(self, p: etree._Element, kind: Kind) -> None:
        """The paragraph mark itself inserted or deleted (``w:pPr/w:rPr``): accepting a
        deletion joins the paragraph to the next, as in Word."""
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = etree.Element(qn("w:pPr"))
            p.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:  # after every other paragraph property the writers set
            rpr = etree.SubElement(ppr, qn("w:rPr"))
        rpr.insert(0, self._change(kind))

    def mark(self, elements: Iterable[etree._Element], kind: Kind) -> None:
        """Everything in ``elements`` (paragraphs, tables) inserted or deleted whole."""
        for element in elements:
            for p in element.iter(qn("w:p")):
                self.wrap(p, 0, kind)
                self.mark_paragraph(p, kind)
            for tr in element.iter(qn("w:tr")):
                tr_pr = tr.find(qn("w:trPr"))
                if tr_pr is None:  # after w:tblPrEx, before the cells
                    tr_pr = etree.Element(qn("w:trPr"))
                    ex = tr.find(qn("w:tblPrEx"))
                    tr.insert(0 if ex is None else 1, tr_pr)
                tr_pr.append(self._change(kind))

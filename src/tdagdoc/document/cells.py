"""Table cells in the ITU table styles, for the report's and the INF document's tables."""

from __future__ import annotations

from typing import Literal

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.l10n.formatting import Formatter

Align = Literal["start", "center", "end"]


def proportional_widths(weights: list[int], total: int = styles.TEXT_WIDTH
                        ) -> tuple[int, ...]:
    """Column widths adding up to ``total``, in proportion to ``weights`` (rounded down,
    the remainder to the last column); the writer fits them to the real text width.

    >>> proportional_widths([2, 1, 1])
    (4819, 2409, 2410)
    """
    scaled = [total * w // sum(weights) for w in weights[:-1]]
    return (*scaled, total - sum(scaled))


def cell(text: str, align: Align = "start", bold: bool = False, head: bool = False) -> b.Cell:
    """A one-paragraph cell in the table text (or heading) style.

    >>> cell("12", "end").paragraphs[0].plain
    '12'
    """
    style = styles.TABLE_HEAD if head else styles.TABLE_TEXT
    return b.Cell((b.Paragraph((b.Text(text),), style),), align=align, bold=bold)


def runs(text: str, fmt: Formatter, bold: bool = False, italic: bool = False
         ) -> tuple[b.Text, ...]:
    """``text`` as runs, those the language raises set as superscript ("1er" in French).

    >>> from tdagdoc.languages import get_lang
    >>> [(t.text, t.superscript) for t in runs("1er mars", Formatter(get_lang("fr")))]
    [('1', False), ('er', True), (' mars', False)]
    """
    return tuple(b.Text(piece, bold, italic, raised) for piece, raised in fmt.superscripts(text))


def header_row(*texts: str) -> tuple[tuple[b.Cell, ...], ...]:
    """One header row of centred heading cells."""
    return (tuple(cell(t, "center", head=True) for t in texts),)


def whole(text: str) -> str:
    """``text`` with no-break spaces, for a cell that must not wrap (a date).

    >>> whole("12 de septiembre de 2024")
    '12\xa0de\xa0septiembre\xa0de\xa02024'
    """
    return text.replace(" ", "\u00a0")

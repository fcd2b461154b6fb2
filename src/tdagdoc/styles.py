"""The style names the writer uses, in one list.

The look of each style (fonts, sizes, spacing, borders) lives in the Word
reference document, built by ``scripts/build_reference_doc.py``; code never sets
fonts inline. A user may pass another reference document (for example ITU's
own template) as long as it defines these names.
"""

from __future__ import annotations

TEXT_WIDTH = 9638
"""The text width in twentieths of a point: A4 portrait (11 906) less two 2 cm margins
(1 134 each) of the shipped reference document. The document builders size tables for
it; the writer scales them to the width of the reference document actually used."""

NORMAL = "Normal"
HEADING_1 = "Heading 1"
HEADING_2 = "Heading 2"
HEADING_3 = "Heading 3"
SOURCE = "Source"
TITLE = "Title 1"
ANNEX_NO = "AnnexNo"  # "Annex 1", on the line above the annex's title
HEADINGB = "Headingb"
ENUMLEV1 = "enumlev1"
ENUMLEV2 = "enumlev2"  # a list's second level
CALL = "Call"
TABLE_HEAD = "Tablehead"
TABLE_TEXT = "Tabletext"
TABLE_LEGEND = "Tablelegend"
FIGURE_TITLE = "Figure_title"
TABLE_TITLE = "Table_title"  # above its table, kept with it; no figure's gap below
FIGURE = "Figure"
CLOSING = "Reasons"
FOOTNOTE_TEXT = "Footnote Text"
FOOTNOTE_REFERENCE = "Footnote Reference"
HYPERLINK = "Hyperlink"
HEADER = "Header"
HEADER_BLOCK = "Header_block"

# table styles
DATA_TABLE = "ITU Data Table"
BOX_TABLE = "ITU Box"
PLAIN_TABLE = "ITU Plain Table"

PARAGRAPH_STYLES = (
    NORMAL, HEADING_1, HEADING_2, HEADING_3, SOURCE, TITLE, ANNEX_NO, HEADINGB, ENUMLEV1,
    ENUMLEV2, CALL,
    TABLE_HEAD, TABLE_TEXT, TABLE_LEGEND, FIGURE_TITLE, FIGURE, CLOSING, FOOTNOTE_TEXT,
    HEADER, HEADER_BLOCK, TABLE_TITLE,
)
CHARACTER_STYLES = (FOOTNOTE_REFERENCE, HYPERLINK)
TABLE_STYLES = (DATA_TABLE, BOX_TABLE, PLAIN_TABLE)
ALL_STYLES = PARAGRAPH_STYLES + CHARACTER_STYLES + TABLE_STYLES

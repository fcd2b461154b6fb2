"""The style names the writer uses, in one list.

The look of each style (fonts, sizes, spacing, borders) lives in the Word
reference document, built by ``scripts/build_reference_doc.py``; code never sets
fonts inline. A user may pass another reference document (for example ITU's
own template) as long as it defines these names.
"""

from __future__ import annotations

NORMAL = "Normal"
HEADING_1 = "Heading 1"
HEADING_2 = "Heading 2"
SOURCE = "Source"
TITLE = "Title 1"
HEADINGB = "Headingb"
ENUMLEV1 = "enumlev1"
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
    NORMAL, HEADING_1, HEADING_2, SOURCE, TITLE, HEADINGB, ENUMLEV1, CALL,
    TABLE_HEAD, TABLE_TEXT, TABLE_LEGEND, FIGURE_TITLE, FIGURE, CLOSING, FOOTNOTE_TEXT,
    HEADER, HEADER_BLOCK, TABLE_TITLE,
)
CHARACTER_STYLES = (FOOTNOTE_REFERENCE, HYPERLINK)
TABLE_STYLES = (DATA_TABLE, BOX_TABLE, PLAIN_TABLE)
ALL_STYLES = PARAGRAPH_STYLES + CHARACTER_STYLES + TABLE_STYLES

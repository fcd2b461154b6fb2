"""The numbered titles of tables and figures, "Table n – title" and "Figure n – title".

One builder for the report's templates, the data files and the Markdown contributions,
so that the wording, the style (Table_title above a table, Figure_title below a figure)
and the bookmark a cross-reference points to are the same wherever a caption is made.
"""

from __future__ import annotations

from typing import Literal

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.l10n.localizer import Localizer

Kind = Literal["table", "figure"]


def caption(loc: Localizer, kind: Kind, number: int, title: str,
            anchor: str = "") -> b.Paragraph:
    """The caption of table or figure ``number``, its number bookmarked as ``anchor``
    when a cross-reference points to it.

    >>> import gettext
    >>> from tdagdoc.languages import get_lang
    >>> loc = Localizer(get_lang("en"), gettext.NullTranslations())
    >>> para = caption(loc, "figure", 3, "Members")
    >>> para.plain, para.style
    ('Figure 3 – Members', 'Figure_title')
    """
    if kind == "table":
        text = loc._("Table {number} – {title}", number=number, title=title)
        return b.Paragraph(numbered(text, number, anchor), styles.TABLE_TITLE)
    text = loc._("Figure {number} – {title}", number=number, title=title)
    return b.Paragraph(numbered(text, number, anchor), styles.FIGURE_TITLE)


def numbered(text: str, number: int, anchor: str) -> tuple[b.Inline, ...]:
    """A caption or title with its number bookmarked when a cross-reference points to it.

    >>> [type(i).__name__ for i in numbered("Table 2 – Projects", 2, "_Ref_p")]
    ['Text', 'Bookmark', 'Text']
    >>> numbered("Table 2 – Projects", 2, "")
    (Text(text='Table 2 – Projects', bold=False, italic=False, superscript=False),)
    """
    at = text.find(str(number))
    if not anchor or at < 0:
        return (b.Text(text),)
    end = at + len(str(number))
    return tuple(i for i in (b.Text(text[:at]), b.Bookmark(anchor, text[at:end]),
                             b.Text(text[end:])) if not isinstance(i, b.Text) or i.text)

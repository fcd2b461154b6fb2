"""The data's highlight paragraphs as the templates' markup, every piece of text escaped.

The narrative reads the result like any template output, so a highlight's
emphasis, strong text, links and footnotes become the same blocks as the
templates' own ``<i>``, ``<b>``, ``<a href>`` and ``<fn>``; anything else in the data, ``<b>`` or
``{{ x }}`` included, is escaped here and prints literally.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from tdagdoc.input.markup import Link, NoteRef, Text, parse
from tdagdoc.input.models import Highlight
from tdagdoc.l10n.localizer import Localizer


def to_markup(h: Highlight, loc: Localizer, where: str) -> Markup:
    """The paragraph's inline markup in ``loc``'s language (English, noted, when missing).

    >>> from tdagdoc.input.models import Localized
    >>> from tdagdoc.languages import get_lang
    >>> import gettext
    >>> loc = Localizer(get_lang("fr"), gettext.NullTranslations())
    >>> h = Highlight(text=Localized(en="*New* <b>[site](https://a.int/?x=1&y=2)[^n]"),
    ...               notes={"n": Localized(en="Since {{ 2024 }}.")})
    >>> print(to_markup(h, loc, "highlights[0]"))
    <i>New</i> &lt;b&gt;<a href="https://a.int/?x=1&amp;y=2">site</a><fn>Since {{ 2024 }}.</fn>
    >>> [p.where for p in loc.missing]
    ['highlights[0].text', 'highlights[0].notes.n']
    >>> print(to_markup(Highlight(text=Localized(en="**All *six*.**")), loc, "highlights[1]"))
    <b>All </b><b><i>six</i></b><b>.</b>
    """
    return _inline(loc.name(h.text, f"{where}.text"), h, loc, where)


def _inline(text: str, h: Highlight | None, loc: Localizer, where: str) -> Markup:
    out = Markup()
    for piece in parse(text):  # the data was checked: links are http(s), notes exist
        if isinstance(piece, Text):
            text = escape(piece.text)
            if piece.italic:
                text = Markup("<i>{}</i>").format(text)
            out += Markup("<b>{}</b>").format(text) if piece.bold else text
        elif isinstance(piece, Link):
            out += Markup('<a href="{}">{}</a>').format(piece.url, piece.text)
        elif isinstance(piece, NoteRef) and h is not None:
            note = loc.name(h.notes[piece.name], f"{where}.notes.{piece.name}")
            out += Markup("<fn>{}</fn>").format(_inline(note, None, loc, where))
    return out

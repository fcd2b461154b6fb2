"""Every way a user's template can fail is a :class:`TemplateProblem` naming the place.

Each case is a one-file override of ``report.xml.j2``; the message must name the
file and, where Jinja2 knows it, the line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tdagdoc
from tdagdoc import figures
from tdagdoc.document.narrative import Source, build_document
from tdagdoc.document.sandbox import TemplateProblem
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.l10n.translations import translations
from tdagdoc.languages import get_lang

CASES = {
    "syntax error": (
        "<document>\n<p>{% if year %}</p>\n</document>\n",
        r"^report\.xml\.j2:2: Unexpected end of template\. Jinja was looking for the following "
        r"tags: 'elif' or 'else' or 'endif'"),
    "missing include": (
        '<document>\n{% include "_nothere.xml.j2" %}\n</document>\n',
        r"report\.xml\.j2:2: no template named '_nothere\.xml\.j2'$"),
    "undefined name": (
        "<document>\n<p>\n{{ nothing_by_this_name }}</p>\n</document>\n",
        r"report\.xml\.j2:3: 'nothing_by_this_name' is undefined$"),
    "undefined name given to a filter": (
        "<document>\n<p>{{ nothing_here|amount }}</p>\n</document>\n",
        r"report\.xml\.j2:2: 'nothing_here' is undefined$"),
    "python error in a filter": (
        "<document>\n\n<p>{{ 'many'|integer }}</p>\n</document>\n",
        r"report\.xml\.j2:3: [A-Za-z]+Error: "),
    "division by zero": (
        "<document>\n<p>{{ 1 // 0 }}</p>\n</document>\n",
        r"report\.xml\.j2:2: ZeroDivisionError: "),
    "sandbox refusal": (
        "<document><p>{{ f.__class__.__mro__ }}</p></document>\n",
        r"report\.xml\.j2:1: .*__class__"),
    "markup not well formed": (
        "<document><p>unclosed</document>\n",
        r"^report\.xml\.j2:1: rendered markup is not well formed: "),
    "bad orientation": (
        '<document orientation="sideways"/>\n',
        r"^report\.xml\.j2:1: orientation must be portrait or landscape, not 'sideways'$"),
    "unknown block": (
        "<document><marquee>x</marquee></document>\n",
        r"^report\.xml\.j2:1: unknown block <marquee> in the template markup$"),
    "unknown inline": (
        "<document><p>a <blink>b</blink></p></document>\n",
        r"^report\.xml\.j2:1: unknown inline <blink> in the template markup$"),
    "contact box row of two cells": (
        "<document><contact-box><row><c>a</c><c>b</c></row></contact-box></document>\n",
        r"^report\.xml\.j2:1: a <row> of <contact-box> needs three <c> cells$"),
    "unknown table": (
        '<document><table ref="nope"/></document>\n',
        r"^report\.xml\.j2:1: no table named 'nope'; known: top-partners, "),
    "unknown chart": (
        '<document><chart ref="pie"/></document>\n',
        r"^report\.xml\.j2:1: no chart named 'pie'; known: partners-by-type, "),
}


@pytest.mark.parametrize("case", CASES)
def test_a_broken_template_is_a_problem_naming_the_place(
    example: tdagdoc.Report, tmp_path: Path, case: str
) -> None:
    text, expected = CASES[case]
    (tmp_path / "report.xml.j2").write_text(text, encoding="utf-8")
    loc = Localizer(get_lang("en"), translations(get_lang("en")))
    with pytest.raises(TemplateProblem) as caught:
        build_document(example, figures.compute(example), loc, Source(tmp_path))
    message = str(caught.value)
    if message.startswith(str(tmp_path)):  # the file named by its full path
        message = message[len(str(tmp_path)) + 1:]
    assert re.search(expected, message), message


def test_the_same_override_renders_when_fixed(example: tdagdoc.Report, tmp_path: Path) -> None:
    """The cases above fail for what they change, not for the override itself."""
    (tmp_path / "report.xml.j2").write_text(
        '<document orientation="landscape"><p>{{ f.partners|integer }} partners</p>'
        '<contact-box><row><c>a</c><c>b</c><c>c</c></row></contact-box></document>\n',
        encoding="utf-8")
    loc = Localizer(get_lang("en"), translations(get_lang("en")))
    doc = build_document(example, figures.compute(example), loc, Source(tmp_path))
    assert doc.meta.landscape
    assert [p.plain for p in doc.blocks[:1]] == ["73\xa0partners"]  # a count keeps with its word

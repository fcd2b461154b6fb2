"""Layout that revisers check on the page: keeps, spacing, separators, legends.

Each rule is checked in the Word XML (fast, no LibreOffice) and, where LibreOffice
lays it out, on the rendered pages of the example's reports and INF documents in
the six languages.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from conftest import NS, Docx
from rendered import line_texts, pages
from tdagdoc.languages import LANGUAGE_CODES

W = f"{{{NS['w']}}}"
CLOSING_RULE = "______________"


def _style_ids(doc: Docx) -> dict[str, str]:
    styles = doc.xml("word/styles.xml")
    return {s.find("w:name", NS).get(f"{W}val"): s.get(f"{W}styleId")
            for s in styles.iterfind("w:style", NS)}


def _table_titles(doc: Docx) -> list[etree._Element]:
    """The caption paragraphs that stand right above a table."""
    title = _style_ids(doc)["Table_title"]
    return [p for p in doc.body.iterfind("w:p", NS)
            if p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == title
            and (nxt := p.getnext()) is not None and nxt.tag == f"{W}tbl"]


# --- in the Word XML --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_a_tables_title_stands_on_its_table(docs: dict[str, Docx], lang: str):
    titles = _table_titles(docs[lang])
    assert len(titles) >= 3
    for p in titles:
        ppr = p.find("w:pPr", NS)
        assert ppr.find("w:keepNext", NS) is not None
    # Its style stands it on its table: 6 pt after, not the figure title's 480 twips.
    style = docs[lang].xml("word/styles.xml").find(
        f"w:style[@w:styleId='{_style_ids(docs[lang])['Table_title']}']", NS)
    assert style.find("w:pPr/w:spacing", NS).get(f"{W}after") == "120"
    assert style.find("w:pPr/w:keepNext", NS) is not None


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_closing_rule_and_contact_box_keep_together(docs: dict[str, Docx], lang: str):
    body = docs[lang].body
    rule = next(p for p in body.iterfind("w:p", NS)
                if "".join(map(str, p.itertext())).strip() == CLOSING_RULE)
    assert rule.find("w:pPr/w:keepNext", NS) is not None
    box = rule.getnext()
    assert box.tag == f"{W}tbl"
    rows = box.findall("w:tr", NS)
    assert len(rows) == 3
    for i, tr in enumerate(rows):
        assert tr.find("w:trPr/w:cantSplit", NS) is not None
        kept = [p.find("w:pPr/w:keepNext", NS) is not None for p in tr.iter(f"{W}p")]
        assert kept == [i < len(rows) - 1] * len(kept), (i, kept)


def test_arabic_default_paragraph_style_is_right_to_left(docs: dict[str, Docx]):
    """LibreOffice puts the footnote separator at the right only when it is."""
    for lang, doc in docs.items():
        normal = doc.xml("word/styles.xml").find(
            "w:style[@w:type='paragraph'][@w:default='1']", NS)
        has = normal.find("w:pPr/w:bidi", NS) is not None
        assert has == (lang == "ar"), lang
    # ...so what must stay left-to-right says so: the paragraphs that hold charts.
    arabic = docs["ar"].body
    drawings = [p for p in arabic.iterfind("w:p", NS) if p.find(".//w:drawing", NS) is not None]
    assert drawings
    for p in drawings:
        assert p.find("w:pPr/w:bidi", NS).get(f"{W}val") == "0"
    others = [p for p in arabic.iter(f"{W}p") if p not in drawings]
    assert all(p.find("w:pPr/w:bidi", NS) is not None for p in others)


def test_single_series_bars_have_no_legend_and_others_keep_theirs(docs: dict[str, Docx]):
    for lang, doc in docs.items():
        for name in (n for n in doc.names if re.fullmatch(r"word/charts/chart\d+\.xml", n)):
            root = doc.xml(name)
            plot = root.find("c:chart/c:plotArea", NS)
            series = plot.findall(".//c:ser", NS)
            pie = plot.find("c:pieChart", NS) is not None
            legend = root.find("c:chart/c:legend", NS)
            assert (legend is not None) == (pie or len(series) > 1), (lang, name)


# --- on the rendered pages ----------------------------------------------------------------


def _rules(pdf: Path, dpi: int = 50, margin_cm: float = 2.0) -> list[list[tuple[float, float]]]:
    """Per page, the short lone horizontal rules of the lower half (the footnote separator,
    the closing line), as (start, end) fractions of the text width from the left margin."""
    from PIL import Image

    found: list[list[tuple[float, float]]] = []
    with tempfile.TemporaryDirectory(prefix="tdagdoc-rules-") as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-png", str(pdf), f"{tmp}/p"],
                       check=True, capture_output=True)
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        for f in files:
            with Image.open(f) as image:
                gray = image.convert("L")
                w, h = gray.size
                px = gray.load()  # a gray image's pixels are ints
                margin = round(margin_cm / 2.54 * dpi)
                text = w - 2 * margin
                rules = []
                for y in range(h // 2, h - margin):
                    dark = [x for x in range(w) if px[x, y] < 200]  # type: ignore[operator]
                    if not dark or len(dark) != dark[-1] - dark[0] + 1:
                        continue
                    x0, x1 = dark[0], dark[-1]
                    if 0.15 * text <= x1 - x0 <= 0.45 * text and all(
                            px[x, y - 2] > 245 and px[x, y + 2] > 245  # type: ignore[operator]
                            for x in range(x0, x1 + 1)):
                        rules.append(((x0 - margin) / text, (x1 - margin) / text))
                found.append(rules)
    return found


@pytest.mark.conformance
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_footnote_separators_start_where_the_text_starts(rendered, lang: str):
    _, pdf = rendered["report", lang]
    separators = [(x0, x1) for page in _rules(pdf) for x0, x1 in page
                  if x0 < 0.03 or x1 > 0.97]  # at a margin: not the centred closing line
    assert separators, "no footnote separator found"
    for x0, x1 in separators:
        if lang == "ar":
            assert x1 > 0.97 and x0 > 0.5, (x0, x1)
        else:
            assert x0 < 0.03 and x1 < 0.5, (x0, x1)


def _squeezed(text: str) -> str:
    """Text without spaces or invisible format characters, to compare the .docx and the PDF."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


# pdftotext gives Arabic lines in visual order, which cannot be matched to the caption's
# text; the Arabic titles are written by the same code, checked in the XML above.
@pytest.mark.conformance
@pytest.mark.parametrize("lang", [code for code in LANGUAGE_CODES if code != "ar"])
def test_no_blank_line_between_a_tables_title_and_the_table(rendered, docs, lang: str):
    _, pdf = rendered["report", lang]
    captions = [_squeezed("".join(map(str, p.itertext()))) for p in _table_titles(docs[lang])]
    gaps = []
    for caption in captions:
        for page in pages(pdf):
            lines = sorted((min(w.y0 for w in line), max(w.y1 for w in line),
                            _squeezed("".join(w.text for w in line))) for line in page.lines)
            # The caption's lines, from the one that starts it, as long as they go on with it.
            start = next((i for i, (_, _, text) in enumerate(lines)
                          if len(text) >= 8 and caption.startswith(text)), None)
            if start is None:
                continue
            rest, bottom = caption, 0.0
            for _, y1, text in lines[start:]:
                if not (text and rest.startswith(text)):
                    break
                rest, bottom = rest[len(text):], y1
            below = [y0 for y0, _, _ in lines if y0 > bottom + 0.5]
            if below:
                gaps.append(min(below) - bottom)
            break
    assert len(gaps) == len(captions), (captions, gaps)
    assert all(gap < 16 for gap in gaps), gaps  # 6 pt and the header cell's margin


@pytest.mark.conformance
@pytest.mark.parametrize("kind", ["report", "inf"])
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_contact_box_is_on_the_page_of_its_closing_rule(rendered, kind: str, lang: str):
    docx, pdf = rendered[kind, lang]
    doc = Docx(docx)
    box = next(t for t in doc.body.iterfind("w:tbl", NS)
               if (prev := t.getprevious()) is not None
               and "".join(map(str, prev.itertext())).strip() == CLOSING_RULE)
    rows = [[_squeezed(t) for t in doc.paragraphs(tr)] for tr in box.iterfind("w:tr", NS)]
    keys = [CLOSING_RULE, rows[1][-1], rows[2][-1]]  # the phone and the e-mail: Latin text
    where: dict[str, int] = {}
    for n, page in enumerate(pages(pdf)):
        text = _squeezed("".join(w.text for line in page.lines for w in line))
        for key in keys:
            if key in text:
                where.setdefault(key, n)
    assert len(set(where.values())) == 1 and len(where) == len(keys), where


@pytest.mark.conformance
@pytest.mark.parametrize("lang", [c for c in LANGUAGE_CODES if c != "ar"])
def test_the_contact_labels_stand_on_one_line(rendered, lang: str):
    """"Nombre/Organización/Entidad:" and "Для контактов:" wrapped in the box's fixed
    columns; each label column is now as wide as its longest label. (Arabic: pdftotext
    gives its words in visual order, so the check reads the other five.)"""
    docx, pdf = rendered["report", lang]
    doc = Docx(docx)
    box = next(t for t in doc.body.iterfind("w:tbl", NS)
               if (prev := t.getprevious()) is not None
               and "".join(map(str, prev.itertext())).strip() == CLOSING_RULE)
    labels = {_squeezed(t) for tr in box.iterfind("w:tr", NS)
              for t in doc.paragraphs(tr)[:2] if t}
    lines = line_texts(pages(pdf), by_height=True)
    assert labels and all(any(label in line for line in lines) for label in labels), \
        [label for label in labels if not any(label in line for line in lines)]


def _body_rows(table: etree._Element) -> list[etree._Element]:
    return [tr for tr in table.findall("w:tr", NS) if tr.find("w:trPr/w:tblHeader", NS) is None]


def _keeps(tr: etree._Element) -> bool:
    return tr.find(".//w:pPr/w:keepNext", NS) is not None


def _kept_body_rows(doc: Docx) -> int:
    """Leading body rows of the agreements list whose paragraphs keep with the next row."""
    table = next(t for t in doc.body.iterfind("w:tbl", NS)
                 if t.find("w:tr/w:trPr/w:tblHeader", NS) is not None)
    return len(list(itertools.takewhile(_keeps, _body_rows(table))))


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_a_total_never_stands_alone_under_a_repeated_header(docs: dict[str, Docx],
                                                            infs: dict[str, Path], lang: str):
    tables = [t for doc in (docs[lang], Docx(infs[lang])) for t in doc.body.iterfind("w:tbl", NS)
              if t.find("w:tr/w:trPr/w:tblHeader", NS) is not None]
    assert len(tables) >= 6
    for table in tables:
        rows = _body_rows(table)
        assert _keeps(rows[-2]) and not _keeps(rows[-1])


def test_a_list_of_tall_rows_keeps_fewer_of_them_with_its_header(infs: dict[str, Path]):
    """Header and two rows start a page together, unless those rows are tall (the Russian
    list, whose first rows run to a third of a page): then the header and one row."""
    kept = {lang: _kept_body_rows(Docx(path)) for lang, path in infs.items()}
    assert kept["en"] == 1 and kept["fr"] == 1  # row 1 keeps with row 2
    assert kept["ru"] == 0, kept  # row 1 alone with the header


@pytest.mark.conformance
@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_the_inf_list_starts_on_the_first_page(rendered, example, lang: str):
    _, pdf = rendered["inf", lang]
    first = min((a for a in example.agreements if a.signed.year == example.year),
                key=lambda a: (a.signed, a.id)).id
    page_one = "".join(w.text for line in pages(pdf)[0].lines for w in line)
    assert first in page_one

"""Markdown contributions: every construct read back from the .docx with lxml, errors, CLI."""

from __future__ import annotations

import contextlib
import io
import shutil
import textwrap
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

import tdagdoc
from conftest import NS, Docx
from tdagdoc import contribution, pipeline
from tdagdoc.cli import main
from tdagdoc.errors import DataError
from tdagdoc.languages import LANGUAGE_CODES

FRONT = """\
---
number: TDAG-25/12
date: 2025-03-10
agenda_item: "4"
meeting: {number: 32, city: Geneva, country: Switzerland, start: 2025-05-19, end: 2025-05-22}
source: Director, Telecommunication Development Bureau
title: Progress report on the regional initiatives
summary: This document reports on *progress*.
references: ["Resolution 17 (Rev. Kigali, 2022)"]
contact: {name: Jane Doe, post: Head, phone: "+41 22 730 5111", email: jane.doe@itu.int}
---
"""

BODY = """\
# Introduction

Plain, **bold**, *italic* and a [link](https://www.itu.int/en/) with a note[^a].

## Details

- first item
- second item

1. one
2. two

> A quoted paragraph.

{caption="Projects by region"}
| Region | Projects |
|:-------|---------:|
| Africa | 14 |

![A small red square](square.png "The square")

***

Text after the break.

### Deeper

Raw <b>HTML</b> & <script>alert(1)</script> stays text.

{.annex}
# Projects list

Annex text.

[^a]: The note, with [a link](mailto:bdt@itu.int).
"""


def _write(folder: Path, body: str = BODY, front: str = FRONT, name: str = "contribution.md"
           ) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(front + body, encoding="utf-8")
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(buf, "PNG")
    (folder / "square.png").write_bytes(buf.getvalue())
    return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("contribution"))


@pytest.fixture(scope="module")
def english(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Docx:
    built = contribution.build(contribution.load(sample), "en")
    return Docx(tdagdoc.save(built, tmp_path_factory.mktemp("en")))


def _style_ids(doc: Docx) -> dict[str, str]:
    styles = doc.xml("word/styles.xml")
    return {s.find("w:name", NS).get(f"{{{NS['w']}}}val"): s.get(f"{{{NS['w']}}}styleId")
            for s in styles.iterfind("w:style", NS)}


def test_header_block_summary_and_contact(english: Docx):
    text = english.text()
    for expected in ("Document TDAG-25/12-E", "Original: English", "Agenda item: 4",
                     "Progress report on the regional initiatives", "Summary",
                     "This document reports on progress.", "Action required",
                     "Resolution 17 (Rev. Kigali, 2022)", "jane.doe@itu.int"):
        assert expected in text
    assert english.path.name == "TDAG-25-12-E.docx"


def test_headings_are_numbered_as_itu_numbers_them(english: Docx):
    ids = _style_ids(english)
    h1 = english.styled(ids["heading 1"]) + english.styled(ids.get("Heading 1", ""))
    h2 = english.styled(ids["heading 2"]) + english.styled(ids.get("Heading 2", ""))
    assert "1\tIntroduction" in h1
    assert "1.1\tDetails" in h2 and "1.1.1\tDeeper" in h2


def test_emphasis_links_and_footnotes(english: Docx):
    body = english.body
    bold = cast("list[str]", body.xpath(".//w:r[w:rPr/w:b]/w:t/text()", namespaces=NS))
    italic = cast("list[str]", body.xpath(".//w:r[w:rPr/w:i]/w:t/text()", namespaces=NS))
    assert "bold" in bold and "italic" in italic
    link = cast("list[etree._Element]", body.xpath(".//w:hyperlink", namespaces=NS))[0]
    rels = english.xml("word/_rels/document.xml.rels")
    rid = link.get(f"{{{NS['r']}}}id")
    target = cast("list[str]", rels.xpath(f"//*[@Id='{rid}']/@Target"))[0]
    assert target == "https://www.itu.int/en/" and "link" in "".join(map(str, link.itertext()))
    refs = cast("list[etree._Element]", body.xpath(".//w:footnoteReference", namespaces=NS))
    assert len(refs) == 1
    notes = english.xml("word/footnotes.xml")
    note_id = refs[0].get(f"{{{NS['w']}}}id")
    note = cast("list[etree._Element]",
                notes.xpath(f"//w:footnote[@w:id='{note_id}']", namespaces=NS))[0]
    assert "The note, with a link." in "".join(map(str, note.itertext()))
    assert note.xpath(".//w:hyperlink", namespaces=NS)  # the link inside the note


def test_lists_quotes_tables_images_breaks_annexes(english: Docx):
    ids = _style_ids(english)
    items = english.styled(ids["enumlev1"])
    assert items == ["–\tfirst item", "–\tsecond item", "1)\tone", "2)\ttwo"]
    assert english.styled(ids["Call"]) == ["A quoted paragraph."]
    table = ids["ITU Data Table"]
    cells = cast("list[etree._Element]", english.body.xpath(
        f".//w:tbl[w:tblPr/w:tblStyle/@w:val='{table}']//w:tc", namespaces=NS))
    texts = ["".join(map(str, c.itertext())) for c in cells]
    assert texts == ["Region", "Projects", "Africa", "14"]
    jc = cells[3].xpath(".//w:jc/@w:val", namespaces=NS)
    assert jc == ["right"]
    drawing = english.body.xpath(".//w:drawing//wp:docPr", namespaces=NS)
    assert [d.get("descr") for d in drawing] == ["A small red square"]
    assert any(n.startswith("word/media/") for n in english.names)
    assert "Figure 1 – The square" in english.text()
    assert "Table 1 – Projects by region" in english.paragraphs()
    breaks = cast("list[etree._Element]",
                  english.body.xpath(".//w:br[@w:type='page']", namespaces=NS))
    assert len(breaks) == 2  # the thematic break and the annex
    paras = english.paragraphs()
    assert "Annex 1 – Projects list" in paras
    assert paras.index("Annex 1 – Projects list") > paras.index("Text after the break.")


def test_raw_html_is_printed_as_text(english: Docx):
    assert "Raw <b>HTML</b> & <script>alert(1)</script> stays text." in english.paragraphs()
    assert not english.body.xpath(".//*[local-name()='script' or local-name()='b' and "
                                  "namespace-uri()='']")


def test_valid_reproducible_and_never_half_translated(sample: Path, tmp_path: Path,
                                                      conformant):
    c = contribution.load(sample)
    built = contribution.build(c, "en")
    assert built.filename == "TDAG-25-12-E.docx"
    assert contribution.build(c, "en").data == built.data
    conformant(tdagdoc.save(built, tmp_path))
    for lang in LANGUAGE_CODES[1:]:
        # Before: an Arabic shell around English text ("الملحق 1 – Projects list").
        with pytest.raises(pipeline.Untranslated) as caught:
            contribution.build(c, lang)
        assert caught.value.lang.code == lang
        assert f"no {lang} translation" in str(caught.value)


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        c = contribution.load(path)
        contribution.build(c, "en")
    return [str(p) for p in info.value.problems]


def test_every_problem_at_once_with_file_and_line(tmp_path: Path):
    front = FRONT.replace("number: TDAG-25/12", "number: TDAG-25-12").replace(
        "email: jane.doe@itu.int", "email: jane")
    path = _write(tmp_path, front=front)
    problems = _problems(path)
    assert any(p.startswith(f"{path}:2: number:") and "TDAG-25/12" in p for p in problems)
    assert any(p.startswith(f"{path}:10: contact.email:") for p in problems)
    assert len(problems) == 2


def test_body_problems_listed_with_their_lines(tmp_path: Path):
    body = textwrap.dedent("""\
        # One

        A [bad link](javascript:alert(1)) and a [file](file:///etc/passwd).

        #### Too deep

        A note[^x] used twice[^x].

        ![](square.png)

        ![x](../outside.png)

        [^x]: Self[^x].

        [^unused]: Never cited.
        """)
    path = _write(tmp_path, body)
    problems = _problems(path)
    base = FRONT.count("\n")
    text = "\n".join(problems)
    assert f"{path}:{base + 3}: the link to 'javascript:alert(1)'" in text
    assert f"{path}:{base + 3}: the link to 'file:///etc/passwd'" in text
    assert f"{path}:{base + 5}: a level-4 heading" in text
    assert f"{path}:{base + 7}: footnote [^x] is referenced twice" in text
    assert "footnote [^x] is inside a footnote" in text
    assert f"{path}:{base + 9}: the image square.png needs a description" in text
    assert "'../outside.png' is outside the contribution's folder" in text
    assert "footnote [^unused] is never referenced" in text


def test_cli_reports_and_writes_nothing(tmp_path: Path, capsys):
    path = _write(tmp_path / "c", "A [x](javascript:void(0)).\n")
    out = tmp_path / "out"
    assert main(["contribution", "build", str(path), "--lang", "all", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "javascript:void(0)" in err and "Traceback" not in err
    assert not out.exists()


def test_deeply_nested_lists_are_refused_not_cut(tmp_path: Path):
    # markdown-it drops the rest of a file past its nesting limit: that must not pass silently.
    nested = "".join("  " * i + "- level\n" for i in range(500))
    path = _write(tmp_path, f"# Lists\n\n{nested}\nThe end.\n")
    assert any("nested more than" in p for p in _problems(path))
    shallow = "- one\n  - two\n    - three\n\nThe end.\n"
    built = contribution.build(contribution.load(_write(tmp_path / "ok", shallow)), "en")
    assert "The end." in Docx(tdagdoc.save(built, tmp_path / "out")).paragraphs()


def test_a_ten_megabyte_paragraph(tmp_path: Path):
    huge = "word " * 2_000_000
    path = _write(tmp_path, f"# Long\n\n{huge}\n")
    built = contribution.build(contribution.load(path), "en")
    doc = Docx(tdagdoc.save(built, tmp_path / "out"))
    assert max(len(p) for p in doc.paragraphs()) == len(huge) - 1


def test_new_builds_as_it_is_and_untranslated_languages_are_left_out(tmp_path: Path, capsys,
                                                                      conformant):
    assert main(["contribution", "new", str(tmp_path / "mine")]) == 0
    md = tmp_path / "mine" / "contribution.md"
    assert main(["contribution", "build", str(md), "--lang", "all", "--out",
                 str(tmp_path / "out"), "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["TDAG-25-12-E.docx"]
    err = capsys.readouterr().err
    for lang in LANGUAGE_CODES[1:]:
        assert (f"tdagdoc: note: {lang}: not built: {md}: no {lang} translation (neither "
                f"contribution.{lang}.md nor {lang}.po)") in err
    assert "--english-only" in err
    doc = Docx(conformant(tmp_path / "out" / "TDAG-25-12-E.docx"))
    assert doc.body.xpath(".//c:chart", namespaces=NS)
    assert any(n.startswith("word/embeddings/") for n in doc.names)
    assert "Original: English" in doc.text()
    # Asked for: the English document alone, with ITU's notice.
    assert main(["build", str(md), "--lang", "fr,ar", "--english-only", "--out",
                 str(tmp_path / "only"), "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "only").iterdir()) == ["TDAG-25-12-E.docx"]
    text = Docx(tmp_path / "only" / "TDAG-25-12-E.docx").text()
    assert "English only" in text and "Original:" not in text
    assert "fr, ar: no translation" in capsys.readouterr().err
    assert main(["build", str(md), "--lang", "fr", "--out", str(tmp_path / "none")]) == 2
    assert "nothing to build" in capsys.readouterr().err and not (tmp_path / "none").exists()
    assert main(["contribution", "new", str(tmp_path / "mine")]) == 2  # never overwrites


def test_data_files_stay_in_the_folder(tmp_path: Path):
    shutil.copy(Path(__file__).parent / "data" / "small.yaml", tmp_path / "secret.csv")
    body = "```table\nfile: ../secret.csv\ncolumns: [{column: a, title: A}]\n```\n"
    path = _write(tmp_path / "c", body)
    assert any("outside the contribution's folder" in p for p in _problems(path))


# --- translations ---------------------------------------------------------------------------


def _catalog(pot: bytes, translate) -> bytes:
    from babel.messages.pofile import read_po, write_po

    catalog = read_po(io.BytesIO(pot), locale="fr")
    for message in catalog:
        if message.id:
            message.string = translate(message.id)
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def _all(path: Path, **options) -> dict[str, tdagdoc.Built]:
    """The languages that have a translation (the others are never built)."""
    c = contribution.load(path)
    out: dict[str, tdagdoc.Built] = {}
    for lang in LANGUAGE_CODES:
        with contextlib.suppress(pipeline.Untranslated):
            out[lang] = contribution.build(c, lang, **options)
    return out


def test_catalog_round_trip_changes_the_french_document_only(tmp_path: Path):
    contribution.new(tmp_path)
    path = tmp_path / "contribution.md"
    before = _all(path)
    assert main(["contribution", "extract", str(path)]) == 0
    pot = (tmp_path / "contribution.pot").read_bytes()
    assert b'msgid "Introduction"' in pot and b"[^wtdc]" in pot and b'msgid "Africa"' in pot
    (tmp_path / "fr.po").write_bytes(_catalog(pot, lambda s: f"FR {s}"))
    after = _all(path)
    assert sorted(before) == ["en"] and sorted(after) == ["en", "fr"]
    assert not after["fr"].warnings and after["en"].data == before["en"].data
    doc = Docx(tdagdoc.save(after["fr"], tmp_path / "out"))
    text = doc.text()
    assert "14\u202f200\u202f000" in text  # the total, formatted as French
    for expected in ("1\tFR Introduction", "FR Progress report on the regional initiatives",
                     "Tableau 1 – FR Projects implementing", "FR Africa", "FR Total"):
        assert expected in text, expected
    assert "FR Kigali Action Plan, section 3." in "".join(map(str, doc.xml("word/footnotes.xml")
                                                          .itertext()))
    chart = next(n for n in doc.names if n.startswith("word/charts/chart"))
    assert "FR Africa" in doc.blob(chart).decode()


def test_untranslated_paragraphs_leave_the_language_out_or_fail_when_strict(tmp_path: Path):
    contribution.new(tmp_path)
    path = tmp_path / "contribution.md"
    pot = contribution.extract(contribution.load(path))
    (tmp_path / "fr.po").write_bytes(_catalog(pot, lambda s: "" if s == "Way forward"
                                              else f"FR {s}"))
    c = contribution.load(path)
    with pytest.raises(pipeline.Untranslated) as caught:  # before: built, with a warning
        contribution.build(c, "fr")
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1 and "'Way forward'" in problems[0]
    line = path.read_text().splitlines().index("# Way forward") + 1
    assert problems[0].startswith(f"{path}:{line}:")
    with pytest.raises(DataError) as refused:
        contribution.build(c, "fr", strict=True)
    assert not isinstance(refused.value, pipeline.Untranslated)
    assert [str(p) for p in refused.value.problems] == problems
    path.write_text(path.read_text().replace("# Introduction", "# Overview"))
    with pytest.raises(pipeline.Untranslated) as caught:
        contribution.build(contribution.load(path), "fr")
    assert str(caught.value.problems[-1]) == (
        f"{tmp_path / 'fr.po'}: 1 translation matches no text of contribution.md (first: "
        "'Introduction'); extract the .pot again and merge it into the catalog")


def test_a_translation_must_keep_footnotes_and_links(tmp_path: Path):
    contribution.new(tmp_path)
    path = tmp_path / "contribution.md"
    pot = contribution.extract(contribution.load(path))
    (tmp_path / "fr.po").write_bytes(_catalog(
        pot, lambda s: s.replace("[^wtdc]", "").replace("https://www.itu.int/itu-d/",
                                                        "https://example.com/")))
    problems = _problems_in(path, "fr")
    assert len(problems) == 1 and "must keep its footnotes and links" in problems[0]
    assert "[^wtdc]" in problems[0] and "(https://www.itu.int/itu-d/)" in problems[0]


def _problems_in(path: Path, lang: str) -> list[str]:
    with pytest.raises(DataError) as info:
        contribution.build(contribution.load(path), lang)  # load() may raise first
    return [str(p) for p in info.value.problems]


FRENCH = """\
---
source: Directeur du Bureau de développement des télécommunications
title: Rapport d'activité sur les initiatives régionales
summary: Le présent document rend compte de l'*avancement*.
references: ["Résolution 17 (Rév. Kigali, 2022)"]
meeting: {city: Genève, country: Suisse}
contact: {name: Jane Doe, post: Cheffe}
---
"""


def test_a_translated_file_beside_the_original(tmp_path: Path):
    body_fr = (BODY.replace("Introduction", "Introduction générale")
               .replace("Text after the break.", "Texte après le saut."))
    path = _write(tmp_path)
    (tmp_path / "contribution.fr.md").write_text(FRENCH + body_fr, encoding="utf-8")
    built = _all(path)
    assert not built["fr"].warnings
    doc = Docx(tdagdoc.save(built["fr"], tmp_path / "out"))
    text = doc.text()
    for expected in ("Rapport d'activité sur les initiatives régionales", "Genève, Suisse",
                     "1\tIntroduction générale", "Texte après le saut.", "Original: anglais",
                     "Annexe 1 – Projects list", "Jane Doe, Cheffe"):
        assert expected in text.replace("\u00a0", " "), expected
    assert sorted(built) == ["en", "fr"]  # es has no translation: never an English "S"


def test_a_translated_file_keeps_texts_only_and_the_marks(tmp_path: Path):
    path = _write(tmp_path)
    front = FRENCH.replace("---\nsource", "---\nnumber: TDAG-25/13\nsource")
    body = BODY.replace("[link](https://www.itu.int/en/)", "lien")
    (tmp_path / "contribution.fr.md").write_text(front + body, encoding="utf-8")
    problems = _problems_in(path, "fr")
    text = "\n".join(problems)
    assert f"{tmp_path / 'contribution.fr.md'}:2: number: differs from the original" in text
    k = next(i for i, row in enumerate(body.splitlines()) if row.startswith("Plain, **bold**"))
    line = k + front.count("\n") + 1  # the paragraph that lost it, in the translation
    assert (f"{tmp_path / 'contribution.fr.md'}:{line}: lacks the original's link "
            "(https://www.itu.int/en/)") in text
    assert "a translation keeps the original's headings and their levels" in text


def test_meeting_dates_checked_as_in_the_data_and_footnotes_hold_text_only(tmp_path: Path):
    front = FRONT.replace("end: 2025-05-22", "end: 2025-05-01")
    body = "Text[^t].\n\n[^t]: A note.\n\n    | a |\n    |---|\n    | 1 |\n"
    problems = _problems(_write(tmp_path, body, front))
    assert problems == [f"{tmp_path / 'contribution.md'}:5: meeting.end: ends before the "
                        "meeting starts"]
    problems = _problems(_write(tmp_path / "b", "Text[^t].\n\n[^t]: A note.\n\n    ***\n"))
    assert any("footnote [^t] holds a pagebreak: a footnote holds text only" in p
               for p in problems)


def test_tables_and_charts_from_a_workbook_in_each_language(tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(["Item", "Item_fr", "Amount", "Share"])
    sheet.append(["Training", "Formation", 1234567.5, 62.5])
    sheet.append(["Equipment", None, 740000, 37.5])
    book.save(tmp_path / "budget.xlsx")
    body = textwrap.dedent("""\
        ```table
        file: budget.xlsx
        sheet: Budget
        caption: Budget
        columns:
          - {column: item, title: Item}
          - {column: amount, title: Amount, format: amount, digits: 2}
          - {column: share, title: Share, format: percent}
        ```

        ```chart
        file: budget.xlsx
        type: pie
        title: Shares
        categories: item
        series: [{column: share, title: Share}]
        format: percent
        ```
        """)
    path = _write(tmp_path, body)
    french = body.replace("caption: Budget", "caption: Budget (fr)").replace(
        "title: Item", "title: Poste").replace("title: Amount", "title: Montant").replace(
        "title: Share", "title: Part").replace("title: Shares", "title: Parts")
    (tmp_path / "contribution.fr.md").write_text(FRENCH + french, encoding="utf-8")
    c = contribution.load(path)
    en = Docx(tdagdoc.save(contribution.build(c, "en"), tmp_path / "en"))
    assert "USD\xa01.23\xa0million" in en.text() and "63%" in en.text()
    # A label without its French column: before, "Equipment" printed in the French table
    # and chart, even with --strict.
    with pytest.raises(pipeline.Untranslated) as caught:
        contribution.build(c, "fr")
    assert [str(p) for p in caught.value.problems] == [
        "budget.xlsx: item: no fr text for 'Equipment': add a column item_fr"]
    with pytest.raises(DataError, match="no fr text for 'Equipment'"):
        contribution.build(c, "fr", strict=True)
    book["Budget"]["B3"] = "Équipement"
    book.save(tmp_path / "budget.xlsx")
    fr = Docx(tdagdoc.save(contribution.build(c, "fr"), tmp_path / "fr"))
    assert "1,23 million USD" in fr.text().replace("\u00a0", " ")
    assert "Formation" in fr.text() and "Équipement" in fr.text()
    chart = next(n for n in fr.names if n.startswith("word/charts/chart"))
    xml = fr.blob(chart).decode()
    # The slices as printed, each rounded on its own; they miss 100, and a note says why.
    assert "<c:pieChart>" in xml and "Formation" in xml and "Équipement" in xml
    assert "<c:v>63</c:v>" in xml and "<c:v>38</c:v>" in xml and "63\u00a0%" in xml
    assert "Percentages may not add up to 100 because of rounding." in en.text()


def test_bad_data_cells_are_reported_at_their_row_and_column(tmp_path: Path):
    (tmp_path / "d.csv").write_text("region,n\nAfrica,12\nEurope,twelve\n", encoding="utf-8")
    body = ("```table\nfile: d.csv\ncolumns:\n  - {column: region, title: R}\n"
            "  - {column: n, title: N, format: integer}\n  - {column: x, title: X}\n```\n")
    problems = _problems(_write(tmp_path, body))
    assert any("has no column 'x'" in p for p in problems)
    body = body.replace("  - {column: x, title: X}\n", "")
    problems = _problems(_write(tmp_path, body))
    assert problems == ["d.csv: row 3, column n: 'twelve' is not a number: write digits, with a "
                        "dot for decimals and no thousands separators"]


@pytest.mark.parametrize("body", ["[" * 200_000, "*a" * 200_000, "[^" * 100_000,
                                  "|a" * 3000 + "\n" + "|-" * 3000 + "\n"])
def test_markup_that_would_take_the_parser_hours_is_refused(tmp_path: Path, body: str):
    path = _write(tmp_path, "# Title\n\nFine.\n\n" + body + "\n")
    problems = _problems(path)
    line = FRONT.count("\n") + 5
    assert problems[0].startswith(f"{path}:{line}: a paragraph with ")


def test_a_fence_with_an_alias_bomb_or_a_bad_key_is_refused(tmp_path: Path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    path = _write(tmp_path, f"```table\n{bomb}```\n\n```chart\nfile: x.csv\nkind: pie\n```\n")
    text = "\n".join(_problems(path))
    assert "aliases repeat more than" in text
    assert "chart.kind: unknown field" in text and "chart.type: required field" in text


def test_characters_word_cannot_hold_are_refused_in_catalogs_and_cells(tmp_path: Path):
    contribution.new(tmp_path)
    path = tmp_path / "contribution.md"
    pot = contribution.extract(contribution.load(path))
    (tmp_path / "fr.po").write_bytes(_catalog(pot, lambda s: "Intro\vduction"
                                              if s == "Introduction" else ""))
    problems = _problems_in(path, "fr")
    assert len(problems) == 1 and "U+000B (vertical tab)" in problems[0]
    assert problems[0].startswith(f"{tmp_path / 'fr.po'}:")
    (tmp_path / "fr.po").unlink()
    csv = tmp_path / "projects.csv"
    csv.write_text(csv.read_text().replace("Europe", "Eur\fope"), encoding="utf-8")
    problems = _problems_in(path, "en")
    assert problems[0] == ("projects.csv: row 7, column region: contains U+000C (form feed) at "
                           "character 4, which a Word document cannot hold; remove it")


def test_pictures_and_charts_share_the_figure_numbers_and_annex_marks_are_checked(
        tmp_path: Path):
    (tmp_path / "d.csv").write_text("k,v\na,1\nb,2\n", encoding="utf-8")
    body = ("![A square](square.png \"Square\")\n\n```chart\nfile: d.csv\ntype: bar\n"
            "title: Bars\ncategories: k\nseries: [{column: v, title: V}]\n```\n")
    built = contribution.build(contribution.load(_write(tmp_path, body)), "en")
    text = Docx(tdagdoc.save(built, tmp_path / "out")).text()
    assert "Figure 1 – Square" in text and "Figure 2 – Bars" in text
    problems = _problems(_write(tmp_path / "b", "{.annex}\nA paragraph.\n"))
    assert problems == [f"{tmp_path / 'b' / 'contribution.md'}:{FRONT.count(chr(10)) + 2}: "
                        "{.annex} goes on the line before an annex's '# Title'"]


def test_pictures_are_checked_like_the_logo(tmp_path: Path):
    folder = tmp_path / "c"
    path = _write(folder, "![Fake](fake.png)\n\n![Raw](raw.jpg)\n\n![Cut](cut.png)\n")
    (folder / "fake.png").write_bytes(b"GIF89a not a png")
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, "JPEG")
    data = buf.getvalue()
    (folder / "raw.jpg").write_bytes(data[:2] + data[4 + int.from_bytes(data[4:6], "big"):])
    (folder / "cut.png").write_bytes((folder / "square.png").read_bytes()[:60])
    text = "\n".join(_problems(path))
    assert "image 'fake.png': " in text and "fake.png: not an image" in text
    assert "raw.jpg" not in text  # a JPEG without a JFIF header is converted to PNG, as a logo
    assert "image 'cut.png': " in text and "cut.png: the image is truncated or corrupt" in text


def test_a_catalog_in_another_language_or_unreadable_is_refused(tmp_path: Path, capsys):
    contribution.new(tmp_path)
    path = tmp_path / "contribution.md"
    pot = contribution.extract(contribution.load(path))
    (tmp_path / "fr.po").write_bytes(_catalog(pot, lambda s: f"FR {s}").replace(
        b"Language: fr", b"Language: ru"))
    assert _problems_in(path, "fr") == [f"{tmp_path / 'fr.po'}: Language: the catalog is in "
                                        "'ru', not 'fr'"]
    (tmp_path / "fr.po").write_bytes(b'msgid "a"\nfoo "b"\n')
    assert "is not a readable PO catalog" in _problems_in(path, "fr")[0]
    (tmp_path / "fr.po").unlink()
    out = tmp_path / "out"
    assert main(["contribution", "build", str(path), "--lang", "fr", "--strict",
                 "--out", str(out)]) == 2
    assert "no fr translation" in capsys.readouterr().err and not out.exists()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="#*_[]()^:!>-|`{}.\n \\<>&1aé\u0644", max_size=120))
def test_any_markdown_gives_problems_or_a_readable_document(tmp_path_factory, text: str):
    folder = tmp_path_factory.mktemp("any")
    path = _write(folder, text)
    try:
        built = contribution.build(contribution.load(path), "ar")
    except DataError as exc:
        assert exc.problems and all(str(p).startswith(str(path)) for p in exc.problems)
        return
    doc = Docx(tdagdoc.save(built, folder / "out"))
    assert doc.body is not None and doc.paragraphs()

"""A revision of a contribution shows its changes since the previous version, tracked."""

from __future__ import annotations

from pathlib import Path

import pytest

import tdagdoc
from conftest import NS, Docx
from tdagdoc import contribution
from tdagdoc.cli import main
from tdagdoc.errors import DataError

W = f"{{{NS['w']}}}"

FRONT = """\
---
number: TDAG-25/12
{extra}date: {date}
meeting: {{number: 32, city: Geneva, country: Switzerland, start: 2025-05-19, end: 2025-05-22}}
source: Director, Telecommunication Development Bureau
title: Progress report on the regional initiatives
summary: {summary}
contact: {{name: Jane Doe, post: Head, phone: "+41 22 730 5111", email: jane.doe@itu.int}}
---
"""

BEFORE = """\
# Introduction

The regional initiatives made good progress in 2024, with [partners](https://www.itu.int/) \
in every region.

This paragraph is removed from the revision entirely.

## Details

The last paragraph stays the same.

{caption="Projects by region"}
| Region | Projects |
|:-------|---------:|
| Africa | 14 |
| Europe | 3 |
| Asia | 9 |
"""

AFTER = """\
# Introduction

The regional initiatives made excellent progress in 2024, with [partners](https://www.itu.int/) \
in every region.

## Details

A new paragraph added in the revision[^n].

The last paragraph stays the same.

{caption="Projects by ITU region"}
| Region | Projects |
|:-------|---------:|
| Africa | 16 |
| Asia | 9 |
| Americas | 5 |

[^n]: Added by the Secretariat.
"""

FR_BEFORE = """\
# Introduction

Les initiatives régionales ont bien progressé en 2024, avec des \
[partenaires](https://www.itu.int/) dans chaque région.

Ce paragraphe disparaît de la révision.

## Détails

Le dernier paragraphe ne change pas.

{caption="Projets par région"}
| Région | Projets |
|:-------|---------:|
| Afrique | 14 |
| Europe | 3 |
| Asie | 9 |
"""

FR_AFTER = """\
# Introduction

Les initiatives régionales ont fortement progressé en 2024, avec des \
[partenaires](https://www.itu.int/) dans chaque région.

## Détails

Un nouveau paragraphe ajouté dans la révision[^n].

Le dernier paragraphe ne change pas.

{caption="Projets par région de l'UIT"}
| Région | Projets |
|:-------|---------:|
| Afrique | 16 |
| Asie | 9 |
| Amériques | 5 |

[^n]: Ajouté par le secrétariat.
"""


def _front(extra: str = "", date: str = "2025-03-10", summary: str = "On progress.") -> str:
    return FRONT.format(extra=extra, date=date, summary=summary)


REVISION = "revision: 1\nprevious: v0.md\n"


def _french(summary: str) -> str:
    """The front matter of a French translation: every text of the original's."""
    return ("---\nsource: Directeur du Bureau de développement des télécommunications\n"
            "title: Rapport\nmeeting: {city: Genève, country: Suisse}\n"
            f"contact: {{name: Jane Doe, post: Cheffe}}\nsummary: {summary}\n---\n")


def _folder(tmp_path: Path, revision: str = REVISION, french: bool = True) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "v0.md").write_text(_front() + BEFORE, encoding="utf-8")
    path = tmp_path / "contribution.md"
    path.write_text(_front(revision, "2025-04-02", "On the progress made.") + AFTER,
                    encoding="utf-8")
    if french:
        (tmp_path / "v0.fr.md").write_text(
            _french("Sur les progrès.") + FR_BEFORE, encoding="utf-8")
        (tmp_path / "contribution.fr.md").write_text(
            _french("Sur les progrès accomplis.") + FR_AFTER,
            encoding="utf-8")
    return path


def _changes(doc: Docx) -> list[tuple[str, str]]:
    """Each change of the body: its kind and its text, in order."""
    out = []
    for el in doc.body.iter(f"{W}ins", f"{W}del"):
        if el.getparent().tag == f"{W}rPr":  # a paragraph mark
            out.append((el.tag[len(W):], "¶"))
        else:
            out.append((el.tag[len(W):], "".join(map(str, el.itertext()))))
    return out


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("revision")
    c = contribution.load(_folder(folder))
    return {lang: tdagdoc.save(contribution.build(c, lang), folder / "out")
            for lang in ("en", "fr")}


def test_a_changed_word_an_added_and_a_removed_paragraph(revised: dict[str, Path]):
    doc = Docx(revised["en"])
    changes = _changes(doc)
    assert ("del", "good") in changes and ("ins", "excellent") in changes
    assert ("del", "This paragraph is removed from the revision entirely.") in changes
    assert ("ins", "A new paragraph added in the revision.") in changes  # its footnote too
    # One paragraph's mark each, and the table's removed and added rows' cells.
    assert changes.count(("del", "¶")) == 1 + 2 and changes.count(("ins", "¶")) == 1 + 2
    assert ("ins", "the ") in changes and ("ins", " made") in changes  # in the summary box
    # The unchanged paragraph and the link are not marked; the link stays one link.
    assert not any("stays the same" in text for _, text in changes)
    assert not any("partners" in text for _, text in changes)
    # Deleted text is w:delText, every change has its author, date and its own id.
    marks = list(doc.body.iter(f"{W}ins", f"{W}del"))
    assert {(m.get(f"{W}author"), m.get(f"{W}date")) for m in marks} == {
        ("ITU", "2025-04-02T00:00:00Z")}
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))
    assert not [t for d in doc.body.iter(f"{W}del") for t in d.iter(f"{W}t")]
    # The header is the revision's, unmarked.
    assert "Revision 1 to Document TDAG-25/12-E" in doc.text()


def test_table_rows_added_removed_and_cells_changed(revised: dict[str, Path]):
    doc = Docx(revised["en"])
    table = doc.body.findall(".//w:tbl", NS)[2]  # after the header block and the summary
    rows = table.findall("w:tr", NS)
    marks = [(r.find("w:trPr/w:ins", NS) is not None, r.find("w:trPr/w:del", NS) is not None)
             for r in rows]
    assert marks == [(False, False), (False, False), (False, True), (False, False),
                     (True, False)]
    cells = [[_changes_in(tc) for tc in r.findall("w:tc", NS)] for r in rows]
    assert cells[1] == [[], [("del", "14"), ("ins", "16")]]
    assert cells[2][0] == [("del", "¶"), ("del", "Europe")]
    assert cells[4][0] == [("ins", "¶"), ("ins", "Americas")]
    assert ("ins", "ITU ") in _changes(doc)  # the caption's words


def _changes_in(element) -> list[tuple[str, str]]:
    return [(el.tag[len(W):], "¶" if el.getparent().tag == f"{W}rPr"
             else "".join(map(str, el.itertext())))
            for el in element.iter(f"{W}ins", f"{W}del")]


def test_an_added_footnote_is_marked_in_the_footnotes(revised: dict[str, Path]):
    notes = Docx(revised["en"]).xml("word/footnotes.xml")
    added = [n for n in notes.iterfind("w:footnote", NS)
             if "Added by the Secretariat." in "".join(map(str, n.itertext()))]
    assert len(added) == 1
    assert ("ins", "Added by the Secretariat.") in _changes_in(added[0])


def test_each_language_against_its_own_previous_translation(revised: dict[str, Path]):
    fr = _changes(Docx(revised["fr"]))
    assert ("del", "bien") in fr and ("ins", "fortement") in fr
    assert ("del", "Ce paragraphe disparaît de la révision.") in fr
    assert ("ins", " accomplis") in fr
    assert ("ins", " de l'UIT") in fr and ("del", "14") in fr


def test_revised_documents_are_valid(revised: dict[str, Path], conformant):
    for path in revised.values():
        conformant(path)


def test_libreoffice_shows_the_changes(revised: dict[str, Path], tmp_path: Path):
    from conformance import docx_to_pdf, pdf_text, require_tool

    require_tool("libreoffice")
    pdf = docx_to_pdf([revised["en"]], tmp_path)[revised["en"]]
    text = " ".join(pdf_text(pdf).split())
    # Shown with changes: the deleted word beside the inserted one, the deleted paragraph.
    assert "made goodexcellent progress" in text
    assert "This paragraph is removed from the revision entirely." in text
    assert "A new paragraph added in the revision" in text


def _accepted(doc: Docx) -> list[str]:
    """The body's paragraphs once every change is accepted, as Word would leave them."""
    body = doc.body
    for p in list(body.iter(f"{W}p")):
        if p.find("w:pPr/w:rPr/w:del", NS) is not None:  # deleted whole, its mark too
            p.getparent().remove(p)
    for d in list(body.iter(f"{W}del")):
        d.getparent().remove(d)
    # Left-to-right marks around English in Arabic are per run: not what is compared.
    return ["".join(map(str, p.itertext())).replace("\u200e", "") for p in body.iter(f"{W}p")]


def test_accepting_every_change_gives_the_revision(revised: dict[str, Path], tmp_path: Path):
    path = _folder(tmp_path, revision="revision: 1\n")
    for lang in ("en", "fr"):
        clean = Docx(tdagdoc.save(contribution.build(contribution.load(path), lang),
                                  tmp_path / lang))
        assert _accepted(Docx(revised[lang])) == _accepted(clean)


def test_a_previous_version_without_a_translation_gives_a_clean_copy(tmp_path: Path):
    path = _folder(tmp_path)
    (tmp_path / "v0.fr.md").unlink()
    built = contribution.build(contribution.load(path), "fr")
    assert any("v0.md: has no fr translation" in str(w) for w in built.warnings)
    assert not _changes(Docx(tdagdoc.save(built, tmp_path / "out")))
    with pytest.raises(DataError):
        contribution.build(contribution.load(path), "fr", strict=True)


def test_a_revision_without_previous_is_a_clean_copy_with_a_warning(tmp_path: Path):
    path = _folder(tmp_path, revision="revision: 1\n", french=False)
    built = contribution.build(contribution.load(path), "en")
    assert [str(w) for w in built.warnings] == [
        f"{path}:3: revision: no previous version given (previous: its file): a clean copy, "
        "without tracked changes"]
    assert not _changes(Docx(tdagdoc.save(built, tmp_path / "out")))


def _problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        contribution.load(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(("extra", "message"), [
    ("revision: 1\nprevious: v9.md\n", "previous: 'v9.md': no such file in"),
    ("revision: 1\nprevious: ../v0.md\n", "previous: '../v0.md' is outside the contribution's "
     "folder"),
    ("revision: 1\nprevious: /etc/passwd\n", "previous: '/etc/passwd' should be a file name "
     "relative to the contribution's folder"),
    ("previous: v0.md\n", "previous: only a revision is compared with its previous version: "
     "give revision: N too"),
    ("revision: 1\nprevious: contribution.md\n", "previous: names this file itself"),
])
def test_a_previous_version_that_cannot_be_used_is_refused(tmp_path: Path, extra: str,
                                                          message: str):
    folder = tmp_path / "c"
    path = _folder(folder, revision=extra, french=False)
    (tmp_path / "v0.md").write_text(_front() + BEFORE, encoding="utf-8")
    problems = _problems(path)
    line = path.read_text(encoding="utf-8").splitlines().index(extra.splitlines()[-1]) + 1
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{line}: ")
    assert message in problems[0]


def test_the_previous_version_is_of_the_same_document_and_earlier(tmp_path: Path):
    path = _folder(tmp_path, french=False)
    (tmp_path / "v0.md").write_text(_front("revision: 1\n").replace("25/12", "25/13") + BEFORE,
                                    encoding="utf-8")
    assert _problems(path) == [f"{path}:4: previous: v0.md is document TDAG-25/13, not "
                               "TDAG-25/12"]
    (tmp_path / "v0.md").write_text(_front("revision: 1\n") + BEFORE, encoding="utf-8")
    assert _problems(path) == [f"{path}:4: previous: v0.md is revision 1, not one before 1"]
    (tmp_path / "v0.md").write_text(_front("nonsense: 1\n") + BEFORE, encoding="utf-8")
    assert any(p.startswith(f"{tmp_path / 'v0.md'}:3: nonsense") for p in _problems(path))


def test_the_cli_builds_a_revision(tmp_path: Path, capsys):
    path = _folder(tmp_path, french=False)
    assert main(["contribution", "build", str(path), "--lang", "en", "--out",
                 str(tmp_path / "out")]) == 0
    assert _changes(Docx(tmp_path / "out" / "TDAG-25-12(Rev.1)-E.docx"))
    (tmp_path / "v0.md").unlink()
    assert main(["contribution", "build", str(path), "--lang", "en", "--out",
                 str(tmp_path / "out2")]) == 2
    assert "previous: 'v0.md': no such file" in capsys.readouterr().err
    assert not (tmp_path / "out2").exists() or not list((tmp_path / "out2").iterdir())


def test_long_paragraphs_are_compared_in_a_moment():
    import random
    import time

    from tdagdoc import blocks as b
    from tdagdoc.document.revisions import compare

    rng = random.Random(7)
    words = [f"w{i}" for i in range(300)]
    sentences = [" ".join(rng.choice(words) for _ in range(12)) + "." for _ in range(1500)]
    old = " ".join(sentences)
    one = old.replace(sentences[700], sentences[700].replace(" ", " changed ", 1))
    start = time.perf_counter()
    (para,) = compare([b.Paragraph((b.Text(old),))], [b.Paragraph((b.Text(one),))])
    assert [i for i in para.inlines if isinstance(i, b.Tracked)] == [
        b.Tracked("ins", (b.Text("changed "),))]
    # Every sentence changed, and a hostile paragraph of two million characters.
    everywhere = old.replace("w1 ", "x1 ")
    huge = ("a " * 1_000_000, "b " * 1_000_000)
    for before, after in ((old, everywhere), huge):
        compare([b.Paragraph((b.Text(before),))], [b.Paragraph((b.Text(after),))])
    assert time.perf_counter() - start < 10


def test_chinese_is_compared_character_by_character_and_box_parts_by_label():
    from tdagdoc import blocks as b
    from tdagdoc.document.revisions import compare

    (para,) = compare([b.Paragraph((b.Text("电信发展局实施了区域举措。"),))],
                      [b.Paragraph((b.Text("电信发展局开展了区域举措。"),))])
    assert [i for i in para.inlines if isinstance(i, b.Tracked)] == [
        b.Tracked("del", (b.Text("实施"),)), b.Tracked("ins", (b.Text("开展"),))]
    p = b.Paragraph((b.Text("Resolution 17"),))
    old = b.SummaryBox((("Summary", (b.Paragraph((b.Text("On progress."),)),)),))
    new = b.SummaryBox((("Summary", old.parts[0][1]), ("References", (p,))))
    (box,) = compare([old], [new])
    assert box.parts == (old.parts[0], ("References", (b.Paragraph(p.inlines, mark="ins"),)))


RTL_CJK = {
    "ar": ("---\nsource: مدير مكتب تنمية الاتصالات\ntitle: تقرير\n"
           "meeting: {city: جنيف, country: سويسرا}\ncontact: {name: Jane Doe, post: رئيسة}\n"
           "summary: {summary}\n---\n",
           ("عن التقدم.", "عن التقدم المحرز."),
           ("أحرزت المبادرات الإقليمية تقدماً جيداً في عام 2024 مع [الشركاء](https://www.itu.int/).",
            "أحرزت المبادرات الإقليمية تقدماً ممتازاً في عام 2024 مع [الشركاء](https://www.itu.int/)."),
           ("جيداً", "ممتازاً")),
    "zh": ("---\nsource: 电信发展局主任\ntitle: 报告\n"
           "meeting: {city: 日内瓦, country: 瑞士}\ncontact: {name: Jane Doe, post: 处长}\n"
           "summary: {summary}\n---\n",
           ("关于进展。", "关于所取得的进展。"),
           ("区域举措在2024年与[合作伙伴](https://www.itu.int/)取得了良好进展。",
            "区域举措在2024年与[合作伙伴](https://www.itu.int/)取得了显著进展。"),
           ("良好", "显著")),
}


@pytest.mark.parametrize("lang", sorted(RTL_CJK))
def test_arabic_and_chinese_revisions(tmp_path: Path, lang: str, conformant):
    front, summaries, texts, (gone, added) = RTL_CJK[lang]
    path = _folder(tmp_path, french=False)
    for name, summary, text in zip(("v0", "contribution"), summaries, texts, strict=True):
        body = (BEFORE if name == "v0" else AFTER).split("\n\n")
        # The same structure as the original, the first paragraph in the language.
        translated = "\n\n".join([body[0], text, *body[2:]])
        (tmp_path / f"{name}.{lang}.md").write_text(front.replace("{summary}", summary)
                                                    + translated, encoding="utf-8")
    doc = Docx(conformant(tdagdoc.save(contribution.build(contribution.load(path), lang),
                                       tmp_path / "out")))
    changes = _changes(doc)
    assert ("del", gone) in changes and ("ins", added) in changes
    if lang == "ar":  # the changed words keep the paragraph's direction
        assert all(r.find("w:rPr/w:rtl", NS) is not None
                   for d in doc.body.iter(f"{W}del", f"{W}ins") for r in d.iter(f"{W}r")
                   if "".join(map(str, r.itertext())) in (gone, added))


def test_a_previous_version_is_read_as_untrusted_input(tmp_path: Path):
    folder = tmp_path / "c"
    path = _folder(folder, revision="revision: 1\nprevious: link.md\n", french=False)
    (tmp_path / "outside.md").write_text(_front() + BEFORE, encoding="utf-8")
    (folder / "link.md").symlink_to(tmp_path / "outside.md")  # a link leading out
    assert _problems(path) == [f"{path}:4: previous: 'link.md' is outside the contribution's "
                               "folder"]
    (folder / "link.md").unlink()
    (folder / "link.md").write_bytes(b"\xff\xfe\x00binary")
    assert _problems(path) == [f"{folder / 'link.md'}: is not UTF-8 text (byte 1)"]

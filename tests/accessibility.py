"""Accessibility checks for generated documents (a helper module, not a test file).

:func:`word_problems` applies the rules of Word's Accessibility Checker that a
generated document can break (Microsoft, "Rules for the Accessibility Checker"):

* alternative text on every drawing (pictures, charts), unless marked decorative;
* heading levels that go down one at a time (no Heading 3 under a Heading 1);
* a header row (``w:tblHeader``, Word's "Repeat as header row") and a title or
  description on every data table;
* a document title (core properties) and a document language (``w:lang``);
* no blank paragraphs used for spacing (two in a row, or one that separates no tables),
  no runs of blanks inside text;
* hyperlinks whose text says where they go (not empty, not "click here").

:func:`pdf_problems` reads a tagged PDF's structure tree with pikepdf (no JVM) and
checks what a screen reader needs there: ``MarkInfo/Marked``, the document
``/Lang``, a non-empty ``/Alt`` on every Figure, headings in order without gaps,
and header cells (TH) in every table.

Each returns a list of problems, empty when the document passes, so that a
failing test names every problem at once.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
# Link texts that say nothing about the target (Word: "Unclear hyperlink text").
VAGUE_LINK_TEXTS = frozenset({"click here", "here", "link", "this link", "more", "read more",
                              "ici", "aquí", "здесь", "هنا", "这里", "此处"})
_BLANKS = re.compile(r"[ \u00a0]{2,}|\t{2,}")
_HEADING_TAG = re.compile(r"^/H([1-6])$")


def _qn(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _outline_levels(styles: etree._Element) -> dict[str, int]:
    """Paragraph style id -> outline level (0 for Heading 1), following ``w:basedOn``."""
    own: dict[str, int | None] = {}
    based: dict[str, str] = {}
    for style in styles.iterfind("w:style[@w:type='paragraph']", NS):
        sid = style.get(_qn("w:styleId"), "")
        level = style.find("w:pPr/w:outlineLvl", NS)
        own[sid] = int(level.get(_qn("w:val"), "9")) if level is not None else None
        parent = style.find("w:basedOn", NS)
        if parent is not None:
            based[sid] = parent.get(_qn("w:val"), "")
    levels: dict[str, int] = {}
    for sid in own:
        seen, cur = set(), sid
        while own.get(cur) is None and cur in based and cur not in seen:
            seen.add(cur)
            cur = based[cur]
        outline = own.get(cur)
        if outline is not None and outline < 9:
            levels[sid] = outline
    return levels


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(_qn("w:t")))


def _is_blank(p: etree._Element) -> bool:
    """A paragraph with no text and nothing drawn in it."""
    return not _text(p).strip() and p.find(".//w:drawing", NS) is None \
        and p.find(".//w:object", NS) is None


def _headings(body: etree._Element, styles: etree._Element) -> Iterator[tuple[int, str]]:
    """(outline level from 0, text) of each heading paragraph in the body."""
    levels = _outline_levels(styles)
    for p in body.iter(_qn("w:p")):
        own = p.find("w:pPr/w:outlineLvl", NS)
        style = p.find("w:pPr/w:pStyle", NS)
        level = (int(own.get(_qn("w:val"), "9")) if own is not None else
                 levels.get(style.get(_qn("w:val"), "")) if style is not None else None)
        if level is not None and level < 9:
            yield level, _text(p)


def heading_levels(path: Path) -> list[int]:
    """The level (1 for Heading 1) of each heading in the .docx, in order."""
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find("w:body", NS)
        styles = etree.fromstring(z.read("word/styles.xml"))
    return [level + 1 for level, _ in _headings(body, styles)]


def pdf_heading_levels(pdf: Path) -> list[int]:
    """The level of each H1-H6 element in the PDF's structure tree, in order."""
    return [int(m[1]) for _, kind, _ in structure(pdf) if (m := _HEADING_TAG.match(kind))]


def word_problems(path: Path) -> list[str]:
    """What Word's Accessibility Checker would report for the .docx at ``path``."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist() if n.endswith(".xml")}
    name = Path(path).name
    problems: list[str] = []
    document = etree.fromstring(parts["word/document.xml"])
    body = document.find("w:body", NS)
    styles = etree.fromstring(parts["word/styles.xml"])

    # Document title and language.
    core = etree.fromstring(parts["docProps/core.xml"])
    title = core.findtext("dc:title", "", NS).strip()
    if not title:
        problems.append(f"{name}: the document has no title (File > Info > Title)")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    if lang is None or not (lang.get(_qn("w:val")) or "").strip():
        problems.append(f"{name}: the document has no default language (w:lang)")

    # Alternative text on every drawing, in the body and in headers and footers.
    for part, xml in parts.items():
        if not part.startswith("word/") or "/_rels/" in part:
            continue
        root = document if part == "word/document.xml" else etree.fromstring(xml)
        for doc_pr in root.iter(_qn("wp:docPr")):
            decorative = doc_pr.find(".//adec:decorative", NS)
            if decorative is not None and decorative.get("val") in ("1", "true"):
                continue
            if not (doc_pr.get("descr") or doc_pr.get("title") or "").strip():
                problems.append(f"{name}: {part}: drawing {doc_pr.get('name')!r} "
                                "has no alternative text")

    # Heading levels go down one at a time.
    previous = -1
    for level, text in _headings(body, styles):
        if level > previous + 1:
            problems.append(f"{name}: heading {text!r} (level {level + 1}) skips a level "
                            f"after level {previous + 1}")
        previous = level

    # Tables: a data table has a header row and a title or description.
    for i, tbl in enumerate(body.iter(_qn("w:tbl")), 1):
        rows = tbl.findall("w:tr", NS)
        pr = tbl.find("w:tblPr", NS)
        described = any((pr.find(f"w:{tag}", NS) is not None
                         and (pr.find(f"w:{tag}", NS).get(_qn("w:val")) or "").strip())
                        for tag in ("tblCaption", "tblDescription")) if pr is not None else False
        header = bool(rows) and rows[0].find("w:trPr/w:tblHeader", NS) is not None
        if described and not header:
            problems.append(f"{name}: table {i} ({_text(tbl)[:40]!r}…) is a data table "
                            "without a header row")
        if header and not described:
            problems.append(f"{name}: table {i} ({_text(tbl)[:40]!r}…) has no title or "
                            "description (Table Properties > Alt Text)")

    # Blank paragraphs used for spacing; runs of blanks.
    kids = list(body)
    for i, child in enumerate(kids):
        if child.tag != _qn("w:p") or not _is_blank(child):
            continue
        before = kids[i - 1].tag if i else None
        after = kids[i + 1].tag if i + 1 < len(kids) else None
        if not (before == _qn("w:tbl") and after == _qn("w:tbl")):
            problems.append(f"{name}: body paragraph {i + 1} is blank, used for spacing")
    for t in body.iter(_qn("w:t")):
        if t.text and _BLANKS.search(t.text):
            problems.append(f"{name}: repeated blank characters in {t.text[:40]!r}")

    # Hyperlinks say where they go.
    for part in ("word/document.xml", "word/footnotes.xml"):
        if part not in parts:
            continue
        root = document if part == "word/document.xml" else etree.fromstring(parts[part])
        for link in root.iter(_qn("w:hyperlink")):
            text = _text(link).strip()
            if not text or text.casefold() in VAGUE_LINK_TEXTS:
                problems.append(f"{name}: {part}: hyperlink text {text!r} does not say "
                                "where it goes")
    return problems


# --------------------------------------------------------------------------- PDF


def _kids(element: Any) -> Iterator[Any]:
    import pikepdf

    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid


def structure(pdf: Path | bytes) -> list[tuple[int, str, dict[str, str]]]:
    """The structure tree, depth first: (depth, type after the role map, attributes)."""
    import pikepdf

    data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
    with pikepdf.open(io.BytesIO(data)) as doc:
        root = doc.Root.get("/StructTreeRoot")
        if root is None:
            return []
        role_map = {str(k): str(v) for k, v in root.get("/RoleMap", {}).items()}
        out: list[tuple[int, str, dict[str, str]]] = []

        def walk(element: Any, depth: int) -> None:
            for kid in _kids(element):
                kind = str(kid.S)
                seen = set()
                while kind in role_map and kind not in seen:
                    seen.add(kind)
                    kind = role_map[kind]
                attrs = {k: str(kid[k]) for k in ("/Alt", "/Lang", "/ActualText") if k in kid}
                out.append((depth, kind, attrs))
                walk(kid, depth + 1)

        walk(root, 0)
        return out


def pdf_problems(pdf: Path, lang: str, *, figures: int, tables: int) -> list[str]:
    """What a screen reader would miss in the tagged ``pdf`` of a document in ``lang``.

    ``figures`` and ``tables`` are how many charts/pictures and data tables the
    document has: each must come out as a described Figure and a Table with TH cells.
    """
    import pikepdf

    name = Path(pdf).name
    problems: list[str] = []
    with pikepdf.open(pdf) as doc:
        marked = doc.Root.get("/MarkInfo", pikepdf.Dictionary()).get("/Marked")
        if marked is not True:
            problems.append(f"{name}: MarkInfo/Marked is {marked!r}, not true (untagged)")
        doc_lang = str(doc.Root.get("/Lang", ""))
        if doc_lang.split("-")[0].lower() != lang:
            problems.append(f"{name}: /Lang is {doc_lang!r}, not the document's {lang!r}")
        if not str(doc.docinfo.get("/Title", "")).strip():
            problems.append(f"{name}: no document title")
        xmp = doc.open_metadata()
        if xmp.get("{http://www.aiim.org/pdfua/ns/id/}part") != "1":
            problems.append(f"{name}: the metadata does not claim PDF/UA-1")
        if xmp.get("{http://purl.org/dc/elements/1.1/}title") != str(doc.docinfo.get("/Title")):
            problems.append(f"{name}: the metadata's dc:title is not the document title")
        prefs = doc.Root.get("/ViewerPreferences", pikepdf.Dictionary())
        if prefs.get("/DisplayDocTitle") is not True:
            problems.append(f"{name}: the viewer shows the file name, not the title")
    tree = structure(pdf)
    found = [attrs.get("/Alt", "") for _, kind, attrs in tree if kind == "/Figure"]
    if len(found) != figures:
        problems.append(f"{name}: {len(found)} Figure elements, {figures} expected")
    problems += [f"{name}: Figure {i} has no /Alt" for i, alt in enumerate(found, 1)
                 if not alt.strip()]
    previous = 0
    headings = [int(m[1]) for _, kind, _ in tree if (m := _HEADING_TAG.match(kind))]
    if not headings or headings[0] != 1:
        problems.append(f"{name}: the first heading is not H1 ({headings[:1]})")
    for level in headings:
        if level > previous + 1:
            problems.append(f"{name}: H{level} follows H{previous}")
        previous = level
    tables_found = 0
    for i, (depth, kind, _) in enumerate(tree):
        if kind != "/Table":
            continue
        tables_found += 1
        inside = []
        for d, k, _ in tree[i + 1:]:
            if d <= depth:
                break
            inside.append(k)
        if "/TH" not in inside:
            problems.append(f"{name}: table {tables_found} has no header cell (TH)")
    if tables_found != tables:
        problems.append(f"{name}: {tables_found} Table elements, {tables} data tables expected "
                        "(layout tables must not be tagged as tables)")
    return problems

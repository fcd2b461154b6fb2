"""Hostile reference documents: nothing leaks, nothing explodes, every problem listed.

Each hostile file is made here from the shipped reference document: an external
template, a linked footer picture pointing at a local HTTP server, fetching
fields, an OLE object, macros, a DOCTYPE, a zip bomb, a missing section.
"""

from __future__ import annotations

import http.server
import io
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from lxml import etree

from conformance import format_validation_errors, require_tool, validate_docx
from conftest import SMALL
from tdagdoc import cli
from tdagdoc.input import reference
from tdagdoc.input.reference import ReferenceDocError
from tdagdoc.resources import reference_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def rewrite(path: Path, edits: dict[str, bytes | Callable[[bytes], bytes] | None]) -> Path:
    """A copy of the shipped reference document with entries replaced, edited or added."""
    with zipfile.ZipFile(reference_docx()) as src, zipfile.ZipFile(path, "w") as dst:
        names = src.namelist()
        for name in names:
            edit = edits.get(name, src.read(name))
            if callable(edit):
                edit = edit(src.read(name))
            if edit is not None:
                dst.writestr(name, edit)
        for name, data in edits.items():
            if name not in names and isinstance(data, bytes):
                dst.writestr(name, data)
    return path


def add_rels(extra: str) -> Callable[[bytes], bytes]:
    return lambda data: data.replace(b"</Relationships>", extra.encode() + b"</Relationships>")


def hostile_reference(path: Path, url: str) -> Path:
    """External template, linked picture, fetching fields, OLE on a UNC path, macros."""
    footer = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W}" xmlns:r="{R}"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"
 xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml">
<w:p><w:r><w:t>Footer text stays</w:t></w:r>
<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="p"/>
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">
<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="p"/><pic:cNvPicPr/></pic:nvPicPr>
<pic:blipFill><a:blip r:link="rIdPic"/></pic:blipFill><pic:spPr/></pic:pic>
</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>
<w:r><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "{url}/field.png" \\d </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>pic</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:fldSimple w:instr=" INCLUDETEXT &quot;{url}/text.docx&quot; "><w:r><w:t>t</w:t></w:r>
</w:fldSimple>
<w:hyperlink r:id="rIdLink"><w:r><w:t>linked words</w:t></w:r></w:hyperlink>
<w:r><w:object><o:OLEObject Type="Link" ProgID="Word.Document.12" r:id="rIdOle"/>
</w:object></w:r></w:p></w:ftr>"""
    footer_rels = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PR}">
<Relationship Id="rIdPic" Type="{RT}image" Target="{url}/footer.png" TargetMode="External"/>
<Relationship Id="rIdLink" Type="{RT}hyperlink" Target="{url}/page" TargetMode="External"/>
<Relationship Id="rIdOle" Type="{RT}oleObject" Target="\\\\127.0.0.1\\share\\x.doc"
 TargetMode="External"/></Relationships>"""
    settings_rels = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PR}"><Relationship Id="rIdT" Type="{RT}attachedTemplate"
 Target="{url}/template.dotm" TargetMode="External"/></Relationships>"""

    def settings(data: bytes) -> bytes:
        data = re.sub(rb"(<w:settings[^>]*>)", rb'\1<w:attachedTemplate r:id="rIdT"/>', data,
                      count=1)
        merge = (b'<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType '
                 b'w:val="odbc"/><w:connectString w:val="DSN=x;SERVER=127.0.0.1"/>'
                 b'<w:query w:val="SELECT * FROM t"/></w:mailMerge>')
        return re.sub(rb"(<w:defaultTabStop[^>]*/>)", rb"\1" + merge, data, count=1)

    def document(data: bytes) -> bytes:
        return data.replace(b"<w:pgSz", b'<w:footerReference w:type="default" r:id="rIdF"/>'
                                         b"<w:pgSz")

    return rewrite(path, {
        "word/footer1.xml": footer.encode(),
        "word/_rels/footer1.xml.rels": footer_rels.encode(),
        "word/settings.xml": settings,
        "word/_rels/settings.xml.rels": settings_rels.encode(),
        "word/document.xml": document,
        "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros",
        "word/_rels/document.xml.rels": add_rels(
            f'<Relationship Id="rIdF" Type="{RT}footer" Target="footer1.xml"/>'
            '<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/'
            'relationships/vbaProject" Target="vbaProject.bin"/>'),
        "[Content_Types].xml": lambda d: d.replace(b"</Types>", (
            b'<Override PartName="/word/footer1.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
            b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            b"</Types>")),
    })


@pytest.fixture(autouse=True)
def fresh_checks() -> Iterator[None]:
    """No check result cached from another test (the limits change in some)."""
    reference._load.cache_clear()
    yield
    reference._load.cache_clear()


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server (127.0.0.1 only) that records every request it gets."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def external_relationships(files: dict[str, bytes]) -> list[tuple[str, str, str]]:
    found = []
    for name, data in files.items():
        if name.endswith(".rels"):
            for rel in etree.fromstring(data).iter(f"{{{PR}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    found.append((name, rel.get("Type", ""), rel.get("Target", "")))
    return found


def test_the_shipped_reference_document_is_clean_without_warnings():
    ref = reference.load(reference_docx())
    assert ref.warnings == ()
    assert list(reference.external_targets(ref.package)) == []


def test_a_hostile_reference_is_cleaned_with_a_warning_per_part(tmp_path: Path):
    ref = reference.load(hostile_reference(tmp_path / "h.docx", "http://127.0.0.1:9"))
    warnings = [str(w) for w in ref.warnings]
    text = "\n".join(warnings)
    assert "word/settings.xml: dropped an external relationship to http://127.0.0.1:9/" \
           "template.dotm (an attached template)" in text
    assert "word/document.xml: dropped macros (a VBA project) (vbaProject.bin)" in text
    assert "word/settings.xml: dropped a mail merge and its data source" in text
    assert "word/footer1.xml: dropped an external relationship to \\\\127.0.0.1" in text
    assert "word/footer1.xml: dropped an INCLUDEPICTURE field" in text
    assert "word/footer1.xml: dropped an INCLUDETEXT field" in text
    assert "word/footer1.xml: dropped a linked picture" in text
    files = parts_of(ref.package)
    assert list(reference.external_targets(ref.package)) == []
    assert not [n for n in files if "vba" in n.lower()]
    footer = files["word/footer1.xml"]
    assert b"Footer text stays" in footer and b"linked words" in footer
    for gone in (b"INCLUDE", b"r:link", b"OLEObject", b"hyperlink", b"127.0.0.1"):
        assert gone not in footer
    assert b"attachedTemplate" not in files["word/settings.xml"]
    assert b"mailMerge" not in files["word/settings.xml"]
    assert b"vbaProject" not in files["[Content_Types].xml"]


def parts_of(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.mark.conformance
def test_no_build_fetches_or_keeps_anything_external(tmp_path, server, capsys):
    """Neither the build nor LibreOffice's PDF conversion asks the server for anything."""
    require_tool("libreoffice")
    require_tool("validator")
    url, requests = server
    ref = hostile_reference(tmp_path / "hostile.docx", url)
    out = tmp_path / "out"
    assert cli.main(["build", str(SMALL), "--lang", "en,ar", "--reference-doc", str(ref),
                     "--inf", "--pdf", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("dropped an INCLUDEPICTURE field") == 1  # once, not once a document
    assert requests == []
    docs = sorted(out.glob("*.docx"))
    assert len(docs) == 4 and len(list(out.glob("*.pdf"))) == 4
    for path in docs:
        files = parts(path)
        assert not [n for n in files if "vba" in n.lower() or "activeX" in n], path
        types = files["[Content_Types].xml"].decode()
        for active in ("vbaProject", "macroEnabled", "oleObject", "activeX"):
            assert active not in types, (path, active)
        external = external_relationships(files)
        # the document's own links (in its text) are the only external relationships
        assert all(t.endswith("/hyperlink") for _, t, _ in external), external
        assert not [target for *_, target in external if "127.0.0.1" in target]
        footer = next(v for n, v in files.items() if n.startswith("word/footer"))
        assert b"Footer text stays" in footer
    results = validate_docx(docs)
    assert not any(results.values()), format_validation_errors(results)


def test_a_doctype_is_refused_naming_the_part(tmp_path: Path, capsys):
    bad = rewrite(tmp_path / "xxe.docx", {"word/settings.xml": lambda d: d.replace(
        b"?>", b'?><!DOCTYPE w:settings [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1)})
    out = tmp_path / "out"
    assert cli.main(["build", str(SMALL), "--reference-doc", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: word/settings.xml: has a DOCTYPE declaration" in err
    assert "Traceback" not in err and not out.exists()


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path: Path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(reference_docx()) as src, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        with dst.open("word/media/huge.png", "w") as fp:  # 1 GB of zeros, ~1 MB on disk
            block = bytes(1024 * 1024)
            for _ in range(1024):
                fp.write(block)
    assert bomb.stat().st_size < 4 * 1024 * 1024
    with pytest.raises(ReferenceDocError, match=r"word/media/huge.png: is 1073741824 bytes "
                       r"uncompressed; at most \d+ are read"):
        reference.load(bomb)


def test_declared_sizes_are_checked_before_reading(monkeypatch):
    monkeypatch.setattr(reference, "MAX_ENTRY_BYTES", 100_000)
    with zipfile.ZipFile(reference_docx()) as z:
        size = z.getinfo("word/styles.xml").file_size
    with pytest.raises(ReferenceDocError, match=rf"word/styles\.xml: is {size} bytes"):
        reference.load(reference_docx())


def test_the_bytes_read_are_counted_whatever_the_zip_entry_says(monkeypatch):
    """A zip entry may lie about its size: reading stops at the limit all the same."""
    index = reference._Cleaner.index

    def lower_limit_after_the_declared_sizes_passed(self):
        index(self)
        monkeypatch.setattr(reference, "MAX_TOTAL_BYTES", 200_000)

    monkeypatch.setattr(reference._Cleaner, "index", lower_limit_after_the_declared_sizes_passed)
    with pytest.raises(ReferenceDocError, match="larger uncompressed than its zip entry says"):
        reference.load(reference_docx())


def test_too_many_entries_are_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(reference, "MAX_ENTRIES", 10)
    with pytest.raises(ReferenceDocError, match="has 15 zip entries; at most 10 are read"):
        reference.load(reference_docx())


def _no_sect(data: bytes) -> bytes:
    return re.sub(rb"<w:sectPr.*</w:sectPr>", b"", data, flags=re.S)


@pytest.mark.parametrize(("edit", "message"), [
    (_no_sect, "has no section properties (w:body/w:sectPr)"),
    (lambda d: re.sub(rb"<w:pgSz[^>]*/>", b"", d), "has no page size (w:sectPr/w:pgSz)"),
    (lambda d: re.sub(rb'(<w:pgSz[^>]*w:w=")\d+', rb"\g<1>0", d),
     "page width (w:pgSz/@w:w) is '0': give 1440 to 31680"),
    (lambda d: re.sub(rb'(<w:pgMar[^>]*w:left=")\d+', rb"\g<1>11000", d),
     "the margins leave a text area of"),
    (lambda d: re.sub(rb'(<w:pgMar[^>]*w:right=")\d+', rb"\g<1>wide", d),
     "page margin w:pgMar/@w:right is 'wide'"),
])
def test_a_broken_page_setup_is_a_listed_problem(tmp_path: Path, capsys, edit, message):
    bad = rewrite(tmp_path / "page.docx", {"word/document.xml": edit})
    out = tmp_path / "out"
    assert cli.main(["build", str(SMALL), "--reference-doc", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "1 problem in the reference document:" in err
    assert f"{bad}: word/document.xml: {message}" in err
    assert "Traceback" not in err and not out.exists()


def test_every_problem_is_listed_at_once(tmp_path: Path):
    def no_styles(data: bytes) -> bytes:
        for name in (b"Headingb", b"Call", b"ITU Box"):
            data = data.replace(b'w:val="' + name + b'"', b'w:val="Other ' + name + b'"')
        return data

    bad = rewrite(tmp_path / "many.docx", {"word/document.xml": _no_sect,
                                            "word/styles.xml": no_styles})
    with pytest.raises(ReferenceDocError) as caught:
        reference.load(bad)
    assert [p.where for p in caught.value.problems] == ["word/document.xml",
                                                        "word/styles.xml"]
    assert "lacks the styles: Headingb, Call, ITU Box" in str(caught.value)


def test_a_style_of_the_wrong_type_is_named(tmp_path: Path):
    def hyperlink_as_paragraph(data: bytes) -> bytes:
        return re.sub(rb'w:type="character"( [^>]*>\s*<w:name w:val="Hyperlink")',
                      rb'w:type="paragraph"\1', data)

    bad = rewrite(tmp_path / "type.docx", {"word/styles.xml": hyperlink_as_paragraph})
    with pytest.raises(ReferenceDocError, match=r"Hyperlink \(a paragraph style, not a "
                       r"character style\)"):
        reference.load(bad)


def test_a_template_serves_as_a_reference_document(tmp_path: Path):
    """A .dotx works, and the output says it is a document, not a template."""
    dotx = rewrite(tmp_path / "itu.dotx", {"[Content_Types].xml": lambda d: d.replace(
        b"document.main+xml", b"template.main+xml")})
    files = parts_of(reference.load(dotx).package)
    assert b"wordprocessingml.document.main+xml" in files["[Content_Types].xml"]
    assert b"template.main+xml" not in files["[Content_Types].xml"]


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is not a readable Word document"),
    (b"PK\x05\x06" + bytes(18), "is not a Word document (no [Content_Types].xml)"),
])
def test_files_that_are_no_word_document(tmp_path: Path, content: bytes, message: str):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(ReferenceDocError, match=re.escape(message)):
        reference.load(bad)


def test_a_missing_reference_document(tmp_path: Path):
    with pytest.raises(ReferenceDocError, match="no reference document"):
        reference.load(tmp_path / "nowhere.docx")
    with pytest.raises(ReferenceDocError, match="no reference document"):
        reference.load(tmp_path)


def test_no_shipped_build_has_an_external_relationship_but_its_links(built):
    """Every language of the example: only the text's own web links point outside."""
    for lang, path in built.items():
        files = parts(path)
        assert not [n for n in files if "vba" in n.lower() or "activeX" in n], lang
        for name, kind, target in external_relationships(files):
            assert kind.endswith("/hyperlink"), (lang, name, kind, target)
            assert target.startswith("https://"), (lang, name, target)

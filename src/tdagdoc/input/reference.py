"""A user's Word reference document, read as untrusted input.

A reference document is a source of styles and page setup, never of content.
:func:`load` opens it with limits (entries, bytes per entry, bytes in all),
parses every XML part with a parser that refuses DTDs and entities and never
touches the network, and keeps only what the documents need: the styles,
numbering, theme, fonts, settings, and the header and footer parts. What could
fetch or run something when a reader opens the output (an external
relationship, an attached template, macros, OLE objects, ActiveX controls,
linked pictures, INCLUDEPICTURE-like fields) is dropped with a warning naming
the part. The page setup and the styles the writer uses are checked, and every
problem is listed at once (:class:`ReferenceDocError`).

The result is a clean package (``.docx`` bytes) that python-docx opens in
place of the file.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tdagdoc import styles
from tdagdoc.errors import DataError, Problem

MAX_ENTRIES = 2000
"""Most zip entries a reference document may have."""
MAX_ENTRY_BYTES = 32 * 1024 * 1024
"""Most uncompressed bytes of one part (an embedded font or a logo is far smaller)."""
MAX_TOTAL_BYTES = 64 * 1024 * 1024
"""Most uncompressed bytes of the whole package."""
MIN_PAGE, MAX_PAGE = 1440, 31680
"""Page width and height in twentieths of a point: 1 inch to Word's 22 inches."""
MIN_TEXT = 1440
"""The least width and height, in twentieths of a point, left between the margins."""

_CHUNK = 64 * 1024
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TYPE_PREFIXES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    "http://schemas.openxmlformats.org/package/2006/relationships/",
    "http://schemas.microsoft.com/office/2006/relationships/",
    "http://schemas.microsoft.com/office/2007/relationships/",
)
# Relationship types (the last part of the type URI) kept, by the kind of the source part.
_KEEP = {
    "package": {"officeDocument", "core-properties", "extended-properties"},
    "document": {"styles", "stylesWithEffects", "numbering", "theme", "fontTable", "settings",
                 "webSettings", "header", "footer", "footnotes", "endnotes",
                 "customXml"},  # plain data (document properties); keeps relationship ids
    "customXml": {"customXmlProps"},
    "story": {"image"},  # headers, footers, footnotes, endnotes
    "fontTable": {"font"},
    "theme": {"image"},
    "numbering": {"image"},
}
_KIND = {"officeDocument": "document", "header": "story", "footer": "story",
         "footnotes": "story", "endnotes": "story", "fontTable": "fontTable", "theme": "theme",
         "numbering": "numbering", "customXml": "customXml"}
# Dropped without a word: parts the documents do not need and that run nothing.
_QUIET = {"thumbnail", "custom-properties", "glossaryDocument", "comments",
          "commentsExtended", "commentsIds", "commentsExtensible", "people", "image",
          "hyperlink", "chart", "diagramData", "diagramLayout", "diagramQuickStyle",
          "diagramColors", "diagramDrawing"}
_WHAT = {
    "attachedTemplate": "an attached template", "vbaProject": "macros (a VBA project)",
    "wordVbaData": "macro data", "keyMapCustomizations": "macro key bindings",
    "oleObject": "an OLE object", "package": "an embedded package",
    "control": "an ActiveX control", "activeXControlBinary": "an ActiveX control",
    "subDocument": "a subdocument", "aFChunk": "an imported chunk (altChunk)",
    "frame": "a frame", "webextension": "a web add-in", "webextensiontaskpanes": "a web add-in",
}
_FETCHING_FIELDS = {"INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT",
                    "DATABASE", "RD"}
_STYLE_TYPES = (
    [(name, "paragraph") for name in styles.PARAGRAPH_STYLES]
    + [(name, "character") for name in styles.CHARACTER_STYLES]
    + [(name, "table") for name in styles.TABLE_STYLES]
)
_MEASURE = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt|pc|pi)?")
_TWIPS_PER = {None: 1.0, "mm": 1440 / 25.4, "cm": 1440 / 2.54, "in": 1440.0, "pt": 20.0,
              "pc": 240.0, "pi": 240.0}


class ReferenceDocError(DataError):
    """A reference document that cannot be used; every problem in it is listed.

    >>> print(ReferenceDocError([Problem("ref.docx", "word/document.xml", "no w:sectPr")]))
    1 problem in the reference document:
      ref.docx: word/document.xml: no w:sectPr
    """

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the reference document:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


@dataclass(frozen=True)
class Reference:
    """A checked reference document: a clean package and what was dropped from it."""

    path: Path
    package: bytes = field(repr=False)
    warnings: tuple[Problem, ...] = ()


def parser() -> etree.XMLParser:
    """The only XML parser for untrusted parts: no DTD, no entities, no network.

    >>> etree.fromstring(b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>', parser()).text is None
    True
    """
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_pis=True)


def load(path: str | Path) -> Reference:
    """Read, clean and check the reference document at ``path``.

    Raises :class:`ReferenceDocError` listing every problem; returns the clean
    package and a warning for each part or relationship dropped for safety.
    The result is cached while the file is unchanged (one check per build).
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is None or not path.is_file():
        raise ReferenceDocError([Problem(str(path), "", "no reference document (a .docx file) "
                                         "at this path")])
    return _load(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> Reference:
    del mtime_ns, size  # the cache key only
    try:
        with zipfile.ZipFile(path) as zf:
            return _Cleaner(path, zf).run()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise ReferenceDocError([Problem(str(path), "", "is not a readable Word document "
                                         f"({type(exc).__name__}: {exc})")]) from None


class _Stop(Exception):
    """The package cannot be read further; the problems so far are the report."""


class _Cleaner:
    """One pass over a package: read within limits, keep what is needed, check it."""

    def __init__(self, path: Path, zf: zipfile.ZipFile) -> None:
        self.path = path
        self.zf = zf
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.entries: dict[str, zipfile.ZipInfo] = {}
        self.read_total = 0
        self.parts: dict[str, bytes] = {}  # kept part name (no leading slash) -> bytes
        self.types: dict[str, str] = {}  # kept part name -> content type
        self.rels: dict[str, bytes] = {}  # rels entry name -> bytes
        self.roots: dict[str, etree._Element] = {}  # kept XML part -> its cleaned tree
        self.main: str | None = None
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(str(self.path), where, message))

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(Problem(str(self.path), where, message))

    def run(self) -> Reference:
        try:
            self.index()
            self.walk()
        except _Stop:
            pass
        if self.problems:
            raise ReferenceDocError(self.problems)
        return Reference(self.path, self.package(), tuple(self.warnings))

    # --- reading within limits ---------------------------------------------------------

    def index(self) -> None:
        infos = self.zf.infolist()
        if len(infos) > MAX_ENTRIES:
            self.problem("", f"has {len(infos)} zip entries; at most {MAX_ENTRIES} are read")
            raise _Stop
        declared = 0
        for info in infos:
            if info.filename in self.entries:
                self.problem(info.filename, "appears twice in the zip package")
            if info.flag_bits & 0x1:
                self.problem(info.filename, "is encrypted")
            if info.file_size > MAX_ENTRY_BYTES:
                self.problem(info.filename, f"is {info.file_size} bytes uncompressed; at most "
                             f"{MAX_ENTRY_BYTES} are read")
            declared += info.file_size
            self.entries[info.filename] = info
        if declared > MAX_TOTAL_BYTES:
            self.problem("", f"holds {declared} bytes uncompressed; at most {MAX_TOTAL_BYTES} "
                         "are read")
        if self.problems:
            raise _Stop

    def read(self, name: str) -> bytes | None:
        """An entry's bytes, read in chunks so a lying size cannot run past the limits."""
        info = self.entries.get(name)
        if info is None:
            return None
        out = bytearray()
        try:
            with self.zf.open(info) as fp:
                while chunk := fp.read(_CHUNK):
                    out += chunk
                    self.read_total += len(chunk)
                    if len(out) > MAX_ENTRY_BYTES or self.read_total > MAX_TOTAL_BYTES:
                        self.problem(name, "is larger uncompressed than its zip entry says, "
                                     "past the limits")
                        raise _Stop
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError,
                ValueError) as exc:
            self.problem(name, f"cannot be read ({exc})")
            return None
        return bytes(out)

    def xml(self, name: str, data: bytes) -> etree._Element | None:
        """A part parsed with the hardened parser; a DOCTYPE is refused."""
        try:
            tree = etree.parse(io.BytesIO(data), parser())
        except etree.XMLSyntaxError as exc:
            self.problem(name, f"is not well-formed XML ({exc})")
            return None
        doctype: str = getattr(tree.docinfo, "doctype", "")
        if doctype:
            self.problem(name, "has a DOCTYPE declaration (DTDs and entities are refused)")
            return None
        return tree.getroot()

    # --- the relationship graph -------------------------------------------------------

    def walk(self) -> None:
        ct_data = self.read("[Content_Types].xml")
        ct_root = self.xml("[Content_Types].xml", ct_data) if ct_data is not None else None
        if ct_root is None:
            if ct_data is None:
                self.problem("", "is not a Word document (no [Content_Types].xml)")
            raise _Stop
        self.defaults = {d.get("Extension", "").lower(): d.get("ContentType", "")
                         for d in ct_root.iter(f"{{{_CT}}}Default")}
        self.overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
                          for o in ct_root.iter(f"{{{_CT}}}Override")}
        self.follow("", "package")
        main = self.main
        if main is None:
            self.problem("", "is not a Word document (no main document part)")
        if self.problems:
            raise _Stop
        assert main is not None
        if self.types.get(main) not in _MAIN_TYPES:
            self.problem(main, f"has the content type {self.types.get(main)!r}, not a Word "
                         "document's")
            raise _Stop
        self.types[main] = _DOCUMENT_TYPE  # a template (.dotx, .dotm) serves as well
        self.check(main)

    def content_type(self, name: str) -> str:
        return self.overrides.get(name) or self.defaults.get(
            posixpath.splitext(name)[1].lstrip(".").lower(), "")

    def follow(self, source: str, kind: str) -> set[str]:
        """Keep ``source``'s needed relationships and their parts; returns the kept ids."""
        rels_name = posixpath.join(posixpath.dirname(source), "_rels",
                                   posixpath.basename(source) + ".rels")
        data = self.read(rels_name)
        if data is None:
            return set()
        root = self.xml(rels_name, data)
        if root is None:
            return set()
        where = source or "the package"
        kept_ids: set[str] = set()
        for rel in list(root):
            rtype = rel.get("Type", "")
            short = rtype.rsplit("/", 1)[-1] if rtype.startswith(_TYPE_PREFIXES) else ""
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                self.warn(where, f"dropped an external relationship to {target} "
                          f"({_WHAT.get(short, short or rtype)})")
                root.remove(rel)
                continue
            if short not in _KEEP.get(kind, set()):
                if short not in _QUIET:
                    self.warn(where, f"dropped {_WHAT.get(short, short or rtype)} ({target})")
                root.remove(rel)
                continue
            name = posixpath.normpath(posixpath.join(posixpath.dirname(source), target)
                                      ).lstrip("/") if not target.startswith("/") else \
                posixpath.normpath(target).lstrip("/")
            if not self.keep_part(name, short, where):
                root.remove(rel)
                continue
            kept_ids.add(rel.get("Id", ""))
            if short == "officeDocument":
                self.main = name
        self.rels[rels_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
        return kept_ids

    def keep_part(self, name: str, short: str, where: str) -> bool:
        """Read, check and keep a related part (and what it relates to in turn)."""
        if name in self.parts:
            return True
        ctype = self.content_type(name)
        binary = short in ("image", "font")
        fits = (ctype.startswith("image/") if short == "image" else "font" in ctype
                if short == "font" else ctype.endswith("xml"))
        if not fits or "macroEnabled" in ctype or "vba" in ctype.lower():
            self.warn(where, f"dropped the part {name}: its content type {ctype!r} does not "
                      f"fit a {short} part")
            return False
        data = self.read(name)
        if data is None:
            if name not in self.entries:
                self.warn(where, f"dropped a relationship to the missing part {name}")
            return False
        self.parts[name] = data
        self.types[name] = ctype
        if not binary:
            kind = _KIND.get(short, "")
            self.clean(name, kind, self.follow(name, kind))
        return True

    # --- the XML of kept parts ---------------------------------------------------------

    def clean(self, name: str, kind: str, kept: set[str]) -> None:
        """Parse a kept part; drop content that would fetch or run something."""
        root = self.xml(name, self.parts[name])
        if root is None:
            self.parts.pop(name)
            return
        changed = False
        if kind == "document":
            body = root.find(f"{{{_W}}}body")
            if body is not None:
                for child in list(body):
                    if child.tag != f"{{{_W}}}sectPr":
                        body.remove(child)
                        changed = True
        if root.tag == f"{{{_W}}}settings":
            for merge in root.findall(f"{{{_W}}}mailMerge"):
                # A mail merge queries its data source when the document opens.
                self.warn(name, "dropped a mail merge and its data source")
                root.remove(merge)
                changed = True
        changed |= self.drop_fields(name, root)
        changed |= self.drop_dangling(name, root, kept)
        if changed:
            self.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
        self.roots[name] = root

    def drop_fields(self, name: str, root: etree._Element) -> bool:
        """Remove fields that fetch files or data (INCLUDEPICTURE, INCLUDETEXT, LINK...)."""
        changed = False
        for simple in list(root.iter(f"{{{_W}}}fldSimple")):
            code = _field_code(simple.get(f"{{{_W}}}instr", ""))
            if code in _FETCHING_FIELDS and simple.getparent() is not None:
                self.warn(name, f"dropped an {code} field")
                simple.getparent().remove(simple)  # type: ignore[union-attr]
                changed = True
        runs = list(root.iter(f"{{{_W}}}r"))
        index = {id(r): i for i, r in enumerate(runs)}
        stack: list[list[object]] = []  # [begin index, code text]
        spans: list[tuple[int, int, str]] = []
        for el in root.iter(f"{{{_W}}}fldChar", f"{{{_W}}}instrText"):
            run = el.getparent()
            i = index.get(id(run), -1)
            if el.tag == f"{{{_W}}}instrText":
                if stack:
                    stack[-1][1] = f"{stack[-1][1]}{el.text or ''}"
                continue
            kind = el.get(f"{{{_W}}}fldCharType")
            if kind == "begin":
                stack.append([i, ""])
            elif kind == "end" and stack:
                begin, text = stack.pop()
                code = _field_code(str(text))
                if code in _FETCHING_FIELDS:
                    spans.append((int(str(begin)), i, code))
        for begin, end, code in spans:
            self.warn(name, f"dropped an {code} field")
            for run in runs[begin:end + 1]:
                parent = run.getparent()
                if parent is not None:
                    parent.remove(run)
            changed = True
        return changed

    def drop_dangling(self, name: str, root: etree._Element, kept: set[str]) -> bool:
        """Remove what refers to a dropped relationship: a link, an object, a setting."""
        changed = False
        for el in list(root.iter()):
            refs = {k: v for k, v in el.attrib.items() if str(k).startswith(f"{{{_R}}}")}
            gone = {k for k, v in refs.items() if v not in kept}
            if not gone or _detached(el, root):
                continue
            changed = True
            local = etree.QName(el).localname
            parent = el.getparent()
            if el.tag == f"{{{_W}}}hyperlink" and parent is not None:
                for child in list(el):  # keep the text, drop the link
                    el.addprevious(child)
                parent.remove(el)
            elif gone == {f"{{{_R}}}link"} and len(refs) > 1:
                del el.attrib[f"{{{_R}}}link"]  # a picture both embedded and linked
                self.warn(name, "dropped the link of a linked picture")
            elif local in ("hlinkClick", "hlinkHover", "hlinkMouseOver") or parent is None:
                if parent is not None:
                    parent.remove(el)
            else:
                if f"{{{_R}}}link" in gone:
                    self.warn(name, "dropped a linked picture")
                run = next(el.iterancestors(f"{{{_W}}}r"), None)
                target = run if run is not None else el
                if target.getparent() is not None:
                    target.getparent().remove(target)  # type: ignore[union-attr]
        return changed

    # --- checks --------------------------------------------------------------------------

    def check(self, main: str) -> None:
        """The page setup of the last section, and the styles the writer uses."""
        roots = self.roots
        document = roots.get(main)
        if document is not None:
            self.check_page(main, document)
        styles_part = next((n for n in self.parts if self.types[n].endswith(
            "wordprocessingml.styles+xml")), None)
        if styles_part is None or styles_part not in roots:
            self.problem("", "has no styles part (word/styles.xml)")
        else:
            self.check_styles(styles_part, roots[styles_part])

    def check_page(self, name: str, root: etree._Element) -> None:
        sect = root.find(f"{{{_W}}}body/{{{_W}}}sectPr")
        if sect is None:
            self.problem(name, "has no section properties (w:body/w:sectPr): the page size "
                         "and margins are unknown")
            return
        size = sect.find(f"{{{_W}}}pgSz")
        margins = sect.find(f"{{{_W}}}pgMar")
        if size is None:
            self.problem(name, "has no page size (w:sectPr/w:pgSz)")
        if margins is None:
            self.problem(name, "has no page margins (w:sectPr/w:pgMar)")
        if size is None or margins is None:
            return
        dims = {}
        for attr in ("w", "h"):
            value = _twips(size.get(f"{{{_W}}}{attr}"))
            if value is None or not MIN_PAGE <= value <= MAX_PAGE:
                label = "width" if attr == "w" else "height"
                self.problem(name, f"page {label} (w:pgSz/@w:{attr}) is "
                             f"{size.get(f'{{{_W}}}{attr}')!r}: give {MIN_PAGE} to {MAX_PAGE} "
                             "twentieths of a point")
                value = None
            dims[attr] = value
        sides = {}
        for attr in ("top", "right", "bottom", "left", "header", "footer", "gutter"):
            raw = margins.get(f"{{{_W}}}{attr}")
            value = _twips(raw)
            signed = attr in ("top", "bottom")
            if value is None or (value < 0 and not signed):
                self.problem(name, f"page margin w:pgMar/@w:{attr} is {raw!r}: give a "
                             f"{'' if signed else 'non-negative '}number of twentieths of a point")
            sides[attr] = value
        w, h = dims["w"], dims["h"]
        if None in (w, h) or None in sides.values():
            return
        assert w is not None and h is not None
        text_w = w - (sides["left"] or 0) - (sides["right"] or 0) - (sides["gutter"] or 0)
        text_h = h - abs(sides["top"] or 0) - abs(sides["bottom"] or 0)
        if text_w < MIN_TEXT or text_h < MIN_TEXT:
            self.problem(name, f"the margins leave a text area of {text_w} x {text_h} "
                         f"twentieths of a point; at least {MIN_TEXT} x {MIN_TEXT} is needed")

    def check_styles(self, name: str, root: etree._Element) -> None:
        found: dict[str, str] = {}
        for style in root.iter(f"{{{_W}}}style"):
            label = style.find(f"{{{_W}}}name")
            if label is not None:
                found.setdefault((label.get(f"{{{_W}}}val") or "").casefold(),
                                 style.get(f"{{{_W}}}type") or "paragraph")
        missing = [n for n, _ in _STYLE_TYPES if n.casefold() not in found]
        if missing:
            self.problem(name, f"lacks the styles: {', '.join(missing)}")
        wrong = [f"{n} (a {found[n.casefold()]} style, not a {t} style)" for n, t in _STYLE_TYPES
                 if n.casefold() in found and found[n.casefold()] != t]
        if wrong:
            self.problem(name, f"has styles of the wrong type: {', '.join(wrong)}")

    # --- the clean package -----------------------------------------------------------------

    def package(self) -> bytes:
        ct = etree.fromstring(f'<Types xmlns="{_CT}"/>')
        for ext, ctype in sorted(self.defaults.items()):
            if ext and (ctype.startswith("image/") or ext in ("rels", "xml")
                        or "font" in ctype):
                etree.SubElement(ct, f"{{{_CT}}}Default", Extension=ext, ContentType=ctype)
        for name, ctype in sorted(self.types.items()):
            etree.SubElement(ct, f"{{{_CT}}}Override", PartName=f"/{name}", ContentType=ctype)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", etree.tostring(
                ct, xml_declaration=True, encoding="UTF-8", standalone=True))
            for name, data in self.rels.items():
                zf.writestr(name, data)
            for name, data in self.parts.items():
                zf.writestr(name, data)
        return out.getvalue()


def _detached(el: etree._Element, root: etree._Element) -> bool:
    """Whether an earlier removal already took ``el`` out of the tree."""
    return el is not root and not any(a is root for a in el.iterancestors())


def _field_code(instr: str) -> str:
    """A field instruction's name, upper case: ``' INCLUDEPICTURE "x" '`` -> INCLUDEPICTURE.

    >>> _field_code(' includepicture "http://x/a.png" \\\\d ')
    'INCLUDEPICTURE'
    """
    words = instr.split()
    return words[0].upper() if words else ""


def _twips(value: str | None) -> int | None:
    """A Word measure in twentieths of a point (``"11906"``, ``"2.5cm"``), or None.

    >>> _twips("11906"), _twips("1in"), _twips("-720"), _twips("wide"), _twips(None)
    (11906, 1440, -720, None, None)
    """
    if value is None:
        return None
    match = _MEASURE.fullmatch(value.strip())
    if match is None:
        return None
    return round(float(match.group(1)) * _TWIPS_PER[match.group(2)])


def external_targets(package: bytes) -> Iterator[tuple[str, str]]:
    """Every (rels entry, target) of an external relationship in a package, for checks."""
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        for name in zf.namelist():
            if name.endswith(".rels"):
                root = etree.fromstring(zf.read(name), parser())
                for rel in root.iter(f"{{{_PR}}}Relationship"):
                    if rel.get("TargetMode") == "External":
                        yield name, rel.get("Target", "")

"""``tdagdoc contribution build | new | extract``: Markdown contributions on the command line.

Kept apart from :mod:`tdagdoc.cli`, which hooks it in, so that the two grow
independently; errors reach the same handler there (a report, exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdagdoc.errors import DataError, Problem

if TYPE_CHECKING:
    from tdagdoc.pipeline import Built

EPILOG = """\
examples:
  tdagdoc contribution new my-contribution
  tdagdoc contribution build my-contribution/contribution.md --lang all --out out
  tdagdoc contribution extract my-contribution/contribution.md
      (writes my-contribution/contribution.pot; translators return fr.po, ar.po ...)
"""


def add(cmds: Any) -> None:
    """Add the ``contribution`` command to the top-level subparsers."""
    top = cmds.add_parser(
        "contribution", help="build any contribution written in Markdown",
        description="Any ITU-D contribution written as Markdown with a YAML front matter, in "
        "the ITU layout and the six languages. See README.md, 'Contributions in Markdown'.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="action", required=True, metavar="ACTION")

    b = sub.add_parser("build", help="write the contribution as .docx files",
                       description="Write DIR/<number>-<letter>.docx for each language "
                       "(e.g. out/TDAG-25-12-F.docx). Nothing is written if a file has "
                       "problems.")
    b.add_argument("file", type=Path, help="the contribution (.md)")
    b.add_argument("--lang", default="en", help="en, fr, es, ru, ar, zh, a comma list, or all "
                   "(default: en)")
    b.add_argument("--out", type=Path, default=Path("out"), help="output directory "
                   "(default: out)")
    b.add_argument("--reference-doc", type=Path, metavar="DOCX",
                   help="a Word document whose styles and page setup to use")
    b.add_argument("--logo", type=Path, metavar="IMAGE",
                   help="an image (PNG or JPEG) for the logo cell of the header")
    b.add_argument("--strict", action="store_true",
                   help="refuse texts without a translation instead of using the original "
                   "with a warning")
    b.add_argument("--pdf", action="store_true", help="also write each document as PDF "
                   "through LibreOffice")
    b.add_argument("--quiet", "-q", action="store_true", help="print only errors")

    n = sub.add_parser("new", help="write a starter contribution that builds as it is",
                       description="Write contribution.md and its data file into DIR.")
    n.add_argument("dir", type=Path, help="the folder to write into (created if needed)")

    e = sub.add_parser("extract", help="write the .pot catalog translators start from",
                       description="Write FILE.pot (every paragraph, heading, list item, cell, "
                       "footnote and front matter text as a message). Translators return "
                       "<lang>.po beside the contribution; the build uses it.")
    e.add_argument("file", type=Path, help="the contribution (.md)")
    e.add_argument("--out", type=Path, metavar="POT", help="where to write (default: the "
                   "file's name with .pot)")


def checked_files(args: argparse.Namespace) -> bytes | None:
    """The ``--logo`` read and checked, and the ``--reference-doc`` checked (every problem
    listed), before any document is made; returns the logo's bytes."""
    from tdagdoc.input import images, reference

    logo = None
    if args.logo:
        image = images.read(args.logo)
        if image.note and not args.quiet:
            print(f"tdagdoc: warning: {args.logo}: {image.note}", file=sys.stderr)
        logo = image.data
    if args.reference_doc is not None:
        reference.load(args.reference_doc)
    return logo


def run(args: argparse.Namespace) -> int:
    """Run one ``contribution`` action; user errors raise for :func:`tdagdoc.cli.main`."""
    # Here, not at the top: `tdagdoc --help` and the other commands need none of it.
    from tdagdoc import contribution
    from tdagdoc.docx import pdf
    from tdagdoc.languages import parse_langs
    from tdagdoc.pipeline import save_all, write_atomic

    if args.action == "new":
        for path in contribution.new(args.dir):
            print(path)
        return 0
    if args.action == "extract":
        c = contribution.load(args.file)
        out = args.out or args.file.with_suffix(".pot")
        print(write_atomic(out, contribution.extract(c)))
        return 0
    langs = parse_langs(args.lang)
    c = contribution.load(args.file)
    logo = checked_files(args)
    soffice = pdf.require_soffice() if args.pdf else None
    built: list[Built] = []
    problems: list[Problem] = []
    for lang in langs:  # every language's problems, then stop: nothing is written
        try:
            built.append(contribution.build(c, lang, reference_doc=args.reference_doc,
                                            logo=logo, strict=args.strict))
        except DataError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    if problems:
        raise DataError(problems)
    pdfs = pdf.convert({d.filename: d.data for d in built}, soffice=soffice) if soffice else {}
    files: dict[str, bytes] = {}
    for doc in built:  # each PDF next to its document; the set is written whole or not at all
        files[doc.filename] = doc.data
        name = f"{Path(doc.filename).stem}.pdf"
        if name in pdfs:
            files[name] = pdfs[name]
    paths = save_all(files, args.out)
    if not args.quiet:
        print(*paths, sep="\n")
        for warning in dict.fromkeys(w for d in built for w in d.warnings):
            print(f"tdagdoc: warning: {warning}", file=sys.stderr)
    return 0

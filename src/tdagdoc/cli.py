"""The ``tdagdoc`` command: build, validate.

User errors (bad data, a missing file, a broken template) print a clear
report on standard error and exit with status 2, writing no file; only a bug
in tdagdoc itself shows a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import TdagdocError
from .figures import compute
from .formatting import Formatter
from .languages import parse_langs
from .pipeline import build, save
from .sources import load

EXIT_USER_ERROR = 2

DESCRIPTION = """\
Generate ITU TDAG contributions on partnerships and resource mobilization
as Word documents, in any of the six UN languages, from one data file.
"""

EPILOG = """\
examples:
  tdagdoc validate examples/partnerships-2024.yaml
  tdagdoc build examples/partnerships-2024.yaml --lang en --out out
  tdagdoc build examples/partnerships-2024.yaml --lang all --out out
  tdagdoc build data.yaml --lang fr,ru --out out --logo itu-logo.png

languages: en fr es ru ar zh (or "all"). The data format is described in README.md.
"""


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    top = argparse.ArgumentParser(
        prog="tdagdoc", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"tdagdoc {__version__}")
    cmds = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = cmds.add_parser(
        "build", help="write the contribution as .docx files",
        description="Write the contribution for each language as DIR/<number>-<letter>.docx "
        "(e.g. out/TDAG-25-7-E.docx). Nothing is written if the data has problems.",
    )
    b.add_argument("data", type=Path, help="the data file (.yaml, .yml or .json)")
    b.add_argument("--lang", default="en",
                   help="languages to build: en, fr, es, ru, ar, zh, a comma list, or all "
                   "(default: en)")
    b.add_argument("--out", type=Path, default=Path("out"),
                   help="output directory, created if needed (default: out)")
    b.add_argument("--reference-doc", type=Path, metavar="DOCX",
                   help="a Word document whose styles and page setup to use "
                   "(default: the shipped ITU-style one)")
    b.add_argument("--templates", type=Path, metavar="DIR",
                   help="a directory of templates overriding the shipped ones (run sandboxed)")
    b.add_argument("--logo", type=Path, metavar="IMAGE",
                   help="an image (PNG or JPEG) for the logo cell of the header")
    b.add_argument("--strict", action="store_true",
                   help="refuse data texts (partner names...) missing in a language, "
                   "instead of using the English text with a warning")
    b.add_argument("--quiet", "-q", action="store_true", help="print only errors")

    v = cmds.add_parser("validate", help="check a data file and print its key figures",
                        description="Check a data file; list every problem, or print the "
                        "figures the report will state.")
    v.add_argument("data", type=Path, help="the data file (.yaml, .yml or .json)")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
        return _build(args)
    except TdagdocError as exc:
        print(f"tdagdoc: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except ValueError as exc:  # bad --lang and the like
        print(f"tdagdoc: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR


def _validate(args: argparse.Namespace) -> int:
    report = load(args.data)
    f = compute(report)
    fmt = Formatter(parse_langs("en")[0])
    print(f"{args.data}: valid")
    print(f"  {f.year}: {f.agreements} agreements, {f.financial_agreements} with financial "
          f"contributions totalling {fmt.amount(f.total_usd)} "
          f"({fmt.percent(f.partner_share)} from partners, {fmt.percent(f.itu_share)} from ITU)")
    print(f"  {f.partners} partners, {len(f.financial_partners)} financial partners "
          f"({fmt.amount(f.financial_partners_usd)})")
    return 0


def _build(args: argparse.Namespace) -> int:
    langs = parse_langs(args.lang)
    report = load(args.data)
    logo = _read(args.logo) if args.logo else None
    built = [
        build(report, lang, reference_doc=args.reference_doc, templates=args.templates,
              logo=logo, strict=args.strict)
        for lang in langs
    ]
    for doc in built:  # every language built before any file is written
        path = save(doc, args.out)
        if not args.quiet:
            for warning in doc.warnings:
                print(f"tdagdoc: warning: {warning}", file=sys.stderr)
            print(path)
    return 0


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TdagdocError(f"cannot read {path}: {exc.strerror}") from None


if __name__ == "__main__":
    raise SystemExit(main())

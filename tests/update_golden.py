"""Write the golden XML parts of ``tests/golden`` from the example data: a command of its own.

After an intended change to templates, catalogs or the writer, run (from the checkout)::

    python tests/update_golden.py

then review the diff of ``tests/golden/`` like any other change. ``test_golden.py`` only
compares: a test never rewrites the files it checks against.
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
EXAMPLE = HERE.parent / "examples" / "partnerships-2024.yaml"
PARTS = ("word/document.xml", "word/footnotes.xml", "word/charts/chart1.xml")


def pretty(xml: bytes) -> bytes:
    """A part as compared and stored: blank text removed, indented."""
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(xml, parser), pretty_print=True, encoding="utf-8")


def golden_path(lang: str, part: str) -> Path:
    return GOLDEN / lang / part.replace("/", "_")


def main() -> int:
    import tdagdoc
    from tdagdoc.l10n.languages import LANGUAGE_CODES

    report = tdagdoc.load(EXAMPLE)
    with tempfile.TemporaryDirectory() as out:
        for lang in LANGUAGE_CODES:
            saved = tdagdoc.save(tdagdoc.build(report, lang), Path(out))
            with zipfile.ZipFile(saved) as z:
                for part in PARTS:
                    path = golden_path(lang, part)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(pretty(z.read(part)))
                    print(path.relative_to(HERE.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())

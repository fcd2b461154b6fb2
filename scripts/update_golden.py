"""Regenerate ``tests/golden/`` from the example data, after an intended change.

    python scripts/update_golden.py

Builds the example report in the six languages as ``tests/test_golden.py``
does and writes each compared part, pretty-printed. Review the diff of
``tests/golden/`` before committing it: the test itself never writes there.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

import tdagdoc  # noqa: E402
from conftest import EXAMPLE  # noqa: E402
from tdagdoc.languages import LANGUAGE_CODES  # noqa: E402
from test_golden import PARTS, golden_path, pretty  # noqa: E402


def main() -> None:
    report = tdagdoc.load(EXAMPLE)
    for lang in LANGUAGE_CODES:
        with zipfile.ZipFile(io.BytesIO(tdagdoc.build(report, lang).data)) as z:
            for part in PARTS:
                path = golden_path(lang, part)
                path.parent.mkdir(parents=True, exist_ok=True)
                new = pretty(z.read(part))
                changed = not path.exists() or path.read_bytes() != new
                path.write_bytes(new)
                print(f"{'updated' if changed else 'same   '} {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""tdagdoc: ITU TDAG partnership contributions as Word documents, in six languages.

Three calls do the whole job::

    import tdagdoc
    report = tdagdoc.load("examples/partnerships-2024.yaml")
    tdagdoc.save(tdagdoc.build(report, "fr"), "out")

``build`` takes a language code or a :class:`Lang`; ``build(report, lang, inf=True)``
makes the INF document instead of the report.

The names are imported on first use, so that ``import tdagdoc`` (and the command
line's ``--help``) does not pay for pydantic, python-docx and Babel's data.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tdagdoc.errors import DataError, Problem, TdagdocError
    from tdagdoc.figures import Figures, compute
    from tdagdoc.input.models import Report
    from tdagdoc.input.sources import load
    from tdagdoc.languages import LANGUAGE_CODES, Lang
    from tdagdoc.pipeline import Built, build, save

_WHERE = {
    "DataError": "tdagdoc.errors",
    "Problem": "tdagdoc.errors",
    "TdagdocError": "tdagdoc.errors",
    "Figures": "tdagdoc.figures",
    "compute": "tdagdoc.figures",
    "Report": "tdagdoc.input.models",
    "load": "tdagdoc.input.sources",
    "LANGUAGE_CODES": "tdagdoc.languages",
    "Lang": "tdagdoc.languages",
    "Built": "tdagdoc.pipeline",
    "build": "tdagdoc.pipeline",
    "save": "tdagdoc.pipeline",
}

__all__ = [
    "LANGUAGE_CODES",
    "Built",
    "DataError",
    "Figures",
    "Lang",
    "Problem",
    "Report",
    "TdagdocError",
    "build",
    "compute",
    "load",
    "save",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tdagdoc' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

"""tdagdoc: ITU TDAG partnership contributions as Word documents, in six languages.

Three calls do the whole job::

    import tdagdoc
    report = tdagdoc.load("examples/partnerships-2024.yaml")
    tdagdoc.save(tdagdoc.build(report, "fr"), "out")

``build`` takes a language code or a :class:`Lang`; ``build(report, lang, inf=True)``
makes the INF document instead of the report.
"""

from __future__ import annotations

from tdagdoc.errors import DataError, Problem, TdagdocError
from tdagdoc.figures import Figures, compute
from tdagdoc.input.models import Report
from tdagdoc.input.sources import load
from tdagdoc.l10n.languages import LANGUAGE_CODES, Lang
from tdagdoc.pipeline import Built, build, save

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

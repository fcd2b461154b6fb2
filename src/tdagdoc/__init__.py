"""tdagdoc: ITU TDAG partnership contributions as Word documents, in six languages.

Three calls do the whole job::

    import tdagdoc
    report = tdagdoc.load("examples/partnerships-2024.yaml")
    tdagdoc.save(tdagdoc.build(report, "fr"), "out")
"""

from __future__ import annotations

from .errors import DataError, Problem, TdagdocError
from .figures import Figures, compute
from .languages import LANGUAGE_CODES
from .models import Report
from .pipeline import Built, build, save
from .sources import load

__all__ = [
    "LANGUAGE_CODES",
    "Built",
    "DataError",
    "Figures",
    "Problem",
    "Report",
    "TdagdocError",
    "build",
    "compute",
    "load",
    "save",
]
__version__ = "0.1.0"

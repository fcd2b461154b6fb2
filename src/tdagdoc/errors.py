"""User-facing errors: every problem at once, each with its file and place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what is wrong."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        return f"{place}: {self.message}"


class TdagdocError(Exception):
    """An error the user can fix; the command line prints it without a traceback."""


class DataError(TdagdocError):
    """The input data has problems; all of them are listed.

    >>> print(DataError([Problem("a.yaml", "year", "must be a number")]))
    1 problem in the input:
      a.yaml: year: must be a number
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        """The problems, one a line, under a count."""
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

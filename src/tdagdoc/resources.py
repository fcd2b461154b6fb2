"""Where the shipped templates and catalogs are, installed or in a checkout.

A wheel carries them inside the package (``tdagdoc/_data``); a source checkout
or an editable install keeps them at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The shipped ``templates`` or ``locales`` directory.

    >>> data_dir("templates").joinpath("report.xml.j2").is_file()
    True
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"tdagdoc is installed without its {name!r} directory")


def templates_dir() -> Path:
    """The shipped Jinja2 templates and the Word reference document."""
    return data_dir("templates")


def locales_dir() -> Path:
    """The shipped gettext catalogs (``<lang>/LC_MESSAGES/tdagdoc.po``)."""
    return data_dir("locales")


def reference_docx() -> Path:
    """The shipped Word reference document (styles and page setup)."""
    return templates_dir() / "reference.docx"

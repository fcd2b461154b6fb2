"""Native Word charts (being written)."""

from __future__ import annotations

from typing import Any


def add_chart(document_part: Any, paragraph: Any, chart: Any, lang: Any) -> None:
    """Place a chart in ``paragraph`` (not yet written)."""

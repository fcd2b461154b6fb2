"""A progress bar for long builds, drawn on standard error only when someone watches.

The work that takes time (streaming the rows of a big table) happens deep in
the writer, which knows nothing of bars: the command line passes the bar's
:meth:`Bar.advance` down as the build's ``on_rows`` callback. While
:func:`reporting`, a bar also redraws itself from a background thread, so its
clock keeps moving through work that reports nothing (loading 100 000 agreements).
It stays silent when standard error is not a terminal, with ``--quiet``, and
for work that ends within a moment.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

WIDTH = 30
DELAY = 0.5  # seconds of work before the bar appears: quick builds print nothing
INTERVAL = 0.1  # seconds between redraws

class Bar:
    """A one-line bar: ``label [#####-----]  50%  12.3 s``, redrawn in place.

    ``total`` counts work units (table rows, documents); it may grow as the
    work becomes known. With ``enabled`` false every method is a no-op.
    """

    def __init__(self, total: int = 0, *, stream: TextIO | None = None,
                 enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = _is_terminal(self.stream)
        self.enabled = enabled
        self.total = total
        self.done = 0
        self.label = ""
        self.clock = clock
        self.started = clock()
        self.drawn_at = 0.0
        self.shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def start(self) -> None:
        """Redraw every :data:`INTERVAL` until :meth:`close` (a no-op when disabled)."""
        if self.enabled and self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="tdagdoc-progress",
                                            daemon=True)
            self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(INTERVAL):
            self._draw()

    def add(self, units: int) -> None:
        """More work became known."""
        self.total += units

    def describe(self, label: str) -> None:
        """Say what is being done now."""
        self.label = label
        self._draw()

    def advance(self, units: int = 1) -> None:
        """Count ``units`` of work as done."""
        self.done += units
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        with self._lock:
            now = self.clock()
            elapsed = now - self.started
            if elapsed < DELAY or now - self.drawn_at < INTERVAL or self._stop.is_set():
                return
            self.drawn_at = now
            share = min(1.0, self.done / self.total) if self.total else 0.0
            filled = round(share * WIDTH)
            line = (f"\r{self.label[:40]:<40} [{'#' * filled}{'-' * (WIDTH - filled)}] "
                    f"{share:4.0%} {elapsed:6.1f} s")
            self.stream.write(line)
            self.stream.flush()
            self.shown = True

    def close(self) -> None:
        """Stop redrawing and clear the line, so what follows starts on a clean one."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        with self._lock:
            if self.shown:
                self.stream.write("\r" + " " * (40 + WIDTH + 20) + "\r")
                self.stream.flush()
                self.shown = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def reporting(bar: Bar) -> Iterator[Bar]:
    """Draw ``bar`` while the block runs, then clear its line."""
    bar.start()
    try:
        yield bar
    finally:
        bar.close()

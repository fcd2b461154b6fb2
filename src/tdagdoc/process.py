"""What tdagdoc may do to the whole process: only what its owner, the command line, allows.

A library call must leave its caller's process as it found it. Three settings
reach beyond the call: pausing the cyclic garbage collector (the profiler found
it walking the data's millions of objects again and again), a cap on the address
space and a timer signal (both stop a hostile template). They are set only
inside :func:`owned`, which the command line enters around a command, and each
is restored when its scope ends. A script that owns its process may enter
:func:`owned` too; elsewhere the sandbox's own clock still stops a template that
runs too long.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["collector_paused", "is_owned", "owned"]

_OWNED: ContextVar[bool] = ContextVar("tdagdoc_process_owned", default=False)


def is_owned() -> bool:
    """Whether process-wide settings may be made here (inside :func:`owned`).

    >>> is_owned()
    False
    >>> with owned():
    ...     is_owned()
    True
    """
    return _OWNED.get()


@contextmanager
def owned() -> Iterator[None]:
    """Let tdagdoc make process-wide settings within the block, and undo the lasting ones.

    The command line freezes the loaded data out of the collector's sight
    (``gc.freeze``); that is undone here when nothing was frozen before.
    """
    frozen = gc.get_freeze_count()
    token = _OWNED.set(True)
    try:
        yield
    finally:
        _OWNED.reset(token)
        if not frozen and gc.get_freeze_count():
            gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, when the process is :func:`owned`.

    For work that makes many objects and no cycles (reference counting frees
    them): the collector would otherwise walk the whole heap again and again.
    Outside :func:`owned`, the caller's collector is left as it is.

    >>> with collector_paused():
    ...     gc.isenabled()
    True
    """
    if not _OWNED.get() or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

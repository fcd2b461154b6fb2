"""The fences around templates: an immutable sandbox, a folder-bound loader, limits.

A template folder may come from someone else, so a template is code that must
not reach the data, the files or the machine:

- **Immutable data**: no value handed to a template (the figures, the
  document's data, anything inside them) can be changed from it, and the
  figures' own tables are read-only views besides (:func:`read_only`), so
  every language states the computed numbers. Unlike Jinja2's
  ``ImmutableSandboxedEnvironment``, a list the template makes itself may
  still grow (``{% do xs.append(x) %}``), as the shipped report's list of
  membership categories does.
- **The folder only**: :class:`FolderLoader` reads regular files inside the
  folder once symbolic links are resolved (a link within the folder is fine,
  one leading out is refused), at most :data:`MAX_TEMPLATE_BYTES` of each.
- **Limits**: a render stops with the template's name and line, and the limit,
  when it writes more than :data:`MAX_OUTPUT_CHARS` characters or
  :data:`MAX_BLOCKS` blocks (counted as the output streams), nests includes
  and macro calls deeper than :data:`MAX_NESTING`, runs longer than
  :data:`MAX_RENDER_SECONDS`, or needs more than :data:`MAX_RENDER_MEMORY`;
  ``'a' * 10**10`` and huge powers are refused before anything is allocated.
  The memory cap and the timer signal act on the whole process, so they are
  set only where the command line owns it (:func:`tdagdoc.process.owned`);
  a library call keeps the clock checked at every callback.
- **Places**: :func:`stream` keeps, for each piece of output, the template
  line that wrote it, so an error found later in the markup (a footnote in a
  footnote) is reported at that line.

The places and the sandbox's checks lean on Jinja2 internals (the code
generator's output hooks, the generator an include holds, the template named in
the rendered code's globals): pyproject.toml pins the releases that have them,
and ``tests/test_jinja_internals.py`` fails when one moves.
"""

from __future__ import annotations

import bisect
import dataclasses
import inspect
import os
import re
import signal
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import (
    Callable,
    Generator,
    Iterator,
    MutableMapping,
    MutableSequence,
    MutableSet,
)
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, MappingProxyType
from typing import Any, TypeVar, cast

from jinja2 import (
    BaseLoader,
    Environment,
    Template,
    TemplateNotFound,
    TemplateRuntimeError,
    Undefined,
    nodes,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable, safe_range
from pydantic import BaseModel

from tdagdoc import process
from tdagdoc.errors import TdagdocError

T = TypeVar("T")
# What Jinja2's ``modifies_known_mutable`` knows how to change.
_MUTABLE = (MutableMapping, MutableSequence, MutableSet, deque)

#: Bytes read from one template file; a template is a page of text, not data.
MAX_TEMPLATE_BYTES = 1_000_000
#: Characters a render may produce (the shipped report renders about 10 000).
MAX_OUTPUT_CHARS = 1_000_000
#: Blocks (paragraphs, headings, list items, tables, charts...) a document may have.
MAX_BLOCKS = 10_000
#: Includes and macro calls open at once (the shipped templates need 2).
MAX_NESTING = 20
#: Seconds a render may take (the shipped report takes a few hundredths).
MAX_RENDER_SECONDS = 10.0
#: Bytes of memory a render may add (enforced where the system allows, as on Linux).
MAX_RENDER_MEMORY = 512 * 2**20
#: Bits an integer computed by a template may have (``2**64`` is 65).
MAX_INT_BITS = 4096

_BLOCK_TAG = re.compile(r"<(?:header-block|source|title|summary-box|h1|h2|p|li|call|table|chart"
                        r"|closing|contact-box)[\s/>]")


class TemplateProblem(TdagdocError):
    """A template that does not render, or renders markup that cannot be read."""


class TemplateRefused(TemplateRuntimeError):
    """A template the sandbox stops: past a limit, or read from outside its folder.

    A Jinja2 error, so that it is reported at the template line (the include)
    that led to it.
    """


class FolderLoader(BaseLoader):
    """Templates from regular files inside one folder, symbolic links resolved.

    Jinja2's ``FileSystemLoader`` follows a link wherever it points, so a
    ``leak.j2`` linked to ``/etc/passwd`` would print that file into the
    document; and it reads a device or a pipe without end. Here a name with
    ``..`` is not found, a link must end inside the folder, the file must be a
    regular one, and at most :data:`MAX_TEMPLATE_BYTES` are read.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses "..": TemplateNotFound
        path = self.folder.joinpath(*pieces)
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        root = os.path.realpath(self.folder)
        real = os.path.realpath(path)
        try:
            inside = os.path.commonpath([root, real]) == root
        except ValueError:  # another drive
            inside = False
        if not inside:
            raise TemplateRefused(f"{path}: the template is a link to {real}, outside the "
                                  f"template folder {self.folder}")
        try:
            # Not blocking, so that a pipe is refused instead of waited on.
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:  # a dangling link
            raise TemplateNotFound(template) from None
        except OSError as exc:
            raise TemplateRefused(f"{path}: cannot read the template: {exc.strerror}") from None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise TemplateRefused(f"{path}: a template must be a regular file")
        with os.fdopen(fd, "rb") as fp:
            data = fp.read(MAX_TEMPLATE_BYTES + 1)
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateRefused(f"{path}: a template may have at most "
                                  f"{MAX_TEMPLATE_BYTES:,} bytes")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateRefused(f"{path}: the template is not UTF-8 text: {exc}") from None
        mtime = info.st_mtime_ns

        def uptodate() -> bool:
            try:
                return os.stat(real).st_mtime_ns == mtime
            except OSError:
                return False

        return text, str(path), uptodate


class _Compiler(CodeGenerator):
    """Jinja2's code generator, also marking the template line of literal text.

    Jinja2 maps only expressions and statements back to template lines, so
    markup written as plain text after a loop would be placed at the loop.
    With literal text marked too, a bad ``<fn>`` in it is reported at its line.
    """

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        # The groups of constant children, found as Jinja2 finds them.
        finalize = self._make_finalize()
        starts: list[int] = []
        grouping = False
        for child in node.nodes:
            try:
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                self._output_child_to_const(child, frame, finalize)
            except Exception:  # as Jinja2: evaluated when rendering instead
                grouping = False
                continue
            if not grouping:
                starts.append(child.lineno)
                grouping = True
        outer: Iterator[int] | None = getattr(self, "_const_lines", None)
        self._const_lines: Iterator[int] | None = iter(starts)
        try:
            super().visit_Output(node, frame)
        finally:
            self._const_lines = outer

    def _output_const_repr(self, group: Any) -> str:
        lines: Iterator[int] | None = getattr(self, "_const_lines", None)
        line = next(lines, None) if lines is not None else None
        if line is not None:  # recorded by the write that follows
            self._write_debug_info = line
            self._last_line = line
        return super()._output_const_repr(group)


class Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, immutable for the values handed in, with limits on nesting, time, sizes.

    The limits are checked where a template's code calls back into the
    environment (calls, attributes, includes, ``*`` and ``**``), so no
    operation they guard can start. :func:`stream` checks the output as it
    comes; :class:`Limits` sets the clock (with a timer signal and a memory cap
    where the process is the command line's).
    """

    intercepted_binops = frozenset({"*", "**"})
    code_generator_class = _Compiler

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = float("inf")
        self.globals["range"] = _limited_range(self)
        self.protected: set[int] = set()
        self._keep: list[object] = []  # what ``protected`` names stays alive, its ids unique

    def protect(self, values: Iterator[object] | list[object]) -> None:
        """Make ``values``, and every list, dict or set a template reaches through them,
        unchangeable from templates (for the next render).

        What a template reaches is marked as it reaches it (attribute and item access;
        any attribute of a data model or dataclass), not by walking the data first: a
        report of 100 000 agreements holds half a million lists.

        >>> env, data = Sandbox(extensions=["jinja2.ext.do"]), {"n": [1, 2]}
        >>> env.protect([data])
        >>> env.from_string("{% do xs.append(3) %}{{ xs }}").render(xs=[])
        '[3]'
        >>> env.from_string("{% do d.n.append(3) %}").render(d=data)
        Traceback (most recent call last):
          ...
        jinja2.exceptions.SecurityError: a template cannot change the data it is given \
('append' of a list)
        """
        self.protected = set()
        self._keep = []
        for value in values:
            self._mark(value)

    def _mark(self, value: object) -> None:
        if isinstance(value, _MUTABLE) and id(value) not in self.protected:
            self._keep.append(value)
            self.protected.add(id(value))

    def _is_data(self, obj: object) -> bool:
        """Whether ``obj`` is handed-in data (what it holds is data too)."""
        return (id(obj) in self.protected or isinstance(obj, BaseModel | MappingProxyType)
                or (dataclasses.is_dataclass(obj) and not isinstance(obj, type)))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return not (id(obj) in self.protected and modifies_known_mutable(obj, attr))

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        if modifies_known_mutable(obj, attribute):
            raise SecurityError(f"a template cannot change the data it is given "
                                f"({attribute!r} of a {type(obj).__name__})")
        return super().unsafe_undefined(obj, attribute)

    def check_time(self) -> None:
        """Stop a render that has run longer than :data:`MAX_RENDER_SECONDS`."""
        if time.monotonic() > self.deadline:
            raise TemplateRefused(_TOO_LONG.format(MAX_RENDER_SECONDS))

    def check_nesting(self) -> None:
        """Stop includes or macro calls nested deeper than :data:`MAX_NESTING`.

        Counted as template frames on the stack, so recursion is stopped long
        before Python's own limit and whatever the path to it.
        """
        depth = 0
        frame: FrameType | None = sys._getframe(1)
        while frame is not None:
            if "__jinja_template__" in frame.f_globals and frame.f_code.co_name != "<module>":
                depth += 1
            frame = frame.f_back
        if depth > MAX_NESTING:
            raise TemplateRefused(f"includes and macro calls are nested more than {MAX_NESTING} "
                                "deep (MAX_NESTING)")

    def call(__self, __context: Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        __self.check_time()
        __self.check_nesting()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.check_time()
        if isinstance(obj, MappingProxyType) and modifies_known_mutable({}, attribute):
            # A read-only view has no ``update``: say why, not "no attribute".
            raise SecurityError(f"a template cannot change the data it is given "
                                f"({attribute!r} of a read-only dict)")
        value = super().getattr(obj, attribute)
        if self._is_data(obj):
            self._mark(value)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if self._is_data(obj):
            self._mark(value)
        return value

    def get_template(self, name: Any, parent: str | None = None,
                     globals: Any = None) -> Template:
        self.check_time()
        self.check_nesting()
        return super().get_template(name, parent, globals)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``*`` and ``**``, refused before they allocate a huge value.

        >>> env = Sandbox()
        >>> env.from_string("{{ 'ab' * 3 }} {{ 2 ** 10 }}").render()
        'ababab 1024'
        >>> env.from_string("{{ 'a' * 10**10 }}").render()
        Traceback (most recent call last):
          ...
        tdagdoc.document.sandbox.TemplateRefused: a repeated text or list of more than \
1,000,000 characters or items (MAX_OUTPUT_CHARS)
        """
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if (isinstance(seq, str | list | tuple) and isinstance(n, int)
                        and len(seq) * n > MAX_OUTPUT_CHARS):
                    raise TemplateRefused(
                        f"a repeated text or list of more than {MAX_OUTPUT_CHARS:,} "
                        "characters or items (MAX_OUTPUT_CHARS)")
        if (operator == "**" and isinstance(left, int) and isinstance(right, int)
                and abs(left) > 1 and right * abs(left).bit_length() > MAX_INT_BITS):
            raise TemplateRefused(f"a power of more than {MAX_INT_BITS} bits (MAX_INT_BITS)")
        return super().call_binop(context, operator, left, right)


class _Range:
    """The sandbox's ``range`` (at most 100 000 numbers) watching the clock as it is walked.

    Loops over ``range`` are how a template can spin without output or calls,
    so this is where the time limit must be seen.
    """

    def __init__(self, env: Sandbox, numbers: range) -> None:
        self.env, self.numbers = env, numbers

    def __iter__(self) -> Iterator[int]:
        for i, n in enumerate(self.numbers):
            if not i & 1023:
                self.env.check_time()
            yield n

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: int) -> int:
        return self.numbers[index]

    def __contains__(self, n: object) -> bool:
        return n in self.numbers


def _limited_range(env: Sandbox) -> Callable[..., _Range]:
    def limited_range(*args: int) -> _Range:
        return _Range(env, safe_range(*args))

    return limited_range


@dataclass(frozen=True)
class Rendered:
    """Markup, and for each piece of it the template line that wrote it."""

    text: str
    starts: tuple[int, ...]  # the markup line each piece starts on, ascending
    places: tuple[tuple[str, int], ...]  # (template file, line) of each piece

    def place(self, markup_line: int | None) -> str:
        """``file:line`` of the template text that wrote ``markup_line``."""
        i = bisect.bisect_right(self.starts, markup_line or 1) - 1
        if i < 0:
            return self.places[0][0] if self.places else "the template"
        name, line = self.places[i]
        # Literal text keeps the template's lines: count on from the piece's start.
        return f"{name}:{line + (markup_line or 1) - self.starts[i]}"


def stream(tmpl: Template, context: dict[str, Any]) -> Rendered:
    """Render piece by piece, counting characters and blocks, so a limit stops it early."""
    pieces: list[str] = []
    starts: list[int] = []
    places: list[tuple[str, int]] = []
    chars = blocks = 0
    line = 1
    gen = cast(Generator[str, None, None], tmpl.generate(context))
    for piece in gen:
        frame = _innermost(gen)
        if frame is not None:
            t: Template = frame.f_globals["__jinja_template__"]
            starts.append(line)
            places.append((t.filename or t.name or "", t.get_corresponding_lineno(frame.f_lineno)))
        chars += len(piece)
        blocks += len(_BLOCK_TAG.findall(piece))
        where = f"{places[-1][0]}:{places[-1][1]}" if places else tmpl.name
        if chars > MAX_OUTPUT_CHARS:
            gen.close()
            raise TemplateProblem(f"{where}: the template writes more than "
                                  f"{MAX_OUTPUT_CHARS:,} characters (MAX_OUTPUT_CHARS)")
        if blocks > MAX_BLOCKS:
            gen.close()
            raise TemplateProblem(f"{where}: the template writes more than {MAX_BLOCKS:,} "
                                  "blocks (MAX_BLOCKS)")
        if time.monotonic() > getattr(tmpl.environment, "deadline", float("inf")):
            gen.close()
            raise TemplateProblem(f"{where}: {_TOO_LONG.format(MAX_RENDER_SECONDS)}")
        line += piece.count("\n")
        pieces.append(piece)
    return Rendered("".join(pieces), tuple(starts), tuple(places))


def _innermost(gen: Any) -> FrameType | None:
    """The frame of the template code that yielded the latest piece of ``gen``.

    Extends and blocks delegate with ``yield from``; an include iterates its
    template's generator, which it holds in a local named ``gen``.
    """
    found = None
    while inspect.isgenerator(gen) and gen.gi_frame is not None:
        frame = gen.gi_frame
        if "__jinja_template__" in frame.f_globals:
            found = frame
        inner = gen.gi_yieldfrom
        if inner is None:
            inner = frame.f_locals.get("gen")
            if not (inspect.isgenerator(inner)
                    and inspect.getgeneratorstate(inner) == inspect.GEN_SUSPENDED):
                inner = None
        gen = inner
    return found


def read_only(value: T) -> T:
    """A frozen dataclass with its dicts as read-only views and its lists as tuples.

    The figures reach templates so: the sandbox already refuses a template's
    ``update``, and this keeps Python code handed the same object (a filter,
    a test) from changing them too.
    """
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    views: dict[str, Any] = {}
    for field in dataclasses.fields(value):
        item = getattr(value, field.name)
        if isinstance(item, dict):
            views[field.name] = MappingProxyType(item)
        elif isinstance(item, list):
            views[field.name] = tuple(item)
    return dataclasses.replace(value, **views)


class Limits:
    """The time and memory limits of one render, set up and taken down again."""

    def __init__(self, env: Sandbox) -> None:
        self.env = env
        self.memory: tuple[int, int] | None = None
        self.alarm: Any = None

    def __enter__(self) -> None:
        self.env.deadline = time.monotonic() + MAX_RENDER_SECONDS
        if not process.is_owned():
            return  # a library call: the clock above only, the caller's process untouched
        self.memory = _cap_memory()
        if (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
                and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)):
            # A loop that calls nothing is still stopped: Python runs the handler
            # between two instructions of the template's code.
            self.alarm = signal.signal(signal.SIGALRM, _out_of_time)
            signal.setitimer(signal.ITIMER_REAL, MAX_RENDER_SECONDS)

    def __exit__(self, *exc: object) -> None:
        if self.alarm is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.alarm)
        if self.memory is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, self.memory)
        self.env.deadline = float("inf")


def _out_of_time(signum: int, frame: FrameType | None) -> None:
    """Stop the template's code where it runs, so the message gives its line.

    Caught outside it (compiling, between two pieces), ask again shortly.
    """
    while frame is not None:
        if "__jinja_template__" in frame.f_globals:
            raise TemplateRefused(_TOO_LONG.format(MAX_RENDER_SECONDS))
        frame = frame.f_back
    signal.setitimer(signal.ITIMER_REAL, 0.05)


_TOO_LONG = "the template took more than {:g} seconds (MAX_RENDER_SECONDS)"


def _cap_memory() -> tuple[int, int] | None:
    """Let the process grow by at most :data:`MAX_RENDER_MEMORY`; the old limits, to restore.

    Where the address space in use cannot be read (not Linux), nothing is set.
    """
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as fp:
            used = int(fp.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return None
    old = resource.getrlimit(resource.RLIMIT_AS)
    soft, hard = old
    cap = used + MAX_RENDER_MEMORY
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        return None
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return old

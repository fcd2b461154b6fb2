"""Templates to blocks: Jinja2 renders a small XML markup, lxml reads it back.

Every value reaches the markup through Jinja2's autoescaping, so a partner
called ``AT&T <Labs>`` or ``{{ x }}`` stays text: data can never become markup
or template code. Templates run in Jinja2's sandbox with undefined names
failing loudly, so a user's own template can neither reach Python internals
nor print an empty figure.

A template folder is code from someone else, so it runs inside fences:

- an immutable sandbox: no value handed to a template (the figures, the
  document's data, anything inside them) can be changed from it, and the
  figures' own tables are read-only views besides, so every language states
  the computed numbers. Unlike Jinja2's ``ImmutableSandboxedEnvironment``, a
  list the template makes itself may still grow (``{% do xs.append(x) %}``),
  as the shipped report's list of membership categories does;
- templates are read only from regular files inside the folder, once symbolic
  links are resolved (a link within the folder is fine, one leading out is
  refused), and at most :data:`MAX_TEMPLATE_BYTES` of each;
- a render stops with the template's name and line, and the limit, when it
  produces more than :data:`MAX_OUTPUT_CHARS` characters or
  :data:`MAX_BLOCKS` blocks, nests includes and macro calls deeper than
  :data:`MAX_NESTING`, runs longer than :data:`MAX_RENDER_SECONDS`, or needs
  more than :data:`MAX_RENDER_MEMORY` bytes; ``'a' * 10**10`` and huge powers
  are refused before anything is allocated;
- markup Word cannot hold as written (a footnote in a footnote, a link in a
  link, a footnote in a link) is refused at the template line that wrote it.

The markup:

- the root: ``<document>``, or ``<document orientation="landscape">`` for pages
  turned sideways (wide lists);
- blocks: ``<header-block>``, ``<source>``, ``<title>``, ``<summary-box>`` with
  ``<part><label/>…</part>``, ``<h1>``, ``<h2>``, ``<p>``, ``<li>``,
  ``<table ref=…>caption</table>``, ``<chart ref=…>caption</chart>``,
  ``<closing/>``, ``<contact-box>`` with ``<row><c/><c/><c/></row>``;
- inlines: ``<b>``, ``<i>``, ``<a href=…>``, ``<fn>`` (a footnote), ``<tab/>``.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import os
import re
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, MappingProxyType
from typing import Any, cast

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    TemplateSyntaxError,
    Undefined,
    nodes,
)
from jinja2.bccache import Bucket
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable, safe_range
from lxml import etree
from markupsafe import Markup, escape

from tdagdoc import blocks as b
from tdagdoc import styles
from tdagdoc.document import charts, tables
from tdagdoc.errors import TdagdocError
from tdagdoc.figures import Figures
from tdagdoc.input.models import Report
from tdagdoc.l10n.labels import ORIGINAL
from tdagdoc.l10n.localizer import Localizer
from tdagdoc.resources import templates_dir

_SPACE = re.compile(r"\s+")
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
)


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


@dataclass(frozen=True)
class Source:
    """Where templates come from: an optional user directory over the shipped one."""

    user_dir: Path | None = None

    def loader(self) -> ChoiceLoader:
        """User templates first, so an officer can override one file at a time."""
        dirs = [templates_dir()]
        if self.user_dir is not None:
            dirs.insert(0, self.user_dir)
        return ChoiceLoader([FolderLoader(d) for d in dirs])


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
        if os.path.commonpath([root, real]) != root:
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


class _Compiled(BytecodeCache):
    """Compiled templates kept in memory and shared by every language's environment.

    Each language needs its own environment (its catalog, its formatters), but
    all are made alike, so a template compiles to the same code: compiling it
    once instead of six times was a third of the six-language build. Jinja2
    checks each template's source against the stored checksum, so an edited
    template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


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
        line = next(self._const_lines, None) if self._const_lines is not None else None
        if line is not None:  # recorded by the write that follows
            self._write_debug_info = line
            self._last_line = line
        return super()._output_const_repr(group)


class Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, immutable for the values handed in, with limits on nesting, time, sizes.

    The limits are checked where a template's code calls back into the
    environment (calls, attributes, includes, ``*`` and ``**``), so no
    operation they guard can start. :func:`render_markup` checks the output
    as it streams, the time with a timer signal where it can, and the memory.
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
        """Make ``values`` and every list, dict or set inside them unchangeable from templates.

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
        todo = list(values)
        seen: set[int] = set()
        while todo:
            value = todo.pop()
            if id(value) in seen or isinstance(value, str | int | float | bytes | type):
                continue
            seen.add(id(value))
            self._keep.append(value)
            self.protected.add(id(value))
            if isinstance(value, Mapping):
                todo.extend(value.values())
            elif isinstance(value, list | tuple | set | frozenset):
                todo.extend(value)
            elif dataclasses.is_dataclass(value):
                todo.extend(getattr(value, f.name) for f in dataclasses.fields(value))
            elif hasattr(value, "__pydantic_fields__"):
                todo.extend(vars(value).values())

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
            raise TemplateRefused(f"the template took more than {MAX_RENDER_SECONDS:g} seconds "
                                "(MAX_RENDER_SECONDS)")

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
        return super().getattr(obj, attribute)

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
        tdagdoc.document.narrative.TemplateRefused: a repeated text or list of more than \
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


def environment(loc: Localizer, source: Source) -> Sandbox:
    """A sandboxed Jinja2 environment bound to one language."""
    env = Sandbox(
        loader=source.loader(),
        bytecode_cache=_COMPILED,
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(loc.catalog, newstyle=True)  # type: ignore[attr-defined]
    fmt = loc.fmt
    filters: dict[str, Callable[..., Any]] = dict(
        integer=fmt.integer,
        number=fmt.number,
        percent=fmt.percent,
        amount=fmt.amount,
        money=fmt.money,
        date=fmt.date,
        date_range=fmt.date_range,
        ordinal=fmt.ordinal,
        listing=lambda items: Markup(fmt.list([str(escape(i)) for i in items])),
        label=loc.label,
        local=lambda text, where="document": loc.name(text, where),
    )
    env.filters.update({name: _strict(f) for name, f in filters.items()})
    return env


def _strict(f: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that, given an undefined name, says which (not "got StrictUndefined")."""

    @functools.wraps(f)
    def strict(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, Undefined):
                arg._fail_with_undefined_error()
        return f(*args, **kwargs)

    return strict


def document_number(report: Report, loc: Localizer, number: str | None = None) -> str:
    """The number as the header prints it: ``TDAG-25/7-E``."""
    return f"{number or report.document.number}-{loc.lang.letter}"


def render_markup(
    template: str, report: Report, figures: Figures, loc: Localizer, source: Source,
    number: str | None = None,
) -> str:
    """Render a document template to markup text.

    ``number`` is that of a companion document (the INF document) rendered from
    the same data: its header shows that number and none of the report's
    revision marks, and ``report`` names the report it accompanies.
    """
    return _render(template, report, figures, loc, source, number).text


@dataclass(frozen=True)
class _Rendered:
    """Markup, and for each piece of it the template line that wrote it."""

    text: str
    starts: tuple[int, ...]  # the markup line each piece starts on, ascending
    places: tuple[tuple[str, int], ...]  # (template file, line) of each piece

    def place(self, markup_line: int | None) -> str:
        """``file:line`` of the template text that wrote ``markup_line``."""
        import bisect

        i = bisect.bisect_right(self.starts, markup_line or 1) - 1
        if i < 0:
            return self.places[0][0] if self.places else "the template"
        name, line = self.places[i]
        # Literal text keeps the template's lines: count on from the piece's start.
        return f"{name}:{line + (markup_line or 1) - self.starts[i]}"


def _render(
    template: str, report: Report, figures: Figures, loc: Localizer, source: Source,
    number: str | None = None,
) -> _Rendered:
    env = environment(loc, source)
    meta = report.document
    if number is not None:
        meta = meta.model_copy(update={"revision": None, "addendum": None, "corrigendum": None})
    context: dict[str, Any] = {
        "doc": meta,
        "year": str(report.year),
        "f": read_only(figures),
        "number": document_number(report, loc, number),
        "report": report.document.number,
        "inf": meta.inf_document or "",
        "original": loc._(ORIGINAL[meta.original_language]),
        "series_first": str(figures.series[0].year) if figures.series else str(report.year),
        "series_last": str(report.year),
    }
    env.protect(list(context.values()))
    try:
        with _Limits(env):
            return _stream(env.get_template(template), context)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except TemplateNotFound as exc:
        raise TemplateProblem(f"{_template_line(exc, template)}: no template named "
                              f"{exc.name!r}") from None
    except TemplateError as exc:  # undefined names, the sandbox's refusals, the limits...
        where = _template_line(exc, template)
        if isinstance(exc, TemplateRefused) and where == template:  # it names its file
            raise TemplateProblem(exc.message or str(exc)) from None
        raise TemplateProblem(f"{where}: {exc.message or exc}") from None
    except MemoryError as exc:
        raise TemplateProblem(f"{_template_line(exc, template)}: the template needs more than "
                              f"{MAX_RENDER_MEMORY // 2**20} MiB of memory "
                              "(MAX_RENDER_MEMORY)") from None
    except RecursionError as exc:  # a path to recursion the nesting count does not see
        raise TemplateProblem(f"{_template_line(exc, template)}: the template recurses without "
                              "end") from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # A template is code: a filter given text instead of a number, a division
        # by zero... are the template's errors, reported at its line.
        raise TemplateProblem(f"{_template_line(exc, template)}: {type(exc).__name__}: "
                              f"{exc}") from None


def _stream(tmpl: Template, context: dict[str, Any]) -> _Rendered:
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
        line += piece.count("\n")
        pieces.append(piece)
    return _Rendered("".join(pieces), tuple(starts), tuple(places))


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


def read_only(figures: Figures) -> Figures:
    """The figures with their tables as read-only views, as templates receive them.

    The sandbox already refuses a template's ``update``; this keeps Python
    code handed the same object (a filter, a test) from changing them too.
    """
    views: dict[str, Any] = {}
    for field in dataclasses.fields(figures):
        value = getattr(figures, field.name)
        if isinstance(value, dict):
            views[field.name] = MappingProxyType(value)
        elif isinstance(value, list):
            views[field.name] = tuple(value)
    return dataclasses.replace(figures, **views)


class _Limits:
    """The time and memory limits of one render, set up and taken down again."""

    def __init__(self, env: Sandbox) -> None:
        self.env = env
        self.memory: tuple[int, int] | None = None
        self.alarm: Any = None

    def __enter__(self) -> None:
        self.env.deadline = time.monotonic() + MAX_RENDER_SECONDS
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
    raise TemplateRefused(f"the template took more than {MAX_RENDER_SECONDS:g} seconds "
                        "(MAX_RENDER_SECONDS)")


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


def _template_line(exc: BaseException, template: str) -> str:
    """``file:line`` of the innermost template frame of a runtime error, else ``template``.

    Jinja2 rewrites tracebacks so that template frames carry the template's
    file name and line; Python frames are skipped.
    """
    tb = exc.__traceback__
    found = template
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if not name.endswith(".py") and not name.startswith("<"):
            found = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def build_document(
    report: Report,
    figures: Figures,
    loc: Localizer,
    source: Source = Source(),
    template: str = "report.xml.j2",
    logo: bytes | None = None,
    number: str | None = None,
) -> b.Document:
    """Render ``template`` for one language into a :class:`~tdagdoc.blocks.Document`.

    ``number`` makes a companion document (see :func:`render_markup`), titled
    by its template's ``<title>``.
    """
    rendered = _render(template, report, figures, loc, source, number)
    try:
        root = etree.fromstring(rendered.text.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateProblem(f"{rendered.place(exc.lineno)}: rendered markup is not well "
                              f"formed: {exc.msg}") from None
    orientation = root.get("orientation", "portrait")
    if orientation not in ("portrait", "landscape"):
        raise TemplateProblem(f"{rendered.place(_line(root))}: orientation must be "
                              f"portrait or landscape, not {orientation!r}")
    if len(root) > MAX_BLOCKS:  # the count while streaming sees only whole tags
        raise TemplateProblem(f"{rendered.place(_line(root[MAX_BLOCKS]))}: the template "
                              f"writes more than {MAX_BLOCKS:,} blocks (MAX_BLOCKS)")
    reader = _Reader(report, figures, loc, logo, rendered.place)
    body = tuple(reader.blocks(root))
    meta = report.document
    return b.Document(
        meta=b.Meta(
            lang=loc.lang.code,
            title=reader.subject if number else loc.name(meta.title, "document.title"),
            subject=reader.subject or loc.name(meta.title, "document.title"),
            author="ITU",
            keywords=number or meta.number,
            date=meta.date.isoformat(),
            # Later pages: "TDAG-25/7(Rev.1)-E", as the file name.
            running_header=(document_number(report, loc, number) if number else
                            f"{meta.number}{meta.version_suffix}-{loc.lang.letter}"),
            landscape=orientation == "landscape",
        ),
        blocks=body,
    )


class _Reader:
    """Walks the rendered markup and makes blocks, numbering sections and captions."""

    def __init__(self, report: Report, figures: Figures, loc: Localizer, logo: bytes | None,
                 place: Callable[[int | None], str] = lambda line: "the template") -> None:
        self.report, self.figures, self.loc, self.logo = report, figures, loc, logo
        self.place = place
        self.sections = [0, 0]
        self.tables = 0
        self.charts = 0
        self.subject = ""
        self.handlers: dict[str, Callable[[etree._Element], Iterator[b.Block]]] = {
            "header-block": self.header_block,
            "source": lambda e: self.para(e, styles.SOURCE),
            "title": self.title,
            "summary-box": self.summary_box,
            "h1": lambda e: self.heading(e, 1),
            "h2": lambda e: self.heading(e, 2),
            "p": lambda e: self.para(e, styles.NORMAL),
            "li": self.list_item,
            "call": lambda e: self.para(e, styles.CALL),
            "table": self.table,
            "chart": self.chart,
            "closing": self.closing,
            "contact-box": self.contact_box,
        }

    def blocks(self, root: etree._Element) -> Iterator[b.Block]:
        for el in root:
            handler = self.handlers.get(el.tag)
            if handler is None:
                raise self.problem(el, f"unknown block <{el.tag}> in the template markup")
            yield from handler(el)

    def problem(self, el: etree._Element, message: str) -> TemplateProblem:
        """An error in the markup, at the template line that wrote ``el``."""
        return TemplateProblem(f"{self.place(_line(el))}: {message}")

    # inlines ------------------------------------------------------------------

    def inlines(self, el: etree._Element, in_note: bool = False) -> tuple[b.Inline, ...]:
        out: list[b.Inline] = []
        self._inlines(el, False, False, out, in_note)
        return _trim(out)

    def _inlines(self, el: etree._Element, bold: bool, italic: bool, out: list[b.Inline],
                 in_note: bool = False) -> None:
        if el.text:
            out.append(b.Text(el.text, bold, italic))
        for child in el:
            tag = child.tag
            if tag == "b":
                self._inlines(child, True, italic, out, in_note)
            elif tag == "i":
                self._inlines(child, bold, True, out, in_note)
            elif tag == "a":
                inner = next((e for e in child.iter("a", "fn") if e is not child), None)
                if inner is not None:  # Word has no link in a link, nor a note in a link
                    what = "a link" if inner.tag == "a" else "a footnote"
                    raise self.problem(inner, f"{what} inside a link (<{inner.tag}> in <a>)")
                out.append(b.Link(child.get("href", ""), _text(child)))
            elif tag == "tab":
                out.append(b.Tab())
            elif tag == "fn":
                if in_note:  # Word has no footnote in a footnote
                    raise self.problem(child, "a footnote inside a footnote (<fn> in <fn>)")
                note = b.Paragraph(self.inlines(child, True), styles.FOOTNOTE_TEXT)
                out.append(b.Footnote((note,)))
            else:
                raise self.problem(child, f"unknown inline <{tag}> in the template markup")
            if child.tail:
                out.append(b.Text(child.tail, bold, italic))

    def para(self, el: etree._Element, style: str) -> Iterator[b.Block]:
        yield b.Paragraph(self.inlines(el), style)

    # blocks -------------------------------------------------------------------

    def header_block(self, el: etree._Element) -> Iterator[b.Block]:
        def field(name: str) -> str | None:
            child = el.find(name)
            return None if child is None else _text(child)

        yield b.HeaderBlock(
            group=field("group") or "",
            meeting=field("meeting") or "",
            document=field("document") or "",
            revision_line=field("revision"),
            date=field("date") or "",
            original=field("original") or "",
            agenda_item=field("agenda-item"),
            logo=self.logo,
        )

    def title(self, el: etree._Element) -> Iterator[b.Block]:
        self.subject = _text(el)
        yield from self.para(el, styles.TITLE)

    def summary_box(self, el: etree._Element) -> Iterator[b.Block]:
        parts = []
        for part in el.iterfind("part"):
            label = part.find("label")
            paras = tuple(
                b.Paragraph(self.inlines(p), styles.NORMAL) for p in part if p.tag == "p"
            )
            parts.append((_text(label) if label is not None else "", paras))
        yield b.SummaryBox(tuple(parts))

    def heading(self, el: etree._Element, level: int) -> Iterator[b.Block]:
        if level == 1:
            self.sections = [self.sections[0] + 1, 0]
            number = str(self.sections[0])
        else:
            self.sections[1] += 1
            number = f"{self.sections[0]}.{self.sections[1]}"
        yield b.Heading(number, self.inlines(el), level)

    def list_item(self, el: etree._Element) -> Iterator[b.Block]:
        yield b.Paragraph((b.Text("–"), b.Tab(), *self.inlines(el)), styles.ENUMLEV1)

    def table(self, el: etree._Element) -> Iterator[b.Block]:
        name = self.ref(el, tables.NAMES)
        caption = None
        if _text(el):
            self.tables += 1
            caption = _caption(self.loc._("Table {number} – {title}", number=self.tables,
                                          title=_text(el)))
        yield tables.build(name, self.report, self.figures, self.loc, caption)

    def chart(self, el: etree._Element) -> Iterator[b.Block]:
        name = self.ref(el, charts.NAMES)
        self.charts += 1
        caption = _caption(self.loc._("Figure {number} – {title}", number=self.charts,
                                      title=_text(el)))
        yield charts.build(name, self.figures, self.loc, caption)

    def closing(self, el: etree._Element) -> Iterator[b.Block]:
        yield b.Paragraph((b.Text("______________"),), styles.CLOSING, align="center")

    def contact_box(self, el: etree._Element) -> Iterator[b.Block]:
        rows = []
        for row in el.iterfind("row"):
            cells = [_text(c) for c in row.iterfind("c")]
            if len(cells) != 3:
                raise self.problem(row, "a <row> of <contact-box> needs three <c> cells")
            rows.append((cells[0], cells[1], cells[2]))
        yield b.ContactBox(tuple(rows))


    def ref(self, el: etree._Element, known: tuple[str, ...]) -> str:
        """The name a ``<table ref=…>`` or ``<chart ref=…>`` places, checked."""
        name = el.get("ref", "")
        if name not in known:
            raise self.problem(el, f"no {el.tag} named {name!r}; known: {', '.join(known)}")
        return name


def _caption(text: str) -> b.Paragraph:
    """A numbered table or figure title."""
    return b.Paragraph((b.Text(text),), styles.FIGURE_TITLE)


def _line(el: etree._Element) -> int | None:
    """The markup line ``el`` starts on, if lxml knows it."""
    line = el.sourceline
    return line if isinstance(line, int) else None


def _text(el: etree._Element) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def _trim(inlines: list[b.Inline]) -> tuple[b.Inline, ...]:
    """Fold white space as HTML does, and drop it at both ends of the paragraph."""
    out: list[b.Inline] = []
    for item in inlines:
        if isinstance(item, b.Text):
            text = _SPACE.sub(" ", item.text)
            if out and isinstance(out[-1], b.Text) and out[-1].text.endswith(" "):
                text = text.lstrip(" ")
            if not text:
                continue
            item = b.Text(text, item.bold, item.italic)
        out.append(item)
    while out and isinstance(out[0], b.Text) and not out[0].text.strip():
        out.pop(0)
    if out and isinstance(out[0], b.Text):
        out[0] = b.Text(out[0].text.lstrip(), out[0].bold, out[0].italic)
    while out and isinstance(out[-1], b.Text) and not out[-1].text.strip():
        out.pop()
    if out and isinstance(out[-1], b.Text):
        out[-1] = b.Text(out[-1].text.rstrip(), out[-1].bold, out[-1].italic)
    return tuple(out)


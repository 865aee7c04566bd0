"""Where a task or a coroutine came from, for leak and deadline reports.

Captured cheaply while the test runs (a few `(file, line, function)` tuples per task created,
CPython's own `cr_origin` for coroutines) and formatted only when a report needs it: a test
that ends in time and leaks nothing pays for no stack formatting.

- Tasks: a task factory set on the test's loop while its body runs notes the `create_task` /
  `ensure_future` call site and the outermost frame of the code that led to it (the test,
  a fixture, or the task that spawned it).
- Coroutines: `sys.set_coroutine_origin_tracking_depth` makes CPython keep the frames that
  created each coroutine (`cr_origin`), for the coroutines a test never awaits.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import asyncio
import linecache
import os
import sys
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any

from asyncproof._compat_pytest_asyncio import PACKAGE_FILE as PYTEST_ASYNCIO_FILE
from asyncproof._stack import ASYNCIO_DIRS, code_paths, format_awaiting_stack

__all__ = [
    "Site",
    "coroutine_origin",
    "describe_task",
    "mock_name",
    "recording_task_origins",
    "task_origin",
    "tracking_coroutine_origins",
]

# Frames kept per coroutine: enough to get past unittest.mock's own (two for an AsyncMock
# call) and a library helper or two to the test's line. CPython reads each frame's line as
# the coroutine is made (~1 us a frame): a trivial test makes three coroutines while watched.
ORIGIN_DEPTH = 6
# Frames walked out from a task's creation, at most (a deep framework stack stops here).
_MAX_WALK = 48

# Code that is never "where" a user made something: the event loop, asyncproof,
# pytest-asyncio, pytest and pluggy (which run the test), and the mock library.
_MACHINERY = (
    *ASYNCIO_DIRS,
    *code_paths(__file__, directory=True),
    *code_paths(PYTEST_ASYNCIO_FILE, directory=True),
)
_RUNNERS = ("_pytest", "pluggy")
# Whether each file seen is machinery: a session walks the same few files over and over.
_MACHINERY_FILES: dict[str, bool] = {}
# Where each task was created: (file, line, function) of the call site, then of the outermost
# user frame; made into `Site`s only for a report.
_Location = tuple[str, int, str]
_CREATED_AT: weakref.WeakKeyDictionary[asyncio.Task, tuple[_Location, _Location]] = (
    weakref.WeakKeyDictionary()
)


@dataclass(frozen=True)
class Site:
    """A place in the code: a file, a line and the function running it."""

    filename: str
    lineno: int
    function: str

    def __str__(self) -> str:
        return f"{_short(self.filename)}:{self.lineno} in {self.function}"

    def source(self) -> str:
        """The line of code at this site, stripped ("" when the file can't be read)."""
        return linecache.getline(self.filename, self.lineno).strip()


def defined_at(coro: object) -> str:
    """Where the function behind `coro` is defined, as `file:line` ("" when unknown)."""
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    if code is None:
        return ""
    return f"{_short(code.co_filename)}:{code.co_firstlineno}"


def describe_origin(origin: tuple[Site, Site] | None, indent: str) -> list[str]:
    """The lines after a leak's first line: the creating line, and the test, fixture or task
    code that led to it when that is elsewhere."""
    if origin is None:
        return []
    site, root = origin
    lines = []
    if site.source():
        lines.append(f"{indent}    {site.source()}")
    if root != site:
        lines.append(f"{indent}from {root}")
        if root.source():
            lines.append(f"{indent}    {root.source()}")
    return lines


def describe_task(task: asyncio.Task, indent: str = "    ") -> str:
    """A task as a report names it: its name, the coroutine function it runs (and where that
    is defined), where it was created, and where it is paused (its await chain).

    Args:
        task: A pending task (a cancelled one no longer says where it was paused).
        indent: Put before every line after the first.
    """
    coro = task.get_coro()
    name = getattr(coro, "__qualname__", type(coro).__name__)
    where = defined_at(coro)
    head = f"{task.get_name()!r} running {name}()" + (f" ({where})" if where else "")
    origin = task_origin(task)
    if origin is not None:
        head += f", created at {origin[0]}"
    lines = [head, *describe_origin(origin, indent)]
    lines.append(f"{indent}paused at (most recent await last):")
    chain = format_awaiting_stack(task)
    lines.extend(f"{indent}{line}" for line in chain.splitlines())
    return "\n".join(lines)


def _short(filename: str) -> str:
    """`filename` relative to the current folder when it is inside it, as pytest shows it."""
    try:
        here = os.getcwd() + os.sep
    except OSError:  # the folder was removed under the test: keep the full path
        return filename
    return filename[len(here) :] if filename.startswith(here) else filename


def _mock_files() -> tuple[str, ...]:
    """unittest.mock's file, once a test imported it (asyncproof doesn't: import time)."""
    mock = sys.modules.get("unittest.mock")
    return code_paths(mock.__file__) if mock is not None and mock.__file__ else ()


def _machinery(filename: str) -> bool:
    known = _MACHINERY_FILES.get(filename)
    if known is None:
        # A mock's frames only exist once unittest.mock is imported: no stale answer here.
        known = (
            filename.startswith(_MACHINERY)
            or filename in _mock_files()
            or any(f"{os.sep}{name}{os.sep}" in filename for name in _RUNNERS)
        )
        _MACHINERY_FILES[filename] = known
    return known


def _from_frames(frames: Iterator[tuple[str, int, str]]) -> tuple[Site, Site] | None:
    """The first user frame (innermost) and the outermost user frame of the run of user code
    that contains it, from `frames` listed innermost first."""
    first: tuple[str, int, str] | None = None
    last: tuple[str, int, str] | None = None
    for frame in frames:
        if _machinery(frame[0]):
            if first is not None:
                break  # out of the user's code again: the run of user frames ended
            continue
        last = frame
        first = first or last
    if first is None or last is None:
        return None
    return Site(*first), Site(*last)


def _task_origin_from(frame: FrameType | None) -> tuple[_Location, _Location] | None:
    """`_from_frames` for a live stack: only the two frames kept have their line read."""
    first: FrameType | None = None
    last: FrameType | None = None
    for _ in range(_MAX_WALK):
        if frame is None:
            break
        if _machinery(frame.f_code.co_filename):
            if first is not None:
                break
        else:
            last = frame
            first = first or last
        frame = frame.f_back
    if first is None or last is None:
        return None
    return _location(first), _location(last)


def _location(frame: FrameType) -> _Location:
    return frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name


class recording_task_origins:  # named like the context manager it is
    """Note where each task created on `loop` inside the block was created (`task_origin`).

    The loop's own task factory, if any, still builds the task; a test that sets its own
    factory meanwhile keeps it. A class, not a generator: entered once per test.
    """

    __slots__ = ("_loop", "_previous")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._previous = loop.get_task_factory()

    def __enter__(self) -> None:
        self._loop.set_task_factory(self._noting_factory)

    def __exit__(self, *exc_info: object) -> None:
        if self._loop.get_task_factory() == self._noting_factory:
            self._loop.set_task_factory(self._previous)

    def _noting_factory(
        self, loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any
    ) -> asyncio.Future[Any]:
        if self._previous is not None:
            task = self._previous(loop, coro, **kwargs)
        else:
            task = asyncio.Task(coro, loop=loop, **kwargs)
        # Two code locations, read now (a running frame's line moves on); formatted only if a
        # report needs them.
        origin = _task_origin_from(sys._getframe(1))
        if origin is not None and isinstance(task, asyncio.Task):
            _CREATED_AT[task] = origin
        return task


def task_origin(task: asyncio.Task) -> tuple[Site, Site] | None:
    """Where `task` was created: the call site and the outermost user frame that led to it
    (the same site when the test created it itself); None when it was not noted."""
    noted = _CREATED_AT.get(task)
    return None if noted is None else (Site(*noted[0]), Site(*noted[1]))


class tracking_coroutine_origins:  # named like the context manager it is
    """Make this thread's coroutines created inside the block remember where (`cr_origin`),
    unless the thread already keeps as many frames (asyncio's debug mode keeps 10).

    Entering it returns the depth the thread tracked before (0: none), put back when the block
    ends. A class, not a generator: entered once per test.
    """

    __slots__ = ("_previous",)

    def __init__(self) -> None:
        self._previous = 0

    def __enter__(self) -> int:
        self._previous = previous = sys.get_coroutine_origin_tracking_depth()
        if previous < ORIGIN_DEPTH:
            sys.set_coroutine_origin_tracking_depth(ORIGIN_DEPTH)
        return previous

    def __exit__(self, *exc_info: object) -> None:
        if self._previous < ORIGIN_DEPTH:
            sys.set_coroutine_origin_tracking_depth(self._previous)


def coroutine_origin(coro: object) -> tuple[Site, Site] | None:
    """Where `coro` was created, as `task_origin` puts it; None when it wasn't tracked."""
    origin = getattr(coro, "cr_origin", None)
    if not origin:
        return None
    return _from_frames(iter(origin))


def mock_name(coro: object) -> str | None:
    """For the coroutine an `AsyncMock` call returned, the mock's name (`semaphore.release`,
    or `mock` for an unnamed one); None for any other coroutine."""
    frame = getattr(coro, "cr_frame", None)
    if frame is None or frame.f_code.co_filename not in _mock_files():
        return None
    mock = frame.f_locals.get("self")
    # Private: mock has no public way to spell a mock's dotted name (its repr shows it).
    extract = getattr(mock, "_extract_mock_name", None)
    if extract is None:
        return None
    try:
        return str(extract())
    except Exception:  # a half-built or unusual mock: say it's a mock, without its name
        return "mock"

"""Where a task is stuck: the chain of awaits from its coroutine down to what it waits on."""

from __future__ import annotations

import asyncio
import linecache
import os
from pathlib import Path
from types import FrameType

from asyncproof._compat_asyncio import awaited_future
from asyncproof._compat_pytest_asyncio import PACKAGE_FILE as PYTEST_ASYNCIO_FILE

__all__ = ["ASYNCIO_DIRS", "code_paths", "format_awaiting_stack", "format_running_stack"]


def code_paths(path: str, *, directory: bool = False) -> tuple[str, ...]:
    """`path` as a code object's filename may spell it: as imported, and with links resolved.

    With `directory`, the paths of the folder holding `path`, each ending in a separator, to
    test filenames with `startswith`.
    """
    spellings = {path, str(Path(path).resolve())}
    if directory:
        spellings = {os.path.dirname(spelling) + os.sep for spelling in spellings}
    return tuple(sorted(spellings))


_OWN_DIRS = code_paths(__file__, directory=True)
# asyncio's own frames (inside sleep(), wait_for(), the loop's callback runner) say nothing
# about the test; below them (towards the caller) are only the event loop and pytest.
ASYNCIO_DIRS = code_paths(asyncio.__file__, directory=True)
_MAX_DEPTH = 64
# pytest-asyncio's wrappers around a test or fixture say nothing about where it blocked.
_PYTEST_ASYNCIO_DIRS = code_paths(PYTEST_ASYNCIO_FILE, directory=True)


def _frame_and_next(awaitable: object) -> tuple[FrameType | None, object]:
    """The frame of a suspended coroutine-like object, and what it is awaiting."""
    for frame_attr, await_attr in (
        ("cr_frame", "cr_await"),  # coroutine
        ("ag_frame", "ag_await"),  # async generator (asend/athrow wrap these)
        ("gi_frame", "gi_yieldfrom"),  # generator-based awaitable
    ):
        if hasattr(awaitable, frame_attr):
            return getattr(awaitable, frame_attr), getattr(awaitable, await_attr, None)
    return None, None


def _render(frame: FrameType) -> list[str]:
    code = frame.f_code
    line = linecache.getline(code.co_filename, frame.f_lineno).strip()
    rendered = [f'  File "{code.co_filename}", line {frame.f_lineno}, in {code.co_name}']
    if line:
        rendered.append(f"    {line}")
    return rendered


def format_awaiting_stack(
    task: asyncio.Task,
    *,
    skip_own_frames: bool = True,
    start: object = None,
    shown: set[asyncio.Task] | None = None,
) -> str:
    """Describe where `task` is suspended, outermost frame first.

    Follows `await` from the task's coroutine through nested coroutines, and into another
    task when it awaits one. asyncproof's own frames are left out: a reader wants the line of
    their test that is stuck, not the plugin's wrapper. `start` (an async generator, say)
    starts the walk there instead: `await agen.__anext__()` hides the generator from it.
    The tasks the chain goes through, `task` included, are added to `shown` when given.
    """
    lines: list[str] = []
    owner = task
    current: object = task.get_coro() if start is None else start
    seen: set[int] = set()
    if shown is not None:
        shown.add(task)
    for _ in range(_MAX_DEPTH):
        if current is None or id(current) in seen:
            break
        seen.add(id(current))
        if isinstance(current, asyncio.Task):
            lines.append(f"  awaiting task {current.get_name()!r}, which is at:")
            if shown is not None:
                shown.add(current)
            owner = current
            current = current.get_coro()
            continue
        frame, awaited = _frame_and_next(current)
        if frame is None:
            # The innermost awaitable. `await future` shows up as an iterator over the future;
            # the task knows the future itself (a sleep's timer, a lock's waiter, ...).
            waited = awaited_future(owner) or current
            lines.append(f"  waiting on {_short_repr(waited)}")
            break
        filename = frame.f_code.co_filename
        if not (skip_own_frames and filename.startswith((*_OWN_DIRS, *ASYNCIO_DIRS))):
            lines.extend(_render(frame))
        current = awaited
        if isinstance(current, asyncio.Future) and not isinstance(current, asyncio.Task):
            lines.append(f"  waiting on {_short_repr(current)}")
            break
    return "\n".join(lines) if lines else "  (no suspended frame: the task is running or done)"


def _short_repr(obj: object) -> str:
    text = repr(obj)
    return text if len(text) <= 200 else text[:197] + "..."


def format_running_stack(frame: FrameType) -> str:
    """Describe what the thread is running, from the task's coroutine down to `frame`.

    For code that holds the event loop: the frames stop at the loop's callback runner, so
    the report starts at the test (or the task) rather than at pytest, and asyncproof's own
    frames are left out.
    """
    frames: list[FrameType] = []
    current: FrameType | None = frame
    while current is not None and len(frames) < _MAX_DEPTH:
        filename = current.f_code.co_filename
        # asyncio's callback runner, or (a loop written in C, such as uvloop) its runner.
        if filename.startswith(ASYNCIO_DIRS):
            break
        if not filename.startswith((*_OWN_DIRS, *_PYTEST_ASYNCIO_DIRS)):
            frames.append(current)
        current = current.f_back
    return "\n".join(line for shown in reversed(frames) for line in _render(shown))

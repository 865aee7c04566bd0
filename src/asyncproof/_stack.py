"""Where a task is stuck: the chain of awaits from its coroutine down to what it waits on."""

from __future__ import annotations

import asyncio
import linecache
from pathlib import Path
from types import FrameType

import pytest_asyncio

__all__ = ["format_awaiting_stack", "format_running_stack"]

_OWN_DIR = str(Path(__file__).resolve().parent)
# asyncio's own frames (inside sleep(), wait_for(), ...) say nothing about the test.
_ASYNCIO_DIR = str(Path(asyncio.__file__).resolve().parent)
_MAX_DEPTH = 64
# pytest-asyncio's wrappers around a test or fixture say nothing about where it blocked.
_PYTEST_ASYNCIO_DIR = str(Path(pytest_asyncio.__file__).resolve().parent)
# The loop's callback runner: below it (towards the caller) is only the event loop and pytest.
_EVENTS_FILES = {asyncio.events.__file__, str(Path(asyncio.events.__file__).resolve())}


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


def format_awaiting_stack(task: asyncio.Task, *, skip_own_frames: bool = True) -> str:
    """Describe where `task` is suspended, outermost frame first.

    Follows `await` from the task's coroutine through nested coroutines, and into another
    task when it awaits one. asyncproof's own frames are left out: a reader wants the line of
    their test that is stuck, not the plugin's wrapper.
    """
    lines: list[str] = []
    owner = task
    current: object = task.get_coro()
    seen: set[int] = set()
    for _ in range(_MAX_DEPTH):
        if current is None or id(current) in seen:
            break
        seen.add(id(current))
        if isinstance(current, asyncio.Task):
            lines.append(f"  awaiting task {current.get_name()!r}, which is at:")
            owner = current
            current = current.get_coro()
            continue
        frame, awaited = _frame_and_next(current)
        if frame is None:
            # The innermost awaitable. `await future` shows up as an iterator over the future;
            # the task knows the future itself (a sleep's timer, a lock's waiter, ...).
            waited = getattr(owner, "_fut_waiter", None) or current
            lines.append(f"  waiting on {_short_repr(waited)}")
            break
        filename = frame.f_code.co_filename
        if not (skip_own_frames and filename.startswith((_OWN_DIR, _ASYNCIO_DIR))):
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
        if filename in _EVENTS_FILES or filename.startswith(_ASYNCIO_DIR):
            break
        if not filename.startswith((_OWN_DIR, _PYTEST_ASYNCIO_DIR)):
            frames.append(current)
        current = current.f_back
    return "\n".join(line for shown in reversed(frames) for line in _render(shown))

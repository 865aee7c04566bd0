"""Leak detection: tasks left pending, coroutines never awaited, event loops left open."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import warnings
import weakref
from asyncio import base_events
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = [
    "LeakReport",
    "describe_task",
    "pending_tasks_since",
    "watch",
]

# Loops that pytest-asyncio creates for its own bookkeeping are its business, not the test's.
_PYTEST_ASYNCIO_DIR = "pytest_asyncio"
_ASYNCIO_DIR = os.path.dirname(asyncio.__file__)

NEVER_AWAITED = re.compile(r"^coroutine '(?P<name>[^']+)' was never awaited")
UNCLOSED_LOOP = re.compile(r"^unclosed event loop")


@dataclass
class LeakReport:
    """What one test phase leaked."""

    never_awaited: list[str] = field(default_factory=list)
    unclosed_loops: list[str] = field(default_factory=list)
    pending_tasks: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.never_awaited or self.unclosed_loops or self.pending_tasks)

    def describe(self) -> str:
        lines = []
        for name in self.never_awaited:
            lines.append(
                f"coroutine {name!r} was created and never awaited "
                "(a call to an async function without `await`)"
            )
        for loop in self.unclosed_loops:
            lines.append(f"event loop left open: {loop} (call loop.close(), or use a fixture)")
        for task in self.pending_tasks:
            lines.append(f"task still pending when the test ended: {task}")
        return "\n".join(f"  - {line}" for line in lines)


def describe_task(task: asyncio.Task) -> str:
    coro = task.get_coro()
    name = getattr(coro, "__qualname__", type(coro).__name__)
    frame = getattr(coro, "cr_frame", None)
    where = f" at {frame.f_code.co_filename}:{frame.f_lineno}" if frame is not None else ""
    return f"{task.get_name()!r} running {name}(){where}"


def pending_tasks_since(before: set[asyncio.Task], loop: asyncio.AbstractEventLoop) -> list:
    current = asyncio.current_task(loop) if loop.is_running() else None
    return [
        task
        for task in asyncio.all_tasks(loop)
        if task not in before and task is not current and not task.done()
    ]


def _created_by_pytest_asyncio() -> bool:
    """Whether the code that asked for the loop being built is pytest-asyncio's own."""
    frame = sys._getframe(2)
    # Skip asyncio's own frames (new_event_loop(), the policy, the loop classes).
    while frame is not None and frame.f_code.co_filename.startswith(_ASYNCIO_DIR):
        frame = frame.f_back
    return frame is not None and _PYTEST_ASYNCIO_DIR in frame.f_code.co_filename


@contextmanager
def watch(report: LeakReport, *, never_awaited: bool, unclosed_loops: bool) -> Iterator[None]:
    """Record never-awaited coroutines and unclosed loops created inside the block.

    Other warnings raised inside the block are re-issued afterwards, unchanged, so pytest's
    own warning capture and the project's filters still see them.
    """
    if not (never_awaited or unclosed_loops):
        yield
        return
    created: list[weakref.ref] = []
    original_init = base_events.BaseEventLoop.__init__

    def tracking_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_init(self, *args, **kwargs)
        if not _created_by_pytest_asyncio():
            created.append(weakref.ref(self))

    with warnings.catch_warnings(record=True) as caught:
        # Record these two instead of letting a filter raise them inside a destructor,
        # where an exception is only "unraisable" and the test would still pass.
        if never_awaited:
            warnings.filterwarnings("always", message="coroutine .* was never awaited")
        if unclosed_loops:
            warnings.filterwarnings("always", "unclosed event loop", ResourceWarning)
            base_events.BaseEventLoop.__init__ = tracking_init  # type: ignore[method-assign]
        try:
            yield
        finally:
            base_events.BaseEventLoop.__init__ = original_init  # type: ignore[method-assign]
            for ref in created:
                loop = ref()
                if loop is not None and not loop.is_closed() and not loop.is_running():
                    report.unclosed_loops.append(repr(loop))
                    loop.close()  # don't let it leak into the next test as well
    for message in caught:
        text = str(message.message)
        match = NEVER_AWAITED.match(text)
        if never_awaited and match and issubclass(message.category, RuntimeWarning):
            report.never_awaited.append(match["name"])
        elif unclosed_loops and UNCLOSED_LOOP.match(text):
            report.unclosed_loops.append(text.removeprefix("unclosed event loop ").strip())
        else:
            warnings.warn_explicit(
                message.message,
                message.category,
                message.filename,
                message.lineno,
                source=message.source,
            )

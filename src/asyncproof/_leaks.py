"""Leak detection: tasks left pending, coroutines never awaited, event loops left open."""

from __future__ import annotations

import asyncio
import gc
import linecache
import sys
import traceback
import warnings
from asyncio import base_events
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from asyncproof._loop import current_loop
from asyncproof._stack import ASYNCIO_DIRS

__all__ = [
    "LeakReport",
    "already_cancelled",
    "describe_task",
    "pending_tasks_since",
    "warnings_sink",
    "watch",
]

# Loops that pytest-asyncio creates for its own bookkeeping are its business, not the test's.
_PYTEST_ASYNCIO_DIR = "pytest_asyncio"
_OWN_FILE = __file__


@dataclass
class LeakReport:
    """What one test's call phase leaked (pending tasks are judged later, at teardown)."""

    never_awaited: list[str] = field(default_factory=list)
    unclosed_loops: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.never_awaited or self.unclosed_loops)

    def describe(self) -> str:
        lines = []
        for name in self.never_awaited:
            lines.append(
                f"coroutine {name!r} was created and never awaited "
                "(a call to an async function without `await`)"
            )
        for loop in self.unclosed_loops:
            lines.append(f"event loop left open: {loop} (call loop.close(), or use a fixture)")
        return "\n".join(f"  - {line}" for line in lines)


def describe_task(task: asyncio.Task) -> str:
    coro = task.get_coro()
    name = getattr(coro, "__qualname__", type(coro).__name__)
    frame = getattr(coro, "cr_frame", None)
    where = f" at {frame.f_code.co_filename}:{frame.f_lineno}" if frame is not None else ""
    return f"{task.get_name()!r} running {name}(){where}"


def pending_tasks_since(before: set[asyncio.Task], loop: asyncio.AbstractEventLoop) -> list:
    """Tasks created since `before` that are still pending, the current task aside."""
    current = asyncio.current_task(loop) if loop.is_running() else None
    return [
        task
        for task in asyncio.all_tasks(loop)
        if task not in before and task is not current and not task.done()
    ]


def already_cancelled(task: asyncio.Task) -> bool:
    """Whether someone asked `task` to cancel."""
    cancelling = getattr(task, "cancelling", None)
    if cancelling is not None:
        return cancelling() > 0
    # Python 3.10: a cancel lands either on the task itself or on the future it waits on.
    waiter = getattr(task, "_fut_waiter", None)
    return bool(getattr(task, "_must_cancel", False)) or (waiter is not None and waiter.cancelled())


def _created_by_pytest_asyncio() -> bool:
    """Whether the code that asked for the loop being built is pytest-asyncio's own."""
    frame = sys._getframe(2)
    # Skip asyncio's frames (new_event_loop(), the policy, the loop classes) and ours (a
    # nested session, as in pytester, stacks one tracking __init__ on another).
    while frame is not None and frame.f_code.co_filename.startswith((*ASYNCIO_DIRS, _OWN_FILE)):
        frame = frame.f_back
    return frame is not None and _PYTEST_ASYNCIO_DIR in frame.f_code.co_filename


def _unawaited_message(coro: object) -> str:
    """The text CPython gives the warning, with the creation stack under debug mode."""
    lines = [f"coroutine '{getattr(coro, '__qualname__', coro)}' was never awaited\n"]
    origin = getattr(coro, "cr_origin", None)
    if origin:
        lines.append("Coroutine created at (most recent call last)\n")
        lines += traceback.format_list(
            [
                (name, line, func, linecache.getline(name, line))
                for name, line, func in reversed(origin)
            ]
        )
    return "".join(lines).rstrip("\n")


def warnings_sink() -> object:
    """Where a shown warning goes right now: under `catch_warnings(record=True)`, and so
    under `pytest.warns` and `recwarn`, it is the recording list's `append`."""
    return getattr(warnings, "_showwarnmsg_impl", None)


def _recorded_by_the_test(sink_at_start: object) -> bool:
    # A recorder opened since the test began (pytest.warns, recwarn, catch_warnings with
    # record=True) means the test is watching warnings: a dropped coroutine is expected.
    # pytest's own per-test recorder was already the sink when the test began.
    sink = warnings_sink()
    return sink != sink_at_start and isinstance(getattr(sink, "__self__", None), list)


def _passed_on(names: list[str], sink_at_start: object) -> list[str]:
    log = getattr(sink_at_start, "__self__", None)
    if not names or not isinstance(log, list):
        return []
    texts = [str(getattr(entry, "message", "")) for entry in log]
    return [
        name
        for name in names
        if any(text.startswith(f"coroutine '{name}' was never awaited") for text in texts)
    ]


@contextmanager
def watch(
    report: LeakReport,
    *,
    never_awaited: bool,
    unclosed_loops: bool,
    sink_at_start: object = None,
) -> Iterator[None]:
    """Record never-awaited coroutines and unclosed loops created inside the block.

    Warnings are left alone: the warning about a never-awaited coroutine still reaches
    pytest, `recwarn` and `pytest.warns` as it would without asyncproof. Its name is also
    recorded here, through the hook CPython calls to issue that warning, unless a warnings
    recorder opened since `sink_at_start` (see `warnings_sink`) receives it: a test that
    records warnings is checking for them, not leaking.
    """
    if not (never_awaited or unclosed_loops):
        yield
        return
    # Strong references for the length of the block: a loop dropped without close() is
    # still here to be reported (and closed) when the block ends.
    created: list[asyncio.AbstractEventLoop] = []
    original_init = base_events.BaseEventLoop.__init__
    original_hook = getattr(warnings, "_warn_unawaited_coroutine", None)

    def tracking_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_init(self, *args, **kwargs)
        if not _created_by_pytest_asyncio():
            created.append(self)

    collecting = False

    def note_collection(phase: str, info: dict[str, int]) -> None:
        nonlocal collecting
        collecting = phase == "start"

    # Dropped while a recorder of the test's was active: judged when the block ends.
    excused: list[str] = []

    def recording_hook(coro: object) -> None:
        # A coroutine freed by the cyclic garbage collector sat in a reference cycle and may
        # come from any earlier test: blaming this one would be a guess. Python's warning
        # still reports it. Freed by its last reference going away, it is this test's.
        if not collecting:
            name = getattr(coro, "__qualname__", type(coro).__name__)
            if _recorded_by_the_test(sink_at_start):
                excused.append(name)
            else:
                report.never_awaited.append(name)
        # The usual warning still goes out (to pytest's summary, recwarn, pytest.warns), but
        # never as an exception: raised inside a destructor it could only be "unraisable",
        # a noisy second report of the failure asyncproof gives this test.
        with warnings.catch_warnings():
            warnings.simplefilter("always", RuntimeWarning)
            warnings.warn(_unawaited_message(coro), RuntimeWarning, stacklevel=2, source=coro)

    if unclosed_loops:
        base_events.BaseEventLoop.__init__ = tracking_init  # type: ignore[method-assign]
    if never_awaited and original_hook is not None:
        warnings._warn_unawaited_coroutine = recording_hook  # type: ignore[attr-defined]
        gc.callbacks.append(note_collection)
    try:
        yield
    finally:
        if note_collection in gc.callbacks:
            gc.callbacks.remove(note_collection)
        # `pytest.warns(SomethingElse)` passes on the warnings it did not expect: one that
        # reached pytest's own recorder after all was not what the test was checking.
        report.never_awaited.extend(_passed_on(excused, sink_at_start))
        if unclosed_loops:
            base_events.BaseEventLoop.__init__ = original_init  # type: ignore[method-assign]
        if never_awaited and original_hook is not None:
            warnings._warn_unawaited_coroutine = original_hook  # type: ignore[attr-defined]
        for loop in created:
            if not loop.is_closed() and not loop.is_running():
                report.unclosed_loops.append(repr(loop))
                # Closed so it can't leak into the next test, unless it is the thread's
                # current loop: legacy suites call get_event_loop() in test after test.
                if current_loop() is not loop:
                    loop.close()
        created.clear()

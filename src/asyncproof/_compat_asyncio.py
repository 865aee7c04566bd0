"""Every use of asyncio's and `warnings`' internals, for the plugin: read this on a new Python.

asyncproof needs a few things the standard library has no public API for. Each private name
is used here and nowhere else, behind a function that says what it is for, so a new Python
release means checking this file (and `_compat_pytest_asyncio` for a new pytest-asyncio).
Each private name carries a comment on why there is no public equivalent; everything is read
defensively, so a renamed internal turns a check off rather than breaking the test session.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
import threading
import warnings
from collections.abc import Callable
from types import CodeType, FrameType

__all__ = [
    "HANDLE_RUN_CODE",
    "already_cancelled",
    "awaited_future",
    "can_hook_unawaited_coroutines",
    "current_loop",
    "handle_callback",
    "hooking_unawaited_coroutines",
    "tracking_new_loops",
    "warnings_sink",
]

# The code of the method that runs a loop callback: a SIGALRM that lands in it (not in a
# Python function the callback called) means C code called by the callback holds the loop.
# Private: Handle has no public "run" method, and frames are matched by code object.
HANDLE_RUN_CODE: CodeType | None = getattr(getattr(asyncio.Handle, "_run", None), "__code__", None)

# Called by CPython's C code to warn of a never-awaited coroutine, with the coroutine.
# Private: no public hook receives the coroutine (the warning only carries its text).
_UNAWAITED_HOOK = "_warn_unawaited_coroutine"


def current_loop() -> asyncio.AbstractEventLoop | None:
    """The thread's current event loop, read without creating one.

    `get_event_loop()` may create a loop, and `get_event_loop_policy()` is deprecated from
    Python 3.14, so this reads the default policy's private state, defensively.

    Returns:
        The loop set for this thread, or None when there is none (or it can't be read).
    """
    # Private: no public API returns the current loop without possibly creating one.
    policy = getattr(asyncio.events, "_event_loop_policy", None)
    # Private: the policy keeps the thread's loop in a thread-local `_local._loop`.
    return getattr(getattr(policy, "_local", None), "_loop", None)


def already_cancelled(task: asyncio.Task) -> bool:
    """Whether someone asked `task` to cancel.

    Args:
        task: Any task, done or not.

    Returns:
        True when a cancellation is pending for `task`.
    """
    cancelling = getattr(task, "cancelling", None)
    if cancelling is not None:
        return cancelling() > 0
    # Python 3.10: a cancel lands either on the task itself or on the future it waits on.
    # Private: 3.10 has no Task.cancelling(); these are where its cancel() leaves its mark.
    waiter = getattr(task, "_fut_waiter", None)
    return bool(getattr(task, "_must_cancel", False)) or (waiter is not None and waiter.cancelled())


def awaited_future(task: asyncio.Task) -> object:
    """The future `task` is suspended on (a sleep's timer, a lock's waiter), if known.

    Args:
        task: A task, usually a suspended one.

    Returns:
        The future, or None when the task waits on none (or it can't be read).
    """
    # Private: asyncio keeps no public record of what a task awaits at the bottom of its chain.
    return getattr(task, "_fut_waiter", None)


def handle_callback(frame: FrameType) -> object:
    """The callback that the loop's callback runner in `frame` (see `HANDLE_RUN_CODE`) runs.

    Args:
        frame: A frame running `HANDLE_RUN_CODE`.

    Returns:
        The callback, or None when it can't be read.
    """
    # Private: a Handle's callback is not public (its repr shows it with its arguments).
    return getattr(frame.f_locals.get("self"), "_callback", None)


def warnings_sink() -> object:
    """Where a shown warning goes right now.

    Returns:
        Under `catch_warnings(record=True)`, and so under `pytest.warns` and `recwarn`, the
        recording list's `append`; otherwise the function that prints warnings.
    """
    # `catch_warnings(record=True)` swaps this function for the recording list's append.
    # Private: nothing public tells whether (or where) warnings are being recorded.
    return getattr(warnings, "_showwarnmsg_impl", None)


def can_hook_unawaited_coroutines() -> bool:
    """Whether this Python lets `hooking_unawaited_coroutines` see never-awaited coroutines.

    Returns:
        True when the interpreter has the hook (CPython does).
    """
    return getattr(warnings, _UNAWAITED_HOOK, None) is not None


class hooking_unawaited_coroutines:  # named like the context manager it is
    """Call `hook(coro)` instead of the usual warning when a coroutine was never awaited
    by the thread that entered the block; other threads' coroutines get the usual warning.

    `hook` is then responsible for issuing the warning, if it should still go out. A class,
    not a generator: entered once per test.

    Args:
        hook: Called with each coroutine that this thread destroys without having awaited it.
    """

    __slots__ = ("_hook", "_owner", "_usual")

    def __init__(self, hook: Callable[[object], None]) -> None:
        self._hook = hook
        self._owner = 0
        self._usual: Callable[[object], None] | None = None

    def __enter__(self) -> None:
        self._owner = threading.get_ident()
        self._usual = getattr(warnings, _UNAWAITED_HOOK)
        setattr(warnings, _UNAWAITED_HOOK, self._this_threads)

    def __exit__(self, *exc_info: object) -> None:
        setattr(warnings, _UNAWAITED_HOOK, self._usual)

    def _this_threads(self, coro: object) -> None:
        if threading.get_ident() == self._owner:
            self._hook(coro)
        elif self._usual is not None:
            self._usual(coro)


class tracking_new_loops:  # named like the context manager it is
    """Call `on_new(loop, caller)` for each asyncio event loop that the thread which entered
    the block builds inside it (other threads' loops are theirs: not reported).

    A class, not a generator: entered once per test. The loop classes' `__init__` is patched
    once, for the rest of the process, and reports to the blocks open at the time (none: it
    only initialises the loop): patching a class for each test and back would invalidate the
    interpreter's caches for every loop method each time.

    Args:
        on_new: Called once the loop is initialised, with the frame that called the base
            class's `__init__` (None where the interpreter keeps no frames). That frame is
            asyncio's own or, with a nested session, this module's: callers walk out of both.
    """

    __slots__ = ("_classes", "_on_new", "_owner")

    def __init__(
        self, on_new: Callable[[asyncio.AbstractEventLoop, FrameType | None], None]
    ) -> None:
        self._on_new = on_new
        self._owner = 0
        # The loop classes this block hears of: those loaded when it was entered.
        self._classes: tuple[type, ...] = ()

    def __enter__(self) -> None:
        self._owner = threading.get_ident()
        # Every asyncio loop class (selector, proactor and their subclasses) runs this __init__.
        # Not private but patched: asyncio has no public "a loop was created" hook.
        classes: tuple[type, ...] = (asyncio.BaseEventLoop,)
        uvloop = sys.modules.get("uvloop")
        uvloop_class = getattr(uvloop, "Loop", None)
        if isinstance(uvloop_class, type):
            # uvloop's loop is written in C, apart from asyncio's: its Python subclass
            # `uvloop.Loop` is what new_event_loop(), uvloop.run() and its policy build.
            classes += (uvloop_class,)
        for cls in classes:
            _report_loops_of(cls)
        self._classes = classes
        _LOOP_TRACKERS.append(self)

    def __exit__(self, *exc_info: object) -> None:
        if self in _LOOP_TRACKERS:
            _LOOP_TRACKERS.remove(self)


# The `tracking_new_loops` blocks open now, in the order they were entered (a nested session,
# as in pytester, opens one inside another: both hear of the loops built meanwhile).
_LOOP_TRACKERS: list[tracking_new_loops] = []
# The loop classes whose `__init__` reports to them.
_REPORTING_CLASSES: set[type] = set()


def _report_loops_of(cls: type) -> None:
    """Patch `cls.__init__` (once) to tell the open `tracking_new_loops` of each new loop."""
    if cls in _REPORTING_CLASSES:
        return
    _REPORTING_CLASSES.add(cls)
    original_init = getattr(cls, "__init__")  # noqa: B009 (mypy: __init__ of a class)

    def reporting_init(self: asyncio.AbstractEventLoop, *args: object, **kwargs: object) -> None:
        original_init(self, *args, **kwargs)
        if not _LOOP_TRACKERS:
            return
        frame = inspect.currentframe()
        caller = frame.f_back if frame is not None else None
        thread = threading.get_ident()
        for tracker in tuple(_LOOP_TRACKERS):
            if tracker._owner == thread and cls in tracker._classes:
                tracker._on_new(self, caller)

    setattr(cls, "__init__", reporting_init)  # noqa: B010 (mypy: __init__ of a class)

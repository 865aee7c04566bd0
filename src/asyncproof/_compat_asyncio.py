"""Every use of asyncio's and `warnings`' internals, for the plugin: read this on a new Python.

asyncproof needs a few things the standard library has no public API for. Each private name
is used here and nowhere else, behind a function that says what it is for, so a new Python
release means checking this file (and `_compat_pytest_asyncio` for a new pytest-asyncio).
Each private name carries a comment on why there is no public equivalent; everything is read
defensively, so a renamed internal turns a check off rather than breaking the test session.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
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


@contextmanager
def hooking_unawaited_coroutines(hook: Callable[[object], None]) -> Iterator[None]:
    """Call `hook(coro)` instead of the usual warning when a coroutine was never awaited
    by the thread that entered the block; other threads' coroutines get the usual warning.

    `hook` is then responsible for issuing the warning, if it should still go out.

    Args:
        hook: Called with each coroutine that this thread destroys without having awaited it.

    Yields:
        Nothing; the usual hook is back when the block ends.
    """
    owner = threading.get_ident()
    usual = getattr(warnings, _UNAWAITED_HOOK)

    def this_threads(coro: object) -> None:
        (hook if threading.get_ident() == owner else usual)(coro)

    with _patched(warnings, _UNAWAITED_HOOK, this_threads):
        yield


@contextmanager
def tracking_new_loops(
    on_new: Callable[[asyncio.AbstractEventLoop, FrameType | None], None],
) -> Iterator[None]:
    """Call `on_new(loop, caller)` for each asyncio event loop that the thread which entered
    the block builds inside it (other threads' loops are theirs: not reported).

    Args:
        on_new: Called once the loop is initialised, with the frame that called the base
            class's `__init__` (None where the interpreter keeps no frames). That frame is
            asyncio's own or, with a nested session, this module's: callers walk out of both.

    Yields:
        Nothing; loops built after the block are not reported.
    """
    # Every asyncio loop class (selector, proactor and their subclasses) runs this __init__.
    # Not private but patched: asyncio has no public "a loop was created" hook.
    original_init = asyncio.BaseEventLoop.__init__
    owner = threading.get_ident()

    def tracking_init(self: asyncio.BaseEventLoop, *args: object, **kwargs: object) -> None:
        original_init(self, *args, **kwargs)
        if threading.get_ident() != owner:
            return
        frame = inspect.currentframe()
        on_new(self, frame.f_back if frame is not None else None)

    with ExitStack() as patches:
        patches.enter_context(_patched(asyncio.BaseEventLoop, "__init__", tracking_init))
        uvloop = sys.modules.get("uvloop")
        uvloop_class = getattr(uvloop, "Loop", None)
        if isinstance(uvloop_class, type):
            # uvloop's loop is written in C, apart from asyncio's: its Python subclass
            # `uvloop.Loop` is what new_event_loop(), uvloop.run() and its policy build.
            patches.enter_context(_tracking_init_of(uvloop_class, on_new, owner))
        yield


@contextmanager
def _tracking_init_of(
    cls: type,
    on_new: Callable[[asyncio.AbstractEventLoop, FrameType | None], None],
    owner: int,
) -> Iterator[None]:
    """`tracking_new_loops` for a loop class that doesn't run BaseEventLoop's __init__."""
    had_own = "__init__" in cls.__dict__
    original_init = getattr(cls, "__init__")  # noqa: B009 (mypy: __init__ of a class)

    def tracking_init(self: asyncio.AbstractEventLoop, *args: object, **kwargs: object) -> None:
        original_init(self, *args, **kwargs)
        if threading.get_ident() == owner:
            frame = inspect.currentframe()
            on_new(self, frame.f_back if frame is not None else None)

    setattr(cls, "__init__", tracking_init)  # noqa: B010 (mypy: __init__ of a class)
    try:
        yield
    finally:
        if had_own:
            setattr(cls, "__init__", original_init)  # noqa: B010
        else:
            delattr(cls, "__init__")


@contextmanager
def _patched(owner: object, name: str, value: object) -> Iterator[None]:
    """`owner.<name>` is `value` inside the block and its old value again afterwards."""
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)

"""Per-test deadlines: cancel a test (or an async fixture step) that runs past its time.

The guarded coroutine runs in the caller's own task, so the test sees the task, context
variables and loop it would see without asyncproof. When the deadline passes, the task is
cancelled and the failure reports where it was stuck. A test that swallows the cancellation
is cancelled again after a grace period, and then stopped by closing its coroutine.

A test that holds the loop in synchronous code can't be cancelled: the loop never gets to
the deadline's callback. Such a test is interrupted by a SIGALRM backstop where one can be
armed (see `_alarm`), and fails anyway when it ends past its deadline.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import _weakrefset
import asyncio
import functools
import selectors
import sys
import types
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest

from asyncproof._alarm import Interrupts, LoopAlarm
from asyncproof._compat_asyncio import HANDLE_RUN_CODE, handle_callback
from asyncproof._origins import describe_task
from asyncproof._stack import (
    ASYNCIO_DIRS,
    code_paths,
    format_awaiting_stack,
    format_running_stack,
)
from asyncproof._tasks import force_stop, retrieve_exception
from asyncproof._watchdog import WATCHDOG, Timer, now

__all__ = ["Deadline", "DeadlineExpired"]

T = TypeVar("T")

# How long a cancelled test gets to finish before it is cancelled again, then forced.
_MIN_GRACE = 0.05
_MAX_GRACE = 1.0
# Other pending tasks a hang report describes, at most.
_MAX_OTHER_TASKS = 10
# How long a step gets to end of the cancellation Ctrl-C brings before it is stopped.
_INTERRUPT_GRACE = 0.3


# Code the loop itself is running: interrupting it there would break the loop, not the test.
_LOOP_CODE = (*ASYNCIO_DIRS, *code_paths(selectors.__file__))
# Code Python runs as a callback from C (weakref and garbage-collector callbacks, asyncproof's
# own gc and warning hooks): what is raised there is reported as "Exception ignored", not
# raised in the test, so the alarm waits for its next tick instead.
_CALLBACK_CODE = (
    *code_paths(weakref.__file__),
    *code_paths(_weakrefset.__file__),
    *code_paths(str(Path(__file__).with_name("_leaks.py"))),
)


def _callable_name(func: object) -> str:
    # Its name only: a repr of the handle would show the arguments, which may hold PHI.
    module = getattr(func, "__module__", None)
    name = getattr(func, "__qualname__", None) or type(func).__qualname__
    return f"{module}.{name}" if module else name


def _debugging() -> bool:
    """Whether a debugger (pdb, debugpy/pydevd) is tracing this thread."""
    trace = sys.gettrace()
    if trace is not None and str(getattr(trace, "__module__", "")).startswith(_DEBUGGERS):
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+ debuggers may use this
    return monitoring is not None and monitoring.get_tool(monitoring.DEBUGGER_ID) is not None


_DEBUGGERS = ("bdb", "pdb", "pydevd", "_pydevd", "debugpy", "IPython")
# How far past its deadline a step may end before that is put down to a held loop: the
# watchdog hands the deadline's callback to the loop on time, and a free loop runs it within
# a few milliseconds (a thread switch is 5 ms).
_LATE = 0.02
_BLOCKING_ADVICE = (
    "Don't block the loop in async code: await an async API, or run the call in a thread "
    "with `await asyncio.to_thread(...)`."
)


# pytest.fail.Exception is pytest's public name for its Failed class, but it is typed as an
# attribute of pytest.fail, which mypy does not accept as a base class.
class DeadlineExpired(pytest.fail.Exception):  # type: ignore[name-defined]
    """The failure a test gets when it runs past its deadline."""


@dataclass
class Deadline:
    """One deadline for one guarded step (a test body, a fixture's setup or teardown)."""

    seconds: float
    what: str
    origin: str
    expired: bool = False
    swallowed: bool = False
    forced: bool = False
    stuck_at: str = ""
    # The loop's other pending tasks when the deadline passed, described (see `_expire`).
    other_tasks: list[str] = field(default_factory=list)
    # Set when synchronous code held the loop past the deadline.
    blocked_at: str = ""
    blocked_for: float = 0.0
    # Set when Ctrl-C arrived while the step ran: it ends in KeyboardInterrupt.
    interrupted: bool = False
    _task: asyncio.Task | None = field(default=None, repr=False)
    _timers: list[Timer] = field(default_factory=list, repr=False)
    _finished: bool = field(default=False, repr=False)
    # Cancel requests this deadline made, so that only those are taken back.
    _cancels: int = field(default=0, repr=False)
    # A debugger was seen while the step ran: its time is the developer's, not the test's.
    _debugged: bool = field(default=False, repr=False)
    # When the loop should next run one of our callbacks (real time); None: nothing due.
    _next_due: float | None = field(default=None, repr=False)
    _alarm: LoopAlarm | None = field(default=None, repr=False)
    # Where to start looking for the stuck await (see `format_awaiting_stack`); None: the task.
    focus: object = field(default=None, repr=False)

    @property
    def grace(self) -> float:
        return min(_MAX_GRACE, max(_MIN_GRACE, self.seconds / 4))

    def report(self) -> str:
        lines = [f"{self.what} exceeded its deadline of {self.seconds:g}s ({self.origin})."]
        if self.blocked_at:
            lines.append(
                "Synchronous code held the event loop, so the deadline could not cancel "
                f"it; asyncproof interrupted it with SIGALRM. {_BLOCKING_ADVICE}"
            )
            lines.append("Blocked here when it was interrupted (most recent call last):")
            lines.append(self.blocked_at)
        elif self.blocked_for:
            lines.append(
                f"It ran for {self.blocked_for:.2f}s: synchronous code held the event loop past "
                f"the deadline, so the deadline could not cancel it. {_BLOCKING_ADVICE}"
            )
        if self.swallowed:
            lines.append(
                "It caught the CancelledError sent at the deadline and kept going"
                + (", so asyncproof closed its coroutine." if self.forced else ".")
                + " Re-raise CancelledError after cleanup: `except asyncio.CancelledError: ...;"
                " raise`."
            )
        if self.stuck_at:
            lines.append("Stuck here when the deadline passed (most recent await last):")
            lines.append(self.stuck_at)
        if self.other_tasks:
            lines.append(f"Other tasks pending on the test's loop ({len(self.other_tasks)}):")
            lines += [f"  - {task}" for task in self.other_tasks[:_MAX_OTHER_TASKS]]
            if len(self.other_tasks) > _MAX_OTHER_TASKS:
                lines.append(f"  ... and {len(self.other_tasks) - _MAX_OTHER_TASKS} more")
        return "\n".join(lines)

    async def run(self, awaitable: Awaitable[T]) -> T:
        """Await `awaitable` in the current task under this deadline."""
        __tracebackhide__ = True  # asyncproof is invisible in reports it did not write
        self._task = asyncio.current_task()
        # Real time, not the loop's: a virtual-time loop or a faked time.monotonic must not
        # make a deadline pass early, or never.
        start = now()
        alarm = LoopAlarm(self._on_alarm)
        self._alarm = alarm
        # One timer: at the deadline, `_expire` is handed to the loop and the backstop's timer
        # starts from the watchdog's thread (the loop may be held); the alarm's first tick
        # finds the deadline's callback `grace` late.
        self._schedule(
            self.seconds, self._expire, functools.partial(alarm.arm, self.grace, self.grace)
        )
        try:
            with alarm, Interrupts(self._on_interrupt):
                result = await awaitable
        except asyncio.CancelledError:
            if self.interrupted:
                raise KeyboardInterrupt from None
            if not self.expired:
                raise
            if self._uncancel():
                raise  # cancelled from outside too (Ctrl-C, an enclosing timeout): that wins
            raise DeadlineExpired(self.report(), pytrace=False) from None
        finally:
            self._finished = True
            for timer in self._timers:
                timer.cancel()
            self._timers.clear()
            self._next_due = None
            self._alarm = None
        if self.interrupted:
            # Ctrl-C, whatever the step made of the cancellation it brought: the session ends.
            raise KeyboardInterrupt
        elapsed = now() - start
        if not self.expired and elapsed - self.seconds > _LATE and not self._debugged:
            # Ended well past the deadline, and the deadline's callback, handed to the loop on
            # time, never ran: synchronous code held the loop until the step finished.
            self.blocked_for = elapsed
            raise DeadlineExpired(self.report(), pytrace=False)
        if self.expired:
            # The cancellation was caught and the step returned normally anyway.
            self.swallowed = True
            if self._uncancel():
                raise asyncio.CancelledError
            raise DeadlineExpired(self.report(), pytrace=False)
        return result

    def _uncancel(self) -> bool:
        """Take back our cancel requests (3.11+), so the runner sees a failure, not a cancel.

        Returns whether someone else's cancel request is still pending.
        """
        # Read by name: Python 3.10's tasks have neither method.
        uncancel = getattr(self._task, "uncancel", None)
        cancelling = getattr(self._task, "cancelling", None)
        if uncancel is None or cancelling is None:
            return False
        for _ in range(self._cancels):
            if cancelling() == 0:
                break
            uncancel()
        self._cancels = 0
        return bool(cancelling() > 0)

    def _cancelled_by_others(self) -> bool:
        cancelling = getattr(self._task, "cancelling", None)
        return cancelling is not None and cancelling() > self._cancels

    def _schedule(
        self,
        delay: float,
        callback: Callable[[], None],
        in_thread: Callable[[], None] | None = None,
    ) -> None:
        assert self._task is not None
        timer = WATCHDOG.call_later(delay, self._task.get_loop(), callback, in_thread)
        self._next_due = timer.when
        self._timers.append(timer)

    def _running_task(self) -> asyncio.Task | None:
        """In a scheduled callback (now run): the task, unless the step is over."""
        self._next_due = None
        task = self._task
        if self._finished or task is None or task.done():
            return None
        return task

    def _cancel(self, task: asyncio.Task, why: str) -> None:
        self._cancels += 1
        task.cancel(f"asyncproof: deadline of {self.seconds:g}s passed{why}")

    def _expire(self) -> None:
        task = self._running_task()
        if task is None:
            return
        if self._debugged or _debugging():
            self._debugged = True
            return  # stepping through the test in a debugger: no deadline for this step
        self.expired = True
        shown: set[asyncio.Task] = set()
        self.stuck_at = format_awaiting_stack(task, start=self.focus, shown=shown)
        # What else is waiting, and on what: two tasks waiting on each other show here.
        others = [t for t in asyncio.all_tasks(task.get_loop()) if t not in shown and not t.done()]
        # In the order they were made ('Task-2' before 'Task-10'), not the set's.
        others.sort(key=lambda t: (len(t.get_name()), t.get_name()))
        self.other_tasks = [describe_task(other) for other in others]
        self._cancel(task, "")
        self._schedule(self.grace, self._cancel_again)

    def _cancel_again(self) -> None:
        task = self._running_task()
        if task is None:
            return
        self.swallowed = True
        self._cancel(task, " (again)")
        self._schedule(self.grace, self._force_stop)

    def _force_stop(self) -> None:
        task = self._running_task()
        if task is None:
            return
        self.forced = force_stop(task)
        self._cancels += self.forced  # force_stop cancels once more when it could close

    def _on_interrupt(self) -> None:
        """SIGINT (in the signal handler, before asyncio's runner cancels the task): give the
        step a moment to end of that cancellation, then stop it (see `_interrupt`). The
        backstop's timer is armed now, in case synchronous code holds the loop."""
        if self._finished or self.interrupted:
            return
        self.interrupted = True
        self._schedule(_INTERRUPT_GRACE, self._interrupt)
        if self._alarm is not None:
            self._alarm.arm(2 * _INTERRUPT_GRACE, _INTERRUPT_GRACE)

    def _interrupt(self) -> None:
        """The step kept going after Ctrl-C: close its coroutine, so nothing is left running
        for the loop's teardown, and end the loop's run with KeyboardInterrupt."""
        task = self._running_task()
        if task is not None:
            force_stop(task)
            raise KeyboardInterrupt

    def _on_alarm(self, frame: types.FrameType) -> None:
        """SIGALRM: if the loop is late with our callback, interrupt whatever holds it."""
        task, due = self._task, self._next_due
        late = min(self.grace, _INTERRUPT_GRACE) if self.interrupted else self.grace
        if task is None or due is None or now() - due < late / 2:
            return  # the loop is keeping up: the deadline's callbacks do the work
        # A loop callback calling C code directly (`loop.call_soon(time.sleep, 60)`): that C
        # call is what holds the loop, and the handle logs whatever it raises.
        in_handle = frame.f_code is HANDLE_RUN_CODE
        if frame.f_code.co_filename.startswith(_LOOP_CODE) and not in_handle:
            return  # in the loop's own machinery, not in code that holds it
        if frame.f_code.co_filename in _CALLBACK_CODE:
            return  # raising here would be swallowed: the next tick lands in the holder
        if self._debugged or _debugging():
            self._debugged = True
            return  # a breakpoint() holds the loop on purpose
        if self.interrupted:
            raise KeyboardInterrupt  # Ctrl-C, and the loop is held: free it
        if self._cancelled_by_others():
            # Ctrl-C (asyncio's runner cancels the task on SIGINT) or an enclosing timeout is
            # waiting for the loop: free it as a cancellation, which the runner understands.
            raise asyncio.CancelledError
        self.expired = True
        holder = asyncio.current_task(task.get_loop())
        if holder is not None and holder is not task:
            # Another task holds the loop: it dies of this error, reported through the test,
            # so asyncio need not log it again as "exception was never retrieved".
            holder.add_done_callback(retrieve_exception)
        if in_handle:
            callback = handle_callback(frame)
            self.blocked_at = f"  in the loop callback {_callable_name(callback)}(...)"
        else:
            self.blocked_at = format_running_stack(frame)
        raise DeadlineExpired(self.report(), pytrace=False)

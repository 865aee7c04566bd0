"""Real-time timers for event loops: deadlines that a fake loop clock can't bend.

`loop.call_later` counts in the loop's own time. Suites that run on a virtual-time loop, or
freeze or move `time.monotonic` (freezegun, time-machine), make that time pass at any speed,
and a deadline measured in it fires too early or never. One daemon thread keeps a heap of
real-time deadlines and hands each callback to its loop with `call_soon_threadsafe`, so the
callback still runs in the loop's thread, like any loop callback.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["WATCHDOG", "Timer", "now"]

_MAX_WAIT = min(threading.TIMEOUT_MAX, 1e8)
# The "loop" of a timer whose callback runs in the watchdog's thread (`call_in_thread`).
_IN_THREAD = object()


class _RealClock:
    # Kept in a class, not a module attribute: clock fakers (freezegun) replace the module
    # attributes that hold time.monotonic, and this must stay the real one.
    monotonic = staticmethod(time.monotonic)


def now() -> float:
    """Real monotonic time, whatever the test does to `time.monotonic`."""
    return _RealClock.monotonic()


class Timer:
    """One scheduled callback; `cancel()` makes sure it is never handed to its loop."""

    __slots__ = ("callback", "cancelled", "loop", "when")

    def __init__(self, when: float, loop: Any, callback: Callable[[], None] | None) -> None:
        self.when = when
        self.loop = loop
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        # It may stay in the heap until it would have been due: keep nothing alive with it
        # (the callback holds the deadline, its task and a failed test's traceback).
        self.cancelled = True
        self.loop = self.callback = None


class Watchdog:
    """A single thread that calls `loop.call_soon_threadsafe(callback)` when a timer is due."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Timer]] = []
        self._order = itertools.count()
        self._wakeup = threading.Condition(threading.Lock())
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread now, if it isn't running.

        The plugin calls this when the session starts: a suite that checks each test for
        threads left running would otherwise blame the first test with a deadline.
        """
        with self._wakeup:
            self._start_locked()

    def _start_locked(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(
                target=self._run, name="asyncproof-watchdog", daemon=True
            )
            self._thread.start()

    def call_later(self, delay: float, loop: Any, callback: Callable[[], None]) -> Timer:
        """Hand `callback` to `loop` (`call_soon_threadsafe`) in `delay` seconds."""
        timer = Timer(now() + delay, loop, callback)
        with self._wakeup:
            heapq.heappush(self._heap, (timer.when, next(self._order), timer))
            self._start_locked()
            if self._heap[0][2] is timer:
                self._wakeup.notify()  # it sleeps until a later timer: wake it earlier
        return timer

    def call_in_thread(self, delay: float, callback: Callable[[], None]) -> Timer:
        """Call `callback` in the watchdog's own thread in `delay` seconds: for work that
        must not wait for a loop that may be blocked (it must be quick and thread-safe)."""
        return self.call_later(delay, _IN_THREAD, callback)

    def _next_due(self) -> Timer:
        """Wait for the earliest live timer to be due, and take it off the heap."""
        with self._wakeup:
            while True:
                while self._heap and self._heap[0][2].cancelled:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._wakeup.wait()
                    continue
                wait = self._heap[0][0] - now()
                if wait > 0:
                    # Capped: Condition.wait overflows past threading.TIMEOUT_MAX.
                    self._wakeup.wait(min(wait, _MAX_WAIT))
                    continue
                return heapq.heappop(self._heap)[2]

    def _run(self) -> None:
        while True:
            timer = self._next_due()
            loop, callback = timer.loop, timer.callback
            if timer.cancelled or loop is None or callback is None:
                continue
            if loop is _IN_THREAD:
                with contextlib.suppress(Exception):  # the thread must outlive any callback
                    callback()
                continue
            # RuntimeError: the loop was closed in the meantime, nothing left to time.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(callback)

    def _after_fork(self) -> None:
        # The thread does not survive fork(); the child starts its own when it needs one.
        self._heap.clear()
        self._wakeup = threading.Condition(threading.Lock())
        self._thread = None


WATCHDOG = Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=WATCHDOG._after_fork)

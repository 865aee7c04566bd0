"""Real-time timers for event loops: deadlines that a fake loop clock can't bend.

`loop.call_later` counts in the loop's own time. Suites that run on a virtual-time loop, or
freeze or move `time.monotonic` (freezegun, time-machine), make that time pass at any speed,
and a deadline measured in it fires too early or never. One daemon thread keeps a heap of
real-time deadlines and hands each callback to its loop with `call_soon_threadsafe`, so the
callback still runs in the loop's thread, like any loop callback.

Most deadlines are cancelled long before they are due (the test ended in time), so setting one
must cost the test next to nothing: the thread is woken only for a timer due before it would
wake anyway, and cancelled timers are left in the heap (their references dropped) until they
come up or the heap is compacted.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
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
# With no live timer left, the thread wakes this often while timers keep being set, instead of
# waiting to be woken: a suite's next test sets its deadline with no need to wake the thread.
_LINGER = 1.0
# The heap is rid of cancelled timers when it grows past this (and then past twice what is
# left): a long deadline and quick tests would otherwise pile them up until each is due.
_COMPACT_AT = 256
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

    __slots__ = ("callback", "cancelled", "in_thread", "loop", "when")

    def __init__(
        self,
        when: float,
        loop: Any,
        callback: Callable[[], None] | None,
        in_thread: Callable[[], None] | None = None,
    ) -> None:
        self.when = when
        self.loop = loop
        self.callback = callback
        self.in_thread = in_thread
        self.cancelled = False

    def cancel(self) -> None:
        # It may stay in the heap until it would have been due: keep nothing alive with it
        # (the callback holds the deadline, its task and a failed test's traceback).
        self.cancelled = True
        self.loop = self.callback = self.in_thread = None


class Watchdog:
    """A single thread that calls `loop.call_soon_threadsafe(callback)` when a timer is due."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Timer]] = []
        self._order = itertools.count()
        self._wakeup = threading.Condition(threading.Lock())
        self._thread: threading.Thread | None = None
        # When the thread wakes next of its own accord (inf: only when notified).
        self._wakes_at = float("inf")
        self._compact_at = _COMPACT_AT
        self._pushed = 0  # timers set so far: tells the thread whether deadlines are in use

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

    def call_later(
        self,
        delay: float,
        loop: Any,
        callback: Callable[[], None],
        in_thread: Callable[[], None] | None = None,
    ) -> Timer:
        """Hand `callback` to `loop` (`call_soon_threadsafe`) in `delay` seconds.

        `in_thread`, if given, is called at the same time in the watchdog's own thread, just
        after: for work that must not wait for a loop that may be blocked (it must be quick
        and thread-safe).
        """
        timer = Timer(now() + delay, loop, callback, in_thread)
        with self._wakeup:
            if len(self._heap) >= self._compact_at:
                self._compact()
            heapq.heappush(self._heap, (timer.when, next(self._order), timer))
            self._pushed += 1
            if self._thread is None:
                self._start_locked()
            if timer.when < self._wakes_at:
                # It sleeps past this timer: wake it earlier (the common case, a deadline as
                # long as the one before, needs no wake-up: no thread switch per test).
                self._wakes_at = timer.when
                self._wakeup.notify()
        return timer

    def call_in_thread(self, delay: float, callback: Callable[[], None]) -> Timer:
        """Call `callback` in the watchdog's own thread in `delay` seconds: for work that
        must not wait for a loop that may be blocked (it must be quick and thread-safe)."""
        return self.call_later(delay, _IN_THREAD, _nothing, callback)

    def _compact(self) -> None:
        """Drop the cancelled timers from the heap (the lock is held)."""
        self._heap = [entry for entry in self._heap if not entry[2].cancelled]
        heapq.heapify(self._heap)
        self._compact_at = max(_COMPACT_AT, 2 * len(self._heap))

    def _next_due(self) -> Timer:
        """Wait for the earliest live timer to be due, and take it off the heap."""
        with self._wakeup:
            seen = -1
            while True:
                heap = self._heap
                while heap and heap[0][2].cancelled:
                    heapq.heappop(heap)
                if not heap:
                    # Nothing to time. While timers keep coming (a test's deadline is live only
                    # while its body runs), wake now and then so that the next one needs no
                    # wake-up; after a quiet spell, sleep until notified.
                    wait = _LINGER if self._pushed != seen else float("inf")
                    seen = self._pushed
                else:
                    wait = heap[0][0] - now()
                    if wait <= 0:
                        self._wakes_at = float("inf")  # busy: the next timer notifies
                        return heapq.heappop(heap)[2]
                self._wakes_at = now() + wait
                # Capped: Condition.wait overflows past threading.TIMEOUT_MAX.
                self._wakeup.wait(min(wait, _MAX_WAIT))

    def _run(self) -> None:
        while True:
            timer = self._next_due()
            loop, callback, in_thread = timer.loop, timer.callback, timer.in_thread
            if timer.cancelled or loop is None or callback is None:
                continue
            if loop is not _IN_THREAD:
                # RuntimeError: the loop was closed in the meantime, nothing left to time.
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(callback)
            if in_thread is not None:
                with contextlib.suppress(Exception):  # the thread must outlive any callback
                    in_thread()

    def _after_fork(self) -> None:
        # The thread does not survive fork(); the child starts its own when it needs one.
        self._heap.clear()
        self._wakeup = threading.Condition(threading.Lock())
        self._thread = None
        self._wakes_at = float("inf")


def _nothing() -> None:
    """The loop callback of a timer that only has work in the watchdog's thread."""


WATCHDOG = Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=WATCHDOG._after_fork)

"""A backstop for deadlines the event loop can't enforce: sync code that holds the loop.

An asyncio deadline is a timer callback, and a callback can't run while a test blocks the
loop in `time.sleep`, a blocking socket or a busy loop. On POSIX, in the main thread, a
SIGALRM timer armed once the deadline has passed interrupts such code, so the test fails
instead of hanging. Until then no timer runs (`signal.alarm(0)` returns 0, `getitimer` shows
none), so a test that keeps to its deadline never sees a signal or a timer; and the backstop
steps aside when someone else owns SIGALRM (pytest-timeout's signal method, the test's own
alarms).

`Interrupts` lets a guarded step know of Ctrl-C, which asyncio's runner turns into a mere
cancellation: a step that swallows it must not keep the session going.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

from asyncproof._watchdog import now

try:
    # The C functions `signal.getsignal` / `signal.signal` wrap: the wrappers turn every
    # handler into their `Handlers` enum, ~5 us a call for a Python handler, paid four times a
    # test. Same arguments and results, but SIG_DFL / SIG_IGN come back as plain ints.
    from _signal import getsignal as _getsignal
    from _signal import signal as _set_handler
except ImportError:  # pragma: no cover - an interpreter without CPython's _signal
    _getsignal, _set_handler = signal.getsignal, signal.signal

__all__ = ["MAX_DELAY", "Interrupts", "LoopAlarm"]

# About three years: longer waits overflow the timer APIs, and no test deadline needs more.
MAX_DELAY = 1e8

_SIGALRM = getattr(signal, "SIGALRM", None)
_HAS_ITIMER = hasattr(signal, "setitimer")
# An alarm handled later than this after it was due was held back on its way (see _handle).
_HELD_BACK = 0.1


def _in_main_thread() -> bool:
    return threading.get_ident() == threading.main_thread().ident


# Reentrant: arm() may run in a signal handler of the main thread while an alarm leaves. One
# for all alarms, not one each: a step's alarm is made for every test, and arms only on a hang.
_ALARM_LOCK = threading.RLock()


class LoopAlarm:
    """Call `on_alarm(frame)` on SIGALRM, once `arm()` has started the timer.

    Used as a context manager around one guarded step: entering it installs the handler (no
    timer yet), `arm(delay, interval)`, from any thread, starts the timer, and leaving it
    stops the timer and puts the default handler back. `on_alarm` runs in the main thread,
    between two bytecodes of whatever the thread was doing; whatever it raises is raised
    there. Outside the main thread, on platforms without `setitimer`, or when SIGALRM is
    already in use, nothing is installed and `armed` stays False.
    """

    def __init__(self, on_alarm: Callable[[FrameType], None]):
        self.on_alarm = on_alarm
        self.armed = False
        self._installed = False
        self._interval = 0.0
        self._due = 0.0  # when the next alarm is expected (real time)
        self._lock = _ALARM_LOCK

    def __enter__(self) -> LoopAlarm:
        if not (_HAS_ITIMER and _SIGALRM is not None and _in_main_thread()):
            return self
        previous = _getsignal(_SIGALRM)
        if previous != signal.SIG_DFL or signal.getitimer(signal.ITIMER_REAL)[0]:
            return self  # somebody else's alarm (None: a handler installed from C)
        _set_handler(_SIGALRM, self._handle)
        self._installed = True
        return self

    def arm(self, delay: float, interval: float) -> None:
        """Start the timer: first alarm in `delay` seconds, then every `interval`.

        Does nothing once the step is over, when the step installed a SIGALRM handler of its
        own, or when a timer of someone else's is running.
        """
        with self._lock:
            if not self._installed or _SIGALRM is None:  # (installed: there is a SIGALRM)
                return
            if _getsignal(_SIGALRM) != self._handle:
                return
            if signal.getitimer(signal.ITIMER_REAL)[0] and not self.armed:
                return
            try:
                signal.setitimer(
                    signal.ITIMER_REAL, min(delay, MAX_DELAY), min(interval, MAX_DELAY)
                )
            except (OSError, OverflowError, ValueError):
                return
            # As the kernel rounds it, to recognise our timer later.
            self._interval = signal.getitimer(signal.ITIMER_REAL)[1]
            self._due = now() + delay
            self.armed = True

    def __exit__(self, *exc_info: object) -> None:
        with self._lock:
            if not self._installed or _SIGALRM is None:  # (installed: there is a SIGALRM)
                return
            self._installed = False
            armed, self.armed = self.armed, False
            if armed and signal.getitimer(signal.ITIMER_REAL)[1] == self._interval:
                # Our timer, unless the step set one of its own (another interval) meanwhile.
                signal.setitimer(signal.ITIMER_REAL, 0)
            if _getsignal(_SIGALRM) == self._handle:  # (a new bound method each time)
                # A SIGALRM handler the step installed itself stays.
                _set_handler(_SIGALRM, int(signal.SIG_DFL))

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        late = now() - self._due
        if late < -self._interval / 2:
            return  # a tick from before the restart below, handled only now: stale
        self._due = now() + self._interval
        if late > _HELD_BACK:
            # The signal was held back (the step blocked SIGALRM, or C code kept Python from
            # handling it): the code that held the loop has finished, there is nothing left to
            # interrupt. The timer starts its period again from now: its next alarm, a full
            # interval on, interrupts whatever holds the loop by then.
            with self._lock:
                if self.armed:
                    signal.setitimer(signal.ITIMER_REAL, self._interval, self._interval)
            return
        if frame is not None:
            self.on_alarm(frame)


class Interrupts:
    """Call `on_interrupt()` on SIGINT, before the handler that was there (asyncio's runner's).

    Used as a context manager around one guarded step, in the main thread, when the SIGINT
    handler is a Python function other than Python's default (which raises KeyboardInterrupt
    wherever the thread is: nothing to add). Elsewhere it does nothing.
    """

    def __init__(self, on_interrupt: Callable[[], None]):
        self.on_interrupt = on_interrupt
        self._previous: Callable[[int, FrameType | None], object] | None = None

    def __enter__(self) -> Interrupts:
        if not _in_main_thread():
            return self
        previous = _getsignal(signal.SIGINT)
        if callable(previous) and previous is not signal.default_int_handler:
            self._previous = previous
            _set_handler(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        previous, self._previous = self._previous, None
        if previous is not None and _getsignal(signal.SIGINT) == self._handle:
            _set_handler(signal.SIGINT, previous)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.on_interrupt()
        if self._previous is not None:
            self._previous(signum, frame)

"""A backstop for deadlines the event loop can't enforce: sync code that holds the loop.

An asyncio deadline is a timer callback, and a callback can't run while a test blocks the
loop in `time.sleep`, a blocking socket or a busy loop. On POSIX, in the main thread, a
SIGALRM timer that starts ticking after the deadline interrupts such code, so the test fails
instead of hanging. The alarm only fires once a deadline has already passed, so a test that
keeps to its deadline never sees a signal; and it steps aside when someone else owns SIGALRM
(pytest-timeout's signal method, the test's own alarms).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

__all__ = ["MAX_DELAY", "LoopAlarm"]

# About three years: longer waits overflow the timer APIs, and no test deadline needs more.
MAX_DELAY = 1e8

_SIGALRM = getattr(signal, "SIGALRM", None)
_HAS_ITIMER = hasattr(signal, "setitimer")


class LoopAlarm:
    """Call `on_alarm(frame)` every `interval` seconds, starting `delay` seconds from now.

    Used as a context manager around one guarded step. `on_alarm` runs in the main thread,
    between two bytecodes of whatever the thread was doing; whatever it raises is raised
    there. Outside the main thread, on platforms without `setitimer`, or when SIGALRM is
    already in use, the alarm is not armed and `armed` is False.
    """

    def __init__(self, delay: float, interval: float, on_alarm: Callable[[FrameType], None]):
        self.delay = delay
        self.interval = interval
        self.on_alarm = on_alarm
        self.armed = False
        self._interval = 0.0

    def __enter__(self) -> LoopAlarm:
        if not (_HAS_ITIMER and _SIGALRM is not None):
            return self
        if threading.current_thread() is not threading.main_thread():
            return self
        previous = signal.getsignal(_SIGALRM)
        if previous is not signal.SIG_DFL or signal.getitimer(signal.ITIMER_REAL)[0]:
            return self  # somebody else's alarm (None: a handler installed from C)
        signal.signal(_SIGALRM, self._handle)
        try:
            signal.setitimer(
                signal.ITIMER_REAL, min(self.delay, MAX_DELAY), min(self.interval, MAX_DELAY)
            )
        except (OSError, OverflowError, ValueError):
            signal.signal(_SIGALRM, signal.SIG_DFL)
            return self
        # As the kernel rounds it, to recognise our timer later.
        self._interval = signal.getitimer(signal.ITIMER_REAL)[1]
        self.armed = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self.armed or _SIGALRM is None:  # (armed: there is a SIGALRM)
            return
        self.armed = False
        if signal.getsignal(_SIGALRM) != self._handle:  # (a new bound method each time)
            # The step installed a SIGALRM handler of its own (a fixture, the test): it stays.
            # Our timer goes, unless they set one of their own (another interval) meanwhile.
            if signal.getitimer(signal.ITIMER_REAL)[1] == self._interval:
                signal.setitimer(signal.ITIMER_REAL, 0)
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(_SIGALRM, signal.SIG_DFL)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if frame is not None:
            self.on_alarm(frame)

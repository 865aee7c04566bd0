"""Per-test deadlines: cancel a test (or an async fixture step) that runs past its time.

The guarded coroutine runs in the caller's own task, so the test sees the task, context
variables and loop it would see without asyncproof. When the deadline passes, the task is
cancelled and the failure reports where it was stuck. A test that swallows the cancellation
is cancelled again after a grace period, and then stopped by closing its coroutine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import TypeVar

import pytest

from asyncproof._stack import format_awaiting_stack
from asyncproof._tasks import force_stop

__all__ = ["Deadline", "DeadlineExpired"]

T = TypeVar("T")

# How long a cancelled test gets to finish before it is cancelled again, then forced.
_MIN_GRACE = 0.05
_MAX_GRACE = 1.0


class DeadlineExpired(pytest.fail.Exception):  # type: ignore[misc, name-defined]
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
    _task: asyncio.Task | None = field(default=None, repr=False)
    _handles: list[asyncio.TimerHandle] = field(default_factory=list, repr=False)

    @property
    def grace(self) -> float:
        return min(_MAX_GRACE, max(_MIN_GRACE, self.seconds / 4))

    def report(self) -> str:
        lines = [f"{self.what} exceeded its deadline of {self.seconds:g}s ({self.origin})."]
        if self.swallowed:
            lines.append(
                "It caught the CancelledError sent at the deadline and kept going"
                + (", so asyncproof closed its coroutine." if self.forced else ".")
                + " Re-raise CancelledError after cleanup: `except asyncio.CancelledError: ...;"
                " raise`."
            )
        lines.append("Stuck here when the deadline passed (most recent await last):")
        lines.append(self.stuck_at)
        return "\n".join(lines)

    async def run(self, awaitable: Awaitable[T]) -> T:
        """Await `awaitable` in the current task under this deadline."""
        loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        self._handles.append(loop.call_later(self.seconds, self._expire))
        try:
            result = await awaitable
        except asyncio.CancelledError:
            if not self.expired:
                raise
            self._uncancel()
            raise DeadlineExpired(self.report(), pytrace=False) from None
        finally:
            for handle in self._handles:
                handle.cancel()
        if self.expired:
            # The cancellation was caught and the step returned normally anyway.
            self.swallowed = True
            self._uncancel()
            raise DeadlineExpired(self.report(), pytrace=False)
        return result

    def _uncancel(self) -> None:
        # Python 3.11+: clear our cancel request so the runner sees a failure, not a cancel.
        uncancel = getattr(self._task, "uncancel", None)
        if uncancel is not None:
            while self._task is not None and self._task.cancelling():
                uncancel()

    def _expire(self) -> None:
        task = self._task
        if task is None or task.done():
            return
        self.expired = True
        self.stuck_at = format_awaiting_stack(task)
        task.cancel(f"asyncproof: deadline of {self.seconds:g}s passed")
        loop = task.get_loop()
        self._handles.append(loop.call_later(self.grace, self._cancel_again))

    def _cancel_again(self) -> None:
        task = self._task
        if task is None or task.done():
            return
        self.swallowed = True
        task.cancel(f"asyncproof: deadline of {self.seconds:g}s passed (again)")
        self._handles.append(task.get_loop().call_later(self.grace, self._force_stop))

    def _force_stop(self) -> None:
        task = self._task
        if task is None or task.done():
            return
        self.forced = force_stop(task)

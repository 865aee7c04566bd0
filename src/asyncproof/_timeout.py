"""`run_with_timeout`: await with a deadline, and fail with a message that is safe to log.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from inspect import isawaitable
from types import CoroutineType
from typing import TypeVar

__all__ = ["run_with_timeout"]

T = TypeVar("T")

AwaitableOrFactory = Awaitable[T] | Callable[[], Awaitable[T]]


def _check_timeout(timeout: object) -> float:
    # bool is an int subclass: `timeout=True` is a bug, not one second.
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise ValueError(
            f"timeout must be a finite number of seconds > 0, not {type(timeout).__name__}"
        )
    if not math.isfinite(timeout) or timeout <= 0:
        raise ValueError(f"timeout must be a finite number of seconds > 0, got {timeout!r}")
    return float(timeout)


def _describe(awaitable: object, label: str | None) -> str:
    # The qualified name of the coroutine function is code, not data; its arguments
    # (which may hold PHI) never reach the message.
    if label is not None:
        return label
    name = getattr(awaitable, "__qualname__", None)
    if isinstance(name, str):
        return name
    return type(awaitable).__name__


def _resolve(awaitable: AwaitableOrFactory[T]) -> Awaitable[T]:
    if isawaitable(awaitable):
        return awaitable
    if callable(awaitable):
        # The original helper took a zero-argument callable (a "factory"); keep accepting it.
        produced = awaitable()
        if isawaitable(produced):
            return produced
        raise TypeError(
            f"run_with_timeout() got a callable that returned {type(produced).__name__}, "
            "not an awaitable; pass a coroutine, Task or Future, or a function returning one"
        )
    raise TypeError(
        f"run_with_timeout() needs an awaitable (coroutine, Task or Future) or a zero-argument "
        f"callable returning one, not {type(awaitable).__name__}"
    )


def _expired(what: str, timeout: float) -> TimeoutError:
    return TimeoutError(f"{what} did not finish within {timeout:g}s")


# Python 3.11+ has asyncio.timeout_at, which cancels in the caller's own task; 3.10 has wait_for.
_timeout_at = getattr(asyncio, "timeout_at", None)


async def _wait_for(awaitable: Awaitable[T], timeout: float, label: str | None) -> T:
    # wait_for() cancels the awaitable on expiry and waits for the cancellation to finish.
    what = _describe(awaitable, label)
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    try:
        return await asyncio.wait_for(awaitable, timeout)
    except asyncio.TimeoutError as exc:
        if loop.time() < end:
            raise  # raised by the awaitable itself, before our deadline: not ours to rename
        raise _expired(what, timeout) from exc


_INF = math.inf


async def run_with_timeout(
    awaitable: AwaitableOrFactory[T], timeout: float, *, label: str | None = None
) -> T:
    """Await `awaitable`, failing with `TimeoutError` if it takes longer than `timeout` seconds.

    On expiry the awaitable is cancelled and its cancellation is awaited, so nothing it
    started keeps running after the test moves on. The error message names `label` (or the
    coroutine's qualified name) and the timeout, never the awaitable's arguments, which in a
    health-data backend may hold PHI.

    Args:
        awaitable: A coroutine, Task or Future, or a zero-argument callable returning one.
        timeout: Seconds to wait: a finite number greater than zero.
        label: What to call the operation in the error message.

    Returns:
        Whatever the awaitable returns.

    Raises:
        TimeoutError: The deadline passed first.
        TypeError: `awaitable` is neither awaitable nor a callable returning an awaitable.
        ValueError: `timeout` is not a finite number greater than zero. A coroutine passed in
            is closed first, so no "coroutine was never awaited" warning follows.

    Example:
        ```python
        import asyncio

        from asyncproof import run_with_timeout


        async def main() -> None:
            print(await run_with_timeout(asyncio.sleep(0, result="done"), timeout=1.0))
            #> done
            try:
                await run_with_timeout(asyncio.sleep(60), timeout=0.01, label="lab lookup")
            except TimeoutError as exc:
                print(exc)
                #> lab lookup did not finish within 0.01s


        asyncio.run(main())
        ```
    """
    # Fast path first: a float or int in (0, inf) and a coroutine are what nearly every call has.
    kind = type(timeout)
    if not ((kind is float or kind is int) and 0 < timeout < _INF):
        try:
            timeout = _check_timeout(timeout)
        except ValueError:
            if type(awaitable) is CoroutineType:
                awaitable.close()
            raise
    # A coroutine is awaitable as it is: the checks are for the rarer Tasks and factories.
    target = awaitable if type(awaitable) is CoroutineType else _resolve(awaitable)
    if _timeout_at is None:  # pragma: no cover - Python 3.10
        return await _wait_for(target, timeout, label)
    # Inlined rather than a helper coroutine: this runs around every external call in a suite.
    deadline = _timeout_at(asyncio.get_running_loop().time() + timeout)
    try:
        async with deadline:
            return await target
    except TimeoutError as exc:
        # A TimeoutError raised by the awaitable itself is not ours to rename.
        if not deadline.expired():
            raise
        raise _expired(_describe(target, label), timeout) from exc.__cause__

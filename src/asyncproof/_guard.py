"""Wrappers for the async functions pytest-asyncio runs: test bodies and fixture steps.

A test body runs under its deadline, and the tasks it leaves pending are noted for the leak
check at teardown; an async fixture's setup and teardown each run under the deadline of the
test or module that asked for it. The plugin swaps these wrappers in for the duration of one
call (see `asyncproof.plugin`); what pytest-asyncio runs, and where, is in
`_compat_pytest_asyncio`.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import types
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from asyncproof._deadline import Deadline
from asyncproof._leaks import forget_pending_tasks, note_pending_tasks
from asyncproof._origins import recording_task_origins

__all__ = ["DEADLINE", "guard_fixture", "guard_test_body", "release"]

# The deadline of the test's latest run (Hypothesis runs the body once per example).
DEADLINE = pytest.StashKey[Deadline]()


def guard_test_body(
    item: pytest.Item,
    func: Callable[..., Any],
    limit: tuple[float, str] | None,
    find_pending: bool,
) -> Callable[..., Any]:
    """Wrap an async test function: run it under a deadline, note the tasks it leaves.

    Args:
        item: The test.
        func: Its coroutine function.
        limit: The deadline in seconds and where it was set; None for none.
        find_pending: Note the tasks the body leaves pending (see `_leaks.note_pending_tasks`).

    Returns:
        A coroutine function to run in place of `func`. Each run's deadline is stashed on
        `item` under `DEADLINE`.
    """

    @functools.wraps(func)
    async def guarded(*args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True  # asyncproof is invisible in reports it did not write
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Another async framework runs it (anyio's trio backend): nothing to time.
            return await func(*args, **kwargs)
        before = asyncio.all_tasks(loop) if find_pending else set()  # (a new set each call)
        coro = func(*args, **kwargs)
        if limit is not None:
            # A new deadline per run: Hypothesis calls the body once per example.
            deadline = Deadline(limit[0], f"test {item.name!r}", limit[1])
            item.stash[DEADLINE] = deadline
            coro = deadline.run(coro)
        try:
            # Where each task the body starts was created: for the leak and deadline reports.
            with recording_task_origins(loop):
                return await coro
        finally:
            if find_pending:
                note_pending_tasks(item, before, loop)

    return guarded


def release(item: pytest.Item) -> None:
    """Drop what the guard kept on `item` for its call and teardown: its deadline and the
    tasks it left pending hold its task and its loop, which a finished test must not keep
    alive for the rest of the session."""
    if DEADLINE in item.stash:
        del item.stash[DEADLINE]
    forget_pending_tasks(item)


def _asyncio_loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def guard_fixture(func: Any, name: str, seconds: float, origin: str) -> Any:
    """An async fixture function whose setup and teardown each run under a deadline.

    Args:
        func: The fixture's coroutine or async generator function (or bound method).
        name: The fixture's name, for the failure message.
        seconds: The deadline of each step.
        origin: Where the deadline was set, for the failure message.

    Returns:
        A function of the same kind to run in place of `func`; a bound method stays bound.
    """
    bound_to = getattr(func, "__self__", None)
    plain = getattr(func, "__func__", func)

    def under_deadline(
        step: str, awaitable: Awaitable[Any], focus: object = None
    ) -> Awaitable[Any]:
        # No asyncio loop running (another async framework's fixture): leave it alone.
        if not _asyncio_loop_running():
            return awaitable
        deadline = Deadline(seconds, f"{step} of fixture {name!r}", origin, focus=focus)
        return deadline.run(awaitable)

    if inspect.isasyncgenfunction(plain):

        @functools.wraps(plain)
        async def guarded(*args: Any, **kwargs: Any) -> Any:
            __tracebackhide__ = True  # asyncproof is invisible in reports it did not write
            agen = plain(*args, **kwargs)
            # The generator is the focus: the report shows its own await, not the caller's.
            yield await under_deadline("setup", agen.__anext__(), agen)
            try:
                await under_deadline("teardown", agen.__anext__(), agen)
            except StopAsyncIteration:
                return
            raise ValueError(f"async generator fixture {name!r} didn't stop: yield only once")

    else:

        @functools.wraps(plain)
        async def guarded(*args: Any, **kwargs: Any) -> Any:
            __tracebackhide__ = True  # asyncproof is invisible in reports it did not write
            return await under_deadline("setup", plain(*args, **kwargs))

    # Keep a method a method, so pytest-asyncio re-binds it to the test's instance.
    return types.MethodType(guarded, bound_to) if bound_to is not None else guarded

"""Stopping tasks: politely with cancel(), and by force when they swallow the cancellation.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import asyncio

__all__ = ["force_stop", "retrieve_exception", "settle"]


def force_stop(task: asyncio.Task) -> bool:
    """Stop a task that ignores cancellation: close its coroutine, then cancel it.

    GeneratorExit is not an Exception, so `except Exception` and `except CancelledError` in
    the task's code don't catch it; after close(), the next cancel finishes the task.
    Returns False when even that fails (the coroutine ignored GeneratorExit too).
    """
    if task.done():
        return True
    try:
        task.get_coro().close()
    except RuntimeError:
        return False
    # The closed coroutine makes the task end in a RuntimeError that the caller reports in
    # its own words: asyncio need not log it again as "exception was never retrieved".
    task.add_done_callback(retrieve_exception)
    task.cancel()
    return True


def retrieve_exception(task: asyncio.Task) -> None:
    """A done callback that marks the task's exception as seen (asyncio won't log it)."""
    if not task.cancelled():
        task.exception()


async def settle(tasks: list[asyncio.Task], grace: float) -> list[asyncio.Task]:
    """Cancel `tasks` and wait up to `grace` seconds for them to finish.

    Tasks still running after that swallowed their cancellation: they are stopped by force
    and returned, so the caller can report them. Never waits longer than about `grace`.
    """
    for task in tasks:
        task.cancel()
    _, stubborn = await asyncio.wait(tasks, timeout=grace)
    for task in stubborn:
        force_stop(task)
    if stubborn:
        await asyncio.wait(stubborn, timeout=grace)
    return list(stubborn)

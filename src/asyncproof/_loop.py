"""Creating and tearing down an event loop the way `asyncio.run` does."""

from __future__ import annotations

import asyncio

__all__ = ["close_loop", "new_loop"]


def new_loop() -> asyncio.AbstractEventLoop:
    """Return a fresh event loop, set as the current loop of this thread."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return loop


def _cancel_pending_tasks(loop: asyncio.AbstractEventLoop) -> None:
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    if not pending:
        return
    for task in pending:
        task.cancel()
    # Await the cancellations so `finally:` blocks in the tasks run before the loop closes.
    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    for task in pending:
        if not task.cancelled() and task.exception() is not None:
            loop.call_exception_handler(
                {
                    "message": "unhandled exception in a task cancelled at test teardown",
                    "exception": task.exception(),
                    "task": task,
                }
            )


def close_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel and await pending tasks, shut down async generators and the default executor,
    close `loop` and unset it as the current loop.

    A loop that the test already closed is only unset.
    """
    try:
        if not loop.is_closed():
            try:
                _cancel_pending_tasks(loop)
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.run_until_complete(loop.shutdown_default_executor())
            finally:
                loop.close()
    finally:
        asyncio.set_event_loop(None)

"""Creating and tearing down an event loop the way `asyncio.run` does.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import asyncio
import sys

from asyncproof._compat_asyncio import current_loop
from asyncproof._tasks import settle

__all__ = ["TEARDOWN_GRACE", "close_loop", "new_loop"]

# How long tasks cancelled at teardown get to finish before they are stopped by force.
TEARDOWN_GRACE = 1.0


def new_loop() -> tuple[asyncio.AbstractEventLoop, asyncio.AbstractEventLoop | None]:
    """A fresh event loop set as the thread's current loop, and the loop it replaced."""
    previous = current_loop()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return loop, previous


def close_loop(
    loop: asyncio.AbstractEventLoop, previous: asyncio.AbstractEventLoop | None = None
) -> list[asyncio.Task]:
    """Cancel and await pending tasks, shut down async generators and the default executor,
    close `loop` and put `previous` back as the current loop.

    Never hangs on a task that swallows its cancellation: such tasks are stopped by force
    and returned. A loop that the test already closed is only unset.
    """
    stubborn: list[asyncio.Task] = []
    try:
        if not loop.is_closed():
            try:
                pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
                if pending:
                    stubborn = loop.run_until_complete(settle(pending, grace=TEARDOWN_GRACE))
                loop.run_until_complete(loop.shutdown_asyncgens())
                if sys.version_info >= (3, 12):
                    # An executor thread that never returns must not hang the session.
                    shutdown = loop.shutdown_default_executor(timeout=TEARDOWN_GRACE)
                else:
                    shutdown = loop.shutdown_default_executor()
                loop.run_until_complete(shutdown)
            finally:
                loop.close()
    finally:
        restore = previous if previous is not None and not previous.is_closed() else None
        asyncio.set_event_loop(restore)
    return stubborn

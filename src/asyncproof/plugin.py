"""The asyncproof pytest plugin, registered through the `pytest11` entry point.

Installing asyncproof is enough: the fixtures below exist in every test session,
with no `conftest.py` and no `pytest_plugins` line.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from asyncproof._loop import close_loop, new_loop

__all__ = ["standard_event_loop"]


@pytest.fixture
def standard_event_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """A fresh event loop for one synchronous test, set as the current loop while it runs.

    Use it when a sync test has to drive async code (`loop.run_until_complete(...)`).
    At teardown, pending tasks are cancelled and awaited, async generators and the
    default executor are shut down, and the loop is closed, so nothing leaks into the
    next test. Async tests don't need it: pytest-asyncio gives them a loop.
    """
    loop = new_loop()
    try:
        yield loop
    finally:
        close_loop(loop)

"""Every use of pytest-asyncio's internals: read this on a new pytest-asyncio release.

The plugin works alongside pytest-asyncio, which runs the async tests and fixtures: asyncproof
wraps what it runs (for deadlines) and judges leaks between its fixtures' teardown and the
closing of its loop. pytest-asyncio has public API for one of the things this needs
(`is_async_test`); each private name used for the others is used here and nowhere else, with
a comment on why there is no public equivalent. (Asyncio's internals are in
`_compat_asyncio`.)

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import pytest_asyncio
from pytest_asyncio import is_async_test

__all__ = [
    "FUNCTION_RUNNER",
    "PACKAGE_FILE",
    "is_async_test",
    "runs_fixture",
    "runs_in_anyio",
    "runs_in_pytest_asyncio",
    "sync_target",
]

# The fixture that owns the loop of a function-scoped async test: asyncproof's pending-task
# check runs as a finalizer of it, after the test's async fixtures and before the loop closes.
# Private: pytest-asyncio has no public hook for "the test's loop is about to close".
FUNCTION_RUNNER = "_function_scoped_runner"

# Public: where pytest-asyncio's code is, to leave its frames out of a stack.
PACKAGE_FILE: str = pytest_asyncio.__file__
# Loops that pytest-asyncio creates for its own bookkeeping are its business, not the test's.
_PACKAGE_NAME = "pytest_asyncio"


def sync_target(item: pytest.Item) -> tuple[object, str]:
    """Where pytest-asyncio finds the function it runs for `item`: an object and attribute.

    Args:
        item: A test item.

    Returns:
        `(owner, attribute)`; normally `(item, "obj")`, the test function.
    """
    # pytest-asyncio swaps this attribute's function for a synchronous one at runtest.
    # Private: there is no public way to wrap the coroutine function it is about to run.
    return getattr(item, "_synchronization_target_attr", (item, "obj"))


def runs_in_anyio(item: pytest.Item) -> str | None:
    """Whether anyio's pytest plugin runs `item` (it does when pytest-asyncio doesn't), and
    on which backend, as far as collection tells.

    Args:
        item: A test item.

    Returns:
        None for a test anyio's plugin doesn't run; otherwise the backend's name where the
        test is parametrized over backends, or "" when it is known only at run time.
    """
    # Public: anyio's plugin runs a coroutine test whenever it uses the `anyio_backend`
    # fixture (which `@pytest.mark.anyio` adds), and reads the backend from that fixture.
    if is_async_test(item) or "anyio_backend" not in getattr(item, "fixturenames", ()):
        return None
    callspec = getattr(item, "callspec", None)
    backend = callspec.params.get("anyio_backend", "") if callspec is not None else ""
    if isinstance(backend, tuple):  # ("trio", {options})
        backend = backend[0] if backend else ""
    return backend if isinstance(backend, str) else ""


def runs_fixture(func: Any, config: pytest.Config) -> bool:
    """Whether pytest-asyncio (not trio's or anyio's plugin) runs this async fixture.

    Args:
        func: The fixture's function (or bound method).
        config: The session's configuration, for the `asyncio_mode` ini value.

    Returns:
        True for a coroutine or async generator fixture function that pytest-asyncio runs:
        any of them in auto mode, those declared with `@pytest_asyncio.fixture` otherwise.
    """
    if not (inspect.iscoroutinefunction(func) or inspect.isasyncgenfunction(func)):
        return False
    # Set on the function by `@pytest_asyncio.fixture`.
    # Private: pytest-asyncio offers no public predicate for it.
    return bool(getattr(func, "_force_asyncio_fixture", False)) or (
        str(config.getini("asyncio_mode")) == "auto"
    )


def runs_in_pytest_asyncio(filename: str) -> bool:
    """Whether a code object's `filename` is pytest-asyncio's code, judged by name.

    Args:
        filename: A code object's `co_filename`.

    Returns:
        True when the path holds the package's name anywhere (a test file named after
        pytest-asyncio counts too, unlike a check of the folder as in `PACKAGE_FILE`).
    """
    return _PACKAGE_NAME in filename

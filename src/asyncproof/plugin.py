"""The asyncproof pytest plugin, registered through the `pytest11` entry point.

Installing asyncproof is enough: what is below is active in every test session, with no
`conftest.py` and no `pytest_plugins` line.

- `standard_event_loop`: a fresh, fully torn-down loop for a sync test that drives async code.
- Deadlines: `asyncproof_timeout` (ini) and `@pytest.mark.async_timeout(seconds)` fail an async
  test, or an async fixture's setup or teardown, that runs too long, and say where it was stuck.
- Leak detection: a test fails when it leaves tasks pending, creates a coroutine it never
  awaits, or leaves an event loop open. Each check can be switched off in the ini file.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import types
from collections.abc import Callable, Generator, Iterator
from typing import Any

import pytest
from pytest_asyncio import is_async_test

from asyncproof._deadline import Deadline, DeadlineExpired
from asyncproof._leaks import (
    LeakReport,
    already_cancelled,
    describe_task,
    pending_tasks_since,
    watch,
)
from asyncproof._loop import close_loop, new_loop
from asyncproof._settings import (
    ALLOW_LEAKS_HELP,
    MARKER_HELP,
    Settings,
    add_options,
    leak_checks_for,
    read_settings,
    timeout_for,
)
from asyncproof._tasks import settle
from asyncproof.phi_pytest import phi_guard  # re-exported: pytest finds fixtures in plugin modules

__all__ = ["phi_guard", "standard_event_loop"]

SETTINGS = pytest.StashKey[Settings]()
# How long leaked tasks get to finish after they are cancelled at the end of a test.
_LEAK_GRACE = 1.0
DEADLINE = pytest.StashKey[Deadline]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)
    config.addinivalue_line("markers", ALLOW_LEAKS_HELP)
    config.stash[SETTINGS] = read_settings(config)


@pytest.fixture
def standard_event_loop(request: pytest.FixtureRequest) -> Iterator[asyncio.AbstractEventLoop]:
    """A fresh event loop for one synchronous test, set as the current loop while it runs.

    Use it when a sync test has to drive async code (`loop.run_until_complete(...)`).
    At teardown, pending tasks are cancelled and awaited, async generators and the
    default executor are shut down, and the loop is closed, so nothing leaks into the
    next test. Tasks the test left pending are reported as a leak (an error at teardown)
    unless `asyncproof_detect_pending_tasks = false`. Async tests don't need this fixture:
    pytest-asyncio gives them a loop.

    Example:
        ```python
        import asyncio


        def test_sync_code_drives_async(standard_event_loop):
            result = standard_event_loop.run_until_complete(asyncio.sleep(0, result="ok"))
            assert result == "ok"
        ```
    """
    loop = new_loop()
    try:
        yield loop
    finally:
        leaked = [task for task in asyncio.all_tasks(loop) if not task.done()]
        close_loop(loop)
    settings = request.config.stash[SETTINGS]
    if leaked and leak_checks_for(request.node, settings).pending_tasks:
        names = "\n".join(f"  - {describe_task(task)}" for task in leaked)
        pytest.fail(
            f"the test left {len(leaked)} task(s) pending on standard_event_loop "
            f"(cancelled at teardown):\n{names}",
            pytrace=False,
        )


def _guard_test_body(
    func: Callable[..., Any], deadline: Deadline | None, leaks: LeakReport | None
) -> Callable[..., Any]:
    """Wrap an async test function: run it under `deadline`, then look for pending tasks."""

    @functools.wraps(func)
    async def guarded(*args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        before = set(asyncio.all_tasks(loop)) if leaks is not None else set()
        coro = func(*args, **kwargs)
        try:
            result = await (deadline.run(coro) if deadline is not None else coro)
        except GeneratorExit:
            raise  # the coroutine is being closed: no more awaiting here
        except BaseException:
            await _collect_leaked_tasks(before, loop, leaks)
            raise
        await _collect_leaked_tasks(before, loop, leaks)
        return result

    return guarded


async def _collect_leaked_tasks(
    before: set[asyncio.Task], loop: asyncio.AbstractEventLoop, leaks: LeakReport | None
) -> None:
    if leaks is None:
        return
    leaked = pending_tasks_since(before, loop)
    if not leaked:
        return
    # A task the test already cancelled is on its way out; only forgotten ones are leaks.
    leaks.pending_tasks.extend(describe_task(t) for t in leaked if not already_cancelled(t))
    # Bounded: a leaked task that swallows its cancellation must not hang the session.
    for task in await settle(leaked, grace=_LEAK_GRACE):
        leaks.pending_tasks.append(f"{describe_task(task)} ignored its cancellation")


def _add_note(error: BaseException, note: str) -> None:
    if hasattr(error, "add_note"):  # Python 3.11+
        error.add_note(note)


def _sync_target(item: pytest.Item) -> tuple[object, str]:
    # pytest-asyncio synchronizes this attribute (normally the test function) at runtest.
    return getattr(item, "_synchronization_target_attr", (item, "obj"))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    settings = leak_checks_for(item, item.config.stash[SETTINGS])
    leaks = LeakReport()
    target, attr = _sync_target(item)
    original = getattr(target, attr, None)
    patched = False
    if is_async_test(item) and inspect.iscoroutinefunction(original):
        limit = timeout_for(item, settings)
        deadline = Deadline(limit[0], f"test {item.name!r}", limit[1]) if limit else None
        if deadline is not None:
            item.stash[DEADLINE] = deadline
        pending = leaks if settings.pending_tasks else None
        if deadline is not None or pending is not None:
            setattr(target, attr, _guard_test_body(original, deadline, pending))
            patched = True
    error: BaseException | None = None
    outcome: object = None
    try:
        with watch(
            leaks, never_awaited=settings.never_awaited, unclosed_loops=settings.unclosed_loops
        ):
            try:
                outcome = yield
            except BaseException as exc:
                error = exc
    finally:
        if patched:
            setattr(target, attr, original)
    deadline = item.stash.get(DEADLINE, None)
    if error is not None:
        if deadline is not None and deadline.expired and not isinstance(error, DeadlineExpired):
            # The coroutine was closed by force: the runner only saw a cancellation.
            raise DeadlineExpired(deadline.report(), pytrace=False) from None
        if leaks and not isinstance(error, (KeyboardInterrupt, SystemExit)):
            _add_note(error, f"asyncproof also found leaks:\n{leaks.describe()}")
        raise error
    if leaks:
        pytest.fail(f"the test leaked:\n{leaks.describe()}", pytrace=False)
    return outcome


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> Generator[None, object, object]:
    func = fixturedef.func
    limit = None
    if inspect.iscoroutinefunction(func) or inspect.isasyncgenfunction(func):
        limit = timeout_for(request.node, request.config.stash[SETTINGS])
    if limit is None:
        return (yield)
    fixturedef.func = _guard_fixture(func, fixturedef.argname, *limit)  # type: ignore[misc]
    try:
        return (yield)
    finally:
        fixturedef.func = func  # type: ignore[misc]


def _guard_fixture(func: Any, name: str, seconds: float, origin: str) -> Any:
    """An async fixture function whose setup and teardown each run under a deadline."""
    bound_to = getattr(func, "__self__", None)
    plain = getattr(func, "__func__", func)

    if inspect.isasyncgenfunction(plain):

        @functools.wraps(plain)
        async def guarded(*args: Any, **kwargs: Any) -> Any:
            agen = plain(*args, **kwargs)
            setup = Deadline(seconds, f"setup of fixture {name!r}", origin)
            yield await setup.run(agen.__anext__())
            teardown = Deadline(seconds, f"teardown of fixture {name!r}", origin)
            try:
                await teardown.run(agen.__anext__())
            except StopAsyncIteration:
                return
            raise ValueError(f"async generator fixture {name!r} didn't stop: yield only once")

    else:

        @functools.wraps(plain)
        async def guarded(*args: Any, **kwargs: Any) -> Any:
            return await Deadline(seconds, f"setup of fixture {name!r}", origin).run(
                plain(*args, **kwargs)
            )

    # Keep a method a method, so pytest-asyncio re-binds it to the test's instance.
    return types.MethodType(guarded, bound_to) if bound_to is not None else guarded

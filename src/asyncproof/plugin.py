"""The asyncproof pytest plugin, registered through the `pytest11` entry point.

Installing asyncproof is enough: what is below is active in every test session, with no
`conftest.py` and no `pytest_plugins` line.

- `standard_event_loop`: a fresh, fully torn-down loop for a sync test that drives async code.
- Deadlines: `asyncproof_timeout` (ini) and `@pytest.mark.async_timeout(seconds)` fail an async
  test, or an async fixture's setup or teardown, that runs too long, and say where it was stuck.
- Leak detection: a test fails when it leaves tasks pending, creates a coroutine it never
  awaits, or leaves an event loop open. Each check can be switched off in the ini file, or
  for one test with `@pytest.mark.allow_leaks(...)`.
- `phi_guard` (from `asyncproof.phi_pytest`, registered below).

This module holds the hooks and fixtures only; the work is done in `_settings` (options and
markers), `_guard` and `_deadline` (deadlines), `_leaks` (all three leak kinds), `_origins` (where a
leaked task or coroutine was created) and `_loop`
(`standard_event_loop`'s loop). What relies on pytest-asyncio's or asyncio's internals is in
`_compat_pytest_asyncio` and `_compat_asyncio`: the two files to read on a new release.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Generator, Iterator
from types import TracebackType
from typing import Any

import pytest

from asyncproof._compat_pytest_asyncio import (
    FUNCTION_RUNNER,
    is_async_test,
    runs_fixture,
    runs_in_anyio,
    sync_target,
)
from asyncproof._deadline import DeadlineExpired
from asyncproof._guard import DEADLINE, guard_fixture, guard_test_body, release
from asyncproof._leaks import (
    LeakReport,
    describe_task,
    fail_for_pending_tasks,
    judge_pending_tasks,
    pending_tasks,
    warnings_sink,
    watch,
)
from asyncproof._loop import close_loop, new_loop
from asyncproof._origins import recording_task_origins
from asyncproof._settings import (
    ALLOW_LEAKS_HELP,
    MARKER,
    MARKER_HELP,
    Settings,
    add_options,
    expected_unawaited,
    leak_checks_for,
    read_settings,
    timeout_for,
)
from asyncproof._watchdog import WATCHDOG

__all__ = ["standard_event_loop"]

# `phi_guard` and the report hook that fails its test live in `asyncproof.phi_pytest`,
# registered with this plugin (which leaves the PHI patterns unimported until PHI is scanned).
pytest_plugins = ["asyncproof.phi_pytest"]

SETTINGS = pytest.StashKey[Settings]()
# Where warnings went when the test's setup began (see _leaks.warnings_sink).
WARNINGS_SINK = pytest.StashKey[object]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)
    config.addinivalue_line("markers", ALLOW_LEAKS_HELP)
    config.stash[SETTINGS] = read_settings(config)


def pytest_report_collectionfinish(config: pytest.Config, items: list[pytest.Item]) -> list[str]:
    # Said in the header, not as a warning: a suite with warnings as errors would stop here.
    ignored = [
        item.nodeid
        for item in items
        if runs_in_anyio(item) == "trio" and item.get_closest_marker(MARKER)
    ]
    if not ignored:
        return []
    return [
        f"asyncproof: @pytest.mark.{MARKER} can't apply on anyio's trio backend, only on "
        f"asyncio (use trio.fail_after in the test); {len(ignored)} test(s) run without a "
        f"deadline: {', '.join(ignored[:3])}{', ...' if len(ignored) > 3 else ''}"
    ]


def pytest_collection_finish(session: pytest.Session) -> None:
    # Deadlines are timed by one daemon thread. Started before any test, it is part of every
    # test's "before" for suites that fail a test which leaves a thread running; a session
    # with no deadline anywhere doesn't get one.
    if session.config.stash[SETTINGS].timeout or any(
        item.get_closest_marker(MARKER) for item in session.items
    ):
        WATCHDOG.start()


@pytest.fixture
def standard_event_loop(request: pytest.FixtureRequest) -> Iterator[asyncio.AbstractEventLoop]:
    """A fresh event loop for one synchronous test, set as the current loop while it runs.

    Use it when a sync test has to drive async code (`loop.run_until_complete(...)`).
    At teardown, pending tasks are cancelled and awaited, async generators and the
    default executor are shut down, the loop is closed, and the loop that was current
    before is put back, so nothing leaks into the next test. Tasks the test left pending
    are reported as a leak (an error at teardown) unless pending-task checks are off.
    Async tests don't need this fixture: pytest-asyncio gives them a loop.

    Example:
        ```python
        import asyncio


        def test_sync_code_drives_async(standard_event_loop):
            result = standard_event_loop.run_until_complete(asyncio.sleep(0, result="ok"))
            assert result == "ok"
        ```
    """
    loop, previous = new_loop()
    try:
        with recording_task_origins(loop):
            yield loop
    finally:
        names = [describe_task(task) for task in pending_tasks(loop)]
        stubborn = close_loop(loop, previous)
    if names and leak_checks_for(request.node, request.config.stash[SETTINGS]).pending_tasks:
        fail_for_pending_tasks(names, stubborn, where=" on standard_event_loop")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before fixtures run, so a `recwarn` fixture counts as the test's own recorder.
    item.stash[WARNINGS_SINK] = warnings_sink()


def _hidden_unless_raised_here(excinfo: pytest.ExceptionInfo[BaseException]) -> bool:
    """pytest's `__tracebackhide__` for the hook's frame: hidden in the report of what only
    passed through it, kept for a failure the hook raised itself (with none of its frames
    shown, pytest would add "All traceback entries are hidden" to asyncproof's report)."""
    entry: TracebackType | None = excinfo.tb
    while entry is not None and entry.tb_frame.f_code is not pytest_runtest_call.__code__:
        entry = entry.tb_next
    below = entry.tb_next if entry is not None else None
    return below is not None and below.tb_frame.f_code.co_filename != _FAIL_FILE


# Where pytest.fail raises from: a failure the hook raised with it is the hook's own. (Read
# from a function's code: pytest < 8.4 gives its outcome classes `__module__ = "builtins"`, and
# `pytest.fail` is a plain function there, so `inspect.getfile` on either class fails.)
_FAIL_FILE = pytest.fail.Exception.__init__.__code__.co_filename


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    __tracebackhide__ = _hidden_unless_raised_here  # invisible in reports it did not write
    settings = leak_checks_for(item, item.config.stash[SETTINGS])
    leaks = LeakReport()
    target, attr = sync_target(item)
    original = getattr(target, attr, None)
    patched = False
    if inspect.iscoroutinefunction(original) and is_async_test(item):
        limit = timeout_for(item, settings)
        if limit is not None or settings.pending_tasks:
            setattr(target, attr, guard_test_body(item, original, limit, settings.pending_tasks))
            patched = True
    elif inspect.iscoroutinefunction(original) and runs_in_anyio(item) is not None:
        # anyio's plugin runs it: a deadline on its asyncio backend (the leak checks for
        # pending tasks are pytest-asyncio's loop's, not anyio's).
        limit = timeout_for(item, settings)
        if limit is not None:
            setattr(target, attr, guard_test_body(item, original, limit, False))
            patched = True
    error: BaseException | None = None
    outcome: object = None
    try:
        with watch(
            leaks,
            never_awaited=settings.never_awaited,
            unclosed_loops=settings.unclosed_loops,
            sink_at_start=item.stash.get(WARNINGS_SINK, None),
            # Read only if a coroutine is dropped: most tests never need the markers.
            expected=functools.partial(expected_unawaited, item),
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
        if (
            deadline is not None
            and deadline.expired
            and not isinstance(error, (DeadlineExpired, KeyboardInterrupt))
        ):
            # The coroutine was closed by force: the runner only saw a cancellation.
            raise DeadlineExpired(deadline.report(), pytrace=False) from None
        if leaks and not isinstance(error, (KeyboardInterrupt, SystemExit)):
            leaks.attach_to(error, item)
        raise error
    if leaks:
        pytest.fail(f"the test leaked:\n{leaks.describe()}", pytrace=False)
    return outcome


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, object, object]:
    try:
        return (yield)
    finally:
        release(item)
        # The recorder of a finished test (and the warnings it holds) is no longer needed.
        if WARNINGS_SINK in item.stash:
            del item.stash[WARNINGS_SINK]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> Generator[None, object, object]:
    __tracebackhide__ = True  # asyncproof is invisible in reports it did not write
    if fixturedef.argname == FUNCTION_RUNNER and isinstance(request.node, pytest.Item):
        result = yield
        # Registered now, so it runs after the async fixtures' teardown (registered later)
        # and before the runner's own teardown closes the loop (registered earlier).
        fixturedef.addfinalizer(functools.partial(judge_pending_tasks, request.node))
        return result
    func = fixturedef.func
    limit = None
    if runs_fixture(func, request.config):
        limit = timeout_for(request.node, request.config.stash[SETTINGS])
    if limit is None:
        return (yield)
    # pytest offers no public way to wrap a fixture's function; pytest-asyncio swaps it too.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fixturedef, "func", guard_fixture(func, fixturedef.argname, *limit))
        return (yield)

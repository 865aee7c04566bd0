"""Leak detection, through pytester: each leak kind is caught, a clean suite is left alone."""

from __future__ import annotations

import pytest

from tests._support.pytester import INI
from tests._support.pytester import run_keeping_warnings as run


def test_pending_task_left_by_an_async_test(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        CLEANED = []

        async def heartbeat():
            try:
                await asyncio.sleep(3600)
            finally:
                CLEANED.append(True)

        @pytest.mark.asyncio
        async def test_forgets_a_task():
            asyncio.create_task(heartbeat(), name="heartbeat")
            await asyncio.sleep(0)  # the heartbeat starts

        def test_the_leaked_task_was_cancelled_and_awaited():
            assert CLEANED == [True]
        """
    )
    result = run(pytester, "-W", "error")
    # Reported at teardown, once the test's fixtures had their chance to stop it.
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_forgets_a_task*",
            "*the test left 1 task(s) pending, cancelled at teardown:*",
            "*'heartbeat' running heartbeat()*",
        ]
    )


def test_never_awaited_coroutine_names_the_coroutine(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import pytest

        async def save_record():
            pass

        @pytest.mark.asyncio
        async def test_async_forgets_await():
            save_record()

        def test_sync_forgets_await():
            save_record()
        """
    )
    # Without -W error: the warning alone would let both tests pass. In a subprocess, so
    # this session's own warning filters don't reach the inner run.
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    assert result.stdout.str().count("coroutine 'save_record' was created and never awaited") == 2


def test_unclosed_event_loop(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio

        KEEP = []

        def test_creates_and_keeps_a_loop():
            KEEP.append(asyncio.new_event_loop())

        def test_creates_and_drops_a_loop():
            asyncio.new_event_loop()

        def test_closes_its_loop():
            loop = asyncio.new_event_loop()
            loop.close()

        def test_the_kept_loop_was_closed_for_us():
            assert KEEP[0].is_closed()

        def test_legacy_current_loop():
            asyncio.set_event_loop(asyncio.new_event_loop())

        def test_relies_on_the_current_loop():
            # Reported above, but left open: later tests that use it keep working.
            loop = asyncio.get_event_loop()
            assert loop.run_until_complete(asyncio.sleep(0, "ok")) == "ok"
            loop.close()
            asyncio.set_event_loop(None)
        """
    )
    result = run(pytester, "-W", "error")
    result.assert_outcomes(passed=3, failed=3)
    assert result.stdout.str().count("event loop left open") == 3


@pytest.mark.parametrize(
    ("option", "body"),
    [
        ("pending_tasks", "asyncio.create_task(asyncio.sleep(3600))"),
        ("never_awaited", "asyncio.sleep(0)"),
        ("unclosed_loops", "KEEP.append(asyncio.new_event_loop())"),
    ],
)
def test_each_check_can_be_switched_off(pytester: pytest.Pytester, option: str, body: str) -> None:
    pytester.makepyfile(
        f"""
        import asyncio
        import pytest

        KEEP = []

        @pytest.mark.asyncio
        async def test_leaks():
            {body}
        """
    )
    # In a subprocess: a loop leaked in-process would be (rightly) reported against this test.
    pytester.makeini(INI)
    result = pytester.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*leak*" if option != "pending_tasks" else "*pending*"])
    pytester.makeini(INI + f"asyncproof_detect_{option} = false\n")
    pytester.runpytest_subprocess("-W", "ignore::RuntimeWarning").assert_outcomes(passed=1)


def test_a_failing_test_keeps_its_own_error_and_notes_the_leak(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        async def save():
            pass

        @pytest.mark.asyncio
        async def test_fails_and_leaks():
            save()
            asyncio.create_task(asyncio.sleep(3600))
            assert 1 == 2
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*assert 1 == 2*", "*asyncproof also found leaks:*", "*coroutine 'save'*"]
    )


def test_other_warnings_still_reach_pytest(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import warnings

        def test_warns():
            warnings.warn("keep me", UserWarning)
        """
    )
    result = run(pytester, "-W", "always::UserWarning")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*UserWarning: keep me*"])
    error = run(pytester, "-W", "error::UserWarning")
    error.assert_outcomes(failed=1)


CLEAN_SUITE = """
import asyncio
import contextlib
import pytest
import pytest_asyncio

pytestmark = pytest.mark.asyncio

async def double(x):
    await asyncio.sleep(0)
    return x * 2

async def numbers(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i

@pytest_asyncio.fixture
async def server():
    task = asyncio.create_task(asyncio.sleep(3600))  # owned by the fixture, cleaned up by it
    yield task
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task

@pytest.mark.parametrize("n", range(40))
async def test_awaited(n):
    assert await double(n) == 2 * n

@pytest.mark.parametrize("n", range(40))
async def test_gathered(n):
    assert await asyncio.gather(*(double(i) for i in range(n % 5 + 1))) == [
        2 * i for i in range(n % 5 + 1)
    ]

@pytest.mark.parametrize("n", range(40))
async def test_task_group(n):
    if hasattr(asyncio, "TaskGroup"):
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(double(i)) for i in range(3)]
    else:  # Python 3.10
        tasks = [asyncio.create_task(double(i)) for i in range(3)]
        await asyncio.gather(*tasks)
    assert [t.result() for t in tasks] == [0, 2, 4]

@pytest.mark.parametrize("n", range(40))
async def test_async_generator_closed(n):
    agen = numbers(10)
    async with contextlib.aclosing(agen):
        async for i in agen:
            if i == n % 10:
                break
    assert i == n % 10

@pytest.mark.parametrize("n", range(20))
async def test_task_awaited_and_fixture_task(n, server):
    task = asyncio.create_task(double(n))
    assert await task == 2 * n
    assert not server.done()

@pytest.mark.parametrize("n", range(10))
async def test_wait_for_and_timeout(n):
    assert await asyncio.wait_for(double(n), 1) == 2 * n
    if hasattr(asyncio, "timeout"):  # Python 3.11+
        async with asyncio.timeout(1):
            assert await double(n) == 2 * n
"""

CLEAN_SYNC = """
import asyncio
import pytest

async def double(x):
    await asyncio.sleep(0)
    return x * 2

@pytest.mark.parametrize("n", range(10))
def test_sync_with_standard_loop(n, standard_event_loop):
    assert standard_event_loop.run_until_complete(double(n)) == 2 * n
"""


def test_no_false_leak_report_on_a_clean_suite_of_200_tests(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI + "asyncproof_timeout = 5\n")
    pytester.makepyfile(test_clean=CLEAN_SUITE, test_clean_sync=CLEAN_SYNC)
    result = run(pytester, "-W", "error")
    result.assert_outcomes(passed=200)


def test_leaked_task_that_swallows_cancellation_cannot_hang_the_run(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        async def stubborn():
            while True:
                try:
                    await asyncio.sleep(3600)
                except asyncio.CancelledError:
                    pass

        @pytest.mark.asyncio
        async def test_leaks_a_stubborn_task():
            asyncio.create_task(stubborn(), name="stubborn")
            await asyncio.sleep(0)

        @pytest.mark.asyncio
        async def test_next():
            pass
        """
    )
    result = run(pytester, "-W", "error")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*'stubborn' running stubborn()*ignored its cancellation*"])


def test_recwarn_and_pytest_warns_still_see_every_warning(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import warnings
        import pytest

        async def save():
            pass

        def test_recwarn(recwarn):
            warnings.warn("first", UserWarning)
            assert len(recwarn) == 1

        def test_recwarn_sees_never_awaited(recwarn):
            save()
            assert any("never awaited" in str(w.message) for w in recwarn)

        def test_pytest_warns():
            with pytest.warns(DeprecationWarning, match="old"):
                warnings.warn("old api", DeprecationWarning)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_a_coroutine_dropped_under_a_warnings_recorder_is_expected(
    pytester: pytest.Pytester,
) -> None:
    # Found on aiojobs' suite: a test drops a coroutine an API refused, on purpose, and checks
    # the warning. A test that records warnings owns them; outside the recorder it's a leak.
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import gc
        import warnings
        import pytest

        async def job():
            pass

        @pytest.mark.asyncio
        async def test_pytest_warns():
            coro = job()
            with pytest.warns(RuntimeWarning, match="was never awaited"):
                del coro
                gc.collect()

        def test_catch_warnings_record():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                job()
            assert any("was never awaited" in str(w.message) for w in caught)

        def test_dropped_outside_the_recorder():
            with warnings.catch_warnings(record=True):
                warnings.warn("unrelated", UserWarning)
            job()

        def test_dropped_under_a_recorder_expecting_something_else():
            # pytest.warns passes on what it did not expect: this one was not being checked.
            with pytest.warns(DeprecationWarning):
                warnings.warn("old api", DeprecationWarning)
                job()
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(
        ["*test_dropped_outside_the_recorder*", "*coroutine 'job' was created and never awaited*"]
    )
    result.stdout.fnmatch_lines(["*test_dropped_under_a_recorder_expecting_something_else*"])


def test_allow_leaks_marker_opts_one_test_out(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        async def save():
            pass

        @pytest.mark.allow_leaks("never_awaited")
        def test_shows_the_mistake_on_purpose():
            save()

        @pytest.mark.allow_leaks("unclosed_loops")
        def test_other_kinds_still_checked():
            save()

        @pytest.mark.allow_leaks("typo")
        def test_bad_kind():
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "*test_other_kinds_still_checked*",
            "*allow_leaks takes leak kinds among pending_tasks, never_awaited, unclosed_loops*",
        ]
    )


def test_a_task_the_test_cancelled_is_not_a_leak(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        @pytest.mark.asyncio
        async def test_cancels_without_awaiting():
            task = asyncio.create_task(asyncio.sleep(10))
            await asyncio.sleep(0)
            task.cancel()  # not awaited, but the test did stop it
        """
    )
    run(pytester, "-W", "error").assert_outcomes(passed=1)


LAZY_CLIENT = """
import asyncio
import pytest
import pytest_asyncio


class Client:
    def __init__(self):
        self._queue = asyncio.Queue()
        self._pump = None

    async def call(self, value):
        if self._pump is None:  # started lazily, on first use, as many pools do
            self._pump = asyncio.create_task(self._run())
        await self._queue.put(value)

    async def _run(self):
        while (await self._queue.get()) is not None:
            pass

    async def close(self):
        if self._pump is not None:
            await self._queue.put(None)
            await self._pump


@pytest_asyncio.fixture(loop_scope="{scope}", scope="{scope}")
async def client():
    client = Client()
    yield client
    await client.close()


@pytest.mark.asyncio(loop_scope="{scope}")
async def test_one(client):
    await client.call(1)


@pytest.mark.asyncio(loop_scope="{scope}")
async def test_two(client):
    await client.call(2)
"""


@pytest.mark.parametrize("scope", ["function", "module"])
def test_a_task_a_fixture_starts_and_stops_is_not_the_tests_leak(
    pytester: pytest.Pytester, scope: str
) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(LAZY_CLIENT.format(scope=scope))
    run(pytester, "-W", "error").assert_outcomes(passed=2)


def test_a_coroutine_freed_by_the_garbage_collector_is_not_blamed_on_a_later_test(
    pytester: pytest.Pytester,
) -> None:
    # A coroutine in a reference cycle is freed whenever the cyclic GC next runs, maybe in
    # another test. asyncproof can't tell whose it is, so it leaves it to Python's warning.
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import gc
        import pytest

        async def save():
            pass

        class Holder:
            pass

        def test_makes_a_cycle():
            gc.disable()
            holder = Holder()
            holder.me = holder
            holder.coro = save()

        def test_collects_it():
            gc.enable()
            assert gc.collect() > 0

        def test_forgets_an_await():
            save()
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*coroutine 'save' was never awaited*"])  # Python's warning
    failures = result.stdout.str().split("short test summary info")[1]
    assert "test_forgets_an_await" in failures
    assert "test_collects_it" not in failures


# Leak reports that say where: each shape below is one that real suites showed, in miniature.


def _subprocess_run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # In a subprocess, so this session's own warning filters and loops stay out of the run.
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def test_a_leaked_task_names_where_it_was_created_and_where_it_is_paused(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(INI)
    # Library code that starts a task on its own: the test never sees `ensure_future`.
    pytester.makepyfile(
        heartbeat="""
        import asyncio

        async def beat():
            await asyncio.sleep(3600)

        def start():
            return asyncio.ensure_future(beat())
        """,
        test_fire_and_forget="""
        import asyncio
        import pytest
        import heartbeat

        @pytest.mark.asyncio
        async def test_starts_a_heartbeat():
            heartbeat.start()
            await asyncio.sleep(0)
        """,
    )
    result = _subprocess_run(pytester)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*the test left 1 task(s) pending, cancelled at teardown:*",
            "*running beat() (heartbeat.py:3), created at heartbeat.py:7 in start",
            "*return asyncio.ensure_future(beat())*",
            "*from test_fire_and_forget.py:7 in test_starts_a_heartbeat*",
            "*paused at*",
            '*File "*heartbeat.py", line 4, in beat*',
            '*@pytest.mark.allow_leaks("pending_tasks")*',
        ]
    )


def test_a_never_awaited_coroutine_names_the_line_that_created_it(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        test_forgotten="""
        import pytest

        async def save_record():
            pass

        @pytest.mark.asyncio
        async def test_forgets_await():
            pending = save_record()
            assert pending is not None
        """
    )
    result = _subprocess_run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*coroutine 'save_record' was created and never awaited*",
            "*created at test_forgotten.py:8 in test_forgets_await*",
            "*pending = save_record()*",
            '*@pytest.mark.allow_leaks("never_awaited")*',
        ]
    )


def test_an_async_mock_standing_in_for_a_sync_method_is_named(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        pool="""
        async def hand_back(semaphore):
            semaphore.release()  # sync in the real class
        """,
        test_mocked_release="""
        from unittest.mock import AsyncMock, MagicMock
        import pytest
        import pool

        @pytest.mark.asyncio
        async def test_hands_back():
            semaphore = MagicMock(name="semaphore")
            semaphore.release = AsyncMock()
            await pool.hand_back(semaphore)
        """,
    )
    result = _subprocess_run(pytester)
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "*AsyncMock 'semaphore.release' was called and its coroutine never awaited*",
            "*created at pool.py:2 in hand_back*",
            "*semaphore.release()*",
            "*from test_mocked_release.py:9 in test_hands_back*",
        ]
    )
    assert "_execute_mock_call' was created" not in output


def test_a_misspelt_mock_assertion_is_named(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        test_typo="""
        from unittest.mock import AsyncMock
        import pytest

        @pytest.mark.asyncio
        async def test_saves_the_record():
            store = AsyncMock(name="store")
            await store.save("pt-0001")
            store.save.asserT_any_await("pt-0002")  # checks nothing: a typo
        """
    )
    result = _subprocess_run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*AsyncMock 'store.save.asserT_any_await' was called and its coroutine never awaited*",
            "*created at test_typo.py:8 in test_saves_the_record*",
        ]
    )


def test_a_tests_own_filterwarnings_ignore_allows_never_awaited(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI + "filterwarnings =\n    ignore:coroutine .* was never awaited\n")
    pytester.makepyfile(
        test_declared="""
        import pytest

        async def ping():
            pass

        @pytest.mark.asyncio
        @pytest.mark.filterwarnings("ignore:coroutine 'ping' was never awaited:RuntimeWarning")
        async def test_declares_it():
            ping()

        @pytest.mark.asyncio
        @pytest.mark.filterwarnings("ignore::DeprecationWarning")
        async def test_other_warning_ignored():
            ping()

        @pytest.mark.asyncio
        async def test_only_the_ini_filter():
            ping()
        """,
        test_module_marker="""
        import pytest

        pytestmark = pytest.mark.filterwarnings("ignore:.*never awaited")

        async def ping():
            pass

        @pytest.mark.asyncio
        async def test_module_declares_it():
            ping()
        """,
    )
    result = _subprocess_run(pytester, "-rA")
    # The ini filter stays ignored (a whole suite silencing the warning is not a decision
    # about one test); a marker that ignores another warning doesn't count either.
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(
        [
            "PASSED test_declared.py::test_declares_it",
            "PASSED test_module_marker.py::test_module_declares_it",
            "FAILED test_declared.py::test_other_warning_ignored*",
            "FAILED test_declared.py::test_only_the_ini_filter*",
        ],
        consecutive=False,
    )


def test_an_unclosed_loop_report_says_how_to_allow_it(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio

        def test_drops_a_loop():
            asyncio.new_event_loop()
        """
    )
    result = _subprocess_run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*event loop left open*", '*@pytest.mark.allow_leaks("unclosed_loops")*']
    )

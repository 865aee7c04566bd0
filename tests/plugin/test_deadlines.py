"""Per-test deadlines, through pytester: a hung test fails at its deadline and says where."""

from __future__ import annotations

import pytest

from tests._support.pytester import INI, run

HUNG_TEST = """
import asyncio
import pytest

async def wait_for_lab():
    await asyncio.sleep(10)

{decorator}
async def test_hangs():
    await wait_for_lab()

@pytest.mark.asyncio
async def test_next_one_runs_normally():
    assert await asyncio.sleep(0, "ok") == "ok"
"""


def test_hung_test_fails_at_its_deadline_with_the_stuck_frame(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        HUNG_TEST.format(decorator="@pytest.mark.asyncio\n@pytest.mark.async_timeout(0.05)")
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*test 'test_hangs' exceeded its deadline of 0.05s (@pytest.mark.async_timeout(0.05))*",
            "*Stuck here when the deadline passed*",
            "*in test_hangs",
            "*await wait_for_lab()",
            "*in wait_for_lab",
            "*await asyncio.sleep(10)",
            "*waiting on <Future*",
        ]
    )
    # The report shows the test's frames, not the plugin's wrapper.
    assert "_deadline.py" not in result.stdout.str()
    assert "plugin.py" not in result.stdout.str()


def test_ini_option_sets_the_default(pytester: pytest.Pytester) -> None:
    # 0.2 s, not less: the deadline is the other test's too, and a starved CI process
    # (`nox -s compat` runs at low priority) once took 50 ms over `asyncio.sleep(0)`.
    pytester.makeini(INI + "asyncproof_timeout = 0.2\n")
    pytester.makepyfile(HUNG_TEST.format(decorator="@pytest.mark.asyncio"))
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*exceeded its deadline of 0.2s (asyncproof_timeout = 0.2)*"])


def test_no_deadline_configured_means_none(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        @pytest.mark.asyncio
        async def test_slow_but_fine():
            await asyncio.sleep(0.05)
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_nearest_marker_wins(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI + "asyncproof_timeout = 0.01\n")
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        pytestmark = [pytest.mark.asyncio, pytest.mark.async_timeout(0.02)]

        async def test_module_marker_applies():
            await asyncio.sleep(0.1)

        @pytest.mark.async_timeout(0.5)
        class TestClassMarker:
            async def test_class_marker_beats_module(self):
                await asyncio.sleep(0.05)

            @pytest.mark.async_timeout(0.03)
            async def test_function_marker_beats_class(self):
                await asyncio.sleep(0.1)

        @pytest.mark.async_timeout(0)
        async def test_zero_switches_it_off():
            await asyncio.sleep(0.05)
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "*test_module_marker_applies* exceeded its deadline of 0.02s*",
            "*test_function_marker_beats_class* exceeded its deadline of 0.03s*",
        ]
    )


def test_scale_factor_multiplies_every_deadline(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASYNCPROOF_TIMEOUT_SCALE", "3")
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_fits_only_when_scaled():
            await asyncio.sleep(0.09)

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_too_slow_even_scaled():
            await asyncio.sleep(10)
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*deadline of 0.15s (@pytest.mark.async_timeout(0.05), "
            "scaled x3 by ASYNCPROOF_TIMEOUT_SCALE)*"
        ]
    )


@pytest.mark.parametrize("bad", ["0", "-1", "fast", "inf"])
def test_bad_scale_factor_is_a_usage_error(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setenv("ASYNCPROOF_TIMEOUT_SCALE", bad)
    pytester.makeini(INI)
    pytester.makepyfile("def test_x():\n    pass\n")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "ASYNCPROOF_TIMEOUT_SCALE must be" in result.stderr.str()


def test_bad_ini_timeout_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI + "asyncproof_timeout = soon\n")
    pytester.makepyfile("def test_x():\n    pass\n")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "asyncproof_timeout must be a number of seconds, got 'soon'" in result.stderr.str()


def test_swallowed_cancellation_still_fails(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_swallows_once_and_returns():
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                pass

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_swallows_forever():
            while True:
                try:
                    await asyncio.sleep(3600)
                except asyncio.CancelledError:
                    pass

        @pytest.mark.asyncio
        async def test_after():
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=2)
    output = result.stdout.str()
    assert output.count("caught the CancelledError sent at the deadline") == 2
    assert "so asyncproof closed its coroutine" in output


@pytest.mark.parametrize("scope", ["function", "class", "module", "package", "session"])
def test_every_loop_scope(pytester: pytest.Pytester, scope: str) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        f"""
        import asyncio
        import pytest

        pytestmark = [pytest.mark.asyncio(loop_scope="{scope}"), pytest.mark.async_timeout(0.05)]

        async def test_hangs():
            await asyncio.sleep(10)

        async def test_loop_still_usable():
            assert await asyncio.sleep(0, "ok") == "ok"

        class TestInClass:
            async def test_hangs_in_class(self):
                await asyncio.Event().wait()

            async def test_fine_in_class(self):
                await asyncio.sleep(0)
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=2, failed=2)
    assert result.stdout.str().count("exceeded its deadline of 0.05s") == 2


def test_async_fixture_setup_and_teardown_have_deadlines(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import pytest
        import pytest_asyncio

        pytestmark = [pytest.mark.asyncio, pytest.mark.async_timeout(0.05)]

        @pytest_asyncio.fixture
        async def hangs_in_setup():
            await asyncio.sleep(10)

        @pytest_asyncio.fixture
        async def hangs_in_teardown():
            yield "value"
            await asyncio.sleep(10)

        @pytest_asyncio.fixture
        async def fine():
            yield "fine"

        async def test_setup(hangs_in_setup):
            pass

        async def test_teardown(hangs_in_teardown):
            assert hangs_in_teardown == "value"

        async def test_fine(fine):
            assert fine == "fine"
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=2, errors=2)
    result.stdout.fnmatch_lines_random(
        [
            "*setup of fixture 'hangs_in_setup' exceeded its deadline of 0.05s*",
            "*teardown of fixture 'hangs_in_teardown' exceeded its deadline of 0.05s*",
        ]
    )


def test_marker_with_bad_arguments_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.asyncio
        @pytest.mark.async_timeout("soon")
        async def test_x():
            pass
        """
    )
    result = run(pytester)
    assert result.ret != 0
    assert "async_timeout marker must be a number of seconds, got 'soon'" in (
        result.stdout.str() + result.stderr.str()
    )


VIRTUAL_TIME_CONFTEST = """
import asyncio
import pytest
import pytest_asyncio.plugin

class VirtualTimeLoop(asyncio.SelectorEventLoop):
    # As aiostream's or looptime's test loops: with nothing ready, time jumps to the next timer.
    def __init__(self):
        super().__init__()
        self._virtual_now = 0.0

    def time(self):
        return self._virtual_now

    def _run_once(self):
        if not self._ready and self._scheduled:
            self._virtual_now = max(self._virtual_now, self._scheduled[0]._when)
        super()._run_once()

if hasattr(pytest_asyncio.plugin, "PytestAsyncioSpecs"):  # the loop-factory hook exists
    def pytest_asyncio_loop_factories(config, item):
        return {"virtual": VirtualTimeLoop}
else:
    class VirtualTimePolicy(asyncio.DefaultEventLoopPolicy):
        def new_event_loop(self):
            return VirtualTimeLoop()

    @pytest.fixture(scope="session")
    def event_loop_policy():
        return VirtualTimePolicy()
"""


def test_deadlines_are_real_time_on_a_virtual_time_loop(pytester: pytest.Pytester) -> None:
    # Found on aiostream's suite: an hour of loop time passes in no real time at all.
    pytester.makeini(INI + "asyncproof_timeout = 0.5\n")
    pytester.makeconftest(VIRTUAL_TIME_CONFTEST)
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        @pytest.mark.asyncio
        async def test_an_hour_of_loop_time():
            await asyncio.sleep(3600)
            assert asyncio.get_running_loop().time() >= 3600

        @pytest.mark.asyncio
        async def test_hangs_with_no_timer_to_jump_to():
            await asyncio.Event().wait()
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*test 'test_hangs_with_no_timer_to_jump_to' exceeded its deadline of 0.5s*"]
    )


def test_deadlines_ignore_a_faked_monotonic_clock(pytester: pytest.Pytester) -> None:
    # freezegun and time-machine move or freeze time.monotonic, the loop's clock.
    pytester.makeini(INI + "asyncproof_timeout = 0.2\n")
    pytester.makepyfile(
        """
        import asyncio
        import time
        import pytest

        REAL = time.monotonic

        @pytest.mark.asyncio
        async def test_clock_moved_an_hour_ahead(monkeypatch):
            monkeypatch.setattr(time, "monotonic", lambda: REAL() + 3601)
            await asyncio.sleep(0)
            assert time.monotonic() - REAL() > 3600

        @pytest.mark.asyncio
        async def test_clock_frozen_and_test_hung(monkeypatch):
            frozen = REAL()
            monkeypatch.setattr(time, "monotonic", lambda: frozen)
            await asyncio.Event().wait()
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*test 'test_clock_frozen_and_test_hung' exceeded its deadline of 0.2s*"]
    )


@pytest.mark.parametrize("ini", ["asyncproof_timeout = 5\n", ""], ids=["ini", "marker-only"])
def test_a_suite_that_checks_for_leftover_threads_is_not_upset(
    pytester: pytest.Pytester, ini: str
) -> None:
    # Found on aiohappyeyeballs' suite: its autouse fixture fails a test that leaves a thread
    # running, and the deadline watchdog's thread started inside the first test with one.
    pytester.makeini(INI + ini)
    pytester.makeconftest(
        """
        import threading
        import pytest

        @pytest.fixture(autouse=True)
        def verify_threads_ended():
            before = frozenset(threading.enumerate())
            yield
            assert not frozenset(threading.enumerate()) - before
        """
    )
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        @pytest.mark.asyncio
        async def test_first_without_a_marker():
            await asyncio.sleep(0)

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(1)
        async def test_second():
            await asyncio.sleep(0)
        """
    )
    result = pytester.runpytest_subprocess("-W", "error", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_no_watchdog_thread_without_a_deadline(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import threading
        import pytest

        @pytest.mark.asyncio
        async def test_no_deadline_anywhere():
            await asyncio.sleep(0)
            assert "asyncproof-watchdog" not in {t.name for t in threading.enumerate()}
        """
    )
    result = pytester.runpytest_subprocess("-W", "error", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_a_hang_report_lists_the_other_pending_tasks_and_their_awaits(
    pytester: pytest.Pytester,
) -> None:
    # Two tasks that each hold the lock the other wants: the test awaits both and hangs.
    pytester.makeini(INI)
    pytester.makepyfile(
        test_deadlock="""
        import asyncio
        import pytest

        async def transfer(first, second):
            async with first:
                await asyncio.sleep(0.01)
                async with second:
                    pass

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.2)
        async def test_two_transfers():
            ledger, audit = asyncio.Lock(), asyncio.Lock()
            await asyncio.gather(transfer(ledger, audit), transfer(audit, ledger))
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*exceeded its deadline of 0.2s*",
            "*in test_two_transfers",
            "*await asyncio.gather(*",
            "Other tasks pending on the test's loop (2):",
            "*running transfer() (test_deadlock.py:4), created at test_deadlock.py:14 in*",
            "*async with second:",
            "*waiting on <Future pending*",
            "*running transfer() (test_deadlock.py:4), created at test_deadlock.py:14 in*",
            "*async with second:",
        ]
    )
    # Created by asyncio.gather: the report names the test's line, not asyncio's.
    assert "tasks.py" not in result.stdout.str()


def test_a_deadline_like_the_last_one_is_set_without_waking_the_watchdog(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The common case costs no thread switch: a test's deadline, as long as the previous
    # test's, is due after the watchdog's planned wake-up, so its thread is left asleep.
    import asyncio
    import time

    from asyncproof._watchdog import WATCHDOG

    loop = asyncio.new_event_loop()
    try:
        WATCHDOG.call_later(60, loop, lambda: None).cancel()  # the session's first deadline
        wakeups: list[int] = []
        notify = WATCHDOG._wakeup.notify
        monkeypatch.setattr(WATCHDOG._wakeup, "notify", lambda n=1: (wakeups.append(n), notify(n)))
        for _ in range(5):  # quick tests, each with the same deadline, the thread idle between
            time.sleep(0.005)
            WATCHDOG.call_later(60, loop, lambda: None).cancel()
        assert wakeups == []
        # A shorter deadline, due before the planned wake-up, still fires on time.
        fired = loop.create_future()
        WATCHDOG.call_later(0.01, loop, lambda: fired.set_result(True))
        assert loop.run_until_complete(asyncio.wait_for(fired, 5)) is True
    finally:
        loop.close()

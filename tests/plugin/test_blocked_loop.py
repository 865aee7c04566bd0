"""Deadlines for tests that hold the event loop in synchronous code, through pytester.

The loop can't run the deadline's callback while sync code holds it, so asyncproof arms a
SIGALRM backstop (POSIX, main thread) and also checks, when a step ends, whether it ran past
its deadline. Every blocking call below is bounded, so a regression costs seconds, not a hang.
"""

from __future__ import annotations

import signal

import pytest

from tests._support.pytester import INI, default_ctrl_c, run

BLOCKED = "*Synchronous code held the event loop, so the deadline could not cancel it*"

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="the SIGALRM backstop needs setitimer (POSIX)"
)


def test_sync_code_in_the_test_is_interrupted_where_it_blocks(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import time
        import pytest

        def spin(seconds):
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                pass

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_sleeps():
            time.sleep(5)

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_spins():
            spin(5)

        @pytest.mark.asyncio
        async def test_next_one_runs_normally():
            assert await asyncio.sleep(0, "ok") == "ok"
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*test 'test_sleeps' exceeded its deadline of 0.05s*",
            BLOCKED,
            "*Blocked here when it was interrupted (most recent call last):",
            '*File "*test_sync_code_in_the_test_is_interrupted_where_it_blocks.py", line 13,'
            " in test_sleeps",
            "*time.sleep(5)",
            "*test 'test_spins' exceeded its deadline of 0.05s*",
            BLOCKED,
            "*line 18, in test_spins",
            "*spin(5)",
            "*line 7, in spin",
            "*while time.monotonic() < end:",
        ]
    )
    assert "_deadline.py" not in result.stdout.str()  # asyncproof's frames are left out
    assert result.duration < 4


def test_a_background_task_or_callback_holding_the_loop_is_interrupted(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import time
        import pytest

        async def blocker():
            await asyncio.sleep(0)
            time.sleep(5)

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_task_blocks():
            task = asyncio.create_task(blocker())
            await asyncio.sleep(5)

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_callback_blocks():
            asyncio.get_running_loop().call_soon(time.sleep, 5)
            await asyncio.sleep(5)
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*test 'test_task_blocks' exceeded its deadline*",
            BLOCKED,
            "*line 7, in blocker",
            "*time.sleep(5)",
            "Stuck here when the deadline passed (most recent await last):",
            "*line 13, in test_task_blocks",
            "*test 'test_callback_blocks' exceeded its deadline*",
            BLOCKED,
            "  in the loop callback time.sleep(...)",
        ]
    )
    assert result.duration < 4


def test_an_async_fixture_holding_the_loop_is_interrupted(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import time
        import pytest
        import pytest_asyncio

        @pytest_asyncio.fixture
        async def records():
            time.sleep(5)
            yield []

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_uses_it(records):
            assert records == []
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*setup of fixture 'records' exceeded its deadline of 0.05s*", BLOCKED, "*time.sleep(5)"]
    )
    assert result.duration < 4


def test_a_short_overrun_fails_when_the_step_ends(pytester: pytest.Pytester) -> None:
    # 0.08s of blocking ends before the alarm (deadline + grace = 0.1s) can fire.
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import time
        import pytest

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_blocks_briefly():
            time.sleep(0.08)

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_within_its_deadline():
            time.sleep(0.01)
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*test 'test_blocks_briefly' exceeded its deadline of 0.05s*",
            "It ran for 0.*s: synchronous code held the event loop past the deadline*",
        ]
    )


def test_someone_elses_alarm_is_left_alone(pytester: pytest.Pytester) -> None:
    # pytest-timeout's signal method and tests with their own alarms own SIGALRM: asyncproof
    # doesn't arm its backstop then, and the end-of-step check still catches the overrun.
    pytester.makeini(INI)
    pytester.makeconftest(
        """
        import signal

        def theirs(signum, frame):
            raise AssertionError("their alarm fired")

        def pytest_configure(config):
            signal.signal(signal.SIGALRM, theirs)

        def pytest_unconfigure(config):
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
        """
    )
    pytester.makepyfile(
        """
        import signal
        import time
        import pytest
        from conftest import theirs

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_blocks():
            time.sleep(0.3)

        def test_their_handler_is_still_there():
            assert signal.getsignal(signal.SIGALRM) is theirs
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*It ran for 0.*s: synchronous code held the event loop*"])
    result.stdout.no_fnmatch_line("*their alarm fired*")


def test_the_alarm_is_disarmed_after_every_step(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI + "asyncproof_timeout = 0.05\n")
    pytester.makepyfile(
        """
        import asyncio
        import signal
        import pytest

        @pytest.mark.asyncio
        async def test_fast():
            await asyncio.sleep(0)

        @pytest.mark.asyncio
        async def test_hung():
            await asyncio.sleep(5)

        def test_nothing_armed_or_installed():
            assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.no_fnmatch_line("*Synchronous code held the event loop*")


def test_an_alarm_a_fixture_installs_stays_its_own(pytester: pytest.Pytester) -> None:
    # Found in review: restoring SIGALRM's default handler over a fixture's own handler let
    # the fixture's later alarm kill the whole pytest process.
    pytester.makeini(INI + "asyncproof_timeout = 1\n")
    pytester.makepyfile(
        """
        import signal
        import pytest
        import pytest_asyncio

        fired = []

        def theirs(signum, frame):
            fired.append(signum)

        @pytest_asyncio.fixture
        async def own_alarm():
            signal.signal(signal.SIGALRM, theirs)
            yield
            signal.signal(signal.SIGALRM, signal.SIG_DFL)

        @pytest.mark.asyncio
        async def test_uses_it(own_alarm):
            assert signal.getsignal(signal.SIGALRM) is theirs
            signal.setitimer(signal.ITIMER_REAL, 0.01)
            while not fired:
                signal.pause()
            assert fired == [signal.SIGALRM]
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1)


def test_huge_deadlines_neither_crash_nor_disarm_the_backstop(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import time
        import pytest

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(1e12)
        async def test_huge():
            await asyncio.sleep(0)

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_blocks_after_it():
            time.sleep(5)
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([BLOCKED])
    assert result.duration < 4


def test_a_debugger_holding_the_loop_is_left_alone(pytester: pytest.Pytester) -> None:
    # pdb traces the thread with a function from bdb; a breakpoint must not be "interrupted".
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import sys
        import time
        import pytest

        def tracer(frame, event, arg):
            return None

        tracer.__module__ = "bdb"

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_at_a_breakpoint():
            sys.settrace(tracer)
            try:
                time.sleep(0.3)
            finally:
                sys.settrace(None)
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1)


def test_finishing_just_after_the_deadline_is_not_called_blocking(
    pytester: pytest.Pytester,
) -> None:
    # Found in review: a to_thread call ending a hair before the deadline was blamed on a
    # blocked loop when the deadline's callback lost the race by a fraction of a millisecond.
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import time
        import pytest

        @pytest.mark.parametrize("n", range(20))
        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_thread_ends_near_the_deadline(n):
            try:
                await asyncio.to_thread(time.sleep, 0.0495)
            except BaseException:
                pytest.skip("the deadline won the race fairly")
        """
    )
    result = run(pytester)
    result.stdout.no_fnmatch_line("*synchronous code held the event loop*")
    assert result.ret in (0, 1)


def test_ctrl_c_during_a_blocked_test_stops_the_run(pytester: pytest.Pytester) -> None:
    # Found in review: the backstop turned asyncio's Ctrl-C cancellation into a test failure
    # and the run went on. It must end as an interrupted run, as without asyncproof.
    import os
    import subprocess
    import sys
    import time

    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import pathlib
        import time
        import pytest

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(1)
        async def test_blocks():
            pathlib.Path("started").touch()
            time.sleep(5)

        def test_after():
            pass
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"],
        cwd=pytester.path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=default_ctrl_c,
    )
    try:
        deadline = time.monotonic() + 20
        while not (pytester.path / "started").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 2, output  # pytest's exit code for an interrupted run
    assert "KeyboardInterrupt" in output
    assert "1 passed" not in output

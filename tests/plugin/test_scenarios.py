"""Scenarios from "Safe to leave on" (issue 13), each in miniature.

Every project is run with and without asyncproof (`-p no:asyncproof`): an innocent test has the
same outcome both ways, a guilty one gets asyncproof's verdict, on the right test. Threads wait
on events with short timeouts, so a regression costs a second, not a hang.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests._support.plugins import switched_on
from tests._support.pytester import INI, default_ctrl_c, run_keeping_warnings


def verdicts(pytester: pytest.Pytester, *args: str) -> dict[str, str]:
    """Each test's outcome by name: "passed", "skipped", "failed" (call) or "error"."""
    return timed_verdicts(pytester, *args)[0]


def timed_verdicts(pytester: pytest.Pytester, *args: str) -> tuple[dict[str, str], float]:
    """`verdicts`, and the time the tests took (setup, call and teardown; no start-up)."""
    result = run_keeping_warnings(pytester, *args)
    return verdicts_of(result)


def verdicts_of(result: pytest.RunResult) -> tuple[dict[str, str], float]:
    """The verdicts and test time of a run already made (see `timed_verdicts`)."""
    outcomes: dict[str, str] = {}
    took = 0.0
    for report in result.reprec.getreports("pytest_runtest_logreport"):  # type: ignore[attr-defined]
        took += report.duration
        name = report.nodeid.rpartition("::")[2]
        if report.failed:
            outcomes[name] = "failed" if report.when == "call" else "error"
        elif report.when == "call" or (report.skipped and name not in outcomes):
            outcomes.setdefault(name, report.outcome)
    return outcomes, took


def both_ways(
    pytester: pytest.Pytester, source: str, *args: str, ini: str = INI
) -> tuple[dict, dict]:
    """The verdicts with asyncproof, and without it."""
    pytester.makeini(ini)
    pytester.makepyfile(source)
    return verdicts(pytester, *args), verdicts(pytester, "-p", "no:asyncproof", *args)


def assert_judged(
    with_it: dict[str, str], without: dict[str, str], innocent: list[str], guilty: list[str]
) -> None:
    """Without asyncproof everything passes; with it, only the guilty tests fail."""
    assert without == dict.fromkeys([*innocent, *guilty], "passed")
    assert with_it == {**dict.fromkeys(innocent, "passed"), **dict.fromkeys(guilty, "failed")}


# 1. Another thread's loop, caught half-built by the unclosed-loop check.
THREAD_BUILDING_A_LOOP = """
import asyncio
import threading

started, release = threading.Event(), threading.Event()
ERRORS = []

class SlowLoop(asyncio.SelectorEventLoop):
    def _make_self_pipe(self):
        started.set()
        release.wait(2)  # the test ends while this thread is still building its loop
        super()._make_self_pipe()

async def work():
    return 1

def build_and_run():
    try:
        loop = SlowLoop()
        try:
            loop.run_until_complete(work())
        finally:
            loop.close()
    except BaseException as exc:
        ERRORS.append(repr(exc))

THREAD = threading.Thread(target=build_and_run, daemon=True)

def test_starts_a_thread_that_builds_a_loop():
    THREAD.start()
    assert started.wait(2)

def test_that_thread_was_left_alone():
    release.set()
    THREAD.join(2)
    assert not THREAD.is_alive()
    assert ERRORS == []
"""


def test_a_loop_being_built_by_another_thread_is_left_alone(pytester: pytest.Pytester) -> None:
    with_it, without = both_ways(pytester, THREAD_BUILDING_A_LOOP)
    assert without == {
        "test_starts_a_thread_that_builds_a_loop": "passed",
        "test_that_thread_was_left_alone": "passed",
    }
    assert with_it == without


# 2. A module-scoped fixture's thread with its own loop, idle while the tests run.
THREAD_OWNING_A_LOOP = """
import asyncio
import threading
import pytest

ERRORS = []

GO, CREATED = threading.Event(), threading.Event()

@pytest.fixture(scope="module")
def service():
    stop = threading.Event()

    def serve():
        GO.wait(2)
        loop = asyncio.new_event_loop()  # while a test runs
        CREATED.set()
        stop.wait(2)  # open and idle while the tests run
        try:
            loop.run_until_complete(asyncio.sleep(0))
            loop.close()
        except BaseException as exc:
            ERRORS.append(repr(exc))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(2)

def test_sync_one(service):
    GO.set()
    assert CREATED.wait(2)

@pytest.mark.asyncio
async def test_async_one(service):
    await asyncio.sleep(0)
"""


def test_another_threads_open_loop_is_neither_blamed_nor_closed(pytester: pytest.Pytester) -> None:
    # Run after the first module, and so after its fixture's teardown.
    pytester.makepyfile(
        test_zz_check="""
        import test_another_threads_open_loop_is_neither_blamed_nor_closed as first

        def test_the_service_finished_cleanly():
            assert first.ERRORS == []
        """
    )
    with_it, without = both_ways(pytester, THREAD_OWNING_A_LOOP)
    assert without == {
        "test_sync_one": "passed",
        "test_async_one": "passed",
        "test_the_service_finished_cleanly": "passed",
    }
    assert with_it == without


BACKGROUND_THREAD_DROPS_A_COROUTINE = """
import asyncio
import threading
import pytest

async def work():
    return 1

def drop_one():
    coro = work()
    del coro

def test_innocent_while_a_thread_drops_a_coroutine():
    thread = threading.Thread(target=drop_one)
    thread.start()
    thread.join(2)

def test_guilty_drops_one_itself():
    drop_one()
"""


def test_a_coroutine_dropped_by_another_thread_is_not_blamed(pytester: pytest.Pytester) -> None:
    # The warning is shown, not raised (the session running this suite makes it an error).
    with_it, without = both_ways(
        pytester, BACKGROUND_THREAD_DROPS_A_COROUTINE, "-W", "always::RuntimeWarning"
    )
    assert_judged(
        with_it,
        without,
        innocent=["test_innocent_while_a_thread_drops_a_coroutine"],
        guilty=["test_guilty_drops_one_itself"],
    )


LOOP_LEFT_OPEN_BY_THE_TEST_AND_BY_A_THREAD = """
import asyncio
import threading

KEPT = []

def test_guilty_leaves_a_loop_open():
    KEPT.append(asyncio.new_event_loop())

def test_innocent_thread_leaves_its_loop_open():
    thread = threading.Thread(target=lambda: KEPT.append(asyncio.new_event_loop()))
    thread.start()
    thread.join(2)

def test_zz_only_the_tests_own_loop_was_closed():
    assert [loop.is_closed() for loop in KEPT] == [True, False]
    KEPT[1].close()
"""


def test_only_the_tests_own_thread_is_judged_for_open_loops(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(LOOP_LEFT_OPEN_BY_THE_TEST_AND_BY_A_THREAD)
    assert verdicts(pytester) == {
        "test_guilty_leaves_a_loop_open": "failed",
        "test_innocent_thread_leaves_its_loop_open": "passed",
        "test_zz_only_the_tests_own_loop_was_closed": "passed",
    }


# 4. Ctrl-C ends the session, whatever the test does with the cancellation it brings.
CTRL_C = """
import asyncio
import contextlib
import pathlib
import time
import pytest

pytestmark = pytest.mark.asyncio

def started():  # in the test itself: Ctrl-C comes while the test runs
    pathlib.Path("started").touch()

async def test_hangs():
    started()
    await asyncio.sleep(5)

async def test_swallows_the_cancellation_and_returns():
    started()
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        pass

async def test_swallows_every_cancellation():
    started()
    end = time.monotonic() + 5
    while time.monotonic() < end:
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(0.05)

async def test_blocks_the_loop():
    started()
    time.sleep(5)
"""

CTRL_C_SYNC = """
import pathlib
import time

def test_sync_blocks():
    pathlib.Path("started").touch()
    time.sleep(5)

def test_next():
    pass
"""


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("timeout", ["30", "1"])
@pytest.mark.parametrize(
    "test",
    [
        "test_async.py::test_hangs",
        "test_async.py::test_swallows_the_cancellation_and_returns",
        "test_async.py::test_swallows_every_cancellation",
        "test_async.py::test_blocks_the_loop",
        "test_sync.py::test_sync_blocks",
    ],
)
def test_one_ctrl_c_ends_the_session_promptly(
    pytester: pytest.Pytester, test: str, timeout: str
) -> None:
    pytester.makeini(f"{INI}asyncproof_timeout = {timeout}\n")
    pytester.makepyfile(test_async=CTRL_C, test_sync=CTRL_C_SYNC)
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v"]
    # The test and then test_next: an interrupted session never gets to the second.
    command += [test, "test_sync.py::test_next"]
    proc = subprocess.Popen(
        command,
        cwd=pytester.path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=default_ctrl_c,
    )
    try:
        give_up = time.monotonic() + 10
        while not (pytester.path / "started").exists() and time.monotonic() < give_up:
            time.sleep(0.01)
        time.sleep(0.1)  # into the await (or the blocking call)
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        out, _ = proc.communicate(timeout=8)
        took = time.monotonic() - sent
    finally:
        proc.kill()
        proc.wait(5)
    text = out.decode(errors="replace")
    assert proc.returncode == 2, text
    assert "KeyboardInterrupt" in text, text
    assert "test_next PASSED" not in text, text
    # Promptly: well before a 30 s deadline, with room for a busy machine (pytest-xdist
    # runs this beside other tests) to tear down and print the summary.
    assert took < 5, (took, text)


# 5. The real-time timer: armed only once a deadline has passed.
TIMER = """
import asyncio
import signal
import time
import pytest

@pytest.mark.asyncio
async def test_innocent_sees_no_timer():
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.alarm(0) == 0
    await asyncio.sleep(0)

@pytest.mark.asyncio
@pytest.mark.async_timeout(0.05)
async def test_guilty_blocks_after_clearing_alarms():
    signal.alarm(0)
    time.sleep(2)
"""


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the backstop needs setitimer")
def test_the_backstop_timer_starts_only_after_the_deadline(pytester: pytest.Pytester) -> None:
    pytester.makeini(f"{INI}asyncproof_timeout = 5\n")
    pytester.makepyfile(TIMER)
    assert verdicts(pytester, "-k", "innocent", "-p", "no:asyncproof") == {
        "test_innocent_sees_no_timer": "passed"
    }
    outcomes, took = timed_verdicts(pytester)
    assert outcomes == {
        "test_innocent_sees_no_timer": "passed",
        "test_guilty_blocks_after_clearing_alarms": "failed",
    }
    assert took < 1.5  # interrupted, not left to sleep its 2 s


# 6. Nothing of a finished test is kept: its task, its loop, its deadline.
MANY_TESTS = """
import asyncio
import gc
import pytest

@pytest.mark.parametrize("n", range(30))
@pytest.mark.asyncio
async def test_trivial(n):
    await asyncio.sleep(0)

def test_zz_little_is_left_alive():
    gc.collect()
    loops = [o for o in gc.get_objects() if isinstance(o, asyncio.AbstractEventLoop)]
    tasks = [o for o in gc.get_objects() if isinstance(o, asyncio.Task)]
    assert len(loops) <= 3 and len(tasks) <= 3, (len(loops), len(tasks))
"""


def test_a_finished_test_keeps_nothing_alive(pytester: pytest.Pytester) -> None:
    # In a subprocess: an in-process run's hook recorder keeps every test's objects.
    pytester.makeini(f"{INI}asyncproof_timeout = 5\n")
    pytester.makepyfile(MANY_TESTS)
    for plugin in ("no:asyncproof", "asyncproof"):
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", plugin)
        result.assert_outcomes(passed=31)


# 3. anyio's tests: deadlines on the asyncio backend, a word at collection on trio.
ANYIO = """
import time
import anyio
import pytest

pytestmark = pytest.mark.anyio

@pytest.fixture
def anyio_backend():
    return "asyncio"

async def test_innocent():
    await anyio.sleep(0)

@pytest.mark.async_timeout(0.1)
async def test_guilty_hangs():
    await anyio.sleep(2)

@pytest.mark.async_timeout(0.05)
async def test_guilty_blocks_the_loop():
    time.sleep(2)

async def test_guilty_hangs_past_the_ini_deadline():
    await anyio.sleep(2)
"""
# anyio's pytest plugin: switched on here, as pytester projects run without it (tests/conftest.py).
ANYIO_PLUGIN = switched_on("anyio")


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_anyio_tests_on_asyncio_get_deadlines(pytester: pytest.Pytester, mode: str) -> None:
    pytest.importorskip("anyio")
    with_it = both_ways(
        pytester,
        ANYIO,
        *ANYIO_PLUGIN,
        "-k",
        "innocent",
        ini=f"{INI}asyncio_mode = {mode}\nasyncproof_timeout = 0.3\n",
    )
    assert with_it[0] == with_it[1] == {"test_innocent": "passed"}
    outcomes, took = timed_verdicts(pytester, *ANYIO_PLUGIN)
    assert outcomes == {
        "test_innocent": "passed",
        "test_guilty_hangs": "failed",
        "test_guilty_blocks_the_loop": "failed",
        "test_guilty_hangs_past_the_ini_deadline": "failed",
    }
    assert took < 4  # each stopped at its deadline, not after its 2 s


def test_a_deadline_marker_on_an_anyio_trio_test_is_reported_at_collection(
    pytester: pytest.Pytester,
) -> None:
    pytest.importorskip("trio")
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import anyio
        import pytest

        @pytest.fixture(params=["asyncio", "trio"])
        def anyio_backend(request):
            return request.param

        @pytest.mark.anyio
        @pytest.mark.async_timeout(5)
        async def test_marked():
            await anyio.sleep(0)
        """
    )
    result = run_keeping_warnings(pytester, *ANYIO_PLUGIN)
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "collected 2 items",
            "asyncproof: @pytest.mark.async_timeout can't apply on anyio's trio backend, *"
            "1 test(s) run without a deadline: *test_marked?trio?",
        ]
    )


# 7. Reports point at the right place, and asyncproof stays out of reports it did not write.
def test_a_hung_fixture_teardown_is_reported_at_its_own_await(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import pytest
        import pytest_asyncio

        @pytest_asyncio.fixture
        async def hangs_at_teardown():
            yield 1
            await asyncio.sleep(2)  # the await that never finishes

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.1)
        async def test_guilty_fixture(hangs_at_teardown):
            pass
        """
    )
    report = [
        "*teardown of fixture 'hangs_at_teardown' exceeded its deadline of 0.1s*",
        "Stuck here when the deadline passed (most recent await last):",
        '  File "*", line 8, in hangs_at_teardown',
        "    await asyncio.sleep(2)  # the await that never finishes",
    ]
    result = run_keeping_warnings(pytester)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(report)


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="needs pthread_sigmask")
def test_an_alarm_held_back_by_the_test_is_not_reported_as_interrupting(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        """
        import asyncio
        import signal
        import time
        import pytest

        @pytest.mark.asyncio
        @pytest.mark.async_timeout(0.05)
        async def test_guilty_blocks_with_sigalrm_blocked():
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            try:
                time.sleep(0.4)
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
        """
    )
    result = run_keeping_warnings(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*It ran for 0.4?s: synchronous code held the event loop*"])
    result.stdout.no_fnmatch_line("*interrupted it with SIGALRM*")


HYPOTHESIS = """
import asyncio
import pytest
from hypothesis import given, settings, strategies as st

@pytest.mark.asyncio
@settings(database=None, deadline=None)
@given(st.integers())
async def test_guilty_property(n):
    await asyncio.sleep(0)
    assert n < 10
"""


def test_asyncproof_frames_are_hidden_from_hypothesis_reports(pytester: pytest.Pytester) -> None:
    pytest.importorskip("hypothesis")
    hypothesis_plugin = switched_on("hypothesis")
    pytester.makeini(f"{INI}asyncproof_timeout = 5\n")
    pytester.makepyfile(HYPOTHESIS)
    # One run with asyncproof gives both its verdict and the report read below.
    result = run_keeping_warnings(pytester, *hypothesis_plugin)
    with_it = verdicts_of(result)[0]
    without = verdicts(pytester, "-p", "no:asyncproof", *hypothesis_plugin)
    assert with_it == without == {"test_guilty_property": "failed"}
    result.stdout.fnmatch_lines(["*assert n < 10*"])
    # No frame of asyncproof's in the traceback (hypothesis' "Explanation" of the lines only
    # failing examples ran may still name one: its tracer sees every file but its own).
    for own in ("_guard.py", "_deadline.py", "asyncproof/plugin.py"):
        result.stdout.no_fnmatch_line(f"*{own}:*: in *")


# 8. An unclosed uvloop loop is found like a standard one.
UVLOOP = """
import uvloop

def test_innocent_closes_its_uvloop():
    loop = uvloop.new_event_loop()
    loop.close()

def test_guilty_leaves_a_uvloop_open():
    loop = uvloop.new_event_loop()
    loop.run_until_complete(noop())

async def noop():
    pass
"""


def test_an_unclosed_uvloop_loop_is_found(pytester: pytest.Pytester) -> None:
    pytest.importorskip("uvloop")
    with_it, without = both_ways(pytester, UVLOOP)
    assert_judged(
        with_it,
        without,
        innocent=["test_innocent_closes_its_uvloop"],
        guilty=["test_guilty_leaves_a_uvloop_open"],
    )

"""asyncproof next to the companion plugins of "Safe to leave on" (issue 13), each in miniature.

One project of three tests (innocent, leaks a task, hangs past its deadline) is run under
pytest-rerunfailures, pytest-randomly, pytest-repeat, pytest-xdist, pytest-cov and
pytest-timeout: the innocent test passes as it does without asyncproof, each guilty one gets
its verdict, on its own test, attempt or repeat. `SCENARIOS` names what each test shows; the
compatibility page's table (`tests/_support/companions.py`) is written from running them.
"""

from __future__ import annotations

import pytest

from tests._support.plugins import switched_on
from tests._support.pytester import INI, run_keeping_warnings

# The three verdicts every scenario looks for. A leaked task fails the test's teardown ("error");
# the hang is cut at its 0.1 s deadline (without asyncproof it would sleep its 1 s and pass).
PROJECT = """
import asyncio
import pytest

pytestmark = pytest.mark.asyncio

async def test_innocent():
    await asyncio.sleep(0)

async def test_guilty_leaks_a_task():
    asyncio.get_running_loop().create_task(asyncio.sleep(1))

@pytest.mark.async_timeout(0.1)
async def test_guilty_hangs():
    await asyncio.sleep(1)
"""

JUDGED = {
    "test_innocent": "passed",
    "test_guilty_leaks_a_task": "error",
    "test_guilty_hangs": "failed",
}

# Each scenario the compatibility page lists: its test, the companion plugin's distribution and
# what the test shows. The last ones are in test_scenarios.py.
SCENARIOS: dict[str, tuple[str, str]] = {
    "test_companions.py::test_rerunfailures_judges_each_attempt": (
        "pytest-rerunfailures",
        "`--reruns 1`: each attempt gets its own verdict; a leak or hang of the first attempt "
        "is not blamed on the rerun",
    ),
    "test_companions.py::test_randomly_keeps_each_leak_on_its_test": (
        "pytest-randomly",
        "random order, three seeds: each leak and hang reported on its own test",
    ),
    "test_companions.py::test_repeat_judges_each_repeat": (
        "pytest-repeat",
        "`--count 3`: each repeat judged on its own",
    ),
    "test_companions.py::test_xdist_workers_report_the_deadline_and_the_leak": (
        "pytest-xdist",
        "`-n 2`: the hung test fails at its deadline with its report intact; the leaked task "
        "is reported on its test",
    ),
    "test_companions.py::test_cov_changes_no_verdict": (
        "pytest-cov",
        "`--cov`: the same verdicts as without it",
    ),
    "test_companions.py::test_timeout_leaves_the_deadlines_their_verdicts": (
        "pytest-timeout",
        "`--timeout=5`, signal and thread methods: the same verdicts, the deadline fails the hang "
        "first (with the signal method, asyncproof leaves SIGALRM to pytest-timeout)",
    ),
    "test_scenarios.py::test_anyio_tests_on_asyncio_get_deadlines": (
        "anyio",
        "`@pytest.mark.anyio` on asyncio, strict and auto mode: deadlines and the blocked-loop "
        "backstop apply",
    ),
    "test_scenarios.py::test_a_deadline_marker_on_an_anyio_trio_test_is_reported_at_collection": (
        "trio",
        "anyio's trio backend: a deadline marker that can't apply is reported at collection",
    ),
    "test_scenarios.py::test_asyncproof_frames_are_hidden_from_hypothesis_reports": (
        "hypothesis",
        "`@given` async test: the same verdict, no asyncproof frame in the report",
    ),
    "test_scenarios.py::test_an_unclosed_uvloop_loop_is_found": (
        "uvloop",
        "an unclosed uvloop loop is found like a standard one",
    ),
}


def test_every_scenario_here_is_listed() -> None:
    here = {f"test_companions.py::{name}" for name in globals() if name.startswith("test_")}
    listed = {key for key in SCENARIOS if key.startswith("test_companions.py::")}
    assert here - {"test_companions.py::test_every_scenario_here_is_listed"} == listed


def attempts(pytester: pytest.Pytester, *args: str) -> dict[str, list[str]]:
    """Each test's verdict per attempt (a rerun is one more): "passed", "failed" or "error"."""
    result = run_keeping_warnings(pytester, *args)
    outcomes: dict[str, list[str]] = {}
    for report in result.reprec.getreports("pytest_runtest_logreport"):  # type: ignore[attr-defined]
        name = report.nodeid.rpartition("::")[2]
        runs = outcomes.setdefault(name, [])
        if report.when == "setup":
            runs.append("passed")
        if report.failed or report.outcome == "rerun":
            runs[-1] = "failed" if report.when == "call" else "error"
    return outcomes


def project(pytester: pytest.Pytester, source: str = PROJECT) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(source)


FLAKY = """
import asyncio
import pytest

pytestmark = pytest.mark.asyncio
TRIES = {}

def first_try(name):
    TRIES[name] = TRIES.get(name, 0) + 1
    return TRIES[name] == 1

async def test_innocent_flaky():
    assert not first_try("flaky")

async def test_leaks_on_its_first_try():
    if first_try("leaks"):
        asyncio.get_running_loop().create_task(asyncio.sleep(1))

@pytest.mark.async_timeout(0.1)
async def test_hangs_on_its_first_try():
    await asyncio.sleep(1 if first_try("hangs") else 0)
"""


# Each scenario switches its companion plugin on: pytester projects run with asyncproof and
# pytest-asyncio only (tests/conftest.py).
RERUNFAILURES = switched_on("pytest-rerunfailures")


def test_rerunfailures_judges_each_attempt(pytester: pytest.Pytester) -> None:
    project(pytester, FLAKY)
    expected = {
        "test_innocent_flaky": ["failed", "passed"],
        "test_leaks_on_its_first_try": ["error", "passed"],
        "test_hangs_on_its_first_try": ["failed", "passed"],
    }
    assert attempts(pytester, *RERUNFAILURES, "--reruns", "1") == expected
    assert attempts(pytester, *RERUNFAILURES, "--reruns", "1", "-p", "no:asyncproof") == {
        **expected,
        "test_leaks_on_its_first_try": ["passed"],
        "test_hangs_on_its_first_try": ["passed"],
    }
    project(pytester)  # always guilty: every attempt gets the verdict
    assert attempts(pytester, *RERUNFAILURES, "--reruns", "1") == {
        name: [verdict] if verdict == "passed" else [verdict, verdict]
        for name, verdict in JUDGED.items()
    }


def test_repeat_judges_each_repeat(pytester: pytest.Pytester) -> None:
    project(pytester, FLAKY)
    seen = attempts(pytester, *switched_on("pytest-repeat"), "--count", "3")
    assert seen == {
        f"{name}[{n}-3]": [verdict]
        for name, first in [
            ("test_innocent_flaky", "failed"),
            ("test_leaks_on_its_first_try", "error"),
            ("test_hangs_on_its_first_try", "failed"),
        ]
        for n, verdict in enumerate([first, "passed", "passed"], 1)
    }


def test_randomly_keeps_each_leak_on_its_test(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(test_one=PROJECT, test_two=PROJECT.replace("def test_", "def test_also_"))
    expected = {
        **JUDGED,
        **{name.replace("test_", "test_also_"): verdict for name, verdict in JUDGED.items()},
    }
    orders = set()
    for seed in ("1", "2", "3"):
        seen = attempts(pytester, *switched_on("pytest-randomly"), f"--randomly-seed={seed}")
        assert seen == {name: [verdict] for name, verdict in expected.items()}
        orders.add(tuple(seen))  # in the order they ran
    assert len(orders) > 1  # randomly did shuffle them


def test_xdist_workers_report_the_deadline_and_the_leak(pytester: pytest.Pytester) -> None:
    project(pytester)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", *switched_on("pytest-xdist"), "-n", "2", timeout=60
    )
    # The leaking test's call passed and its teardown failed: pytest counts both.
    result.assert_outcomes(passed=2, failed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_guilty_leaks_a_task*",
            "*the test left 1 task(s) pending, cancelled at teardown:",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*_ test_guilty_hangs _*",
            "*test 'test_guilty_hangs' exceeded its deadline of 0.1s*",
            "Stuck here when the deadline passed (most recent await last):",
            "*await asyncio.sleep(1)",
        ]
    )


def test_cov_changes_no_verdict(pytester: pytest.Pytester) -> None:
    project(pytester)
    judged = {name: [verdict] for name, verdict in JUDGED.items()}
    assert attempts(pytester) == judged
    assert attempts(pytester, *switched_on("pytest-cov"), "--cov", "--cov-report=") == judged


@pytest.mark.parametrize("method", ["signal", "thread"])
def test_timeout_leaves_the_deadlines_their_verdicts(
    pytester: pytest.Pytester, method: str
) -> None:
    project(pytester)
    judged = {name: [verdict] for name, verdict in JUDGED.items()}
    assert (
        attempts(
            pytester, *switched_on("pytest-timeout"), "--timeout=5", f"--timeout-method={method}"
        )
        == judged
    )

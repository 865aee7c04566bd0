"""The plugin under pytest-xdist (`-n 2`): every report arrives through the workers intact.

xdist runs each test in a worker process and sends its report back to the controller as
data: deadlines, leak checks and the PHI guard must work in the worker and their text must
survive the trip. Each project here runs in a subprocess, as xdist starts its own workers.
"""

from __future__ import annotations

import pytest

from tests._support.plugins import switched_on
from tests._support.pytester import INI


def run_on_workers(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # pytester projects run with asyncproof and pytest-asyncio only (tests/conftest.py).
    return pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", *switched_on("pytest-xdist"), "-n", "2", *args, timeout=120
    )


HUNG = """
import asyncio
import pytest

async def wait_for_lab():
    await asyncio.sleep(3600)

@pytest.mark.asyncio
@pytest.mark.async_timeout(0.2)
async def test_hangs():
    await wait_for_lab()

@pytest.mark.asyncio
@pytest.mark.parametrize("n", range(4))
async def test_quick(n):
    await asyncio.sleep(0)
"""

LEAKS = """
import asyncio
import pytest

async def beat():
    await asyncio.sleep(3600)

async def save():
    pass

@pytest.mark.asyncio
async def test_leaks_a_task():
    asyncio.create_task(beat())
    await asyncio.sleep(0)

@pytest.mark.asyncio
async def test_forgets_an_await():
    save()

def test_leaves_a_loop_open():
    asyncio.new_event_loop()

@pytest.mark.asyncio
@pytest.mark.parametrize("n", range(6))
async def test_clean(n):
    await asyncio.sleep(0)
"""

PHI = """
import logging
import pytest

@pytest.mark.parametrize("n", range(4))
def test_clean(phi_guard, n):
    logging.getLogger("app").warning("visit %d saved", n)

def test_logs_an_ssn(phi_guard):
    logging.getLogger("app").warning("patient SSN 123-45-6789 saved")
"""


def test_each_report_arrives_through_the_workers_under_its_own_test(
    pytester: pytest.Pytester,
) -> None:
    """A hang, three leaks and PHI in a log, beside tests that pass, in one `-n 2` run (a run
    starts three Pythons): each report arrives whole, under its own test. Captured logs, shown
    with a failure by default, are left out, so what the PHI check reads is the guard's own
    report."""
    pytester.makeini(INI)
    pytester.makepyfile(test_hung=HUNG, test_leaks=LEAKS, test_phi=PHI)
    result = run_on_workers(pytester, "-rfE", "--show-capture=no")
    result.assert_outcomes(passed=15, failed=4, errors=1)
    out = result.stdout

    # The hung test fails at its deadline with its await chain.
    out.fnmatch_lines(
        [
            "*test 'test_hangs' exceeded its deadline of 0.2s (@pytest.mark.async_timeout(0.2))*",
            "Stuck here when the deadline passed (most recent await last):",
            '*File "*test_hung.py", line 10, in test_hangs',
            "*await wait_for_lab()",
            '*File "*test_hung.py", line 5, in wait_for_lab',
            "*await asyncio.sleep(3600)",
            "*waiting on <Future pending*",
        ]
    )

    # Each leak is reported on the test that leaked, in the short summary (in the order the
    # workers finished) and under its own test's header.
    out.fnmatch_lines(
        [
            "*ERROR at teardown of test_leaks_a_task*",
            "*running beat() (test_leaks.py:4), created at test_leaks.py:12 in test_leaks_a_task",
        ],
        consecutive=False,
    )
    for line in (
        "FAILED test_leaks.py::test_forgets_an_await - Failed: the test leaked:",
        "FAILED test_leaks.py::test_leaves_a_loop_open - Failed: the test leaked:",
        "ERROR test_leaks.py::test_leaks_a_task - Failed: the test left 1 task(s) pend*",
    ):
        out.fnmatch_lines([line])
    out.fnmatch_lines(
        ["*_ test_forgets_an_await _*", "*", "the test leaked:", "*coroutine 'save' was*"]
    )
    out.fnmatch_lines(
        ["*_ test_leaves_a_loop_open _*", "*", "the test leaked:", "*event loop left open*"]
    )
    assert "created at test_leaks.py:17 in test_forgets_an_await" in out.str()

    # phi_guard fails the test that logged PHI, naming the kind and the place, not the value.
    out.fnmatch_lines(
        [
            "*_ test_logs_an_ssn _*",
            "phi_guard: PHI found in log record app:WARNING: SSN at 12-23",
            "FAILED test_phi.py::test_logs_an_ssn*",
        ]
    )
    assert "123-45-6789" not in out.str()


WATCHDOG_PROBE = """
import os
import threading
import pytest

@pytest.mark.parametrize("n", range(6))
def test_probe(n):
    names = [t.name for t in threading.enumerate()]
    with open(f"threads-{{os.getpid()}}-{{n}}.txt", "w") as out:
        out.write("\\n".join(names))

{extra}
"""


@pytest.mark.parametrize(
    ("ini", "extra", "expected"),
    [
        ("asyncproof_timeout = 5\n", "", 1),
        ("", "@pytest.mark.async_timeout(5)\ndef test_marked():\n    pass\n", 1),
        ("", "", 0),
    ],
    ids=["ini-deadline", "one-marker", "no-deadline"],
)
def test_one_watchdog_per_worker_and_only_with_a_deadline(
    pytester: pytest.Pytester, ini: str, extra: str, expected: int
) -> None:
    pytester.makeini(INI + ini)
    pytester.makepyfile(test_probe=WATCHDOG_PROBE.format(extra=extra))
    run_on_workers(pytester).assert_outcomes(passed=6 + bool(extra))
    probes = sorted(pytester.path.glob("threads-*.txt"))
    assert len(probes) == 6
    # Both workers ran tests; each sees its own watchdog (or none), never two.
    assert len({probe.name.split("-")[1] for probe in probes}) == 2
    for probe in probes:
        assert probe.read_text().split("\n").count("asyncproof-watchdog") == expected, probe.name


SESSION_LOOP = """
import asyncio
import os
import pytest

def note_loop():
    # Which worker ran the test, and on which loop.
    with open("loops-{name}.txt", "a") as out:
        out.write(f"{{os.getpid()}} {{id(asyncio.get_running_loop())}}\\n")

@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.parametrize("n", range(3))
async def test_quick_{name}(n):
    note_loop()

@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.async_timeout(0.2)
async def test_hangs_{name}():
    await asyncio.sleep(3600)

@pytest.mark.asyncio(loop_scope="session")
async def test_after_{name}():
    note_loop()
"""


@pytest.mark.parametrize("dist", ["loadfile", "loadscope"])
def test_session_scoped_loops_under_dist_modes(pytester: pytest.Pytester, dist: str) -> None:
    pytester.makeini(INI)
    names = ("billing", "labs", "visits")
    for name in names:
        pytester.makepyfile(**{f"test_{name}": SESSION_LOOP.format(name=name)})
    result = run_on_workers(pytester, "--dist", dist, "-rfE")
    # Per module: the quick tests pass, the hang fails on time, and the test after it runs
    # normally on the same session loop, which the deadline left healthy.
    result.assert_outcomes(passed=12, failed=3)
    for name in names:
        result.stdout.fnmatch_lines(
            [f"FAILED test_{name}.py::test_hangs_{name} - *Deadline*"], consecutive=False
        )
        runs = (pytester.path / f"loops-{name}.txt").read_text().split("\n")[:-1]
        assert len(runs) == 4
        assert len(set(runs)) == 1, f"{name}: one worker, one session loop: {runs}"

"""Benchmarks for deadlines: `python bench/bench_timeout.py` (also run by `nox -s bench`).

1. Per-await overhead of `run_with_timeout` against bare `asyncio.timeout` (3.11+) and
   `asyncio.wait_for`, over 100,000 awaits of an already-complete coroutine and of
   `asyncio.sleep(0)`. Target: at most 1.10 x `asyncio.timeout`.
2. Deadline to failure: how long after its deadline a hung test is reported failed.
   Target: within deadline + 50 ms.
3. Plugin cost per test: 1,000 trivial async tests under pytest-asyncio alone, with
   asyncproof (a deadline and the leak checks), and with pytest-timeout's thread and signal
   methods instead (same run, interleaved rounds; min, median and max shown as the noise).
   Targets: asyncproof at most 1.15 x pytest-asyncio alone, and no more than pytest-timeout's
   thread method. Each ratio is given two ways: of the minimums, and the median of each round's
   paired ratio (the runs of one round follow each other, so they share the machine's load).

Each figure is a ratio against a baseline measured in the same run; the minimum of several
rounds is reported, as the least disturbed by other work on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from asyncproof import run_with_timeout

ROUNDS = 7


async def done() -> int:
    return 1


def awaitables() -> dict[str, Callable[[], Awaitable[object]]]:
    return {"complete coroutine": done, "asyncio.sleep(0)": lambda: asyncio.sleep(0)}


async def loop_bare(make: Callable[[], Awaitable[object]], n: int) -> None:
    for _ in range(n):
        await make()


async def loop_timeout(make: Callable[[], Awaitable[object]], n: int) -> None:
    for _ in range(n):
        async with asyncio.timeout(10):
            await make()


async def loop_wait_for(make: Callable[[], Awaitable[object]], n: int) -> None:
    for _ in range(n):
        await asyncio.wait_for(make(), 10)


async def loop_run_with_timeout(make: Callable[[], Awaitable[object]], n: int) -> None:
    for _ in range(n):
        await run_with_timeout(make(), 10)


def time_variant(variant: Callable, make: Callable, n: int) -> float:
    async def main() -> float:
        start = time.perf_counter()
        await variant(make, n)
        return time.perf_counter() - start

    return asyncio.run(main())


def bench_overhead(n: int) -> list[str]:
    variants = {"bare await": loop_bare, "asyncio.wait_for": loop_wait_for}
    if sys.version_info >= (3, 11):
        variants["asyncio.timeout"] = loop_timeout
    variants["run_with_timeout"] = loop_run_with_timeout
    lines = [f"## 1. Per-await overhead ({n:,} awaits, best of {ROUNDS} rounds)", ""]
    baseline_name = "asyncio.timeout" if sys.version_info >= (3, 11) else "asyncio.wait_for"
    for label, make in awaitables().items():
        best = dict.fromkeys(variants, float("inf"))
        for _ in range(ROUNDS):  # interleaved, so drift in machine load hits every variant
            for name, variant in variants.items():
                best[name] = min(best[name], time_variant(variant, make, n))
        lines.append(f"{label}:")
        for name, seconds in best.items():
            ratio = seconds / best[baseline_name]
            lines.append(
                f"  {name:<18} {seconds / n * 1e6:7.3f} us/await   {ratio:5.2f} x {baseline_name}"
            )
    return lines


HUNG_SUITE = """
import asyncio
import pytest

@pytest.mark.asyncio
@pytest.mark.async_timeout({deadline})
@pytest.mark.parametrize("n", range({count}))
async def test_hung(n):
    await asyncio.sleep(3600)
"""

LATENCY_PLUGIN = """
import time
import pytest

STARTS = {}
LATENCIES = []

@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    STARTS[item.nodeid] = time.perf_counter()
    try:
        return (yield)
    finally:
        LATENCIES.append(time.perf_counter() - STARTS[item.nodeid])

def pytest_sessionfinish(session):
    with open("latencies.txt", "w") as out:
        out.write("\\n".join(map(repr, LATENCIES)))
"""


def bench_deadline_latency(deadline: float = 0.2, count: int = 20) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pytest.ini").write_text(
            "[pytest]\nasyncio_default_fixture_loop_scope = function\n"
        )
        (root / "test_hung.py").write_text(HUNG_SUITE.format(deadline=deadline, count=count))
        (root / "conftest.py").write_text(LATENCY_PLUGIN)
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            cwd=root,
            capture_output=True,
            check=False,
        )
        latencies = [float(x) - deadline for x in (root / "latencies.txt").read_text().split()]
    assert len(latencies) == count, "every hung test must have been reported"
    return [
        f"## 2. Deadline to failure ({count} hung tests, deadline {deadline * 1000:.0f} ms)",
        "",
        f"  after the deadline: median {statistics.median(latencies) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms (target: under 50 ms)",
    ]


TRIVIAL_SUITE = """
import pytest

@pytest.mark.asyncio
@pytest.mark.parametrize("n", range({count}))
async def test_trivial(n):
    assert n >= 0
"""

# The same suite under each tool, each with a 5 s deadline per test where it has one. Plugins
# that are not being measured are switched off, so each run pays for one tool only.
COST_VARIANTS = {
    "pytest-asyncio alone": ["-p", "no:asyncproof", "-p", "no:timeout"],
    "asyncproof (deadline + leak checks)": ["-p", "no:timeout"],
    "pytest-timeout, thread method": [
        *("-p", "no:asyncproof", "--timeout=5", "--timeout-method=thread"),
    ],
    "pytest-timeout, signal method": [
        *("-p", "no:asyncproof", "--timeout=5", "--timeout-method=signal"),
    ],
}
COST_BASELINE = "pytest-asyncio alone"
COST_ROUNDS = 7


def _time_suite(root: Path, name: str, extra: list[str], count: int) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one whole pytest run of the suite."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [*command, *extra],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    elapsed = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if f"{count} passed" not in result.stdout:
        raise SystemExit(f"{name}: suite did not pass:\n{result.stdout[-2000:]}")
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return elapsed, cpu


def _paired(runs: list[float], base: list[float]) -> list[float]:
    """Each round's ratio to the baseline's run of the same round: a slow spell on the machine
    hits both runs of a round, so these ratios are steadier than the ratio of two minimums."""
    return sorted(run / ref for run, ref in zip(runs, base, strict=True))


def _cost_table(title: str, times: dict[str, list[float]], count: int) -> list[str]:
    base = min(times[COST_BASELINE])
    base_runs = times[COST_BASELINE]
    lines = [
        f"  {title:<38} {'min':>6} {'median':>7} {'max':>6}   vs alone: min, paired median "
        "(range)   per test",
    ]
    for name, runs in times.items():
        low, mid, high = min(runs), statistics.median(runs), max(runs)
        paired = _paired(runs, base_runs)
        lines.append(
            f"  {name:<38} {low:5.2f}s {mid:6.2f}s {high:5.2f}s   "
            f"{low / base:8.2f} x, {statistics.median(paired):5.2f} x "
            f"({paired[0]:.2f}-{paired[-1]:.2f})   "
            f"{(low - base) / count * 1000:+.3f} ms"
        )
    ours, thread = times[OURS], times[THREAD]
    lines.append(
        f"  targets: asyncproof <= 1.15 x alone (min {min(ours) / base:.2f} x, paired median "
        f"{statistics.median(_paired(ours, base_runs)):.2f} x), and no more than pytest-timeout's "
        f"thread method (min {min(ours) / min(thread):.2f} x of it, paired median "
        f"{statistics.median(_paired(ours, thread)):.2f} x)"
    )
    return lines


OURS = "asyncproof (deadline + leak checks)"
THREAD = "pytest-timeout, thread method"


def bench_plugin_cost(count: int = 1000, rounds: int = COST_ROUNDS) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pytest.ini").write_text(
            "[pytest]\nasyncio_default_fixture_loop_scope = function\n"
            # Unknown to the runs without asyncproof: not a warning there.
            "asyncproof_timeout = 5\nfilterwarnings = ignore::pytest.PytestConfigWarning\n"
        )
        (root / "test_trivial.py").write_text(TRIVIAL_SUITE.format(count=count))
        wall: dict[str, list[float]] = {name: [] for name in COST_VARIANTS}
        cpu: dict[str, list[float]] = {name: [] for name in COST_VARIANTS}
        for _ in range(rounds):  # interleaved, so drift in machine load hits every variant
            for name, extra in COST_VARIANTS.items():
                elapsed, used = _time_suite(root, name, extra, count)
                wall[name].append(elapsed)
                cpu[name].append(used)
    return [
        f"## 3. Plugin cost ({count:,} trivial async tests, whole pytest process, "
        f"{rounds} interleaved rounds)",
        "",
        *_cost_table("wall time", wall, count),
        "",
        # CPU time counts only the run's own work: less disturbed by other load on the machine.
        *_cost_table("CPU time (user + system)", cpu, count),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awaits", type=int, default=100_000)
    parser.add_argument(
        "--part", type=int, choices=(1, 2, 3), help="run one part only (default: all)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=COST_ROUNDS,
        help=f"interleaved rounds of part 3 (default {COST_ROUNDS}): more on a noisy machine",
    )
    args = parser.parse_args()
    print(
        textwrap.dedent(f"""\
        # asyncproof deadline benchmarks
        Python {sys.version.split()[0]} on {os.cpu_count()} CPUs
        """)
    )
    parts = {
        1: lambda: bench_overhead(args.awaits),
        2: bench_deadline_latency,
        3: lambda: bench_plugin_cost(rounds=args.rounds),
    }
    for number, part in parts.items():
        if args.part in (None, number):
            print("\n".join(part()), end="\n\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a session keeps alive: `python bench/bench_release.py` (also run by `nox -s bench`).

5,000 trivial async tests with a deadline configured (`asyncproof_timeout`), run with and
without asyncproof (`-p no:asyncproof`: pytest-asyncio alone) in the same run. A small plugin
in the generated project records, at session end, the RSS growth since collection finished
and the event loops and tasks still alive after a garbage collection.

Targets: at most 1.2 x pytest-asyncio's RSS growth, and no more than a handful of loops and
tasks alive.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

CONFTEST = """
import asyncio
import gc
import json
import os
import resource

def rss_kib():
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:  # not Linux: the peak is the best there is
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

START = {}

def pytest_collection_finish(session):
    gc.collect()
    START["rss"] = rss_kib()

def pytest_sessionfinish(session):
    gc.collect()
    objects = gc.get_objects()
    figures = {
        "rss_growth_kib": rss_kib() - START["rss"],
        "loops": sum(isinstance(o, asyncio.AbstractEventLoop) for o in objects),
        "tasks": sum(isinstance(o, asyncio.Task) for o in objects),
    }
    with open(os.environ["BENCH_RELEASE_OUT"], "w") as out:
        json.dump(figures, out)
"""

TESTS = """
import asyncio
import pytest

@pytest.mark.parametrize("n", range({n}))
@pytest.mark.asyncio
async def test_trivial(n):
    await asyncio.sleep(0)
"""


def run(project: Path, *args: str) -> dict[str, float]:
    out = project / "figures.json"
    env = {**os.environ, "BENCH_RELEASE_OUT": str(out)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"the bench session failed:\n{done.stdout[-2000:]}{done.stderr}")
    return {**json.loads(out.read_text()), "seconds": took}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=5_000)
    args, _ = parser.parse_known_args()  # nox passes its posargs to every bench script
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "pytest.ini").write_text(
            "[pytest]\nasyncio_default_fixture_loop_scope = function\nasyncproof_timeout = 30\n"
        )
        (project / "conftest.py").write_text(CONFTEST)
        (project / "test_trivial.py").write_text(textwrap.dedent(TESTS.format(n=args.tests)))
        base = run(project, "-p", "no:asyncproof")
        ours = run(project)
    print(f"## Release at teardown ({args.tests:,} trivial async tests, deadline configured)\n")
    print("| | RSS growth | loops alive | tasks alive | time |")
    print("| --- | --- | --- | --- | --- |")
    for name, figures in (("pytest-asyncio alone", base), ("with asyncproof", ours)):
        print(
            f"| {name} | {figures['rss_growth_kib'] / 1024:.1f} MB | {figures['loops']} "
            f"| {figures['tasks']} | {figures['seconds']:.1f} s |"
        )
    ratio = ours["rss_growth_kib"] / max(base["rss_growth_kib"], 1)
    alive = ours["loops"] + ours["tasks"]
    ok = ratio <= 1.2 and ours["loops"] <= 5 and ours["tasks"] <= 5
    print(
        f"\nratio: {ratio:.2f}x pytest-asyncio's RSS growth, {alive} loops and tasks alive "
        f"({'within' if ok else 'outside'} the 1.2x / a handful target); time "
        f"{ours['seconds'] / base['seconds']:.2f}x",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

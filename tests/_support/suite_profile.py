"""Where our own suite's time goes: per test, its wall time and the CPU it and its children used.

A pytest plugin for `nox -s profile` (`pytest -p tests._support.suite_profile`): every worker
appends one JSON line per test to the file named by ASYNCPROOF_PROFILE. Run as a module, it
prints the totals per test module, biggest first, and each worker's busy span:

    python -m tests._support.suite_profile suite-profile.jsonl

CPU is read with getrusage: the process's own (every thread's, so a background build counts
where it runs) and that of the children it has waited for (a reader's `pytest`, a pytester
subprocess; a browser's only when it is closed, at the end of its module).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

OUTPUT = "ASYNCPROOF_PROFILE"


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    start, (own, children) = time.time(), _cpu()
    try:
        return (yield)
    finally:
        end, (own_after, children_after) = time.time(), _cpu()
        record = {
            "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
            "test": item.nodeid,
            "start": start,
            "end": end,
            "cpu": own_after - own,
            "children_cpu": children_after - children,
        }
        with open(os.environ[OUTPUT], "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def report(path: Path) -> str:
    """Totals per test module (wall, CPU, children's CPU, tests) and each worker's busy span."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    modules: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    workers: dict[str, list[float]] = defaultdict(lambda: [float("inf"), 0.0, 0.0])
    for record in records:
        totals = modules[record["test"].partition("::")[0]]
        totals[0] += record["end"] - record["start"]
        totals[1] += record["cpu"]
        totals[2] += record["children_cpu"]
        totals[3] += 1
        span = workers[record["worker"]]
        span[0] = min(span[0], record["start"])
        span[1] = max(span[1], record["end"])
        span[2] += record["end"] - record["start"]
    first = min(span[0] for span in workers.values())
    lines = ["   wall     cpu  children  tests  module"]
    for module, (wall, cpu, children, count) in sorted(modules.items(), key=lambda m: -m[1][0]):
        lines.append(f"{wall:7.1f} {cpu:7.1f} {children:9.1f} {int(count):6d}  {module}")
    total = [sum(t[i] for t in modules.values()) for i in range(4)]
    lines.append(f"{total[0]:7.1f} {total[1]:7.1f} {total[2]:9.1f} {int(total[3]):6d}  (all)")
    for name, (start, end, busy) in sorted(workers.items()):
        lines.append(
            f"{name}: from {start - first:.1f} s to {end - first:.1f} s, in a test {busy:.1f} s"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(Path(sys.argv[1])))

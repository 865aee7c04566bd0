"""Benchmark ``asyncproof migrate --diff`` against ``asyncproof check`` on one large module.

Usage: python bench/bench_large_module.py [--sizes 300000 600000 1200000] [--repeat 3]

Generates a test module of each size (async tests that need a mark, `with mocker.patch(...)`
blocks to unwrap, marked tests left alone) into a temporary directory and runs both commands on
it in a child process each, reporting CPU seconds (the least of `--repeat` runs: on a shared
machine the others only add what the neighbours cost) and peak memory. Migrate must grow
linearly with the size and stay within 5x check (the issue's figure is 5 MB:
`--sizes 600000 5000000`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BLOCK = '''

async def test_case_{i}(mocker):
    """Case {i}."""
    with mocker.patch("os.getcwd", return_value="/x{i}"):
        value = await asyncio.sleep(0, result={i})
    assert value == {i}, "case {i} failed"


@pytest.mark.asyncio
async def test_marked_{i}():
    items = [{i}, {i} + 1, {i} + 2]
    assert sum(items) == {total}
'''


def module(size: int) -> str:
    """A test module of about `size` characters."""
    parts = ["import asyncio\n\nimport pytest\n"]
    length = len(parts[0])
    i = 0
    while length < size:
        parts.append(BLOCK.format(i=i, total=3 * i + 3))
        length += len(parts[-1])
        i += 1
    return "".join(parts)


def measure(args: list[str]) -> tuple[float, int]:
    """CPU seconds and peak memory (MB) of `python -m asyncproof ARGS` in a child."""
    pid = subprocess.Popen(
        [sys.executable, "-m", "asyncproof", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ).pid
    _, _, usage = os.wait4(pid, 0)  # this child's own usage, not all children's
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def least(args: list[str], repeat: int) -> tuple[float, int]:
    """The least CPU time and the largest peak memory of `repeat` runs."""
    runs = [measure(args) for _ in range(max(repeat, 1))]
    return min(s for s, _ in runs), max(mb for _, mb in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300_000, 600_000, 1_200_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (least kept)")
    args = parser.parse_args()
    columns = ("size", "check s", "migrate s", "ratio", "chk MB", "mig MB")
    print("{:>10} {:>8} {:>10} {:>6} {:>6} {:>6}".format(*columns))
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder, "test_large.py")
            path.write_text(module(size), encoding="utf-8")
            check_s, check_mb = least(["check", str(path)], args.repeat)
            migrate_s, migrate_mb = least(["migrate", "--diff", str(path)], args.repeat)
            print(
                f"{size:>10} {check_s:>8.2f} {migrate_s:>10.2f} {migrate_s / check_s:>6.1f}"
                f" {check_mb:>6} {migrate_mb:>6}",
                flush=True,
            )


if __name__ == "__main__":
    main()

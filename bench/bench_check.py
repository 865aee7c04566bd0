"""Benchmark ``asyncproof check`` against ``ruff check`` on the same generated test code.

Needs: pip install ruff   (and asyncproof itself: run from a checkout with PYTHONPATH=src)

Usage: python bench/bench_check.py [--lines 120000] [--jobs N]

Generates realistic pytest-asyncio test modules (fixtures, classes, mocks, httpx clients,
timeouts, a few mistakes) into a temporary directory, so no third-party code is committed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = '''"""Generated tests, module {n}."""

import asyncio
from unittest.mock import AsyncMock

import httpx
import pytest
import pytest_asyncio

from asyncproof import run_with_timeout


@pytest_asyncio.fixture
async def client_{n}():
    async with httpx.AsyncClient(base_url="https://api.example.org") as client:
        yield client


async def fetch_{n}(value: int) -> int:
    await asyncio.sleep(0)
    return value * 2
'''

BLOCK = """

@pytest.mark.asyncio
async def test_fetch_{n}_{i}(mocker):
    mock = mocker.patch("app.service.lookup", new_callable=AsyncMock)
    mock.return_value = {{"id": {i}, "name": "synthetic"}}
    result = await run_with_timeout(fetch_{n}({i}), timeout=1.0)
    assert result == {i} * 2
    mock.assert_not_called()


@pytest.mark.asyncio
async def test_gather_{n}_{i}():
    results = await asyncio.gather(*(fetch_{n}(k) for k in range({i} % 7 + 1)))
    assert len(results) == {i} % 7 + 1


class TestService{n}_{i}:
    @pytest.mark.asyncio
    async def test_client_{i}(self, client_{n}):
        async with asyncio.timeout(2):
            response = await client_{n}.get("/patients/{i}")
        assert response.status_code in (200, 404)

    def test_sync_{i}(self):
        with pytest.raises(ValueError, match=r"invalid"):
            int("invalid")
"""


def generate(directory: Path, target_lines: int) -> tuple[int, int]:
    """Write test modules until `target_lines` lines; return (files, lines)."""
    lines = files = 0
    n = 0
    while lines < target_lines:
        text = HEADER.format(n=n) + "".join(BLOCK.format(n=n, i=i) for i in range(40))
        (directory / f"test_generated_{n}.py").write_text(text, encoding="utf-8")
        lines += text.count("\n")
        files += 1
        n += 1
    return files, lines


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=120_000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        files, lines = generate(directory, args.lines)
        check = [sys.executable, "-m", "asyncproof", "check", str(directory)]
        if args.jobs:
            check += ["--jobs", str(args.jobs)]
        ruff_cmd = [ruff, "check", "--isolated", "--no-cache", "--exit-zero", str(directory)]
        ours = min(timed(check) for _ in range(args.repeat))
        theirs = min(timed(ruff_cmd) for _ in range(args.repeat))
    print(f"{files} files, {lines} lines (best of {args.repeat})")
    print(f"asyncproof check: {ours:.2f} s, {lines / ours:,.0f} lines/s")
    print(f"ruff check:       {theirs:.2f} s, {lines / theirs:,.0f} lines/s")
    print(f"ratio: asyncproof takes {ours / theirs:.1f}x ruff's time (target: within 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

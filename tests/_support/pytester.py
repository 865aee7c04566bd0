"""What every pytester project in the plugin tests starts from, and how it is run."""

from __future__ import annotations

import pytest

# pytest-asyncio 1.x warns on every run without a default fixture loop scope. pytest-randomly stays
# off, also in runs that drop PYTEST_ADDOPTS (see tests/conftest.py).
INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\naddopts = -p no:randomly\n"


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run the project in-process, with warnings as errors and no cache left behind."""
    return run_keeping_warnings(pytester, "-W", "error", *args)


def run_keeping_warnings(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run the project in-process; warnings are reported, not raised (leak tests need them)."""
    return pytester.runpytest("-p", "no:cacheprovider", *args)

"""What every pytester project in the plugin tests starts from, and how it is run."""

from __future__ import annotations

import signal
from collections import Counter

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


def summary_counts(output: str) -> Counter[str]:
    """pytest's closing counts in `output` ("1 failed, 2 passed, 1 warning"), read with pytest's
    own parser, "errors" and "warnings" named in the singular; empty without a summary line."""
    try:
        nouns = pytest.RunResult.parse_summary_nouns(output.splitlines())
    except ValueError:  # no summary line: pytest crashed or was killed
        return Counter()
    return Counter({_SINGULAR.get(noun, noun): count for noun, count in nouns.items()})


_SINGULAR = {"errors": "error", "warnings": "warning"}


def default_ctrl_c() -> None:
    """`preexec_fn` for a child that a test interrupts with SIGINT: a shell that started the
    suite in the background (`cmd &`) leaves SIGINT ignored, and Python then installs no
    KeyboardInterrupt handler in the child, so the test would measure the shell, not us."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)

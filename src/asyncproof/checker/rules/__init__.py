"""The rules: one module per rule, `apfNNN_<name>.py`, each a check decorated with `rule`.

Adding a rule: write its module (the `rule` decorator carries its code, name, summary, message
and whether `migrate` fixes it), import it below, then add its page `docs/rules/APFNNN.md` with
its snippet pair and a case in `tests/checker/test_checker.py`;
`tests/checker/test_checker_registry.py` fails until each of these exists, and `nox -s regen`
rewrites the rules index.
"""

from __future__ import annotations

from asyncproof.checker.diagnostic import Rule
from asyncproof.checker.rules import (
    apf001_event_loop_fixture,
    apf002_async_test_not_run,
    apf003_mocker_patch_context_manager,
    apf004_coroutine_not_awaited,
    apf005_unclosed_event_loop,
    apf006_nested_loop_run,
    apf007_external_await_without_timeout,
    apf008_blocking_sleep,
    apf009_exact_error_message,
    apf010_test_without_assertion,
    apf011_unused_pytest_asyncio_import,
    apf012_fixture_named_like_a_test,
    apf013_async_fixture_not_run,
    apf014_mark_on_fixture,
    apf015_fixture_loop_wider_than_test_loop,
)
from asyncproof.checker.rules._base import REGISTERED

__all__ = [
    "RULES",
    "apf001_event_loop_fixture",
    "apf002_async_test_not_run",
    "apf003_mocker_patch_context_manager",
    "apf004_coroutine_not_awaited",
    "apf005_unclosed_event_loop",
    "apf006_nested_loop_run",
    "apf007_external_await_without_timeout",
    "apf008_blocking_sleep",
    "apf009_exact_error_message",
    "apf010_test_without_assertion",
    "apf011_unused_pytest_asyncio_import",
    "apf012_fixture_named_like_a_test",
    "apf013_async_fixture_not_run",
    "apf014_mark_on_fixture",
    "apf015_fixture_loop_wider_than_test_loop",
]

RULES: tuple[Rule, ...] = tuple(sorted(REGISTERED.values(), key=lambda rule: rule.code))
"""Every registered rule, by code."""

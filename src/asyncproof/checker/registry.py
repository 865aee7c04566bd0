"""The rule table: codes are stable, a retired code is never reused."""

from __future__ import annotations

from asyncproof.checker.diagnostic import Rule

__all__ = ["RULES", "RULES_BY_CODE", "SYNTAX_ERROR"]

SYNTAX_ERROR = Rule(
    "APF000", "syntax-error", "The file does not parse; the other files are still checked."
)

RULES: tuple[Rule, ...] = (
    Rule(
        "APF001",
        "event-loop-fixture",
        "A custom `event_loop` fixture, or a test requesting it (removed in pytest-asyncio 1.x).",
    ),
    Rule(
        "APF002",
        "async-test-not-run",
        "An `async def test_…` that pytest-asyncio in strict mode will not run (no asyncio mark).",
    ),
    Rule(
        "APF003",
        "mocker-patch-context-manager",
        "`mocker.patch…(…)` used as a context manager.",
    ),
    Rule(
        "APF004",
        "coroutine-not-awaited",
        "A coroutine function (or `AsyncMock`) called without `await`.",
    ),
    Rule(
        "APF005",
        "unclosed-event-loop",
        "An event loop from `asyncio.new_event_loop()`/`get_event_loop()` that is never closed.",
    ),
    Rule(
        "APF006",
        "nested-loop-run",
        "`asyncio.run()` or `run_until_complete()` inside `async def`.",
    ),
    Rule(
        "APF007",
        "external-await-without-timeout",
        "An await on an external client (httpx, asyncpg, redis, ...) without a deadline.",
    ),
    Rule(
        "APF008",
        "blocking-sleep",
        "`time.sleep()` inside `async def`.",
    ),
    Rule(
        "APF009",
        "exact-error-message",
        "An exception message compared for equality with a formatted string.",
    ),
    Rule(
        "APF010",
        "test-without-assertion",
        "A test that asserts nothing (no assert, `pytest.raises`, or `assert_*` call).",
    ),
    Rule(
        "APF011",
        "unused-pytest-asyncio-import",
        "`import pytest_asyncio` that nothing uses.",
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in (SYNTAX_ERROR, *RULES)}

"""The plugin's configuration: ini options, the `async_timeout` marker and the scale factor.

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, replace

import pytest

__all__ = [
    "ALLOW_LEAKS_HELP",
    "SCALE_ENV",
    "Settings",
    "add_options",
    "expected_unawaited",
    "leak_checks_for",
    "read_settings",
    "timeout_for",
]

SCALE_ENV = "ASYNCPROOF_TIMEOUT_SCALE"
MARKER = "async_timeout"
MARKER_HELP = (
    f"{MARKER}(seconds): fail an async test (and its async fixtures' setup and teardown) "
    "that runs longer than `seconds`. The nearest marker wins: function, class, then module."
)


ALLOW_LEAKS = "allow_leaks"
LEAK_KINDS = ("pending_tasks", "never_awaited", "unclosed_loops")
ALLOW_LEAKS_HELP = (
    f"{ALLOW_LEAKS}(*kinds): don't fail this test for these leak kinds "
    f"({', '.join(LEAK_KINDS)}; none given: all), e.g. a test that shows a leak on purpose."
)


@dataclass(frozen=True)
class Settings:
    timeout: float
    scale: float
    pending_tasks: bool
    never_awaited: bool
    unclosed_loops: bool


def add_options(parser: pytest.Parser) -> None:
    parser.addini(
        "asyncproof_timeout",
        "Default deadline in seconds for every async test and async fixture step (0: none).",
        default="0",
    )
    for name, what in (
        ("pending_tasks", "a test leaves tasks it created still pending"),
        ("never_awaited", "a coroutine created by a test is never awaited"),
        ("unclosed_loops", "a test leaves an event loop it created open"),
    ):
        parser.addini(f"asyncproof_detect_{name}", f"Fail when {what}.", type="bool", default=True)


def _positive_number(text: str, source: str, *, allow_zero: bool) -> float:
    try:
        value = float(text)
    except ValueError:
        raise pytest.UsageError(f"{source} must be a number of seconds, got {text!r}") from None
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise pytest.UsageError(f"{source} must be a finite number {bound}, got {text!r}")
    return value


def read_settings(config: pytest.Config) -> Settings:
    scale_text = os.environ.get(SCALE_ENV, "").strip()
    scale = _positive_number(scale_text, SCALE_ENV, allow_zero=False) if scale_text else 1.0
    return Settings(
        timeout=_positive_number(
            str(config.getini("asyncproof_timeout")), "asyncproof_timeout", allow_zero=True
        ),
        scale=scale,
        pending_tasks=bool(config.getini("asyncproof_detect_pending_tasks")),
        never_awaited=bool(config.getini("asyncproof_detect_never_awaited")),
        unclosed_loops=bool(config.getini("asyncproof_detect_unclosed_loops")),
    )


def leak_checks_for(item: pytest.Item, settings: Settings) -> Settings:
    """`settings` with the leak checks that `@pytest.mark.allow_leaks(...)` turns off."""
    marker = item.get_closest_marker(ALLOW_LEAKS)
    if marker is None:
        return settings
    unknown = set(marker.args) - set(LEAK_KINDS)
    if unknown or marker.kwargs:
        raise pytest.UsageError(
            f"{item.nodeid}: @pytest.mark.{ALLOW_LEAKS} takes leak kinds among "
            f"{', '.join(LEAK_KINDS)}, got {sorted(unknown) or marker.kwargs}"
        )
    allowed = set(marker.args or LEAK_KINDS)
    return replace(
        settings,
        pending_tasks=settings.pending_tasks and "pending_tasks" not in allowed,
        never_awaited=settings.never_awaited and "never_awaited" not in allowed,
        unclosed_loops=settings.unclosed_loops and "unclosed_loops" not in allowed,
    )


# Categories whose filters catch the never-awaited warning (a RuntimeWarning).
_UNAWAITED_CATEGORIES = ("", "RuntimeWarning", "builtins.RuntimeWarning", "Warning")


def expected_unawaited(item: pytest.Item) -> tuple[re.Pattern[str], ...]:
    """The messages of never-awaited warnings that `item`, its class or its module declared
    expected with `@pytest.mark.filterwarnings("ignore:...")`: allowed leaks, like
    `allow_leaks("never_awaited")` for those coroutines. (An ini `filterwarnings` is a choice
    for the whole suite, not this test's: it doesn't count.)

    A marker is read as pytest reads it (`action:message:category:module:lineno`, the message
    a regular expression matched at the start, ignoring case); its module and line are not
    checked.
    """
    patterns = []
    for marker in item.iter_markers("filterwarnings"):
        for arg in marker.args:
            action, message, category, *_ = [*str(arg).split(":", 4), "", ""]
            action, category = action.strip(), category.strip()
            if not action or not "ignore".startswith(action):
                continue
            if category not in _UNAWAITED_CATEGORIES:
                continue
            try:
                patterns.append(re.compile(message, re.IGNORECASE))
            except re.error:
                continue  # pytest itself reports a bad filter
    return tuple(patterns)


def timeout_for(
    node: pytest.Item | pytest.Collector, settings: Settings
) -> tuple[float, str] | None:
    """The deadline that applies to `node` (scaled), and where it came from; None for none."""
    marker = node.get_closest_marker(MARKER)
    if marker is not None:
        if len(marker.args) != 1 or marker.kwargs:
            raise pytest.UsageError(f"{node.nodeid}: use @pytest.mark.{MARKER}(seconds)")
        seconds = _positive_number(str(marker.args[0]), f"{MARKER} marker", allow_zero=True)
        origin = f"@pytest.mark.{MARKER}({marker.args[0]!r})"
    else:
        seconds, origin = settings.timeout, f"asyncproof_timeout = {settings.timeout:g}"
    if seconds == 0:
        return None
    if settings.scale != 1.0:
        origin += f", scaled x{settings.scale:g} by {SCALE_ENV}"
    return seconds * settings.scale, origin

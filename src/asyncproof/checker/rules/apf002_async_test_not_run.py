"""APF002: an async test pytest-asyncio's strict mode will not run."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from asyncproof._sourcefile import SourceError, read_source
from asyncproof.checker.ast_helpers import (
    is_test_function,
    requested_fixtures,
    runner_param_fixtures,
)
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.pytest_config import pytest_options
from asyncproof.checker.rules._base import rule

__all__ = ["async_test_not_run"]

# A test marked for any async runner is somebody's responsibility; only unmarked ones are lost.
_RUNNER_MARKS = ("asyncio", "anyio", "trio")


@rule(
    "APF002",
    "async-test-not-run",
    summary="An `async def test_…` that pytest-asyncio in strict mode will not run "
    "(no asyncio mark).",
    message="async test `{test}` is not run in strict mode: add `@pytest.mark.asyncio`",
    fixable=True,
    test_only=True,
)
def async_test_not_run(info: ModuleInfo) -> Iterator[Hit]:
    """Hit async tests with no runner mark on them, their class or their module."""
    if info.settings.asyncio_auto or info.settings.asyncio_plugin_off:
        return  # every coroutine test runs, or the suite runs them without pytest-asyncio
    module_mark = _pytestmark(info, info.tree.body)
    if module_mark in ("runner", "opaque"):
        return
    marking: set[str] | None = None
    for func, _ in info.of(ast.AsyncFunctionDef):
        if not is_test_function(info, func):
            continue
        marked = _marked(info, func)
        if marked is not False:
            continue
        if marking is None:  # first unmarked test: look at the suite's fixtures once
            if _fixtures_need_auto_mode(info):
                return  # APF013 reports the root cause once, on each such fixture
            marking = _marking_fixtures(info)
        if not marking.isdisjoint(requested_fixtures(info, func)):
            continue  # a fixture's params mark each case (`pytest.param(..., marks=...)`)
        cls = info.classes.get(func)
        if cls is not None:
            # A base class may carry the mark (or be a unittest.TestCase that runs coroutines).
            if cls.bases or cls.keywords:
                continue
            if _marked(info, cls) is not False:
                continue
            if _pytestmark(info, cls.body) in ("runner", "opaque"):
                continue
        yield hit(func, test=func.name)


def _marks(info: ModuleInfo, expr: ast.AST) -> str:
    """Classify a `pytestmark` value or decorator list: "runner", "other" or "opaque"."""
    seen_mark = False
    for node in ast.walk(expr):
        if type(node) in (ast.Attribute, ast.Name):
            name = info.qualname(node) or ""
            if name.startswith("pytest.mark."):
                seen_mark = True
                if name.split(".")[2] in _RUNNER_MARKS:
                    return "runner"
    # A pytestmark built elsewhere (imported, computed) may well carry the asyncio mark.
    return "other" if seen_mark else "opaque"


def _pytestmark(info: ModuleInfo, body: list[ast.stmt]) -> str | None:
    for stmt in body:
        if type(stmt) is ast.Assign and any(
            type(t) is ast.Name and t.id == "pytestmark" for t in stmt.targets
        ):
            return _marks(info, stmt.value)
        if (
            type(stmt) is ast.AnnAssign
            and type(stmt.target) is ast.Name
            and stmt.target.id == "pytestmark"
            and stmt.value is not None
        ):
            return _marks(info, stmt.value)
    return None


def _marked(info: ModuleInfo, node: ast.AST) -> bool | None:
    """True if a runner mark is applied, None if an unknown decorator may run the coroutine."""
    for name in info.decorators(node):
        if not name.startswith("pytest.mark."):
            return None
        if name.split(".")[2] in _RUNNER_MARKS:
            return True
    return False


def _marking_fixtures(info: ModuleInfo) -> set[str]:
    """Fixtures, here or in a conftest.py above, whose params carry a runner mark."""
    # Without the word `marks` no fixture's params can carry one (and walking a large module
    # is the slowest part of this rule); a tree built with no source is walked.
    found = (
        runner_param_fixtures(info.tree, _RUNNER_MARKS)
        if "marks" in info.source or not info.source
        else set()
    )
    directory = Path(info.path).resolve().parent
    for base in (directory, *directory.parents):
        found |= _conftest_marking_fixtures(base / "conftest.py")
    return found


def _conftest_source(conftest: Path) -> str | None:
    """A conftest.py's text; None without one, or for a FIFO or anything unreadable (the
    engine reports those where it walks)."""
    if not conftest.is_file():
        return None
    try:
        return read_source(str(conftest)).text
    except SourceError:
        return None


@cache
def _conftest_marking_fixtures(conftest: Path) -> frozenset[str]:
    text = _conftest_source(conftest)
    if text is None or "marks" not in text:
        return frozenset()
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return frozenset()
    return frozenset(runner_param_fixtures(tree, _RUNNER_MARKS))


# `@pytest.fixture` (optionally called, more decorators after it), then `async def`.
_PLAIN_ASYNC_FIXTURE = re.compile(
    r"^[ \t]*@pytest\.fixture\b[^\n]*\n"
    r"(?:(?![ \t]*(?:async[ \t]+)?def[ \t])[ \t]*[@)\]\w][^\n]*\n)*?"
    r"[ \t]*async[ \t]+def[ \t]",
    re.MULTILINE,
)


def _fixtures_need_auto_mode(info: ModuleInfo) -> bool:
    """True if the suite's own `async def` fixtures under plain `@pytest.fixture` (here or in a
    conftest.py above) need auto mode and no configuration sets the mode: the suite is written
    for auto mode (an sdist often ships its tests without the repository's pytest config), or
    else its fixtures are broken too, which APF013 reports once per fixture rather than once
    per test."""
    here = any(
        "pytest.fixture" in info.decorators(func) for func, _ in info.of(ast.AsyncFunctionDef)
    )
    directory = Path(info.path).resolve().parent
    if not here and not any(
        _conftest_has_plain_async_fixture(base / "conftest.py")
        for base in (directory, *directory.parents)
    ):
        return False
    options = pytest_options(directory)
    return "asyncio_mode" not in options and "asyncio" not in str(options.get("addopts", ""))


@cache
def _conftest_has_plain_async_fixture(conftest: Path) -> bool:
    text = _conftest_source(conftest)
    if text is None or "anyio" in text or "trio" in text:
        return False  # their plugins run such fixtures for their own tests
    return _PLAIN_ASYNC_FIXTURE.search(text) is not None

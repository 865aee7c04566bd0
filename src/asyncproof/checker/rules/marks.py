"""APF002 and APF011: what pytest-asyncio 1.x needs to run a test, and what it does not."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo, is_test_function
from asyncproof.checker.rules._common import finding

__all__ = ["check"]

# A test marked for any async runner is somebody's responsibility; only unmarked ones are lost.
_RUNNER_MARKS = ("asyncio", "anyio", "trio")


def check(info: ModuleInfo) -> Iterator[Diagnostic]:
    """Yield APF002 and APF011 findings."""
    if not info.settings.asyncio_auto:
        yield from _unmarked_async_tests(info)
    yield from _unused_pytest_asyncio(info)


def _marks(info: ModuleInfo, expr: ast.AST) -> str:
    """Classify a ``pytestmark`` value or decorator list: "runner", "other" or "opaque"."""
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


def _unmarked_async_tests(info: ModuleInfo) -> Iterator[Diagnostic]:
    module_mark = _pytestmark(info, info.tree.body)
    if module_mark in ("runner", "opaque"):
        return
    for func, _ in info.of(ast.AsyncFunctionDef):
        if not is_test_function(info, func):
            continue
        marked = _marked(info, func)
        if marked is not False:
            continue
        cls = info.classes.get(func)
        if cls is not None:
            # A base class may carry the mark (or be a unittest.TestCase that runs coroutines).
            if cls.bases or cls.keywords:
                continue
            if _marked(info, cls) is not False:
                continue
            if _pytestmark(info, cls.body) in ("runner", "opaque"):
                continue
        yield finding(
            info,
            func,
            "APF002",
            f"async test `{func.name}` is not run in strict mode: "  # type: ignore[attr-defined]
            "add `@pytest.mark.asyncio`",
        )


def _unused_pytest_asyncio(info: ModuleInfo) -> Iterator[Diagnostic]:
    for node, _ in info.of(ast.Import):
        for alias in node.names:  # type: ignore[attr-defined]
            if alias.name != "pytest_asyncio":
                continue
            bound = alias.asname or "pytest_asyncio"
            if not info.mentions(bound):
                yield finding(
                    info,
                    node,
                    "APF011",
                    "`pytest_asyncio` imported but unused: pytest-asyncio 1.x needs it only "
                    "for `@pytest_asyncio.fixture`",
                )

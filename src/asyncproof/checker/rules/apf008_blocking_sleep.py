"""APF008: `time.sleep` in a coroutine blocks every task on the loop."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import dotted
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["blocking_sleep"]


@rule(
    "APF008",
    "blocking-sleep",
    summary="`time.sleep()` inside `async def`.",
    message="`time.sleep()` in `async def` blocks the event loop: use `await asyncio.sleep()`",
)
def blocking_sleep(info: ModuleInfo) -> Iterator[Hit]:
    """Hit `time.sleep()` calls inside `async def`."""
    if info.source and "sleep" not in info.source:
        return
    for call, func in info.of(ast.Call):
        if type(func) is not ast.AsyncFunctionDef:
            continue
        target = call.func
        # `x.y` resolves to `….y`: only an attribute named `sleep` can be `time.sleep`.
        if type(target) is ast.Attribute and target.attr != "sleep":
            continue
        if info.qualname(target) != "time.sleep" or _on_purpose(info.lines, call.lineno):
            continue
        test = _outermost(info, func)
        if _expects_timeout(test) or _BLOCKING_NAME.search(getattr(test, "name", "")):
            continue  # blocking the loop is the test's subject, or how it provokes a timeout
        yield hit(call)


def _outermost(info: ModuleInfo, func: ast.AST) -> ast.AST:
    """The function `func` is nested in (the test), or `func` itself."""
    parent = info.parents.get(func)
    while parent is not None and type(parent) not in (ast.Module, ast.ClassDef):
        if type(parent) in (ast.FunctionDef, ast.AsyncFunctionDef):
            func = parent
        parent = info.parents.get(parent)
    return func


def _expects_timeout(func: ast.AST) -> bool:
    """True if `func` expects a timeout: `pytest.raises(asyncio.TimeoutError)`,
    `self.assertRaises(TimeoutError)`."""
    for node in ast.walk(func):
        if type(node) is not ast.Call or not node.args:
            continue
        callee = dotted(node.func) or ""
        if not callee.endswith(("raises", "assertRaises")):
            continue
        for inner in ast.walk(node.args[0]):
            if (dotted(inner) or "").endswith("TimeoutError"):
                return True
    return False


# `time.sleep`, "sync sleeps", "a blocking sleep", "hold the event loop", "blocks the loop".
_SAYS_BLOCKING = re.compile(
    r"time\.sleep|\b(sync|synchronous|blocking)\s+sleeps?\b"
    r"|\b(block|hold)(s|ing)?\s+the\s+(event\s+)?loop\b",
    re.IGNORECASE,
)


# A test named for the blocking it does: `test_timeout_blocking_loop`, `test_…_sync_sleep`.
# (`test_request_blocking_behaviour` is about another kind of blocking: still reported.)
_BLOCKING_NAME = re.compile(
    r"block(s|ed|ing)?_(the_)?(event_)?loop|(sync|blocking|time)_sleep", re.IGNORECASE
)


def _on_purpose(lines: list[str], lineno: int) -> bool:
    """True if a comment on the call's line or the five above says the sleep blocks on
    purpose (names `time.sleep`, a sync sleep or blocking the loop): a test whose subject is
    the blocking sleep says so."""
    for text in lines[max(0, lineno - 6) : lineno]:
        _, hash_, comment = text.partition("#")
        if hash_ and _SAYS_BLOCKING.search(comment):
            return True
    return False

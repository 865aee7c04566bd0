"""APF004: a coroutine created and dropped.

Only what is statically certain is reported: calls to `async def` functions of the same
module (`self.method()` inside their class) and to `AsyncMock` objects assigned in the same
function, when the call is a statement of its own or its result is never used. A coroutine
passed anywhere (`gather`, `create_task`, `run_with_timeout`, a list) is not reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import Function, dotted, local_names
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["coroutine_not_awaited"]

# Decorators that keep a coroutine function a coroutine function.
_TRANSPARENT = frozenset({"staticmethod", "classmethod"})


def _plain_async(info: ModuleInfo, func: ast.AST) -> bool:
    return type(func) is ast.AsyncFunctionDef and all(
        name in _TRANSPARENT for name in info.decorators(func)
    )


def _is_async_mock(info: ModuleInfo, value: ast.AST) -> bool:
    if type(value) is not ast.Call:
        return False
    name = info.qualname(value.func) or ""
    if name.endswith("AsyncMock"):
        return True
    if ".patch" not in name and not name.startswith("patch"):
        return False
    # mocker.patch(..., new_callable=AsyncMock) / new=AsyncMock(...) return the AsyncMock
    for kw in value.keywords:
        if kw.arg == "new_callable" and (info.qualname(kw.value) or "").endswith("AsyncMock"):
            return True
        if kw.arg == "new" and _is_async_mock(info, kw.value):
            return True
    return False


def _loaded(func: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(func) if type(n) is ast.Name and type(n.ctx) is ast.Load}


@rule(
    "APF004",
    "coroutine-not-awaited",
    summary="A coroutine function (or `AsyncMock`) called without `await`.",
    message="coroutine `{call}()` is {what} but never awaited",
)
def coroutine_not_awaited(info: ModuleInfo) -> Iterator[Hit]:
    """Hit coroutine calls that are a statement of their own or assigned and never read."""
    module_async = {
        stmt.name
        for stmt in info.tree.body
        if isinstance(stmt, ast.AsyncFunctionDef) and _plain_async(info, stmt)
    }
    # Per class, filled on first use: most classes never see a `self.method()` statement.
    class_async: dict[ast.ClassDef, set[str]] = {}

    def async_methods(cls: ast.ClassDef) -> set[str]:
        names = class_async.get(cls)
        if names is None:
            names = class_async[cls] = {
                stmt.name
                for stmt in cls.body
                if isinstance(stmt, ast.AsyncFunctionDef)
                and stmt in info.classes
                and _plain_async(info, stmt)
            }
        return names

    mocks: dict[Function, set[str]] = {}
    for stmt, func in info.of(ast.Assign):
        if func is not None and _is_async_mock(info, stmt.value):
            names = mocks.setdefault(func, set())
            names.update(t for t in map(dotted, stmt.targets) if t)
    if not (module_async or info.classes or mocks):
        return
    shadowed: dict[Function, set[str]] = {}

    def coroutine_name(call: ast.AST, func: Function | None) -> str | None:
        if type(call) is not ast.Call:
            return None
        target = call.func
        name = dotted(target)
        if name is None:
            return None
        if type(target) is ast.Name and name in module_async:
            if func is None:
                return name
            if func not in shadowed:
                shadowed[func] = local_names(func)
            return None if name in shadowed[func] else name
        if type(target) is ast.Attribute and type(target.value) is ast.Name:
            cls = info.classes.get(func) if func is not None else None
            if (
                cls is not None
                and target.value.id in ("self", "cls")
                and target.attr in async_methods(cls)
            ):
                return name
        if func is not None and name in mocks.get(func, ()):
            return name
        return None

    for expr, func in info.of(ast.Expr):
        name = coroutine_name(expr.value, func)
        if name is not None:
            yield hit(expr, call=name, what="called")
    for stmt, func in info.of(ast.Assign):
        target = stmt.targets[0]
        if func is None or len(stmt.targets) != 1 or type(target) is not ast.Name:
            continue
        name = coroutine_name(stmt.value, func)
        if name is not None and target.id not in _loaded(func):
            yield hit(stmt, call=name, what=f"assigned to `{target.id}`")

"""APF004: a coroutine created and dropped.

Only what is statically certain is reported: calls to ``async def`` functions of the same
module (``self.method()`` inside their class) and to ``AsyncMock`` objects assigned in the same
function, when the call is a statement of its own or its result is never used. A coroutine
passed anywhere (``gather``, ``create_task``, ``run_with_timeout``, a list) is not reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo, dotted
from asyncproof.checker.rules._common import finding, local_names

__all__ = ["check"]

# Decorators that keep a coroutine function a coroutine function.
_TRANSPARENT = frozenset({"staticmethod", "classmethod"})


def _plain_async(info: ModuleInfo, func: ast.AST) -> bool:
    return type(func) is ast.AsyncFunctionDef and all(
        name in _TRANSPARENT for name in info.decorators(func)
    )


def _is_async_mock(info: ModuleInfo, value: ast.AST) -> bool:
    if type(value) is not ast.Call:
        return False
    name = info.qualname(value.func) or ""  # type: ignore[attr-defined]
    if name.endswith("AsyncMock"):
        return True
    if ".patch" not in name and not name.startswith("patch"):
        return False
    # mocker.patch(..., new_callable=AsyncMock) / new=AsyncMock(...) return the AsyncMock
    for kw in value.keywords:  # type: ignore[attr-defined]
        if kw.arg == "new_callable" and (info.qualname(kw.value) or "").endswith("AsyncMock"):
            return True
        if kw.arg == "new" and _is_async_mock(info, kw.value):
            return True
    return False


def _loaded(func: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(func) if type(n) is ast.Name and type(n.ctx) is ast.Load}


def check(info: ModuleInfo) -> Iterator[Diagnostic]:
    """Yield APF004 findings."""
    module_async = {
        stmt.name
        for stmt in info.tree.body
        if _plain_async(info, stmt)  # type: ignore[attr-defined]
    }
    # Per class, filled on first use: most classes never see a `self.method()` statement.
    class_async: dict[ast.AST, set[str]] = {}

    def async_methods(cls: ast.AST) -> set[str]:
        names = class_async.get(cls)
        if names is None:
            names = class_async[cls] = {
                stmt.name  # type: ignore[attr-defined]
                for stmt in cls.body  # type: ignore[attr-defined]
                if stmt in info.classes and _plain_async(info, stmt)
            }
        return names

    mocks: dict[ast.AST, set[str]] = {}
    for stmt, func in info.of(ast.Assign):
        if func is not None and _is_async_mock(info, stmt.value):  # type: ignore[attr-defined]
            names = mocks.setdefault(func, set())
            names.update(t for t in map(dotted, stmt.targets) if t)  # type: ignore[attr-defined]
    if not (module_async or info.classes or mocks):
        return
    shadowed: dict[ast.AST, set[str]] = {}

    def coroutine_name(call: ast.AST, func: ast.AST | None) -> str | None:
        if type(call) is not ast.Call:
            return None
        target = call.func  # type: ignore[attr-defined]
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

    for stmt, func in info.of(ast.Expr):
        name = coroutine_name(stmt.value, func)  # type: ignore[attr-defined]
        if name is not None:
            yield finding(info, stmt, "APF004", f"coroutine `{name}()` is called but never awaited")
    for stmt, func in info.of(ast.Assign):
        targets = stmt.targets  # type: ignore[attr-defined]
        if func is None or len(targets) != 1 or type(targets[0]) is not ast.Name:
            continue
        name = coroutine_name(stmt.value, func)  # type: ignore[attr-defined]
        if name is not None and targets[0].id not in _loaded(func):
            yield finding(
                info,
                stmt,
                "APF004",
                f"coroutine `{name}()` is assigned to `{targets[0].id}` but never awaited",
            )

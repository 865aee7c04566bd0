"""AST questions the rules and `asyncproof migrate` both ask, answered in one place."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from asyncproof.checker.module import ModuleInfo

__all__ = [
    "Function",
    "dotted",
    "event_loop_params",
    "is_fixture",
    "is_mocker_patch",
    "is_test_function",
    "local_names",
    "loop_factory",
    "parameters",
]

Function: TypeAlias = ast.FunctionDef | ast.AsyncFunctionDef

_FIXTURES = frozenset({"pytest.fixture", "pytest_asyncio.fixture", "fixture"})
_LOOP_FACTORIES = frozenset({"asyncio.new_event_loop", "asyncio.get_event_loop"})
_MOCKERS = frozenset(
    {"mocker", "module_mocker", "class_mocker", "package_mocker", "session_mocker"}
)


def dotted(node: ast.AST) -> str | None:
    """Return `a.b.c` for a Name/Attribute chain, None for anything else."""
    if type(node) is ast.Name:
        return node.id
    if type(node) is not ast.Attribute:
        return None
    parts = []
    while type(node) is ast.Attribute:
        parts.append(node.attr)
        node = node.value
    if type(node) is not ast.Name:
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def parameters(func: Function) -> tuple[ast.arg, ...]:
    """The parameters a caller can name: positional-only, ordinary and keyword-only."""
    args = func.args
    return (*args.posonlyargs, *args.args, *args.kwonlyargs)


def event_loop_params(func: Function) -> list[ast.arg]:
    """The parameters of `func` that request pytest-asyncio's removed `event_loop` fixture."""
    return [arg for arg in parameters(func) if arg.arg == "event_loop"]


def local_names(func: Function) -> set[str]:
    """Parameters and names bound inside `func` (they shadow module-level names)."""
    args = func.args
    names = {a.arg for a in parameters(func)}
    names.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
    for node in ast.walk(func):
        if type(node) is ast.Name and type(node.ctx) is ast.Store:
            names.add(node.id)
    return names


def loop_factory(info: ModuleInfo, call: ast.Call) -> str | None:
    """`"asyncio.new_event_loop"` or `"asyncio.get_event_loop"` when `call` makes a loop.

    `asyncio.get_event_loop_policy().new_event_loop()` counts as `asyncio.new_event_loop`.
    """
    name = info.qualname(call.func)
    if name in _LOOP_FACTORIES:
        return name
    func = call.func
    if (
        type(func) is ast.Attribute
        and func.attr == "new_event_loop"
        and type(func.value) is ast.Call
        and info.qualname(func.value.func) == "asyncio.get_event_loop_policy"
    ):
        return "asyncio.new_event_loop"
    return None


def is_mocker_patch(expr: ast.AST) -> bool:
    """True for a call to `mocker.patch`, `mocker.patch.object`, `.dict`, `.multiple`."""
    if type(expr) is not ast.Call:
        return False
    name = dotted(expr.func)
    if name is None:
        return False
    parts = name.split(".")
    return len(parts) >= 2 and parts[0] in _MOCKERS and parts[1] == "patch"


def is_fixture(info: ModuleInfo, func: ast.AST) -> bool:
    """True for a function decorated with `pytest.fixture` or `pytest_asyncio.fixture`."""
    return not _FIXTURES.isdisjoint(info.decorators(func))


def is_test_function(info: ModuleInfo, func: ast.AST) -> bool:
    """True when pytest collects `func`: `test*` at module level or in a `Test*` class.

    A fixture is never a test, whatever its name (pytest does not collect it).
    """
    found = info.tests.get(func)
    if found is None:
        found = info.tests[func] = _is_test_function(info, func)
    return found


def _is_test_function(info: ModuleInfo, func: ast.AST) -> bool:
    if not getattr(func, "name", "").startswith("test") or info.path.endswith("conftest.py"):
        return False  # pytest collects no tests from a conftest.py
    if is_fixture(info, func):
        return False
    parent = info.parents.get(func)
    if type(parent) is ast.Module:
        return True
    return type(parent) is ast.ClassDef and parent.name.startswith("Test")

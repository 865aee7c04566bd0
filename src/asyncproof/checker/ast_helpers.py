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
    "in_forked_child",
    "is_fixture",
    "is_mocker_patch",
    "is_test_function",
    "local_names",
    "loop_factory",
    "parameters",
    "requested_fixtures",
    "runner_param_fixtures",
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
    # pytest collects `Test*` classes at module level (or nested in one), not a class a
    # function defines for its own use.
    while type(parent) is ast.ClassDef and parent.name.startswith("Test"):
        parent = info.parents.get(parent)
        if type(parent) is ast.Module:
            return True
    return False


def runner_param_fixtures(tree: ast.Module, marks: tuple[str, ...]) -> set[str]:
    """Fixtures whose `params` carry one of `marks` (`pytest.param("asyncio",
    marks=pytest.mark.asyncio)`): every test that requests one is marked through it."""
    found = set()
    for node in ast.walk(tree):
        if type(node) not in (ast.FunctionDef, ast.AsyncFunctionDef):
            continue
        for deco in node.decorator_list:  # type: ignore[attr-defined]
            if type(deco) is not ast.Call or not (dotted(deco.func) or "").endswith("fixture"):
                continue
            for kw in deco.keywords:
                if kw.arg == "params" and _carries_mark(kw.value, marks):
                    found.add(node.name)  # type: ignore[attr-defined]
    return found


def _carries_mark(expr: ast.AST, marks: tuple[str, ...]) -> bool:
    for node in ast.walk(expr):
        if type(node) is ast.keyword and node.arg == "marks":
            for inner in ast.walk(node.value):
                name = dotted(inner) or ""
                if name.rsplit(".", 1)[-1] in marks and ".mark." in f".{name}":
                    return True
    return False


def requested_fixtures(info: ModuleInfo, func: Function) -> set[str]:
    """Fixtures `func` asks for: its parameters and `@pytest.mark.usefixtures(...)` on it or
    its class."""
    names = {arg.arg for arg in parameters(func)}
    cls = info.classes.get(func)
    for scope in (func, cls) if cls is not None else (func,):
        for deco in scope.decorator_list:
            if type(deco) is ast.Call and (dotted(deco.func) or "").endswith("usefixtures"):
                names.update(
                    arg.value
                    for arg in deco.args
                    if type(arg) is ast.Constant and isinstance(arg.value, str)
                )
    return names


def in_forked_child(info: ModuleInfo, node: ast.AST, func: Function | None) -> bool:
    """True if `node` runs only in the child of an `os.fork()` in `func`
    (`pid = os.fork()` ... `if pid == 0:` / `if not pid:`): no loop runs there, and the
    child leaves through `os._exit`, taking its resources with it."""
    if func is None or (info.source and "fork" not in info.source):
        return False
    forked = {
        target.id
        for stmt in ast.walk(func)
        if type(stmt) is ast.Assign
        and type(stmt.value) is ast.Call
        and info.qualname(stmt.value.func) == "os.fork"
        for target in stmt.targets
        if type(target) is ast.Name
    }
    if not forked:
        return False
    child = info.statements.get(node, node)
    parent = info.parents.get(child)
    while parent is not None and parent is not func:
        if type(parent) is ast.If and child in parent.body and _is_child_test(parent.test, forked):
            return True
        child, parent = parent, info.parents.get(parent)
    return False


def _is_child_test(test: ast.expr, forked: set[str]) -> bool:
    """`pid == 0`, `0 == pid` or `not pid` for a name bound to `os.fork()`."""
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        return type(test.operand) is ast.Name and test.operand.id in forked
    if type(test) is not ast.Compare or len(test.ops) != 1 or type(test.ops[0]) is not ast.Eq:
        return False
    sides = (test.left, test.comparators[0])
    names = {n.id for n in sides if type(n) is ast.Name}
    zero = any(type(n) is ast.Constant and n.value == 0 for n in sides)
    return zero and not names.isdisjoint(forked)

"""APF009: an exception message compared exactly with a formatted string (a copy of values)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import Function, dotted
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["exact_error_message"]


def _is_version(expr: ast.AST) -> bool:
    """`httpx.__version__`, `sys.version`, `platform.python_version()`: a version string."""
    if type(expr) is ast.Call and not expr.args:
        expr = expr.func
    name = dotted(expr) or ""
    return name.rpartition(".")[2].strip("_").endswith("version")


def _interpolated(expr: ast.AST) -> list[ast.expr] | None:
    """The values a formatted string interpolates; None if `expr` is not one."""
    if type(expr) is ast.JoinedStr:
        return [v.value for v in expr.values if type(v) is ast.FormattedValue]
    if type(expr) is ast.BinOp and type(expr.op) is ast.Mod:
        left = expr.left
        if type(left) is ast.Constant and isinstance(left.value, str):
            right = expr.right
            return list(right.elts) if type(right) is ast.Tuple else [right]
        return None
    if type(expr) is ast.Call and type(expr.func) is ast.Attribute and expr.func.attr == "format":
        value = expr.func.value
        if type(value) is ast.Constant and isinstance(value.value, str):
            return [*expr.args, *(kw.value for kw in expr.keywords)]
    return None


def _is_formatted(expr: ast.AST) -> bool:
    """A formatted string that copies a value (a library's version string does not count:
    a message that names it is still the library's own wording)."""
    values = _interpolated(expr)
    return values is not None and not all(map(_is_version, values))


def _exception_names(info: ModuleInfo, func: ast.AST) -> set[str]:
    """Names bound to a caught exception or a `pytest.raises`/`assertRaises` context."""
    names = set()
    for node in ast.walk(func):
        if type(node) is ast.ExceptHandler and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                expr = item.context_expr
                if type(expr) is not ast.Call or type(item.optional_vars) is not ast.Name:
                    continue
                name = info.qualname(expr.func) or ""
                if name == "pytest.raises" or name.endswith(("assertRaises", "assertRaisesRegex")):
                    names.add(item.optional_vars.id)
    return names


def _is_message(expr: ast.AST, excs: set[str], messages: set[str]) -> bool:
    """`str(e)`, `str(e.value)`, `e.value.args[0]`, `e.exception.message`, or a copy."""
    if type(expr) is ast.Name:
        return expr.id in messages
    if type(expr) is ast.Call and type(expr.func) is ast.Name and expr.func.id in ("str", "repr"):
        if len(expr.args) != 1:
            return False
        expr = expr.args[0]
    elif type(expr) is ast.Subscript:
        expr = expr.value
        if type(expr) is ast.Attribute and expr.attr == "args":
            expr = expr.value
        else:
            return False
    elif type(expr) is ast.Attribute and expr.attr in ("message", "msg"):
        expr = expr.value
    name = dotted(expr)
    if name is None:
        return False
    head, _, tail = name.partition(".")
    return head in excs and tail in ("", "value", "exception")


@rule(
    "APF009",
    "exact-error-message",
    summary="An exception message compared for equality with a formatted string.",
    message="exception message compared exactly with a formatted string: match a "
    "pattern instead (`pytest.raises(match=...)`, `re.search`)",
    test_only=True,
)
def exact_error_message(info: ModuleInfo) -> Iterator[Hit]:
    """Hit `==`/`!=`/`assertEqual` between a caught exception's message and a formatted string."""
    by_func: dict[Function, list[tuple[ast.expr, ast.expr, ast.expr]]] = {}
    for compare, func in info.of(ast.Compare):
        if func is None or len(compare.ops) != 1 or type(compare.ops[0]) not in (ast.Eq, ast.NotEq):
            continue
        by_func.setdefault(func, []).append((compare, compare.left, compare.comparators[0]))
    for call, func in info.of(ast.Call):
        target = call.func
        if (
            func is not None
            and type(target) is ast.Attribute
            and target.attr in ("assertEqual", "assertEquals")
            and len(call.args) >= 2
        ):
            by_func.setdefault(func, []).append((call, call.args[0], call.args[1]))
    for func, comparisons in by_func.items():
        if not any(_is_formatted(a) or _is_formatted(b) for _, a, b in comparisons):
            continue
        excs = _exception_names(info, func)
        if not excs:
            continue
        messages = set()
        for node in ast.walk(func):
            if (
                type(node) is ast.Assign
                and len(node.targets) == 1
                and type(node.targets[0]) is ast.Name
                and _is_message(node.value, excs, set())
            ):
                messages.add(node.targets[0].id)
        for node, left, right in comparisons:
            if (_is_formatted(right) and _is_message(left, excs, messages)) or (
                _is_formatted(left) and _is_message(right, excs, messages)
            ):
                yield hit(node)

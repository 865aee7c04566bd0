"""APF009 and APF010: what a test checks, and how it checks an error message."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo, dotted, is_test_function
from asyncproof.checker.rules._common import finding

__all__ = ["check"]

# Calls that check something or end the test on purpose.
_RAISES = frozenset(
    {
        "pytest.raises",
        "pytest.warns",
        "pytest.deprecated_call",
        "pytest.fail",
        "pytest.skip",
        "pytest.xfail",
        "pytest.importorskip",
    }
)
# pytester's LineMatcher checks: they fail the test like an assert.
_MATCHERS = frozenset({"fnmatch_lines", "no_fnmatch_line", "re_match_lines", "no_re_match_line"})
_SKIPS = frozenset({"pytest.mark.skip", "pytest.mark.skipif", "pytest.mark.xfail"})


def check(info: ModuleInfo) -> Iterator[Diagnostic]:
    """Yield APF009 and APF010 findings."""
    yield from _exact_messages(info)
    yield from _no_assertion(info)


# --- APF009 -------------------------------------------------------------------------------


def _is_formatted(expr: ast.AST) -> bool:
    kind = type(expr)
    if kind is ast.JoinedStr:
        return any(type(v) is ast.FormattedValue for v in expr.values)  # type: ignore[attr-defined]
    if kind is ast.BinOp and type(expr.op) is ast.Mod:  # type: ignore[attr-defined]
        left = expr.left  # type: ignore[attr-defined]
        return type(left) is ast.Constant and isinstance(left.value, str)
    if kind is ast.Call and type(expr.func) is ast.Attribute and expr.func.attr == "format":  # type: ignore[attr-defined]
        return type(expr.func.value) is ast.Constant and isinstance(expr.func.value.value, str)  # type: ignore[attr-defined]
    return False


def _exception_names(info: ModuleInfo, func: ast.AST) -> set[str]:
    """Names bound to a caught exception or a ``pytest.raises``/``assertRaises`` context."""
    names = set()
    for node in ast.walk(func):
        if type(node) is ast.ExceptHandler and node.name:
            names.add(node.name)
        elif type(node) in (ast.With, ast.AsyncWith):
            for item in node.items:  # type: ignore[attr-defined]
                expr = item.context_expr
                if type(expr) is not ast.Call or type(item.optional_vars) is not ast.Name:
                    continue
                name = info.qualname(expr.func) or ""
                if name == "pytest.raises" or name.endswith(("assertRaises", "assertRaisesRegex")):
                    names.add(item.optional_vars.id)
    return names


def _is_message(expr: ast.AST, excs: set[str], messages: set[str]) -> bool:
    """``str(e)``, ``str(e.value)``, ``e.value.args[0]``, ``e.exception.message``, or a copy."""
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


def _exact_messages(info: ModuleInfo) -> Iterator[Diagnostic]:
    by_func: dict[ast.AST, list[tuple[ast.AST, ast.AST, ast.AST]]] = {}
    for node, func in info.of(ast.Compare):
        if func is None or len(node.ops) != 1 or type(node.ops[0]) not in (ast.Eq, ast.NotEq):  # type: ignore[attr-defined]
            continue
        by_func.setdefault(func, []).append((node, node.left, node.comparators[0]))  # type: ignore[attr-defined]
    for node, func in info.of(ast.Call):
        target = node.func  # type: ignore[attr-defined]
        if (
            func is not None
            and type(target) is ast.Attribute
            and target.attr in ("assertEqual", "assertEquals")
            and len(node.args) >= 2  # type: ignore[attr-defined]
        ):
            by_func.setdefault(func, []).append((node, node.args[0], node.args[1]))  # type: ignore[attr-defined]
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
                yield finding(
                    info,
                    node,
                    "APF009",
                    "exception message compared exactly with a formatted string: match a "
                    "pattern instead (`pytest.raises(match=...)`, `re.search`)",
                )


# --- APF010 -------------------------------------------------------------------------------


def _asserting_helpers(info: ModuleInfo) -> set[str]:
    """Names of functions and methods that assert (directly, or through another such helper)."""
    funcs = {func.name: func for func in info.functions() if not is_test_function(info, func)}
    asserting: set[str] = set()
    changed = True
    while changed:  # a fixed point: helpers calling helpers
        changed = False
        for name, func in funcs.items():
            if name not in asserting and _asserts(info, func, asserting):
                asserting.add(name)
                changed = True
    return asserting


def _asserts(info: ModuleInfo, func: ast.AST, helpers: set[str]) -> bool:
    if info.within(func, ast.Assert) or info.within(func, ast.Raise):
        return True
    for node in info.within(func, ast.Call):
        target = node.func  # type: ignore[attr-defined]
        last = target.attr if type(target) is ast.Attribute else getattr(target, "id", "")
        if last.startswith(("assert", "fail")) or last in helpers or last in _MATCHERS:
            return True
        if info.qualname(target) in _RAISES:
            return True
    return False


def _no_assertion(info: ModuleInfo) -> Iterator[Diagnostic]:
    helpers: set[str] | None = None
    for func in info.functions():
        if not is_test_function(info, func):
            continue
        args = {a.arg for a in func.args.args}
        if "benchmark" in args:  # pytest-benchmark measures; asserting is optional
            continue
        decorators = set(info.decorators(func))
        cls = info.classes.get(func)
        if cls is not None:
            decorators.update(info.decorators(cls))
        if decorators & _SKIPS:
            continue
        if helpers is None:
            helpers = _asserting_helpers(info)
        if not _asserts(info, func, helpers):
            yield finding(info, func, "APF010", f"test `{func.name}` asserts nothing")

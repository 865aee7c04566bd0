"""APF012: a test turned into a fixture by mistake: it never runs."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import is_fixture
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["fixture_named_like_a_test"]

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


@rule(
    "APF012",
    "fixture-named-like-a-test",
    summary="A `test_*` function decorated as a fixture that provides nothing and asserts.",
    message="`{name}` is a fixture, so pytest never runs it as a test: remove the fixture "
    "decorator",
    test_only=True,
)
def fixture_named_like_a_test(info: ModuleInfo) -> Iterator[Hit]:
    """Hit fixtures named `test_*` whose body asserts and provides no value.

    A fixture named `test_client` that returns a client is a fixture on purpose; one that
    yields or returns nothing and asserts is a test someone decorated by mistake.
    """
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = [
        *(func for func, _ in info.of(ast.FunctionDef)),
        *(func for func, _ in info.of(ast.AsyncFunctionDef)),
    ]
    for func in functions:
        if func.name.startswith("test") and is_fixture(info, func) and _is_a_test(func):
            yield hit(func, name=func.name)


def _is_a_test(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    asserts = False
    pending: list[ast.AST] = list(func.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Yield | ast.YieldFrom):
            return False  # provides a value (or a teardown point): a fixture
        if isinstance(node, ast.Return) and node.value is not None:
            return False
        if isinstance(node, ast.Assert) or _is_pytest_raises(node):
            asserts = True
        if not isinstance(node, _SCOPES):  # nested functions and classes are their own
            pending.extend(ast.iter_child_nodes(node))
    return asserts


def _is_pytest_raises(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"raises", "warns", "fail"}
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "pytest"
    )

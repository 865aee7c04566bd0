"""APF010: a test that checks nothing."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import is_test_function
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["test_without_assertion"]

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
    if info.within(func, ast.Assert):
        return True
    if info.within(func, ast.Raise):
        return True
    for node in info.within(func, ast.Call):
        target = node.func
        last = target.attr if type(target) is ast.Attribute else getattr(target, "id", "")
        if last.startswith(("assert", "fail")) or last in helpers or last in _MATCHERS:
            return True
        if info.qualname(target) in _RAISES:
            return True
    return False


@rule(
    "APF010",
    "test-without-assertion",
    summary="A test that asserts nothing (no assert, `pytest.raises`, or `assert_*` call).",
    message="test `{test}` asserts nothing",
)
def test_without_assertion(info: ModuleInfo) -> Iterator[Hit]:
    """Hit tests that neither assert nor call anything that asserts, skipped ones aside."""
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
            yield hit(func, test=func.name)

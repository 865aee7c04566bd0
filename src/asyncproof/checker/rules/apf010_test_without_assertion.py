"""APF010: a test that checks nothing."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import Function, is_fixture, is_test_function, parameters
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
_SKIPS = frozenset(
    {
        "pytest.mark.skip",
        "pytest.mark.skipif",
        "pytest.mark.xfail",
        "unittest.expectedFailure",
        "unittest.skip",
        "unittest.skipIf",
        "unittest.skipUnless",
    }
)
# Calls that fail the test when what they wait for does not come or a warning is raised.
_CHECKING_CALLS = frozenset(
    {"asyncio.wait_for", "warnings.simplefilter", "warnings.filterwarnings"}
)
# A test whose name or docstring says it checks that nothing raises.
_NO_RAISE = re.compile(
    r"not[_ ]raise|doesnt[_ ]raise|no[_ ](error|exception|crash|raise)|not[_ ](fail|crash)"
    r"|without (an? )?(error|exception)|should succeed|_ok$|(^|_)valid(_|$)",
    re.IGNORECASE,
)


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
        # A call to another test (`test_read_main()` of a docs example) runs its checks.
        if last.lstrip("_").startswith(("assert", "fail", "test_")) or last in (
            helpers | _MATCHERS
        ):
            return True
        name = info.qualname(target)
        if name in _RAISES:
            return True
        if name in _CHECKING_CALLS and (name == "asyncio.wait_for" or _first_arg(node) == "error"):
            return True
    return False


def _first_arg(call: ast.Call) -> object:
    first = call.args[0] if call.args else None
    return first.value if type(first) is ast.Constant else None


def _asserting_mark(name: str) -> bool:
    """A marker that checks the test's outcome (`raises`, `raises_strawberry_exception`)."""
    return name.startswith("pytest.mark.") and "raises" in name.rpartition(".")[2]


def _says_nothing_raises(info: ModuleInfo, func: Function) -> bool:
    """True if the test's name, docstring or a comment in it says that nothing must raise."""
    if _NO_RAISE.search(func.name) or _NO_RAISE.search(ast.get_docstring(func) or ""):
        return True
    lines = info.lines[func.lineno - 1 : func.end_lineno]
    return any(_NO_RAISE.search(line.partition("#")[2]) for line in lines if "#" in line)


@rule(
    "APF010",
    "test-without-assertion",
    summary="A test that asserts nothing (no assert, `pytest.raises`, or `assert_*` call).",
    message="test `{test}` asserts nothing",
    opt_in=True,
    test_only=True,
)
def test_without_assertion(info: ModuleInfo) -> Iterator[Hit]:
    """Hit tests that neither assert nor call anything that asserts, skipped ones aside."""
    helpers: set[str] | None = None
    for func in info.functions():
        if not is_test_function(info, func):
            continue
        args = {a.arg for a in parameters(func)}
        if "benchmark" in args:  # pytest-benchmark measures; asserting is optional
            continue
        decorators = set(info.decorators(func))
        cls = info.classes.get(func)
        if cls is not None:
            decorators.update(info.decorators(cls))
        if decorators & _SKIPS or any(map(_asserting_mark, decorators)):
            continue
        if helpers is None:
            helpers = _asserting_helpers(info)
            helpers |= _autouse_checks(info, helpers)
        # An asserting fixture it requests, or an autouse one of the module, checks for it.
        if args & helpers or _AUTOUSE in helpers:
            continue
        if not _asserts(info, func, helpers) and not _says_nothing_raises(info, func):
            yield hit(func, test=func.name)


_AUTOUSE = "<autouse>"


def _autouse_checks(info: ModuleInfo, helpers: set[str]) -> set[str]:
    """`{_AUTOUSE}` if an autouse fixture of the module asserts, else nothing."""
    for func in info.functions():
        if func.name in helpers and is_fixture(info, func):
            for deco in func.decorator_list:
                if type(deco) is ast.Call and any(
                    kw.arg == "autouse"
                    and type(kw.value) is ast.Constant
                    and kw.value.value is True
                    for kw in deco.keywords
                ):
                    return {_AUTOUSE}
    return set()

"""APF003: ``with mocker.patch(...)``.

pytest-mock starts the patch when ``mocker.patch`` is called and stops it at teardown; the mock
it returns is not a context manager for the patch, and ``as name`` binds something else.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo, dotted
from asyncproof.checker.rules._common import finding

__all__ = ["check", "is_mocker_patch"]

_MOCKERS = frozenset(
    {"mocker", "module_mocker", "class_mocker", "package_mocker", "session_mocker"}
)


def is_mocker_patch(expr: ast.AST) -> bool:
    """True for a call to ``mocker.patch``, ``mocker.patch.object``, ``.dict``, ``.multiple``."""
    if type(expr) is not ast.Call:
        return False
    name = dotted(expr.func)  # type: ignore[attr-defined]
    if name is None:
        return False
    parts = name.split(".")
    return len(parts) >= 2 and parts[0] in _MOCKERS and parts[1] == "patch"


def check(info: ModuleInfo) -> Iterator[Diagnostic]:
    """Yield APF003 findings."""
    for kind in (ast.With, ast.AsyncWith):
        for node, _ in info.of(kind):
            for item in node.items:  # type: ignore[attr-defined]
                if is_mocker_patch(item.context_expr):
                    yield finding(
                        info,
                        item.context_expr,
                        "APF003",
                        "`mocker.patch` used as a context manager: call it directly, "
                        "pytest-mock undoes it at teardown",
                    )

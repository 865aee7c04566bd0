"""Helpers shared by the rule modules."""

from __future__ import annotations

import ast

from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo

__all__ = ["finding", "local_names"]


def finding(info: ModuleInfo, node: ast.AST, code: str, message: str) -> Diagnostic:
    """Build a diagnostic at `node`'s start (1-based column, like ruff)."""
    return Diagnostic(info.path, node.lineno, node.col_offset + 1, code, message)  # type: ignore[attr-defined]


def local_names(func: ast.AST) -> set[str]:
    """Parameters and names bound inside `func` (they shadow module-level names)."""
    args = func.args  # type: ignore[attr-defined]
    names = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    names.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
    for node in ast.walk(func):
        if type(node) is ast.Name and type(node.ctx) is ast.Store:
            names.add(node.id)
    return names

"""A libcst transformer that spends its time on the nodes it rewrites.

libcst's `CSTTransformer` builds the names `visit_<Node>` and `leave_<Node>` and looks them up
for every node it visits, `visit_<Node>_<field>` and `leave_<Node>_<field>` for every field of
every node, and rebuilds every node, down to each run of spaces. `Transformer` looks its
methods up once per node type, has no per-field hooks (a subclass that defines one is
refused), and leaves as they are the tokens it has no method for (whitespace, commas,
operators, names, literals), under which nothing can change, and the nodes in its `skip`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any, ClassVar

import libcst as cst

__all__ = ["Transformer"]

_FIELD_HOOK = re.compile(r"(visit|leave)_[A-Z][A-Za-z]*_[a-z]\w*")


def _classes(*modules: str) -> set[type]:
    """libcst's public node classes defined in `modules` (none if libcst moves them: slower)."""
    return {
        c
        for c in vars(cst).values()
        if inspect.isclass(c) and issubclass(c, cst.CSTNode) and c.__module__ in modules
    }


# Nodes made of whitespace and punctuation only.
_TOKENS = frozenset(
    _classes("libcst._nodes.whitespace", "libcst._nodes.op")
    | {
        cst.LeftParen,
        cst.RightParen,
        cst.LeftSquareBracket,
        cst.RightSquareBracket,
        cst.LeftCurlyBrace,
        cst.RightCurlyBrace,
        cst.Asynchronous,
    }
)
# Nodes whose children are tokens only (their parentheses).
_LEAVES = frozenset({cst.Name, cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary})


class Transformer(cst.CSTTransformer):
    """`CSTTransformer` without per-field hooks, its methods found once per node type."""

    _visits: ClassVar[dict[type, Callable[..., Any] | None]]
    _leaves: ClassVar[dict[type, Callable[..., Any] | None]]
    _untouched: ClassVar[frozenset[type]]  # node types visited without rebuilding
    skip: frozenset[cst.CSTNode] = frozenset()  # nodes to leave as they are, children too

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [k for k in cls.__mro__ if issubclass(k, Transformer) and k is not Transformer]
        names = {name for k in own for name in vars(k)}
        hooks = sorted(name for name in names if _FIELD_HOOK.fullmatch(name))
        if hooks:
            raise TypeError(f"{cls.__name__}: per-field hooks are not called: {hooks}")
        hooked = {name.split("_", 1)[1] for name in names if name.startswith(("visit_", "leave_"))}
        leaves = {t for t in _LEAVES if t.__name__ not in hooked}
        tokens = set() if any(t.__name__ in hooked for t in _TOKENS) else _TOKENS
        cls._untouched = frozenset(leaves | tokens) if tokens else frozenset()
        cls._visits = {}
        cls._leaves = {}

    def on_visit(self, node: cst.CSTNode) -> bool:
        kind = type(node)
        if kind in self._untouched or node in self.skip:
            return False
        try:
            visit = self._visits[kind]
        except KeyError:
            visit = self._visits[kind] = getattr(type(self), f"visit_{kind.__name__}", None)
        # Children are skipped only when the visit method returns False.
        return visit is None or visit(self, node) is not False

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> Any:
        kind = type(original_node)
        try:
            leave = self._leaves[kind]
        except KeyError:
            leave = self._leaves[kind] = getattr(type(self), f"leave_{kind.__name__}", None)
        return updated_node if leave is None else leave(self, original_node, updated_node)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None

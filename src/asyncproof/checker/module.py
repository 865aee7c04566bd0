"""One parsed test module and the facts every rule needs, computed in a single pass.

Rules never walk the tree themselves: `ModuleInfo` buckets the nodes they look at by type,
with the function that encloses each one, so the whole checker costs one traversal per file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from asyncproof.checker.ast_helpers import Function, dotted

__all__ = ["DEFAULT_EXTERNAL_CLIENTS", "ModuleInfo", "Settings"]

Node = TypeVar("Node", bound=ast.AST)

_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
# Node types some rule asks for; everything else is only traversed.
_BUCKETED = (
    ast.Call,
    ast.Await,
    ast.With,
    ast.AsyncWith,
    ast.Assign,
    ast.AnnAssign,
    ast.Expr,
    ast.Compare,
    ast.ExceptHandler,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Import,
    ast.ImportFrom,
    ast.Assert,
    ast.Raise,
)

# Fields that never hold child nodes worth visiting (`ctx` is a Load/Store singleton, `op` and
# `ops` hold operator singletons).
_NOT_CHILDREN = frozenset(
    {"ctx", "id", "attr", "arg", "name", "names", "module", "level", "kind", "type_comment"}
    | {"conversion", "is_async", "type_ignores", "op", "ops"}
)


def _child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    return tuple(f for f in kind._fields if f not in _NOT_CHILDREN)


# Node type -> the fields to visit; filled in as node types are met.
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {
    ast.Constant: (),
    ast.Module: _child_fields(ast.Module),
}
# Statements and the statement-like nodes that hold a body.
_STMT_KINDS = frozenset(
    kind
    for kind in vars(ast).values()
    if isinstance(kind, type) and issubclass(kind, (ast.stmt, ast.excepthandler, ast.match_case))
)


DEFAULT_EXTERNAL_CLIENTS: tuple[str, ...] = (
    "httpx",
    "aiohttp",
    "asyncpg",
    "aioredis",
    "redis.asyncio",
    "motor",
    "aiobotocore",
)
"""The modules whose clients APF007 treats as external unless configured otherwise."""


@dataclass(frozen=True)
class Settings:
    """What the rules need to know beyond the file itself.

    Attributes:
        asyncio_auto: True when the project's pytest config sets `asyncio_mode = auto`
            (or a conftest adds the asyncio mark itself), so unmarked async tests do run.
        external_clients: Module names whose clients reach outside the process.
        suite_deadline: True when the project's pytest config bounds every test
            (pytest-timeout's `timeout`, `asyncproof_timeout`).
        own_event_loop: True when a conftest.py of the project defines its own `event_loop`
            fixture (sync code may drive that loop on purpose).
        asyncio_plugin_off: True when the pytest config turns pytest-asyncio off
            (`-p no:asyncio`): the suite runs coroutines another way.
        fixture_loop_scope: `asyncio_default_fixture_loop_scope`; None when unset (or
            `fixture-scope`): each async fixture then runs on the loop of its own `scope`.
        test_loop_scope: `asyncio_default_test_loop_scope` (pytest-asyncio's default: function).
        test_module: True for a test module (`test_*.py`, `conftest.py`, a fixture module
            named in `pytest_plugins`, a file named on the command line); test-only rules
            skip the other modules.
    """

    asyncio_auto: bool = False
    external_clients: tuple[str, ...] = DEFAULT_EXTERNAL_CLIENTS
    suite_deadline: bool = False
    own_event_loop: bool = False
    asyncio_plugin_off: bool = False
    fixture_loop_scope: str | None = None
    test_loop_scope: str = "function"
    test_module: bool = True


@dataclass
class ModuleInfo:
    """A parsed module, indexed for the rules.

    Attributes:
        path: The path shown in diagnostics.
        tree: The parsed module.
        settings: Project settings.
        source: The module's text, for cheap textual checks.
        aliases: Local name -> dotted origin for every import in the file
            (`aio` -> `asyncio`, `AsyncMock` -> `unittest.mock.AsyncMock`).
        nodes: Node type -> list of `(node, enclosing function or None)`.
        parents: Node -> its parent, for statements and the bucketed node types.
        statements: Bucketed node -> the statement (or module) that contains it.
        classes: Function -> the class it is defined in directly, if any.
    """

    path: str
    tree: ast.Module
    settings: Settings = field(default_factory=Settings)
    aliases: dict[str, str] = field(default_factory=dict)
    nodes: dict[type, list[tuple[Any, Function | None]]] = field(default_factory=dict)
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)
    classes: dict[ast.AST, ast.ClassDef] = field(default_factory=dict)
    statements: dict[ast.AST, ast.AST] = field(default_factory=dict)
    source: str = ""
    # Filled on demand by `within`: kind -> function -> its own nodes; function -> nested ones.
    _own: dict[type, dict[ast.AST | None, list[Any]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _nested: dict[ast.AST | None, list[Function]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _lines: list[str] | None = field(default=None, init=False, repr=False)
    _decorators: dict[ast.AST, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    tests: dict[ast.AST, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    _qualnames: dict[ast.AST, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def build(cls, path: str, tree: ast.Module, settings: Settings, source: str = "") -> ModuleInfo:
        """Index `tree` in one traversal."""
        info = cls(path=path, tree=tree, settings=settings, source=source)
        nodes: dict[type, list[tuple[Any, Function | None]]] = {t: [] for t in _BUCKETED}
        parents = info.parents
        statements = info.statements
        classes = info.classes
        # Locals: this loop runs for every node of every file.
        fields = _CHILD_FIELDS
        get_fields = fields.get
        get_bucket = nodes.get
        stmt_kinds = _STMT_KINDS
        funcs = _FUNCS
        class_def = ast.ClassDef
        node_type = ast.AST
        if type(tree) not in fields:
            fields[type(tree)] = _child_fields(type(tree))
        stack: list[tuple[Any, Any, ast.AST]] = [(tree, None, tree)]
        pop, push = stack.pop, stack.append
        while stack:
            node, func, stmt = pop()
            kind = type(node)
            inner = node if kind in funcs else func
            is_stmt = kind in stmt_kinds
            if is_stmt:
                stmt = node
            for name in fields[kind]:
                value = getattr(node, name, None)
                if value is None:
                    continue
                for child in value if type(value) is list else (value,):
                    child_kind = type(child)
                    child_fields = get_fields(child_kind)
                    if child_fields is None:
                        if not isinstance(child, node_type):
                            continue
                        child_fields = fields[child_kind] = _child_fields(child_kind)
                    bucket = get_bucket(child_kind)
                    if bucket is not None:
                        bucket.append((child, inner))
                        parents[child] = node
                        statements[child] = stmt
                        if kind is class_def and child_kind in funcs:
                            classes[child] = node
                    elif is_stmt and child_kind in stmt_kinds:
                        parents[child] = node
                    if child_fields:
                        push((child, inner, stmt))
        # The stack visits children in reverse; rules and reports want source order.
        for bucket in nodes.values():
            bucket.reverse()
        info.nodes = nodes
        for node, _ in nodes[ast.Import]:
            for alias in node.names:
                if alias.asname:
                    info.aliases[alias.asname] = alias.name
                else:
                    root = alias.name.split(".")[0]
                    info.aliases.setdefault(root, root)
        for node, _ in nodes[ast.ImportFrom]:
            if node.level or not node.module:
                continue
            for alias in node.names:
                info.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        return info

    def of(self, kind: type[Node]) -> list[tuple[Node, Function | None]]:
        """Return every node of `kind` (one of the bucketed types) with its enclosing function."""
        return self.nodes[kind]

    def with_statements(self) -> list[tuple[ast.With | ast.AsyncWith, Function | None]]:
        """Every `with` and `async with` statement (in that order) with its enclosing function."""
        return [*self.nodes[ast.With], *self.nodes[ast.AsyncWith]]

    def within(self, func: ast.AST, kind: type[Node]) -> list[Node]:
        """Every node of `kind` (a bucketed type) inside `func`, nested functions included.

        The same nodes as `[n for n in ast.walk(func) if type(n) is kind]`, in no set order.
        """
        own = self._own.get(kind)
        if own is None:
            own = self._own[kind] = {}
            for node, inner in self.nodes[kind]:
                own.setdefault(inner, []).append(node)
        nested = self._nested
        if nested is None:
            nested = self._nested = {}
            for kinds in (ast.FunctionDef, ast.AsyncFunctionDef):
                for node, inner in self.nodes[kinds]:
                    nested.setdefault(inner, []).append(node)
        found = list(own.get(func, ()))
        pending = list(nested.get(func, ()))
        while pending:
            inner = pending.pop()
            found.extend(own.get(inner, ()))
            pending.extend(nested.get(inner, ()))
        return found

    def qualname(self, node: ast.AST) -> str | None:
        """Resolve a Name/Attribute chain through the imports: `aio.run` -> `asyncio.run`."""
        if type(node) is ast.Name:
            return self.aliases.get(node.id, node.id)
        if type(node) is not ast.Attribute:
            return None
        # Several rules resolve the same callee or decorator: remember attribute chains.
        if node in self._qualnames:
            return self._qualnames[node]
        text = dotted(node)
        if text is not None:
            head, _, tail = text.partition(".")
            origin = self.aliases.get(head)
            if origin is not None:
                text = f"{origin}.{tail}" if tail else origin
        self._qualnames[node] = text
        return text

    def functions(self) -> Iterator[Function]:
        """Yield every function definition (sync ones first, each kind in source order)."""
        for node, _ in self.nodes[ast.FunctionDef]:
            yield node
        for node, _ in self.nodes[ast.AsyncFunctionDef]:
            yield node

    @property
    def lines(self) -> list[str]:
        """The source's lines, split once (for rules that read comments)."""
        lines = self._lines
        if lines is None:
            lines = self._lines = self.source.splitlines()
        return lines

    def mentions(self, name: str) -> bool:
        """True if `name` appears as a word outside import lines (a cheap "is it used?")."""
        pattern = rf"(?m)^(?![ \t]*(?:import|from)[ \t]).*\b{re.escape(name)}\b"
        return re.search(pattern, self.source) is not None

    def decorator_names(self, node: ast.AST) -> list[str]:
        """Resolved names of `node`'s decorators, calls unwrapped: `@pytest.fixture(scope=…)`."""
        return list(self.decorators(node))

    def decorators(self, node: ast.AST) -> tuple[str, ...]:
        """`decorator_names` as a tuple, computed once per node."""
        names = self._decorators.get(node)
        if names is None:
            names = self._decorators[node] = tuple(
                self.qualname(deco.func if type(deco) is ast.Call else deco) or ""
                for deco in getattr(node, "decorator_list", ())
            )
        return names

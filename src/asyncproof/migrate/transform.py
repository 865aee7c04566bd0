"""The libcst codemod: apply a `Plan`, keeping comments and formatting."""

from __future__ import annotations

import ast
import sys
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import cast

import libcst as cst
from libcst.helpers import get_full_name_for_node

from asyncproof.checker.module import Settings
from asyncproof.migrate._splice import Reduced, names_read, reduce_module
from asyncproof.migrate._transformer import Transformer
from asyncproof.migrate.fixture_decorators import PYTEST_FIXTURES
from asyncproof.migrate.loop_requests import LOOP, LoopRequest
from asyncproof.migrate.plan import Note, Plan, make_plan

__all__ = ["migrate_source"]

_ASYNCIO_MARKS = frozenset({"pytest.mark.asyncio", "mark.asyncio"})
_ASYNC_FIXTURES = frozenset({"pytest_asyncio.fixture"})
_FIXTURES = PYTEST_FIXTURES | {"fixture"}
_BIND_LOOP = f"{LOOP} = asyncio.get_running_loop()\n"
_DROPPABLE_IMPORTS = ("asyncio", "pytest", "pytest_asyncio")  # when the rewrites leave them unused
# Parsed once: libcst nodes are immutable, so one node can sit in many places of a tree.
_expression = cache(cst.parse_expression)
_statement = cache(cst.parse_statement)


def _decorator_name(deco: cst.Decorator) -> str | None:
    expr = deco.decorator
    return get_full_name_for_node(expr.func if isinstance(expr, cst.Call) else expr)


def _to_async_fixture(deco: cst.Decorator) -> cst.Decorator:
    """`@pytest.fixture(...)` -> `@pytest_asyncio.fixture(...)`, arguments kept."""
    if _decorator_name(deco) not in _FIXTURES:
        return deco
    new = _expression("pytest_asyncio.fixture")
    expr = deco.decorator
    if isinstance(expr, cst.Call):
        return deco.with_changes(decorator=expr.with_changes(func=new))
    return deco.with_changes(decorator=new)


def _drop_loop_param(params: cst.Parameters) -> cst.Parameters:
    """Remove the `event_loop` parameter; the one before takes its comma (and so its line)."""
    changes: dict[str, list[cst.Param]] = {}
    for kind in ("posonly_params", "params", "kwonly_params"):
        group = list(getattr(params, kind))
        for i, param in enumerate(group):
            if param.name.value != LOOP:
                continue
            if i == len(group) - 1 and i > 0:
                group[i - 1] = group[i - 1].with_changes(comma=param.comma)
            del group[i]
            changes[kind] = group
            break
    return params.with_changes(**changes)


def _has_params(params: cst.Parameters) -> bool:
    return bool(
        params.posonly_params
        or params.params
        or params.kwonly_params
        or not isinstance(params.star_arg, cst.MaybeSentinel)
        or params.star_kwarg is not None
    )


def _bind_loop(body: cst.BaseSuite) -> cst.BaseSuite:
    """Start the body with `event_loop = asyncio.get_running_loop()` (after a docstring)."""
    if not isinstance(body, cst.IndentedBlock):
        return body
    statements = list(body.body)
    at = 1 if statements and _is_docstring(statements[0]) else 0
    statements.insert(at, _statement(_BIND_LOOP))
    return body.with_changes(body=statements)


def _is_drive(call: cst.Call) -> bool:
    """`event_loop.run_until_complete(x)` with one positional argument."""
    func = call.func
    return (
        isinstance(func, cst.Attribute)
        and isinstance(func.value, cst.Name)
        and func.value.value == LOOP
        and func.attr.value == "run_until_complete"
        and len(call.args) == 1
        and call.args[0].keyword is None
        and call.args[0].star == ""
    )


def _await_argument(call: cst.Call) -> cst.Await:
    """`event_loop.run_until_complete(x)` -> `await x`; a call spread over lines (or holding a
    comment) keeps its parentheses and their layout: `await (` ... `)`."""
    arg = call.args[0]
    value = arg.value
    before = call.whitespace_before_args
    after = arg.whitespace_after_arg
    if not (isinstance(before, cst.SimpleWhitespace) and isinstance(after, cst.SimpleWhitespace)):
        value = value.with_changes(
            lpar=[cst.LeftParen(whitespace_after=before), *value.lpar],
            rpar=[*value.rpar, cst.RightParen(whitespace_before=after)],
        )
    return cst.Await(expression=value, lpar=call.lpar, rpar=call.rpar)


def _parenthesized(expr: cst.BaseExpression) -> cst.BaseExpression:
    """`(await x)` where `await` would otherwise take what follows: `.attr`, `[i]`, `(...)`."""
    if isinstance(expr, cst.Await) and not expr.lpar:
        return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return expr


def _has_loop_scope(call: cst.Call) -> bool:
    # `scope=` is the asyncio mark's old name for loop_scope, but a fixture's own scope.
    names = (
        ("loop_scope",)
        if get_full_name_for_node(call.func) in _ASYNC_FIXTURES
        else (
            "loop_scope",
            "scope",
        )
    )
    return any(arg.keyword and arg.keyword.value in names for arg in call.args)


def _add_loop_scope(call: cst.Call, scope: str) -> cst.Call:
    if _has_loop_scope(call):
        return call
    args = list(call.args)
    if args:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    keyword = cst.Arg(
        keyword=cst.Name("loop_scope"),
        value=cst.SimpleString(f'"{scope}"'),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    return call.with_changes(args=[*args, keyword])


class _Rewriter(Transformer):
    def __init__(self, plan: Plan, lines: Mapping[cst.CSTNode, int]) -> None:
        super().__init__()
        self.plan = plan
        self.lines = lines  # `def` and `with` nodes -> their lines in the source (the plan's)
        self.mark_calls: set[cst.CSTNode] = set()  # marks that are the func of a call
        self.in_decorator_or_pytestmark = 0
        # The innermost function (or lambda/class, as None) and the port planned for it.
        self.scopes: list[LoopRequest | None] = []
        self.needs: set[str] = set()  # imports the rewrites use

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(self.plan.loop_requests.get(self._line(node)))

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.scopes.append(None)

    def leave_Lambda(self, original: cst.Lambda, updated: cst.Lambda) -> cst.Lambda:
        self.scopes.pop()
        return updated

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.append(None)

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        self.scopes.pop()
        return updated

    def leave_Subscript(
        self, original: cst.Subscript, updated: cst.Subscript
    ) -> cst.BaseExpression:
        value = _parenthesized(updated.value)
        return updated if value is updated.value else updated.with_changes(value=value)

    def _line(self, node: cst.CSTNode) -> int:
        return self.lines[node]

    # --- APF002 and APF001: asyncio marks ------------------------------------------------

    def _new_mark(self) -> cst.Decorator:
        text = "pytest.mark.asyncio"
        if self.plan.loop_scope:
            text += f'(loop_scope="{self.plan.loop_scope}")'
        return cst.Decorator(decorator=_expression(text))

    def visit_Decorator(self, node: cst.Decorator) -> None:
        self.in_decorator_or_pytestmark += 1

    def leave_Decorator(self, original: cst.Decorator, updated: cst.Decorator) -> cst.Decorator:
        self.in_decorator_or_pytestmark -= 1
        return updated

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(get_full_name_for_node(t.target) == "pytestmark" for t in node.targets):
            self.in_decorator_or_pytestmark += 1

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        if any(get_full_name_for_node(t.target) == "pytestmark" for t in original.targets):
            self.in_decorator_or_pytestmark -= 1
        return updated

    def visit_Call(self, node: cst.Call) -> None:
        self.mark_calls.add(node.func)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        request = self.scopes[-1] if self.scopes else None
        if request is not None and request.make_async and _is_drive(updated):
            return _await_argument(updated)
        func = _parenthesized(updated.func)
        if func is not updated.func:
            updated = updated.with_changes(func=func)
        scope = self.plan.loop_scope
        if scope and self.in_decorator_or_pytestmark:
            name = get_full_name_for_node(original.func)
            if name in _ASYNCIO_MARKS or name in _ASYNC_FIXTURES:
                return _add_loop_scope(updated, scope)
        return updated

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        value = _parenthesized(updated.value)
        if value is not updated.value:
            updated = updated.with_changes(value=value)
        scope = self.plan.loop_scope
        if not scope or not self.in_decorator_or_pytestmark or original in self.mark_calls:
            return updated
        name = get_full_name_for_node(original)
        if name in _ASYNCIO_MARKS or name in _ASYNC_FIXTURES:
            return _add_loop_scope(cst.Call(func=updated), scope)
        return updated

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef | cst.RemovalSentinel:
        self.scopes.pop()
        line = self._line(original)
        if line == self.plan.remove_fixture_line:
            return cst.RemovalSentinel.REMOVE
        decorators = list(updated.decorators)
        if line in self.plan.mark_lines:
            decorators.append(self._new_mark())
            self.needs.add("pytest")
        if line in self.plan.unmark_fixture_lines:
            decorators = [d for d in decorators if _decorator_name(d) not in _ASYNCIO_MARKS]
        request = self.plan.loop_requests.get(line)
        to_async = line in self.plan.async_fixture_lines or (request and request.async_fixture)
        if to_async:
            decorators = [_to_async_fixture(d) for d in decorators]
            self.needs.add("pytest_asyncio")
        if request is not None:
            updated = self._port_request(updated, request, decorators)
            decorators = list(updated.decorators)
        return updated.with_changes(decorators=decorators)

    def _port_request(
        self, func: cst.FunctionDef, request: LoopRequest, decorators: list[cst.Decorator]
    ) -> cst.FunctionDef:
        """Drop the `event_loop` parameter; make the function async and bind the loop as planned."""
        params = _drop_loop_param(func.params)
        func = func.with_changes(params=params)
        if not _has_params(params):
            func = func.with_changes(whitespace_before_params=cst.SimpleWhitespace(""))
        if request.make_async:
            func = func.with_changes(asynchronous=cst.Asynchronous())
        if request.bind_loop:
            func = func.with_changes(body=_bind_loop(func.body))
            self.needs.add("asyncio")
        if request.loop_scope:
            decorators = [
                d.with_changes(decorator=_add_loop_scope(d.decorator, request.loop_scope))
                if isinstance(d.decorator, cst.Call) and _decorator_name(d) in _ASYNC_FIXTURES
                else d.with_changes(
                    decorator=_add_loop_scope(cst.Call(func=d.decorator), request.loop_scope)
                )
                if _decorator_name(d) in _ASYNC_FIXTURES
                else d
                for d in decorators
            ]
        if request.add_mark:
            decorators.append(cst.Decorator(decorator=_expression("pytest.mark.asyncio")))
            self.needs.add("pytest")
        return func.with_changes(decorators=decorators)

    # --- APF003: with mocker.patch(...) -> a call and the dedented body ------------------

    def leave_With(
        self, original: cst.With, updated: cst.With
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        leading = self.plan.with_lines.get(self._line(original))
        if not leading or original.asynchronous is not None:
            return updated
        statements: list[cst.BaseStatement] = []
        for item in updated.items[:leading]:
            call = item.item
            if item.asname is not None:
                small: cst.BaseSmallStatement = cst.Assign(
                    targets=[cst.AssignTarget(target=item.asname.name)], value=call
                )
            else:
                small = cst.Expr(value=call)
            statements.append(cst.SimpleStatementLine(body=[small]))
        statements[0] = statements[0].with_changes(leading_lines=updated.leading_lines)
        rest = updated.items[leading:]
        body = updated.body
        if isinstance(body, cst.IndentedBlock):
            # A comment on the `with` line moves to the end of the first new statement.
            if body.header.comment is not None and not rest:
                statements[-1] = statements[-1].with_changes(trailing_whitespace=body.header)
            inner: Sequence[cst.BaseStatement] = body.body
        else:  # `with mocker.patch(x): call()` on one line
            inner = [cst.SimpleStatementLine(body=cast(cst.SimpleStatementSuite, body).body)]
        if rest:
            rest = [*rest[:-1], rest[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
            return cst.FlattenSentinel(
                [*statements, updated.with_changes(items=rest, leading_lines=())]
            )
        return cst.FlattenSentinel([*statements, *inner])


def _import_root(stmt: cst.CSTNode) -> str | None:
    """The top-level module of an import statement, None for anything else."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    node = stmt.body[0]
    if isinstance(node, cst.Import):
        return (get_full_name_for_node(node.names[0].name) or "").split(".")[0]
    if isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
        return (get_full_name_for_node(node.module) or "").split(".")[0]
    return None


def _used_names(module: cst.Module) -> set[str]:
    """Names the module reads, outside its import statements; a name inside a string
    annotation (`"asyncio.AbstractEventLoop"`) counts as read."""
    return names_read([ast.parse(module.code)])


def _remove_unused_imports(module: cst.Module, names: Sequence[str]) -> cst.Module:
    """Drop top-level `import name` lines the rewrites left unused; the blank lines before a
    dropped line stay (they separated it from what came before)."""
    unused = set(names) - _used_names(module)
    if not unused:
        return module
    body: list[cst.BaseStatement] = []
    carried: Sequence[cst.EmptyLine] | None = None
    for stmt in module.body:
        if any(_imports_name(stmt, name) for name in unused) and _single_import(stmt):
            if carried is None:
                carried = stmt.leading_lines
            continue
        if carried is not None and not stmt.leading_lines:
            stmt = stmt.with_changes(leading_lines=carried)
        carried = None
        body.append(stmt)
    return module.with_changes(body=body)


def _single_import(stmt: cst.CSTNode) -> bool:
    """`import x` alone on its line, with no comment that would go with it."""
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Import)
        and len(stmt.body[0].names) == 1
        and stmt.trailing_whitespace.comment is None
    )


def _imports_name(stmt: cst.CSTNode, name: str) -> bool:
    """True for `import name` (which binds `name`; `from name import x` does not)."""
    if not isinstance(stmt, cst.SimpleStatementLine):
        return False
    return any(
        isinstance(node, cst.Import)
        and any(get_full_name_for_node(a.name) == name and a.asname is None for a in node.names)
        for node in stmt.body
    )


def _ensure_import(module: cst.Module, name: str) -> cst.Module:
    """Add `import name` where isort would put it, in its section (stdlib or third party)."""
    body = list(module.body)
    if any(_imports_name(stmt, name) for stmt in body):
        return module
    roots = [_import_root(stmt) for stmt in body]
    imports = [i for i, root in enumerate(roots) if root is not None and root != "__future__"]
    stdlib = name in sys.stdlib_module_names

    def same_section(i: int) -> bool:
        return (roots[i] in sys.stdlib_module_names) == stdlib

    new = cst.parse_statement(f"import {name}\n")
    section = [i for i in imports if same_section(i)]
    plain = [
        i for i in section if isinstance(cast(cst.SimpleStatementLine, body[i]).body[0], cst.Import)
    ]
    after = [i for i in plain if (roots[i] or "") > name]
    if after or (section and not plain):
        at = after[0] if after else section[0]
        new = new.with_changes(leading_lines=body[at].leading_lines)
        body[at] = body[at].with_changes(leading_lines=())
    elif plain:
        at = plain[-1] + 1
    elif imports and stdlib:  # a new stdlib section before the third-party one
        at = imports[0]
        new = new.with_changes(leading_lines=body[at].leading_lines)
        body[at] = body[at].with_changes(leading_lines=[cst.EmptyLine()])
    elif imports:  # a new third-party section after the stdlib one
        at = imports[-1] + 1
        new = new.with_changes(leading_lines=[cst.EmptyLine()])
    else:  # no imports: after the docstring and __future__ imports
        at = 0
        while at < len(body) and (
            roots[at] == "__future__" or (at == 0 and _is_docstring(body[0]))
        ):
            at += 1
    body.insert(at, new)
    return module.with_changes(body=body)


def _is_docstring(stmt: cst.CSTNode) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, cst.SimpleString)
    )


def _not_printed_back(source: str, reduced: Reduced) -> Note | None:
    """A note if libcst would change the file beyond the rewrite, at the first line it would.

    libcst moves or drops a form feed in an indentation when it prints a module back; every
    other file it gives back byte for byte, so only a file holding one is printed to check.
    """
    if "\f" not in source:
        return None
    printed = reduced.restore(reduced.module.code)
    if printed == source:
        return None
    # str.splitlines would also split at the form feed itself.
    pairs = zip(source.split("\n"), printed.split("\n"), strict=False)
    line = next((n for n, (a, b) in enumerate(pairs, 1) if a != b), 1)
    return Note(
        line,
        "APF000",
        "file left unchanged: libcst cannot print it back byte for byte (a form feed in an "
        "indentation); remove the form feed or migrate this file by hand",
    )


def migrate_source(
    source: str, *, settings: Settings | None = None, path: Path | None = None
) -> tuple[str, list[Note]]:
    """Return the migrated source and the notes about what was left in place.

    Args:
        source: A test module's text.
        settings: Project settings (asyncio mode); defaults (strict mode) if None.
        path: The file, to know whether it is a `conftest.py` and to look at its neighbours.

    Raises:
        SyntaxError: The source does not parse.
    """
    settings = settings or Settings()
    plan = make_plan(source, settings, path)
    if not plan:
        return source, plan.notes
    # libcst sees only the statements the plan rewrites; the rest is text (`_splice`).
    reduced = reduce_module(source, plan, reads=_DROPPABLE_IMPORTS)
    refused = _not_printed_back(source, reduced)
    if refused is not None:
        return source, [*plan.notes, refused]
    rewriter = _Rewriter(plan, reduced.lines)
    rewriter.skip = reduced.placeholders
    module = reduced.module.visit(rewriter)
    if plan.remove_fixture_line is not None or plan.loop_requests or plan.async_fixture_lines:
        module = _remove_unused_imports(module, _DROPPABLE_IMPORTS)
    for name in sorted(rewriter.needs):
        module = _ensure_import(module, name)
    # A removed first import leaves the blank line after it behind: keep the original start.
    code = reduced.restore(module.code)
    code = source[: len(source) - len(source.lstrip("\n"))] + code.lstrip("\n")
    return code, plan.notes

"""The libcst codemod: apply a `Plan`, keeping comments and formatting."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider

from asyncproof.checker.module import Settings
from asyncproof.migrate.plan import Note, Plan, make_plan

__all__ = ["migrate_source"]

_ASYNCIO_MARKS = frozenset({"pytest.mark.asyncio", "mark.asyncio"})
_ASYNC_FIXTURES = frozenset({"pytest_asyncio.fixture"})


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


class _Rewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self.mark_calls: set[cst.CSTNode] = set()  # marks that are the func of a call
        self.in_decorator_or_pytestmark = 0

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    # --- APF002 and APF001: asyncio marks ------------------------------------------------

    def _new_mark(self) -> cst.Decorator:
        text = "pytest.mark.asyncio"
        if self.plan.loop_scope:
            text += f'(loop_scope="{self.plan.loop_scope}")'
        return cst.Decorator(decorator=cst.parse_expression(text))

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
        scope = self.plan.loop_scope
        if scope and self.in_decorator_or_pytestmark:
            name = get_full_name_for_node(original.func)
            if name in _ASYNCIO_MARKS or name in _ASYNC_FIXTURES:
                return _add_loop_scope(updated, scope)
        return updated

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
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
        line = self._line(original)
        if line == self.plan.remove_fixture_line:
            return cst.RemovalSentinel.REMOVE
        if line in self.plan.mark_lines:
            return updated.with_changes(decorators=[*updated.decorators, self._new_mark()])
        return updated

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


def _ensure_import_pytest(module: cst.Module) -> cst.Module:
    """Add `import pytest` where isort would put it: before the first non-stdlib import."""
    body = list(module.body)
    roots = [_import_root(stmt) for stmt in body]
    if "pytest" in roots:
        return module
    imports = [i for i, root in enumerate(roots) if root is not None and root != "__future__"]
    new = cst.parse_statement("import pytest\n")
    third_party = [i for i in imports if roots[i] not in sys.stdlib_module_names]
    if third_party:
        at = third_party[0]
        new = new.with_changes(leading_lines=body[at].leading_lines)
        body[at] = body[at].with_changes(leading_lines=())
    elif imports:
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
    module = MetadataWrapper(cst.parse_module(source)).visit(_Rewriter(plan))
    context = CodemodContext()
    if plan.mark_lines:
        module = _ensure_import_pytest(module)
    if plan.remove_fixture_line is not None:
        for name in ("asyncio", "pytest", "pytest_asyncio"):
            RemoveImportsVisitor.remove_unused_import(context, name)
        module = RemoveImportsVisitor(context).transform_module(module)
    # A removed first import leaves the blank line after it behind: keep the original start.
    code = module.code
    code = source[: len(source) - len(source.lstrip("\n"))] + code.lstrip("\n")
    return code, plan.notes

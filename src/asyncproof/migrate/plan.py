"""Decide what to rewrite, with the stdlib `ast` and the checker's own findings.

The codemod only touches what this plan lists, so "what migrate changes" is always a subset
of "what check reports".
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from asyncproof.checker.ast_helpers import (
    Function,
    dotted,
    is_fixture,
    is_mocker_patch,
    loop_factory,
)
from asyncproof.checker.engine import check_source
from asyncproof.checker.module import ModuleInfo, Settings
from asyncproof.checker.pytest_config import CONFIG_FILES, _option, pytest_options
from asyncproof.checker.registry import RULES
from asyncproof.checker.rules import (
    apf001_event_loop_fixture,
    apf002_async_test_not_run,
    apf003_mocker_patch_context_manager,
)
from asyncproof.migrate.current_loop import plan_current_loop_tests
from asyncproof.migrate.fixture_decorators import plan_fixture_decorators
from asyncproof.migrate.loop_requests import LoopRequest, note_stopped_loops, plan_loop_requests

__all__ = ["LoopRequest", "Note", "Plan", "make_plan"]

_EVENT_LOOP_FIXTURE = apf001_event_loop_fixture.event_loop_fixture.code
_ASYNC_TEST_NOT_RUN = apf002_async_test_not_run.async_test_not_run.code
_MOCKER_PATCH_WITH = apf003_mocker_patch_context_manager.mocker_patch_context_manager.code
FIXABLE = frozenset(rule.code for rule in RULES if rule.fixable)
"""The codes whose findings the plan rewrites (or notes why it leaves them)."""
_SCOPES = frozenset({"function", "class", "module", "package", "session"})


@dataclass(frozen=True)
class Note:
    """Something the codemod left for a human, with the reason."""

    line: int
    code: str
    message: str


@dataclass
class Plan:
    """What to rewrite in one module.

    Attributes:
        mark_lines: `def` lines of async tests that get `@pytest.mark.asyncio`.
        with_lines: Lines of `with` statements whose leading items are `mocker.patch` calls,
            mapped to how many leading items to turn into statements.
        remove_fixture_line: `def` line of the `event_loop` fixture to delete, if any.
        loop_scope: The removed fixture's scope when wider than `function`: every asyncio mark
            and async fixture of the module gets `loop_scope=` it.
        loop_requests: `def` lines of tests and fixtures requesting `event_loop`, and how to
            port each.
        unmark_fixture_lines: `def` lines of fixtures whose `@pytest.mark.asyncio` goes (pytest
            9 refuses marks on fixtures).
        async_fixture_lines: `def` lines of async fixtures under `@pytest.fixture` in strict
            mode: the decorator becomes `@pytest_asyncio.fixture`.
        notes: What was left in place, and why. While any remain, the suite is not ready for
            pytest-asyncio 1.x: `migrate --check` and `--diff` report them and exit non-zero.
    """

    mark_lines: set[int] = field(default_factory=set)
    with_lines: dict[int, int] = field(default_factory=dict)
    remove_fixture_line: int | None = None
    loop_scope: str | None = None
    loop_requests: dict[int, LoopRequest] = field(default_factory=dict)
    unmark_fixture_lines: set[int] = field(default_factory=set)
    async_fixture_lines: set[int] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)
    tree: ast.Module | None = field(default=None, repr=False, compare=False)  # parsed once

    def __bool__(self) -> bool:
        return bool(
            self.mark_lines
            or self.with_lines
            or self.remove_fixture_line
            or self.loop_requests
            or self.unmark_fixture_lines
            or self.async_fixture_lines
        )


def _loop_factory(info: ModuleInfo, expr: ast.AST) -> bool:
    """True for a loop factory called without arguments: `asyncio.new_event_loop()`."""
    return (
        type(expr) is ast.Call
        and not expr.args
        and not expr.keywords
        and loop_factory(info, expr) is not None
    )


def _is_call(stmt: ast.stmt, info: ModuleInfo, names: set[str], loop: str) -> bool:
    """A statement allowed around the yield: close, shutdown_asyncgens, set_event_loop."""
    if type(stmt) is not ast.Expr or type(stmt.value) is not ast.Call:
        return False
    call = stmt.value
    name = info.qualname(call.func) or ""
    if name == "asyncio.set_event_loop":
        return len(call.args) == 1 and (
            dotted(call.args[0]) == loop
            or (type(call.args[0]) is ast.Constant and call.args[0].value is None)
        )
    if name == f"{loop}.run_until_complete":
        return len(call.args) == 1 and ast.unparse(call.args[0]) in (
            f"{loop}.shutdown_asyncgens()",
            f"{loop}.shutdown_default_executor()",
        )
    return name in names and not call.args and not call.keywords


def _standard_body(info: ModuleInfo, func: ast.FunctionDef) -> bool:
    """True for `loop = new_event_loop(); [set_event_loop(loop)]; yield loop; loop.close()`."""
    body = list(func.body)
    if body and type(body[0]) is ast.Expr and type(body[0].value) is ast.Constant:
        body = body[1:]  # docstring
    flat: list[ast.stmt] = []
    for stmt in body:
        if type(stmt) is ast.Try and not stmt.handlers and not stmt.orelse:
            flat.extend(stmt.body)
            flat.extend(stmt.finalbody)
        else:
            flat.append(stmt)
    if len(flat) < 3:
        return False
    first = flat[0]
    if not (
        type(first) is ast.Assign
        and len(first.targets) == 1
        and type(first.targets[0]) is ast.Name
        and _loop_factory(info, first.value)
    ):
        return False
    loop = first.targets[0].id
    closes = {f"{loop}.close"}
    yields = [
        i
        for i, s in enumerate(flat)
        if type(s) is ast.Expr
        and type(s.value) is ast.Yield
        and s.value.value is not None
        and dotted(s.value.value) == loop
    ]
    if len(yields) != 1:
        return False
    rest = flat[1 : yields[0]] + flat[yields[0] + 1 :]
    closed = any(
        type(s) is ast.Expr
        and type(s.value) is ast.Call
        and dotted(s.value.func) == f"{loop}.close"
        for s in rest
    )
    return closed and all(_is_call(s, info, closes, loop) for s in rest)


def _fixture_scope(func: Function) -> str | None:
    """The literal `scope=` of the fixture decorator; None when it is not a literal."""
    for deco in func.decorator_list:
        if type(deco) is not ast.Call:
            continue
        for kw in deco.keywords:
            if kw.arg == "scope":
                if type(kw.value) is ast.Constant and kw.value.value in _SCOPES:
                    return str(kw.value.value)
                return None
    return "function"


def _unported_requests(source: str, settings: Settings, path: Path | None) -> list[int]:
    """Lines of the `event_loop` requests in `source` that the codemod cannot port."""
    tree = ast.parse(source)
    info = ModuleInfo.build(str(path or "<string>"), tree, settings, source)
    lines: list[int] = []
    plan_loop_requests(info, None, lambda line, _: lines.append(line))
    return lines


def _others_request_event_loop(conftest: Path, settings: Settings) -> bool:
    """True if a module under a conftest's directory requests `event_loop` in a way the
    codemod leaves in place (the rest it ports in the same run)."""
    from asyncproof.checker.files import discover

    for path in discover([str(conftest.parent)]):
        if Path(path).resolve() == conftest.resolve():
            continue
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        if "event_loop" not in text:
            continue
        try:
            if _unported_requests(text, settings, Path(path)):
                return True
        except SyntaxError:
            return True  # unknown: keep the fixture
    return False


def _custom_loop(info: ModuleInfo, func: ast.FunctionDef) -> str | None:
    """The source of the loop a non-standard `event_loop` fixture yields or returns, if any."""
    for node in ast.walk(func):
        value = getattr(node, "value", None)
        if type(node) in (ast.Yield, ast.Return) and value is not None:
            made = value
            if type(value) is ast.Name:
                for assign in ast.walk(func):
                    if (
                        type(assign) is ast.Assign
                        and any(dotted(t) == value.id for t in assign.targets)
                        and type(assign.value) is ast.Call
                    ):
                        made = assign.value
            if type(made) is ast.Call and loop_factory(info, made) is None:
                return ast.unparse(made)
    return None


def _imported_loop_fixture(info: ModuleInfo) -> tuple[str, int] | None:
    """(module, line) of a `from module import event_loop` at the top of the module."""
    for stmt in info.tree.body:
        if type(stmt) is ast.ImportFrom and any(
            (alias.asname or alias.name) == "event_loop" for alias in stmt.names
        ):
            return "." * stmt.level + (stmt.module or ""), stmt.lineno
    return None


def _custom_loop_fixtures(info: ModuleInfo) -> bool:
    """True when the module's own `event_loop` fixture makes a loop of its own kind."""
    return any(
        f.name == "event_loop"
        and type(f) is ast.FunctionDef
        and is_fixture(info, f)
        and _custom_loop(info, f) is not None
        for f in info.functions()
    )


def _plan_fixture(info: ModuleInfo, plan: Plan, path: Path | None, unported: list[int]) -> None:
    fixtures = [f for f in info.functions() if f.name == "event_loop" and is_fixture(info, f)]
    if len(fixtures) != 1:
        for func in fixtures:
            plan.notes.append(
                Note(
                    func.lineno, _EVENT_LOOP_FIXTURE, "several `event_loop` fixtures: left in place"
                )
            )
        return
    func = fixtures[0]
    where = path.name if path is not None else "this module"

    def keep(reason: str) -> None:
        plan.notes.append(
            Note(func.lineno, _EVENT_LOOP_FIXTURE, f"`event_loop` fixture left in place: {reason}")
        )

    if type(func) is not ast.FunctionDef or info.parents.get(func) is not info.tree:
        return keep("not a module-level generator function")
    if func.args.args or func.args.kwonlyargs or func.args.posonlyargs:
        return keep("it takes fixtures of its own")
    custom = _custom_loop(info, func)
    if custom is not None:
        return keep(
            f"it makes its own loop, `{custom}`, which pytest-asyncio 1.x never uses: in "
            f"the conftest.py, define `def pytest_asyncio_loop_factories(config, item): return "
            f'{{"custom": lambda: {custom}}}` (pytest-asyncio >= 1.4), or an `event_loop_policy` '
            f"fixture returning a policy whose `new_event_loop()` returns it; then delete this "
            f"fixture from {where}"
        )
    if not _standard_body(info, func):
        return keep(
            "its body is not the standard new_event_loop/yield/close pattern: pytest-asyncio "
            "1.x never calls it; move what it adds into an autouse fixture, then delete it"
        )
    scope = _fixture_scope(func)
    if scope is None:
        return keep("its scope is not a literal")
    if unported:
        return keep(f"requested on line {unported[0]}, which is left for a hand port")
    is_conftest = path is not None and path.name == "conftest.py"
    if is_conftest and scope != "function":
        return keep(
            f'it spans other modules: set asyncio_default_fixture_loop_scope = "{scope}" and '
            f'asyncio_default_test_loop_scope = "{scope}" in {_config_file(path)}, then delete it'
        )
    if is_conftest and path is not None and _others_request_event_loop(path, info.settings):
        return keep(
            "test modules under this conftest.py request `event_loop` in ways left in place"
        )
    if scope != "function" and info.settings.asyncio_auto:
        return keep(
            f'asyncio_mode = auto: set asyncio_default_test_loop_scope = "{scope}" and '
            f'asyncio_default_fixture_loop_scope = "{scope}" in {_config_file(path)}, then '
            "delete it"
        )
    plan.remove_fixture_line = func.lineno
    plan.loop_scope = None if scope == "function" else scope


def _config_file(path: Path | None) -> str:
    """The pytest configuration file that governs `path`, as a note names it."""
    if path is not None:
        for base in path.resolve().parents:
            for name, read in CONFIG_FILES.items():
                candidate = base / name
                if candidate.is_file() and read(candidate) is not None:
                    section = {"setup.cfg": " [tool:pytest]", "tox.ini": " [pytest]"}.get(name, "")
                    if name == "pyproject.toml":
                        section = " [tool.pytest.ini_options]"
                    return f"{candidate}{section}"
    return "the pytest config"


def _fixture_loop_scope(path: Path | None) -> str | None:
    """The project's `asyncio_default_fixture_loop_scope`, if set."""
    if path is None:
        return None
    value = _option(pytest_options(path.resolve().parent), "asyncio_default_fixture_loop_scope")
    return value.strip("\"'") or None


def make_plan(source: str, settings: Settings, path: Path | None = None) -> Plan:
    """Analyse `source` and return what to rewrite.

    Raises:
        SyntaxError: The source does not parse.
    """
    tree = ast.parse(source)
    info = ModuleInfo.build(str(path or "<string>"), tree, settings, source)
    plan = Plan(tree=tree)
    found = check_source(source, settings=settings, codes=FIXABLE, info=info)
    codes = {d.code for d in found}
    if _ASYNC_TEST_NOT_RUN in codes:
        plan.mark_lines = {d.line for d in found if d.code == _ASYNC_TEST_NOT_RUN}
    if _MOCKER_PATCH_WITH in codes:
        for node, _ in info.of(ast.With):
            leading = 0
            for item in node.items:
                if not is_mocker_patch(item.context_expr):
                    break
                if item.optional_vars is not None and type(item.optional_vars) is not ast.Name:
                    break
                leading += 1
            if leading:
                plan.with_lines[node.lineno] = leading
            elif any(is_mocker_patch(i.context_expr) for i in node.items):
                plan.notes.append(
                    Note(
                        node.lineno,
                        _MOCKER_PATCH_WITH,
                        "`mocker.patch` after another context manager: left in place",
                    )
                )
    unported: list[int] = []

    def note(line: int, message: str) -> None:
        plan.notes.append(Note(line, _EVENT_LOOP_FIXTURE, message))

    if "loop" in source and not settings.asyncio_plugin_off:

        def note_unported(line: int, message: str) -> None:
            unported.append(line)
            note(line, message)

        imported = _imported_loop_fixture(info)
        if imported is not None:
            module, line = imported
            plan.notes.append(
                Note(
                    line,
                    _EVENT_LOOP_FIXTURE,
                    f"imports an `event_loop` fixture from {module}, which pytest-asyncio 1.x "
                    f"never calls: port the loop it makes to a `pytest_asyncio_loop_factories` "
                    f"hook (or an `event_loop_policy` fixture) in {module}, then drop the import",
                )
            )
        elif not _custom_loop_fixtures(info):
            plan.loop_requests = plan_loop_requests(info, _fixture_loop_scope(path), note_unported)
        # else: the requests keep the custom loop until its fixture is ported (its note says how)
        note_stopped_loops(info, note)
        if _EVENT_LOOP_FIXTURE in codes:
            _plan_fixture(info, plan, path, unported)
    if path is not None and settings.test_module and not settings.asyncio_plugin_off:
        plan.loop_requests.update(
            plan_current_loop_tests(
                info,
                path,
                set(plan.loop_requests),
                note,
            )
        )
    unmark, to_async = plan_fixture_decorators(info)
    plan.unmark_fixture_lines = unmark
    plan.async_fixture_lines = to_async
    return plan

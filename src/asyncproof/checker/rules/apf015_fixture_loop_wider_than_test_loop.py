"""APF015: an async fixture on a wider event loop than the tests that use what it made."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import Function, dotted, is_test_function, parameters
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["fixture_loop_wider_than_test_loop"]

_SCOPES = ("function", "class", "module", "package", "session")
_WIDTH = {scope: width for width, scope in enumerate(_SCOPES)}
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


@rule(
    "APF015",
    "fixture-loop-wider-than-test-loop",
    summary="An async fixture that holds loop resources on a wider event loop than the tests "
    "or fixtures that use it (they fail on another loop's futures, or hang on its server).",
    message="async fixture `{fixture}` runs on the {fixture_loop}-scoped loop ({why}) but "
    "{users} on a {user_loop}-scoped loop, so what it made sits on a loop that is not running: "
    "{fix}",
)
def fixture_loop_wider_than_test_loop(info: ModuleInfo) -> Iterator[Hit]:
    """Hit async fixtures whose loop is wider than the loop of a test or fixture using them.

    Only fixtures that keep something on their loop: they await, and provide a value, or
    yield inside `async with`, or tear down what they awaited; a fixture that returns a value
    annotated as plain data (`-> str`, `-> list[dict]`) does not. The users are the module's own
    async tests and fixtures; for a fixture none of them requests (a conftest's), the tests'
    loop is `asyncio_default_test_loop_scope`, and only a loop scope set by the configuration
    (not the fixture's own `loop_scope=`) is judged.
    """
    settings = info.settings
    if settings.asyncio_plugin_off:
        return
    source = info.source
    if source and "fixture" not in source and source.isascii():
        return
    module_scope = _mark_scope(info, _pytestmark(info.tree.body))
    fixtures: dict[Function, tuple[str, str, str]] = {}
    users: list[tuple[Function, str, str]] = []  # (function, what it is, its loop scope)
    functions: list[Function] = [func for func, _ in info.of(ast.AsyncFunctionDef)]
    for func in functions:
        found = _fixture_loop(info, func)
        if found is not None:
            fixtures[func] = found
            users.append((func, "fixture ", found[1]))
        elif is_test_function(info, func):
            users.append((func, "", _test_loop(info, func, module_scope)))
    for fixture, (name, loop, why) in fixtures.items():
        if not _holds_loop_resources(fixture):
            continue
        requesting = [
            (user, kind, scope)
            for user, kind, scope in users
            if user is not fixture and name in {arg.arg for arg in parameters(user)}
        ]
        narrower = [user for user in requesting if _WIDTH[user[2]] < _WIDTH[loop]]
        if narrower:
            user, kind, scope = narrower[0]
            more = len(narrower) - 1
            shown = f"{kind}`{user.name}`" + (f" and {more} more" if more else "")
            yield hit(
                fixture,
                fixture=name,
                fixture_loop=loop,
                why=why,
                users=f"{shown} {'run' if more else 'runs'}",
                user_loop=scope,
                fix=f'give {"them" if more else "it"} `loop_scope="{loop}"` too',
            )
        elif (
            not requesting
            and why != "its `loop_scope`"
            and _WIDTH[settings.test_loop_scope] < _WIDTH[loop]
        ):
            yield hit(
                fixture,
                fixture=name,
                fixture_loop=loop,
                why=why,
                users="tests run (`asyncio_default_test_loop_scope`)",
                user_loop=settings.test_loop_scope,
                fix=f"set `asyncio_default_test_loop_scope = {loop}`",
            )


def _fixture_loop(info: ModuleInfo, func: Function) -> tuple[str, str, str] | None:
    """(fixture name, loop scope, where the scope comes from) for a fixture pytest-asyncio runs.

    None when `func` is not such a fixture or its scope is not a literal.
    """
    for deco, name in zip(func.decorator_list, info.decorators(func), strict=True):
        asyncio_fixture = name == "pytest_asyncio.fixture"
        if not (asyncio_fixture or (name == "pytest.fixture" and info.settings.asyncio_auto)):
            continue
        keywords = {kw.arg: kw.value for kw in deco.keywords} if type(deco) is ast.Call else {}
        named = _literal(keywords.get("name")) or func.name
        loop_scope = keywords.get("loop_scope")
        if loop_scope is not None:
            scope = _literal(loop_scope)
            return (named, scope, "its `loop_scope`") if scope in _WIDTH else None
        default = info.settings.fixture_loop_scope
        if default is not None:
            return named, default, "`asyncio_default_fixture_loop_scope`"
        scope = _literal(keywords["scope"]) if "scope" in keywords else "function"
        if scope not in _WIDTH:
            return None
        return named, scope, "its `scope`, as `asyncio_default_fixture_loop_scope` is unset"
    return None


def _literal(node: ast.expr | None) -> str | None:
    if type(node) is ast.Constant and isinstance(node.value, str):
        return node.value
    return None


def _own_nodes(func: Function) -> Iterator[ast.AST]:
    """The nodes of `func`'s body, nested functions and classes left out."""
    pending: list[ast.AST] = list(func.body)
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, _NESTED):
            pending.extend(ast.iter_child_nodes(node))


def _holds_loop_resources(func: Function) -> bool:
    """True if the fixture awaits and then leaves something on its loop for the test.

    It provides a value that is not a literal, or yields inside `async with`, or its
    teardown (after the `yield`) uses a name bound by an `await` or `async with`.
    """
    nodes = list(_own_nodes(func))
    if not any(isinstance(node, ast.Await | ast.AsyncWith | ast.AsyncFor) for node in nodes):
        return False
    yields = [node for node in nodes if isinstance(node, ast.Yield | ast.YieldFrom)]
    if not yields and _returns_data(func.returns):
        return False  # finished its work and hands over a plain value: a token, a list of rows
    if yields:
        first = min(node.lineno for node in yields)
        if not any(
            isinstance(node, ast.Await | ast.AsyncWith | ast.AsyncFor) and node.lineno < first
            for node in nodes
        ):
            # Nothing ran on the fixture's loop before the test got its value (a name made
            # up front, as aiodocker's): only a teardown awaiting on an object made before
            # the yield (`await client.close()`) reaches across the two loops.
            made = _names_bound_before(nodes, first)
            return any(
                type(node) is ast.Await and node.lineno > first and _awaits_on(node, made)
                for node in nodes
            )
    provided = [
        node.value
        for node in nodes
        if isinstance(node, ast.Yield | ast.YieldFrom | ast.Return) and node.value is not None
    ]
    if any(not _is_literal(value) for value in provided):
        return True
    for node in nodes:
        if type(node) is ast.AsyncWith and any(
            isinstance(inner, ast.Yield) for stmt in node.body for inner in ast.walk(stmt)
        ):
            return True
    if not yields:
        return False
    after = min(node.lineno for node in yields)
    awaited = _awaited_names(nodes)
    return any(
        type(node) is ast.Name and node.id in awaited and node.lineno > after for node in nodes
    )


def _names_bound_before(nodes: list[ast.AST], line: int) -> set[str]:
    """Names assigned (or bound by `with ... as`) above `line`."""
    names: set[str] = set()
    for node in nodes:
        if getattr(node, "lineno", line) >= line:
            continue
        targets: list[ast.expr] = []
        if type(node) is ast.Assign:
            targets = node.targets
        elif type(node) in (ast.AnnAssign, ast.AugAssign):
            targets = [node.target]  # type: ignore[attr-defined]
        elif type(node) is ast.With:
            targets = [item.optional_vars for item in node.items if item.optional_vars]
        for target in targets:
            names.update(n.id for n in ast.walk(target) if type(n) is ast.Name)
    return names


def _awaits_on(node: ast.Await, names: set[str]) -> bool:
    """True if `await x.close()` (or `await x`, `await x.a.b(...)`) awaits on a name in `names`."""
    value = node.value
    while True:
        if type(value) is ast.Call:
            value = value.func
        elif type(value) is ast.Attribute:
            value = value.value
        else:
            break
    return type(value) is ast.Name and value.id in names


# Return annotations of plain values, which no loop owns.
_DATA = frozenset(
    {"str", "bytes", "int", "float", "bool", "dict", "list", "tuple", "set", "frozenset"}
    | {"Dict", "List", "Tuple", "Set", "FrozenSet", "Path", "None"}
)


def _returns_data(annotation: ast.expr | None) -> bool:
    """True for `-> str`, `-> list[dict]`, `-> dict[str, int] | None` and the like."""
    if annotation is None:
        return False
    if type(annotation) is ast.BinOp and type(annotation.op) is ast.BitOr:
        return _returns_data(annotation.left) and _returns_data(annotation.right)
    if type(annotation) is ast.Constant and annotation.value is None:
        return True
    head = annotation.value if type(annotation) is ast.Subscript else annotation
    name = dotted(head)
    return name is not None and name.rpartition(".")[2] in _DATA


def _is_literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _awaited_names(nodes: list[ast.AST]) -> set[str]:
    """Names bound to an awaited result (`x = await ...`) or an `async with ... as x`."""
    names: set[str] = set()
    for node in nodes:
        if type(node) is ast.Assign and type(node.value) is ast.Await:
            names.update(t.id for t in node.targets if type(t) is ast.Name)
        elif type(node) is ast.AsyncWith:
            names.update(
                item.optional_vars.id for item in node.items if type(item.optional_vars) is ast.Name
            )
    return names


def _pytestmark(body: list[ast.stmt]) -> ast.expr | None:
    for stmt in body:
        if type(stmt) is ast.Assign and any(
            type(t) is ast.Name and t.id == "pytestmark" for t in stmt.targets
        ):
            return stmt.value
        if type(stmt) is ast.AnnAssign and getattr(stmt.target, "id", None) == "pytestmark":
            return stmt.value
    return None


def _mark_scope(info: ModuleInfo, expr: ast.AST | None) -> str | None:
    """The loop scope an asyncio mark in `expr` (a decorator or `pytestmark`) asks for.

    None without an asyncio mark, "" for a mark that names no scope (pytest-asyncio takes the
    closest mark, so that one means the default, whatever the class or module says).
    """
    if expr is None:
        return None
    for node in ast.walk(expr):
        call = node if type(node) is ast.Call else None
        if info.qualname(call.func if call else node) != "pytest.mark.asyncio":
            continue
        for keyword in call.keywords if call else ():
            if keyword.arg in ("loop_scope", "scope"):
                scope = _literal(keyword.value)
                return scope if scope in _WIDTH else "session"  # unknown: never narrower
        return ""
    return None


def _test_loop(info: ModuleInfo, test: Function, module_scope: str | None) -> str:
    """The loop scope `test` runs on: its closest asyncio mark's, else the default."""
    marks: list[ast.AST | None] = list(test.decorator_list)
    cls = info.classes.get(test)
    if cls is not None:
        marks.extend(cls.decorator_list)
        marks.append(_pytestmark(cls.body))
    for expr in marks:
        scope = _mark_scope(info, expr)
        if scope is not None:
            return scope or info.settings.test_loop_scope
    return module_scope or info.settings.test_loop_scope

"""Plan the port of each function that requests the removed `event_loop` fixture.

pytest-asyncio 1.0 removed `event_loop`. Its migration guide's steps, done here when safe:

* an async test or fixture drops the argument; where the body uses the loop, it starts with
  `event_loop = asyncio.get_running_loop()` (the same name, so the body is unchanged);
* a sync test or fixture that only requested the loop drops the argument;
* a sync test or fixture that drives the loop (`event_loop.run_until_complete(x)`) becomes
  `async def` with `await x`, teardown included; a fixture becomes `@pytest_asyncio.fixture`.

Everything else is a note naming the line and the step to take by hand.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from asyncproof.checker.ast_helpers import (
    Function,
    event_loop_params,
    is_fixture,
    is_test_function,
)
from asyncproof.checker.module import ModuleInfo

__all__ = [
    "LoopRequest",
    "has_asyncio_mark",
    "note_stopped_loops",
    "own_nodes",
    "plan_loop_requests",
]

LOOP = "event_loop"
_DRIVE = "run_until_complete"
# Calls that need a loop that is not running: no `async def` can keep them.
_BLOCKING = frozenset({"run_forever", "stop", "close", "run_in_executor_shutdown"})
_SCOPES = frozenset({"function", "class", "module", "package", "session"})


@dataclass(frozen=True)
class LoopRequest:
    """How to port one function that requests `event_loop`.

    Attributes:
        line: The `def` line (decorators excluded, as `ast` and libcst's position agree on).
        make_async: `def` becomes `async def`; `event_loop.run_until_complete(x)` becomes
            `await x`.
        bind_loop: The body starts with `event_loop = asyncio.get_running_loop()`.
        async_fixture: The fixture decorator becomes `pytest_asyncio.fixture`.
        add_mark: The test gets `@pytest.mark.asyncio` (strict mode).
        loop_scope: Set as the converted fixture's `loop_scope=`, when the configured default
            differs from the loop the fixture used to get.
    """

    line: int
    make_async: bool = False
    bind_loop: bool = False
    async_fixture: bool = False
    add_mark: bool = False
    loop_scope: str | None = None


def own_nodes(func: Function) -> list[ast.AST]:
    """The nodes of `func`'s body, not those of nested functions, lambdas or classes."""
    found: list[ast.AST] = []
    todo: list[ast.AST] = [*func.body]
    while todo:
        node = todo.pop()
        found.append(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        todo.extend(ast.iter_child_nodes(node))
    return found


def _loop_uses(func: Function) -> tuple[int, list[ast.Call], list[ast.AST]]:
    """(uses of the name anywhere, drive calls in the body itself, uses no `await` can keep)."""
    uses = [n for n in ast.walk(func) if type(n) is ast.Name and n.id == LOOP]
    own = own_nodes(func)
    drives = [
        n
        for n in own
        if type(n) is ast.Call
        and type(n.func) is ast.Attribute
        and n.func.attr == _DRIVE
        and type(n.func.value) is ast.Name
        and n.func.value.id == LOOP
        and len(n.args) == 1
        and not n.keywords
        and type(n.args[0]) is not ast.Starred
    ]
    driven = {id(d.func.value) for d in drives if type(d.func) is ast.Attribute}
    own_ids = {id(n) for n in own}
    blocking: list[ast.AST] = []
    for node in ast.walk(func):
        if type(node) is not ast.Attribute or type(node.value) is not ast.Name:
            continue
        if node.value.id != LOOP or id(node.value) in driven:
            continue
        if node.attr in _BLOCKING or node.attr == _DRIVE:
            blocking.append(node)
    # A drive call inside a nested function runs while the loop already runs: keep it a note.
    blocking.extend(d for d in drives if id(d) not in own_ids)
    return len(uses), drives, blocking


def _rebinds_loop(func: Function) -> bool:
    return any(
        type(n) is ast.Name and n.id == LOOP and type(n.ctx) is not ast.Load for n in ast.walk(func)
    ) or any(
        isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        and n is not func
        and any(a.arg == LOOP for a in (*n.args.posonlyargs, *n.args.args, *n.args.kwonlyargs))
        for n in ast.walk(func)
    )


def _fixture_scope(func: Function) -> str | None:
    """The fixture's literal `scope=`; `function` when absent, None when not a literal."""
    for deco in func.decorator_list:
        if type(deco) is ast.Call:
            for kw in deco.keywords:
                if kw.arg == "scope":
                    value = kw.value
                    if type(value) is ast.Constant and value.value in _SCOPES:
                        return str(value.value)
                    return None
    return "function"


def has_asyncio_mark(info: ModuleInfo, func: Function) -> bool:
    if any(name.endswith("mark.asyncio") for name in info.decorators(func)):
        return True
    holders: list[ast.AST] = [info.tree]
    parent = info.parents.get(func)
    if type(parent) is ast.ClassDef:
        holders.append(parent)
    for holder in holders:
        for stmt in getattr(holder, "body", []):
            if (
                type(stmt) is ast.Assign
                and any(type(t) is ast.Name and t.id == "pytestmark" for t in stmt.targets)
                and "asyncio" in ast.unparse(stmt.value)
            ):
                return True
    return False


def _is_generator(func: Function) -> bool:
    return any(type(n) in (ast.Yield, ast.YieldFrom) for n in own_nodes(func))


def plan_loop_requests(
    info: ModuleInfo,
    fixture_loop_scope: str | None,
    note: Callable[[int, str], None],
) -> dict[int, LoopRequest]:
    """Plan every function of the module that requests `event_loop` (but the fixture itself).

    Args:
        info: The module.
        fixture_loop_scope: The configured `asyncio_default_fixture_loop_scope`, if any.
        note: Called with (line, message) for each request left in place.
    """
    planned: dict[int, LoopRequest] = {}
    for func in info.functions():
        params = event_loop_params(func)
        if not params or func.name == LOOP:
            continue
        fixture = is_fixture(info, func)
        if not (fixture or is_test_function(info, func)):
            continue  # a helper's own parameter, not a fixture request
        is_async = type(func) is ast.AsyncFunctionDef
        count, drives, blocking = _loop_uses(func)
        if _rebinds_loop(func):
            note(func.lineno, "`event_loop` is rebound inside: port this function by hand")
            continue
        if is_async:
            planned[func.lineno] = LoopRequest(func.lineno, bind_loop=count > 0)
            continue
        if count == 0:
            planned[func.lineno] = LoopRequest(func.lineno)
            continue
        what = "fixture" if fixture else "test"
        if blocking:
            line = getattr(blocking[0], "lineno", func.lineno)
            note(
                func.lineno,
                f"sync {what} uses `event_loop` on line {line} in a way `await` cannot keep: "
                "make it `async def` and use `asyncio.get_running_loop()`, or request "
                "asyncproof's `standard_event_loop` fixture instead",
            )
            continue
        if any(type(n) is ast.YieldFrom for n in own_nodes(func)) or (
            _is_generator(func)
            and any(type(n) is ast.Return and n.value is not None for n in own_nodes(func))
        ):
            note(func.lineno, f"sync {what} cannot become an async generator: port it by hand")
            continue
        if fixture:
            scope = _fixture_scope(func)
            if scope != "function":
                note(
                    func.lineno,
                    f"sync fixture of scope {scope or '(not a literal)'} drives `event_loop`: "
                    "make it `@pytest_asyncio.fixture(loop_scope=...)` `async def` with the "
                    "loop scope of the tests that use it",
                )
                continue
            wider = fixture_loop_scope not in (None, "function")
            planned[func.lineno] = LoopRequest(
                func.lineno,
                make_async=True,
                bind_loop=count > len(drives),
                async_fixture=True,
                loop_scope="function" if wider else None,
            )
            continue
        planned[func.lineno] = LoopRequest(
            func.lineno,
            make_async=True,
            bind_loop=count > len(drives),
            add_mark=not info.settings.asyncio_auto and not has_asyncio_mark(info, func),
        )
    return planned


_RUNNING_LOOP = frozenset({"asyncio.get_running_loop", "asyncio.get_event_loop"})


def note_stopped_loops(info: ModuleInfo, note: Callable[[int, str], None]) -> None:
    """Note each async test or fixture that stops the loop it runs in.

    pytest-asyncio 0.x ran the test in the `event_loop` fixture's loop and never touched it
    again; 1.x's runner still needs it for the teardown, which then fails with "Event loop
    stopped before Future completed". No rewrite keeps what such a test checks.
    """
    for func in info.functions():
        if type(func) is not ast.AsyncFunctionDef:
            continue
        if not (is_fixture(info, func) or is_test_function(info, func)):
            continue
        loops = {LOOP} if event_loop_params(func) else set()
        for node in own_nodes(func):
            if (
                type(node) is ast.Assign
                and type(node.value) is ast.Call
                and info.qualname(node.value.func) in _RUNNING_LOOP
            ):
                loops.update(t.id for t in node.targets if type(t) is ast.Name)
        for node in own_nodes(func):
            if (
                type(node) is ast.Call
                and type(node.func) is ast.Attribute
                and node.func.attr == "stop"
                and type(node.func.value) is ast.Name
                and node.func.value.id in loops
            ):
                note(
                    node.lineno,
                    "stops the running loop: pytest-asyncio 1.x still needs it for the "
                    'teardown ("Event loop stopped before Future completed"); test the '
                    "same path without stopping the loop (for example, close the transport)",
                )

"""APF005: an event loop a test makes and never closes."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import (
    dotted,
    in_forked_child,
    is_fixture,
    is_test_function,
    loop_factory,
    parameters,
)
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["unclosed_event_loop"]


@rule(
    "APF005",
    "unclosed-event-loop",
    summary="An event loop from `asyncio.new_event_loop()`/`get_event_loop()` "
    "that is never closed.",
    message="event loop from `asyncio.{factory}()` is never closed",
)
def unclosed_event_loop(info: ModuleInfo) -> Iterator[Hit]:
    """Hit loop factory calls whose loop is neither returned, wrapped in `closing` nor closed."""
    if info.source and "_event_loop" not in info.source:
        return
    closed_in_module: set[str] | None = None
    closers: dict[str, set[int]] | None = None

    def _is_closed(target: str, func: ast.AST | None) -> bool:
        nonlocal closed_in_module, closers
        if closers is None:
            closers = _closers(info.tree, info.lines)
        if "." in target:  # self.loop: closed in tearDown, anywhere in the module
            if closed_in_module is None:
                closed_in_module = _closed(info.tree, closers)
            return target in closed_in_module
        return target in _closed(func if func is not None else info.tree, closers)

    for call, func in info.of(ast.Call):
        name = loop_factory(info, call)
        if name is None:
            continue
        # Inside a coroutine get_event_loop() returns the running loop, which is not ours to close;
        # in a function that takes fixtures it returns the loop one of them set.
        if name == "asyncio.get_event_loop" and (
            type(func) is ast.AsyncFunctionDef or (func is not None and parameters(func))
        ):
            continue
        # A helper (not a test, fixture or setUp) gets the loop of whoever calls it.
        if name == "asyncio.get_event_loop" and func is not None and not _test_like(info, func):
            continue
        if in_forked_child(info, call, func) or _runs_forked(info, func):
            continue  # the forked child ends with its process, taking its loop with it
        parent = info.parents[call]
        if type(parent) is ast.Return:
            continue  # a factory: closing is the caller's job
        if type(parent) is ast.Call and (info.qualname(parent.func) or "").endswith("closing"):
            continue
        targets: list[str | None] = []
        if type(parent) is ast.Assign:
            targets = [dotted(t) for t in parent.targets]  # `loop = q._loop = new_event_loop()`
        elif type(parent) is ast.AnnAssign:
            targets = [dotted(parent.target)]
        names = [t for t in targets if t is not None]
        if not names and name == "asyncio.get_event_loop":
            continue  # compared or called on, not kept: the loop someone else set
        if any(_is_closed(target, func) for target in names):
            continue
        yield hit(call, factory=name.rsplit(".", 1)[1])


def _runs_forked(info: ModuleInfo, func: ast.AST | None) -> bool:
    """A test pytest-forked runs in a child process (`@pytest.mark.forked`, or `forked` as a
    name for that mark)."""
    return func is not None and any(
        name.rsplit(".", 1)[-1] == "forked" for name in info.decorators(func)
    )


_SETUPS = frozenset({"setUp", "setUpClass", "asyncSetUp", "setup_method", "setup_class"})


def _test_like(info: ModuleInfo, func: ast.AST) -> bool:
    return (
        is_test_function(info, func)
        or is_fixture(info, func)
        or getattr(func, "name", "") in _SETUPS
    )


def _closed(scope: ast.AST, closers: dict[str, set[int]] | None = None) -> set[str]:
    """Names whose `.close` is called or passed on (`addCleanup(loop.close)`) in `scope`,
    that are wrapped in `closing(...)` (`stack.enter_context(contextlib.closing(loop))`),
    given to `addCleanup(close_loop, loop)`, or handed to a function of the module that
    closes that parameter (`self.set_event_loop(loop)`, see `_closers`)."""
    closed: set[str] = set()
    for node in ast.walk(scope):
        names: list[str | None] = []
        if type(node) is ast.Attribute and node.attr == "close":
            names = [dotted(node.value)]
        elif type(node) is ast.Call:
            callee = dotted(node.func) or ""
            if callee.endswith("closing") and node.args:
                names = [dotted(node.args[0])]
            elif callee.endswith(("addCleanup", "addAsyncCleanup")):
                names = [dotted(arg) for arg in node.args]
            elif closers:
                positions = closers.get(callee.rsplit(".", 1)[-1], set())
                names = [dotted(a) for i, a in enumerate(node.args) if i in positions]
        closed.update(name for name in names if name is not None)
    return closed


def _closers(tree: ast.Module, lines: list[str]) -> dict[str, set[int]]:
    """Functions of the module that close (or register the closing of) a parameter:
    name -> positions of those parameters as a caller passes them (`self` left out)."""
    found: dict[str, set[int]] = {}
    for node in ast.walk(tree):
        if type(node) not in (ast.FunctionDef, ast.AsyncFunctionDef):
            continue
        args = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]  # type: ignore[attr-defined]
        if args[:1] in (["self"], ["cls"]):
            args = args[1:]
        if not args:
            continue
        # Only a function whose text closes something can close its parameter (cheap to ask).
        text = "\n".join(lines[node.lineno - 1 : node.end_lineno])  # type: ignore[attr-defined]
        if ".close" not in text and "Cleanup" not in text and "closing" not in text:
            continue
        closed = _closed(node)
        positions = {i for i, arg in enumerate(args) if arg in closed}
        if positions:
            found[node.name] = positions  # type: ignore[attr-defined]
    return found

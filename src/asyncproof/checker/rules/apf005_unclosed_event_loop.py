"""APF005: an event loop a test makes and never closes."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import dotted, loop_factory, parameters
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

    def _is_closed(target: str, func: ast.AST | None) -> bool:
        nonlocal closed_in_module
        if "." in target:  # self.loop: closed in tearDown, anywhere in the module
            if closed_in_module is None:
                closed_in_module = _closed(info.tree)
            return target in closed_in_module
        return target in _closed(func if func is not None else info.tree)

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


def _closed(scope: ast.AST) -> set[str]:
    """Names whose `.close` is called or passed on (`addCleanup(loop.close)`) in `scope`,
    or that are wrapped in `closing(...)` (`stack.enter_context(contextlib.closing(loop))`)."""
    closed = set()
    for node in ast.walk(scope):
        if type(node) is ast.Attribute and node.attr == "close":
            name = dotted(node.value)
        elif type(node) is ast.Call and (dotted(node.func) or "").endswith("closing") and node.args:
            name = dotted(node.args[0])
        else:
            continue
        if name is not None:
            closed.add(name)
    return closed

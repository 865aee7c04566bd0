"""APF001, APF005, APF006: event loops a test manages by hand."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo, dotted, is_fixture, is_test_function
from asyncproof.checker.rules._common import finding

__all__ = ["check"]

_NEW_LOOP = ("asyncio.new_event_loop", "asyncio.get_event_loop")
_NESTED_RUN = "asyncio.run"


def check(info: ModuleInfo) -> Iterator[Diagnostic]:
    """Yield APF001, APF005 and APF006 findings."""
    # Cheap textual gates: most modules never mention these names or calls. (A non-ASCII module
    # may spell `event_loop` with characters that NFKC-normalise to it: no gate there.)
    source = info.source
    if not source or "event_loop" in source or not source.isascii():
        yield from _event_loop_fixture(info)
    if "_event_loop" in info.source or not info.source:
        yield from _unclosed_loops(info)
    if "run(" in info.source or "run_until_complete" in info.source or not info.source:
        yield from _nested_runs(info)


def _event_loop_fixture(info: ModuleInfo) -> Iterator[Diagnostic]:
    for func in info.functions():
        fixture = is_fixture(info, func)
        if func.name == "event_loop" and fixture:
            yield finding(
                info,
                func,
                "APF001",
                "custom `event_loop` fixture: removed in pytest-asyncio 1.x, use `loop_scope`",
            )
            continue
        if not (fixture or is_test_function(info, func)):
            continue
        for arg in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs):
            if arg.arg == "event_loop":
                yield finding(
                    info,
                    arg,
                    "APF001",
                    "`event_loop` fixture requested: removed in pytest-asyncio 1.x, "
                    "use `asyncio.get_running_loop()`",
                )


def _loop_call(info: ModuleInfo, call: ast.Call) -> str | None:
    name = info.qualname(call.func)
    if name in _NEW_LOOP:
        return name
    # asyncio.get_event_loop_policy().new_event_loop()
    func = call.func
    if (
        type(func) is ast.Attribute
        and func.attr == "new_event_loop"
        and type(func.value) is ast.Call
        and info.qualname(func.value.func) == "asyncio.get_event_loop_policy"
    ):
        return "asyncio.new_event_loop"
    return None


def _unclosed_loops(info: ModuleInfo) -> Iterator[Diagnostic]:
    closed_in_module: set[str] | None = None
    for call, func in info.of(ast.Call):
        name = _loop_call(info, call)  # type: ignore[arg-type]
        if name is None:
            continue
        # Inside a coroutine get_event_loop() returns the running loop, which is not ours to close.
        if name == "asyncio.get_event_loop" and type(func) is ast.AsyncFunctionDef:
            continue
        parent = info.parents[call]
        if type(parent) is ast.Return:
            continue  # a factory: closing is the caller's job
        if type(parent) is ast.Call and (info.qualname(parent.func) or "").endswith("closing"):
            continue
        target = None
        if type(parent) is ast.Assign and len(parent.targets) == 1:
            target = dotted(parent.targets[0])
        elif type(parent) is ast.AnnAssign:
            target = dotted(parent.target)
        if target is not None:
            if "." in target:  # self.loop: closed in tearDown, anywhere in the module
                if closed_in_module is None:
                    closed_in_module = _closed(info.tree)
                if target in closed_in_module:
                    continue
            elif target in _closed(func if func is not None else info.tree):
                continue
        short = name.rsplit(".", 1)[1]
        yield finding(info, call, "APF005", f"event loop from `asyncio.{short}()` is never closed")


def _closed(scope: ast.AST) -> set[str]:
    """Names whose ``.close`` is called or passed on (``addCleanup(loop.close)``) in `scope`."""
    closed = set()
    for node in ast.walk(scope):
        if type(node) is ast.Attribute and node.attr == "close":
            name = dotted(node.value)
            if name is not None:
                closed.add(name)
    return closed


def _nested_runs(info: ModuleInfo) -> Iterator[Diagnostic]:
    for call, func in info.of(ast.Call):
        if type(func) is not ast.AsyncFunctionDef:
            continue
        target = call.func  # type: ignore[attr-defined]
        if info.qualname(target) == _NESTED_RUN:
            yield finding(
                info,
                call,
                "APF006",
                "`asyncio.run()` inside `async def`: the loop is already running, await instead",
            )
        elif type(target) is ast.Attribute and target.attr == "run_until_complete":
            yield finding(
                info,
                call,
                "APF006",
                "`run_until_complete()` inside `async def`: the loop is already running, "
                "await instead",
            )

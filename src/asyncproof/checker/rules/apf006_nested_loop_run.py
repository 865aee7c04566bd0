"""APF006: running a loop from inside a coroutine, where one is already running."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import in_forked_child
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["nested_loop_run"]


@rule(
    "APF006",
    "nested-loop-run",
    summary="`asyncio.run()` or `run_until_complete()` inside `async def`.",
    message="`{call}()` inside `async def`: the loop is already running, await instead",
)
def nested_loop_run(info: ModuleInfo) -> Iterator[Hit]:
    """Hit `asyncio.run()` and `….run_until_complete()` calls inside `async def`."""
    source = info.source
    if source and "run(" not in source and "run_until_complete" not in source:
        return
    for call, func in info.of(ast.Call):
        if type(func) is not ast.AsyncFunctionDef:
            continue
        target = call.func
        if info.qualname(target) == "asyncio.run":
            name = "asyncio.run"
        elif type(target) is ast.Attribute and target.attr == "run_until_complete":
            name = "run_until_complete"
        else:
            continue
        if not in_forked_child(info, call, func):  # a forked child runs no loop: it may start one
            yield hit(call, call=name)

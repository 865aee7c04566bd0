"""APF008: ``time.sleep`` in a coroutine blocks every task on the loop."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._common import finding

__all__ = ["check"]


def check(info: ModuleInfo) -> Iterator[Diagnostic]:
    """Yield APF008 findings."""
    if info.source and "sleep" not in info.source:
        return
    for call, func in info.of(ast.Call):
        if type(func) is not ast.AsyncFunctionDef:
            continue
        target = call.func  # type: ignore[attr-defined]
        # `x.y` resolves to `….y`: only an attribute named `sleep` can be `time.sleep`.
        if type(target) is ast.Attribute and target.attr != "sleep":
            continue
        if info.qualname(target) == "time.sleep":
            yield finding(
                info,
                call,
                "APF008",
                "`time.sleep()` in `async def` blocks the event loop: use `await asyncio.sleep()`",
            )

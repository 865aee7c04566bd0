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
        if type(func) is ast.AsyncFunctionDef and info.qualname(call.func) == "time.sleep":  # type: ignore[attr-defined]
            yield finding(
                info,
                call,
                "APF008",
                "`time.sleep()` in `async def` blocks the event loop: use `await asyncio.sleep()`",
            )

"""APF001: a custom `event_loop` fixture, or a test or fixture requesting one."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import PurePath

from asyncproof.checker.ast_helpers import event_loop_params, is_fixture, is_test_function
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.files import is_test_module
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["event_loop_fixture"]


@rule(
    "APF001",
    "event-loop-fixture",
    summary="A custom `event_loop` fixture, or a test requesting it "
    "(removed in pytest-asyncio 1.x).",
    message="{what}: removed in pytest-asyncio 1.x, use {instead}",
    fixable=True,
)
def event_loop_fixture(info: ModuleInfo) -> Iterator[Hit]:
    """Hit the `event_loop` fixture's definition and every request for it."""
    # A cheap textual gate: most modules never mention the name. (A non-ASCII module may spell
    # `event_loop` with characters that NFKC-normalise to it: no gate there.)
    source = info.source
    if source and "event_loop" not in source and source.isascii():
        return
    if info.settings.asyncio_plugin_off:
        return  # not pytest-asyncio's fixture: the suite's own plugin provides it
    functions = list(info.functions())
    # Sync code may drive a loop the project defines itself (`loop.run_until_complete`): the
    # definition is the finding, not each sync user of it. Sync code asking for
    # pytest-asyncio's loop is a finding with its own advice: it has no running loop to get.
    own_loop = info.settings.own_event_loop or any(
        func.name == "event_loop" and is_fixture(info, func) for func in functions
    )
    # In pytest-asyncio 0.x an `event_loop` fixture set the loop of the async tests it reached.
    # Defined in a test module with no async test or fixture, it only ever served that
    # module's sync code, which still gets it: harmless under 1.x. A conftest or a fixture
    # module serves modules this one cannot see: there the definition is always reported.
    name = PurePath(info.path).name
    serves_async = (
        not is_test_module(name)
        or name == "conftest.py"
        or any(
            type(func) is ast.AsyncFunctionDef
            and (is_fixture(info, func) or is_test_function(info, func))
            for func in functions
        )
    )
    for func in functions:
        fixture = is_fixture(info, func)
        if func.name == "event_loop" and fixture:
            if serves_async:
                yield hit(func, what="custom `event_loop` fixture", instead="`loop_scope`")
            continue
        if not (fixture or is_test_function(info, func)):
            continue
        if own_loop and type(func) is ast.FunctionDef:
            continue
        sync = type(func) is ast.FunctionDef
        for arg in event_loop_params(func):
            yield hit(
                arg,
                what=f"`event_loop` fixture requested by sync {_kind(fixture)} `{func.name}`"
                if sync
                else "`event_loop` fixture requested",
                instead=_SYNC_INSTEAD if sync else "`asyncio.get_running_loop()`",
            )


# A sync test has no running loop to ask for: it becomes a coroutine, or gets a loop of its own.
_SYNC_INSTEAD = (
    "`async def` and `await` (or asyncproof's `standard_event_loop` fixture where it must "
    "stay sync)"
)


def _kind(fixture: bool) -> str:
    return "fixture" if fixture else "test"

"""The rules, one module per concern. Each ``check(info)`` yields diagnostics for its codes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules import (
    assertions,
    awaits,
    blocking,
    event_loop,
    marks,
    mocker,
    timeouts,
)

__all__ = ["CHECKS"]

Check = Callable[[ModuleInfo], Iterator[Diagnostic]]

# (codes a check can emit, the check): a check whose codes are all disabled is not run.
CHECKS: tuple[tuple[frozenset[str], Check], ...] = (
    (frozenset({"APF001", "APF005", "APF006"}), event_loop.check),
    (frozenset({"APF002", "APF011"}), marks.check),
    (frozenset({"APF003"}), mocker.check),
    (frozenset({"APF004"}), awaits.check),
    (frozenset({"APF007"}), timeouts.check),
    (frozenset({"APF008"}), blocking.check),
    (frozenset({"APF009", "APF010"}), assertions.check),
)

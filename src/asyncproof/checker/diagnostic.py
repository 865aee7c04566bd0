"""The value types every part of the checker shares: a rule, a hit and a finding."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from asyncproof.checker.module import ModuleInfo

__all__ = ["Check", "Diagnostic", "Hit", "Located", "Rule", "hit"]


class Located(Protocol):
    """An AST node with a position: statements, expressions, arguments, except handlers."""

    @property
    def lineno(self) -> int: ...

    @property
    def col_offset(self) -> int: ...


@dataclass(frozen=True)
class Hit:
    """Where a rule matched, and the values its message template needs.

    Attributes:
        node: The node the diagnostic points at.
        fields: Values for the placeholders of the rule's `message`.
    """

    node: Located
    fields: Mapping[str, str] = field(default_factory=dict)


def hit(node: Located, **fields: str) -> Hit:
    """Return a `Hit` at `node`; `fields` fill the rule's message template."""
    return Hit(node, fields)


Check = Callable[["ModuleInfo"], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    """A check with a stable code.

    Attributes:
        code: Stable identifier, e.g. `"APF001"`; never reused for another check.
        name: Short kebab-case name, e.g. `"event-loop-fixture"`.
        summary: One line describing what the rule catches (used by `--list` and the docs).
        message: The diagnostic's text, a `str.format` template filled from each `Hit`.
        fixable: True when `asyncproof migrate` rewrites what the rule reports.
        check: Yields the rule's hits in a module; None for `APF000`, which the engine reports.
        opt_in: True for a rule that runs only when selected (`--select APF010`): its
            precision on real suites is below the bar for a default rule (its page says why).
        test_only: True for a rule about tests themselves (collection, assertions): it runs on
            test modules only, not on the other `.py` files a directory walk finds.
    """

    code: str
    name: str
    summary: str
    message: str = ""
    fixable: bool = False
    check: Check | None = field(default=None, compare=False, repr=False)
    opt_in: bool = False
    test_only: bool = False

    def diagnostics(self, info: ModuleInfo) -> Iterator[Diagnostic]:
        """Run the rule's check over `info`; yield its diagnostics (1-based columns, like ruff)."""
        if self.check is None:
            return
        for found in self.check(info):
            node = found.node
            message = self.message.format_map(found.fields) if found.fields else self.message
            yield Diagnostic(info.path, node.lineno, node.col_offset + 1, self.code, message)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, ordered by position so reports are stable.

    Attributes:
        path: The file as the user named it (or as found while walking a directory).
        line: 1-based line number.
        col: 1-based column (ruff style).
        code: The rule code.
        message: One line, no trailing period.
        error: True when the file could not be read or its configuration is invalid (an I/O
            or configuration error, exit code 2) rather than a finding in the code.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    error: bool = field(default=False, compare=False)

    def format(self) -> str:
        """Return the ruff-style `path:line:col: CODE message` line."""
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

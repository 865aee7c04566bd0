"""The two value types every part of the checker shares: a rule and a finding."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Diagnostic", "Rule"]


@dataclass(frozen=True)
class Rule:
    """A check with a stable code.

    Attributes:
        code: Stable identifier, e.g. ``"APF001"``; never reused for another check.
        name: Short kebab-case name, e.g. ``"event-loop-fixture"``.
        summary: One line describing what the rule catches (used by ``--list`` and the docs).
    """

    code: str
    name: str
    summary: str


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, ordered by position so reports are stable.

    Attributes:
        path: The file as the user named it (or as found while walking a directory).
        line: 1-based line number.
        col: 1-based column (ruff style).
        code: The rule code.
        message: One line, no trailing period.
    """

    path: str
    line: int
    col: int
    code: str
    message: str

    def format(self) -> str:
        """Return the ruff-style ``path:line:col: CODE message`` line."""
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

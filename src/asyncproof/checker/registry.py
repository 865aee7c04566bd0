"""The rule table: codes are stable, a retired code is never reused.

Each rule declares itself in its own module under `asyncproof.checker.rules`; `APF000` is the
one code no rule module emits: the engine reports files that cannot be read or parsed with it.
"""

from __future__ import annotations

from asyncproof.checker.diagnostic import Diagnostic, Rule
from asyncproof.checker.rules import RULES

__all__ = ["RULES", "RULES_BY_CODE", "SYNTAX_ERROR", "syntax_error"]

SYNTAX_ERROR = Rule(
    "APF000", "syntax-error", "The file does not parse; the other files are still checked."
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in (SYNTAX_ERROR, *RULES)}


def syntax_error(path: str, line: int, col: int, message: str) -> Diagnostic:
    """Return an `APF000` diagnostic: the file could not be read or parsed."""
    return Diagnostic(path, line, col, SYNTAX_ERROR.code, message)

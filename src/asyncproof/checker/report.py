"""Render diagnostics: ruff-style text lines or JSON."""

from __future__ import annotations

from collections.abc import Sequence

from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.registry import RULES_BY_CODE

__all__ = ["FORMATS", "render"]

FORMATS = ("text", "json")


def render(diagnostics: Sequence[Diagnostic], fmt: str = "text") -> str:
    """Return the report for `diagnostics` in `fmt` (`"text"` or `"json"`)."""
    if fmt == "json":
        import json

        return json.dumps(
            [
                {
                    "path": d.path,
                    "line": d.line,
                    "column": d.col,
                    "code": d.code,
                    "name": RULES_BY_CODE[d.code].name,
                    "message": d.message,
                }
                for d in diagnostics
            ],
            indent=2,
        )
    if fmt != "text":
        raise ValueError(f"unknown format: {fmt!r}")
    lines = [d.format() for d in diagnostics]
    if diagnostics:
        noun = "problem" if len(diagnostics) == 1 else "problems"
        lines.append(f"Found {len(diagnostics)} {noun}.")
    return "\n".join(lines)

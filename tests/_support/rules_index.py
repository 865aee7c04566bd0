"""The rules index table, generated from the rule registry.

`snippets/rules/index_table.md`, which `docs/rules/index.md` includes: one row per registered
rule (code, name, summary, whether `asyncproof migrate` fixes it). Stored and checked like every
generated file (`tests/_support/stored.py`).
"""

from __future__ import annotations

from pathlib import Path

from tests._support.paths import SNIPPETS

TABLE = SNIPPETS / "rules" / "index_table.md"


def generate() -> dict[Path, str]:
    """The index table, one row per registered rule."""
    from asyncproof.checker import RULES

    lines = ["| Code | Name | What it catches | |", "|---|---|---|---|"]
    lines.extend(
        f"| [{rule.code}]({rule.code}.md) | `{rule.name}` | {rule.summary} |"
        + (" *fix* |" if rule.fixable else " *opt-in* |" if rule.opt_in else " |")
        for rule in RULES
    )
    return {TABLE: "\n".join(lines) + "\n"}

"""The rules index table and each rule's "Not flagged" list, generated from the registry and
the rule's tests.

`snippets/rules/index_table.md`, which `docs/rules/index.md` includes: one row per registered
rule (code, name, summary, whether `asyncproof migrate` fixes it). `snippets/rules/
apfnnn_not_flagged.md`, which each rule page includes under "Not flagged": one line per shape
the rule deliberately leaves alone, taken from the described cases of
`tests/checker/test_checker_precision.py` (each a minimal reproduction the test runs), with the
test ids. Stored and checked like every generated file (`tests/_support/stored.py`).
"""

from __future__ import annotations

from pathlib import Path

from tests._support.paths import SNIPPETS

TABLE = SNIPPETS / "rules" / "index_table.md"
SOURCE = "tests/checker/test_checker_precision.py"


def generate() -> dict[Path, str]:
    """The index table, one row per registered rule, and the rules' Not flagged lists."""
    from asyncproof.checker import RULES

    lines = ["| Code | Name | What it catches | |", "|---|---|---|---|"]
    lines.extend(
        f"| [{rule.code}]({rule.code}.md) | `{rule.name}` | {rule.summary} |"
        + (" *fix* |" if rule.fixable else " *opt-in* |" if rule.opt_in else " |")
        for rule in RULES
    )
    return {TABLE: "\n".join(lines) + "\n", **not_flagged()}


def not_flagged() -> dict[Path, str]:
    """`apfnnn_not_flagged.md` for each registered rule: one item per described case
    (cases that share one are listed together), in the order of the test file; a rule with
    none says so."""
    from asyncproof.checker import RULES
    from tests.checker.test_checker_precision import NOT_FLAGGED

    by_rule: dict[str, dict[str, list[str]]] = {rule.code: {} for rule in RULES}
    for param in NOT_FLAGGED:
        [shape] = param.values
        by_rule.setdefault(shape.code, {}).setdefault(shape.description, []).append(param.id)
    files = {}
    for code, described in sorted(by_rule.items()):
        lines = [f"<!-- Generated from {SOURCE} by tests/_support/rules_index.py. -->"]
        for description, ids in described.items():
            tests = ", ".join(f"`{test_id}`" for test_id in ids)
            lines.append(f"- {description[0].upper()}{description[1:]}. Test: {tests}.")
        if not described:
            lines.append(
                "- Nothing beyond what the rule's definition above leaves out: "
                f"`{SOURCE}` has no case for this rule yet."
            )
        files[SNIPPETS / "rules" / f"{code.lower()}_not_flagged.md"] = "\n".join(lines) + "\n"
    return files

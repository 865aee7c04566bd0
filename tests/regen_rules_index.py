"""Regenerate the rules index table from the rule registry: `python tests/regen_rules_index.py`.

Writes `snippets/rules/index_table.md`, which `docs/rules/index.md` includes: one row per
registered rule (code, name, summary, whether `asyncproof migrate` fixes it).
`tests/test_checker_registry.py` fails when the stored table differs from a fresh generation.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "snippets" / "rules" / "index_table.md"


def generate() -> dict[Path, str]:
    """Return {generated path: expected content}."""
    from asyncproof.checker import RULES

    lines = ["| Code | Name | What it catches | |", "|---|---|---|---|"]
    lines.extend(
        f"| [{rule.code}]({rule.code}.md) | `{rule.name}` | {rule.summary} |"
        + (" *fix* |" if rule.fixable else " |")
        for rule in RULES
    )
    return {TABLE: "\n".join(lines) + "\n"}


def write() -> list[Path]:
    """Write the generated files; return their paths."""
    written = []
    for path, text in generate().items():
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> int:
    for path in write():
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())

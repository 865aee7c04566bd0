"""Per-line suppression: `# noqa` (everything) or `# noqa: APF001, APF004` (those codes)."""

from __future__ import annotations

import re

__all__ = ["ALL", "noqa_lines"]

ALL: frozenset[str] = frozenset({"*"})
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)


def noqa_lines(source: str) -> dict[int, frozenset[str]]:
    """Map 1-based line numbers to the codes suppressed there (`ALL` for a bare `# noqa`)."""
    if "noqa" not in source and "NOQA" not in source:
        return {}
    result: dict[int, frozenset[str]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if "#" not in line:
            continue
        match = _NOQA.search(line)
        if match is None:
            continue
        codes = match.group("codes")
        result[number] = (
            ALL if codes is None else frozenset(c.upper() for c in re.split(r"[\s,]+", codes) if c)
        )
    return result

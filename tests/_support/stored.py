"""Files the suite produces by running and the pages show: one registry, one check, one command.

Each producer returns `{path: text}` for the files it owns. `nox -s regen` writes them all (with
`python -m tests._support.stored`, then the snippet reports and `#>` lines with `pytest
tests/docs/test_snippets.py --update-examples`); `tests/docs/test_stored.py` fails while a
stored copy differs from a fresh run. A new generated file is one entry in `PRODUCERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests._support import (
    companions,
    glance,
    migration_docs,
    notebooks,
    phi_metrics,
    phi_strict_metrics,
    rules_check,
    rules_index,
)
from tests._support.paths import ROOT

PRODUCERS: dict[str, Callable[[], dict[Path, str]]] = {
    "notebook cells": notebooks.generate,
    "PHI metrics table": phi_metrics.generate,
    "PHI strict redaction table": phi_strict_metrics.generate,
    "migration example": migration_docs.generate_all,
    "rules index table": rules_index.generate,
    "rules at a glance": glance.generate,
    "rules checked": rules_check.generate,
    "companion plugins table": companions.generate,
}


# Producers whose fresh run the suite already makes elsewhere: the check compares with what
# that run must give for the suite to pass, rather than running it a second time.
CHECKED_AS: dict[str, Callable[[], dict[Path, str]]] = {
    "companion plugins table": companions.as_when_every_scenario_passes,
}


def stale(name: str) -> list[str]:
    """The files of producer `name` whose stored copy differs from a fresh run."""
    return [
        str(path.relative_to(ROOT))
        for path, text in CHECKED_AS.get(name, PRODUCERS[name])().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def write_all() -> None:
    for produce in PRODUCERS.values():
        for path, text in produce().items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    write_all()

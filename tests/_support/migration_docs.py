"""The migration page's generated snippets.

For each `snippets/migration/<name>.py` "before" file: `<name>_migrated.py` (the file after
`asyncproof migrate`) and `<name>.diff` (what `asyncproof migrate --diff` prints). Stored and
checked like every generated file (`tests/_support/stored.py`).
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from tests._support.paths import SNIPPETS as ALL_SNIPPETS

SNIPPETS = ALL_SNIPPETS / "migration"
BEFORE_FILES = ("legacy_suite.py",)


def generate(name: str) -> dict[Path, str]:
    """Return {generated path: expected content} for one "before" snippet."""
    from asyncproof.cli import main
    from asyncproof.migrate import migrate_source

    source = (SNIPPETS / name).read_text(encoding="utf-8")
    migrated, _ = migrate_source(source, path=SNIPPETS / name)
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(SNIPPETS)  # the diff names the file as the reader would: a/legacy_suite.py
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            main(["migrate", "--diff", name])
    finally:
        os.chdir(cwd)
    stem = name.removesuffix(".py")
    return {SNIPPETS / f"{stem}_migrated.py": migrated, SNIPPETS / f"{stem}.diff": out.getvalue()}


def generate_all() -> dict[Path, str]:
    """The generated files of every "before" snippet."""
    return {path: text for name in BEFORE_FILES for path, text in generate(name).items()}

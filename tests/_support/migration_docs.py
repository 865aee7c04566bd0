"""The migration page's generated snippets.

For each `snippets/migration/<stem>_bad.py` "before" file: `<stem>_good.py` (the file after
`asyncproof migrate`) and `<stem>.diff` (what `asyncproof migrate --diff` prints). The page
shows both versions as `<stem>.py`, the one file a reader has, so the codemod runs on a copy
of that name. Stored and checked like every generated file (`tests/_support/stored.py`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests._support.cli import run_cli
from tests._support.paths import SNIPPETS as ALL_SNIPPETS

SNIPPETS = ALL_SNIPPETS / "migration"
BEFORE_FILES = (
    "test_legacy_suite_bad.py",
    "test_loop_requests_bad.py",
    "test_fixture_decorators_bad.py",
    "test_fixture_marks_bad.py",
    "test_current_loop_bad.py",
)


def generate(name: str) -> dict[Path, str]:
    """Return {generated path: expected content} for one "before" snippet."""
    from asyncproof.migrate import migrate_source

    stem = name.removesuffix("_bad.py")
    assert stem != name.removesuffix(".py"), f"{name}: a before file is named <stem>_bad.py"
    source = (SNIPPETS / name).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        reader_file = Path(folder) / f"{stem}.py"  # the file as the reader has it
        reader_file.write_text(source, encoding="utf-8")
        migrated, _ = migrate_source(source, path=reader_file)
        # In the folder: the diff names the file as the reader would, a/<stem>.py.
        _, diff, _ = run_cli(["migrate", "--diff", reader_file.name], folder)
    return {SNIPPETS / f"{stem}_good.py": migrated, SNIPPETS / f"{stem}.diff": diff}


def generate_all() -> dict[Path, str]:
    """The generated files of every "before" snippet."""
    return {path: text for name in BEFORE_FILES for path, text in generate(name).items()}

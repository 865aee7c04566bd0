"""Regenerate the migration page's generated snippets: `python tests/regen_migration_docs.py`.

For each `snippets/migration/<name>.py` "before" file, writes `<name>_migrated.py` (the file
after `asyncproof migrate`) and `<name>.diff` (what `asyncproof migrate --diff` prints).
`tests/test_migrate_docs.py` fails when the committed copies differ from a fresh run.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets" / "migration"
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


def main() -> int:
    for name in BEFORE_FILES:
        for path, text in generate(name).items():
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "snippets")]
    sys.exit(main())

"""`asyncproof migrate PATH... [--diff]`: files in, rewritten files (or a diff) out."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["run"]


def _label(side: str, path: Path) -> str:
    # git-style a/ and b/ prefixes, for relative paths only
    return path.as_posix() if path.is_absolute() else f"{side}/{path.as_posix()}"


def run(paths: Sequence[str], *, diff: bool = False) -> int:
    """Migrate `paths` in place, or print a unified diff when `diff` is true.

    Returns:
        0 when done (or nothing to change), 1 with `diff` when a file would change or when a
        file could not be parsed, 2 on a usage error (missing path, libcst not installed).
    """
    try:
        import libcst  # noqa: F401  (only to give a clear message when the extra is missing)
    except ModuleNotFoundError:
        print(
            "asyncproof: error: migrate needs libcst: pip install 'asyncproof[migrate]'",
            file=sys.stderr,
        )
        return 2
    from asyncproof.checker.config import ConfigError, find_config, settings_for
    from asyncproof.checker.files import discover
    from asyncproof.checker.registry import SYNTAX_ERROR
    from asyncproof.migrate.transform import migrate_source

    try:
        config = find_config(Path(paths[0]))
        files = discover(paths, exclude=config.exclude, root=config.path and config.path.parent)
    except ConfigError as exc:
        print(f"asyncproof: error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"asyncproof: error: no such file or directory: {exc}", file=sys.stderr)
        return 2
    status = 0
    for name in files:
        path = Path(name)
        source = path.read_text(encoding="utf-8")
        try:
            migrated, notes = migrate_source(source, settings=settings_for(path), path=path)
        except SyntaxError as exc:
            print(
                f"{name}:{exc.lineno or 1}: {SYNTAX_ERROR.code} syntax error: {exc.msg}",
                file=sys.stderr,
            )
            status = 1
            continue
        for note in notes:
            print(f"{name}:{note.line}: {note.code} {note.message}", file=sys.stderr)
        if migrated == source:
            continue
        if diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    source.splitlines(keepends=True),
                    migrated.splitlines(keepends=True),
                    fromfile=_label("a", path),
                    tofile=_label("b", path),
                )
            )
            status = 1
        else:
            path.write_text(migrated, encoding="utf-8")
            print(f"migrated {name}", file=sys.stderr)
    return status

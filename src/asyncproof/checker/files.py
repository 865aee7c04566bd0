"""Which files to check: explicit files always, test modules when walking a directory."""

from __future__ import annotations

import os
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

__all__ = ["discover", "is_test_module"]

_SKIP_DIRS = frozenset(
    {".git", ".hg", ".venv", "venv", "__pycache__", "node_modules", ".tox", ".nox", "build", "dist"}
)


def is_test_module(name: str) -> bool:
    """True for the files pytest collects by default, plus `conftest.py`."""
    return name.endswith(".py") and (
        name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
    )


def _excluded(path: Path, root: Path | None, patterns: tuple[str, ...]) -> bool:
    if not patterns:
        return False
    try:
        rel = path.resolve().relative_to(root).as_posix() if root else path.as_posix()
    except ValueError:
        rel = path.as_posix()
    return any(
        fnmatch(rel, pattern)
        or fnmatch(rel, pattern.rstrip("/") + "/*")
        or fnmatch(path.name, pattern)
        for pattern in patterns
    )


def discover(
    paths: Iterable[str], *, exclude: tuple[str, ...] = (), root: Path | None = None
) -> list[str]:
    """Expand `paths` into the files to check, in a stable order.

    Args:
        paths: Files (always checked) and directories (walked for test modules).
        exclude: Glob patterns skipped while walking, relative to `root`.
        root: The directory `exclude` patterns are relative to.

    Raises:
        FileNotFoundError: A path does not exist.
    """
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            found.append(raw)
            continue
        if not path.is_dir():
            raise FileNotFoundError(raw)
        for dirpath, dirnames, filenames in os.walk(raw):
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in _SKIP_DIRS
                and not d.endswith(".egg-info")
                and not _excluded(Path(dirpath, d), root, exclude)
            )
            for name in sorted(filenames):
                if is_test_module(name) and not _excluded(Path(dirpath, name), root, exclude):
                    found.append(os.path.join(dirpath, name))
    return list(dict.fromkeys(found))

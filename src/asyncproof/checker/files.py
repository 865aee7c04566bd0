"""Which files to check: explicit files always, test modules when walking a directory.

Walking also follows `pytest_plugins = [...]` in each `conftest.py` found to the fixture
modules it names (`tests.fixtures.db`), when they live in the project: pytest loads them like
a conftest, whatever their file name.
"""

from __future__ import annotations

import ast
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
                    if name == "conftest.py":
                        found.extend(_plugin_modules(Path(dirpath, name)))
    return list(dict.fromkeys(found))


def _plugin_modules(conftest: Path) -> list[str]:
    """The files of the project modules a conftest's `pytest_plugins` names."""
    try:
        tree = ast.parse(conftest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return []
    names: list[str] = []
    for stmt in tree.body:
        if type(stmt) is ast.Assign and any(
            type(t) is ast.Name and t.id == "pytest_plugins" for t in stmt.targets
        ):
            value = stmt.value
            items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
            names += [
                i.value for i in items if type(i) is ast.Constant and isinstance(i.value, str)
            ]
    found = []
    for name in names:
        relative = Path(*name.split("."))
        # The module is found from the conftest's directory or one of its parents (sys.path).
        for base in (conftest.parent, *conftest.parent.parents):
            for candidate in (base / relative.with_suffix(".py"), base / relative / "__init__.py"):
                if candidate.is_file():
                    found.append(str(candidate))
                    break
            else:
                continue
            break
    return found

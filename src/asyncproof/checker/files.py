"""Which files to check: every `.py` under the given paths, as ruff does.

Test-only rules apply to test modules: the files pytest collects by default (`test_*.py`,
`*_test.py`), `conftest.py`, and the fixture modules of the project a `conftest.py` names in
`pytest_plugins = [...]` (`tests.fixtures.db`), whatever their file name; files named on the
command line count as test modules too.

Walking never opens anything but regular files: FIFOs, sockets and devices are skipped with a
note (reading a FIFO would block forever), symbolic links to directories are not followed
(no loops), and a file reached through a link whose target lies outside the given paths is
marked, so `migrate` never rewrites a file the user did not point it at.
"""

from __future__ import annotations

import ast
import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from asyncproof._sourcefile import SourceError, file_kind, read_source

__all__ = ["Found", "Walk", "discover", "is_test_module", "walk"]
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
        # realpath, unlike Path.resolve on Python 3.11, does not raise on a symbolic link loop
        rel = Path(os.path.realpath(path)).relative_to(root).as_posix() if root else path.as_posix()
    except ValueError:
        rel = path.as_posix()
    return any(
        fnmatch(rel, pattern)
        or fnmatch(rel, pattern.rstrip("/") + "/*")
        or fnmatch(path.name, pattern)
        for pattern in patterns
    )


@dataclass(frozen=True)
class Found:
    """A file to check.

    Attributes:
        path: As named on the command line, or joined onto it while walking.
        test_module: True when test-only rules apply to it.
        outside: True when the file lies outside every given path: reached through a
            symbolic link, or a fixture module a conftest names from another directory.
    """

    path: str
    test_module: bool
    outside: bool = False


@dataclass
class Walk:
    """What walking the given paths found.

    Attributes:
        files: The regular `.py` files, in a stable order, each once.
        skipped: `(path, reason)` for what was left out on purpose (FIFOs, link loops).
        errors: `(path, reason)` for what could not be looked at (broken links, unlistable
            directories, named paths that are not regular files).
    """

    files: list[Found] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _inside(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _problem(path: str) -> tuple[str, bool] | None:
    """Why `path` cannot be checked and whether that is only a note; None for a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "skipped: symbolic link loop", True
        if isinstance(exc, FileNotFoundError) and os.path.islink(path):
            return "cannot read file: broken symbolic link (its target does not exist)", False
        return f"cannot read file: {exc.strerror or exc}", False
    kind = file_kind(mode)
    if kind is None:
        return None
    return f"skipped: {kind}, not a regular file", True


def walk(paths: Iterable[str], *, exclude: tuple[str, ...] = (), root: Path | None = None) -> Walk:
    """Expand `paths` into the files to check.

    Args:
        paths: Files (always checked, as test modules) and directories (walked).
        exclude: Glob patterns skipped while walking, relative to `root`.
        root: The directory `exclude` patterns are relative to.

    Raises:
        FileNotFoundError: A path does not exist (and is not a broken link).
    """
    paths = list(paths)
    roots = [os.path.realpath(raw) for raw in paths]
    result = Walk()
    seen: set[str] = set()

    def add(path: str, test_module: bool, found_elsewhere: bool = False) -> None:
        if path in seen:
            return
        seen.add(path)
        # Only a link, or a fixture module found through a conftest, can lead elsewhere.
        outside = (found_elsewhere or os.path.islink(path)) and not _inside(
            os.path.realpath(path), roots
        )
        result.files.append(Found(path, test_module, outside))

    def failed(error: OSError) -> None:
        result.errors.append((str(error.filename), f"cannot list directory: {error.strerror}"))

    plugins: set[str] = set()
    for raw in paths:
        if not os.path.isdir(raw):  # a named link to a directory is followed, as asked
            if not os.path.lexists(raw):
                raise FileNotFoundError(raw)
            problem = _problem(raw)
            if problem is None:
                add(raw, True)
            else:
                result.errors.append((raw, problem[0]))
            continue
        for dirpath, dirnames, filenames in os.walk(raw, onerror=failed):
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in _SKIP_DIRS
                and not d.endswith(".egg-info")
                and not os.path.islink(os.path.join(dirpath, d))
                and not _excluded(Path(dirpath, d), root, exclude)
            )
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if not name.endswith(".py") or _excluded(Path(path), root, exclude):
                    continue
                problem = _problem(path)
                if problem is not None:
                    reason, note = problem
                    (result.skipped if note else result.errors).append((path, reason))
                    continue
                add(path, is_test_module(name))
                if name == "conftest.py":
                    for plugin in _plugin_modules(Path(path)):
                        plugins.add(plugin)
                        add(plugin, True, found_elsewhere=True)
    # A fixture module walked before the conftest that names it is a test module all the same.
    result.files = [
        Found(f.path, True, f.outside) if f.path in plugins else f for f in result.files
    ]
    return result


def discover(
    paths: Iterable[str], *, exclude: tuple[str, ...] = (), root: Path | None = None
) -> list[str]:
    """The test modules among the files `walk` finds (named files included), in order.

    Raises:
        FileNotFoundError: A path does not exist.
    """
    return [
        found.path for found in walk(paths, exclude=exclude, root=root).files if found.test_module
    ]


def _plugin_modules(conftest: Path) -> list[str]:
    """The files of the project modules a conftest's `pytest_plugins` names."""
    try:
        tree = ast.parse(read_source(str(conftest)).text)
    except (SourceError, SyntaxError, ValueError, RecursionError):
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

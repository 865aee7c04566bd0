"""Run the rules over sources, files and directories."""

from __future__ import annotations

import ast
import gc
import os
import re
import sys
from collections.abc import Container, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from asyncproof._sourcefile import SourceError, read_source
from asyncproof.checker._toml import ConfigError
from asyncproof.checker.config import settings_for
from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo, Settings
from asyncproof.checker.noqa import ALL, noqa_lines
from asyncproof.checker.registry import RULES, SYNTAX_ERROR, syntax_error

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

__all__ = [
    "check_file",
    "check_files",
    "check_source",
    "config_error",
    "read_error",
    "shown_path",
]

SYNTAX_ERROR_CODE = SYNTAX_ERROR.code
_ALL_CODES = frozenset(rule.code for rule in RULES)
# Below this many files a process pool costs more than it saves.
_PARALLEL_MIN_FILES = 64


# Syntax a newer Python added, by the first line it shows on: (version, pattern).
_NEWER_SYNTAX = (
    ((3, 12), re.compile(r"^\s*(class|(async\s+)?def)\s+\w+\s*\[|^\s*type\s+\w+\s*(\[.*\])?\s*=")),
    ((3, 14), re.compile(r"^\s*except\*?\s+[\w.]+\s*,|(?<![\w'\"])(t|tr|rt)[\"']")),
)


def _newer_syntax(source: str, lineno: int | None) -> str:
    """` (requires Python 3.12 syntax, running 3.11)` when the failing line uses syntax newer
    than the running Python's (type parameters, `type` aliases, unparenthesised `except A, B`,
    template strings); else nothing."""
    lines = source.splitlines()
    if lineno is None or not 0 < lineno <= len(lines):
        return ""
    line = lines[lineno - 1]
    for version, pattern in _NEWER_SYNTAX:
        if sys.version_info < version and pattern.search(line):
            running = f"{sys.version_info.major}.{sys.version_info.minor}"
            return f" (requires Python {version[0]}.{version[1]} syntax, running {running})"
    return ""


def check_source(
    source: str,
    path: str = "<string>",
    *,
    settings: Settings | None = None,
    codes: frozenset[str] = _ALL_CODES,
    info: ModuleInfo | None = None,
) -> list[Diagnostic]:
    """Check one module's source.

    Args:
        source: The module's text.
        path: Shown in diagnostics.
        settings: Project settings (asyncio mode, external clients); defaults if None.
        codes: The enabled rule codes.
        info: `source` already parsed and read into a `ModuleInfo` (by migrate's plan, not
            to do it twice); `path` and `settings` are then its own.

    Returns:
        Diagnostics sorted by position, `# noqa` applied. A file that does not parse (or is
        nested too deeply for Python's parser) yields one `APF000` diagnostic.
    """
    settings = settings or Settings()
    tree = info.tree if info is not None else None
    try:
        if tree is None:
            tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        message = f"syntax error: {exc.msg}{_newer_syntax(source, exc.lineno)}"
        return [syntax_error(path, exc.lineno or 1, exc.offset or 1, message)]
    except ValueError as exc:  # e.g. null bytes
        return [syntax_error(path, 1, 1, f"syntax error: {exc}")]
    except (RecursionError, MemoryError):
        return [syntax_error(path, 1, 1, _TOO_DEEP)]
    try:
        if info is None:
            info = ModuleInfo.build(path, tree, settings, source)
        found = _run_rules(info, codes)
    except RecursionError:  # a rule's helper recursing into a 100,000-term expression
        return [syntax_error(path, 1, 1, _TOO_DEEP)]
    if not found:
        return found
    noqa = noqa_lines(source)
    if noqa:
        found = [
            d
            for d in found
            if not (d.line in noqa and (noqa[d.line] is ALL or d.code in noqa[d.line]))
        ]
    return sorted(set(found))


_TOO_DEEP = "cannot check: nested too deeply for Python's parser (its recursion limit)"


def _run_rules(info: ModuleInfo, codes: frozenset[str]) -> list[Diagnostic]:
    test_module = info.settings.test_module
    found: list[Diagnostic] = []
    for rule in RULES:
        if rule.code in codes and (test_module or not rule.test_only):
            found.extend(rule.diagnostics(info))
    return found


def read_error(path: str, exc: SourceError) -> Diagnostic:
    """An `APF000` error line for a file that cannot be read (exit code 2)."""
    return Diagnostic(path, 1, 1, SYNTAX_ERROR_CODE, str(exc), error=True)


def shown_path(path: str) -> str:
    """`path` relative to the working directory when it is below it, as files are named
    while walking (so a conftest read as configuration and as a module is one line)."""
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


def config_error(exc: ConfigError) -> Diagnostic:
    """An `APF000` error line for invalid configuration, on the file it comes from."""
    path = shown_path(exc.path) if exc.path else "<config>"
    return Diagnostic(path, 1, 1, SYNTAX_ERROR_CODE, exc.reason, error=True)


def check_file(
    path: str,
    *,
    codes: frozenset[str] = _ALL_CODES,
    external_clients: tuple[str, ...] | None = None,
    test_module: bool = True,
) -> list[Diagnostic]:
    """Check one file, reading the project's pytest configuration for its asyncio mode.

    Args:
        path: The file.
        codes: The enabled rule codes.
        external_clients: Replaces the default external client modules when given.
        test_module: False for a module pytest does not collect: test-only rules skip it.

    Returns:
        Its diagnostics; one `APF000` error (`Diagnostic.error`) when the file cannot be read
        or its pytest configuration is invalid.
    """
    try:
        source = read_source(path)
    except SourceError as exc:
        return [read_error(path, exc)]
    try:
        settings = settings_for(path, external_clients)
    except ConfigError as exc:
        return [config_error(exc)]
    if not test_module:
        settings = replace(settings, test_module=False)
    return check_source(source.text, path, settings=settings, codes=codes)


def _check_chunk(
    args: tuple[list[tuple[str, bool]], frozenset[str], tuple[str, ...] | None],
) -> list[Diagnostic]:
    paths, codes, clients = args
    found: list[Diagnostic] = []
    # Parsing allocates many thousand nodes per file that die with it (refcounting frees them,
    # they form no cycles): the cyclic collector would only rescan them, at about a sixth of
    # the parse time. Its state is restored afterwards.
    enabled = gc.isenabled()
    gc.disable()
    try:
        for path, test_module in paths:
            found.extend(
                check_file(path, codes=codes, external_clients=clients, test_module=test_module)
            )
    finally:
        if enabled:
            gc.enable()
    return found


def _split(paths: list[tuple[str, bool]], jobs: int) -> list[list[tuple[str, bool]]]:
    """Deal `paths` into `jobs` chunks of about equal total size, biggest files first."""
    sizes: dict[str, int] = {}
    for path, _ in paths:
        try:
            sizes[path] = os.stat(path).st_size
        except OSError:
            sizes[path] = 0
    chunks: list[list[tuple[str, bool]]] = [[] for _ in range(jobs)]
    totals = [0] * jobs
    for item in sorted(paths, key=lambda item: sizes[item[0]], reverse=True):
        smallest = totals.index(min(totals))
        chunks[smallest].append(item)
        totals[smallest] += sizes[item[0]]
    return chunks


def _fork_context() -> BaseContext | None:
    """The fork context on Linux in a single-threaded process (cheapest start); else the default."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return None
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() != 1:
        return None
    import multiprocessing

    return multiprocessing.get_context("fork")


def check_files(
    paths: Iterable[str],
    *,
    codes: frozenset[str] = _ALL_CODES,
    external_clients: tuple[str, ...] | None = None,
    jobs: int | None = None,
    test_modules: Container[str] | None = None,
) -> list[Diagnostic]:
    """Check many files, in parallel processes when there are enough of them.

    Args:
        paths: Files to check (see `asyncproof.checker.files.walk`).
        codes: The enabled rule codes.
        external_clients: Replaces the default external client modules when given.
        jobs: Worker processes; None picks the CPU count, 1 disables the pool.
        test_modules: The paths that are test modules; None when all of them are.

    Returns:
        The diagnostics, each once (an invalid configuration file is reported once, not for
        every file under it).
    """
    items = [(path, test_modules is None or path in test_modules) for path in paths]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(items) < _PARALLEL_MIN_FILES:
        return sorted(set(_check_chunk((items, codes, external_clients))))
    chunks = [(chunk, codes, external_clients) for chunk in _split(items, jobs)]
    from concurrent.futures import ProcessPoolExecutor

    found: list[Diagnostic] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_fork_context()) as pool:
        for result in pool.map(_check_chunk, chunks):
            found.extend(result)
    return sorted(set(found))

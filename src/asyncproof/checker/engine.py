"""Run the rules over sources, files and directories."""

from __future__ import annotations

import ast
import gc
import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from asyncproof.checker.config import settings_for
from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo, Settings
from asyncproof.checker.noqa import ALL, noqa_lines
from asyncproof.checker.registry import RULES, syntax_error

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

__all__ = ["check_file", "check_files", "check_source"]

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
) -> list[Diagnostic]:
    """Check one module's source.

    Args:
        source: The module's text.
        path: Shown in diagnostics.
        settings: Project settings (asyncio mode, external clients); defaults if None.
        codes: The enabled rule codes.

    Returns:
        Diagnostics sorted by position, `# noqa` applied. A file that does not parse yields
        one `APF000` diagnostic.
    """
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        message = f"syntax error: {exc.msg}{_newer_syntax(source, exc.lineno)}"
        return [syntax_error(path, exc.lineno or 1, exc.offset or 1, message)]
    except ValueError as exc:  # e.g. null bytes
        return [syntax_error(path, 1, 1, f"syntax error: {exc}")]
    info = ModuleInfo.build(path, tree, settings or Settings(), source)
    found: list[Diagnostic] = []
    for rule in RULES:
        if rule.code in codes:
            found.extend(rule.diagnostics(info))
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


def check_file(
    path: str,
    *,
    codes: frozenset[str] = _ALL_CODES,
    external_clients: tuple[str, ...] | None = None,
) -> list[Diagnostic]:
    """Check one file, reading the project's pytest configuration for its asyncio mode."""
    try:
        with open(path, encoding="utf-8") as file:
            source = file.read()
    except (OSError, UnicodeDecodeError) as exc:
        return [syntax_error(path, 1, 1, f"cannot read file: {exc}")]
    return check_source(source, path, settings=settings_for(path, external_clients), codes=codes)


def _check_chunk(
    args: tuple[list[str], frozenset[str], tuple[str, ...] | None],
) -> list[Diagnostic]:
    paths, codes, clients = args
    found: list[Diagnostic] = []
    # Parsing allocates many thousand nodes per file that die with it (refcounting frees them,
    # they form no cycles): the cyclic collector would only rescan them, at about a sixth of
    # the parse time. Its state is restored afterwards.
    enabled = gc.isenabled()
    gc.disable()
    try:
        for path in paths:
            found.extend(check_file(path, codes=codes, external_clients=clients))
    finally:
        if enabled:
            gc.enable()
    return found


def _split(paths: list[str], jobs: int) -> list[list[str]]:
    """Deal `paths` into `jobs` chunks of about equal total size, biggest files first."""
    sizes: dict[str, int] = {}
    for path in paths:
        try:
            sizes[path] = os.stat(path).st_size
        except OSError:
            sizes[path] = 0
    chunks: list[list[str]] = [[] for _ in range(jobs)]
    totals = [0] * jobs
    for path in sorted(paths, key=sizes.__getitem__, reverse=True):
        smallest = totals.index(min(totals))
        chunks[smallest].append(path)
        totals[smallest] += sizes[path]
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
) -> list[Diagnostic]:
    """Check many files, in parallel processes when there are enough of them.

    Args:
        paths: Files to check (see `asyncproof.checker.files.discover`).
        codes: The enabled rule codes.
        external_clients: Replaces the default external client modules when given.
        jobs: Worker processes; None picks the CPU count, 1 disables the pool.
    """
    paths = list(paths)
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(paths) < _PARALLEL_MIN_FILES:
        return _check_chunk((paths, codes, external_clients))
    chunks = [(chunk, codes, external_clients) for chunk in _split(paths, jobs)]
    from concurrent.futures import ProcessPoolExecutor

    found: list[Diagnostic] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_fork_context()) as pool:
        for result in pool.map(_check_chunk, chunks):
            found.extend(result)
    return sorted(found)

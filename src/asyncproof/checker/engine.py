"""Run the rules over sources, files and directories."""

from __future__ import annotations

import ast
import gc
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from asyncproof.checker.diagnostic import Diagnostic
from asyncproof.checker.module import ModuleInfo, Settings
from asyncproof.checker.noqa import ALL, noqa_lines
from asyncproof.checker.pytest_config import asyncio_auto
from asyncproof.checker.registry import RULES
from asyncproof.checker.rules import CHECKS

__all__ = ["check_file", "check_files", "check_source"]

_ALL_CODES = frozenset(rule.code for rule in RULES)
# Below this many files a process pool costs more than it saves.
_PARALLEL_MIN_FILES = 64


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
        Diagnostics sorted by position, ``# noqa`` applied. A file that does not parse yields
        one ``APF000`` diagnostic.
    """
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        message = f"syntax error: {exc.msg}"
        return [Diagnostic(path, exc.lineno or 1, exc.offset or 1, "APF000", message)]
    except ValueError as exc:  # e.g. null bytes
        return [Diagnostic(path, 1, 1, "APF000", f"syntax error: {exc}")]
    info = ModuleInfo.build(path, tree, settings or Settings(), source)
    found = []
    for emits, check in CHECKS:
        if emits & codes:
            found.extend(d for d in check(info) if d.code in codes)
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
        return [Diagnostic(path, 1, 1, "APF000", f"cannot read file: {exc}")]
    settings = Settings(asyncio_auto=asyncio_auto(Path(path).resolve().parent))
    if external_clients is not None:
        settings = Settings(settings.asyncio_auto, external_clients)
    return check_source(source, path, settings=settings, codes=codes)


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


def _can_fork() -> bool:
    """Fork directly on Linux from a single-threaded process, like the pool's default there."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _forked(
    chunks: list[tuple[list[str], frozenset[str], tuple[str, ...] | None]],
) -> list[Diagnostic]:
    """Check ``chunks[0]`` here and each other chunk in a forked child; return all results.

    Cheaper than a process pool: nothing to import or start, the parent does a share of the
    work, and a child ends with ``os._exit`` once its pickled result is written to a pipe.
    """
    import pickle

    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    children = []
    try:
        for chunk in chunks[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child process
                status = 1
                try:
                    os.close(read_end)
                    try:
                        result: tuple[bool, object] = (True, _check_chunk(chunk))
                    except BaseException as exc:
                        result = (False, exc)
                    with os.fdopen(write_end, "wb") as out:
                        pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
                    for stream in (sys.stdout, sys.stderr):
                        if stream is not None:
                            stream.flush()
                    status = 0
                finally:
                    os._exit(status)
            os.close(write_end)
            children.append((pid, read_end))
        found = _check_chunk(chunks[0])
    except BaseException:
        import signal

        for pid, read_end in children:
            os.close(read_end)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise
    errors: list[BaseException] = []
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if not data:
            errors.append(RuntimeError("asyncproof: a worker process died"))
            continue
        ok, value = pickle.loads(data)
        if ok:
            found.extend(value)
        else:
            errors.append(value)
    if errors:
        raise errors[0]
    return found


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
    if _can_fork():
        return sorted(_forked(chunks))
    from concurrent.futures import ProcessPoolExecutor

    found: list[Diagnostic] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for result in pool.map(_check_chunk, chunks):
            found.extend(result)
    return sorted(found)

"""Expensive things the suite makes once per run, also when pytest-xdist spreads it over workers.

A session fixture runs once per xdist worker; the guide's strict build and the reader's
virtualenvs take seconds each, so the workers share them: the first to ask makes the thing under
a file lock (pytest-xdist's documented recipe), the others wait for it and reuse it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder every worker of this run sees; without xdist, this session's own temporary one."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return tmp_path_factory.mktemp(name)
    # Under xdist each worker's base temp is a child of the run's own base temp.
    folder = tmp_path_factory.getbasetemp().parent / name
    folder.mkdir(exist_ok=True)
    return folder


def made_once(destination: Path, make: Callable[[Path], object]) -> Path:
    """`make(destination)` once across the run's workers; the others wait and reuse it.

    A marker beside `destination` (not inside: `mkdocs build` empties its folder) says it is
    complete; if `make` raised in one worker, the next one tries again and reports its own error.
    """
    done = destination.with_name(destination.name + ".done")
    with FileLock(destination.with_name(destination.name + ".lock")):
        if not done.exists():
            make(destination)
            done.touch()
    return destination

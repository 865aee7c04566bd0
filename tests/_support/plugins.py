"""Which pytest plugins a project the suite runs gets: those its reader would have installed.

pytest loads every installed `pytest11` plugin into every session, and our test extra installs
many (hypothesis, pytest-cov, pytest-xdist, ...): hypothesis's alone adds ~0.3 s of CPU to each
pytester run, in process or not. A reader of the guide has what `pip install asyncproof` brings,
plus what a page tells them to install. The projects run like that: every other installed plugin
is blocked with `-p no:NAME`; a test about a companion plugin switches it back on (`-p randomly`).
Blocking rather than `PYTEST_DISABLE_PLUGIN_AUTOLOAD` keeps each plugin under its usual name (so
`-p no:asyncproof` still works) and works the same in process, in a subprocess and in xdist's
workers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, distribution, entry_points

from packaging.requirements import Requirement


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _distributions(requirements: Iterable[str]) -> set[str]:
    """The distributions `pip install <requirements>` installs: them and their dependencies."""
    found: set[str] = set()
    todo = [Requirement(text) for text in requirements]
    while todo:
        requirement = todo.pop()
        name = _canonical(requirement.name)
        if name in found:
            continue
        try:
            dependencies = distribution(name).requires or []
        except PackageNotFoundError:  # not installed here: brings no plugin here either
            continue
        found.add(name)
        extras = {"", *requirement.extras}
        for text in dependencies:
            dependency = Requirement(text)
            marker = dependency.marker
            if marker is None or any(marker.evaluate({"extra": extra}) for extra in extras):
                todo.append(dependency)
    return found


def plugins_of(requirements: Iterable[str]) -> frozenset[str]:
    """The names of the pytest plugins `pip install <requirements>` brings."""
    wanted = _distributions(requirements)
    return frozenset(
        plugin.name
        for plugin in entry_points(group="pytest11")
        if plugin.dist is not None and _canonical(plugin.dist.name) in wanted
    )


def only(plugins: Iterable[str]) -> list[str]:
    """pytest options that block every installed plugin but `plugins`."""
    keep = set(plugins)
    installed = sorted({plugin.name for plugin in entry_points(group="pytest11")} - keep)
    return [option for name in installed for option in ("-p", f"no:{name}")]


# What the home page's `pip install asyncproof` gives: pytest-asyncio and asyncproof.
READER_PLUGINS = plugins_of(["asyncproof"])


def switched_on(*requirements: str) -> list[str]:
    """pytest options that load the plugins `pip install <requirements>` brings, blocked or not:
    what a test about a companion plugin adds to its run."""
    return [option for name in sorted(plugins_of(requirements)) for option in ("-p", name)]

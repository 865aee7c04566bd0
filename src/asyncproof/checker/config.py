"""`[tool.asyncproof]` in the nearest `pyproject.toml`, and the rules and clients it selects."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from asyncproof.checker._toml import ConfigError, load_toml
from asyncproof.checker.module import DEFAULT_EXTERNAL_CLIENTS, Settings
from asyncproof.checker.pytest_config import (
    asyncio_auto,
    asyncio_plugin_off,
    loop_scopes,
    own_event_loop,
    suite_deadline,
)
from asyncproof.checker.registry import RULES

__all__ = ["Config", "ConfigError", "find_config", "select_codes", "settings_for"]

_KEYS = {"select", "ignore", "external-clients", "extend-external-clients", "exclude"}


@dataclass(frozen=True)
class Config:
    """Settings read from `[tool.asyncproof]`.

    Attributes:
        path: The pyproject.toml they came from, None for the defaults.
        select: Rule selectors to enable (prefixes, like ruff); None means all.
        ignore: Rule selectors to disable.
        external_clients: Replaces the default external client modules when set.
        extend_external_clients: Added to the external client modules.
        exclude: Glob patterns (relative to the pyproject's directory) skipped when walking.
    """

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    external_clients: tuple[str, ...] | None = None
    extend_external_clients: tuple[str, ...] = ()
    exclude: tuple[str, ...] = field(default_factory=tuple)

    @property
    def clients(self) -> tuple[str, ...]:
        """The external client modules APF007 knows.

        `external-clients` when set (an empty list included), else the defaults, followed by
        `extend-external-clients`.
        """
        base = DEFAULT_EXTERNAL_CLIENTS if self.external_clients is None else self.external_clients
        return (*base, *self.extend_external_clients)

    def codes(
        self, select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = ()
    ) -> frozenset[str]:
        """The enabled rule codes: `select` (from the command line) replaces the configured
        selection when given; `ignore` adds to the configured one.

        Raises:
            ConfigError: A selector matches no rule.
        """
        return select_codes(self.select if select is None else select, (*self.ignore, *ignore))


def _strings(table: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[tool.asyncproof] {key} must be a list of strings", path)
    return tuple(value)


def _toml_type(value: object) -> str:
    """A TOML value's kind as a user wrote it: `an integer`, `a string`."""
    kinds = {bool: "a boolean", int: "an integer", float: "a float", str: "a string"}
    return kinds.get(type(value), "an array" if isinstance(value, list) else "a date or time")


def find_config(start: Path) -> Config:
    """Read `[tool.asyncproof]` from the nearest pyproject.toml at or above `start`.

    The first pyproject.toml that has the table wins; without one the defaults apply.

    Raises:
        ConfigError: The file cannot be read or parsed, or the table has an unknown key or a
            value of the wrong type.
    """
    directory = Path(os.path.realpath(start))  # never raises, even on a symbolic link loop
    if not directory.is_dir():
        directory = directory.parent
    for candidate in (directory, *directory.parents):
        pyproject = candidate / "pyproject.toml"
        if not pyproject.is_file():
            continue
        data = load_toml(pyproject)
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"`tool` must be a table, not {_toml_type(tool)}", pyproject)
        table = tool.get("asyncproof")
        if table is None:
            continue
        if not isinstance(table, dict):
            raise ConfigError(
                f"[tool.asyncproof] must be a table, not {_toml_type(table)}", pyproject
            )
        unknown = set(table) - _KEYS
        if unknown:
            raise ConfigError(f"unknown [tool.asyncproof] key(s): {sorted(unknown)}", pyproject)
        select = _strings(table, "select", pyproject) if "select" in table else None
        clients = (
            _strings(table, "external-clients", pyproject) if "external-clients" in table else None
        )
        return Config(
            path=pyproject,
            select=select,
            ignore=_strings(table, "ignore", pyproject),
            external_clients=clients,
            extend_external_clients=_strings(table, "extend-external-clients", pyproject),
            exclude=_strings(table, "exclude", pyproject),
        )
    return Config()


def _matching(selector: str) -> set[str]:
    selector = selector.strip().upper()
    if selector == "ALL":
        return {rule.code for rule in RULES}
    codes = {rule.code for rule in RULES if rule.code.startswith(selector)}
    if not codes or not selector:
        raise ConfigError(f"unknown rule selector: {selector!r}")
    return codes


def select_codes(select: tuple[str, ...] | None, ignore: tuple[str, ...] = ()) -> frozenset[str]:
    """Resolve ruff-style prefix selectors into the enabled rule codes.

    Without `select`, every rule but the opt-in ones; a selector that matches an opt-in rule
    (its code, a prefix of it, `ALL`) enables it.

    Raises:
        ConfigError: A selector matches no rule.
    """
    enabled = {rule.code for rule in RULES if not rule.opt_in} if select is None else set()
    for selector in select or ():
        enabled |= _matching(selector)
    for selector in ignore:
        enabled -= _matching(selector)
    return frozenset(enabled)


def settings_for(path: str | Path, external_clients: tuple[str, ...] | None = None) -> Settings:
    """The settings a file is checked with.

    Args:
        path: The file; its directory decides the asyncio mode, as pytest's configuration does.
        external_clients: The external client modules (see `Config.clients`); the defaults
            when None.
    """
    directory = Path(os.path.realpath(path)).parent
    fixture_loop_scope, test_loop_scope = loop_scopes(directory)
    found = Settings(
        asyncio_auto=asyncio_auto(directory),
        suite_deadline=suite_deadline(directory),
        own_event_loop=own_event_loop(directory),
        asyncio_plugin_off=asyncio_plugin_off(directory),
        fixture_loop_scope=fixture_loop_scope,
        test_loop_scope=test_loop_scope,
    )
    if external_clients is None:
        return found
    return replace(found, external_clients=external_clients)

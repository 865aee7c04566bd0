"""Read TOML with `tomllib` (Python 3.11+) or `tomli` (3.10; a dependency there, as for pytest)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["ConfigError", "load_toml"]


class ConfigError(ValueError):
    """Invalid configuration or an unknown rule selector (a usage error: exit code 2).

    Attributes:
        reason: What is wrong, in one line.
        path: The configuration file it is about, when there is one.
    """

    def __init__(self, reason: str, path: str | Path | None = None) -> None:
        self.reason = reason
        self.path = None if path is None else str(path)
        super().__init__(reason if path is None else f"{path}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:  # keeps both fields across process pools
        return (type(self), (self.reason, self.path))


def load_toml(path: Path) -> dict[str, Any]:
    """Parse `path` (the parser is imported on first use: most runs read no TOML).

    Raises:
        ConfigError: The file cannot be read, is not UTF-8, or is not valid TOML; the
            message names the file.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"not valid UTF-8 (byte {exc.start}): TOML files are UTF-8", path
        ) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read file: {exc.strerror or exc}", path) from exc

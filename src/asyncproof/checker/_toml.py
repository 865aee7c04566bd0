"""Read TOML with `tomllib` (Python 3.11+) or `tomli` (3.10; a dependency there, as for pytest)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["load_toml"]


def load_toml(path: Path) -> dict[str, Any]:
    """Parse `path` (the parser is imported on first use: most runs read no TOML).

    Raises:
        ValueError: The file is not valid TOML.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from exc

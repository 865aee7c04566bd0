"""Read TOML with tomllib (3.11+) or tomli (3.10), or report that configuration is skipped."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["load_toml"]

try:
    import tomllib as _toml
except ModuleNotFoundError:  # Python 3.10
    try:
        import tomli as _toml  # type: ignore[no-redef]
    except ModuleNotFoundError:
        _toml = None  # type: ignore[assignment]

_warned = False


def load_toml(path: Path) -> dict[str, Any] | None:
    """Parse `path`; None (after one message on stderr) when no TOML parser is installed.

    Raises:
        ValueError: The file is not valid TOML.
    """
    global _warned
    if _toml is None:
        if not _warned:
            print(
                f"asyncproof: skipping {path}: "
                "reading TOML on Python 3.10 needs `pip install tomli`",
                file=sys.stderr,
            )
            _warned = True
        return None
    try:
        with path.open("rb") as file:
            return _toml.load(file)
    except _toml.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from exc

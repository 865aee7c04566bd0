"""Read TOML with tomllib (3.11+) or tomli (3.10), or report that configuration is skipped."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["load_toml"]

_warned = False
_UNSET: Any = object()
_toml: Any = _UNSET


def _parser() -> Any:
    """The TOML module, imported on first use (most runs read no TOML); None if there is none."""
    global _toml
    if _toml is _UNSET:
        try:
            import tomllib as toml
        except ModuleNotFoundError:  # Python 3.10
            try:
                import tomli as toml  # type: ignore[no-redef]
            except ModuleNotFoundError:
                toml = None
        _toml = toml
    return _toml


def load_toml(path: Path) -> dict[str, Any] | None:
    """Parse `path`; None (after one message on stderr) when no TOML parser is installed.

    Raises:
        ValueError: The file is not valid TOML.
    """
    global _warned
    toml = _parser()
    if toml is None:
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
            return toml.load(file)
    except toml.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from exc

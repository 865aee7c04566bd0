"""asyncproof: asyncio tests that never hang, never leak event loops and never leak PHI.

The public API is re-exported here; the pytest plugin (`asyncproof.plugin`) is loaded by
pytest itself through the `pytest11` entry point.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from asyncproof._timeout import run_with_timeout
    from asyncproof.phi import PhiMatch, contains_phi, find_phi, redact_phi
    from asyncproof.phi_pytest import assert_no_phi

__all__ = [
    "PhiMatch",
    "assert_no_phi",
    "contains_phi",
    "find_phi",
    "redact_phi",
    "run_with_timeout",
]

__version__ = "0.1.0"

# Imported on first use: asyncproof is imported by every test session of the projects that
# depend on it, and by `asyncproof check`, which needs neither asyncio nor the PHI patterns.
_LAZY = {
    "run_with_timeout": "asyncproof._timeout",
    "PhiMatch": "asyncproof.phi",
    "contains_phi": "asyncproof.phi",
    "find_phi": "asyncproof.phi",
    "redact_phi": "asyncproof.phi",
    "assert_no_phi": "asyncproof.phi_pytest",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'asyncproof' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

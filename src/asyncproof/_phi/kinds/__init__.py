"""The kinds of PHI: one module each, declaring `KIND`; this package finds them all.

To add a kind, add a module here that declares `KIND = Kind(...)` (see
`asyncproof._phi.declare`) and mark examples of it in `tests/phi/corpus/`: the engine,
`PHI_KINDS` and the tests pick the module up by themselves.
"""

from __future__ import annotations

import importlib
import pkgutil

from asyncproof._phi.declare import Kind


def _declared() -> tuple[Kind, ...]:
    kinds = []
    for module in pkgutil.iter_modules(__path__):
        kind = getattr(importlib.import_module(f"{__name__}.{module.name}"), "KIND", None)
        if not isinstance(kind, Kind):
            raise TypeError(f"{__name__}.{module.name} must declare KIND = Kind(...)")
        kinds.append(kind)
    return tuple(sorted(kinds, key=lambda kind: kind.position))


#: Every kind declared, in the order of `Kind.position`.
KINDS = _declared()

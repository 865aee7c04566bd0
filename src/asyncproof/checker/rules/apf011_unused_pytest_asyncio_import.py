"""APF011: `import pytest_asyncio` that nothing uses (pytest-asyncio 1.x needs no import)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["unused_pytest_asyncio_import"]


@rule(
    "APF011",
    "unused-pytest-asyncio-import",
    summary="`import pytest_asyncio` that nothing uses.",
    message="`pytest_asyncio` imported but unused: pytest-asyncio 1.x needs it only "
    "for `@pytest_asyncio.fixture`",
)
def unused_pytest_asyncio_import(info: ModuleInfo) -> Iterator[Hit]:
    """Hit `import pytest_asyncio` statements whose name is never mentioned."""
    for node, _ in info.of(ast.Import):
        for alias in node.names:
            if alias.name != "pytest_asyncio":
                continue
            if not info.mentions(alias.asname or "pytest_asyncio"):
                yield hit(node)

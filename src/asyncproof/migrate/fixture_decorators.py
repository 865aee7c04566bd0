"""Plan the fixture decorators pytest-asyncio 1.x and pytest 9 refuse.

* `@pytest.mark.asyncio` on a fixture: pytest 9 fails collection ("Marks cannot be applied
  to fixtures"), and the mark never did anything there. It goes.
* An `async def` fixture under `@pytest.fixture` in strict mode: pytest-asyncio 1.x leaves it
  to pytest, which hands the test a coroutine (or fails). It becomes `@pytest_asyncio.fixture`.
"""

from __future__ import annotations

import ast

from asyncproof.checker.ast_helpers import is_fixture
from asyncproof.checker.module import ModuleInfo

__all__ = ["ASYNCIO_MARKS", "PYTEST_FIXTURES", "plan_fixture_decorators"]

ASYNCIO_MARKS = frozenset({"pytest.mark.asyncio"})
PYTEST_FIXTURES = frozenset({"pytest.fixture"})


def plan_fixture_decorators(info: ModuleInfo) -> tuple[set[int], set[int]]:
    """(`def` lines of marked fixtures, `def` lines of strict-mode async `@pytest.fixture`s)."""
    unmark: set[int] = set()
    to_async: set[int] = set()
    for func in info.functions():
        if not is_fixture(info, func):
            continue
        names = info.decorators(func)
        if not ASYNCIO_MARKS.isdisjoint(names):
            unmark.add(func.lineno)
        if (
            type(func) is ast.AsyncFunctionDef
            and not info.settings.asyncio_auto
            and not PYTEST_FIXTURES.isdisjoint(names)
        ):
            to_async.add(func.lineno)
    return unmark, to_async

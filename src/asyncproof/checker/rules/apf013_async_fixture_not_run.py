"""APF013: an async fixture under `@pytest.fixture`, which strict mode does not run."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["async_fixture_not_run"]

# Other runners set up coroutine fixtures decorated `@pytest.fixture` themselves (anyio's and
# pytest-trio's plugins): a module that uses one is not pytest-asyncio's to judge.
_OTHER_RUNNERS = ("anyio", "trio", "pytest_trio")
_OTHER_RUNNER_NAMES = ("anyio_backend", "pytest.mark.anyio", "pytest.mark.trio")


@rule(
    "APF013",
    "async-fixture-not-run",
    summary="An `async def` fixture decorated `@pytest.fixture` in strict mode "
    "(pytest-asyncio does not run it; pytest 8.4+ fails every test that requests it).",
    message="async fixture `{fixture}` under `@pytest.fixture` is not run in strict mode: "
    "use `@pytest_asyncio.fixture`",
)
def async_fixture_not_run(info: ModuleInfo) -> Iterator[Hit]:
    """Hit `async def` fixtures decorated with `pytest.fixture` when the mode is strict."""
    settings = info.settings
    if settings.asyncio_auto or settings.asyncio_plugin_off:
        return  # auto mode runs them; without pytest-asyncio the suite runs them its own way
    fixtures = [
        func
        for func, _ in info.of(ast.AsyncFunctionDef)
        if "pytest.fixture" in info.decorators(func)
    ]
    if not fixtures or _other_runner(info):
        return
    for func in fixtures:
        yield hit(func, fixture=func.name)


def _other_runner(info: ModuleInfo) -> bool:
    """True if the module imports or marks for anyio or trio."""
    if any(origin.split(".")[0] in _OTHER_RUNNERS for origin in info.aliases.values()):
        return True
    source = info.source
    return any(name in source for name in _OTHER_RUNNER_NAMES)

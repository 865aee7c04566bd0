"""APF014: a mark applied to a fixture, a collection error under pytest 9."""

from __future__ import annotations

from collections.abc import Iterator

from asyncproof.checker.ast_helpers import is_fixture
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["mark_on_fixture"]


@rule(
    "APF014",
    "mark-on-fixture",
    summary="A `@pytest.mark.*` decorator on a fixture (a collection error under pytest 9: "
    '"Marks cannot be applied to fixtures").',
    message="`@{mark}` on fixture `{fixture}`: marks cannot be applied to fixtures "
    "(a collection error in pytest 9), remove it",
)
def mark_on_fixture(info: ModuleInfo) -> Iterator[Hit]:
    """Hit each `pytest.mark.*` decorator of a function that is also decorated as a fixture."""
    source = info.source
    if source and "mark" not in source and source.isascii():
        return  # a cheap gate, as in APF001
    for func in info.functions():
        if not is_fixture(info, func):
            continue
        for deco, name in zip(func.decorator_list, info.decorators(func), strict=True):
            if name.startswith("pytest.mark."):
                yield hit(deco, mark=name, fixture=func.name)

"""APF003: `with mocker.patch(...)`.

pytest-mock starts the patch when `mocker.patch` is called and stops it at teardown; the mock
it returns is not a context manager for the patch, and `as name` binds something else.
"""

from __future__ import annotations

from collections.abc import Iterator

from asyncproof.checker.ast_helpers import is_mocker_patch
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["mocker_patch_context_manager"]


@rule(
    "APF003",
    "mocker-patch-context-manager",
    summary="`mocker.patch…(…)` used as a context manager.",
    message="`mocker.patch` used as a context manager: call it directly, "
    "pytest-mock undoes it at teardown",
    fixable=True,
)
def mocker_patch_context_manager(info: ModuleInfo) -> Iterator[Hit]:
    """Hit every `mocker.patch…(…)` call used as a `with` item."""
    for node, _ in info.with_statements():
        for item in node.items:
            if is_mocker_patch(item.context_expr):
                yield hit(item.context_expr)

"""`asyncproof migrate`: rewrite what the checker reports when the rewrite is safe.

* APF001: a custom `event_loop` fixture with the standard new-loop/yield/close body is removed;
  a wider scope becomes `loop_scope` on the module's asyncio marks and async fixtures.
* APF002: `@pytest.mark.asyncio` is added to async tests strict mode would skip.
* APF003: `with mocker.patch(...) as m:` becomes `m = mocker.patch(...)` and the body.

libcst (the `migrate` extra) is imported here only, never by the checker.
"""

from __future__ import annotations

from asyncproof.migrate.plan import Note, Plan, make_plan
from asyncproof.migrate.transform import migrate_source

__all__ = ["Note", "Plan", "make_plan", "migrate_source"]

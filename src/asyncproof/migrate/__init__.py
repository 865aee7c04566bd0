"""`asyncproof migrate`: rewrite what the checker reports when the rewrite is safe.

* APF001: a custom `event_loop` fixture with the standard new-loop/yield/close body is removed;
  a wider scope becomes `loop_scope` on the module's asyncio marks and async fixtures.
* APF002: `@pytest.mark.asyncio` is added to async tests strict mode would skip.
* APF003: `with mocker.patch(...) as m:` becomes `m = mocker.patch(...)` and the body.
* `event_loop` requests (pytest-asyncio 1.x removed the fixture): dropped from async tests and
  fixtures (`event_loop = asyncio.get_running_loop()` where the body uses it) and from sync ones
  that only requested it; sync tests and fixtures driving the loop become `async def` with
  `await` (`loop_requests.py`).
* `@pytest.mark.asyncio` on a fixture is removed; an async `@pytest.fixture` in strict mode
  becomes `@pytest_asyncio.fixture` (`fixture_decorators.py`).

What it cannot rewrite safely is a `Note` (line, code, the manual step); the runner reports
each and exits non-zero while any remain.

libcst (the `migrate` extra) is imported here only, never by the checker.
"""

from __future__ import annotations

from asyncproof.migrate.plan import Note, Plan, make_plan
from asyncproof.migrate.transform import migrate_source

__all__ = ["Note", "Plan", "make_plan", "migrate_source"]

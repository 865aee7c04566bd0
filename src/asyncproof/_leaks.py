"""Leak detection: tasks left pending, coroutines never awaited, event loops left open.

The three kinds are found at two moments:

- while the test runs (its call phase), `watch` records the coroutines it never awaits and
  the event loops it leaves open, in a `LeakReport` that fails the call;
- tasks are judged later: those an async test body left pending are noted when it returns
  (`note_pending_tasks`) and judged once its async fixtures are torn down
  (`judge_pending_tasks`), as a fixture may stop at teardown a task the test started;
  `standard_event_loop` judges its own loop at teardown (`pending_tasks`,
  `fail_for_pending_tasks`).

PYTEST_DONT_REWRITE: no test asserts here, so pytest loads this plugin module as it is.
"""

from __future__ import annotations

import asyncio
import gc
import linecache
import os
import re
import traceback
import warnings
from collections.abc import Callable, Sequence, Set
from contextlib import suppress
from dataclasses import dataclass, field
from types import FrameType

import pytest

from asyncproof import _compat_asyncio
from asyncproof._compat_asyncio import (
    already_cancelled,
    can_hook_unawaited_coroutines,
    current_loop,
    hooking_unawaited_coroutines,
    tracking_new_loops,
    warnings_sink,
)
from asyncproof._compat_pytest_asyncio import runs_in_pytest_asyncio
from asyncproof._loop import TEARDOWN_GRACE
from asyncproof._origins import (
    Site,
    coroutine_origin,
    describe_origin,
    describe_task,
    mock_name,
    tracking_coroutine_origins,
)
from asyncproof._stack import ASYNCIO_DIRS
from asyncproof._tasks import settle

__all__ = [
    "LeakReport",
    "Unawaited",
    "describe_task",
    "fail_for_pending_tasks",
    "forget_pending_tasks",
    "judge_pending_tasks",
    "note_pending_tasks",
    "pending_tasks",
    "warnings_sink",
    "watch",
]

# Tasks an async test body created and left pending; judged once its fixtures are torn down.
_LEFT_PENDING = pytest.StashKey[list[asyncio.Task]]()
# Frames to walk out of to find who asked for a new loop: asyncio's (new_event_loop(), the
# policy, the loop classes) and the loop-tracking hook's (a nested session, as in pytester,
# stacks one tracking __init__ on another).
_LOOP_MACHINERY = (*ASYNCIO_DIRS, _compat_asyncio.__file__)


ALLOW_HINT = "to allow it on purpose, mark the test @pytest.mark.allow_leaks({kinds})"


@dataclass
class Unawaited:
    """A coroutine created and never awaited, and where it was created (when tracked)."""

    name: str  # its qualified name, as Python's warning gives it
    origin: tuple[Site, Site] | None = None
    mock: str | None = None  # for an AsyncMock's coroutine, the mock's name

    def describe(self, indent: str) -> str:
        if self.mock is not None:
            head = (
                f"AsyncMock {self.mock!r} was called and its coroutine never awaited (an "
                "AsyncMock standing in for a sync method, or a misspelt assert_* method)"
            )
        else:
            head = (
                f"coroutine {self.name!r} was created and never awaited "
                "(a call to an async function without `await`)"
            )
        if self.origin is None:
            return head
        lines = [head, f"{indent}created at {self.origin[0]}"]
        return "\n".join(lines + describe_origin(self.origin, indent))


@dataclass
class LeakReport:
    """What one test's call phase leaked (pending tasks are judged later, at teardown)."""

    never_awaited: list[Unawaited] = field(default_factory=list)
    unclosed_loops: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.never_awaited or self.unclosed_loops)

    def describe(self) -> str:
        """The leaks as a list, one `  - ` entry each (coroutines first, then loops), and how
        to allow them."""
        lines = [f"  - {coro.describe('      ')}" for coro in self.never_awaited]
        lines += [
            f"  - event loop left open: {loop} (call loop.close(), or use a fixture)"
            for loop in self.unclosed_loops
        ]
        kinds = ["never_awaited"] * bool(self.never_awaited)
        kinds += ["unclosed_loops"] * bool(self.unclosed_loops)
        hint = ALLOW_HINT.format(kinds=", ".join(f'"{kind}"' for kind in kinds))
        if self.never_awaited:
            hint += ' (or @pytest.mark.filterwarnings("ignore:coroutine .* was never awaited"))'
        return "\n".join([*lines, hint])

    def attach_to(self, error: BaseException, item: pytest.Item) -> None:
        """Report these leaks along with the test's own failure, `error`.

        Args:
            error: What the test raised: the leaks go in a note on it (Python 3.11+).
            item: The test: on Python 3.10, the leaks go in a section of its report.
        """
        note = f"asyncproof also found leaks:\n{self.describe()}"
        if hasattr(error, "add_note"):  # Python 3.11+
            error.add_note(note)
        else:
            item.add_report_section("call", "asyncproof", note)


def pending_tasks(
    loop: asyncio.AbstractEventLoop, since: Set[asyncio.Task] = frozenset()
) -> list[asyncio.Task]:
    """The tasks of `loop` that are still pending, the current task aside.

    A task someone already cancelled is on its way out: not a leak, and not listed.

    Args:
        loop: The loop whose tasks to look at.
        since: Tasks that existed before: not listed either.

    Returns:
        The pending tasks, in `asyncio.all_tasks` order.
    """
    current = asyncio.current_task(loop) if loop.is_running() else None
    return [
        task
        for task in asyncio.all_tasks(loop)
        if task not in since
        and task is not current
        and not task.done()
        and not already_cancelled(task)
    ]


def fail_for_pending_tasks(names: list[str], stubborn: list[asyncio.Task], where: str = "") -> None:
    """Fail (at teardown) for pending tasks.

    Args:
        names: The tasks left pending, as `describe_task` put them before they were
            cancelled (a cancelled task no longer says where it was).
        stubborn: Those of them that ignored their cancellation and were stopped by force.
        where: Added after "pending" in the message, such as " on standard_event_loop".
    """
    stubborn_names = [
        f"{t.get_name()!r} running {getattr(t.get_coro(), '__qualname__', '?')}() ignored its "
        "cancellation and was stopped by force"
        for t in stubborn
    ]
    listed = "\n".join(f"  - {name}" for name in [*names, *stubborn_names])
    pytest.fail(
        f"the test left {len(names)} task(s) pending{where}, cancelled at teardown:\n{listed}\n"
        "await what you start, or start it in a TaskGroup; "
        + ALLOW_HINT.format(kinds='"pending_tasks"'),
        pytrace=False,
    )


def note_pending_tasks(
    item: pytest.Item, before: set[asyncio.Task], loop: asyncio.AbstractEventLoop
) -> None:
    """Note the tasks `item`'s test body started on `loop` and left pending, to judge later.

    Args:
        item: The test whose body just returned (or raised).
        before: The loop's tasks when the body began.
        loop: The loop the body ran on.
    """
    item.stash[_LEFT_PENDING] = pending_tasks(loop, since=before)


def forget_pending_tasks(item: pytest.Item) -> None:
    """Drop what `note_pending_tasks` kept on `item` (its tasks hold their loop)."""
    if _LEFT_PENDING in item.stash:
        del item.stash[_LEFT_PENDING]


def judge_pending_tasks(item: pytest.Item) -> None:
    """Fail the test's teardown for tasks it started that are still pending now.

    Runs after the test's async fixtures are torn down and before pytest-asyncio closes
    the loop: a task that a fixture started during the test and stops in its teardown is
    the fixture's business, not a leak.

    Args:
        item: The test, after `note_pending_tasks` (or without: nothing to judge).
    """
    left = [task for task in item.stash.get(_LEFT_PENDING, []) if not task.done()]
    forget_pending_tasks(item)
    if not left:
        return
    # Cancel them here, within a bounded grace: the runner's own cancel-all would wait
    # forever on a task that swallows its cancellation. Described before they are cancelled.
    names = [describe_task(task) for task in left]
    loop = left[0].get_loop()
    stubborn: list[asyncio.Task] = []
    if not loop.is_closed() and not loop.is_running():
        stubborn = loop.run_until_complete(settle(left, grace=TEARDOWN_GRACE))
    fail_for_pending_tasks(names, stubborn)


def _created_by_pytest_asyncio(caller: FrameType | None) -> bool:
    """Whether the code that asked for the loop being built (`caller`, as given by
    `tracking_new_loops`) is pytest-asyncio's own."""
    frame = caller
    while frame is not None and (
        frame.f_code.co_filename.startswith(_LOOP_MACHINERY)
        or f"{os.sep}uvloop{os.sep}" in frame.f_code.co_filename  # uvloop's new_event_loop()
    ):
        frame = frame.f_back
    return frame is not None and runs_in_pytest_asyncio(frame.f_code.co_filename)


def _unawaited_message(coro: object, depth: int) -> str:
    """The text CPython gives the warning, with the creation stack when the thread tracked
    `depth` frames of it before asyncproof (asyncio's debug mode keeps 10)."""
    lines = [f"coroutine '{getattr(coro, '__qualname__', coro)}' was never awaited\n"]
    origin = (getattr(coro, "cr_origin", None) or ())[:depth]
    if origin:
        lines.append("Coroutine created at (most recent call last)\n")
        lines += traceback.format_list(
            [
                (name, line, func, linecache.getline(name, line))
                for name, line, func in reversed(origin)
            ]
        )
    return "".join(lines).rstrip("\n")


def _recorded_by_the_test(sink_at_start: object) -> bool:
    # A recorder opened since the test began (pytest.warns, recwarn, catch_warnings with
    # record=True) means the test is watching warnings: a dropped coroutine is expected.
    # pytest's own per-test recorder was already the sink when the test began.
    sink = warnings_sink()
    return sink != sink_at_start and isinstance(getattr(sink, "__self__", None), list)


def _passed_on(coros: list[Unawaited], sink_at_start: object) -> list[Unawaited]:
    log = getattr(sink_at_start, "__self__", None)
    if not coros or not isinstance(log, list):
        return []
    texts = [str(getattr(entry, "message", "")) for entry in log]
    return [
        coro
        for coro in coros
        if any(text.startswith(f"coroutine '{coro.name}' was never awaited") for text in texts)
    ]


def _close_left_open(loops: list[asyncio.AbstractEventLoop], report: LeakReport) -> None:
    for loop in loops:
        if not loop.is_closed() and not loop.is_running():
            report.unclosed_loops.append(repr(loop))
            # Closed so it can't leak into the next test, unless it is the thread's
            # current loop: legacy suites call get_event_loop() in test after test.
            if current_loop() is not loop:
                loop.close()
    loops.clear()


class watch:  # named like the context manager it is
    """Record never-awaited coroutines and unclosed loops created inside the block by the
    thread that runs it (the test's). Other threads' loops and coroutines are their own
    business: a test is never blamed for them, and their loops are never closed.

    Warnings are left alone: the warning about a never-awaited coroutine still reaches
    pytest, `recwarn` and `pytest.warns` as it would without asyncproof. Its name is also
    recorded here, through the hook CPython calls to issue that warning, unless a warnings
    recorder opened since `sink_at_start` (see `warnings_sink`) receives it: a test that
    records warnings is checking for them, not leaking.

    A class with its hooks entered in turn, not a generator over an ExitStack: it is entered
    once per test, and a test that leaks nothing should pay next to nothing for it.

    Args:
        report: Where the leaks go; complete when the block ends.
        never_awaited: Record coroutines created and never awaited.
        unclosed_loops: Record event loops created and left open (they are closed too).
        sink_at_start: `warnings_sink()` when the test began.
        expected: Gives the patterns of never-awaited warnings the test declared it expects
            (its own `filterwarnings("ignore:...")` markers): a coroutine whose warning matches
            one is neither reported nor warned about. Called only once a coroutine is dropped.
    """

    __slots__ = (
        "_collecting",
        "_created",
        "_depth_before",
        "_excused",
        "_expected",
        "_loops",
        "_origins",
        "_report",
        "_sink_at_start",
        "_unawaited",
    )

    def __init__(
        self,
        report: LeakReport,
        *,
        never_awaited: bool,
        unclosed_loops: bool,
        sink_at_start: object = None,
        expected: Callable[[], Sequence[re.Pattern[str]]] = tuple,
    ) -> None:
        self._report = report
        self._sink_at_start = sink_at_start
        self._expected = expected
        # Strong references for the length of the block: a loop dropped without close() is
        # still here to be reported (and closed) when the block ends.
        self._created: list[asyncio.AbstractEventLoop] = []
        # Dropped while a recorder of the test's was active: judged when the block ends.
        self._excused: list[Unawaited] = []
        # Frames of each coroutine's creation the thread kept before the block (see the warning).
        self._depth_before = 0
        self._collecting = False
        self._loops = tracking_new_loops(self._note_loop) if unclosed_loops else None
        hook = never_awaited and can_hook_unawaited_coroutines()
        self._unawaited = hooking_unawaited_coroutines(self._record) if hook else None
        self._origins = tracking_coroutine_origins() if hook else None

    def __enter__(self) -> None:
        if self._loops is not None:
            self._loops.__enter__()
        if self._unawaited is not None and self._origins is not None:
            self._unawaited.__enter__()
            self._depth_before = self._origins.__enter__()
            gc.callbacks.append(self._note_collection)

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._unawaited is not None and self._origins is not None:
                with suppress(ValueError):
                    gc.callbacks.remove(self._note_collection)
                self._origins.__exit__()
                self._unawaited.__exit__()
            if self._loops is not None:
                self._loops.__exit__()
        finally:
            # `pytest.warns(SomethingElse)` passes on the warnings it did not expect: one that
            # reached pytest's own recorder after all was not what the test was checking.
            self._report.never_awaited.extend(_passed_on(self._excused, self._sink_at_start))
            _close_left_open(self._created, self._report)

    def _note_loop(self, loop: asyncio.AbstractEventLoop, caller: FrameType | None) -> None:
        if not _created_by_pytest_asyncio(caller):
            self._created.append(loop)

    def _note_collection(self, phase: str, info: dict[str, int]) -> None:
        self._collecting = phase == "start"

    def _record(self, coro: object) -> None:
        name = getattr(coro, "__qualname__", type(coro).__name__)
        if any(p.match(f"coroutine '{name}' was never awaited") for p in self._expected()):
            return  # the test said it expects this one, and to hear nothing of it
        # A coroutine freed by the cyclic garbage collector sat in a reference cycle and may
        # come from any earlier test: blaming this one would be a guess. Python's warning
        # still reports it. Freed by its last reference going away, it is this test's.
        if not self._collecting:
            # Only now, for a leak, is its origin read: a test that leaks nothing pays nothing.
            leak = Unawaited(name, coroutine_origin(coro), mock_name(coro))
            if _recorded_by_the_test(self._sink_at_start):
                self._excused.append(leak)
            else:
                self._report.never_awaited.append(leak)
        # The usual warning still goes out (to pytest's summary, recwarn, pytest.warns), but
        # never as an exception: raised inside a destructor it could only be "unraisable",
        # a noisy second report of the failure asyncproof gives this test.
        with warnings.catch_warnings():
            warnings.simplefilter("always", RuntimeWarning)
            # stacklevel 3: past this hook and the thread check that calls it (see
            # hooking_unawaited_coroutines), to the line that dropped the coroutine.
            warnings.warn(
                _unawaited_message(coro, self._depth_before),
                RuntimeWarning,
                stacklevel=3,
                source=coro,
            )

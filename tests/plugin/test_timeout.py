"""run_with_timeout: results, deadlines, cancellation, messages and bad input."""

from __future__ import annotations

import asyncio
import gc
import math
import warnings

import pytest

from asyncproof import run_with_timeout

pytestmark = pytest.mark.asyncio


async def answer(value: str = "ok") -> str:
    await asyncio.sleep(0)
    return value


async def test_returns_the_coroutine_result() -> None:
    assert await run_with_timeout(answer("done"), timeout=1) == "done"


async def test_accepts_a_task_and_a_future() -> None:
    task = asyncio.create_task(answer("task"))
    assert await run_with_timeout(task, timeout=1) == "task"
    future = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_soon(future.set_result, "future")
    assert await run_with_timeout(future, timeout=1) == "future"


async def test_accepts_a_zero_argument_factory() -> None:
    assert await run_with_timeout(lambda: answer("factory"), timeout=1) == "factory"


async def test_expiry_raises_timeout_error_naming_label_and_deadline() -> None:
    with pytest.raises(TimeoutError, match=r"^lab fetch did not finish within 0\.02s$"):
        await run_with_timeout(asyncio.sleep(60), timeout=0.02, label="lab fetch")


async def test_default_label_is_the_coroutine_name_not_its_arguments() -> None:
    async def lookup(name: str) -> None:
        await asyncio.sleep(60)

    with pytest.raises(TimeoutError) as excinfo:
        await run_with_timeout(lookup("Jane Q. Synthetic"), timeout=0.01)
    message = str(excinfo.value)
    assert "lookup" in message
    assert "Jane" not in message
    assert "Jane" not in repr(excinfo.value.args)


async def test_expiry_cancels_and_waits_for_the_cancellation() -> None:
    events: list[str] = []

    async def slow() -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            events.append("cancelled")
            await asyncio.sleep(0.01)  # cleanup that takes a while
            events.append("cleaned up")
            raise

    task = asyncio.create_task(slow())
    with pytest.raises(TimeoutError):
        await run_with_timeout(task, timeout=0.01)
    assert events == ["cancelled", "cleaned up"]
    assert task.cancelled()


async def test_timeout_error_from_the_awaitable_is_not_renamed() -> None:
    async def raises_its_own() -> None:
        raise TimeoutError("upstream said 504")

    with pytest.raises(TimeoutError, match=r"^upstream said 504$"):
        await run_with_timeout(raises_its_own(), timeout=1)


async def test_outside_cancellation_stays_a_cancellation() -> None:
    started = asyncio.Event()

    async def waits() -> None:
        started.set()
        await run_with_timeout(asyncio.sleep(60), timeout=30)

    task = asyncio.create_task(waits())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


@pytest.mark.parametrize("not_awaitable", [42, "coroutine", None, [answer]])
async def test_non_awaitable_is_a_type_error(not_awaitable: object) -> None:
    with pytest.raises(TypeError, match="needs an awaitable"):
        await run_with_timeout(not_awaitable, timeout=1)  # type: ignore[arg-type]


async def test_factory_returning_a_non_awaitable_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="returned int, not an awaitable"):
        await run_with_timeout(lambda: 42, timeout=1)  # type: ignore[arg-type, return-value]


@pytest.mark.parametrize("timeout", [0, -1, math.inf, -math.inf, math.nan, True, "1", None])
async def test_bad_timeout_is_a_value_error_and_closes_the_coroutine(timeout: object) -> None:
    coro = answer()
    with pytest.raises(ValueError, match="finite number of seconds > 0"):
        await run_with_timeout(coro, timeout=timeout)  # type: ignore[arg-type]
    assert coro.cr_frame is None  # closed: it can never run, and never warns


async def test_bad_timeout_leaves_no_never_awaited_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ValueError):
            await run_with_timeout(answer(), timeout=0)
        gc.collect()
    assert [w for w in caught if "never awaited" in str(w.message)] == []


async def test_bad_timeout_does_not_call_the_factory() -> None:
    calls: list[int] = []

    def factory():
        calls.append(1)
        return answer()

    with pytest.raises(ValueError):
        await run_with_timeout(factory, timeout=-1)
    assert calls == []


async def test_nested_deadlines_inner_fires_first() -> None:
    async def inner() -> None:
        await run_with_timeout(asyncio.sleep(60), timeout=0.01, label="inner")

    with pytest.raises(TimeoutError, match=r"^inner did not finish"):
        await run_with_timeout(inner(), timeout=5, label="outer")


async def test_nested_deadlines_outer_still_cancels() -> None:
    inner_cancelled = asyncio.Event()

    async def inner() -> None:
        try:
            await run_with_timeout(asyncio.sleep(60), timeout=5, label="inner")
        except asyncio.CancelledError:
            inner_cancelled.set()
            raise

    with pytest.raises(TimeoutError, match=r"^outer did not finish"):
        await run_with_timeout(inner(), timeout=0.01, label="outer")
    assert inner_cancelled.is_set()

import asyncio

import pytest

# Stands in for your code: two locks, one per record, taken in a different order by two jobs.
chart_lock = asyncio.Lock()
orders_lock = asyncio.Lock()


async def sign_chart() -> None:
    async with chart_lock:
        await asyncio.sleep(0.01)  # reads the chart
        async with orders_lock:
            pass


async def release_orders() -> None:
    async with orders_lock:
        await asyncio.sleep(0.01)  # reads the orders
        async with chart_lock:
            pass


@pytest.mark.asyncio
@pytest.mark.async_timeout(0.2)
async def test_discharge():
    await asyncio.gather(sign_chart(), release_orders())

import asyncio
from unittest.mock import AsyncMock, MagicMock

import pytest


# Stands in for your code: it takes a connection slot, reads a record, and gives the slot back.
async def read_record(slots: asyncio.Semaphore, patient_id: str) -> str:
    await slots.acquire()
    try:
        await asyncio.sleep(0)  # the database round trip
        return patient_id
    finally:
        slots.release()  # sync, in asyncio.Semaphore


@pytest.mark.asyncio
async def test_read_record():
    slots = MagicMock(spec=asyncio.Semaphore, name="slots")
    slots.release = AsyncMock()  # the mock is wrong: the real release() is not async
    assert await read_record(slots, "pt-0001") == "pt-0001"

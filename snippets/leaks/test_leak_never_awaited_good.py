import asyncio

import pytest

# Stands in for your code: a record store, and an async call that updates it.
RECORDS = {"pt-0001": {"patient_id": "pt-0001", "visits": 0}}


async def record_visit(patient_id: str) -> None:
    await asyncio.sleep(0)  # a database round trip
    RECORDS[patient_id]["visits"] += 1


@pytest.mark.asyncio
async def test_record_visit():
    await record_visit("pt-0001")
    assert RECORDS["pt-0001"]["visits"] == 1

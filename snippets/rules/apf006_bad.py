import asyncio

import pytest


# Stands in for your code: the records service your test calls.
async def get_record(patient_id: str) -> dict[str, str]:
    await asyncio.sleep(0)  # a database round trip in the real service
    return {"patient_id": patient_id}


@pytest.mark.asyncio
async def test_record_lookup():
    record = asyncio.run(get_record("pt-0001"))
    assert record["patient_id"] == "pt-0001"

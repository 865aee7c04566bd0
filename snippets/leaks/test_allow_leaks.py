import asyncio

import pytest


# Stands in for your code: a lab that never answers, and a quick record lookup.
async def fetch_lab_results(patient_id: str) -> list[str]:
    await asyncio.sleep(3600)  # the lab stopped answering
    return []


async def get_record(patient_id: str) -> dict:
    await asyncio.sleep(0)  # a database round trip
    return {"patient_id": patient_id}


@pytest.mark.asyncio
@pytest.mark.allow_leaks("pending_tasks")
async def test_a_slow_lab_does_not_block_the_record():
    lab = asyncio.create_task(fetch_lab_results("pt-0001"))  # on purpose: left running
    record = await get_record("pt-0001")
    assert record["patient_id"] == "pt-0001"
    assert not lab.done()

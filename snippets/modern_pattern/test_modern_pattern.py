import asyncio

import pytest

from asyncproof import run_with_timeout


# Stands in for your code: a record lookup, and a call to an external lab.
async def get_record(patient_id: str) -> dict:
    await asyncio.sleep(0)  # a database round trip
    return {"patient_id": patient_id}


async def fetch_lab_result(patient_id: str) -> str:
    await asyncio.sleep(0.01)  # the lab's network round trip
    return "LDL 96 mg/dL"


@pytest.mark.asyncio
async def test_async_operation():
    # A plain await, for code that stays inside the process
    record = await get_record("pt-0001")
    assert record["patient_id"] == "pt-0001"

    # The lab is outside the process: a deadline turns a hang into a failure
    result = await run_with_timeout(fetch_lab_result("pt-0001"), timeout=1.0, label="lab fetch")
    assert result == "LDL 96 mg/dL"

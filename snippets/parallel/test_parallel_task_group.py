import asyncio

import pytest


# Stands in for your code: a lab that never answers, and a lookup that fails at once.
async def fetch_lab_result(patient_id: str) -> str:
    await asyncio.sleep(3600)  # the lab stopped answering
    return "HbA1c 5.4 %"


async def get_record(patient_id: str) -> dict:
    await asyncio.sleep(0)  # a database round trip
    raise LookupError(f"no patient record with id {patient_id}")


async def lookup_lab_and_record(patient_id: str) -> None:
    async with asyncio.TaskGroup() as group:  # Python 3.11+
        group.create_task(fetch_lab_result(patient_id))  # hangs on the lab
        group.create_task(get_record(patient_id))  # fails fast


@pytest.mark.asyncio
async def test_one_failure_cancels_the_rest():
    with pytest.raises(ExceptionGroup) as excinfo:
        await lookup_lab_and_record("pt-9999")

    # The failure cancelled the hung lab call: the test ends now, not in an hour
    assert excinfo.group_contains(LookupError)

import asyncio

import pytest

RECORDS = {"pt-0001": {"patient_id": "pt-0001"}}


# Stands in for your code: the records service your test calls.
async def get_record(patient_id: str) -> dict[str, str]:
    await asyncio.sleep(0)  # a database round trip in the real service
    return RECORDS[patient_id]


@pytest.mark.asyncio
async def test_unknown_patient_is_an_error():
    with pytest.raises(KeyError):
        await get_record("pt-9999")

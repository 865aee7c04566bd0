import asyncio

import pytest

from asyncproof import run_with_timeout


# Stands in for your code: a lab call, and a records lookup that knows one patient.
class RecordNotFound(LookupError):
    pass


async def fetch_lab_result(patient_id: str) -> str:
    await asyncio.sleep(0.01)  # the lab's network round trip
    return "TSH 2.1 mIU/L"


async def get_record(patient_id: str) -> dict:
    await asyncio.sleep(0)  # a database round trip
    if patient_id != "pt-0002":
        raise RecordNotFound(f"no patient record with id {patient_id}")
    return {"patient_id": patient_id}


@pytest.mark.asyncio
async def test_latest_lab_result():
    result = await run_with_timeout(fetch_lab_result("pt-0002"), timeout=1.0, label="lab fetch")
    assert result == "TSH 2.1 mIU/L"


@pytest.mark.asyncio
async def test_unknown_patient():
    with pytest.raises(RecordNotFound, match=r"^no patient record with id pt-\d+$"):
        await get_record("pt-9999")

import asyncio
import time

import pytest


# Stands in for your code: a lookup, and a sync audit client whose server stopped answering.
async def get_record(patient_id: str) -> dict:
    await asyncio.sleep(0)  # a database round trip
    return {"patient_id": patient_id}


def write_audit_entry(patient_id: str) -> None:
    time.sleep(3600)  # a blocking call that never returns


@pytest.mark.asyncio
@pytest.mark.async_timeout(0.1)
async def test_lookup_is_audited():
    record = await get_record("pt-0001")
    write_audit_entry(record["patient_id"])
    assert record["patient_id"] == "pt-0001"

import asyncio


# Stands in for your code: an async lookup.
async def get_record(patient_id: str) -> dict:
    await asyncio.sleep(0)  # a database round trip
    return {"patient_id": patient_id}


def test_lookup_from_sync_code(standard_event_loop):
    record = standard_event_loop.run_until_complete(get_record("pt-0001"))
    assert record["patient_id"] == "pt-0001"

import asyncio


# Stands in for your code: an async lookup.
async def get_record(patient_id: str) -> dict:
    await asyncio.sleep(0)  # a database round trip
    return {"patient_id": patient_id}


LOOPS = []


def test_lookup_from_sync_code():
    loop = asyncio.new_event_loop()  # created by hand, never closed
    LOOPS.append(loop)
    record = loop.run_until_complete(get_record("pt-0001"))
    assert record["patient_id"] == "pt-0001"

import asyncio


# Stands in for your code: a service with sync and async methods.
class RecordsService:
    def __init__(self) -> None:
        self._ids = ["pt-0001", "pt-0002", "pt-0003"]

    def count(self) -> int:
        return len(self._ids)

    async def get_record(self, patient_id: str) -> dict:
        await asyncio.sleep(0)  # a database round trip
        return {"patient_id": patient_id}


def test_mixed_sync_async(standard_event_loop):
    # Synchronous code
    service = RecordsService()
    assert service.count() == 3

    # Run async code from the sync test on the fixture's fresh loop
    record = standard_event_loop.run_until_complete(service.get_record("pt-0003"))
    assert record["patient_id"] == "pt-0003"

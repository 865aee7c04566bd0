import asyncio

import pytest
import pytest_asyncio


# Stands in for your code: a service whose connection belongs to the loop that opened it.
class RecordsService:
    async def connect(self) -> None:
        self.loop = asyncio.get_running_loop()

    async def get_record(self, patient_id: str) -> dict:
        assert asyncio.get_running_loop() is self.loop, "used from another event loop"
        await asyncio.sleep(0)  # a database round trip
        return {"patient_id": patient_id}


# Needed only for async fixtures: the fixture and the tests share the class's loop.
@pytest_asyncio.fixture(loop_scope="class", scope="class")
async def service() -> RecordsService:
    service = RecordsService()
    await service.connect()
    return service


@pytest.mark.asyncio(loop_scope="class")
class TestSharedService:
    async def test_first_patient(self, service):
        assert (await service.get_record("pt-0001"))["patient_id"] == "pt-0001"

    async def test_second_patient(self, service):
        assert (await service.get_record("pt-0002"))["patient_id"] == "pt-0002"

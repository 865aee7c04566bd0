import asyncio

import pytest
import pytest_asyncio


# Stands in for your code: a client of the records service.
class RecordsClient:
    async def get_record(self, patient_id: str) -> dict[str, str]:
        await asyncio.sleep(0)  # a database round trip in the real service
        return {"patient_id": patient_id}

    async def close(self) -> None:
        await asyncio.sleep(0)


@pytest.mark.asyncio
@pytest_asyncio.fixture
async def records():
    client = RecordsClient()
    yield client
    await client.close()


@pytest.mark.asyncio
async def test_record_lookup(records):
    record = await records.get_record("pt-0001")
    assert record["patient_id"] == "pt-0001"

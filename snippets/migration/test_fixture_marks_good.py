import pytest
import pytest_asyncio


# Stands in for your code: an async records store.
class Records:
    async def get(self, patient_id):
        return {"patient_id": patient_id, "name": "Test Patient"}

    async def close(self):
        pass


# The asyncio mark stacked on a fixture: it never did anything there.
@pytest_asyncio.fixture
async def records():
    store = Records()
    yield store
    await store.close()


@pytest.mark.asyncio
async def test_lookup(records):
    record = await records.get("pt-0001")
    assert record["name"] == "Test Patient"

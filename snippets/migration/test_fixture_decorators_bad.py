import pytest


# Stands in for your code: an async records store.
class Records:
    async def get(self, patient_id):
        return {"patient_id": patient_id, "name": "Test Patient"}

    async def close(self):
        pass


# An async fixture under @pytest.fixture: auto mode ran it, strict mode does not.
@pytest.fixture
async def records():
    store = Records()
    yield store
    await store.close()


@pytest.mark.asyncio
async def test_lookup(records):
    record = await records.get("pt-0001")
    assert record["name"] == "Test Patient"

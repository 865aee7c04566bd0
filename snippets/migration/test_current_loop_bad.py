import asyncio

import pytest


# Stands in for your code: a client whose constructor picks up "the" event loop.
class RecordsClient:
    def __init__(self, host, loop=None):
        self.host = host
        self._loop = loop or asyncio.get_event_loop()

    async def get(self, patient_id):
        return {"patient_id": patient_id, "name": "Test Patient"}


@pytest.mark.asyncio
async def test_lookup():
    client = RecordsClient("records.test")
    record = await client.get("pt-0001")
    assert record["name"] == "Test Patient"


# Sync, and it never names a loop: under pytest-asyncio 0.x it found the one left current.
def test_client_keeps_its_host():
    client = RecordsClient("records.test")
    assert client.host == "records.test"

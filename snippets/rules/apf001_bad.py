import asyncio

import pytest

from clinic.fixtures import make_service


@pytest.fixture(scope="module")
def event_loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.mark.asyncio
async def test_record_lookup():
    record = await make_service().get_record("pt-0001")
    assert record.patient_id == "pt-0001"

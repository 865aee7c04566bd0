import asyncio

import pytest

from clinic.fixtures import make_service


@pytest.mark.asyncio
async def test_record_after_replication_delay():
    service = make_service()
    await asyncio.sleep(0.01)  # other tasks keep running meanwhile
    record = await service.get_record("pt-0001")
    assert record.patient_id == "pt-0001"

import asyncio

import pytest

from clinic.fixtures import make_service


@pytest.mark.asyncio
@pytest.mark.allow_leaks("pending_tasks")
async def test_a_slow_lab_does_not_block_the_record():
    service = make_service(lab_latency=3600)
    lab = asyncio.create_task(service.latest_lab_result("pt-0001"))  # on purpose: left running
    record = await service.get_record("pt-0001")
    assert record.patient_id == "pt-0001"
    assert not lab.done()

import asyncio

import pytest

from clinic.fixtures import make_service


@pytest.mark.asyncio
async def test_prefetch_lab_results():
    service = make_service(lab_latency=0.01)
    prefetch = asyncio.create_task(service.latest_lab_result("pt-0001"))
    assert service.count() == 3
    result = await prefetch  # the test owns the task it started
    assert result is not None

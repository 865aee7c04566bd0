import pytest

from clinic.fixtures import make_service


@pytest.mark.asyncio
@pytest.mark.async_timeout(0.1)
async def test_latest_lab_result():
    service = make_service(lab_latency=3600)  # the lab stopped answering
    result = await service.latest_lab_result("pt-0001")
    assert result is not None

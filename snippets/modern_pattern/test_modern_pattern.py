import pytest

from asyncproof import run_with_timeout
from clinic.fixtures import make_service


@pytest.mark.asyncio
async def test_async_operation():
    service = make_service()

    # A plain await, for code that stays inside the process
    record = await service.get_record("pt-0001")
    assert record.patient_id == "pt-0001"

    # The lab is outside the process: a deadline turns a hang into a failure
    result = await run_with_timeout(service.latest_lab_result("pt-0001"), timeout=1.0)
    assert result is not None
    assert result.code == "LDL"

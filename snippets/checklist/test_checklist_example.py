import pytest

from asyncproof import run_with_timeout
from clinic.fixtures import make_service
from clinic.records import RecordNotFound


@pytest.mark.asyncio
async def test_latest_lab_result():
    service = make_service()

    result = await run_with_timeout(service.latest_lab_result("pt-0002"), timeout=1.0)

    assert result is not None
    assert result.code == "TSH"


@pytest.mark.asyncio
async def test_unknown_patient():
    with pytest.raises(RecordNotFound, match=r"^no patient record with id pt-\d+$"):
        await make_service().get_record("pt-9999")

import pytest

from clinic.fixtures import make_service
from clinic.labs import LabResult
from clinic.reports import lab_summary


@pytest.mark.asyncio(loop_scope="session")
async def test_record_lookup():
    service = make_service()
    record = await service.get_record("pt-0001")
    assert record.patient_id == "pt-0001"


@pytest.mark.asyncio(loop_scope="session")
async def test_lab_summary(mocker):
    fetch = mocker.AsyncMock(return_value=[LabResult("HbA1c", 5.4, "%")])

    mocker.patch("clinic.labs.fetch_results", fetch)  # the lab is slow
    summary = await lab_summary("pt-0001")
    assert summary == "HbA1c 5.4 %"
    fetch.assert_awaited_once_with("pt-0001")

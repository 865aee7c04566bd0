import asyncio

import pytest

from clinic.fixtures import make_service
from clinic.labs import LabResult
from clinic.reports import lab_summary


# Before pytest-asyncio 1.0: one loop for the whole session.
@pytest.fixture(scope="session")
def event_loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.mark.asyncio
async def test_record_lookup():
    service = make_service()
    record = await service.get_record("pt-0001")
    assert record.patient_id == "pt-0001"


async def test_lab_summary(mocker):
    fetch = mocker.AsyncMock(return_value=[LabResult("HbA1c", 5.4, "%")])

    with mocker.patch("clinic.labs.fetch_results", fetch):  # the lab is slow
        summary = await lab_summary("pt-0001")
        assert summary == "HbA1c 5.4 %"
        fetch.assert_awaited_once_with("pt-0001")

import pytest

from clinic.labs import LabResult
from clinic.reports import lab_summary


@pytest.mark.asyncio
async def test_with_async_mock(mocker):
    # mocker.patch() returns the mock and undoes the patch when the test ends
    fetch = mocker.patch(
        "clinic.labs.fetch_results",
        new=mocker.AsyncMock(return_value=[LabResult("HbA1c", 5.4, "%")]),
    )

    summary = await lab_summary("pt-0001")

    assert summary == "HbA1c 5.4 %"
    fetch.assert_awaited_once_with("pt-0001")

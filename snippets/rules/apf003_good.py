import pytest

from clinic.labs import LabResult
from clinic.reports import lab_summary


@pytest.mark.asyncio
async def test_lab_summary(mocker):
    fetch = mocker.AsyncMock(return_value=[LabResult("HbA1c", 5.4, "%")])
    mocker.patch("clinic.labs.fetch_results", fetch)  # undone when the test ends
    assert await lab_summary("pt-0001") == "HbA1c 5.4 %"

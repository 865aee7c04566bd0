import pytest

from clinic.labs import LabResult
from clinic.reports import lab_summary


@pytest.mark.asyncio
async def test_with_async_mock(mocker):
    mock_fetch = mocker.AsyncMock(return_value=[LabResult("HbA1c", 5.4, "%")])

    # The original guide's pattern. Don't copy it: see the explanation below.
    with mocker.patch("clinic.labs.fetch_results", mock_fetch):
        summary = await lab_summary("pt-0001")
        assert summary == "HbA1c 5.4 %"
        mock_fetch.assert_called_once()

import pytest

from clinic.fixtures import LAB_RESULTS
from clinic.labs import LabClient


@pytest.mark.asyncio
async def test_latest_lab_result():
    lab = LabClient(latency=0.0, results=LAB_RESULTS)
    results = await lab.fetch_results("pt-0002")
    assert [r.code for r in results] == ["TSH"]

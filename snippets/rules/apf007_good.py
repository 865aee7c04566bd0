import pytest

from asyncproof import run_with_timeout
from clinic.fixtures import LAB_RESULTS
from clinic.labs import LabClient


@pytest.mark.asyncio
async def test_latest_lab_result():
    lab = LabClient(latency=0.0, results=LAB_RESULTS)
    results = await run_with_timeout(lab.fetch_results("pt-0002"), timeout=1.0)
    assert [r.code for r in results] == ["TSH"]

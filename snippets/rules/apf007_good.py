import pytest
from lab_client import LabClient

from asyncproof import run_with_timeout


@pytest.mark.asyncio
async def test_latest_lab_result():
    lab = LabClient(latency=0.0)
    results = await run_with_timeout(lab.fetch_results("pt-0002"), timeout=1.0)
    assert results == ["TSH 2.1 mIU/L"]

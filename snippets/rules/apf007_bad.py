import pytest
from lab_client import LabClient


@pytest.mark.asyncio
async def test_latest_lab_result():
    lab = LabClient(latency=0.0)
    results = await lab.fetch_results("pt-0002")
    assert results == ["TSH 2.1 mIU/L"]

import pytest

from asyncproof import run_with_timeout
from clinic.labs import LabClient, LabResult


@pytest.mark.asyncio
async def test_with_a_fast_fake_lab():
    lab = LabClient(latency=0, results={"pt-0001": [LabResult("LDL", 96, "mg/dL")]})

    results = await run_with_timeout(lab.fetch_results("pt-0001"), timeout=0.5)

    assert results == [LabResult("LDL", 96, "mg/dL")]

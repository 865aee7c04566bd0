import pytest

from asyncproof import run_with_timeout
from clinic.labs import LabClient


@pytest.mark.asyncio
async def test_with_external_dependency():
    hung_lab = LabClient(latency=3600)  # stands in for a lab that stopped answering

    # A short deadline for the test; the assertion says what must happen when it passes
    with pytest.raises(TimeoutError, match=r"^lab fetch did not finish within 0\.05s$"):
        await run_with_timeout(hung_lab.fetch_results("pt-0001"), timeout=0.05, label="lab fetch")

import asyncio

import pytest

from asyncproof import run_with_timeout


# Stands in for your code: a call to a lab that stopped answering.
async def fetch_lab_results(patient_id: str) -> list[str]:
    await asyncio.sleep(3600)
    return []


@pytest.mark.asyncio
async def test_with_external_dependency():
    # A short deadline for the test; the assertion says what must happen when it passes
    with pytest.raises(TimeoutError, match=r"^lab fetch did not finish within 0\.05s$"):
        await run_with_timeout(fetch_lab_results("pt-0001"), timeout=0.05, label="lab fetch")

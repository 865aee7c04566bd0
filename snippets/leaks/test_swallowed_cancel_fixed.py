import asyncio

import pytest

from clinic.labs import LabClient


async def fetch_or_empty(lab: LabClient, patient_id: str) -> list:
    try:
        return await lab.fetch_results(patient_id)
    except asyncio.CancelledError:
        # clean up here if needed, then let the cancellation through
        raise


@pytest.mark.asyncio
@pytest.mark.async_timeout(0.1)
async def test_fetch_is_cancelled_at_the_deadline():
    lab = LabClient(latency=0.01, results={"pt-0001": []})
    assert await fetch_or_empty(lab, "pt-0001") == []

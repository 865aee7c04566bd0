import asyncio

import pytest

from clinic.labs import LabClient


async def fetch_or_empty(lab: LabClient, patient_id: str) -> list:
    try:
        return await lab.fetch_results(patient_id)
    except asyncio.CancelledError:
        return []  # swallows the cancellation: the caller can't stop this code


@pytest.mark.asyncio
@pytest.mark.async_timeout(0.1)
async def test_fetch_or_empty():
    assert await fetch_or_empty(LabClient(latency=3600), "pt-0001") == []

import asyncio

import pytest


# Stands in for your code: a lab client that stopped answering, and a service using it.
async def fetch_lab_results(patient_id: str) -> list[str]:
    await asyncio.sleep(3600)  # the lab never answers
    return []


async def latest_lab_result(patient_id: str) -> str | None:
    results = await fetch_lab_results(patient_id)
    return results[-1] if results else None


@pytest.mark.asyncio
@pytest.mark.async_timeout(0.1)
async def test_latest_lab_result():
    result = await latest_lab_result("pt-0001")
    assert result is not None

import asyncio

import pytest

from asyncproof import run_with_timeout


# Stands in for your code: a lab call that never answers, and a wrapper around it.
async def fetch_lab_results(patient_id: str) -> list[str]:
    await asyncio.sleep(3600)  # the lab stopped answering
    return []


async def fetch_or_empty(patient_id: str) -> list[str]:
    try:
        return await fetch_lab_results(patient_id)
    except asyncio.CancelledError:
        # clean up here if needed, then let the cancellation through
        raise


@pytest.mark.asyncio
async def test_fetch_or_empty_stops_at_the_deadline():
    with pytest.raises(TimeoutError, match=r"^lab fetch did not finish within 0\.1s$"):
        await run_with_timeout(fetch_or_empty("pt-0001"), timeout=0.1, label="lab fetch")

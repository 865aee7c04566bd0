import asyncio

import pytest


# Stands in for your code: a lab call that takes half a second.
async def fetch_lab_results(patient_id: str) -> list[str]:
    await asyncio.sleep(0.5)  # the lab's network round trip
    return ["HbA1c 5.4 %"]


@pytest.mark.asyncio
async def test_prefetch_lab_results():
    prefetch = asyncio.create_task(fetch_lab_results("pt-0001"))
    assert not prefetch.done()  # started, and never awaited

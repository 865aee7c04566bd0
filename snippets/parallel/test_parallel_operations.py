import asyncio
import random

import pytest

from asyncproof import run_with_timeout


# Stands in for your code: a lookup that takes longer for some patients than others.
async def get_record(patient_id: str) -> dict:
    await asyncio.sleep(random.uniform(0, 0.02))  # a database round trip
    return {"patient_id": patient_id}


@pytest.mark.asyncio
async def test_parallel_operations():
    ids = ["pt-0001", "pt-0002", "pt-0003", "pt-0004", "pt-0005"]

    lookups = asyncio.gather(*(get_record(patient_id) for patient_id in ids))
    records = await run_with_timeout(lookups, timeout=1.0, label="parallel lookups")

    # gather() keeps the order of its arguments, whatever order they finish in
    assert [record["patient_id"] for record in records] == ids

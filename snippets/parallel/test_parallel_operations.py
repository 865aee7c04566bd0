import asyncio

import pytest

from asyncproof import run_with_timeout
from clinic.fixtures import PATIENTS, make_service


@pytest.mark.asyncio
async def test_parallel_operations():
    service = make_service()
    ids = [patient.patient_id for patient in PATIENTS]

    lookups = asyncio.gather(*(service.get_record(patient_id) for patient_id in ids))
    records = await run_with_timeout(lookups, timeout=1.0, label="parallel lookups")

    # gather() keeps the order of its arguments, whatever order they finish in
    assert [record.patient_id for record in records] == ids

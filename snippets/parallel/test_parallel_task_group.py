import asyncio

import pytest

from clinic.fixtures import make_service
from clinic.records import PatientRecordsService, RecordNotFound


async def lookup_lab_and_record(service: PatientRecordsService) -> None:
    async with asyncio.TaskGroup() as group:  # Python 3.11+
        group.create_task(service.latest_lab_result("pt-0001"))  # hangs on the lab
        group.create_task(service.get_record("pt-9999"))  # fails fast


@pytest.mark.asyncio
async def test_one_failure_cancels_the_rest():
    service = make_service(lab_latency=3600)  # a lab that never answers

    with pytest.raises(ExceptionGroup) as excinfo:
        await lookup_lab_and_record(service)

    # The failure cancelled the hung lookup: the test ends now, not in an hour
    assert excinfo.group_contains(RecordNotFound)

import asyncio

import pytest


# Stands in for your code: a records service, and a lab client the tests never call for real.
class Records:
    async def get_record(self, patient_id):
        return {"patient_id": patient_id}


class Lab:
    async def fetch_results(self, patient_id):
        raise ConnectionError("the lab is not reachable from the test environment")


async def lab_summary(patient_id):
    results = await Lab().fetch_results(patient_id)
    return ", ".join(f"{name} {value} {unit}" for name, value, unit in results)


# Before pytest-asyncio 1.0: one loop for the whole session.
@pytest.fixture(scope="session")
def event_loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.mark.asyncio
async def test_record_lookup():
    record = await Records().get_record("pt-0001")
    assert record["patient_id"] == "pt-0001"


async def test_lab_summary(mocker):
    fetch = mocker.AsyncMock(return_value=[("HbA1c", 5.4, "%")])

    with mocker.patch.object(Lab, "fetch_results", fetch):  # no real lab in a test
        summary = await lab_summary("pt-0001")
        assert summary == "HbA1c 5.4 %"
        fetch.assert_awaited_once_with("pt-0001")

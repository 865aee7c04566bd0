import asyncio

import pytest


# Stands in for your code: a slow lab client, and the function under test that uses it.
class LabClient:
    async def fetch_results(self, patient_id: str) -> list[str]:
        await asyncio.sleep(30)  # the real lab is slow
        return []


async def lab_summary(patient_id: str) -> str:
    results = await LabClient().fetch_results(patient_id)
    return ", ".join(results) or "no lab results"


@pytest.mark.asyncio
async def test_lab_summary(mocker):
    fetch = mocker.AsyncMock(return_value=["HbA1c 5.4 %"])
    with mocker.patch.object(LabClient, "fetch_results", fetch):
        assert await lab_summary("pt-0001") == "HbA1c 5.4 %"

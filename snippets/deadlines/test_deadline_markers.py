import asyncio

import pytest

# Module-wide: every test here gets half a second...
pytestmark = [pytest.mark.asyncio, pytest.mark.async_timeout(0.5)]


# Stands in for your code: a lab call that takes 10 ms.
async def fetch_lab_result(patient_id: str) -> str:
    await asyncio.sleep(0.01)  # the lab's network round trip
    return "TSH 2.1 mIU/L"


async def test_one_result():
    assert await fetch_lab_result("pt-0002") == "TSH 2.1 mIU/L"


@pytest.mark.async_timeout(2)  # ...but the nearest marker wins
class TestManyResults:
    async def test_results_in_turn(self):
        results = [await fetch_lab_result(pid) for pid in ("pt-0001", "pt-0002", "pt-0003")]
        assert results == ["TSH 2.1 mIU/L"] * 3

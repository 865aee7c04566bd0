import pytest

from clinic.fixtures import make_service

# Module-wide: every test here gets half a second...
pytestmark = [pytest.mark.asyncio, pytest.mark.async_timeout(0.5)]


async def test_lookup_is_fast():
    assert (await make_service().get_record("pt-0001")).patient_id == "pt-0001"


@pytest.mark.async_timeout(2)  # ...but the nearest marker wins
class TestLabResults:
    async def test_latest_result(self):
        result = await make_service(lab_latency=0.01).latest_lab_result("pt-0002")
        assert result is not None
        assert result.code == "TSH"

import pytest

from clinic.fixtures import make_service


# One loop for every test of the module, without a fixture.
@pytest.mark.asyncio(loop_scope="module")
async def test_record_lookup():
    record = await make_service().get_record("pt-0001")
    assert record.patient_id == "pt-0001"

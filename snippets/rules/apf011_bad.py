import pytest
import pytest_asyncio  # noqa: F401

from clinic.fixtures import make_service


@pytest.mark.asyncio
async def test_record_lookup():
    record = await make_service().get_record("pt-0001")
    assert record.patient_id == "pt-0001"

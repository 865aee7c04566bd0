import pytest

from clinic.fixtures import make_service


@pytest.mark.asyncio
async def test_record_lookup():
    await make_service().get_record("pt-0001")

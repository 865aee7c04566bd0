import pytest

from clinic.fixtures import make_service


@pytest.mark.asyncio
async def test_lookup_leaves_the_count_alone():
    service = make_service()
    await service.get_record("pt-0001")
    assert service.count() == 3

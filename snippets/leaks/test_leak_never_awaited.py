import pytest

from clinic.fixtures import make_service


@pytest.mark.asyncio
async def test_lookup_leaves_the_count_alone():
    service = make_service()
    service.get_record("pt-0001")  # no await: the lookup never runs
    assert service.count() == 3

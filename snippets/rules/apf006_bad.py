import asyncio

import pytest

from clinic.fixtures import make_service


@pytest.mark.asyncio
async def test_record_lookup():
    record = asyncio.run(make_service().get_record("pt-0001"))
    assert record.patient_id == "pt-0001"

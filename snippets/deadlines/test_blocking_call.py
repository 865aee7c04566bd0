import time

import pytest

from clinic.fixtures import make_service


def write_audit_entry(patient_id: str) -> None:
    """A synchronous audit-store client whose server has stopped answering."""
    time.sleep(3600)


@pytest.mark.asyncio
@pytest.mark.async_timeout(0.1)
async def test_lookup_is_audited():
    service = make_service()
    record = await service.get_record("pt-0001")
    write_audit_entry(record.patient_id)
    assert record.patient_id == "pt-0001"

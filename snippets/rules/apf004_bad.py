import pytest

from clinic.fixtures import make_service

AUDIT_LOG: list[str] = []


async def audit(event: str) -> None:
    AUDIT_LOG.append(event)


@pytest.mark.asyncio
async def test_lookup_is_audited():
    record = await make_service().get_record("pt-0001")
    audit(f"read {record.patient_id}")
    assert record.patient_id == "pt-0001"

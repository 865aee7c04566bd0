import pytest

from clinic.fixtures import make_service

AUDIT_LOG: list[str] = []


async def audit(event: str) -> None:
    AUDIT_LOG.append(event)


@pytest.mark.asyncio
async def test_lookup_is_audited():
    record = await make_service().get_record("pt-0001")
    await audit(f"read {record.patient_id}")
    assert AUDIT_LOG[-1] == "read pt-0001"

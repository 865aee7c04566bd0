import asyncio

import pytest

# Stands in for your code: the records service, and the audit trail it writes to.
AUDIT_LOG: list[str] = []


async def get_record(patient_id: str) -> dict[str, str]:
    await asyncio.sleep(0)  # a database round trip in the real service
    return {"patient_id": patient_id}


async def audit(event: str) -> None:
    AUDIT_LOG.append(event)


@pytest.mark.asyncio
async def test_lookup_is_audited():
    record = await get_record("pt-0001")
    await audit(f"read {record['patient_id']}")
    assert AUDIT_LOG[-1] == "read pt-0001"

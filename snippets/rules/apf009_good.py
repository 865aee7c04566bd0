import asyncio

import pytest


# Stands in for your code: the records service, which knows no patient yet.
class RecordNotFound(LookupError):
    def __init__(self, patient_id: str) -> None:
        super().__init__(f"no patient record with id {patient_id}")
        self.patient_id = patient_id


async def get_record(patient_id: str) -> dict[str, str]:
    await asyncio.sleep(0)  # a database round trip in the real service
    raise RecordNotFound(patient_id)


@pytest.mark.asyncio
async def test_unknown_patient():
    with pytest.raises(RecordNotFound, match=r"^no patient record with id pt-\d+$") as excinfo:
        await get_record("pt-9999")
    assert excinfo.value.patient_id == "pt-9999"

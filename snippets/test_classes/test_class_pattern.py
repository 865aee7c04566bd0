import asyncio

import pytest


# Stands in for your code: a records service with one synthetic patient.
class RecordNotFound(LookupError):
    pass


class RecordsService:
    def __init__(self) -> None:
        self._records = {"pt-0002": {"patient_id": "pt-0002", "last_lab": "TSH"}}

    async def get_record(self, patient_id: str) -> dict:
        await asyncio.sleep(0)  # a database round trip
        try:
            return self._records[patient_id]
        except KeyError:
            raise RecordNotFound(f"no patient record with id {patient_id}") from None


@pytest.mark.asyncio
class TestRecordsService:
    async def test_get_record_returns_the_patient(self):
        record = await RecordsService().get_record("pt-0002")
        assert record["last_lab"] == "TSH"

    async def test_unknown_id_raises_record_not_found(self):
        with pytest.raises(RecordNotFound, match=r"^no patient record with id pt-9999$"):
            await RecordsService().get_record("pt-9999")

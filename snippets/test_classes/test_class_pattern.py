import pytest

from clinic.fixtures import make_service
from clinic.records import RecordNotFound


@pytest.mark.asyncio
class TestPatientRecordsService:
    async def test_get_record_returns_the_patient(self):
        record = await make_service().get_record("pt-0002")
        assert record.patient_id == "pt-0002"

    async def test_unknown_id_raises_record_not_found(self):
        with pytest.raises(RecordNotFound, match=r"^no patient record with id pt-9999$"):
            await make_service().get_record("pt-9999")

import pytest

from clinic.fixtures import make_service
from clinic.records import RecordNotFound


@pytest.mark.asyncio
async def test_unknown_patient():
    with pytest.raises(RecordNotFound, match=r"^no patient record with id pt-\d+$") as excinfo:
        await make_service().get_record("pt-9999")
    assert excinfo.value.patient_id == "pt-9999"

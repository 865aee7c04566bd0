import pytest

from clinic.fixtures import make_service
from clinic.records import RecordNotFound


@pytest.mark.asyncio
async def test_unknown_patient():
    patient_id = "pt-9999"
    with pytest.raises(RecordNotFound) as excinfo:
        await make_service().get_record(patient_id)
    assert str(excinfo.value) == f"no patient record with id {patient_id}"

import pytest
import pytest_asyncio

from clinic.fixtures import make_service
from clinic.records import PatientRecordsService


# Needed only for async fixtures: the fixture and the tests share the class's loop.
@pytest_asyncio.fixture(loop_scope="class", scope="class")
async def service() -> PatientRecordsService:
    return make_service()


@pytest.mark.asyncio(loop_scope="class")
class TestSharedService:
    async def test_first_patient(self, service):
        assert (await service.get_record("pt-0001")).patient_id == "pt-0001"

    async def test_lab_result(self, service):
        result = await service.latest_lab_result("pt-0002")
        assert result is not None
        assert result.code == "TSH"

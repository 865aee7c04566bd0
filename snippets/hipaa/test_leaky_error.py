from dataclasses import dataclass
from datetime import date

import pytest

from asyncproof import assert_no_phi


# Stands in for your code: a billing service over one synthetic patient record.
@dataclass
class PatientRecord:
    patient_id: str  # opaque: means nothing outside the system
    name: str
    date_of_birth: date


class BillingError(RuntimeError):
    pass


RECORDS = {"pt-0001": PatientRecord("pt-0001", "Avery Example", date(1980, 1, 1))}


async def create_invoice(patient_id: str, amount: float) -> str:
    record = RECORDS[patient_id]
    if amount <= 0:
        raise BillingError(f"cannot bill {record}: amount must be > 0")  # the whole record
    return f"inv-{record.patient_id}"


@pytest.mark.asyncio
async def test_error_carries_no_phi():
    with pytest.raises(BillingError) as excinfo:
        await create_invoice("pt-0001", amount=0)
    assert_no_phi(excinfo.value)  # fails: the message holds the record's repr

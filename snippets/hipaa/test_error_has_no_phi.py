import asyncio
import re

import pytest

from asyncproof import assert_no_phi, contains_phi


# Stands in for your code: billing over synthetic records; errors name the opaque id only.
class BillingError(RuntimeError):
    pass


async def create_invoice(patient_id: str, amount: float) -> str:
    await asyncio.sleep(0)  # a database round trip
    if amount <= 0:
        raise BillingError(f"cannot bill patient {patient_id}: amount must be > 0")
    return f"inv-{patient_id}"


@pytest.mark.asyncio
async def test_error_handling():
    with pytest.raises(BillingError) as excinfo:
        await create_invoice("pt-0001", amount=0)

    # No PHI in the message, its arguments, notes or chained exceptions
    assert_no_phi(excinfo.value)
    assert not contains_phi(str(excinfo.value))

    # A pattern that names the opaque id and the reason, not the exact wording
    assert re.search(r"pt-0001\b.*amount", str(excinfo.value))

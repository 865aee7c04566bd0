import re

import pytest

from asyncproof import assert_no_phi, contains_phi
from clinic.billing import BillingError, BillingService
from clinic.fixtures import make_service


@pytest.mark.asyncio
async def test_error_handling():
    billing = BillingService(make_service())

    with pytest.raises(BillingError) as excinfo:
        await billing.create_invoice("pt-0001", amount=0)

    # No PHI in the message, its arguments, notes or chained exceptions
    assert_no_phi(excinfo.value)
    assert not contains_phi(str(excinfo.value))

    # A pattern that names the opaque id and the reason, not the exact wording
    assert re.search(r"pt-0001\b.*amount", str(excinfo.value))

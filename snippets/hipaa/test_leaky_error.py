import pytest

from asyncproof import assert_no_phi
from clinic.billing import BillingError, BillingService
from clinic.fixtures import make_service


@pytest.mark.asyncio
async def test_error_names_the_id_only():
    billing = BillingService(make_service())
    with pytest.raises(BillingError) as excinfo:
        await billing.create_invoice("pt-0001", amount=0)
    assert_no_phi(excinfo.value)


@pytest.mark.asyncio
async def test_legacy_error_leaks_the_record():
    billing = BillingService(make_service())
    with pytest.raises(BillingError) as excinfo:
        await billing.create_invoice_legacy("pt-0001", amount=0)
    assert_no_phi(excinfo.value)  # fails: the message holds the record's repr

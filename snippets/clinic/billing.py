"""Billing: turns a patient's record into an invoice. Its errors show both ways to fail."""

from __future__ import annotations

import logging

from clinic.records import PatientRecordsService

logger = logging.getLogger(__name__)


class BillingError(RuntimeError):
    """An invoice could not be created."""


class BillingService:
    """Creates invoices for the patients of a `PatientRecordsService`."""

    def __init__(self, records: PatientRecordsService) -> None:
        self._records = records

    async def create_invoice(self, patient_id: str, amount: float) -> str:
        """Return the id of a new invoice, or raise `BillingError` naming the opaque id only."""
        record = await self._records.get_record(patient_id)
        if amount <= 0:
            logger.warning("rejected invoice for %s: amount %.2f", record.patient_id, amount)
            raise BillingError(f"cannot bill patient {record.patient_id}: amount must be > 0")
        return f"inv-{record.patient_id}-{amount:.0f}"

    async def create_invoice_legacy(self, patient_id: str, amount: float) -> str:
        """The same, as it was first written: its error message carries the whole record."""
        record = await self._records.get_record(patient_id)
        if amount <= 0:
            raise BillingError(f"cannot bill {record}: amount must be > 0")
        return f"inv-{record.patient_id}-{amount:.0f}"

"""The patient-records service: the code under test in the guide's snippets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from clinic.labs import LabClient, LabResult


@dataclass(frozen=True)
class PatientRecord:
    """A patient as the service stores it. `patient_id` is opaque; `name` is PHI."""

    patient_id: str
    name: str
    date_of_birth: date


class RecordNotFound(LookupError):
    """No record has this id. The message carries the opaque id only, never PHI."""

    def __init__(self, patient_id: str) -> None:
        super().__init__(f"no patient record with id {patient_id}")
        self.patient_id = patient_id


class PatientRecordsService:
    """Looks up patients and their latest lab result."""

    def __init__(self, records: Iterable[PatientRecord] = (), lab: LabClient | None = None) -> None:
        self._records = {record.patient_id: record for record in records}
        self._lab = lab if lab is not None else LabClient()

    def count(self) -> int:
        """Number of stored records (plain sync code, for the mixed sync/async example)."""
        return len(self._records)

    async def get_record(self, patient_id: str) -> PatientRecord:
        """Return the record for `patient_id` or raise `RecordNotFound`."""
        await asyncio.sleep(0)  # a database round trip in the real service
        try:
            return self._records[patient_id]
        except KeyError:
            raise RecordNotFound(patient_id) from None

    async def latest_lab_result(self, patient_id: str) -> LabResult | None:
        """Return the newest lab result for a known patient, or None if there is none."""
        await self.get_record(patient_id)
        results = await self._lab.fetch_results(patient_id)
        return results[-1] if results else None

"""Synthetic test data: made-up people, never real patients."""

from __future__ import annotations

from datetime import date

from clinic.labs import LabClient, LabResult
from clinic.records import PatientRecord, PatientRecordsService

PATIENTS = [
    PatientRecord("pt-0001", "Avery Example", date(1980, 1, 1)),
    PatientRecord("pt-0002", "Blake Sample", date(1975, 6, 15)),
    PatientRecord("pt-0003", "Casey Placeholder", date(1990, 12, 31)),
]

LAB_RESULTS = {
    "pt-0001": [LabResult("HbA1c", 5.4, "%"), LabResult("LDL", 96, "mg/dL")],
    "pt-0002": [LabResult("TSH", 2.1, "mIU/L")],
}


def make_service(lab_latency: float = 0.0) -> PatientRecordsService:
    """A service over the synthetic patients, with a lab that answers after `lab_latency` s."""
    return PatientRecordsService(PATIENTS, LabClient(latency=lab_latency, results=LAB_RESULTS))

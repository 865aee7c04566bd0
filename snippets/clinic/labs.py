"""A client for the external lab system, the slow dependency that tests must contain."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# The real lab answers in seconds on a good day. A test that reaches it without a
# deadline or a mock is a test that can hang CI.
LAB_LATENCY_SECONDS = 30.0


@dataclass(frozen=True)
class LabResult:
    """One lab measurement."""

    code: str
    value: float
    unit: str


class LabClient:
    """Fetches lab results. `latency` stands in for the network round trip."""

    def __init__(
        self,
        latency: float = LAB_LATENCY_SECONDS,
        results: Mapping[str, Sequence[LabResult]] | None = None,
    ) -> None:
        self.latency = latency
        self._results = dict(results or {})

    async def fetch_results(self, patient_id: str) -> list[LabResult]:
        """Return the lab results recorded for `patient_id` (an opaque id, never a name)."""
        await asyncio.sleep(self.latency)
        return list(self._results.get(patient_id, ()))


async def fetch_results(patient_id: str) -> list[LabResult]:
    """Fetch results from the production lab. Tests patch this or put a deadline on it."""
    return await LabClient().fetch_results(patient_id)

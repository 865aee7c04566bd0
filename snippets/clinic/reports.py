"""Reports built from the production lab: the module the mocking example patches."""

from __future__ import annotations

from clinic import labs


async def lab_summary(patient_id: str) -> str:
    """A one-line summary of a patient's lab results, for the care team's dashboard."""
    # Looked up through the module, so `mocker.patch("clinic.labs.fetch_results")` reaches it.
    results = await labs.fetch_results(patient_id)
    if not results:
        return "no lab results"
    return ", ".join(f"{r.code} {r.value:g} {r.unit}" for r in results)

import pytest

from asyncproof import run_with_timeout


# Stands in for your code: the function under test, given a lab client.
async def latest_result(lab, patient_id: str) -> str | None:
    results = await lab.fetch_results(patient_id)
    return results[-1] if results else None


# The test's fake lab: answers at once, with the results the test chose.
class FakeLab:
    def __init__(self, results: dict[str, list[str]]) -> None:
        self.results = results

    async def fetch_results(self, patient_id: str) -> list[str]:
        return self.results.get(patient_id, [])


@pytest.mark.asyncio
async def test_with_a_fast_fake_lab():
    lab = FakeLab({"pt-0001": ["HbA1c 5.4 %", "LDL 96 mg/dL"]})

    result = await run_with_timeout(latest_result(lab, "pt-0001"), timeout=0.5)

    assert result == "LDL 96 mg/dL"

# Stands in for your code: the client of the external lab system, a service outside your
# process that can take seconds to answer, or never answer.
import asyncio


class LabClient:
    def __init__(self, latency: float = 30.0) -> None:
        self.latency = latency  # the network round trip

    async def fetch_results(self, patient_id: str) -> list[str]:
        await asyncio.sleep(self.latency)
        return ["TSH 2.1 mIU/L"] if patient_id == "pt-0002" else []

import gc


async def fetch_lab_results(patient_id: str) -> list[str]:
    await asyncio.sleep(0)
    return ["HbA1c 5.4 %"]


fetch_lab_results("pt-0001")  # the bug: no await, the coroutine is created and dropped
collected = gc.collect()

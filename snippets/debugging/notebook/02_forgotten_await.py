import gc


async def fetch_lab_results(patient_id: str) -> list[str]:
    await asyncio.sleep(0)
    return ["HbA1c 5.4 %"]


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fetch_lab_results("pt-0001")  # the bug: no await, the coroutine is created and dropped
    gc.collect()

# The warning's first line. In debug mode the rest is where the coroutine was created, which
# in a notebook is the kernel's own machinery.
for warning in caught:
    print(f"{warning.category.__name__}: {str(warning.message).splitlines()[0]}")

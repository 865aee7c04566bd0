import asyncio
import gc
import warnings


# Stands in for your code: an async lookup.
async def get_record(patient_id: str) -> dict:
    await asyncio.sleep(0)  # a database round trip
    return {"patient_id": patient_id}


async def main() -> None:
    get_record("pt-0001")  # the bug: no await, so the lookup never runs


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    asyncio.run(main(), debug=True)  # debug mode records where each coroutine was created
    gc.collect()

for warning in caught:
    print(warning.category.__name__, str(warning.message).splitlines()[0])
    #> RuntimeWarning coroutine 'get_record' was never awaited

import asyncio
import gc
import warnings

from clinic.fixtures import make_service


async def main() -> None:
    service = make_service()
    service.get_record("pt-0001")  # the bug: no await, so the lookup never runs


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    asyncio.run(main(), debug=True)  # debug mode records where each coroutine was created
    gc.collect()

for warning in caught:
    print(warning.category.__name__, str(warning.message).splitlines()[0])
    #> RuntimeWarning coroutine 'PatientRecordsService.get_record' was never awaited

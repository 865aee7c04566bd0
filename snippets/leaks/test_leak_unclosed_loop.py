import asyncio

from clinic.fixtures import make_service

LOOPS = []


def test_count_then_lookup():
    loop = asyncio.new_event_loop()  # created by hand, never closed
    LOOPS.append(loop)
    record = loop.run_until_complete(make_service().get_record("pt-0001"))
    assert record.patient_id == "pt-0001"

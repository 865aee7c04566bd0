import asyncio

from clinic.fixtures import make_service


def test_record_lookup_from_sync_code():
    loop = asyncio.new_event_loop()
    try:
        record = loop.run_until_complete(make_service().get_record("pt-0001"))
    finally:
        loop.close()
    assert record.patient_id == "pt-0001"

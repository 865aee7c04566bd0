from clinic.fixtures import make_service


def test_mixed_sync_async(standard_event_loop):
    # Synchronous code
    service = make_service()
    assert service.count() == 3

    # Run async code from the sync test on the fixture's fresh loop
    record = standard_event_loop.run_until_complete(service.get_record("pt-0003"))
    assert record.patient_id == "pt-0003"

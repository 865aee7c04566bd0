from clinic.fixtures import make_service


def test_count_then_lookup(standard_event_loop):
    record = standard_event_loop.run_until_complete(make_service().get_record("pt-0001"))
    assert record.patient_id == "pt-0001"

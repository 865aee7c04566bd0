import pytest

from clinic.fixtures import make_service


@pytest.mark.allow_leaks("never_awaited")
def test_forgotten_await_is_reported(recwarn):
    service = make_service()
    service.get_record("pt-0001")  # on purpose: this test is about the warning
    assert any("was never awaited" in str(w.message) for w in recwarn)

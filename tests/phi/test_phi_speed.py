"""What a pass reads around a value found stays around it: on a whole log, a look at the whole
text per value found makes the scan quadratic (a log of SMS notifications, one phone number a
line, took 23 s for 1.3 MB that way)."""

from __future__ import annotations

import time

from asyncproof._phi.kinds.phone import fax_or_phone

_LINE = "sms sent to (555) 010-4477"
_NUMBER_AT = _LINE.index("(555)")


def _least_seconds(text: str, rounds: int = 5) -> float:
    least = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fax_or_phone(text, _NUMBER_AT)
        least = min(least, time.perf_counter() - start)
    return least


def test_whether_a_number_is_a_fax_is_read_near_it_not_from_the_whole_text() -> None:
    # Five million characters after the number: a test of the whole text costs milliseconds
    # (it did: `"^FX" in text` per number), a look near the number microseconds.
    long_text = _LINE + "\n" + "log line without a fax segment " * 160_000
    assert fax_or_phone(long_text, _NUMBER_AT) == "PHONE"
    assert _least_seconds(long_text) < 1e-4


def test_an_hl7_fax_after_the_number_is_still_a_fax() -> None:
    text = "XTN 0031 20 555 0199^WPN^FX" + " filler" * 1000
    assert fax_or_phone(text, text.index("0031") - 1) == "FAX"
    assert fax_or_phone(_LINE, _NUMBER_AT) == "PHONE"


def test_the_search_for_rare_literals_is_linear_on_near_misses() -> None:
    # The shapes' literals that are looked for all at once (`NeedsIndex`): a text made of
    # their beginnings, none whole, is where a pattern of them would backtrack if it could.
    from asyncproof._phi.engine import compiled
    from tests._support.linear_time import assert_linear_time

    index = compiled().shapes_needed
    search = index._any_rare
    assert search is not None
    # (Not `Mr` from `Mrs`: a literal itself.)
    pieces = [literal[:-1] + "~" for literal, _ in index._rare]
    near_misses = "".join(piece for piece in pieces if search.search(piece) is None)
    assert len(near_misses) > 100
    small = near_misses * 20
    assert search.search(small) is None
    assert_linear_time(search.search, small, small * 10)

"""Identifiers written again in a format the text has already named.

A label says what `CV-0012345` is once (`MRN: CV-0012345`); the same system then writes other
chart numbers of that format with no label (`<Patient CV-0070551 ...>`, a path
`/consents/CV-0077031/`). Each record number found with its kind gives its format, its
letters as written and the count of each run of digits (`CV-` and seven digits), and every
other token of that format in the same text is reported as that kind. Only formats with
letters before the digits are taken: a run of digits alone has the format of too much else (a
date, a count, another record's number).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from asyncproof._phi.engine import Candidate

# The kinds of a record's number, whose format one system keeps for every record.
_KINDS = frozenset({"MRN", "ID", "ACCOUNT", "HEALTH_PLAN", "LICENSE", "DEVICE"})
# A record's number with its letters first: `CV-0012345`, `E0040081`, `HAR-7688120`,
# `PA-2611-004405`. One letter alone is a format only before six digits or more.
_SHAPED = re.compile(
    r"(?<![A-Za-z0-9])(?P<letters>[A-Za-z]{1,6})(?P<sep>[-_]?)(?P<digits>\d(?:-?\d){3,20})"
    r"(?![A-Za-z0-9])"
)
_DIGIT_RUN = re.compile(r"\d+")
_FEWEST_DIGITS = 5
_FEWEST_DIGITS_AFTER_ONE_LETTER = 6


def _format(match: re.Match[str]) -> str | None:
    """The format of a shaped token (`CV-` and runs of digits: `CV-7`), or None if it is too
    plain to stand for one system's numbers."""
    letters, digits = match.group("letters"), match.group("digits")
    count = sum(c.isdecimal() for c in digits)
    fewest = _FEWEST_DIGITS_AFTER_ONE_LETTER if len(letters) == 1 else _FEWEST_DIGITS
    if count < fewest:
        return None
    runs = "-".join(str(len(run)) for run in _DIGIT_RUN.findall(digits))
    return f"{letters}{match.group('sep')}{runs}"


def same_format(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """The tokens of `text` in the format of a record number in `chosen` (sorted, not
    overlapping), reported as its kind, where nothing chosen overlaps them."""
    # Each format's kind is the one its surest finds have (a label's over a guess from the
    # line's words), then the one they have most often.
    votes: dict[str, Counter[tuple[int, str]]] = {}
    for start, end, kind, sureness in chosen:
        if kind in _KINDS:
            match = _SHAPED.fullmatch(text, start, end)
            shape = _format(match) if match else None
            if shape:
                votes.setdefault(shape, Counter())[sureness, kind] += 1
    if not votes:
        return []
    formats = {
        shape: max(counts, key=lambda pair: (pair[0], counts[pair], pair[1]))[1]
        for shape, counts in votes.items()
    }
    starts = [candidate[0] for candidate in chosen]
    more: list[Candidate] = []
    for match in _SHAPED.finditer(text):
        named = formats.get(_format(match) or "")
        if named is None:
            continue
        start, end = match.span()
        # the chosen candidate starting last before `end`: if it reaches `start`, they overlap
        at = bisect.bisect_left(starts, end) - 1
        if at >= 0 and chosen[at][1] > start:
            continue
        more.append((start, end, named, 0))
    return more

"""URLs: percent-encoded text is decoded and scanned, and a link that carries PHI in its path or
query is reported whole, as a URL."""

from __future__ import annotations

import re
from bisect import bisect_left

from asyncproof._phi.engine import LABELLED, Candidate, Compiled, one_pass

# URL-encoded text (`name=Jos%C3%A9%20N%C3%BA%C3%B1ez`): the runs of text around `%XX` escapes
# are decoded, scanned together, and what is found is mapped back onto the original text.
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_PERCENT_RUN = re.compile(r"((?:%[0-9A-Fa-f]{2}){1,100})")
_RUN_END = re.compile(r"[^\s\"'<>]{0,300}")
_RUN_STOPS = " \t\n\r\"'<>"


def percent_decoded(text: str, compiled: Compiled) -> list[Candidate]:
    """What the one pass finds in the percent-encoded runs of `text`, decoded."""
    pieces: list[str] = []
    starts: list[int] = []  # per decoded character: where it starts in `text`
    ends: list[int] = []  # and where it ends
    run_end = 0
    for escape in _PERCENT.finditer(text):
        at = escape.start()
        if at < run_end:
            continue
        floor = max(run_end, at - 300)
        begin = max(text.rfind(stop, floor, at) for stop in _RUN_STOPS) + 1 or floor
        begin = max(begin, floor)
        run = _RUN_END.match(text, at)
        assert run is not None  # `{0,300}`: it matches, if only the empty string
        run_end = run.end()
        position = begin
        for index, part in enumerate(_PERCENT_RUN.split(text[begin:run_end])):
            if index % 2 == 0:  # plain text; `+` is a space in a query string
                pieces.append(part.replace("+", " "))
                starts.extend(range(position, position + len(part)))
                ends.extend(range(position + 1, position + len(part) + 1))
                position += len(part)
                continue
            decoded = bytes.fromhex(part.replace("%", "")).decode("utf-8", "replace")
            byte_starts = [
                i for i in range(0, len(part), 3) if not 0x80 <= int(part[i + 1 : i + 3], 16) < 0xC0
            ]
            if len(byte_starts) != len(decoded):  # invalid UTF-8: one character per escape
                decoded = "".join(chr(int(part[i + 1 : i + 3], 16)) for i in range(0, len(part), 3))
                byte_starts = list(range(0, len(part), 3))
            pieces.append(decoded)
            starts.extend(position + i for i in byte_starts)
            ends.extend(position + i for i in [*byte_starts[1:], len(part)])
            position += len(part)
        pieces.append("\n")
        starts.append(position)
        ends.append(position)
    if not pieces:
        return []
    found = one_pass("".join(pieces), compiled)
    return [(starts[start], ends[end - 1], kind, rank) for start, end, kind, rank in found]


_ANY_URL = re.compile(r"https?://[^\s\"'<>/]{1,200}(?P<path>/[^\s\"'<>]{0,400})?")
_BIRTH_DATE = re.compile(r"(?<![0-9A-Za-z])19\d\d-?[01]\d-?[0-3]\d(?![0-9A-Za-z])")
# A person's name as a path segment under a collection of people: `/patients/maria.gonzalez-ruiz/`,
# `/patient-photos/olga-petrova-1938.jpg`, `/u/ferenc.horvath`.
_NAME_SLUG = re.compile(
    r"/(?:[a-z-]{0,20}(?:patient|member|user|people|person|profile|resident)[a-z-]{0,20}|u)"
    r"/[a-z]{2,20}[.-][a-z]{2,20}(?:[.-][a-z0-9]{2,20}){0,2}(?=[/.?#]|$)"
)


def with_phi(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """The links of `text` that carry PHI (`.../join/jane-doe?dob=1931-06-09`), whole.

    Args:
        text: The text scanned.
        candidates: What was found in it so far, sorted.
    """
    found: list[Candidate] = []
    starts = [candidate[0] for candidate in candidates]
    for url in _ANY_URL.finditer(text):
        path_start, end = url.span("path")
        if path_start < 0:
            continue
        while end > path_start and text[end - 1] in ".,;:)]":
            end -= 1
        index = bisect_left(starts, path_start)
        inside = index < len(candidates) and candidates[index][1] <= end
        if (
            inside
            or _BIRTH_DATE.search(text, path_start, end)
            or _NAME_SLUG.search(text, path_start, end)
        ):
            found.append((url.start(), end, "URL", LABELLED))
    return found

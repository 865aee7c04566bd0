"""URLs: percent-encoded text is decoded and scanned. The values found in a link's path or query
are reported each as what it is (`?mrn=[MRN]&dob=[DATE]`); a link that is itself the
identifier (a person's page under their name, `/p/jane.doe`) is reported whole, as a URL."""

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
# A birth date in a path, not a query's value (`?dob=...` is found as a date).
_SLUG_DATE = re.compile(r"(?<![0-9A-Za-z=])19\d\d-?[01]\d-?[0-3]\d(?![0-9A-Za-z])")
# A person's name as a path segment under a collection of people: `/patients/maria.gonzalez-ruiz/`,
# `/patient-photos/olga-petrova-1938.jpg`, `/u/ferenc.horvath`.
_NAME_SLUG = re.compile(
    r"/(?:[a-z-]{0,20}(?:patient|member|user|people|person|profile|resident)[a-z-]{0,20}|u)"
    r"/[a-z]{2,20}[.-][a-z]{2,20}(?:[.-][a-z0-9]{2,20}){0,2}(?=[/.?#]|$)"
)


_NOT_A_PERSONS = frozenset(["", "URL", "ADDRESS", "ZIP", "IP"])


def with_phi(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """The links of `text` (scheme and host) that identify a person, whole: by a value found
    in their path or query (`.../patients/MRN-4471920/chart`, `?family=Tremblay`), or by a
    name or birth date in a slug of their path (`.../join/jane-doe-1931`).

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
        # A person's value in its path or query (`/patients/MRN-4471920/chart`,
        # `?family=Tremblay&birthdate=...`): the link is the identifier (Safe Harbor's item
        # 14), taken out whole with the scheme and host that say whose records it opens. (Not
        # an address: a geocoder's link is as often a clinic's, and a clinic's is let go.)
        named = any(
            kind not in _NOT_A_PERSONS and until <= end
            for _, until, kind, _ in candidates[index : bisect_left(starts, end)]
        )
        if (
            named
            or _PERSONAL_PAGE.match(text, path_start)
            or _SLUG_DATE.search(text, path_start, end)
            or _named_slug(text, path_start, end)
            or _first_name_slug(text, path_start, end)
        ):
            found.append((url.start(), end, "URL", LABELLED))
    return found


# A person's own page: a home directory (`/~marisolq/`) or a handle (`/@kwabena.owusu`) first
# in the path, on a host that is no organisation's API.
_PERSONAL_PAGE = re.compile(r"/[~@][A-Za-z][A-Za-z0-9._-]{1,40}(?=[/?#\s\"')]|$)")


def _named_slug(text: str, start: int, end: int) -> bool:
    """A slug under a collection of people with a known name among its words (not
    `/patients/by-mrn/`)."""
    from asyncproof._phi.names import known_name

    return any(
        any(known_name(word, english=True) for word in _SLUG_WORD.findall(slug.group()))
        for slug in _NAME_SLUG.finditer(text, start, end)
    )


_SLUG_WORD = re.compile(r"(?<=[/.-])[a-z]{2,20}(?=[/.-]|$)")


# A path segment or a query value that reads given name, `.`/`-`/`_`, another word:
# `/join/ferdinand-oyelowo`, `?user=ebony.carrington`.
_GIVEN_SLUG = re.compile(r"[/=](?P<given>[A-Za-z]{3,20})[._-][A-Za-z]{3,20}(?=[/?&#.]|$)")
# A login in first.last form: `?user=ebony.carrington`.
_USER_LOGIN = re.compile(
    r"[?&](?:user(?:name)?|login(?:_hint)?|u)=[A-Za-z]{2,20}[._][A-Za-z]{2,20}(?=[&#]|$)"
)


def _first_name_slug(text: str, start: int, end: int) -> bool:
    from asyncproof._phi.names import is_given_name

    part = text[start:end]
    return _USER_LOGIN.search(part) is not None or any(
        is_given_name(slug["given"]) for slug in _GIVEN_SLUG.finditer(part)
    )


# An identifier as the path segment after a collection that names its kind (REST paths):
# `/members/QHP771204418/eligibility`, `/by-ssn/390148827`, `/devices/INS-PMP-00A7F3-9912/`.
# (Not an opaque key with its prefix, `/accounts/acct-0042`: lower-case letters lead those.)
_PATH_ID = re.compile(
    r"/(?P<collection>members?|subscribers?|by-(?:member|ssn|passport|npi|dl|license)|ssns?"
    r"|passports?|devices?|accounts?|licen[cs]es?|coverages?|by-phone)"
    r"/(?P<v>(?=[A-Za-z-]{0,12}\d)(?![a-z]{1,6}[-_])[A-Za-z0-9][A-Za-z0-9-]{4,24})"
    r"(?=[/?#&\s\"',)]|$)"
)
_COLLECTION_KINDS = {
    "member": "HEALTH_PLAN",
    "subscriber": "HEALTH_PLAN",
    "ssn": "SSN",
    "passport": "ID",
    "npi": "LICENSE",
    "dl": "LICENSE",
    "license": "LICENSE",
    "licence": "LICENSE",
    "device": "DEVICE",
    "account": "ACCOUNT",
    "coverage": "HEALTH_PLAN",
    "phone": "PHONE",
}


# A person's record number or account number as the segment after a collection of people
# or of their bills: `/api/v1/clients/HH0042872/visits`, `/residents/RS4471920`,
# `/v2/guarantors/7730091182/plans`, `/statement/88120457/pdf`. Its shape tells it from a
# table's key: a record number has six digits or more, with its system's capitals or none
# (`/patients/48213/address` is a row's id); an account number is all digits (`/statements/
# INV-2026-118204.pdf` is an invoice, `/statements/2026-11.pdf` a month's).
_PERSON_PATH_ID = re.compile(
    r"/(?:(?P<record>patients?|clients?|residents?)/(?P<mrn>[A-Z]{0,4}-?\d{6,12})"
    r"|(?P<bill>guarantors?|statements?)/(?P<account>\d{8,14}))"
    r"(?=[/?#&\s\"',)]|$)"
)


def path_ids(text: str) -> list[Candidate]:
    """Identifiers in URL paths, by the collection before them; phone numbers in file names."""
    found: list[Candidate] = []
    for match in _PATH_ID.finditer(text):
        collection = match["collection"].removeprefix("by-").rstrip("s")
        kind = _COLLECTION_KINDS.get(collection)
        if kind is not None:
            found.append((match.start("v"), match.end("v"), kind, LABELLED))
    if "nts/" in text or "ors/" in text or "nt/" in text:
        for match in _PERSON_PATH_ID.finditer(text):
            group = "mrn" if match["mrn"] else "account"
            kind = "MRN" if group == "mrn" else "ACCOUNT"
            found.append((match.start(group), match.end(group), kind, LABELLED))
    if "fax" in text.lower():
        found += _fax_numbers_in_paths(text)
    return found


# A North American number as a fax server names its files after it: the sender's or the
# recipient's (`/var/spool/fax/inbound/+12125550163_20261130T0412.tif`, `to_13125550166_...`).
_PATH_NUMBER = re.compile(r"(?<=[/_])(?:to_|from_)?(?P<v>\+?1?[2-9]\d{2}[2-9]\d{6})(?=[_.-])")


def _fax_numbers_in_paths(text: str) -> list[Candidate]:
    """The phone numbers that name files in the paths of a fax server's spool."""
    return [
        (match.start("v"), match.end("v"), "FAX", LABELLED) for match in _PATH_NUMBER.finditer(text)
    ]

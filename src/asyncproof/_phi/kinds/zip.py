"""ZIP: a ZIP code after its label, or after a state (`Springfield, IL 62704`)."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import LOW, STATES, UP
from asyncproof._phi.declare import DigitLed, Kind, Labelled, Shape
from asyncproof._phi.fields import standing
from asyncproof._phi.postcodes import LABELLED as OTHER_POSTCODES
from asyncproof._phi.postcodes import postcodes
from asyncproof._phi.streets import streets_abroad

KIND = Kind(
    name="ZIP",
    position=30,
    labelled=(
        Labelled(
            family="zip",
            order=240,
            labels=(r"zip(?:[ _-]?code)?", r"postal[ _-]?code", "postcode"),
            # Four digits too: a ZIP that lost its leading zero in a spreadsheet (`zip '0213'`,
            # `ZIP: 2138`), and a malformed ZIP+4 (`'97211-00'`, `'10027-71234'`).
            # Or another country's code (`postcode='OX2 6GG'`, `address_zip: R95 X2E2`).
            value=rf"\d{{4,5}}(?:-\d{{2,5}})?(?![\d-])|{OTHER_POSTCODES}",
        ),
    ),
    digit_led=(
        # After a state after a quoted city (`Round Rock' TX 78681`); after a comma, the
        # shape below finds it.
        DigitLed(
            group="ZIP",
            order=60,
            pattern=rf"(?P<ZIP>(?<=[\"'][ \t](?:{STATES})[ \t]\d)\d{{4}}(?:-\d{{4}})?)(?![\d-])",
        ),
    ),
    shapes=(
        Shape(
            order=80,
            pattern=rf",[ \t]{{0,3}}(?:{STATES})[ \t]{{1,3}}(?P<ZIP>\d{{5}}(?:-\d{{4}})?)(?![\d-])",
        ),
    ),
)


# `Lancaster PA 17602`, `,Duluth,MN,55805`, `"Scranton","PA","18503-2210"`: a city, its state
# and a ZIP code, whatever separates them (the shape above wants `, ST 12345`).
# (A city in capitals too, as a record's field before its state's and ZIP code's,
# `|BROOKLYN|NY|11235-8120`, `"PAGO PAGO","AS","96799"`: its state and ZIP code tell it.)
_CITY_STATE_ZIP = re.compile(
    rf"(?<![A-Za-z0-9])(?P<city>[{UP}][{LOW}]{{2,20}}(?:[ \t][{UP}][{LOW}]{{1,20}}){{0,2}}"
    r"|[A-Z]{3,20}(?:[ ][A-Z]{2,20}){0,2})"
    rf"(?P<state>[\"']?(?:,[ \t]?|[ \t]{{1,3}}|\^|\|)[\"']?(?:{STATES}))"
    r"[\"']?(?:,[ \t]?|[ \t]{1,3}|\^|\|)[\"']?(?P<ZIP>\d{5}(?:-\d{4})?)(?![\d-])"
)


# What the city comes before: found first, as `re` skips ahead to the state's capital letter.
_STATE_ZIP = re.compile(
    rf"(?:{STATES})[\"']?(?:,[ \t]?|[ \t]{{1,3}}|\^|\|)[\"']?\d{{5}}(?:-\d{{4}})?(?![\d-])"
)


def city_state_zip(text: str) -> list[tuple[int, int, str, int]]:
    """The city with its state (as `ADDRESS`) and the ZIP code after them."""
    from asyncproof._phi.kinds.name import _not_name_words

    not_city = _not_name_words()
    found: list[tuple[int, int, str, int]] = []
    for hit in _STATE_ZIP.finditer(text):
        match = _CITY_STATE_ZIP.search(text, max(0, hit.start() - 70), hit.end())
        while match is not None and match.end() < hit.end():
            match = _CITY_STATE_ZIP.search(text, match.end(), hit.end())
        if match is None or match.end() != hit.end():
            continue
        if match["city"].split()[0].capitalize() in not_city:
            continue
        if match["city"].isupper() and not any(c in match["state"] for c in ",|^\t"):
            continue  # in capitals, a record's field only (`MRN ID 12345` is no city)
        found.append((match.start("city"), match.end("state"), "ADDRESS", 1))
        found.append((match.start("ZIP"), match.end("ZIP"), "ZIP", 1))
    return found


# In a line that holds PHI: five digits (or ZIP+4) standing as a field of their own, quoted,
# in brackets or between commas, tabs, pipes or `;` (`'30318'`, `,F,20910`, `| 55104`), and a
# city before its state with no ZIP (`Sarasota,FL`, `from Moline, IL`).
_FIELD = re.compile(r"(?<!\d)\d{5}(?:-\d{4})?(?![\d-])")
_CITY_STATE = re.compile(
    rf"(?P<city>[{UP}][{LOW}]{{2,20}}(?:[ \t][{UP}][{LOW}]{{1,20}}){{0,2}})"
    rf"[\"']?,[ \t]?[\"']?(?:{STATES})(?![A-Za-z0-9-])"
)
# Where a state follows a comma: found first, as `re` skips ahead to the comma.
# (Not a code that starts with a state's letters: `'GA-20477190'`.)
_COMMA_STATE = re.compile(rf",[ \t]?[\"']?(?:{STATES})(?![A-Za-z0-9-])")


def tied_zips_and_cities(text: str) -> list[tuple[int, int, str, int]]:
    """ZIP codes standing as fields (with the city in the field before them), units of a
    building standing as fields, cities before their state, and other countries' postal codes
    with their cities (`postcodes`) and streets (`streets_abroad`), in a line holding PHI."""
    from asyncproof._phi.kinds.name import _not_name_words

    found = []
    hl7 = _SEGMENT_START.match(text) is not None  # HL7 reads its ZIP codes by field
    for match in standing(text, _FIELD):
        start = match.start()
        if hl7 or _CODE_KEY.search(text, max(0, start - 24), start):
            continue
        if text[start - 1 : start] == "(" and text[match.end() : match.end() + 1] == ",":
            continue  # `(88213, Anneliese, ...)`: a row's id first
        if text[start - 1 : start] == "[" and _PROCESS_ID_BEFORE.search(text, 0, start):
            continue  # `postgres[48121]`, `UTC [48121]`: a process id
        if _DIAGNOSIS_AFTER.match(text, match.end()):
            continue  # `,27447,M17.11,`: a procedure's code before its diagnosis's
        found.append((start, match.end(), "ZIP", 1))
        city = _CITY_FIELD_BEFORE.search(text, max(0, start - 40), start)
        if city is not None and city["city"].split()[0] not in _not_name_words():
            found.append((city.start("city"), city.end("city"), "ADDRESS", 1))
    for unit in standing(text, _UNIT):
        found.append((unit.start(), unit.end(), "ADDRESS", 1))
    not_city = _not_name_words()
    for state in _COMMA_STATE.finditer(text):
        city = _CITY_STATE.search(text, max(0, state.start() - 70), state.end())
        while city is not None and city.end() < state.end():
            city = _CITY_STATE.search(text, city.end(), state.end())
        if city is None:
            continue
        match = city
        if match.end() != state.end() or text[match.start() - 1 : match.start()].isalnum():
            continue
        if match["city"].split()[0] not in not_city and not match.group().endswith("MD"):
            found.append((match.start(), match.end(), "ADDRESS", 1))  # (MD: a degree)
    return found + postcodes(text) + streets_abroad(text)


# A city as the field before a ZIP code's (`,Duluth,55805`, `"Provo","84604"`, `|Yakima|98902`).
_CITY_FIELD_BEFORE = re.compile(
    rf"(?:^|[,;|\t(])[ ]?[\"']?(?P<city>[{UP}][{LOW}]{{2,20}}(?:[ ][{UP}][{LOW}]{{1,20}}){{0,2}})"
    r"[\"']?"
    r"[ ]?[,;|\t][ ]?[\"']?\Z"
)
# A unit of a building as a field of its own (`line2='Apt 6'`): part of the address.
_UNIT = re.compile(r"(?:Apt|Apartment|Unit|Flat)\.?[ ]?#?[A-Z0-9][A-Z0-9-]{0,5}(?![\w-])")
# Five digits after these are procedure, payer or group codes, or an SQL state.
_CODE_KEY = re.compile(
    r"(?i)(?:cpt|hcpcs|code|payer|group|icd|plan|state|rev)\W{0,8}(?:\w{0,12}\W{1,4}){0,1}\Z"
)
# An ICD-10 code as the next field.
_DIAGNOSIS_AFTER = re.compile(
    r"[ ]?[,;|\t][ ]?[\"']?[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?[\"']?(?:[,;|\t]|$)"
)
# Before a process id in brackets: the program's name, or the log line's time (zone).
_PROCESS_ID_BEFORE = re.compile(r"(?:[A-Za-z0-9_.-]|\d(?: [A-Z]{1,5})? )\[\Z")
_SEGMENT_START = re.compile(r"[A-Z][A-Z0-9]{2}\|")

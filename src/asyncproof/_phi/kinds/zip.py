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
        # A military or diplomatic address's ZIP code, after its post office and the armed
        # forces' "state" (`APO AE 09012`, `FPO AP 96349-1100`, `DPO AA 34038`).
        Shape(
            order=82,
            leads=("APO", "FPO", "DPO"),
            pattern=r"(?<![A-Za-z0-9]APO)(?<![A-Za-z0-9]FPO)(?<![A-Za-z0-9]DPO)"
            r"[ \t]{1,2}A[AEP][ \t]{1,3}(?P<ZIP>\d{5}(?:-\d{4})?)(?![\d-])",
        ),
    ),
)


# `Lancaster PA 17602`, `,Duluth,MN,55805`, `"Scranton","PA","18503-2210"`: a city, its state
# and a ZIP code, whatever separates them (the shape above wants `, ST 12345`).
# (A city in capitals too, as a record's field before its state's and ZIP code's,
# `|BROOKLYN|NY|11235-8120`, `"PAGO PAGO","AS","96799"`: its state and ZIP code tell it.)
_CITY_STATE_ZIP = re.compile(
    rf"(?<![A-Za-z0-9])(?P<city>[{UP}][{LOW}]{{2,20}}(?:[ ][{UP}][{LOW}]{{1,20}}){{0,2}}"
    r"|[A-Z]{3,20}(?:[ ][A-Z]{2,20}){0,2})"
    rf"(?P<state>[\"']?(?:,[ \t]?|[ \t]{{1,3}}|\^|\|)[\"']?(?:{STATES}))"
    r"[\"']?(?:,[ \t]?|[ \t]{1,3}|\^|\|)[\"']?(?P<ZIP>\d{5}(?:-\d{4})?)(?![\d-])"
)


# What the city comes before: found first, as `re` skips ahead to the state's capital letter.
_STATE_ZIP = re.compile(
    rf"(?:{STATES})[\"']?(?:,[ \t]?|[ \t]{{1,3}}|\^|\|)[\"']?\d{{5}}(?:-\d{{4}})?(?![\d-])"
)


# A street line's end in capitals (a type or a direction after it, `LN`, `AVE NE`) or a unit's,
# box's or route's number (`APT 4B`, `BOX 9`), before a city in capitals, its state and ZIP code.
_STREET_END_WORDS = frozenset(
    [
        *("ST", "AVE", "RD", "LN", "DR", "BLVD", "CT", "WAY", "PL", "TER", "CIR", "PKWY"),
        *("HWY", "LOOP", "PIKE", "XING", "N", "S", "E", "W", "NE", "NW", "SE", "SW"),
    ]
)
# A city's first word that is no name's (`not_name_words`) but leads many cities' names.
_PLACE_LEADS = frozenset(["New"])
# The same written in full, in mixed case (`Maple Avenue Brattleboro VT 05301`).
_STREET_TYPES = frozenset(
    [
        *("Street", "Avenue", "Road", "Lane", "Drive", "Boulevard", "Court", "Place"),
        *("Terrace", "Circle", "Parkway", "Highway", "Crossing", "Trail", "Square"),
    ]
)
# (`$` also before the line break that ends the text up to the city, `\r\n` as `\n`: an
# address block's last line after its street line, `PO BOX 4471\r\nGREENVILLE SC 29608`)
_CAPS_CITY_LEAD = re.compile(r"(?:^|[\"',(]|[ \t]\d{1,6}[A-Z]?)[ \t]{0,2}\r?$")
_PO_BOX_BEFORE = re.compile(r"P\.?O\.?[ \t]BOX[ \t]\d{1,6}[ \t]{1,2}$")
# What ends the address's last line: its field's end (`... IL 62704",`, `'CHICAGO IL 60608'`).
_FIELD_END = re.compile(r"[ \t]*(?:[\"',|)\]]|$)")


def _caps_city_after_street(text: str, match: re.Match[str]) -> int | None:
    """Where a city in capitals starts when it ends an address (after a street line or at
    a field's start, with the field ending at its ZIP code); None when it need not."""
    from asyncproof._phi.names import english_words

    if not _FIELD_END.match(text, match.end()):
        return None
    words = match["city"].split(" ")
    start = match.start("city")
    before = text[max(0, start - 8) : start].split()
    if before and before[-1][-1:] == "," and before[-1][:-1] in _STREET_END_WORDS:
        # `OAKWOOD CIR, MAPLE GROVE MN`, `ELM AVE, ST PAUL MN`: the comma ends the street's
        # line, and all after it is the city's (its words English ones or not).
        return start
    for index in range(len(words) - 1, -1, -1):
        if words[index] in _STREET_END_WORDS:
            # `AVE NE ATLANTA`: the city is what follows the street's type.
            if index == len(words) - 1:
                return None
            return start + len(" ".join(words[: index + 1])) + 1
    if before and before[-1] in _STREET_END_WORDS:
        return start  # `RD SW ROANOKE`
    if _PO_BOX_BEFORE.search(text, max(0, start - 24), start):
        return None  # a remittance address's box (`MAIL TO PO BOX 95011 CHICAGO IL 60695`)
    if (
        len(match["city"]) > 3
        and _CAPS_CITY_LEAD.search(text, max(0, start - 12), start)
        and not all(word.lower() in english_words() for word in words)
    ):
        # (Not a code of three letters, `"MRN ID 12345"`, nor words, `,TOTAL IN 12345,`.)
        return start
    return None


def _after_street_type(city: str, start: int) -> int:
    """Where a city in mixed case starts when the street's line runs into it (`12 Maple Ave
    Brattleboro VT 05301`): after the last word before its own last that is a street's type
    (a city's own last word may be one: `Kennett Square`, `College Place`)."""
    words = city.split(" ")
    # (not its first word: a street's type ends a street's name, `St Paul` is a city's)
    for index in range(len(words) - 2, 0, -1):
        if words[index].upper() in _STREET_END_WORDS or words[index] in _STREET_TYPES:
            return start + len(" ".join(words[: index + 1])) + 1
    return start


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
        start: int | None = match.start("city")
        if match["city"].isupper() and not any(c in match["state"] for c in ",|^\t"):
            # In capitals, a record's field only (`MRN ID 12345` is no city), or the last line
            # of an address block after its street (`... AVE NE ATLANTA GA 30307`).
            start = _caps_city_after_street(text, match)
        elif not match["city"].isupper():
            start = _after_street_type(match["city"], match.start("city"))
        if start is None:
            continue
        words = text[start : match.end("city")].split()
        if words[0].capitalize() in not_city and not (len(words) > 1 and words[0] in _PLACE_LEADS):
            continue  # (`Service Kafka OK 12345` is no city; `New York` is one)
        found.append((start, match.end("state"), "ADDRESS", 1))
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
# Before a process id in brackets: the program's name, or the log line's time (zone), also
# in brackets of its own (gunicorn's `[2026-12-01 18:44:31 -0500] [40117] [ERROR]`).
_PROCESS_ID_BEFORE = re.compile(r"(?:[A-Za-z0-9_.-]|\d(?: [A-Z]{1,5})? |\d\] )\[\Z")
_SEGMENT_START = re.compile(r"[A-Z][A-Z0-9]{2}\|")

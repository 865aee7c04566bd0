"""HL7 v2 segments (`PID|1||...`), read field by field."""

from __future__ import annotations

import re
from collections.abc import Callable

from asyncproof._phi.engine import LABELLED, Candidate
from asyncproof._phi.formats.caret import name_end
from asyncproof._phi.kinds.phone import is_personal_phone
from asyncproof._phi.regex import shape_scanner

# Segment -> field number -> how to read it. Names are XPN (`family^given^middle`) or XCN
# (`id^family^given^middle`), addresses XAD (`street^other^city^state^zip`).
_FIELDS: dict[str, dict[int, tuple[str, str]]] = {
    "PID": {
        2: ("id", "MRN"),  # the external id (HL7 2.3)
        3: ("id", "MRN"),
        4: ("id", "MRN"),  # the alternate id
        5: ("name", "XPN"),
        6: ("name", "XPN"),
        7: ("date", "DATE"),
        11: ("address", "XAD"),
        13: ("phone", "PHONE"),
        14: ("phone", "PHONE"),
        18: ("id", "ACCOUNT"),
        19: ("id", "SSN"),
        20: ("id", "LICENSE"),
        29: ("date", "DATE"),
    },
    "PV1": {
        7: ("name", "XCN"),
        8: ("name", "XCN"),
        9: ("name", "XCN"),
        17: ("name", "XCN"),
        19: ("id", "ACCOUNT"),  # the visit number
        44: ("date", "DATE"),
        45: ("date", "DATE"),
    },
    "NK1": {
        2: ("name", "XPN"),
        4: ("address", "XAD"),
        5: ("phone", "PHONE"),
        6: ("phone", "PHONE"),  # the business number
    },
    "IN1": {
        4: ("not_phi", ""),  # the insurance company's name and address
        5: ("not_phi", ""),
        16: ("name", "XPN"),
        18: ("date", "DATE"),
        19: ("address", "XAD"),
        36: ("id", "HEALTH_PLAN"),
        49: ("id", "HEALTH_PLAN"),
    },
    "GT1": {
        2: ("id", "ACCOUNT"),  # the guarantor's number
        3: ("name", "XPN"),
        5: ("address", "XAD"),
        6: ("phone", "PHONE"),
        8: ("date", "DATE"),
        12: ("id", "SSN"),
    },
}
_SEGMENT = shape_scanner(tuple(f"{name}\\|" for name in _FIELDS), r"[^\r\n]{0,4000}")
_DATE = re.compile(r"(?:19|20)\d{6}(?:\d{2,6}(?:\.\d{1,4})?)?(?:[+-]\d{4})?")
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
_OPAQUE = re.compile(r"[a-z]{1,6}[-_]\d")
_AREA = re.compile(r"[2-9]\d\d")
_LOCAL = re.compile(r"[2-9]\d{2}-?\d{4}")
_LAST_FIELD = max(max(fields) for fields in _FIELDS.values())


def segments(text: str) -> list[Candidate]:
    """The PHI in the HL7 segments of `text`, by field."""
    candidates: list[Candidate] = []
    append = candidates.append
    for segment in _SEGMENT(text):
        begin = segment.start()
        if begin and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
            continue
        wanted = _FIELDS[segment.group()[:3]]
        position = begin
        for number, field in enumerate(segment.group().split("|")[: _LAST_FIELD + 1]):
            how = wanted.get(number)
            if how is not None and field:
                _field(field.split("~")[0], position, how, append)
            position += len(field) + 1
    return candidates


def _field(field: str, at: int, how: tuple[str, str], append: Callable[[Candidate], None]) -> None:
    reading, kind = how
    components = field.split("^")
    starts = []
    offset = at
    for component in components:
        starts.append(offset)
        offset += len(component) + 1
    first = components[0].split("&")[0]
    if reading == "id":
        # (Not an opaque key with its prefix in lower case, `pt-0001`: the guide's own ids.)
        if len(first) >= 3 and any(char.isdigit() for char in first) and not _OPAQUE.match(first):
            append((at, at + len(first), kind, LABELLED))
    elif reading == "date":
        if _DATE.fullmatch(first):
            append((at, at + len(first), kind, LABELLED))
    elif reading == "phone":
        # An XTN's equipment type says a fax (`^WPN^FX`).
        kind = "FAX" if len(components) > 2 and components[2] == "FX" else kind
        if is_personal_phone(first):
            append((at, at + len(first), kind, LABELLED))
        elif (
            len(components) > 6
            and _AREA.fullmatch(components[5])
            and _LOCAL.fullmatch(components[6])
        ):
            # An XTN with the number in its parts: `^PRN^PH^^1^407^5550145` (area, local).
            append((starts[5], starts[6] + len(components[6]), kind, LABELLED))
    elif reading == "name":
        skip = 1 if kind == "XCN" else 0  # an XCN starts with the person's id
        # family^given^middle, up to the last of them that is not empty
        named = [
            index for index in range(skip, min(skip + 3, len(components))) if components[index]
        ]
        family = components[skip] if len(components) > skip else ""
        if len(named) == 1 and len(family) <= 3 and family.isupper():
            return  # a code (`SEL`, the insured's relationship, one field early), not a name
        if all(_plain_word(components[index]) in _not_name_words() for index in named):
            return  # `TEST^PATIENT`: a test record's, no one's name
        if named and named[0] == skip and any(char.isalpha() for char in family):
            last = name_end(components, named[-1]) if named[-1] > skip else named[-1]
            append((starts[skip], starts[last] + len(components[last]), "NAME", LABELLED))
    elif reading == "not_phi":  # an organisation's field: nothing in it is a person's
        append((at, at + len(field), "", LABELLED))
    elif reading == "address":
        street = components[0]
        if any(char.isdigit() for char in street) and any(char.isalpha() for char in street):
            last = max(index for index in range(min(3, len(components))) if components[index])
            append((at, starts[last] + len(components[last]), "ADDRESS", LABELLED))
        if len(components) > 4 and _ZIP.fullmatch(components[4]):
            append((starts[4], starts[4] + len(components[4]), "ZIP", LABELLED))


def _plain_word(component: str) -> str:
    """`PATIENT` -> `Patient`, as the list of words that are no name writes them."""
    return component.capitalize()


def _not_name_words() -> frozenset[str]:
    from asyncproof._phi.kinds.name import _not_name_words as words

    return words()

"""LICENSE: a driver's licence, professional licence or certificate number after a label."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import CODE, NUM, SPACED_CODE, each
from asyncproof._phi.declare import Kind, Labelled, Shape


def luhn(digits: str) -> bool:
    """Whether the last of `digits` (decimal digits only) is their Luhn check digit."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def is_npi(value: str) -> bool:
    """A National Provider Identifier: ten digits, Luhn check digit over `80840` + them."""
    return luhn("80840" + value)


def is_dea(value: str) -> bool:
    """A DEA registration number: two letters, seven digits, the last a check digit."""
    d = [int(char) for char in value[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


# A DEA number needs no label: two letters (the first a registrant type), seven digits, and
# a check digit that one random code in ten passes.
# (The look-behind comes after the first letter, so that `re` skips ahead to those letters.)
_DEA = re.compile(r"[ABCDEFGHJKLMPRSTUX](?<![A-Za-z0-9].)[A-Z9]\d{7}(?![A-Za-z0-9])")


def dea_numbers(text: str) -> list[tuple[int, int, str, int]]:
    """Every DEA number in `text` whose check digit is right."""
    return [(m.start(), m.end(), "LICENSE", 1) for m in _DEA.finditer(text) if is_dea(m.group())]


# A National Provider Identifier with no label: ten digits led by 1 or 2, in a context that
# says it is one, or with its check digit right in a line that holds PHI.
# (The look-behind comes after the first digit, so that `re` skips ahead to those digits.)
_NPI = re.compile(r"[12](?<![\w.][12])\d{9}(?![\w.])")
# What says a number is a provider's NPI: its label or an identifier system a little before
# (`"system": "http://hl7.org/fhir/sid/us-npi", "value": "..."`), the X12 qualifier `XX*`, or the
# name after it in an HL7 XCN (`1952834170^BRANDT^HELGA`).
_NPI_BEFORE = re.compile(r"(?i:npi\b[^\n]{0,40}|XX\*)\Z")
_NPI_AFTER = re.compile(r"\^[A-Za-z]")
# An X12 NM1 of an organisation (its entity type `2`: `NM1*85*2*GENERAL HOSPITAL*****XX*`):
# its NPI is no person's.
# (Within its segment: no terminator, `~`, `'` or a line's end, between.)
_ORGANISATION_NM1 = re.compile(r"NM1\*\w{1,3}\*2\*[^~'\r\n]{0,100}XX\*\Z")


def npi_numbers(text: str, *, tied: bool) -> list[tuple[int, int, str, int]]:
    """NPIs in `text` where their context says they are NPIs (or, `tied`, in a line holding
    PHI, standing as a field of their own with the check digit right)."""
    from asyncproof._phi.fields import standing

    found = []
    matches = standing(text, _NPI) if tied else _NPI.finditer(text)
    for match in matches:
        start, end = match.span()
        # Where the context says so, the shape is enough (as after a label: test data seldom
        # has the check digit right); a number standing in a line of PHI needs the check digit.
        if _ORGANISATION_NM1.search(text, max(0, start - 120), start):
            continue
        if (
            _NPI_AFTER.match(text, end)
            or _NPI_BEFORE.search(text, max(0, start - 48), start)
            or (tied and is_npi(match.group()))
        ):
            found.append((start, end, "LICENSE", 1))
    return found


# Nine digits in threes, as New York prints a driver's licence, maybe after its state (`DL NY
# 123 456 789`).
_NINE_IN_THREES = r"(?:[A-Z]{2}[ ])?\d{3}[ ]\d{3}[ ]\d{3}(?![ ]?\d)"

KIND = Kind(
    name="LICENSE",
    position=130,
    labelled=(
        Labelled(
            family="license",
            order=140,
            labels=(
                r"driver'?s?[ _-]?licen[cs]e" + NUM,
                r"dl[ _-]?(?:number|num|no\.?|#)",
                r"id[ _-]?card" + NUM,
                *each("nursing medical professional state", r"[ _-]?licen[cs]e" + NUM),
                r"licen[cs]e[ _-]?(?:number|num|no\.?|#)",
                r"cert[ _-]?(?:number|no\.?|#)",
                r"licen[cs]e",
                r"lic(?:\.|[ _-]?(?:number|no\.?|#))?",
                r"driver'?s?[ _-]?lic\.?",
            ),
            # The issuing state before it goes with it (`Driver lic: OR 7340112`); a number
            # in groups as a card prints it (`SA 1023 0045 81`, New York's `412 998 307`).
            value=rf"(?:{SPACED_CODE}|{_NINE_IN_THREES}"
            rf"|(?:[A-Z]{{2}}[ ](?=[A-Z0-9-]{{0,4}}\d))?{CODE})",
        ),
        # `NPI 1245879303`, `dea='AO2156746'`: after their label, the shape is enough (test
        # data seldom has the check digit right; the check is for numbers with no label).
        *(
            Labelled(
                family=f"license_{label}",
                order=order,
                labels=(label + NUM,),
                value=value,
            )
            for label, order, value in (
                ("npi", 145, r"[12]\d{9}(?!\d)"),
                ("dea", 146, r"[A-Z]{2}\d{7}(?![A-Za-z0-9])"),
            )
        ),
        # `DL D123-4567-8901`; `mg/dL|70-99` is a unit: a bare `dl` takes a letter-led number.
        Labelled(
            family="license_dl",
            order=150,
            labels=("dl",),
            value=r"(?=[A-Z0-9-]{0,24}\d)[A-Z][A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){3,24}"
            # (in threes only after its state: `mg/dL 112 145 180` are readings)
            rf"(?![A-Za-z0-9-])|(?=[A-Z]{{2}}[ ]){_NINE_IN_THREES}",
        ),
    ),
    shapes=(
        # A driver's licence as several states print it, a letter and twelve or more digits in
        # groups (`W252-6128-5517`, `D123-4567-8901-23`, `S530-460-51-423-0`): no other
        # number is written so.
        # (Found from its first hyphen, which `re` skips ahead to; the letter is looked behind
        # at, and the value starts at it.)
        Shape(
            order=150,
            pattern=r"-(?<=(?<![A-Za-z0-9])[A-Z]\d{3}-)(?:\d{4}-\d{4}(?:-\d{2})?"
            r"|\d{3}-\d{2}-\d{3}-\d)(?![A-Za-z0-9-])",
            start_at=lambda text, start: start - 4,
        ),
    ),
)

"""NCPDP Telecommunication (D.0) claim fields as pharmacy systems log them, `XX=value` after a
segment id (`AM01 ... CA=ROSALIND CB=FEATHERSTONEHAUGH C4=19490312 CP=05301`), read by their
field ids: the patient's (AM01), the cardholder's (AM04), the prescriber's (AM03) and the date of
service (AM07)."""

from __future__ import annotations

import re

from asyncproof._phi.engine import LABELLED, Candidate, line_end

# Field id -> kind. Not the pharmacy's nor the plan's own ids (BIN, PCN, group), nor codes.
_KINDS = {
    "C4": "DATE",  # patient's date of birth
    "DE": "DATE",  # date of service
    "CA": "NAME",  # patient first name
    "CB": "NAME",  # patient last name
    "CC": "NAME",  # cardholder first name
    "CD": "NAME",  # cardholder last name
    "DR": "NAME",  # prescriber last name
    "2J": "NAME",  # prescriber first name
    "CM": "ADDRESS",  # patient street address
    "CN": "ADDRESS",  # patient city
    "CP": "ZIP",  # patient ZIP
    "CQ": "PHONE",  # patient phone
    "HN": "EMAIL",  # patient e-mail
    "CY": "ID",  # patient id (its qualifier in CX)
    "C2": "HEALTH_PLAN",  # cardholder id
    "DB": "LICENSE",  # prescriber id (NPI, DEA, state licence by EZ)
}
# A segment id starts the fields: what a text must hold for them to be read.
SEGMENT = re.compile(r"(?<![A-Za-z0-9])AM0[1-9](?![A-Za-z0-9])")
# A field: its id, `=`, its value up to the next field, a separator or the line's end.
_FIELD = re.compile(
    r"(?<![A-Za-z0-9])(?P<id>[A-Z0-9]{2})=(?P<v>[^\s=|\x1c\x1e](?:[^\r\n=|\x1c\x1e]{0,80}?))"
    r"(?=[ \t]+[A-Z0-9]{2}=|[ \t]*(?:$|[\r\n|\x1c\x1e]))"
)


def fields(text: str) -> list[Candidate]:
    """The PHI in the NCPDP fields of the lines of `text` that hold a segment id."""
    found: list[Candidate] = []
    for segment in SEGMENT.finditer(text):
        end = line_end(text, segment.end())
        for field in _FIELD.finditer(text, segment.end(), end):
            kind = _KINDS.get(field["id"])
            if kind is not None:
                found.append((field.start("v"), field.end("v"), kind, LABELLED))
    return found

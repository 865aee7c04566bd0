"""An organisation's own contact details (a hospital's address, a payer's phone line) are not
PHI: on a line that names a facility and holds nothing that points at a person, the addresses,
ZIP codes and phone numbers found are the facility's."""

from __future__ import annotations

import re

from asyncproof._phi.engine import Candidate

# What names an organisation: a facility, a department, a company.
# (A word of its own, capitalised, not a logger's `clinic.intake`.)
_ORGANISATION = re.compile(
    r"(?<![\w.])(?:(?i:facility|organi[sz]ation)|(?:Hospital|Clinic|Urgent Care|Cent(?:er|re)"
    r"|Health (?:Plan|System)|Pharmacy|Laborator(?:y|ies)|Department|Dept|Inc|LLC|Medicaid"
    r"|Medicare)|(?:HOSPITAL|CLINIC|HEALTH PLAN|PHARMACY|DEPT|MEDICAID|MEDICARE))(?![\w.])"
)
# Kinds that are contact details, which an organisation has too.
_CONTACT = frozenset(("ADDRESS", "ZIP", "PHONE", "FAX"))
# Words that put a person on the line after all.
_PERSON = re.compile(r"(?i:patient|member|subscriber|guarantor|resident|home|mobile|cell)")


def without_organisation_contacts(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` without the contact details of an organisation (see the module)."""
    kept: list[Candidate] = []
    line_start, line_end, of_organisation = -1, -1, False
    for candidate in chosen:
        start, _, kind, _ = candidate
        if start >= line_end:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            of_organisation = _of_organisation(text, line_start, line_end, chosen)
        if of_organisation and kind in _CONTACT:
            continue
        kept.append(candidate)
    return kept


def _of_organisation(text: str, start: int, end: int, chosen: list[Candidate]) -> bool:
    if _PERSON.search(text, start, end):
        return False
    contacts = [(begin, until) for begin, until, kind, _ in chosen if kind in _CONTACT]
    if not any(
        not any(begin <= word.start() < until for begin, until in contacts)
        for word in _ORGANISATION.finditer(text, start, end)
    ):
        return False  # no organisation named outside its own address (`1200 Clinic Way`)
    return all(
        kind in _CONTACT or not kind for begin, _, kind, _ in chosen if start <= begin < end
    )

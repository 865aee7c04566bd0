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


# A street named after the institution on it: `1200 Medical Center Dr`, `1 Hospital Plaza`,
# `1200 Clinic Way`. The address is the institution's, and so are its city and ZIP code.
_INSTITUTION_STREET = re.compile(
    r"(?i:medical[ +]cent(?:er|re)|health[ +]cent(?:er|re)|hospital|clinic)(?![a-z])"
)
# How far after such a street its city and ZIP code may be (a JSON object's keys between).
_SAME_ADDRESS = 80


def _without_institution_streets(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` without the addresses on a street named after an institution, nor the city
    and ZIP code that follow them."""
    kept: list[Candidate] = []
    until = -1
    for candidate in chosen:
        start, end, kind, _ = candidate
        if kind == "ADDRESS" and _INSTITUTION_STREET.search(text, start, end):
            until = end + _SAME_ADDRESS
            continue
        if start < until and kind in ("ADDRESS", "ZIP") and "\n" not in text[start - 1 : until]:
            until = end + _SAME_ADDRESS
            continue
        until = -1
        kept.append(candidate)
    return kept


# A phone or a fax right after the words naming an organisation's line is the organisation's,
# whatever else its line holds: `main line (312) 555-0100`, `CLINIC_MAIN_PHONE=`, `pharmacy
# phone`, `hospital switchboard`, `billing office`. (Not `practice`: a solo practice's fax is a
# doctor's; not after `.org`, an address's domain; not where a person's word is just before:
# `patient contact: main ...`.) On the tuned sets: 62 false phones and faxes, no marked one.
_LINE_OF_ORGANISATION = re.compile(
    # (not someone's: `her office`, `work phone`)
    r"(?i:(?<![.@\w])(?<!\bmy )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\byour )(?<!\bwork )"
    r"(?:main|clinic|office|support|billing|scheduling|help[ _-]?desk"
    r"|front[ _-]?desk|pharmacy|noc|hotline|switchboard|organi[sz]ation|facility|store"
    r"|department|dept|nurse[ _-]?line|call[ _-]?cent(?:er|re))"
    r"(?:[ _-]?(?:main[ _-]?)?(?:line|phone|number|tel|telephone|contact|fax))?)"
    r"[ :=#'\"(-]{1,6}\Z"
)
# How far before a phone its line's words are looked for.
_LINE_WORDS_BEFORE = 40


def _organisation_lines(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` with the phones and faxes after the words naming an organisation's line held as
    no PHI (of no kind: the learned look does not read them again)."""
    return [
        (start, end, "", priority)
        if kind in _LINES
        and _LINE_OF_ORGANISATION.search(text, max(0, start - _LINE_WORDS_BEFORE), start)
        and not _PERSON.search(text, max(0, start - _LINE_WORDS_BEFORE), start)
        else (start, end, kind, priority)
        for start, end, kind, priority in chosen
    ]


_LINES = frozenset(("PHONE", "FAX"))


def without_organisation_contacts(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` (sorted by position) without the contact details of an organisation (see the
    module). One pass: the candidates are taken line by line."""
    if any(kind in _LINES for _, _, kind, _ in chosen):
        chosen = _organisation_lines(text, chosen)
    kept: list[Candidate] = []
    index = 0
    while index < len(chosen):
        start = chosen[index][0]
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        last = index
        while last < len(chosen) and chosen[last][0] < line_end:
            last += 1
        line = chosen[index:last]
        if _of_organisation(text, line_start, line_end, line):
            kept += [candidate for candidate in line if candidate[2] not in _CONTACT]
        else:
            kept += line
        index = last
    if any(kind == "ADDRESS" for _, _, kind, _ in kept):
        kept = _without_institution_streets(text, kept)
    return kept


def _of_organisation(text: str, start: int, end: int, line: list[Candidate]) -> bool:
    """Whether the line `text[start:end]`, holding the candidates `line`, is an organisation's."""
    if any(kind not in _CONTACT and kind for _, _, kind, _ in line):
        return False  # something on the line points at a person
    if _PERSON.search(text, start, end):
        return False
    contacts = [(begin, until) for begin, until, kind, _ in line if kind in _CONTACT]
    # An organisation named outside its own address (not `1200 Clinic Way` alone).
    return any(
        not any(begin <= word.start() < until for begin, until in contacts)
        for word in _ORGANISATION.finditer(text, start, end)
    )

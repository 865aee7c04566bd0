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
# (a patient's, a relative's or a carer's word too: `Clinic main line ..., daughter ...`)
_PERSON = re.compile(
    r"(?i:patient|member|subscriber|guarantor|resident|home|mobile|cell"
    r"|\b(?:caregiver|carer|daughter|son|spouse|wife|husband|mother|father|parent|guardian"
    r"|kin)\b)"
)


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


# A phone or a fax right after the words naming an organisation's line is the organisation's:
# `clinic main line (312) 555-0100`, `CLINIC_MAIN_PHONE=`, `pharmacy phone`, `hospital
# switchboard`, `billing office`. Only on a line where nothing points at a person (no name, no
# date, no record number found; no word of a patient, a relative or a carer near it), and only
# after a word that names an organisation's desk: `main`, `office`, `store`, `dept` alone are
# as often a person's (`Main: 614-...` on a contact card, `son's office`, `pt works at Kroger,
# store ...`). On the tuned sets: 20 false phones and faxes, no marked one; then (round 22)
# more after a desk's line said so or `main `, none marked.
# (not someone's: `her clinic line`, `my office line`, `their main (614) ...`)
_NOBODYS = r"(?<!\bmy )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\byour )(?<!'s )(?<!\bour )"
_LINE_OF_ORGANISATION = re.compile(
    r"(?i:(?<![.@\w])"
    + _NOBODYS
    + r"(?:(?:clinic|billing|scheduling|help[ _-]?desk|front[ _-]?desk|pharmacy|noc|hotline"
    r"|switchboard|organi[sz]ation|facility|call[ _-]?cent(?:er|re))"
    r"(?:[ _-]?(?:main[ _-]?)?(?:line|phone|number|tel|telephone|contact|fax|office))?"
    # (a desk's line said so, and a line's main number written before its fax: `main line`,
    # `contact line`, `Questions? Call`, `main (651) 555-0100, fax ...`; not `Main:` on a
    # person's contact card, nor `call us at` and `our number is`, said by families as often)
    r"|(?<!contact[ ])main[ _-]line|(?<!emergency[ ])contact[ _-]line|office[ _-]line"
    r"|after[ -]hours[ _-]line|service[ _-]desk|questions\?[ ]call))"
    r"[ :=#'\"(-]{1,6}\Z"
    r"|(?<![\w.])(?i:" + _NOBODYS + r")[Mm]ain[ ]\(?\Z"
)
# How far around a phone its line's words are looked for.
_AROUND = 40


def _organisation_lines(text: str, line: list[Candidate]) -> list[Candidate]:
    """The candidates of one line, with the phones and faxes after the words naming an
    organisation's line held as no PHI (of no kind: the learned look does not read them
    again), where nothing else found on the line points at a person."""
    if _points_at_someone(line):
        return line
    result: list[Candidate] = []
    held = -1  # where the last line held as the organisation's ends
    for start, end, kind, priority in line:
        if (
            kind in _LINES
            and (
                _LINE_OF_ORGANISATION.search(text, max(0, start - _AROUND), start)
                or (held >= 0 and _NEXT_LINE.fullmatch(text, held, start))
            )
            and not _PERSON.search(text, max(0, start - _AROUND), end + _AROUND)
        ):
            result.append((start, end, "", priority))
            held = end
        else:
            result.append((start, end, kind, priority))
    return result


# Between an organisation's line and its next (`main (254) 555-0100, fax (254) 555-0102`).
_NEXT_LINE = re.compile(r"[ ]?[,;·|/][ ]?(?i:fax|f|ph|phone|tel)?[ .:#]{0,3}\(?")


def _points_at_someone(line: list[Candidate]) -> bool:
    """Whether something found on a line is of a kind that is no contact detail."""
    return any(kind and kind not in _CONTACT for _, _, kind, _ in line)


_LINES = frozenset(("PHONE", "FAX"))


def without_organisation_contacts(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` (sorted by position) without the contact details of an organisation (see the
    module). One pass: the candidates are taken line by line."""
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
        if any(kind in _LINES for _, _, kind, _ in line):
            line = _organisation_lines(text, line)
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
    if _points_at_someone(line):
        return False
    if _PERSON.search(text, start, end):
        return False
    contacts = [(begin, until) for begin, until, kind, _ in line if kind in _CONTACT]
    # An organisation named outside its own address (not `1200 Clinic Way` alone).
    return any(
        not any(begin <= word.start() < until for begin, until in contacts)
        for word in _ORGANISATION.finditer(text, start, end)
    )

"""Values whose kind the text around them names, though no label stands next to them.

* A rejected value in a validation error (pydantic's `[type=..., input_value='...']`,
  FastAPI's `"loc": [..., "npi"], ..., "input": "..."`): the value a user gave, its kind read
  from the message (`not a valid email address`, `NPI checksum failed`) or the field named.
* A FHIR identifier's value: its kind read from its `system` or its type's `code`
  (`{"system": "http://hl7.org/fhir/sid/us-npi", "value": "..."}`, `"code": "MR"`).
"""

from __future__ import annotations

import bisect
import re

from asyncproof._phi.engine import (
    LABELLED,
    Candidate,
    Compiled,
    labelled_value,
    line_end,
    value_actions,
)
from asyncproof._phi.kinds.date import MONTH_FIRST_BIRTH_DAY

# pydantic v2: `[type=value_error, input_value='k.lindqvist@', input_type=str]`.
_INPUT_VALUE = re.compile(
    r"input_value=(?:(?P<q>['\"])(?P<v>[^'\"\n]{1,80})(?P=q)|(?P<n>\d{1,3})"
    r"|(?P<d>datetime\.date(?:time)?\([^)\n]{1,60}\)))(?=, input_type=)"
)
# What the message says the value should have been: the first that matches wins.
_MESSAGE_KINDS = (
    (re.compile(r"(?i)e-?mail"), "EMAIL"),
    (re.compile(r"(?i)\bssn\b|social security|\\d\{3\}-\\d\{2\}-\\d\{4\}"), "SSN"),
    (re.compile(r"(?i)\bnpi\b|\bdea\b|licen[cs]e"), "LICENSE"),
    (re.compile(r"(?i)\bzip\b|postal|\^\\d\{5\}"), "ZIP"),
    (re.compile(r"(?i)\bvin\b"), "VEHICLE"),
    (re.compile(r"(?i)\bmrn\b|medical record"), "MRN"),
    (re.compile(r"(?i)phone|e\.164"), "PHONE"),
    (_DATE_MESSAGE := re.compile(r"(?i)\bdate|birth|\bdob\b"), "DATE"),
    # (A bound of 89 or 90 is Safe Harbor's on ages: `Input should be less than or equal to 89`.)
    (re.compile(r"(?i)\bage\b|de-identified|(?:than|to) (?:89|90)\b"), "AGE"),
)


def rejected_values(text: str, compiled: Compiled) -> list[Candidate]:
    """The values a validation error rejected, where its message names their kind."""
    candidates: list[Candidate] = []
    for match in _INPUT_VALUE.finditer(text):
        group = next(name for name in ("v", "n", "d") if match.start(name) >= 0)
        value = match.group(group)
        if group == "v" and not _spelled_number(value) and not _IDENTIFIER_LIKE.fullmatch(value):
            continue  # `'vacation'`, `'n/a'`, `'123'`, `'XXX-XX-1184'`: no identifier
        line_start = text.rfind("\n", 0, match.start()) + 1
        message = text[line_start : match.start()]
        if group == "d":
            # A date rejected by a date's rule (`Date should be in the past`, `date_future`).
            if _DATE_MESSAGE.search(message):
                candidates.append((match.start(group), match.end(group), "DATE", LABELLED))
            continue
        for pattern, kind in _MESSAGE_KINDS:
            if pattern.search(message):
                if (
                    kind == "AGE"
                    and not (group == "n" and 90 <= int(value) <= 149)
                    and not (_spelled_number(value))
                ):
                    break
                candidates.append((match.start(group), match.end(group), kind, LABELLED))
                break
    for match in _FASTAPI_INPUT.finditer(text):
        actions = value_actions(match.group("field"), compiled)
        if actions:
            labelled_value(text, *match.span("v"), actions, candidates.append)
    return candidates


# Five letters or digits or more, a digit or an `@` among them, nothing masked, no brackets.
_IDENTIFIER_LIKE = re.compile(
    r"(?=(?:[^A-Za-z0-9]*[A-Za-z0-9]){5})(?=.*[\d@])(?!.*XXX)[\w@ ,./+-]+"
)


def _spelled_number(value: str) -> bool:
    return value.lower().startswith(("ninety", "one hundred", "hundred"))


# FastAPI: `{"loc":["body","npi"],"msg":"...","input":"193205817"}`: the field is the last of
# `loc`, the value the `input`.
_FASTAPI_INPUT = re.compile(
    r"\"loc\":[ ]?\[[^\]\n]{0,80}\"(?P<field>[A-Za-z_][A-Za-z0-9_]{1,40})\"\]"
    r"[^\]\[{}\n]{0,200}?\"input\":[ ]?\"(?P<v>[^\"\n]{1,80})\""
)


# A FHIR identifier: `{"system": "...", "value": "..."}`, or a type's coding before the value.
_VALUE = re.compile(r"\"value\"[ \t]?:[ \t]?\"(?P<v>[^\"\n]{3,60})\"")
_SYSTEM_OR_CODE = re.compile(r"\"(?P<key>system|code)\"[ \t]?:[ \t]?\"(?P<s>[^\"\n]{1,120})\"")
_SYSTEM_KINDS = (
    (re.compile(r"(?i)us-ssn|2\.16\.840\.1\.113883\.4\.1\Z|social"), "SSN"),
    (
        re.compile(r"(?i)npi|\bdea\b|driver|licen[cs]e|2\.16\.840\.1\.113883\.4\.(?:3\.|6\Z)"),
        "LICENSE",
    ),
    (re.compile(r"(?i)passport|national|certificate"), "ID"),
    (re.compile(r"(?i)\bmrn\b|medical-?record"), "MRN"),
    (re.compile(r"(?i)medicare|medicaid|member|subscriber|beneficiary|mbi"), "HEALTH_PLAN"),
    (re.compile(r"(?i)claim"), "ID"),
    (re.compile(r"(?i)account"), "ACCOUNT"),
)
# Identifier type codes of HL7 table 0203.
_TYPE_CODES = {
    "MR": "MRN",
    "SS": "SSN",
    "SB": "SSN",
    "DL": "LICENSE",
    "NPI": "LICENSE",
    "PPN": "ID",
    "MB": "HEALTH_PLAN",
    "MA": "HEALTH_PLAN",
    "MC": "HEALTH_PLAN",
    "SN": "HEALTH_PLAN",
    "AN": "ACCOUNT",
}


# An HL7 CDA (or v3) id: `<id root="2.16.840.1.113883.4.6" extension="1913909960"/>`, the
# root an OID that says what the extension is (4.1 an SSN, 4.6 an NPI, 4.3.x a state's
# driver's licence).
_CDA_ID = re.compile(
    r"<id[ \t]+(?:root=\"(?P<root>[\d.]{3,64})\"[ \t]+extension=\"(?P<v>[^\"\n]{3,40})\""
    r"|extension=\"(?P<w>[^\"\n]{3,40})\"[ \t]+root=\"(?P<root2>[\d.]{3,64})\")"
)


def cda_ids(text: str) -> list[Candidate]:
    """The extensions of CDA ids whose root says what they are."""
    candidates: list[Candidate] = []
    for cda in _CDA_ID.finditer(text):
        root, group = (cda["root"], "v") if cda["root"] else (cda["root2"], "w")
        kind = next((kind for pattern, kind in _SYSTEM_KINDS if pattern.search(root)), None)
        if kind is not None:
            candidates.append((cda.start(group), cda.end(group), kind, LABELLED))
    return candidates


def fhir_identifiers(text: str) -> list[Candidate]:
    """FHIR identifiers' values whose system or type code says what they are."""
    candidates: list[Candidate] = []
    for value in _VALUE.finditer(text):
        start = value.start()
        window_start = max(0, start - 200)
        # The closest system or code before the value, in the same identifier.
        closest = None
        for found in _SYSTEM_OR_CODE.finditer(text, window_start, start):
            closest = found
        if closest is None or not _same_identifier(text, closest, start):
            continue
        kind = None
        if closest["key"] == "code":
            kind = _TYPE_CODES.get(closest["s"])
        else:
            for pattern, system_kind in _SYSTEM_KINDS:
                if pattern.search(closest["s"]):
                    kind = system_kind
                    break
        if kind is not None:
            candidates.append((value.start("v"), value.end("v"), kind, LABELLED))
    return candidates


def _same_identifier(text: str, closest: re.Match[str], end: int) -> bool:
    """Whether the system (or the type's code) `closest` and the value at `end` are of one
    identifier: no object opens between them, and none closes but the type's coding."""
    between = text[closest.end() : end]
    if "{" in between:
        return False
    return between.count("}") <= (2 if closest["key"] == "code" else 0)


# An identifier standing as a field of a record (a CSV cell, a tuple's item, an HL7 field) on a
# line that holds other PHI: a prefix of letters and six digits or more (`GA-77120934`,
# `V00091822355`, `ZGH448120937`), nine to twelve digits (`8830041172`), or an SSN's nine in
# groups (`552 81 4410`). Whose it is, the line says: a person's.
_TIED_NUMBER = re.compile(r"[A-Z]{1,4}-?\d{6,12}[A-Z]?|(?<!\d)(?:\d{9,12}|\d{3} \d{2} \d{4})(?!\d)")
# Not a person's: a message's, a group's, an order's, a prescription's or an invoice's
# number, a Unix time (seconds, 2017 to 2027), a date with its time.
_NOT_PERSONAL = re.compile(
    r"(?:MSG|GRP|ORD|RX|INV|REQ|TKT|INC|JOB|BATCH|BLD)-?\d|1[5-8]\d{8}\Z"
    r"|(?:19|20)\d{6}(?:\d{2,6})?\Z"
)
# What the shape says of the number: an implant's serial, a member id (three letters and
# eight to ten digits, as Blue Cross plans print them; `W` and nine), an NPI, a DEA number (a
# registrant's two letters and seven digits), an SSN; else an account's number (a
# guarantor's, a visit's, a statement's).
_NUMBER_KINDS = (
    # Three letters, six digits and a check letter: an implant's serial (`PJN482917H`).
    (re.compile(r"[A-Z]{3}\d{6}[A-Z]"), "DEVICE"),
    (re.compile(r"[A-Z]{3}\d{8,10}|W\d{9,10}"), "HEALTH_PLAN"),
    (re.compile(r"[12]\d{9}|[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}"), "LICENSE"),
    # Nine digits, as an SSN is stored without its dashes (not 000 or 666, no group or serial
    # of zeros).
    (re.compile(r"(?!000|666)\d{3} ?(?!00)\d{2} ?(?!0000)\d{4}"), "SSN"),
)


# Else what the line speaks of: a licence, a health plan, a record.
_LINE_KINDS = (
    (re.compile(r"(?i)licen[cs]e|driver|\bdl\b"), "LICENSE"),
    (re.compile(r"(?i)member|policy|insur|subscriber|eligib|\bIN1\|"), "HEALTH_PLAN"),
    (re.compile(r"(?i)\bmrn\b|medical record|\bchart\b"), "MRN"),
)


# An account's words: on a line with none, a record's number with a prefix of letters and its
# digits padded with zeros (`E0012388`, `CV-0074411`) is a medical record's. (On the tuned
# sets, of such numbers reported as accounts on lines with no account's word, 92 were marked
# MRN and 32 ACCOUNT; on lines with one, 1 and 48.)
_ACCOUNT_WORDS = re.compile(r"(?i)acc(?:oun)?t|billing|guarantor|statement|invoice|\^AN\b")
# So is one letter and seven digits (`E1100987`): of those reported as accounts on the tuned
# sets, 38 were marked MRN (by five writers) and 2 ACCOUNT.
_ZERO_PADDED = re.compile(r"[A-Z]{1,4}-?0\d{5,11}[A-Z]?|[A-Z][1-9]\d{6}")


def _line_kind(line: str) -> str:
    """The kind of the identifiers standing in `line` that their shape does not tell."""
    return next((kind for pattern, kind in _LINE_KINDS if pattern.search(line)), "ACCOUNT")


def _unshaped_kind(value: str, line: str, line_kind: str) -> str:
    """The kind of an identifier whose shape tells none, on a line whose words tell
    `line_kind` (an account's when they tell none)."""
    if line_kind == "ACCOUNT" and _ZERO_PADDED.fullmatch(value) and not _ACCOUNT_WORDS.search(line):
        return "MRN"
    return line_kind


def tied_numbers(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Identifiers standing as fields on the lines of `text` where `chosen` (sorted) holds
    PHI, that no candidate covers yet."""
    from asyncproof._phi.fields import standing

    lines = sorted({text.rfind("\n", 0, start) + 1 for start, _, kind, _ in chosen if kind})
    starts = [start for start, _, _, _ in chosen]
    more: list[Candidate] = []
    for line_start in lines:
        # (up to its `\r` in a CRLF file, as with `\n` alone: a field at the line's end stands)
        line = text[line_start : line_end(text, line_start)]
        line_kind = None
        for match in standing(line, _TIED_NUMBER):
            value = match.group()
            if _NOT_PERSONAL.match(value):
                continue
            start, end = match.start() + line_start, match.end() + line_start
            # (`chosen` is sorted and without overlaps: the one that could overlap the number
            # is the last that starts before the number ends.)
            before = bisect.bisect_left(starts, end) - 1
            if before >= 0 and chosen[before][1] > start:
                continue
            kind = next((kind for shape, kind in _NUMBER_KINDS if shape.fullmatch(value)), None)
            if kind is None:
                if line_kind is None:
                    line_kind = _line_kind(line)  # once a line: it is the same for each
                kind = _unshaped_kind(value, line, line_kind)
            more.append((start, end, kind, 0))
    return more


# A record number joined to a person's name in a file's or a folder's name, by `_`, `/` or `-`
# (`alvarez_ramon_00733104_chart.pdf`, `MG00418822_MENDEZ_GRACIELA_1932-03-19.dcm`,
# `E5521077/OBI_NGOZI_A1_HE.svs`): six digits or more, maybe after a prefix of capitals.
_JOINED_NUMBER = r"[A-Z]{0,4}-?\d{6,12}[A-Z]?"
# (a birth date in eight digits, month first, beside a name is the person's birth date)
_BIRTH_DAY = re.compile(MONTH_FIRST_BIRTH_DAY)
_NUMBER_AFTER_NAME = re.compile(rf"[_/-](?P<v>{_JOINED_NUMBER})(?![A-Za-z0-9])")
_NUMBER_BEFORE_NAME = re.compile(rf"(?:^|(?<=[\s/_=:\"'(]))(?P<v>{_JOINED_NUMBER})[_/-]\Z")


def numbers_beside_names(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Record numbers joined to a name found in a file's or a folder's name: the kind their
    shape or their line tells, a chart's when neither tells one."""
    starts = [start for start, _, _, _ in chosen]
    # (what each line's words tell, read once a line: a line may hold many such names)
    kinds: dict[int, str] = {}
    more: list[Candidate] = []
    for start, end, kind, _ in chosen:
        if kind != "NAME":
            continue
        for match in (
            _NUMBER_AFTER_NAME.match(text, end),
            _NUMBER_BEFORE_NAME.search(text, max(0, start - 20), start),
        ):
            if match is None or _NOT_PERSONAL.match(match["v"]):
                continue
            at, until = match.span("v")
            # (`chosen` is sorted and without overlaps: the one that could overlap the number
            # is the last that starts before the number ends)
            before = bisect.bisect_left(starts, until) - 1
            if before >= 0 and chosen[before][1] > at:
                continue
            value = match["v"]
            if _BIRTH_DAY.fullmatch(value):
                more.append((at, until, "DATE", 0))
                continue
            found = next((kind for shape, kind in _NUMBER_KINDS if shape.fullmatch(value)), None)
            if found is None:
                line_start = text.rfind("\n", 0, at) + 1
                if line_start not in kinds:
                    line = text[line_start : line_end(text, at)]
                    line_kind = _line_kind(line)
                    if line_kind == "ACCOUNT" and not _ACCOUNT_WORDS.search(line):
                        line_kind = "MRN"
                    kinds[line_start] = line_kind
                found = kinds[line_start]
            more.append((at, until, found, 0))
    return more

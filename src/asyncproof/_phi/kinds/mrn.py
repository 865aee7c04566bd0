"""MRN: a medical record number after a label, or with its label as a prefix (`MRN00442197`)."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import CODE, SPACED_CODE, each
from asyncproof._phi.declare import Kind, Labelled, Shape
from asyncproof._phi.fields import standing

# A record number with no label: seven or eight digits led by zeros (`00482913`), in a text
# that holds other PHI. Ids, counts and sizes seldom start with zeros.
# (The look-behind comes after `00`, so that `re` skips ahead to it.)
_ZERO_LED = re.compile(r"00(?<![\w.:/-]00)\d{5,6}(?![\w.:-])")
# The same with two or three of its system's letters before it, seven or eight digits
# (`MG00418822`, `KP0071234`, `/scans/MG00418822/`), unless the letters name a message, an
# accession, an order or a batch (`MSG00412872`).
_LETTERED_ZERO_LED = re.compile(
    r"(?<![\w.:-])(?!MSG|ACC|ORD|INV|BAT|REQ|TXN|JOB|RUN|LOT|CLM|TKT|REF)[A-Z]{2,3}00\d{5,6}"
    r"(?![\w.:-])"
)


# Or seven or eight digits standing as a field of their own: quoted, in brackets, or between
# commas or tabs (`(3301845)`, `['4471182', '4471183']`, `1180022\tYeoman`).
_FIELD = re.compile(r"(?<!\d)\d{7,8}(?!\d)")


# The key of a code, not of a record: a plan's group, a pharmacy's BIN and PCN, a payer's id.
_CODE_KEY = re.compile(
    r"(?i:group|grp|bin|pcn|payer|plan|rx)[\w]{0,8}['\"]?[ \t]?[:=][ \t]?['\"]?\Z"
)


# Not a person's record: a generator's or a range's position (`sequence at 00412000`).
_SEQUENCE = re.compile(
    r"(?i:sequence|generator|range|offset|batch|serial|version)\W{0,3}(?:\w{1,8}\W{1,3})?\Z"
)


def zero_led_mrn_at(text: str, start: int, end: int) -> list[tuple[int, int, str, int]]:
    """The record number that the run of digits `text[start:end]` is, if eight digits led by
    zeros standing on their own: a zero-padded record number is how most record systems print
    a patient's (166 marked MRN in the corpus, 1 not: a sequence's start). Seven digits only
    in a line that holds other PHI (`unlabelled_mrns`): a plan's group number is written so
    too."""
    if end - start != 8 or not text.startswith("00", start):
        return []
    if text[start - 1 : start] in _NOT_AROUND or text[end : end + 1] in _NOT_AROUND:
        return []
    if _CODE_KEY.search(text, max(0, start - 20), start) or _SEQUENCE.search(
        text, max(0, start - 24), start
    ):
        return []
    return [(start, end, "MRN", 1)]


# What may not touch a record number standing on its own (a letter or digit, `_`, `.`, `:`,
# `-`; the empty string is the text's edge, which may).
_NOT_AROUND = (
    frozenset("_.:-")
    | frozenset("0123456789")
    | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
)


def unlabelled_mrns(text: str) -> list[tuple[int, int, str, int]]:
    """Record numbers with no label, for a text that holds other PHI."""
    found = [(match.start(), match.end(), "MRN", 1) for match in _ZERO_LED.finditer(text)]
    found += [(match.start(), match.end(), "MRN", 1) for match in _LETTERED_ZERO_LED.finditer(text)]
    found += [(match.start(), match.end(), "MRN", 1) for match in standing(text, _FIELD)]
    return [
        candidate
        for candidate in found
        if not _CODE_KEY.search(text, max(0, candidate[0] - 20), candidate[0])
    ]


KIND = Kind(
    name="MRN",
    position=100,
    labelled=(
        Labelled(
            family="mrn",
            order=90,
            labels=(
                r"medical[ _-]?record(?:[ _-]?(?:number|num|no\.?|#|id))?",
                r"med[ _-]?rec(?:[ _-]?(?:number|num|no\.?|#))?",
                r"mrn",
                r"mrn_\d",  # a bound parameter: `{'mrn_1': '00731146'}`
                r"chart[ _-]?(?:number|num|no\.?|#)",
                r"patient[ _-]?(?:number|no\.?|#)",
                r"hospital[ _-]?(?:number|no\.?)",
                *each("encounter visit admission", r"[ _-]?(?:number|no\.?|#)"),
                "pid-3",
                r'mrn"?,[ \t]?"value',
                r"mr[ _-]?(?:number|num|no\.?|#)",
            ),
            value=rf"(?:{CODE}|{SPACED_CODE})",
        ),
        # `chart CH-448812`: a chart alone takes a number of five digits or more.
        Labelled(
            family="mrn_bare",
            order=100,
            labels=("chart",),
            value=r"[A-Z]{0,4}-?\d{5,12}(?![A-Za-z0-9.-])",
        ),
    ),
    shapes=(
        Shape(order=100, pattern=r"MRN(?<![A-Za-z0-9]MRN)[-_]?\d{5,12}(?![A-Za-z0-9])"),
        # A patient's record in a URL path or a FHIR reference: `/v1/patients/00914476/labs`,
        # `Patient/A0092281`, `/mychart/5561207/results`, `/patients/NWH-5521906/`,
        # `/patients/A12-334-8/` (`pt-0211` is an opaque key, left: lower case leads it).
        Shape(
            order=101,
            leads=("patients/", "patient/", "Patient/", "mychart/", "charts/", "by-mrn/"),
            pattern=(
                r"(?P<MRN>[A-Z]?\d{6,10}|[A-Z]{1,4}-?\d(?=[\d-]{4,14}[/?#&\s\"',)])"
                r"(?:\d|-(?=\d)){4,14})(?=[/?#&\s\"',)]|$)"
            ),
            needs=("atient/", "atients/", "mychart/", "charts/", "by-mrn/"),
        ),
        # A record number with its system's letters, said of a patient: `for patient
        # MG00418822`, `pt MG00611907` (`patient pt-0001`, lower case, is an opaque key).
        Shape(
            order=102,
            leads=("patient", "Patient", "pt", "Pt"),
            pattern=r"(?<![A-Za-z](?:patient|Patient))(?<![A-Za-z]pt)(?<![A-Za-z]Pt)[ \t]{1,2}"
            r"(?P<MRN>[A-Z]{1,3}\d{6,10})(?![A-Za-z0-9-])",
            needs=("atient ", "pt ", "Pt "),
        ),
        # DICOM attributes by keyword: `PatientID=RAD0048812`.
        Shape(
            order=130,
            leads=("PatientID",),
            pattern=rf"[ \t]?[=:][ \t]?[\"']?(?P<MRN>{CODE})",
        ),
    ),
)

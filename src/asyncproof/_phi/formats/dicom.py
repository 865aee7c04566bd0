"""DICOM data elements as dcmdump, pydicom and log lines print them, read by their tag.

`(0010,0010) PatientName PN [DOE^JANE]`, `(0010, 0030) Patient's Birth Date DA: '19310109'`,
`(0010,1010) PatientAge=093Y`: the tag says what the value is, whatever the keyword, the value
representation and the quoting around it. The patient module's tags (group 0010) and the
study's dates, accession number and physicians' names (group 0008) are read.
"""

from __future__ import annotations

import re

from asyncproof._phi.engine import LABELLED, Candidate

# Tag -> kind of its value.
_TAGS = {
    "0010,0010": "NAME",  # PatientName
    "0010,1001": "NAME",  # OtherPatientNames
    "0010,1060": "NAME",  # PatientMotherBirthName
    "0008,0090": "NAME",  # ReferringPhysicianName
    "0008,1050": "NAME",  # PerformingPhysicianName
    "0008,1060": "NAME",  # NameOfPhysiciansReadingStudy
    "0010,0020": "MRN",  # PatientID
    "0010,1000": "MRN",  # OtherPatientIDs
    "0010,0030": "DATE",  # PatientBirthDate
    "0008,0020": "DATE",  # StudyDate
    "0008,0021": "DATE",  # SeriesDate
    "0008,0022": "DATE",  # AcquisitionDate
    "0008,0023": "DATE",  # ContentDate
    "0010,1010": "AGE",  # PatientAge
    "0010,2154": "PHONE",  # PatientTelephoneNumbers
    "0010,1040": "ADDRESS",  # PatientAddress
    "0008,0050": "ID",  # AccessionNumber
}
# The tag, then up to the value: a keyword (`PatientName`, `Patient's Name`), a value
# representation (`PN`), and `=`, `:` or an opening bracket or quote.
_ELEMENT = re.compile(
    r"\((?P<tag>00(?:08|10),[ ]?[0-9A-Fa-f]{4})\)[ \t]{0,3}"
    r"(?:[A-Za-z]{1,30}(?:'s)?(?:[ ][A-Za-z]{1,30}(?:'s)?){0,5})?"
    r"[ \t]{0,40}(?:\b[A-Z]{2}\b)?[ \t]{0,3}"
    r"(?:[=:][ \t]{0,3}(?P<open>[\['\"]?)|(?<=[ \t)])(?P<bracket>[\['\"]))"
)
_UNTIL = {"[": re.compile(r"[^\]\n]{1,80}(?=\])"), "'": re.compile(r"[^'\n]{1,80}(?=')")}
_UNTIL['"'] = re.compile(r"[^\"\n]{1,80}(?=\")")
_BARE = re.compile(r"[^\s,;)\]'\"]{1,64}")
_DATE = re.compile(r"(?:18|19|20)\d{6}")
_AGE = re.compile(r"0?(?:9\d|1[0-4]\d)Y?")
_ZIP_AT_END = re.compile(r"(?:[ \t]+[A-Z]{2})?[ \t]+(?P<zip>\d{5}(?:-\d{4})?)\Z")
_SSN = re.compile(r"\d{3}-\d{2}-\d{4}")


def elements(text: str) -> list[Candidate]:
    """The PHI in the DICOM data elements printed in `text`, by tag."""
    candidates: list[Candidate] = []
    for element in _ELEMENT.finditer(text):
        kind = _TAGS.get(element["tag"].replace(" ", "").upper())
        if kind is None:
            continue
        until = _UNTIL.get(element["open"] or element["bracket"], _BARE)
        value = until.match(text, element.end())
        if value is None:
            continue
        start, end = value.span()
        found = value.group()
        if kind == "DATE" and not _DATE.fullmatch(found):
            continue
        if kind == "AGE" and not _AGE.fullmatch(found):
            continue  # an age under 90 is no identifier
        if kind == "MRN" and _SSN.fullmatch(found):
            kind = "SSN"
        if kind == "ADDRESS":
            zip_code = _ZIP_AT_END.search(found)
            if zip_code is not None:
                candidates.append((start + zip_code.start("zip"), end, "ZIP", LABELLED))
                end = start + zip_code.start()
        candidates.append((start, end, kind, LABELLED))
    return candidates

"""X12 segments (`NM1*IL*1*DOE*JANE~`), read element by element.

NM1 of a person (NM102 = 1): the name (NM103-NM107) and the id after an MI/II (member) or 34
(SSN) qualifier. N3/N4 (street, city, ZIP) are the address of the last NM1 before them, unless
that NM1 is an organisation (NM102 = 2). DMG: the birth date; DTP, DTM: a service date; CLP01: the
patient control number (CLM01 too), CLP07 the claim's; a person's NPI after `XX`; REF by
qualifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from asyncproof._phi.engine import LABELLED, Candidate

_SEGMENT_IDS = frozenset(["NM1", "N3", "N4", "DMG", "DTP", "DTM", "CLP", "CLM", "REF"])
# What a segment starts after: the text's start, a segment terminator, a line break or a space
# (not an element: `IK3*CLM*22` names a segment, it is none).
_BEFORE_SEGMENT = frozenset("~\n\r\t '\"([{:=,|")
# (A segment ends at `~` or at its line's end, `\r` included: a file written with CRLF and no
# `~` keeps its `\r` out of the last element.)
_BODY = re.compile(r"[^~\r\n]{1,600}")
_IDS = {"MI": "HEALTH_PLAN", "II": "HEALTH_PLAN", "34": "SSN", "XX": "LICENSE"}
_REFS = {
    "SY": "SSN",
    "1W": "HEALTH_PLAN",
    "IG": "HEALTH_PLAN",
    "EA": "MRN",
    "F6": "HEALTH_PLAN",
    "D9": "ID",  # the claim's number
    "0B": "LICENSE",  # a state licence
    "1G": "LICENSE",  # a provider's UPIN
}
_DATE = re.compile(r"(?:18|19|20)\d{6}(?:-(?:19|20)\d{6})?")
_ZIP = re.compile(r"\d{5}(?:-?\d{4})?")


@dataclass(frozen=True)
class _Elements:
    """Report element `index` of one segment as `kind`, if it is there and not empty."""

    elements: list[str]
    starts: list[int]
    append: Callable[[Candidate], None]

    def __call__(self, index: int, kind: str) -> None:
        if index < len(self.elements) and self.elements[index]:
            start = self.starts[index]
            self.append((start, start + len(self.elements[index]), kind, LABELLED))


def segments(text: str) -> list[Candidate]:
    """The PHI in the X12 segments of `text`, by element."""
    candidates: list[Candidate] = []
    append = candidates.append
    person = True
    # Found from each `*` (rare in log text), then the segment id before it: faster than a
    # regex led by several different letters.
    star = text.find("*")
    while star >= 0:
        begin = star - 3 if text[star - 3 : star] in _SEGMENT_IDS else star - 2
        if (
            begin < 0
            or text[begin:star] not in _SEGMENT_IDS
            or (begin and text[begin - 1] not in _BEFORE_SEGMENT)
            or (body := _BODY.match(text, star + 1)) is None
        ):
            star = text.find("*", star + 1)
            continue
        star = text.find("*", body.end())
        elements = text[begin : body.end()].split("*")
        starts = [begin]
        for element in elements[:-1]:
            starts.append(starts[-1] + len(element) + 1)
        name = elements[0]
        report = _Elements(elements, starts, append)

        if name == "NM1":
            person = len(elements) > 2 and elements[2] == "1"
            if person and len(elements) > 3 and elements[3]:
                last = max(i for i in range(3, min(8, len(elements))) if elements[i])
                append((starts[3], starts[last] + len(elements[last]), "NAME", LABELLED))
            # The id after its qualifier, a person's only: an organisation's NPI (`XX`) is
            # none (on the tuned sets, 14 of 16 were left unmarked).
            for index in range(8, min(len(elements) - 1, 12)):
                kind = _IDS.get(elements[index])
                if kind is not None:
                    if person:
                        report(index + 1, kind)
                    break
        elif name == "N3" and person:
            last = 2 if len(elements) > 2 and elements[2] else 1
            if any(char.isdigit() for char in elements[1]):
                append((starts[1], starts[last] + len(elements[last]), "ADDRESS", LABELLED))
        elif name == "N4" and person and len(elements) > 2 and elements[2]:
            report(1, "ADDRESS")
            if len(elements) > 3 and _ZIP.fullmatch(elements[3]):
                report(3, "ZIP")
        elif name in ("DMG", "DTP", "DTM"):
            index = 3 if name == "DTP" else 2
            if index < len(elements) and _DATE.fullmatch(elements[index]):
                report(index, "DATE")
        elif name == "CLP":
            report(1, "ACCOUNT")
            # The payer's claim control number: not a code (`12`, a claim filing indicator,
            # one element early in a segment with an element too many).
            if len(elements) > 7 and len(elements[7]) >= 5:
                report(7, "ID")
        elif name == "CLM":
            report(1, "ACCOUNT")  # the patient control number, as CLP01
        elif name == "REF" and len(elements) > 2:
            kind = _REFS.get(elements[1])
            if kind is not None:
                report(2, kind)
    return candidates

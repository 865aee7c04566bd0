"""Values joined by `^`, wherever they are written: HL7 v2 components, DICOM names, wristband
barcodes (`4410099^VASQUEZ-LINDHOLM^THEODORA^19410606^F`), an HL7 field quoted in JSON.

Read by shape rather than by field number, so that a segment this module does not know (`ZPI`,
`ROL`, `AIP`), a field one place off, or a repetition after `~` is read too:

* a person's name (XPN `family^given^middle^suffix^prefix`, XCN with an id first): two
  neighbouring words that `names.is_record_name` takes for a name, and the components after
  them up to the next empty pair;
* the id before a name in an XCN, when it is a 10-digit number led by 1 or 2: an NPI;
* an identifier with its type code (CX `0093318^^^NORTH^MR`): MR, SS, DL, MB, AN, ...;
* an address (XAD `street^other^city^ST^zip`);
* in an HL7 segment other than the message's own header, every date and timestamp.
"""

from __future__ import annotations

import re

from asyncproof._phi.blocks import LOW, STATES, UP
from asyncproof._phi.engine import LABELLED, SHAPE, Candidate

# What ends a run of `^`-joined components, on either side.
# (A space does not end one: `1450 Elm St^^Fresno^CA`; a name is read from the last word of
# the first component, a street from its house number.)
_ENDS = frozenset("\t\r\n|\"'~=,;(){}[]<>")
_RIGHT = re.compile(r"[^\t\r\n|\"'~=,;(){}\[\]<>]{0,400}")
_HOUSE_NUMBER = re.compile(r"(?:^|(?<= ))\d{1,6} ")


def _runs(text: str) -> list[tuple[int, str]]:
    """Each run of `^`-joined components: where it starts, and its text. Found from the `^`
    characters (`str.find`), so that text without any costs nothing."""
    runs = []
    at = text.find("^")
    while at >= 0:
        start = at
        while start > 0 and at - start < 400 and text[start - 1] not in _ENDS:
            start -= 1
        end = _RIGHT.match(text, at).end()  # type: ignore[union-attr]
        runs.append((start, text[start:end]))
        at = text.find("^", max(end, at + 1))
    return runs


_WORD = re.compile(rf"[{UP}{LOW}][{UP}{LOW}'-]{{0,30}}")
_NPI = re.compile(r"[12]\d{9}")
_STREET = re.compile(r"\d{1,6}[ \t][A-Za-z0-9 .'#-]{2,60}")
_ZIP = re.compile(r"\d{5}(?:-?\d{4})?")
_STATES = frozenset(STATES.split("|"))
_TYPE_CODES = {
    "MR": "MRN",
    "MRN": "MRN",
    "PI": "MRN",
    "PT": "MRN",
    "SS": "SSN",
    "DL": "LICENSE",
    "MB": "HEALTH_PLAN",
    "MC": "HEALTH_PLAN",
    "MA": "HEALTH_PLAN",
    "SN": "HEALTH_PLAN",
    "AN": "ACCOUNT",
    "NPI": "LICENSE",
}
# A segment: three characters at the start of a line (or after `\r`), then `|`.
# (Matched on "\n" + text: `re` skips ahead to line breaks.)
_SEGMENT = re.compile(r"[\r\n](?P<id>[A-Z][A-Z0-9]{2})\|[^\r\n]{0,4000}")
_OPAQUE = re.compile(r"[a-z]{1,6}[-_]\d")
_HEADERS = frozenset(["MSH", "EVN", "BHS", "FHS", "BTS", "FTS", "MSA", "ERR", "ACK"])
# Fields that hold the time of a transaction, not of the person's care: ORC-9 (the order's
# transaction), OBR-22 (the report's status change), OBX-19 (the analysis), RXA-16 (when the
# substance's lot expires).
_NOT_CARE_TIMES = frozenset([("ORC", 9), ("OBR", 22), ("OBX", 19), ("RXA", 16)])
_TIMESTAMP = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:\d{2,6})?")


def values(text: str) -> list[Candidate]:
    """The PHI in the `^`-joined values of `text`."""
    from asyncproof._phi.names import is_record_name

    candidates: list[Candidate] = []
    append = candidates.append
    for run_start, run in _runs(text):
        parts = run.split("^")
        if len(parts) > 13:
            continue
        starts = []
        offset = run_start
        for part in parts:
            starts.append(offset)
            offset += len(part) + 1
        if " " in parts[0]:
            # `for FITZGERALD^LORCAN^P`: the run's first word is the last of its first part.
            cut = parts[0].rfind(" ") + 1
            street = _HOUSE_NUMBER.search(parts[0])
            if street is not None and len(parts) >= 4 and parts[3] in _STATES:
                cut = street.start()
            parts[0] = parts[0][cut:]
            starts[0] += cut
        for index in range(len(parts) - 1):
            family, given = parts[index], parts[index + 1]
            if not (_WORD.fullmatch(family) and _WORD.fullmatch(given)):
                continue
            if not is_record_name(family, given):
                continue
            last = name_end(parts, index + 1)
            append((starts[index], starts[last] + len(parts[last]), "NAME", LABELLED))
            if index and _NPI.fullmatch(parts[index - 1]):
                append((starts[index - 1], starts[index] - 1, "LICENSE", LABELLED))
            break
        if len(parts) >= 5:
            kind = _TYPE_CODES.get(parts[4].upper())
            if (
                kind
                and any(char.isdigit() for char in parts[0])
                and len(parts[0]) >= 4
                and not _OPAQUE.match(parts[0])  # `pt-0001`: an opaque key, not a record number
            ):
                append((starts[0], starts[0] + len(parts[0]), kind, LABELLED))
            if parts[3] in _STATES and _STREET.fullmatch(parts[0]) and parts[2]:
                append((starts[0], starts[3] + len(parts[3]), "ADDRESS", LABELLED))
                if _ZIP.fullmatch(parts[4]):
                    append((starts[4], starts[4] + len(parts[4]), "ZIP", LABELLED))
    return candidates


# What may follow a name's given name in an XPN or XCN: a middle name, then short codes (a
# suffix `JR`, a prefix `MRS`, a degree `MD`, the name type `L`, an authority `NPI`).
_MIDDLE = re.compile(rf"[{UP}{LOW}][{UP}{LOW}'-]{{0,30}}")
_NAME_CODE = re.compile(r"[A-Za-z][A-Za-z.]{0,4}")


def name_end(parts: list[str], given: int) -> int:
    """The index of the last component of the name whose given name is `parts[given]`: its
    middle name and the codes after it, with the empty components between, are the name's
    (`ORLOVA^SVETLANA^^^^^L` is redacted whole); a date or a number ends it."""
    last = given
    for later in range(given + 1, min(given + 9, len(parts))):
        part = parts[later]
        if not part:
            continue
        pattern = _MIDDLE if later == given + 1 else _NAME_CODE
        if not pattern.fullmatch(part):
            break
        last = later
    return last


def segment_dates(text: str) -> list[Candidate]:
    """Every date and timestamp in the HL7 segments of `text`, but for the header's own and
    the times of a transaction (`_NOT_CARE_TIMES`)."""
    candidates: list[Candidate] = []
    for segment in _SEGMENT.finditer("\n" + text):
        if segment["id"] in _HEADERS:
            continue
        at = segment.start("id") - 1  # in `text`
        for stamp in _TIMESTAMP.finditer(segment.group(), 1):
            field = segment.group().count("|", 0, stamp.start())
            if (segment["id"], field) in _NOT_CARE_TIMES:
                continue
            start, end = at + stamp.start() - 1, at + stamp.end() - 1
            before, after = text[start - 1 : start], text[end : end + 1]
            if before in "|^~&" and (after in "|^~&\r\n" or not after or after in "+-"):
                candidates.append((start, end, "DATE", SHAPE))
    return candidates

"""The data elements of a driver's licence or state ID card's barcode (the AAMVA DL/ID card
design standard's PDF417), as an ID scanner dumps them, one element a line: a three-letter
element id then its value (`DCSGARCIA`, `DBB07141962`, `DAK606413019`); the licence number
also after the subfile's header (`...DLDAQF2238841`). Or on one line, each element after a
space, with or without `=` (`DAQ=S530-4418-9921 DCS=SOKOLOV DAC=MIKHAIL DBB=04121949`)."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import UP
from asyncproof._phi.engine import LABELLED, Candidate

# Element id -> kind and the value's shape: names and a city in capitals, the birth date's
# eight digits, a street with its number, a ZIP code of five or nine digits (the rest padded).
_LICENSE = r"[A-Z0-9]{4,20}(?:[- ][A-Z0-9]{1,10}){0,3}"
_NAME = rf"[{UP}][{UP}' ,-]{{0,39}}[{UP}]"
_DATE = r"\d{8}"
_ZIP = r"\d{5}(?:-?\d{4})?"
_ELEMENTS = re.compile(
    r"(?:^|(?<=DL))(?:"
    rf"DAQ(?P<LICENSE>{_LICENSE})"
    rf"|D(?:CS|AC|AD|CT)(?P<NAME>{_NAME})"
    rf"|DBB(?P<DATE>{_DATE})"
    r"|DAG(?P<ADDRESS>\d{1,6}[A-Z]?[ ][A-Z0-9 .'#-]{2,40}[A-Z0-9])"
    rf"|DAI(?P<CITY>[{UP}][{UP} .'-]{{1,30}}[{UP}])"
    rf"|DAK(?P<ZIP>{_ZIP})(?:0{{0,4}}|[ ]{{0,6}})"
    r")[ \t]*\r?$",
    re.MULTILINE,
)
_KINDS = {"CITY": "ADDRESS"}


def elements(text: str) -> list[Candidate]:
    """The PHI in the barcode elements of `text`, each line one element."""
    found: list[Candidate] = []
    for match in _ELEMENTS.finditer(text):
        group = match.lastgroup
        if group is not None:
            found.append((match.start(group), match.end(group), _KINDS.get(group, group), LABELLED))
    return found


# An element on a line of several: its id after a space (or first), then `=`, a space or
# nothing (not inside a value: `DCS=DAILEY` holds no `DAI`).
_INLINE_ID = re.compile(
    r"(?<![^\s])(D(?:AQ|CS|AC|AD|CT|BB|AG|AI|AJ|AK|BA|BD|AU|AY|CF|CG|BC))(?:=|[ ](?=\S))?"
)
# What the ids of the elements that hold PHI start with: the pass's gate.
INLINE_LEADS = ("DAQ", "DCS", "DAC", "DAD", "DCT", "DBB", "DAG", "DAI", "DAK")
# A value the standard writes for none (`DAD=NONE`, `unavl`).
_NO_VALUE = frozenset(("NONE", "UNAVL", "UNAVAILABLE", "UNKNOWN", "N/A"))
_INLINE_KINDS = {
    "DAQ": "LICENSE",
    "DCS": "NAME",
    "DAC": "NAME",
    "DAD": "NAME",
    "DCT": "NAME",
    "DBB": "DATE",
    "DAG": "ADDRESS",
    "DAI": "ADDRESS",
    "DAK": "ZIP",
}
_INLINE_VALUES = {
    kind: re.compile(pattern)
    for kind, pattern in {
        "LICENSE": _LICENSE,
        "NAME": rf"{_NAME}|[{UP}]",
        "DATE": _DATE,
        "ADDRESS": r"[A-Z0-9][A-Z0-9 .'#-]{0,40}[A-Z0-9]",
        "ZIP": rf"{_ZIP}(?=0{{0,4}}$)",
    }.items()
}


def inline_elements(text: str) -> list[Candidate]:
    """The PHI of barcode elements written three or more on one line, each up to the next."""
    found: list[Candidate] = []
    for line in re.finditer(r"[^\r\n]+", text):
        ids = list(_INLINE_ID.finditer(text, line.start(), line.end()))
        # One way of writing them a line: where some id has `=` (or a space) after it, an id
        # without is a value's letters (`DAG=12 DAKOTA AVE`).
        for joint in ("=", " "):
            if any(match.group().endswith(joint) for match in ids):
                ids = [match for match in ids if match.group().endswith(joint)]
                break
        if len(ids) < 3:
            continue
        for this, after in zip(ids, [*ids[1:], None], strict=True):
            kind = _INLINE_KINDS.get(this.group(1))
            end = after.start() if after else line.end()
            value = text[this.end() : end].rstrip(" \t")
            shape = _INLINE_VALUES.get(kind or "")
            matched = shape.fullmatch(value) if shape and value not in _NO_VALUE else None
            if kind and matched:
                found.append((this.end(), this.end() + matched.end(), kind, LABELLED))
    return found

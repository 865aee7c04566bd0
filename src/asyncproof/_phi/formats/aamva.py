"""The data elements of a driver's licence or state ID card's barcode (the AAMVA DL/ID card
design standard's PDF417), as an ID scanner dumps them, one element a line: a three-letter
element id then its value (`DCSGARCIA`, `DBB07141962`, `DAK606413019`); the licence number
also after the subfile's header (`...DLDAQF2238841`)."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import UP
from asyncproof._phi.engine import LABELLED, Candidate

# Element id -> kind and the value's shape: names and a city in capitals, the birth date's
# eight digits, a street with its number, a ZIP code of five or nine digits (the rest padded).
_ELEMENTS = re.compile(
    r"(?:^|(?<=DL))(?:"
    r"DAQ(?P<LICENSE>[A-Z0-9]{4,20}(?:[- ][A-Z0-9]{1,10}){0,3})"
    rf"|D(?:CS|AC|AD|CT)(?P<NAME>[{UP}][{UP}' ,-]{{0,39}}[{UP}])"
    r"|DBB(?P<DATE>\d{8})"
    r"|DAG(?P<ADDRESS>\d{1,6}[A-Z]?[ ][A-Z0-9 .'#-]{2,40}[A-Z0-9])"
    rf"|DAI(?P<CITY>[{UP}][{UP} .'-]{{1,30}}[{UP}])"
    r"|DAK(?P<ZIP>\d{5}(?:-?\d{4})?)(?:0{0,4}|[ ]{0,6})"
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

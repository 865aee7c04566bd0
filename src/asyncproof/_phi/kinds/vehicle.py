"""VEHICLE: a vehicle identification number (checked) or a licence plate after a label."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import NUM, STATES
from asyncproof._phi.declare import DigitLed, Kind, Labelled, Shape, whole_if

_VIN_VALUES = dict(
    zip(
        "ABCDEFGHJKLMNPRSTUVWXYZ",
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
        strict=False,
    )
)
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def is_valid_vin(value: str) -> bool:
    """North American VIN check digit (position 9): a random 17-character token rarely passes."""
    total = sum(
        (int(char) if char.isdigit() else _VIN_VALUES[char]) * weight
        for char, weight in zip(value, _VIN_WEIGHTS, strict=False)
    )
    check = total % 11
    return value[8] == ("X" if check == 10 else str(check))


_VALID_VIN = whole_if(is_valid_vin)

KIND = Kind(
    name="VEHICLE",
    position=140,
    labelled=(
        Labelled(
            family="vin",
            order=160,
            labels=(
                r"vin(?:[ _-]?(?:number|no\.?|#))?",
                r"vehicle[ _-]?identification[ _-]?number",
                "vehicle",
                "car",
            ),
            value=r"(?=[0-9]{0,16}[A-Z])(?=[A-Z]{0,16}\d)[A-HJ-NPR-Z0-9]{17}(?![A-Za-z0-9])",
        ),
        Labelled(
            family="plate",
            order=170,
            labels=(
                r"licen[cs]e[ _-]?plate" + NUM,
                r"plate[ _-]?(?:number|num|no\.?|#)",
                "plate",
                r"tag[ _-]?(?:number|no\.?)",
                r"vehicle[ _-]?reg(?:istration)?" + NUM,
            ),
            # `plate IL 8821 KX`: the state that issued the plate goes with it (a plate is one
            # vehicle's only in its state; every blind set marked it so).
            value=rf"(?:(?:{STATES})[ \t](?=[A-Z0-9 -]{{0,8}}\d[A-Z0-9 -]{{0,8}}(?![A-Za-z0-9])))?"
            # (Up to eleven characters with its separators: `NJ-K71-PLM`, `GR 4471-25`.)
            r"(?=[A-Z -]{0,8}\d)[A-Z0-9](?:[A-Z0-9]|[ -](?=[A-Z0-9])){1,10}(?![A-Za-z0-9])",
        ),
    ),
    digit_led=(
        # A VIN led by a digit (the engine matched it); see the shape for one led by a letter.
        DigitLed(
            group="VIN",
            order=50,
            pattern=r"(?P<VIN>[A-HJ-NPR-Z0-9]{16})(?![A-Za-z0-9])",
            validator=_VALID_VIN,
        ),
    ),
    shapes=(
        Shape(
            order=150,
            pattern=r"[A-HJ-NPR-Z](?<![A-Za-z0-9].)[A-HJ-NPR-Z0-9]{16}(?![A-Za-z0-9])",
            validator=_VALID_VIN,
        ),
    ),
)


# In a line that holds PHI, a VIN's shape is enough, check digit or not (test data seldom has
# it right): 17 characters of the VIN alphabet, letters and digits, the last four digits.
_VIN_SHAPE = re.compile(
    r"(?<![A-Za-z0-9])(?=[0-9]{0,12}[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{13}\d{4}(?![A-Za-z0-9])"
)


def tied_vins(text: str) -> list[tuple[int, int, str, int]]:
    """VINs by their shape alone, in a line holding PHI."""
    return [(m.start(), m.end(), "VEHICLE", 1) for m in _VIN_SHAPE.finditer(text)]


# Anywhere, a VIN's shape when its serial (its last six characters) is digits, as most makers
# write it: 17 characters of the VIN alphabet, letters among the first eleven.
_VIN_SERIAL = re.compile(r"(?=[0-9]{0,10}[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{11}\d{6}")


def serial_vin_at(text: str, start: int, end: int) -> list[tuple[int, int, str, int]]:
    """The VIN that ends with the run of digits `text[start:end]` (six or more), if one."""
    vin = end - 17
    if vin < 0 or text[vin - 1 : vin].isalnum() or text[end : end + 1].isalnum():
        return []
    if not _VIN_SERIAL.fullmatch(text, vin, end):
        return []
    return [(vin, end, "VEHICLE", 1)]

"""ZIP: a ZIP code after its label, or after a state (`Springfield, IL 62704`)."""

from __future__ import annotations

from asyncproof._phi.blocks import STATES
from asyncproof._phi.declare import DigitLed, Kind, Labelled, Shape

KIND = Kind(
    name="ZIP",
    position=30,
    labelled=(
        Labelled(
            family="zip",
            order=240,
            labels=(r"zip(?:[ _-]?code)?", r"postal[ _-]?code", "postcode"),
            value=r"\d{5}(?:-\d{4})?(?![\d-])",
        ),
    ),
    digit_led=(
        # After a state after a quoted city (`Round Rock' TX 78681`); after a comma, the
        # shape below finds it.
        DigitLed(
            group="ZIP",
            order=60,
            pattern=rf"(?P<ZIP>(?<=[\"'][ \t](?:{STATES})[ \t]\d)\d{{4}}(?:-\d{{4}})?)(?![\d-])",
        ),
    ),
    shapes=(
        Shape(
            order=80,
            pattern=rf",[ \t]{{0,3}}(?:{STATES})[ \t]{{1,3}}(?P<ZIP>\d{{5}}(?:-\d{{4}})?)(?![\d-])",
        ),
    ),
)

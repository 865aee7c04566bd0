"""HEALTH_PLAN: a health plan's member or beneficiary number (a Medicare MBI has a shape)."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import CODE, SPACED_CODE, each
from asyncproof._phi.declare import DigitLed, Kind, Labelled

_MBI = (
    r"[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?"
    r"[AC-HJKMNP-RT-Y]{2}\d{2}(?![A-Za-z0-9])"
)

_DIGIT_GROUPS = r"\d{2,4}(?:[ -]\d{1,9}){1,4}(?![\d-]|[ ]\d)"

KIND = Kind(
    name="HEALTH_PLAN",
    position=110,
    labelled=(
        Labelled(
            family="health_plan",
            order=110,
            labels=(
                *each(
                    "health[_-]?plan insurance insurer",
                    r"[ _-]?(?:member[ _-]?)?(?:id|number|num|no\.?|#)",
                ),
                # (A payer's own id, `payer ID 87726`, names the insurer, not a person.)
                r"payer[ _-]?member[ _-]?(?:id|number|num|no\.?|#)",
                *each(
                    "member subscriber policy beneficiary policyholder",
                    r"[ _-]?(?:id|number|num|no\.?|#)",
                ),
                r"medicare[ _-]?(?:beneficiary[ _-]?)?(?:id|identifier|number|num|no\.?|#)?",
                r"medicaid[ _-]?(?:id|number|num|no\.?|#)?",
                "mbi",
                "hicn",
                r"cardholder[ _-]?(?:id|number|no\.?|#)",
                "cardholder",
                "subscriber",
                "member",
                # A national health number by its name (UK NHS, Germany's insured number, the
                # Philippines' PhilHealth, Brazil's CNS, Canada's health cards).
                r"nhs(?:[ _-]?(?:number|num|no\.?|#))?",
                r"versicherten[ _-]?(?:nr|nummer)\.?",
                r"philhealth(?:[ _-]{1,2}(?:pin|id|no\.?))?",
                r"cart[ãa]o nacional de sa[úu]de",
                "cns",
                "ohip",
                r"health[ _-]?card(?:[ _-]?(?:number|num|no\.?|#))?",
            ),
            # (Or digits in groups, as a card prints them: `943 476 5919`, `2951 44012 1`,
            # `12-050012345-6`.)
            value=rf"(?:{_MBI}|{CODE}|{SPACED_CODE}|{_DIGIT_GROUPS})",
        ),
    ),
    digit_led=(
        # A Medicare Beneficiary Identifier, with its hyphens or without: `1EG4-TE5-MK73`,
        # `1EG4TE5MK73` (its letters and digits at fixed places, no S, L, O, I, B nor Z).
        DigitLed(
            group="HEALTH_PLAN",
            order=80,
            pattern=r"(?P<HEALTH_PLAN>[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]"
            r"[AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d{2})(?![A-Za-z0-9])",
        ),
    ),
)


# A member id as most US plans print it on the card: a three-letter prefix and nine digits
# (`XWQ884512307`, `BWH221904417`), with no label. (An HL7 control id, `MSG00018812`, has
# eight; an EFT trace number, `EFT88120044`, too. Not an element of a driver's licence
# barcode, `DAK971030000`: its ids are `DA.` to `DD.`.)
_PREFIX = re.compile(r"(?<![A-Za-z0-9_/.-])(?!D[A-D])[A-Z]{3}\Z")


def prefixed_member_id_at(text: str, start: int, end: int) -> list[tuple[int, int, str, int]]:
    """The member id that ends with the run of digits `text[start:end]`, if nine digits after
    a three-letter prefix."""
    if end - start != 9 or start < 3 or not _PREFIX.search(text, max(0, start - 4), start):
        return []
    after = text[end : end + 1]
    if after.isalnum() or after in ("_", "-"):
        return []
    return [(start - 3, end, "HEALTH_PLAN", 1)]

"""ACCOUNT: an account, card or bank number after a label, or a card number by its shape."""

from __future__ import annotations

from asyncproof._phi.blocks import CODE, NUM, each
from asyncproof._phi.declare import DigitLed, Kind, Labelled, whole_if
from asyncproof._phi.kinds.license import luhn

_DIGITS_GROUPED = r"\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,4})?(?![\d-])"


def passes_luhn(value: str) -> bool:
    """The check digit of a payment card number (13 to 19 digits)."""
    digits = "".join(char for char in value if char.isdigit())
    return 13 <= len(digits) <= 19 and luhn(digits)


KIND = Kind(
    name="ACCOUNT",
    position=120,
    labelled=(
        Labelled(
            family="account",
            order=120,
            labels=(
                *each("billing guarantor bank checking savings patient", r"[ _-]?account" + NUM),
                *each("account acct a/c", r"[ _-]?(?:number|num|nbr|no\.?|#)"),
                # (Not `acct-0042`: an opaque key with its prefix, as `pt-0001`.)
                r"acct(?![_-]\d)",
                r"credit[ _-]?card[ _-]?(?:number|num|no\.?|#)",
                r"card[ _-]?(?:number|num|no\.?|#)",
                "iban",
                r"routing[ _-]?(?:number|no\.?)",
            ),
            value=rf"(?:{_DIGITS_GROUPED}|{CODE})",
        ),
        # A card's primary account number under the key payment code gives it (`pan=...`,
        # `Key (pan)=(5077 1800 4412 9031)`), whether or not its check digit is right.
        Labelled(
            family="account_pan",
            order=125,
            labels=("pan", *each("new old card full", r"[ _-]?pan")),
            # (Fifteen digits or more: `zoom_pan=1700000000000` is a time in milliseconds.)
            value=r"(?:\d{15,19}|" + _DIGITS_GROUPED + r")(?![\d*])",
        ),
        # `account 4400-1187-2290`; `account 0092` (a shard, a ledger partition) is too short.
        Labelled(
            family="account_bare",
            order=130,
            labels=("account",),
            value=rf"(?:{_DIGITS_GROUPED}|(?=[A-Z-]{{0,24}}\d)[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9]))"
            r"{5,24}(?![A-Za-z0-9-]))",
        ),
        # A guarantor named by a number is the guarantor's account (`"guarantor":"9002217714"`,
        # `guarantor=4400918276`, `root cause: guarantor 4400918293`): billing systems key the
        # person who pays by it. Digits only (a guarantor's name is a name's label).
        Labelled(
            family="account_guarantor",
            order=131,
            labels=("guarantor",),
            value=r"\d{6,14}(?![\w-])",
        ),
    ),
    digit_led=(
        # A card number in groups: `4111 1111 1111 1111`.
        DigitLed(
            group="ACCOUNT",
            order=20,
            pattern=r"(?P<ACCOUNT>\d{3}(?P<cs>[ -])\d{4}(?P=cs)\d{4}(?P=cs)\d{1,7})(?![\w-])",
            validator=whole_if(passes_luhn),
        ),
    ),
)

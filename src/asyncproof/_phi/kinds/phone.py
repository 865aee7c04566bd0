"""PHONE: a telephone number, after a label (`cell:`) or in a shape of its own."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import PHONE_EXT, PHONE_VALUE, each
from asyncproof._phi.declare import DigitLed, Kind, Labelled, Shape, whole_if


def has_phone_digit_count(value: str) -> bool:
    """Between 7 and 15 digits, as a telephone number has."""
    return 7 <= sum(char.isdigit() for char in value) <= 15


# Toll-free area codes: a number there is an organisation's (a helpline, a payer's fax), never
# a person's.
_TOLL_FREE = frozenset(("800", "833", "844", "855", "866", "877", "888"))


def is_personal_phone(value: str) -> bool:
    """A telephone number's digit count, and not a toll-free number (an organisation's)."""
    digits = "".join(char for char in value if char.isdigit())
    if not 7 <= len(digits) <= 15:
        return False
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    return not (len(digits) == 10 and digits[:3] in _TOLL_FREE)


# The last word before a number that says what it is: a fax (`fax_id`, `efax`, `fax.received`)
# or a telephone.
_FAX_OR_PHONE_WORD = re.compile(r"(?i:fax|phone|tel\b|mobile|cell|sms|call)")


# An HL7 XTN whose equipment type is a fax: `0031 20 555 0199^WPN^FX`.
_XTN_FAX = re.compile(r"[\d )-]{0,20}\^[A-Z]{0,3}\^FX(?![A-Za-z])")


def fax_or_phone(text: str, start: int) -> str:
    """A phone number with `fax` before it on its line (`fax server: transmission to ...`,
    `{"fax_id": ..., "from": ...}`), and no word of a telephone closer, is a fax; so is one an
    HL7 XTN says is (`^WPN^FX`)."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - 160)
    words = _FAX_OR_PHONE_WORD.findall(text, line_start, start)
    if words and words[-1].lower() == "fax":
        return "FAX"
    # (`find` within the reach of the XTN pattern, not `in text`: on a whole log, one test of
    # every character per number found.)
    xtn = text.find("^FX", start, start + 32) >= 0
    return "FAX" if xtn and _XTN_FAX.match(text, start + 1) else "PHONE"


_DIGIT_COUNT = whole_if(is_personal_phone)

KIND = Kind(
    name="PHONE",
    position=60,
    labelled=(
        Labelled(
            family="phone",
            order=40,
            labels=(
                *each(
                    "home work cell mobile daytime evening contact primary alternate alt emergency",
                    r"[ _-]?(?:phone|tel|number)(?:[ _-]?(?:number|num|no\.?|#))?",
                ),
                r"tele?phone(?:[ _-]?(?:number|num|no\.?|#))?",
                r"phone(?:[ _-]?(?:number|num|no\.?|#))?",
                "tel",
                "cell",
                "mobile",
                "callback",
                "sms to",
                "text to",
                "call back at",
                "reached at",
            ),
            value=PHONE_VALUE,
            validator=_DIGIT_COUNT,
        ),
    ),
    digit_led=(
        DigitLed(
            group="PHONE",
            order=30,
            # (Not in a run of numbers split by spaces: `200 200 512 1840`, a log's fields.)
            pattern=r"(?P<PHONE>(?<!\d[ ]\d)\d{2}(?:(?P<ps>[.-]|[ ])\d{3}(?P=ps)|/\d{3}-)\d{4}"
            + PHONE_EXT
            + r")(?![\w-]|\.\d)",
            validator=_DIGIT_COUNT,
            kind_at=fax_or_phone,
        ),
        # `1-555-014-2298`, `1 555 014 2298`: the leading 1 is the digit the engine matched.
        DigitLed(
            group="PHONE_1",
            order=70,
            pattern=r"(?P<PHONE_1>(?<=1)(?P<ps1>[ .-])\d{3}(?P=ps1)\d{3}(?P=ps1)\d{4}"
            + PHONE_EXT
            + r")(?![\w-]|\.\d)",
            validator=_DIGIT_COUNT,
            kind_at=fax_or_phone,
        ),
    ),
    shapes=(
        # E.164 with no separators (`+14045550111`, `sms:+12085550133`): a North American
        # number, area code and exchange led by 2-9.
        Shape(
            order=15,
            leads=(r"\+1",),
            pattern=r"(?<![\w+]\+1)[2-9]\d\d[2-9]\d{6}(?![\w-])",
            validator=_DIGIT_COUNT,
            kind_at=fax_or_phone,
            needs=("+1",),
        ),
        # `(419)5550115`
        Shape(
            order=16,
            leads=(r"\(",),
            pattern=r"(?<![\w+]\()[2-9]\d\d\)[2-9]\d{6}(?![\w-])",
            kind_at=fax_or_phone,
            needs=(")",),
        ),
        # US phone with area code in parentheses or a leading +1 / international +CC.
        Shape(
            order=10,
            pattern=r"\((?<![\w+]\()\d{3}\)[ .-]?\d{3}[ .-]\d{4}" + PHONE_EXT + r"(?![\w-])",
            validator=_DIGIT_COUNT,
            kind_at=fax_or_phone,
        ),
        Shape(
            order=20,
            # (Or E.164 as stored and sent, unbroken: `+447700900461`, `+61491570157`; not a
            # toll-free number, an organisation's.)
            pattern=r"\+(?:1[ .-]?(?:\(\d{3}\)[ .-]?|\d{3}(?P<s1>[ .-]))\d{3}[ .-]\d{4}"
            r"|[2-9]\d{0,2}[ .-]\(?\d{1,4}\)?(?:[ .-]\d{2,8}){1,4}"
            r"|[2-9]\d{1,2}[ ]\d{5}[ ]\d{5}"  # India: `+91 98765 50132`
            r"|(?!1(?:800|888|877|866|855|844|833))[1-9]\d{9,13}(?!\d))" + PHONE_EXT + r"(?![\w-])",
            validator=_DIGIT_COUNT,
            kind_at=fax_or_phone,
        ),
    ),
)


# Ten digits with no separators, a North American number by its area code and exchange
# (`send_sms(to='2065550139')`, `KeyError: 8015550139`): taken where the line says it is a
# number to call or holds other PHI (most ten-digit numbers in logs are ids and epochs).
# (Not a toll-free number: those are an organisation's.)
# (The look-behind comes after the first digit, so that `re` skips ahead to digits.)
_BARE = re.compile(r"[2-9](?<![\w.+/-][2-9])(?<!8(?=00|88|77|66|55|44|33))\d\d[2-9]\d{6}(?![\w.-])")
_CALL_WORDS = re.compile(r"phone|sms|fax|call|tel|mobile|cell|to=|from=|caller|contact", re.I)


# A local number of seven digits, its exchange and line (`555-0142`, `555-0155 x204`), as a
# phone field holds it when the area code is implied: taken as `_BARE` numbers are.
# (Found from its dash, which `re` skips ahead to; the exchange is looked behind at.)
_LOCAL = re.compile(r"-(?<=(?<![\w.+/:)-])[2-9]\d\d-)\d{4}" + PHONE_EXT + r"(?![\w.:/-]|[- ]\d)")


# A number dialled in its own country with a trunk 0, in groups (`07700 900 418`, `0412 555
# 018`, `0208 555 0111`, `(02) 5550 0100`, `(0)20 7946 0958`), or a Mexican or Hong Kong one
# (`55 5555 0123`, `(852) 5550-1123`): taken in a line tied to PHI.
_TRUNK = re.compile(
    # (Not a toll-free or shared-cost number, an organisation's: `0800 555 0100`; not the end
    # of a longer run of groups: `898 0016 2345 6789`.)
    r"(?<![\w+.:/-])(?<!\d[ ])(?!0(?:800|808|300|500|845|870|13\d\d)[ ])"
    r"(?:0\d{2,4}[ ]\d{3,4}[ ]\d{3,4}|\(0\d{0,4}\)[ ]?\d{2,4}[ ]\d{3,4}"
    r"|\d{2}[ ]\d{4}[ ]\d{4}|\(\d{3}\)[ ]\d{4}-\d{4})(?![\w.:/-]|[ ]\d)"
)


def bare_phones(text: str, *, tied: bool, local: bool = False) -> list[tuple[int, int, str, int]]:
    """Ten-digit North American numbers (`local`: local numbers of seven digits) in `text`
    that is about calling (or `tied` to PHI), and (`tied`) numbers of other countries."""
    found = []
    if tied and not local and " " in text:
        found += [
            (m.start(), m.end(), fax_or_phone(text, m.start()), 1) for m in _TRUNK.finditer(text)
        ]
    for match in (_LOCAL if local else _BARE).finditer(text):
        start = match.start() - 3 if local else match.start()
        if tied or _CALL_WORDS.search(text, max(0, start - 60), start):
            found.append((start, match.end(), fax_or_phone(text, start), 1))
    return found

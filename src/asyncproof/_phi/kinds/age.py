"""AGE: an age over 89 (younger ages are not PHI), after a label or before `years old`."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import each
from asyncproof._phi.declare import DigitLed, Kind, Labelled, Shape
from asyncproof._phi.fields import standing

# An age over 89 in words: `ninety-three`, `one hundred and two`.
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_SPELLED = (
    rf"(?:[Nn]inety(?:[- ]{_UNITS})?|(?:[Oo]ne |[Aa] )?[Hh]undred(?: and (?:{_UNITS}|ten|eleven))?)"
    r"(?![A-Za-z-])"
)

KIND = Kind(
    name="AGE",
    position=50,
    labelled=(
        Labelled(
            family="age",
            order=80,
            labels=(
                r"patient[ _-]?age",
                r"age(?<!-age)(?<!_age)",
                "aged",
                # `"age_at_death":102`, `"oldest_age":"98"`, `turning 95`, `(actual 93)`
                r"age[ _-]at[ _-](?:death|encounter|admission|visit|discharge|service)",
                *each(
                    "oldest youngest current reported actual member subject raw stated true"
                    " recorded computed calculated",
                    r"[ _-]age",
                ),
                "turning",
                "actual",
            ),
            # `age=95s` (a cache's age) is not a person's: no unit may follow.
            # `age>=90`, `aged 90+`: a threshold or a bucket, not someone's age.
            value=r"(?<![<>!=]=)(?<![<>!=]=[ \t])(?<![<>][ \t])(?<!(?<!<)age>)"
            r"(?:9\d|1[0-4]\d|" + _SPELLED + r")"
            r"(?![\d.+]|[ \t]?(?:ms|s|secs?|seconds?|mins?|minutes?|h|hours?|d|days?)\b)",
        ),
    ),
    digit_led=(
        # `92-year-old`, `101 y/o`, `95 years of age`, `(93 y)`.
        DigitLed(
            group="AGE",
            order=90,
            pattern=r"(?P<AGE>(?<=9)\d|(?<=1)[0-4]\d)(?=(?:[ \t]?y\)"
            r"|[ \t-]{1,2}(?:years?|yrs?)[ \t-]{1,2}old"
            r"|[ \t]?(?:y/?o|y\.o\.)(?![A-Za-z])|[ \t-]{1,2}(?:years?|yrs?)[ \t](?:of[ \t])?age"
            r"|[ \t](?:yrs?|years?)\)))",
        ),
    ),
    shapes=(
        # In words, before `years old` or `-year-old`: `ninety-one-year-old`.
        Shape(
            order=141,
            leads=("ninety", "Ninety", "one hundred", "One hundred"),
            pattern=rf"(?:[- ]{_UNITS})?(?:[- ]years?[- ]old|[ ]years of age)",
        ),
        # DICOM `PatientAge=097Y`.
        Shape(
            order=140,
            leads=("PatientAge",),
            pattern=r"[ \t]?[=:][ \t]?[\"']?(?P<AGE>0?(?:9\d|1[0-4]\d))Y(?![A-Za-z0-9])",
        ),
    ),
)


# In a line that holds PHI: an age over 89 standing as a field of its own (`'96'`,
# `,93,M,`, `\t94\t`), quoted, in brackets or between commas, tabs or pipes.
_FIELD = re.compile(r"(?<!\d)(?:9\d|1[01]\d)(?![\d])")


def tied_ages(text: str) -> list[tuple[int, int, str, int]]:
    """Ages over 89 standing as fields of a record, in a line holding PHI."""
    return [
        (m.start(), m.end(), "AGE", 1)
        for m in standing(text, _FIELD)
        # `(91, Hope Walker, ...)`: a row's id first
        if not (text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ",")
        and not _UNIT_AFTER.match(text, m.end())
    ]


# A unit in the next field: a measurement (`OBX|1|NM|8867-4^Heart rate^LN||118|/min|`).
_UNIT_AFTER = re.compile(
    r"[|,;\t][ ]?(?:/|%|mm|mg|kg|g/|bpm|min\b|mmol|mL|cm|lb|U/|IU|mEq|ng|pg|10\*|\{)"
)

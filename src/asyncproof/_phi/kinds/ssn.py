"""SSN: a US Social Security number (or its last four digits) after a label, or `123-45-6789`."""

from __future__ import annotations

from asyncproof._phi.declare import DigitLed, Kind, Labelled

KIND = Kind(
    name="SSN",
    position=90,
    labelled=(
        Labelled(
            family="ssn_last4",
            order=20,
            labels=(
                r"ssn[ _-]?(?:last[ _-]?(?:4|four)|ending)",
                r"last[ _-]?(?:4|four)[ _-]?(?:of[ _-]?)?ssn",
            ),
            value=r"\d{4}(?![\d-])",
        ),
        Labelled(
            family="ssn",
            order=30,
            labels=(
                r"social[ _-]?security(?:[ _-]?(?:number|num|no\.?|#))?",
                # (`my social is 078 05 1120`: said so, the value's shape is enough)
                "social",
                r"ssn",
                r"ssn[ _-]on[ _-]file",
                "ss#",
                r"soc[ _-]?sec(?:[ _-]?(?:number|no\.?|#))?",
            ),
            value=r"\d{3}[ -]?\d{2}[ -]?\d{4}(?![\d-])",
        ),
    ),
    digit_led=(
        # 123-45-6789; group and serial never zero. (An area the SSA never issues, 666 or 9xx,
        # is still a number someone wrote as their SSN, mistyped or made up for a test
        # record: it goes as a valid one does. Not 000: part and catalogue numbers start so.)
        DigitLed(
            group="SSN",
            order=10,
            pattern=r"(?P<SSN>\d{2}(?<!000)-(?!00)\d{2}-(?!0000)\d{4})(?![\w-])",
        ),
    ),
)

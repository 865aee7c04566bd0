"""The records a kind of PHI is declared with: `Kind`, holding `Labelled`, `DigitLed` and `Shape`.

Each module of `asyncproof._phi.kinds` declares one `KIND`; the engine compiles every
declaration into its one pass over the text. A record carries its own validator.

Where records of different kinds compete, their `order` decides (lower first), so that the
compiled patterns do not depend on the order the modules are read in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: Given a value a pattern matched, how many of its leading characters are PHI: `len(value)`
#: for all of it, fewer to cut off a tail that is not (`Jane Doe  Admission Date`), or None
#: when the value is not PHI after all.
Validator = Callable[[str], "int | None"]

#: Given the text and where a value starts in it, the kind to report (a phone number with
#: `fax` before it is a `FAX`).
KindAt = Callable[[str, int], str]


def whole_if(check: Callable[[str], bool]) -> Validator:
    """A `Validator` that keeps all of a value when `check(value)` is true, none of it if not."""

    def validator(value: str) -> int | None:
        return len(value) if check(value) else None

    return validator


# The value of a family whose labels take none: they only stop their words from being read
# as labels of their own (`certificate serial` is not a device's `serial`).
NO_VALUE = r"(?!)"


@dataclass(frozen=True, kw_only=True)
class Labelled:
    """A family of labels (`DOB`, `date_of_birth=`) and the pattern of the value after them.

    Attributes:
        family: A name unique among all kinds.
        labels: Label patterns in lower case, each starting with an ASCII letter. Where two
            labels match at one place, the longer pattern wins (`patient_name` over `patient`).
        value: The value's pattern, matched on the original text after the label and a
            separator (`: `, `="`, ` is `). A group `v` marks the value inside the match (the
            whole match without one); a group `v2` a second value (the end of a period).
        order: Between label patterns of the same length, and between families that share a
            label (`subscriber`: a member id or a name), the lower order is tried first.
        validator: Checks the value found, or None.
    """

    family: str
    labels: tuple[str, ...]
    value: str
    order: int = 1000
    validator: Validator | None = None


@dataclass(frozen=True, kw_only=True)
class DigitLed:
    """A value found by its shape that starts with a digit (`123-45-6789`).

    All of them are alternatives of one pattern that the engine tries only where a digit
    follows a separator, and only when the next characters pass the look-ahead in front of
    the alternatives (`engine._DIGIT_LED_AHEAD`): extend that look-ahead if a new shape needs
    other characters there (a test checks it on the corpus).

    Attributes:
        group: The name of the group the pattern reports its value in (unique).
        pattern: `(?P<group>...)` and its look-arounds, from the second character of the
            value: the engine has matched the separator and the first digit.
        order: The place among the alternatives: the first one that matches wins.
        validator: Checks the value found, or None.
        kind_at: Decides the kind reported from the text around it, or None: the kind.
    """

    group: str
    pattern: str
    order: int = 1000
    validator: Validator | None = None
    kind_at: KindAt | None = None


@dataclass(frozen=True, kw_only=True)
class Shape:
    """A value found by its shape alone, scanned with a pattern of its own.

    Attributes:
        pattern: What follows one of `leads` (the whole pattern without them). A group
            named after the kind marks the value (the whole match without one).
        leads: Alternative beginnings, each a literal first character then anything (`re`
            skips ahead to a literal fast); scanned in groups sharing a first character.
        order: Where one value is found by two shapes of different kinds at the same place
            and of the same length, the lower order wins.
        validator: Checks the value found, or None.
        kind_at: Decides the kind reported from the text around it, or None: the kind.
        start_at: Where the value really starts, given where the match starts (the shape is
            found from a later character, as an e-mail address from its `@`), or -1: none.
        needs: Strings of which the text must contain one for the scan to be worth doing.
    """

    pattern: str
    leads: tuple[str, ...] = ()
    order: int = 1000
    validator: Validator | None = None
    kind_at: KindAt | None = None
    start_at: Callable[[str, int], int] | None = None
    needs: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Kind:
    """One kind of PHI that `find_phi` reports, and how to find it.

    Attributes:
        name: The kind reported (`"SSN"`), upper case.
        position: Where `PHI_KINDS` (and the metrics table) list the kind: the order of the
            HIPAA Safe Harbor list of identifiers.
        labelled: Values found after a label.
        digit_led: Values found by a shape that starts with a digit.
        shapes: Other values found by their shape.
    """

    name: str
    position: int
    labelled: tuple[Labelled, ...] = ()
    digit_led: tuple[DigitLed, ...] = ()
    shapes: tuple[Shape, ...] = ()

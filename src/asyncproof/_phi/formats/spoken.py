"""Numbers spoken digit by digit, as a call's transcript or a speech recogniser writes them
(`my number is plus six one four one two ...`, `zip code seven oh one one six`): a run of five
digit words or more, of the kind the words before it ask for. And a date said aloud after a
word of a birth or a death (`her birthday is october fifth nineteen twenty nine`)."""

from __future__ import annotations

import re

from asyncproof._phi.engine import LABELLED, Candidate
from asyncproof._phi.kinds.date import SPOKEN_DATE, SPOKEN_DATE_LONGEST

_DIGIT = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_RUN = re.compile(
    rf"(?<![a-z])(?P<plus>plus[ ])?{_DIGIT}(?:[ ,-]{{1,2}}{_DIGIT}){{4,15}}(?![a-z])",
    re.IGNORECASE,
)
# What the caller was asked for, in the words just before the number, first cue that fits;
# each kind with the counts of digits it can have.
_ANY = range(5, 17)
_CUES: tuple[tuple[re.Pattern[str], str, range], ...] = tuple(
    (re.compile(cue, re.IGNORECASE), kind, digits)
    for cue, kind, digits in (
        (r"\b(?:social|ssn)\b", "SSN", range(9, 10)),
        (r"\b(?:birth|born|dob|birthday)\b", "DATE", range(6, 9)),
        (r"\b(?:zip|postal|post code|postcode)\b", "ZIP", range(5, 10)),
        (r"\b(?:account|acct)\b", "ACCOUNT", _ANY),
        (r"\b(?:member|policy|subscriber|insurance|medicare|medicaid)\b", "HEALTH_PLAN", _ANY),
        (r"\b(?:medical record|mrn|chart)\b", "MRN", range(5, 13)),
        (r"\bclaim\b", "ID", _ANY),
        (r"\b(?:phone|number|call|reach|cell|mobile|text)\b", "PHONE", range(7, 16)),
    )
)
_DIGIT_WORD = re.compile(_DIGIT, re.IGNORECASE)
_WORDS = frozenset(_DIGIT[3:-1].split("|"))


def spoken_numbers(text: str) -> list[Candidate]:
    """The numbers of `text` spoken digit by digit, each of the kind its cue asks for; a
    number no cue names, or of a count its kind cannot have, is left alone (`one two three
    four five` is a count)."""
    found: list[Candidate] = []
    if _WORDS.isdisjoint(text.split()):
        return (
            found  # most lines (a split costs a third of a scan; of five words one is lower case)
        )
    for run in _RUN.finditer(text):
        digits = len(_DIGIT_WORD.findall(run.group()))
        before = text[max(0, run.start() - 40) : run.start()]
        # (The words said only, not a record's keys before them: `"text":"it's four ...`.)
        before = before[max(before.rfind('"'), before.rfind("=")) + 1 :]
        for cue, kind, counts in _CUES:
            if kind == "PHONE" and run["plus"]:
                pass  # a country code: a phone number whatever precedes it
            elif not cue.search(before):
                continue
            if digits in counts:
                found.append((run.start(), run.end(), kind, LABELLED))
            break
    return found


# A word of a birth or a death; at most four words between it and the date (`born on`, `date
# of birth is`, `he passed on the fourth of october`).
# (`died` and `passed` of a person: `my husband passed on`, not `412 tests passed on`, `the job
# died`)
_LIFE_CUE = re.compile(
    r"(?i:\b(?:born|birth|birthday|dob|death|passed[ ]away"
    r"|(?:he|she|they|mom|mum|dad|mother|father|husband|wife|son|daughter|brother|sister"
    r"|grandma|grandpa|grandmother|grandfather|patient|pt|partner)(?:[ ]has)?[ ]"
    r"(?:passed|died))\b)"
)
# What each of those words holds, in the cases a transcript writes them: a gate before the scan.
# (every case the cue's pattern reads: `Born`, `DOB` and `dob`, `Died`, `DEATH`)
LIFE_CUE_LEADS = (
    "irth",
    "IRTH",
    "orn",
    "ORN",
    "OB",
    "ob",
    "ied",
    "IED",
    "assed",
    "ASSED",
    "eath",
    "EATH",
)


def spoken_dates(text: str) -> list[Candidate]:
    """The dates said aloud in `text` a few words after a word of a birth or a death."""
    found: list[Candidate] = []
    for cue in _LIFE_CUE.finditer(text):
        # (starting within 40 characters, as long as a spoken date is long)
        date = SPOKEN_DATE.search(text, cue.end(), cue.end() + 40 + SPOKEN_DATE_LONGEST)
        if (
            date is not None
            and date.start() <= cue.end() + 40
            and len(text[cue.end() : date.start()].split()) <= 4
        ):
            found.append((date.start(), date.end(), "DATE", LABELLED))
    return found

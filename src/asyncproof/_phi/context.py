"""Values read from the words around them: a label after its value, a display name before an
e-mail address, a name before an age."""

from __future__ import annotations

import re
from functools import cache

from asyncproof._phi.blocks import GAP, LOW, NAME_2_TO_3, TOKEN, UP
from asyncproof._phi.engine import LABELLED, Candidate, Compiled, labelled_value, value_actions
from asyncproof._phi.kinds.name import plausible_name_length
from asyncproof._phi.regex import matches, shape_scanner

# A quoted value with its label after it: `got '7 March 1952' in field birth_date`,
# `(value: 'March 7th, 1952', field: date_of_birth)`. Found from the label's side, then the
# text before it is matched backwards (reversed), so each find costs a bounded amount of work.
# MySQL: `Duplicate entry 'A00938471' for key 'member.member_id'` (the table is left off).
# (`scan` runs this pass only on a text holding one of them.)
FIELD_LEADS = ("field", "Field", "column", "for key")
_FIELD_AFTER = shape_scanner(
    FIELD_LEADS,
    r"(?<![A-Za-z_]field)(?<![A-Za-z_]Field)(?<![A-Za-z_]column)[ \t]{0,2}[:=]?[ \t]{0,2}"
    r"[\"'`]?(?:[A-Za-z_][A-Za-z0-9_]{0,40}\.)?(?P<name>[A-Za-z][A-Za-z0-9_]{1,40})",
)
_QUOTED_BEFORE = re.compile(
    r"[ \t]{0,2}(?:eht[ \t]{1,2})?(?:(?:ni|rof|fo)[ \t]{1,2})?[ \t]{0,2}[,;]?\)?"
    r"(?P<q>['\"])(?P<v>[^'\"\n]{1,60})(?P=q)"
)


def values_before_fields(text: str, compiled: Compiled) -> list[Candidate]:
    """Quoted values followed by the field they are for."""
    candidates: list[Candidate] = []
    for field in _FIELD_AFTER(text):
        actions = value_actions(field.group("name"), compiled)
        if not actions:
            continue
        end = field.start()
        window = text[max(0, end - 80) : end][::-1]
        quoted = _QUOTED_BEFORE.match(window)
        if quoted is None:
            continue
        value_end = end - quoted.start("v")
        value_start = end - quoted.end("v")
        labelled_value(text, value_start, value_end, actions, candidates.append)
    return candidates


def _all_name(text: str, start: int, stop: int) -> bool:
    # With no label to vouch for it, a name with a tail of log text is not taken at all.
    return plausible_name_length(text[start:stop]) == stop - start


# A display name before an e-mail address: `"Rashid, Omar" <omar.rashid@example.org>`.
_ANGLE_EMAIL = re.compile(r"<(?=[A-Za-z0-9._%+-]{1,64}@)")


@cache
def _display_name() -> re.Pattern[str]:
    # Compiled on first use: it takes ~50 ms, most of what importing the patterns would cost.
    return re.compile(rf"(?:\"(?P<q>{NAME_2_TO_3})\"|(?P<b>{NAME_2_TO_3}))[ \t]{{0,2}}\Z")


def email_display_names(text: str) -> list[Candidate]:
    """Names before an e-mail address in angle brackets, when the whole of one is a name."""
    candidates: list[Candidate] = []
    for angle in _ANGLE_EMAIL.finditer(text):
        end = angle.start()
        begin = max(0, end - 80)
        name = _display_name().search(text, begin, end)
        if name is None:
            continue
        start, stop = name.span("q" if name.start("q") >= 0 else "b")
        if _all_name(text, start, stop):
            candidates.append((start, stop, "NAME", LABELLED))
    return candidates


# A name followed by an age: `Hamid Karimi, 92 y/o`, `Zainab Ahmed, 93, re: ...`,
# `(Margarethe Vandersloot, 92)`, `Wilhelmina Strand (90)`.
_AGE_AFTER_NAME = re.compile(
    r",[ \t]{1,2}(?P<age>\d{2,3})(?=-year-old|[ \t]?y/?o(?![A-Za-z])|[ \t]years?[ \t-]old|[,)])"
)
_AGE_IN_BRACKETS = re.compile(r" \((?P<age>9\d|1[0-4]\d)\)")


@cache
def _name_before() -> re.Pattern[str]:
    return re.compile(rf"(?<![{UP}{LOW}])(?P<name>{TOKEN}(?:{GAP}{TOKEN}){{1,2}})\Z")


def names_with_ages(text: str) -> list[Candidate]:
    """A name and the age after it, when the whole name is a name; the age when over 89."""
    candidates: list[Candidate] = []
    ages = list(matches(_AGE_AFTER_NAME, text)) if ", " in text else []
    if " (" in text:
        ages += matches(_AGE_IN_BRACKETS, text)
    for age in ages:
        end = age.start()
        name = _name_before().search(text, max(0, end - 70), end)
        if name is None or not _all_name(text, *name.span("name")):
            continue
        candidates.append((name.start("name"), end, "NAME", LABELLED))
        if 90 <= int(age.group("age")) <= 149:
            candidates.append((age.start("age"), age.end("age"), "AGE", LABELLED))
    return candidates

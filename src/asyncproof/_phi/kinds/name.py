"""NAME: a person's name after a label, a title, a relation or an honorific, or in a greeting.

A name may not contain a word of log text (`Patient Record Not Found`): those words are in
`not_name_words.txt`, next to this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from asyncproof._phi.blocks import (
    GAP,
    LOW,
    NAME_1_TO_3,
    NAME_2_TO_3,
    PARTICLE_WORDS,
    TOKEN,
    UP,
    each,
)
from asyncproof._phi.declare import Kind, Labelled, Shape

# `MR. FERNANDO ALVES DA SILVA`: a name in capitals after an honorific in capitals.
_CAPS_NAME = r"[A-Z][A-Z'-]{1,20}(?:[ \t][A-Z][A-Z'-]{1,20}){1,3}(?![A-Za-z0-9])"
# A name in a key-value field may be all lower case (`"last_name":"o'neil"`): only in quotes or
# right after `=`, so that `last_name must be set` is not read as a name.
_LOWER_NAME = (
    r"(?<=[\"'=])(?!(?:null|none|nil|undefined|true|false|redacted|unknown)(?![a-z]))"
    rf"[{LOW}](?:[{LOW}]|['-](?=[{LOW}])){{1,30}}(?=[\"'&,;}}\s]|$)"
)
# A name in capitals after its label, as forms, cards and identity checks print it
# (`surname=ADEYEMI given=OLUWASEUN TOBI`, `Name EULALIA P. BRANDT`, `Member: JOHANNA M DE
# VRIES`): words in capitals, maybe a middle initial, up to two spaces apart (three or more
# end the field: `MAHLANGU   First:`).
_CAPS_WORD = r"[A-ZÀ-ÖØ-Þ](?:[A-ZÀ-ÖØ-Þ]|['-](?=[A-Z])){1,20}"
_CAPS_VALUE = (
    rf"{_CAPS_WORD}(?:[ ]{{1,2}}(?:[A-Z]\.?[ ]{{1,2}})?{_CAPS_WORD}){{0,3}}"
    # (Not a surname before its given name, `KOWALCZYK, Marek`: the name is both.)
    rf"(?![A-Za-z0-9]|,[ ]{{0,2}}[{UP}])"
)
_HONORIFIC_WORDS = ("Mr", "Mrs", "Ms", "Mx", "Dr", "Prof")
_HONORIFIC_REST = r"\.?[ \t]{1,2}"
_HONORIFIC = "(?:{}){}".format("|".join(_HONORIFIC_WORDS), _HONORIFIC_REST)
# After `"subject"` or `"patient"`: the display name of a FHIR reference to the patient.
_FHIR_DISPLAY = r'"?[ \t]?:[ \t]?\{[ \t]?(?:"reference"[ \t]?:[ \t]?"[^"\n]{0,80}",[ \t]?)?"display'

_NAME_WORD = re.compile(r"[^\s,.]+")


@cache
def _not_name_words() -> frozenset[str]:
    # Read on the first name checked, not on import: `importlib.resources` costs ~10 ms.
    from importlib.resources import files

    text = files(__package__).joinpath("not_name_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


# Words of an organisation's name: a value that holds one is no person's name, in whole.
_ORGANISATION_WORDS = frozenset(
    [
        *("Hospital", "Clinic", "General", "Center", "Centre", "Medical", "Health", "Pharmacy"),
        *("Laboratory", "Laboratories", "Labs", "Medicaid", "Medicare", "Logistics", "Inc"),
        *("Llc", "Corp", "Foundation", "Associates", "Partners", "Services", "Solutions"),
        *("Department", "Dept", "University", "College", "Community", "Outreach", "Insurance"),
        *("Healthcare", "Hospitals", "Clinics", "Ltd", "Llp", "Pllc", "Gmbh", "Plc", "Group"),
        *("Bank", "Trust", "Credit", "Union"),
        *("Elementary", "School", "Academy", "Institute", "Memorial", "Regional", "Hotel"),
        *("Inn", "Supply", "Orthopedics", "Orthopaedics", "Pediatrics", "Mobility"),
    ]
)


def plain_organisation(words: list[str]) -> bool:
    """Whether one of `words` (capitalised) is a word of an organisation's name."""
    return any(word in _ORGANISATION_WORDS for word in words)


def holds_organisation_word(words: Iterable[str]) -> bool:
    """Whether one of `words`, in any case, is a word of an organisation's name (`HOSPITAL`,
    `Elementary`)."""
    return any(word.capitalize() in _ORGANISATION_WORDS for word in words)


def plausible_name_length(value: str) -> int | None:
    """How much of `value` is a person's name.

    Returns:
        `len(value)` when no word of it is a word of log text; when only trailing words are
        (`Jane Doe  Admission Date`), the length of the name before them; None when another
        word is (`Patient Record Not Found`), or when a word names an organisation
        (`Lakeview General Hospital`). A single capital after the first word is an
        initial (`Ngozi A. Eze`, `HERNANDEZ, CARLOS A`), not a word of log text.
    """
    not_name = _not_name_words()
    words = [(word.group(), word.end()) for word in _NAME_WORD.finditer(value)]
    if holds_organisation_word(word for word, _ in words):
        return None  # `Lakeview General Hospital`, `Northwind Logistics HR`: an organisation
    # A single capital after the first word is an initial (`Ngozi A. Eze`, `CARLOS A`).
    checked = words[:1] + [(word, end) for word, end in words[1:] if len(word) > 1]
    if not any(word in not_name for word, _ in checked):
        return len(value)
    while words and words[-1][0] in not_name:
        words.pop()
    if not words or any(word in not_name for word, _ in words):
        return None
    return words[-1][1]


def plausible_caps_name(value: str, *, listed: bool) -> int | None:
    """All of `value` (words in capitals) when no word of it is a word of log text or of an
    organisation's name, and (with `listed`) one of its words is in the name lists."""
    from asyncproof._phi.names import known_name

    words = [word for word in _NAME_WORD.findall(value) if len(word) > 1]
    plain = [word.capitalize() for word in words]
    not_name = _not_name_words()
    if any(word in not_name or word in _ORGANISATION_WORDS for word in plain):
        return None
    if listed and not any(known_name(word, english=True) for word in words):
        return None
    return len(value)


def _single_name(value: str) -> int | None:
    """A name after a label that says which part of a name it is (`surname=`, `first_name:`)."""
    if value.isupper():
        return plausible_caps_name(value, listed=False)
    return plausible_name_length(value)


def _full_name(value: str) -> int | None:
    """A name after a label that may name other things too (`name`, `member`, `user`): in
    capitals, one of its words is a known name."""
    # (`KETTLEWORTH, OBADIAH`, `DOE^JANE`: a name by its shape, read as before.)
    if value.isupper() and "," not in value and "^" not in value:
        return plausible_caps_name(value, listed=True)
    return plausible_name_length(value)


_SAID_WORD = rf"[{UP}{LOW}](?:[{UP}{LOW}]|['-](?=[{UP}{LOW}])){{1,24}}"


def _introduced(value: str) -> int | None:
    """How much of `value` is the name someone gives for themselves: a known given name, and
    the words after it while each is a known name, or capitalised and no word of log text."""
    from asyncproof._phi.names import is_given_name, known_name

    words = value.split(" ")
    if words[0].endswith("'s"):  # `this is Rhonda's husband`: the name without its 's
        return len(words[0]) - 2 if is_given_name(words[0][:-2]) else None
    if not is_given_name(words[0]):
        return None
    not_name = _not_name_words()
    end = len(words[0])
    for word in words[1:]:
        if word.endswith("'s"):
            break
        listed = known_name(word)
        titled = word[:1].isupper() and word.capitalize() not in not_name
        if not (listed or (titled and word not in not_name)):
            break
        end += 1 + len(word)
    return end


def _patient_name(value: str) -> int | None:
    """All of `value` (one name, or an initial and a family name) when no word of it is an
    English word or a word of log text."""
    from asyncproof._phi.names import english_words

    if value.startswith(("St.", "St ")):
        return None  # a saint's, a place's: `resident of St. Brigid's`
    not_name = _not_name_words()
    for word in value.split(" "):
        if len(word.rstrip(".")) <= 1 or word in PARTICLE_WORDS:
            continue
        part = word.split("-")[0]
        if part in not_name:
            return None
        if part.lower() in english_words():
            return None  # (`pt States`, `pt Will`: a word first, a name seldom)
    return len(value)


def _caps_clinician(value: str) -> int | None:
    """All of `value` (words in capitals) when each word is a known name that is no English
    word, or no English word nor word of log text."""
    from asyncproof._phi.names import english_words, known_name

    not_name = _not_name_words()
    for word in value.split():
        if word.capitalize() in not_name or word.capitalize() in _ORGANISATION_WORDS:
            return None
        if not known_name(word) and word.lower() in english_words():
            return None
    return len(value)


def _given_name(value: str) -> int | None:
    """All of `value` when it is a known given name and no English word."""
    from asyncproof._phi.names import is_given_name

    return len(value) if is_given_name(value) else None


KIND = Kind(
    name="NAME",
    position=10,
    labelled=(
        Labelled(
            family="name_single",
            order=260,
            labels=(
                *each("first last given family middle maiden sur", r"[ _-]?name"),
                "fname",
                "lname",
                "dear",
                # Keys of a record (`{'first': 'Ignatius'}`, FHIR `"family":"Núñez"`): only with
                # a quoted value, so that `first attempt` or `last seen` are left alone.
                *each("first last family given", r"(?=[\"']?[ \t]?[:=][ \t]?[\"'])"),
            ),
            value=rf"(?:{_HONORIFIC})?(?P<v>{NAME_1_TO_3}|{_LOWER_NAME}|{_CAPS_VALUE})",
            validator=_single_name,
        ),
        # In logfmt and forms, a part of a name after `:` or `=` with no quote, capitalised or
        # in capitals (`given=OLUWASEUN TOBI`, `patient_last=ROSSI`, `First: Sipho`); not in
        # lower case (`sort=last=asc`).
        Labelled(
            family="name_part",
            order=265,
            labels=(
                *each("given surname", r"(?=[ \t]?[:=][ \t]{0,3}[A-Za-z]{2})"),
                # (`first`, `last` alone before `:` only: `sort=last=asc` is a query's.)
                *each("first last", r"(?=[ \t]?:[ \t]{0,3}[A-Za-z]{2})"),
                *each(
                    "patient pt member subscriber insured guarantor cardholder holder"
                    " prescriber child parent",
                    r"_(?:first|last)(?=[ \t]?[:=][ \t]{0,3}[A-Za-z]{2})",
                ),
            ),
            value=rf"(?P<v>{_CAPS_VALUE}|{NAME_1_TO_3})",
            validator=_single_name,
        ),
        # FHIR `"given":["José","Ramón"]`: the given names, as one match.
        Labelled(
            family="name_given",
            order=270,
            labels=(r"given(?=[\"']?[ \t]?:[ \t]?\[?[ \t]?[\"'])",),
            value=rf"\[?[ \t]?[\"']?(?P<v>(?:{TOKEN}|{_LOWER_NAME})"
            rf"(?:[\"'],[ \t]?[\"'](?:{TOKEN}|{_LOWER_NAME})){{0,4}})",
            # (`"given": ["Test"]`: a test record's, as `Test Patient` is no one's name.)
            validator=plausible_name_length,
        ),
        # The person a clinical note is about, by one name or an initial and a family name:
        # `pt Seamus declined stairs`, `pt H. Whitcombe (96 y/o M)`, `client T. Grünewald`
        # (`pt Refused`, `patient Portal`: a word, no name).
        Labelled(
            family="name_of_patient",
            order=292,
            # (The patterns of `name_full`'s labels, so that `pt-0588` or `patient_id` is no
            # label of either.)
            labels=(r"pt\.?(?![-_])", r"patient(?![_-]?id)", r"client(?![_-])", "resident"),
            # (The label as a note writes it, in lower case and a space before the name:
            # `Patient Messaging <...>` is a title's, `PT: Anaphylactic` a code system's.)
            value=r"(?:(?<=pt )|(?<=Pt )|(?<=patient )|(?<=client )|(?<=resident ))"
            rf"(?P<v>(?:[{UP}]\.[ ])?{TOKEN}(?:{GAP}{TOKEN})?)",
            validator=_patient_name,
        ),
        # `daughter Carla`: a relation word names a person even with one name.
        Labelled(
            family="name_relation",
            order=280,
            labels=(
                *each("mother father spouse husband wife daughter son brother sister", ""),
                *each(
                    "mom mum dad grandson granddaughter grandmother grandfather grandma grandpa"
                    " nephew niece baby fiancé fiancée",
                    "",
                ),
                "guardian",
                "caregiver",
            ),
            value=rf"(?:{_HONORIFIC})?(?P<v>{NAME_1_TO_3})",
        ),
        Labelled(
            family="name_full",
            order=290,
            labels=(
                *each(
                    "patient member subscriber insured guarantor contact legal full preferred"
                    " display guardian parent spouse caregiver emergency[_-]?contact",
                    r"[ _-]?name",
                ),
                # (Not the name of a thing: `client-name`, `file_name`, `event name`.)
                "name"
                + "".join(
                    rf"(?<!{thing}[ _-]name)"
                    for thing in (
                        "client",
                        "app",
                        "device",
                        "host",
                        "file",
                        "queue",
                        "task",
                        "service",
                        "bucket",
                        "table",
                        "column",
                        "field",
                        "event",
                        "template",
                        "job",
                    )
                ),
                r"next[ _-]of[ _-]kin",
                r"emergency[ _-]contact",
                r"patient(?![_-]?id)",
                r"pt\.?(?![-_])",  # `pt-0001` is an opaque id, not "patient ..."
                r"member(?![_-]?id)",
                "subscriber",
                "insured",
                "guarantor",
                "beneficiary",
                "resident",
                "owner",
                "decedent",
                # FHIR `"subject":{"display":"..."}` (a reference to the patient).
                *each("subject patient", _FHIR_DISPLAY),
                "attn",
                "attention",
                *each(
                    "signed referred requested ordered entered approved reviewed submitted"
                    " witnessed verified collected prescribed",
                    r"[ _-]by",
                ),
                "witness",
                "dependent",
                "claimant",
                "holder",
                r"injured[ _-]worker",
                "user",
                # A title before a name: `Nurse Patricia Oyelowo`, `Attorney Carl Brenner`.
                *each("nurse attorney atty officer judge chaplain pastor", ""),
            ),
            value=rf"(?:{_HONORIFIC})?(?P<v>{NAME_2_TO_3}|{_CAPS_VALUE})",
            validator=_full_name,
        ),
    ),
    shapes=(
        Shape(
            order=40,
            leads=_HONORIFIC_WORDS,
            pattern=rf"{_HONORIFIC_REST}(?P<NAME>{NAME_1_TO_3})",
            validator=plausible_name_length,
        ),
        Shape(
            order=50,
            leads=(r"MRS?\.", r"MS\."),
            pattern=rf"[ \t]{{1,2}}(?P<NAME>{_CAPS_NAME})",
            validator=plausible_name_length,
        ),
        # A clinician's name in capitals after `Dr`, as face sheets, referrals and orders print
        # it (`Referring: Dr RAGHUNATHAN`, `ATTENDING: DR AMARA OSEI`): no English word unless a
        # known name (`DR NOTIFIED`, `DR ORDERS`).
        Shape(
            order=51,
            leads=("DR", "Dr"),
            pattern=r"(?<![A-Za-z0-9]DR)(?<![A-Za-z0-9]Dr)\.?[ \t]{1,2}"
            # (Words of four letters or more: `DR MRI`, a device's model, is an acronym's.)
            r"(?P<NAME>[A-Z](?:[A-Z]|['-](?=[A-Z])){3,20}"
            r"(?:[ \t][A-Z](?:[A-Z]|['-](?=[A-Z])){1,20}){0,2})(?![A-Za-z0-9'])",
            validator=_caps_clinician,
        ),
        # A passport's machine-readable zone (ICAO 9303): after `P<` and the issuing state, the
        # surname, `<<`, the given names split by `<` (`P<NGAADEYEMI<<OLUWASEUN<TOBI<<<`).
        Shape(
            order=63,
            leads=("P<",),
            pattern=r"(?<![A-Z0-9<]P<)[A-Z]{3}(?P<NAME>[A-Z]{1,30}(?:<[A-Z]{1,30}){0,3}"
            r"<<[A-Z]{1,30}(?:<[A-Z]{1,30}){0,4})(?![A-Z])",
        ),
        # A greeting: `Hi Deshawn,`, `G'day Jarrah,`, `Namaste Rahul ji,`, `Kia ora Aroha,`,
        # `Hola Sr. Guzmán,` (an iCal text escapes its comma: `Hi Siobhan\,`).
        Shape(
            order=60,
            leads=(
                *("Hi", "Hello", "Dear", "Hey", "G'day", "Namaste", "Kia ora", "Hola", "Olá"),
                *("Bonjour", "Hallo", "Ciao", "Welcome"),
            ),
            pattern=rf",?[ \t](?:{_HONORIFIC}|Sra?\.?[ ]|Dra?\.[ ])?(?P<NAME>{TOKEN})"
            r"(?=\\?[,!:]|[ ]ji[ ,])",
            validator=plausible_name_length,
        ),
        # A message that opens on its reader's name: `body="Funmilayo, your A1c came back"`,
        # `"Imogen, someone tried to sign in"` (a known given name only: `"Sorry, ..."`).
        Shape(
            order=62,
            leads=('"', "'"),
            pattern=rf"(?P<NAME>[{UP}][{LOW}]{{1,20}}(?:-[{LOW}]{{2,10}})?)(?=,[ ][a-z])",
            validator=_given_name,
        ),
        # Someone saying who they are in a text message or a voicemail: `this is Derek
        # calling`, `it's Doreen from ...` (a known given name only: `this is Redis`).
        # In any case, with the family name after it (`hi its tupac okafor`, `my name is
        # lakshmi venkataraman`, `it's Aroha Te Whare`): the given name known, the words after
        # it kept while they are names.
        Shape(
            order=61,
            leads=(
                *("this is", "This is", "it's", "It's", "its", "my name is", "My name is"),
                *("I'm", "i'm", "I am", "je suis", "Je suis", "me llamo", "Me llamo"),
            ),
            pattern=rf"[ ](?P<NAME>{_SAID_WORD}(?:[ ]{_SAID_WORD}){{0,2}})(?![{LOW}{UP}])",
            validator=_introduced,
        ),
    ),
)

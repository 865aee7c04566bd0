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

# An age over 89, in digits or in words.
_OVER_89 = r"(?:9\d|1[0-4]\d|" + _SPELLED + r")"

# Whose age a message says (`my grandmother is 94`).
_RELATIONS = (
    "grandmother grandfather grandma grandpa grandmom grandmum granddad great-grandmother"
    " great-grandfather mother father mom mum dad husband wife aunt uncle"
)

KIND = Kind(
    name="AGE",
    position=50,
    labelled=(
        Labelled(
            family="age",
            order=80,
            labels=(
                # (Longer than `patient(?![_-]?id)`, a name's label, so tried before it.)
                r"patient[ _-]?age(?![ _-]?(?:group|range|bucket))",
                r"age(?<!-age)(?<!_age)",
                "aged",
                # `"age_at_death":102`, `"oldest_age":"98"`, `turning 95`, `(actual 93)`
                r"age[ _-]at[ _-](?:death|encounter|admission|visit|discharge|service|diagnosis"
                r"|dx|onset|enrol(?:l?ment)?|injury|consent|screening|interview|survey)",
                *each(
                    "oldest youngest current reported actual member subject raw stated true"
                    " recorded computed calculated veteran decedent resident applicant"
                    " enrollee beneficiary claimant donor",
                    r"[ _-]age",
                ),
                # (`age_years     93`, `age computed 94`, `falling back to age field 98`)
                r"age(?<!-age)(?<!_age)[ _-](?:in[ _-])?y(?:ea)?rs",
                r"age(?<!-age)(?<!_age)[ _-](?:computed|calculated|field|value)",
                "turning",
                "turns",
                "turned",
                "actual",
            ),
            # `age=95s` (a cache's age) is not a person's: no unit may follow.
            # `age>=90`, `aged 90+`: a threshold or a bucket, not someone's age.
            value=r"(?<![<>!=]=)(?<![<>!=]=[ \t])(?<![<>][ \t])(?<!(?<!<)age>)"
            # The unit written with the age is the age's: `age='96 years'`.
            + _OVER_89
            + r"(?:[ \t]?(?:years?|yrs?|y)(?![A-Za-z]))?"
            r"(?![\d.+]|[ \t]?(?:ms|s|secs?|seconds?|mins?|minutes?|h|hours?|d|days?)\b)",
        ),
        # An age said of a person (`my grandmother is 94`, `Grandma's 102`, `he's 93`, `you're
        # 95`, `shes ninety four`): after a relation or a pronoun, with no unit, decimal or
        # percentage after it (`wife is 95 kg`, `mom's SpO2`).
        Labelled(
            family="age_said",
            order=81,
            labels=(
                *each(_RELATIONS, ""),
                *each(_RELATIONS, "'s"),
                *each("he's she's hes shes you're i'm", ""),
                "he is",
                "she is",
                "you are",
                "i am",
            ),
            # (the relation's name or `who` may stand between: `mother Leialoha is 101`, `my mom
            # who is 92`, `husband Hans, 93.`)
            value=r"(?:(?:who|[A-Z][A-Za-z'-]{1,20})[ ]is[ ]|[A-Z][a-z'-]{1,20},[ ])?"
            r"(?P<v>(?<![<>!=]=)" + _OVER_89 + rf"(?![\d.,%/]\d|[\d%+]|[ -]{_UNITS}))"
            # (only where the clause ends or goes on as an age's does: `he's 93 and`, `you're
            # 95 this year`, `dad is 91 not 19`, `shes ninety four she cant`; not `95 minutes
            # late`, `98 commits behind`, `MOM 98 messages`)
            r"(?=[ ]?(?:$|[,.;:!?)\"'\]])|[ ](?:and|but|not|so|now|this|next|today|on|in|with"
            r"|s?he|i|we|they|years?|yrs?|yo|y/o|year[- ]old)\b)",
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
            # A clinician's shorthand, with the sex after it: `94YOF`, `92 yo M`, `101Y/O`.
            r"|[ \t]?(?:YO|Y/O|yo|y/o)[ \t]?[FMfm]?(?![A-Za-z])"
            r"|[ \t](?:yrs?|years?)\)"
            # (`Théodore Moreau (96 ans)`, `Doña Elena, 93 años`)
            r"|[ \t](?:ans|años|anos|Jahre)(?![A-Za-z])))",
        ),
        # A field of a record that is an age with its unit: `Ngozi Eze\t92y\t`, `,101 yrs,`.
        DigitLed(
            group="AGE_UNIT",
            order=91,
            # (Standing as a field on both sides: `retention 99 years,` is no one's age.)
            pattern=r"(?P<AGE_UNIT>(?:(?:(?<=[\t,;|'\"(\[]9)|(?<=[\t,;|'\"(\[] 9))\d"
            r"|(?:(?<=[\t,;|'\"(\[]1)|(?<=[\t,;|'\"(\[] 1))[0-4]\d)[ ]?(?:y|yrs?|years?))"
            r"(?=[\t,;|'\")\]]|$)",
        ),
        # A DICOM age string (AS): `[095Y]`, `PatientAge=093Y`.
        DigitLed(
            group="AGE_AS",
            order=92,
            pattern=r"(?P<AGE_AS>(?<=0)9\dY|(?<=1)[0-4]\dY)(?![A-Za-z0-9])",
        ),
    ),
    shapes=(
        # In words, before `years old`, `-year-old` or `y/o`: `ninety-one-year-old`,
        # `ninety-one y/o male`.
        Shape(
            order=141,
            leads=("ninety", "Ninety", "one hundred", "One hundred"),
            pattern=rf"(?:[- ]{_UNITS})?(?:[- ]years?[- ]old|[ ]years of age"
            r"|[ ]?y/o(?![A-Za-z])|[ ]y\.o\.|[ ]yo(?![A-Za-z]))",
        ),
        # DICOM `PatientAge=097Y`.
        Shape(
            order=140,
            leads=("PatientAge",),
            pattern=r"[ \t]?[=:][ \t]?[\"']?(?P<AGE>0?(?:9\d|1[0-4]\d)Y)(?![A-Za-z0-9])",
        ),
    ),
)


# In a line that holds PHI: an age over 89 standing as a field of its own (`'96'`,
# `,93,M,`, `\t94\t`, `Bianchi   93  40126`), quoted, in brackets, between commas, tabs or
# pipes, or in a column of spaces.
_FIELD = re.compile(r"(?<!\d)(?:9\d|1[01]\d)(?![\d])")
# With its unit, in a column of a table printed with spaces: `McAllister, Ottilie  95y  alprazolam`.
_COLUMN_WITH_UNIT = re.compile(
    r"(?<=[ ][ ])(?:9\d|1[0-4]\d)[ ]?(?:y|yrs?|years?|Y)(?=[ ][ ]|[\t,;|]|$)"
)
# A measurement's or a place's label just before a number in a column: no age (`HR  104`,
# `SpO2  96`, `room  101`).
_MEASURE_BEFORE = re.compile(
    r"(?i:\b(?:hr|pr|rr|spo2|o2|sat|bp|sbp|dbp|map|pulse|temp|t|wt|weight|ht|height|bmi"
    r"|glu(?:cose)?|bg|room|rm|bed|floor|ward|unit|score|qty|count))[ :=]{1,4}\Z"
)


# A number written with thousands' commas, whose groups are no fields (`($3,115)`,
# `1,104,220`); not a row's fields (`7,101,M`).
_GROUPED = re.compile(r"(?<![\w,.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])")


def tied_ages(text: str) -> list[tuple[int, int, str, int]]:
    """Ages over 89 standing as fields of a record, or said of a person, in a line holding
    PHI."""
    grouped = [m.span() for m in _GROUPED.finditer(text)] if "," in text else []
    found = [
        (m.start(), m.end(), "AGE", 1)
        # (in a table printed with spaces too: on the tuned sets, 23 more ages found and no
        # false one, where other kinds' fields found as many false as true)
        for m in standing(text, _FIELD, columns=True)
        # `(91, Hope Walker, ...)`: a row's id first
        if not (text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ",")
        and not any(a <= m.start() < b for a, b in grouped)
        and not _UNIT_AFTER.match(text, m.end())
        and not _MEASURE_BEFORE.search(text, max(0, m.start() - 12), m.start())
    ]
    if "  " in text:
        found += [
            (m.start(), m.end(), "AGE", 1)
            for m in _COLUMN_WITH_UNIT.finditer(text)
            if not _MEASURE_BEFORE.search(text, max(0, m.start() - 12), m.start())
        ]
    if " " in text:
        found += [(m.start(1), m.end(1), "AGE", 1) for m in _SAID.finditer(text)]
    found += [
        (m.start(), m.end(1), "AGE", 1)
        for m in _AGE_SEX.finditer(text)
        if not _NOT_AN_AGE_BEFORE.search(text, max(0, m.start() - 20), m.start())
    ]
    return found


# A clinician's age and sex, in a line that holds PHI: `Mendez 94F,`, `94 F fall`, `92M`.
# Not a temperature (`T 99F`, `temp was 98 F`) nor a size (`rss=120M`, `disk 95M free`): a word
# of either, at most one word before, and `=` or `#` right before, say so.
_AGE_SEX = re.compile(r"(?<![\w.:/=#-])(9\d|1[0-4]\d)[ ]?[FM](?![A-Za-z0-9°'])")
_NOT_AN_AGE_BEFORE = re.compile(
    r"(?i:\b(?:temp\w*|t|tmax|bt|fever\w*|febrile|deg\w*|now|rss|mem\w*|heap|ram|disk|size"
    r"|room|rm|free|used|cache|limit|quota)\b(?:[ :=]{1,2}[a-z]+)?[ :=]{0,2}|°)\Z"
)


# An age said of a patient in a line that holds PHI (`Hildegard Vonnegut-Marsh is 94`, `pt 97,`,
# `tiene 92 años`, `j'ai 92 ans`, `(ninety-two)`): after a patient's word or a capitalised name
# and `is`; no unit, decimal or percentage after it (`HR is 92 bpm`, `SpO2 is 94%`). Said after
# a pronoun or a relation (`he's 94`, `dad is 91`), it is the `age_said` family's, on any line.
_SAID = re.compile(
    r"(?:(?<![A-Za-z])(?:(?:patient|pt) is"
    r"|[Pp]t|[Tt]iene|[Jj]'ai)"
    r"|(?<![A-Za-z])[A-Z][a-z][A-Za-z'-]{0,30} is)"
    rf"[ ]((?:9\d|1[0-4]\d)(?![\d.,%]\d|[\d%])|\(?{_SPELLED}\)?)"
    r"(?![ ]?(?:ms|s|secs?|mins?|h|hours?|d|days?|bpm|mmHg|mg|kg|lb|%|/)(?![A-Za-z]))"
)


# A unit in the next field: a measurement (`OBX|1|NM|8867-4^Heart rate^LN||118|/min|`).
_UNIT_AFTER = re.compile(
    r"(?:[|,;\t][ ]?|[ ]{1,3})(?:/|%|mm|mg|kg|g/|bpm|min\b|mmol|mL|cm|lb|U/|IU|mEq|ng|pg|10\*"
    r"|\{)"
)


# An observation of a person's age: an HL7 OBX whose code reads `Age` (LOINC 30525-0 `Age`,
# 21612-7 `Age - Reported`), a FHIR Observation coded so, or a FHIR `valueAge`; its value, when
# over 89, is an age whatever its unit field says.
_OBSERVED = re.compile(
    r"\^Age\b[^|\n]{0,40}\|(?:[^|\n]{0,20}\|)?(?P<hl7>9\d|1[0-4]\d)[|^]"
    r"|\"display\"[ ]?:[ ]?\"Age\b[^\"\n]{0,40}\"[^\n]{0,300}?\"value(?:Quantity)?\"[ ]?:[ ]?"
    r"(?:\{[ ]?\"value\"[ ]?:[ ]?)?(?P<fhir>9\d|1[0-4]\d)(?![\d.])"
    r"|\"valueAge\"[ ]?:[ ]?\{[ ]?\"value\"[ ]?:[ ]?(?P<ext>9\d|1[0-4]\d)(?![\d.])"
)


def observed_ages(text: str) -> list[tuple[int, int, str, int]]:
    """Ages over 89 that an HL7 or FHIR observation of the age holds."""
    return [
        (match.start(match.lastgroup), match.end(match.lastgroup), "AGE", 2)
        for match in _OBSERVED.finditer(text)
        if match.lastgroup
    ]


# A list of numbers after the word `age` (`ages = [67, 88, 90, 101]`, `column 'age': 2
# unexpected values: [112, 97]`): those over 89 are people's ages.
# (Found from `ge`, which `re` skips ahead to; the `a` before it is looked behind at.)
_AGE_LIST = re.compile(
    r"ge(?<=(?<![A-Za-z])[Aa]ge)s?(?![A-Za-z])[^\[\n]{0,40}\[(?P<list>[0-9, ]{2,120})\]"
)
_LISTED = re.compile(r"(?<!\d)(?:9\d|1[0-4]\d)(?!\d)")


def listed_ages(text: str) -> list[tuple[int, int, str, int]]:
    """Ages over 89 in a list of numbers that the word `age` names."""
    found = []
    for ages in _AGE_LIST.finditer(text):
        start, end = ages.span("list")
        found += [(m.start(), m.end(), "AGE", 1) for m in _LISTED.finditer(text, start, end)]
    return found


# An age over 89 said right after a person's name, in brackets or between commas (`Mrs. de la
# Cruz (93)`, `Beatrice Oyelaran (90, WH-0012)`, `Evelyn Marsh-Dubois, ninety-four, lives`).
# Or after a space (a dash) with its unit: `Giuseppe Esposito 93y expired`, `BRANDVOLD, Hilda
# — 100 y`.
_AGE_AFTER_NAME = re.compile(
    r"(?:[ ]?\(|,[ ])(?P<age>9\d|1[01]\d|[Nn]inety(?:-[a-z]{3,5})?)"
    r"(?:[,)]|[ ]?(?:y|yo|yrs?|years?)\b)"
    r"|[ ](?:[\u2013\u2014-][ ])?(?P<unit>9\d|1[01]\d)[ ]?(?:y|yo|yrs?|years?)(?![\w/-])"
)


def ages_after_names(
    text: str, found: list[tuple[int, int, str, int]]
) -> list[tuple[int, int, str, int]]:
    """`found` with the ages said right after the names in it."""
    ages: list[tuple[int, int, str, int]] = []
    for index, (_, end, kind, _) in enumerate(found):
        if kind != "NAME":
            continue
        said = _AGE_AFTER_NAME.match(text, end)
        if said is None:
            continue
        start, until = said.span(said.lastgroup or 0)
        following = found[index + 1][0] if index + 1 < len(found) else len(text)
        if until <= following:
            ages.append((start, until, "AGE", 1))
    return sorted(found + ages) if ages else found

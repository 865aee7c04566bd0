"""DATE: a date tied to a person (birth, death, admission, discharge, service), after a label,
or in the 1900s in a shape of its own."""

from __future__ import annotations

import bisect
import re
from functools import cache

from asyncproof._phi.blocks import each
from asyncproof._phi.declare import DigitLed, Kind, Labelled, Shape, whole_if

_MONTH = (
    r"(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]une?|[Jj]uly?"
    r"|[Aa]ug(?:ust)?|[Ss]ep(?:t(?:ember)?)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?"
    r"|JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)"
)
# A month in capitals, written between a day and a year with nothing between (`08FEB1930`).
_CAPS_MONTH = r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
# `Thu 11 Jul 2024 14:40`, `June 17, 2024 at 3:15 PM`: a weekday before, a clock time after.
_WEEKDAY = (
    r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\.?,?[ \t]{1,2})?"
)
_CLOCK = (
    r"(?:,?[ \t]{1,2}(?:at[ \t]{1,2})?\d{1,2}(?::\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
    r"|[ \t]?[AaPp]\.?[Mm]\.?)(?![A-Za-z0-9]))?"
)
_DATE = (
    r"(?:(?:1[89]|20)\d{2}-\d{1,2}-\d{1,2}"
    + _TIME  # 1950-03-14, 2024-03-01T10:00Z
    + r"|(?:19|20)\d{2}/\d{1,2}/\d{1,2}"  # 1950/03/14
    + r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"  # 03/14/1950, 14.03.1950, 3-14-50
    + r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[ ]?[AaPp][Mm](?![A-Za-z]))?)?"
    + r"|\d{1,2}-"
    + _MONTH
    + r"-(?:\d{4}|\d{2})"  # 14-MAR-1950
    + r"|"
    + _WEEKDAY
    + _MONTH
    + r"\.?[ \t]{1,3}\d{1,2}(?:st|nd|rd|th)?,?[ \t]{1,3}\d{4}"  # March 14, 1950
    + _CLOCK
    + r"|"
    + _WEEKDAY
    + r"\d{1,2}(?:st|nd|rd|th)?[ \t]{1,3}(?:of[ \t]{1,3})?"
    + _MONTH
    + r"\.?,?[ \t]{1,3}\d{4}"
    + _CLOCK
    + r"|"
    + _MONTH
    + r"\.?,?[ \t]{1,3}(?:19|20)\d{2}"  # March 1950
    + r"|(?:19|20)\d{6}"  # 19500314 (HL7)
    + r"|(?:datetime\.)?date(?:time)?\((?:19|20)\d{2},[ \t]?\d{1,2},[ \t]?\d{1,2}[^)\n]{0,40}\)"
    + r")(?![\d])"
)

# `discharged 5/28`: month and day, no year (only after a word that ties it to a stay).
_MONTH_DAY = r"(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?![/\d.%])"


def is_not_a_default_date(value: str) -> bool:
    """1900-01-01 and 1970-01-01 are what programs write for "no date" and "epoch zero"."""
    return value not in {"1900-01-01", "1970-01-01", "01/01/1900", "01/01/1970", "1/1/1970"}


# A date in the 1900s found from its year, with no label (as `DATE_1900S` finds `1957-03-14`):
# the month written as a word before the year (`14-Mar-1957`, `March 14th, 1957`, `Thu 3 Dec
# 1931`), or the date as eight digits joined to a file name or a key (`_19410922_`,
# `C4=19490312`, `value="19680229"`, `:19480422`).
_BEFORE_YEAR = re.compile(
    _WEEKDAY.removesuffix("?")
    + r"?(?:\d{1,2}(?:st|nd|rd|th)?[ \t-]{1,3}(?:of[ \t]{1,3})?)?"
    + _MONTH
    + r"\.?(?:[ \t-]{1,3}\d{1,2}(?:st|nd|rd|th)?)?,?[ \t-]{1,3}\Z"
)


# Day and month before the year, split by dots, dashes or slashes (`14.03.1957`,
# `_03-18-1994_`): not after a digit or a dot (`1.4.1957` may be a version).
_DAY_MONTH_BEFORE = re.compile(r"(?<![A-Za-z0-9.])\d{1,2}([./-])\d{1,2}\1\Z")


def year_1900s_start(text: str, start: int) -> int:
    """Where the date whose year (or eight digits) is at `text[start]` starts, or -1 when it
    is no date: a year with no month before it, or digits inside a longer word or number."""
    before = text[start - 1 : start]
    if before.isalnum():
        return -1
    after = text[start + 4 : start + 5]
    if after.isdigit():  # eight digits: joined, not in prose
        return start if before in ("_", "=", ":", '"', "'", "/", ">", "") else -1
    if after == "-":  # `ottoline_greaves_1998-01-30.jpg`: joined to a file name
        return start if before in ("_", "-") else -1
    numbers = _DAY_MONTH_BEFORE.search(text, max(0, start - 6), start)
    if numbers is not None:
        return numbers.start()
    month = _BEFORE_YEAR.search(text, max(0, start - 40), start)
    if month is None or text[month.start() - 1 : month.start()].isalnum():
        return -1
    return month.start()


KIND = Kind(
    name="DATE",
    position=40,
    labelled=(
        Labelled(
            family="date",
            order=50,
            labels=(
                r"date[ _-]?of[ _-]?(?:birth|death|admission|discharge|service|visit|injury|onset)",
                *each(
                    "birth death admission admit discharge service visit encounter appointment"
                    " appt surgery procedure deceased injury accident onset administration"
                    " vaccination immunization implant",
                    r"[ _-]?(?:date|dt)(?:[ _-]?time)?",
                ),
                # FHIR and DICOM: `"effectiveDateTime": ...`, `StudyDate=20261130`.
                *each(
                    "effective occurrence recorded performed authored study series acquisition"
                    " content abatement serviced",
                    r"[ _-]?(?:date|dt)(?:[ _-]?time)?",
                ),
                "doi",
                # HL7 fields named in prose: `PID-7 19960229`.
                r"pid-(?:7|29)",
                r"pv1-(?:44|45)",
                r"booked(?<![-_]booked)(?: (?:at|for|on))?",
                "birthdate",
                "birthday",
                r"patient[ _-]?birth[ _-]?date",
                r"appointment(?: on)?",
                r"visit(?: on)?",
                r"seen on",
                r"d\.o\.b\.?",
                r"dob",
                r"dod",
                r"dos",
                r"dates[ _-]?of[ _-]?service",
                r"born(?: on)?",
                r"died(?: on)?",
                r"passed away(?: on)?",
                r"deceased(?: on)?",
                "appt",
                r"encounter(?: on)?",
                *each(
                    "appointment appt encounter visit service period admit admission discharge"
                    " stay",
                    r"[ _-]?(?:start|end|begin|time|datetime)(?:[ _-]?(?:date|time|dt|at|on))?",
                ),
            ),
            # (With the end of a period after it: `DOS 10/14/2026-11/12/2026`, `Dates of
            # service: 08/14/2026 through 08/19/2026`.)
            value=rf"(?P<v>{_DATE})(?:[ \t]{{0,2}}(?:-|\u2013|through|thru|to)[ \t]{{0,2}}"
            rf"(?P<v2>{_DATE}))?",
        ),
        # A birth date as OCR reads a form, with an O for a 0 and an l or I for a 1
        # (`DOB: O7/21/1962`, `DOB: 09/3O/1946`); the date's shape, three digits at least.
        Labelled(
            family="date_birth_ocr",
            order=52,
            labels=(r"dob", r"d\.o\.b\.?", "date of birth", "birthdate", r"birth[ _-]?date"),
            value=r"(?=[0-9OlI/]{6,10}(?![\w/]))(?=(?:[^0-9\s]*\d){3})(?=[0-9/]*[OlI])"
            r"[0-9OlI]{1,2}/[0-9OlI]{1,2}/(?:[0-9OlI]{4}|[0-9OlI]{2})",
        ),
        # A birth date in eight digits, month first or year first, as IVRs, lab interfaces
        # and claim files write it (`dob=03141931`, `DOB 19310314`).
        Labelled(
            family="date_birth_compact",
            order=51,
            labels=(r"dob", r"d\.o\.b\.?", "birthdate", r"birth[ _-]?date", "date of birth"),
            value=r"(?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:19|20)\d\d"
            r"|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?![\w-])",
        ),
        # When something happens to a person: a visit's start, a reading taken, a specimen
        # drawn (`"start":"2026-12-14T08:30:00"`, `taken_at=2026-12-01T07:55:00Z`, iCal's
        # `DTSTART:20261218T153000Z`), its time of day with it.
        Labelled(
            family="date_event",
            order=55,
            labels=(
                # (A key of its own: not `window_start`, a query's bounds.)
                r"start(?<![a-z_-]start)(?:[ _-]?(?:time|at))?",
                r"end(?<![a-z_-]end)[ _-]?(?:time|at)",
                *each("taken measured observed collected drawn", r"(?:[ _-]?(?:at|on))"),
                # A device's reading's observation (`obs=2026-11-29`).
                r"obs(?=[ \t]?[=:])",
                r"dt(?:start|end)(?:;tzid=[a-z_/]{1,40})?",
            ),
            value=rf"(?:{_DATE}|20\d{{6}}(?=T\d{{4}}))",
        ),
        # FHIR `"period":{"start":"...","end":"..."}`: both ends.
        Labelled(
            family="date_period",
            order=60,
            labels=(
                r'period"?[ \t]?:[ \t]?\{[ \t]?"?start',
                # (FHIR Claim's `billablePeriod`: the label starts a word.)
                r'billableperiod"?[ \t]?:[ \t]?\{[ \t]?"?start',
            ),
            value=rf"(?P<v>{_DATE})(?:[\"']?,[ \t]?[\"']?end[\"']?[ \t]?:[ \t]?[\"']?"
            rf"(?P<v2>{_DATE}))?",
        ),
        # A birth year alone, when it makes the person older than 89 (FHIR's partial
        # `"birthDate": "1930"`, `birth_year=1929`); a later one is no identifier.
        Labelled(
            family="date_birth_year",
            order=65,
            labels=(
                r"birth[ _-]?year",
                r"year[ _-]?of[ _-]?birth",
                r"birthdate(?=\"?[ \t]?:[ \t]?\"(?:18|19)\d\d\")",
                r"born(?=[ \t]?=)",
            ),
            value=r"(?:18\d\d|19[0-2]\d|193[0-6])(?![\d/.-])",
        ),
        Labelled(
            family="date_stay",
            order=70,
            labels=(
                r"admitted(?: on)?",
                r"discharged(?: (?:to )?home)?(?: on)?",
                r"d/c'?d(?: (?:to )?home)?(?: on)?",
                r"implanted(?: on)?",
                r"admission",
                r"discharge",
                # A form's fields: `Hospital d/c date: 11/27/2026   Admit: 11/19/2026`.
                r"admit(?=[ \t]?:)",
                r"d/c[ _-]date",
            ),
            value=rf"(?:{_DATE}|{_MONTH_DAY})",
        ),
    ),
    shapes=(
        Shape(
            order=40,
            leads=("19",),
            pattern=r"\d\d(?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
            r"|-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))?(?![A-Za-z0-9-])",
            start_at=year_1900s_start,
        ),
    ),
    digit_led=(
        # A full date in the 1900s has no business in an error message but as a birth date.
        DigitLed(
            group="DATE_1900S",
            order=40,
            pattern=r"(?P<DATE_1900S>(?<=1)9\d{2}-\d{1,2}-\d{1,2}"
            r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
            r"|\d?[/-]\d{1,2}[/-]19\d{2}"
            # SAS and mainframe dates: `08FEB1930`.
            rf"|\d?{_CAPS_MONTH}19\d{{2}})(?![\w-])",
            validator=whole_if(is_not_a_default_date),
        ),
    ),
)


# A date with no label, in a text that holds other PHI: tied to that person, unless it is
# the time the line was written (at the start of the line, after a timestamp's key, or with
# seconds on its clock).
# The shapes of `_DATE` in three scans, each starting with a character `re` skips ahead to: a
# digit (the first digit is matched, then what the shape needs after it), a capitalised month,
# a `date(` call.
_NOT_AFTER = r"(?![\w/-]|,?[ \t]?\d{1,2}:\d{2}:\d{2}|:\d{2}|\.\d{3})"


# A birth date in eight digits, month first, of the last century (`11231944`).
MONTH_FIRST_BIRTH_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])19\d\d"
# A date said aloud, as a call's transcript or a speech recogniser writes it: a month and a
# spoken day (`october fifth`, `March 14th nineteen thirty-one`, `the fourth of october`), and
# its year if said (`nineteen twenty nine`, `fifty seven`, `twenty nineteen`, `1955`).
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
# A day of a month said as an ordinal (`fifth`, `twenty-first`, `thirtieth`).
SPOKEN_ORDINAL = (
    r"(?:(?:twenty|thirty)[ -]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|thirtieth)"
)
_SPOKEN_YEAR = (
    rf"(?:,?[ ](?:(?:nineteen|twenty)[ -](?:oh[ -]{_UNITS}|{_TEENS}|{_TENS}(?:[ -]{_UNITS})?"
    rf"|hundred)|two[ -]thousand(?:[ -](?:and[ -])?(?:{_UNITS}|{_TEENS}|{_TENS}(?:[ -]{_UNITS})?))?"
    rf"|{_TENS}(?:[ -]{_UNITS})?|(?:19|20)\d\d)(?![\w]|-[A-Za-z]))"
)
_SPOKEN_MONTH = (
    r"(?:january|february|march|april|june|july|august|september|october|november|december"
    # (`may` only as a name: `you may first call`)
    r"|(?-i:May|MAY))"
)
SPOKEN_DATE = re.compile(
    rf"(?<![\w-])(?i:(?:{_SPOKEN_MONTH}[ ](?:the[ ])?(?:{SPOKEN_ORDINAL}(?![\w-])"
    rf"{_SPOKEN_YEAR}?|(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th){_SPOKEN_YEAR})"
    rf"|(?:the[ ])?(?:{SPOKEN_ORDINAL}|(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))[ ]of[ ]"
    # (after `of`, `may` is the month whatever its case: `the first of may`)
    rf"(?:{_SPOKEN_MONTH}|may)(?![\w-]){_SPOKEN_YEAR}?))"
)
# The longest date said aloud (`the twenty seventh of september nineteen ninety nine`).
SPOKEN_DATE_LONGEST = 80


# The months in Spanish, Portuguese, French, Italian and German, as those write them (in lower
# case but German's), where they are not the English name.
_MONTH_ABROAD = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre"
    r"|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
    r"|Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember)"
)


@cache
def _unlabelled() -> tuple[re.Pattern[str], ...]:
    """The three scans, compiled on first use (the month names make them slow to compile)."""
    return (
        re.compile(
            r"\d(?<![\w./:=-]\d)(?:"
            r"(?:(?<=1)[89]|(?<=2)0)\d{2}-\d{1,2}-\d{1,2}"
            + _TIME
            + r"|(?:(?<=1)9|(?<=2)0)\d{2}/\d{1,2}/\d{1,2}"
            # (Dotted with its year in full: `1.4.12` is a version, `10.0.12.40` an address.)
            r"|\d?(?:[/-]\d{1,2}[/-](?:\d{4}|\d{2})|\.\d{1,2}\.\d{4})"
            r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
            r"|\d?-" + _MONTH + r"-(?:\d{4}|\d{2})"
            r"|\d?(?:st|nd|rd|th)?[ \t]{1,3}(?:of[ \t]{1,3})?"
            + _MONTH
            + r"\.?,?[ \t]{1,3}\d{4}"
            + _CLOCK
            + r"|(?:(?<=1)9|(?<=2)0)\d{6}"
            + r"|\d?"
            + _CAPS_MONTH
            + r"(?:19|20)\d{2}"  # 17JUL1936
            r")" + _NOT_AFTER
        ),
        re.compile(
            r"[JFMASOND](?<![\w./:=-][JFMASOND])(?<=(?=" + _MONTH + r")[JFMASOND])"
            r"[a-zA-Z]{2,8}\.?(?:[ \t]{1,3}\d{1,2}(?:st|nd|rd|th)?,?)?[ \t]{1,3}(?:19|20)\d{2}"
            + _CLOCK
            + _NOT_AFTER
        ),
        re.compile(
            r"date(?:time\.date)?(?:time)?\("
            r"(?:19|20)\d{2},[ \t]?\d{1,2},[ \t]?\d{1,2}[^)\n]{0,40}\)"
        ),
        # Joined to a word or a key (`ochoa_miguel_1974-10-02_card.jpg`, `start=2026-12-03T09:30`,
        # `_20261129.pdf`, `svc_date=20261130`), or dotted (`1960.01.31`).
        re.compile(
            r"[_=-](?P<d>(?:19|20)\d\d(?:-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
            r"(?:T\d\d:\d\d(?::\d\d)?)?|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])))"
            # (Not a compact timestamp, `_20261130T142500.pdf`: when a file was written.)
            r"(?![\d-]|T\d{4})"
            r"|(?<![\w.])(?P<dotted>(?:19|20)\d\d\.(?:0[1-9]|1[0-2])\.(?:0[1-9]|[12]\d|3[01]))"
            r"(?![\w.])"
        ),
        # With no year: `on 11/30`, `missed 11/24, 11/26`, `Thu Dec 3`, `November 24`,
        # `3 December` (not a file's time, `Nov 30 03:14`, nor a count: `page 1/3`, `(1/2)`).
        re.compile(
            r"(?<![\w./:(-])(?<!page )(?<!retry )(?<!try )(?<!attempt )(?<!step )"
            r"(?:" + _MONTH_DAY + r"|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6},?"
            r"[ \t])?" + _MONTH + r"\.?[ \t](?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
            r"|(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?[ \t]" + _MONTH + r")"
            # (A time with its `am` or `pm` after it is an appointment's, not a file's.)
            r"(?![\w/-]|[ \t,]{1,2}(?:\d{1,2}:\d\d(?![ ]?(?:[AaPp]\.?[Mm]\.?|[AaPp])(?!\w|\.\w))"
            r"|\d{4}))"
        ),
        SPOKEN_DATE,
        # A day and a month in Spanish, Portuguese, French, Italian or German, and its year
        # (`3 de marzo de 1950`, `el lunes 7 de diciembre`, `5 janvier 1950`, `12. März 1948`).
        # (With what says it is a date: `de` before the month, a year after it, a weekday, an
        # article (`el`, `le`) or a German day's dot before the day; not `12 mars bars`.)
        re.compile(
            r"(?<![\w.,:/-])(?:(?:(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo|lundi"
            r"|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[ ]|(?<=\b(?:el|le|El|Le)[ ]))"
            r"(?:3[01]|[12]\d|0?[1-9])(?:º|°|er)?[ ](?:de[ ])?"
            + _MONTH_ABROAD
            + r"|(?:3[01]|[12]\d|0?[1-9])(?:º|°|er)?[ ]de[ ]"
            + _MONTH_ABROAD
            + r"|(?:3[01]|[12]\d|0?[1-9])\.[ ]"
            + _MONTH_ABROAD
            + r"|(?:3[01]|[12]\d|0?[1-9])(?:º|°|er)?[ ]"
            + _MONTH_ABROAD
            + r"(?=[ ](?:de[ ]|del[ ])?(?:19|20)\d\d))"
            + r"(?:[ ](?:de[ ]|del[ ])?(?:19|20)\d\d)?(?![\w])"
        ),
        # A birth date in eight digits month first, as a field of a row of PHI
        # (`|THUNDERBIRD|ELAINE|R|11231944|F|`, `,03141957,`).
        re.compile(r"(?<=[|,;\t\"' ])" + MONTH_FIRST_BIRTH_DAY + r"(?=[|,;\t\"']|[ ]{2}|$)"),
    )


_STAMPED = re.compile(
    r"(?:^[ \t\[(\"']*|(?:^|[\s{,\[])[\"']?@?(?:ts|time|timestamp|asctime|logged_at|created_at"
    r"|updated_at|at|date)[\"']?[ \t]?[:=][ \t]?[\"']?)\Z"
)

# Not a person's date: the bounds of a query (`from=2026-11-01&to=2026-11-30`), an API's
# version (`"ApiVersion":"2010-04-01"`), or when a licence, a certificate or a lot expires
# (`expires 2027-01-31`).
RANGE_OR_EXPIRY = re.compile(
    r"(?i:[?&,\s{\"'](?:from|to|until|start|end|after|before|gte?|lte?|\w{0,8}version)"
    r"(?:_date)?[\"']?"
    r"[ \t]?[:=][ \t]?[\"']?|expir(?:es|y|ation|ing)(?:[ _](?:on|at|date))?\W{0,3}"
    # SQL's bounds: `BETWEEN '2026-01-01' AND '2026-06-30'`, `dob < '1936-12-01'`.
    r"|between[ \t]{1,3}'?|\d'[ \t]{1,3}and[ \t]{1,3}'|(?<![-=])[<>]=?[ \t]{0,3}'?)\Z"
)
# A clock with seconds: when the line was written (`14:22:09`, `datetime(2026, 11, 30, 14,
# 22, 1)`), not a person's date.
_SECONDS = re.compile(r"\d:\d{2}:\d{2}|\((?:\d+,[ ]?){5}\d+")
# A clinician's name a few words before: the date is of their schedule (`Dr. Chen has no
# slots on 2024-04-03`), not of the patient.
_CLINICIANS = re.compile(
    # (Not after `with`: `your visit with Dr. Okafor on Thu Dec 3` is the patient's.)
    r"(?<!\b[Ww]ith[ ])(?<!\bw/[ ])(?<!\bw/)"
    r"\bDr\.?[ \t][A-Z][\w'-]{1,20}(?:[ \t][A-Z][\w'-]{1,20})?(?:[ \t]\w{1,12}){1,5}[ \t]\Z"
)


# A date first on a line and a field of a record, not a log line's stamp: no time after it
# but the next field (`2026-11-29,Keisha Lawrence-Boyd,...`).
_FIELD_AFTER = re.compile(r"[,;\t|](?![ \t]?\d{1,2}:\d\d)")


def unlabelled_dates(text: str) -> list[tuple[int, int, str, int]]:
    """Dates with no label that are not the line's own timestamp, for a text holding PHI."""
    dates = []
    for match in (match for pattern in _unlabelled() for match in pattern.finditer(text)):
        named = match.groupdict()
        group = "d" if named.get("d") else "dotted" if named.get("dotted") else 0
        start = match.start(group)
        value = match.group(group)
        if (
            (
                _STAMPED.search(text, max(0, start - 20), start)
                and not _FIELD_AFTER.match(text, match.end(group))
            )
            or _CLINICIANS.search(text, max(0, start - 60), start)
            or RANGE_OR_EXPIRY.search(text, max(0, start - 20), start)
            or _SECONDS.search(value)
            or not is_not_a_default_date(value)
        ):
            continue
        dates.append((start, match.end(group), "DATE", 1))
    return dates


# A whole day as a folder or a file of a path (`/MG00418822/2026-11-30.pdf`,
# `/CV-0048213/2026-11-30/tooth-14.png`, `/HALVORSEN^ERIK^J/20261130/`, `/labs/2026-11-30?x=1`).
_PATH_DAY = re.compile(
    r"(?<=/)(?:19|20)\d\d(?:-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
    r"(?=[/?#\s\"'&]|\.[A-Za-z]{2,5}\b|_[A-Za-z]|$)"
)
# What ends a path before a day in it: a space, a quote, a field's separator.
_PATH_ENDS = " \t\r\n\"'<>|,;"


def days_under_a_person(
    line: str, found: list[tuple[int, int, str, int]]
) -> list[tuple[int, int, str, int]]:
    """Whole days written as a folder or a file under a folder or a file of a person's, in
    the same path (`/MG00093358/2026-11-30.pdf`, `RICHARDSON_JAMAL/2026-10-03_order.tif`): the
    day of that person's scan, visit or consent. A day before the person's part is none: a
    store's folder of a day's uploads (`inbox/2026-11-30/okonkwo_adaeze.pdf`) holds everyone's.
    (`found` is sorted and without overlaps.)"""
    ends = [end for _, end, _, _ in found]
    days = []
    for day in _PATH_DAY.finditer(line):
        window = max(0, day.start() - 300)
        path_start = max(line.rfind(end, window, day.start()) for end in _PATH_ENDS) + 1
        path_start = max(path_start, window)
        # (the last found that ends before the day: whether it ends inside the day's path)
        before = bisect.bisect_right(ends, day.start()) - 1
        if before >= 0 and ends[before] > path_start and found[before][0] >= path_start:
            days.append((day.start(), day.end(), "DATE", 1))
    return days


def spoken_dates_on(line: str) -> list[tuple[int, int, str, int]]:
    """The dates said aloud in `line`, a line holding PHI with no digit (`unlabelled_dates`
    reads them where there is one)."""
    return [(match.start(), match.end(), "DATE", 1) for match in SPOKEN_DATE.finditer(line)]


# A weekday before a date found, and a time of day after it, are the date's (`Thu 3 Dec 2026
# 09:30`, `collected=2026-11-29 07:55`): the convention marks a date with its time of day.
_WEEKDAY_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
    r"(?:day|nesday|sday|urday)?\.?,?[ ]\Z"
)
_TIME_AFTER = re.compile(
    r"(?:[ T]|%20|,?[ ](?:at|@)[ ])\d{1,2}(?::|%3A)\d{2}(?:(?::|%3A)\d{2})?"
    r"(?:[ ]?(?:[AaPp]\.[Mm]\.|[AaPp][Mm])(?![A-Za-z0-9]))?(?![\d:])"
)
# `AM` or `PM` after a date found with its clock time (`12/14/2026 9:00 AM`).
_MERIDIEM_AFTER = re.compile(r"(?<=:\d\d)[ ]?(?:[AaPp]\.[Mm]\.|[AaPp][Mm])(?![A-Za-z0-9])")


def with_weekday_and_time(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the date at `text[start:end]` with its weekday before and time after."""
    weekday = _WEEKDAY_BEFORE.search(text, max(0, start - 12), start)
    if weekday is not None:
        start = weekday.start()
    time = _TIME_AFTER.match(text, end) or _MERIDIEM_AFTER.match(text, end)
    if time is not None:
        end = time.end()
    return start, end

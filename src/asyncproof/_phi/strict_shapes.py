"""The shapes strict redaction masks whole, whatever their parts look like.

Dates in digits and in words (in the languages of the name data) with the clock after them,
phone and SSN digit groups (also where an OCR read a digit as `O` or `l`), numbers said digit
by digit, initials with their dots (`J.W.`), e-mail addresses (also written
`ana(at)example.org` or spoken, `ana dot lima at example dot org`), words with escaped
letters, numbers spelled out (`nine hundred twenty two ...`), words spelled letter by letter
(`l i m a`), days of a month spoken (`the twenty third`), ages beside an age word, street
addresses (also with a spoken house number, or typed in lower case with their state code),
care-of lines, flat, suite and box numbers, a city before a state code, a letter spelled by a
word (`B as in boy`), a name said after a title (`doctor ...`). They come in families, and a
family runs only on a line that holds what all its shapes need (a digit, a month's name, a
street type), so a line pays for the families it could hold. Every quantifier is bounded: the
scan is linear in the length of the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from asyncproof._phi.blocks import STATES
from asyncproof._phi.kinds.date import SPOKEN_ORDINAL

__all__ = ["DOTTED_WORDS", "STREET_WORDS", "line_words", "shape_spans", "words"]


def words(text: str) -> list[str]:
    """The words of `text`: lists of words written as prose."""
    return text.split()


# Month and weekday names, English and the other languages of the name data that write them
# differently: one list each, for the shapes below and for the gate that runs them.
_MONTH_NAMES = words(
    "jan january feb february mar march apr april may jun june jul july aug august sep sept "
    "september oct october nov november dec december enero febrero marzo abril mayo junio "
    "julio agosto septiembre octubre noviembre diciembre janvier février fevrier mars avril "
    "mai juin juillet août aout septembre octobre novembre décembre januar februar märz juni "
    "juli oktober dezember janeiro fevereiro março maio junho julho setembro outubro "
    "novembro dezembro gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre"
)
_WEEKDAY_NAMES = words(
    "monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves "
    "viernes sábado domingo lundi mardi mercredi jeudi vendredi samedi dimanche"
)


def _one_of(names: list[str]) -> str:
    """An alternation of `names`, the longest first (`september` before `sep`)."""
    return "|".join(sorted(set(names), key=lambda name: (-len(name), name)))


_MONTH = rf"(?i:{_one_of(_MONTH_NAMES)})\.?"
_DAY_WORD = rf"(?i:{SPOKEN_ORDINAL})"
_WEEKDAY = rf"(?i:{_one_of(_WEEKDAY_NAMES)})"
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_DAY_WORD})"
_YEAR = (
    r"(?:\d{4}|'\d{2}|\d{2}|(?i:nineteen|twenty)[ -]\w{1,12}(?:[ -]\w{1,8})?"
    # a two-digit year spoken: `fifty seven`
    r"|(?i:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?i:one|two|three|four"
    r"|five|six|seven|eight|nine))?)"
)
_STREET_TYPES = words(
    "St Street Ave Avenue Rd Road Blvd Boulevard Ln Lane Dr Drive Way Ct Court Pl Place Ter "
    "Terrace Tce Pkwy Parkway Hwy Highway Cir Circle Sq Square Trl Trail Row Close Crescent "
    "Gardens Grove Walk Mews Parade Park Route"
)
# A street type as a street line writes it, capitalised or in capitals (`Oak Lane`, `OAK LN`):
# in lower case most are ordinary words (`row 12`, `the way`), read only after a number.
_STREET_TYPE = rf"(?:{'|'.join(_STREET_TYPES + [t.upper() for t in _STREET_TYPES])})\b\.?"
# More of USPS's street suffixes (Publication 28), read only after a house number: alone after
# a capitalised word most are ordinary words (`Test Run`, `Data View`, `Check Point`).
_NUMBERED_STREET_TYPES = _STREET_TYPES + words(
    "Av Aly Alley Bnd Bend Cv Cove Xing Crossing Trce Trace Rdg Ridge Holw Hollow Hts Heights "
    "Plz Plaza Pt Point Pass Path Spur Vw View Mnr Manor Est Estates Lndg Landing Tpke Turnpike "
    "Expy Expressway Fwy Freeway Loop Run Pike Glen Knoll Creek Hill Hills Meadow Meadows"
)
_NUMBERED_STREET_TYPE = (
    rf"(?:{'|'.join(_NUMBERED_STREET_TYPES + [t.upper() for t in _NUMBERED_STREET_TYPES])})\b\.?"
)
# (in lower case, only the common types and `av`: `pt`, `run`, `path` are words of a log; `av`
# only where a unit, a comma or the field's end follows, `2291 e sprague av #14`: `in av sync`
# is audio and video)
_LOWER_STREET_TYPE = (
    rf"(?:(?:{'|'.join(t.lower() for t in _STREET_TYPES)})\b\.?"
    r"|av\b\.?(?=[ \t]?(?:[#,;\"']|$)))"
)
_NAME_WORD = r"[A-Z][\w'.-]{0,30}"
# A word of a street's name: a capitalised word or an ordinal (`5TH ST`, `4th Avenue`).
# (Not a clock's `AM` or `PM`: `starts at 2 AM EST`, `9 AM PT` are no Estates, no Point.)
_STREET_NAME_WORD = (
    rf"(?:(?!(?:AM|PM|A\.M\.|P\.M\.)(?!\w)){_NAME_WORD}|\d{{1,3}}(?:st|nd|rd|th|ST|ND|RD|TH))"
)
# A direction after a street type: `5TH ST NE`, `Lyndale Ave S`.
_DIRECTION = r"(?:[ \t](?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|NORTH|SOUTH|EAST|WEST)\b\.?)?"
# A house number, also with a half or a quarter (`17 1/2 Bayview Ter`, `17-1/2`).
_HOUSE = r"\d{1,6}(?:[ \t-][13]/[24])?"
# What follows a street type inside the same address: a unit, with a number or a letter
# (`unit b`, `Apt 3C`, `#4`), or one of the designators that need none (USPS: `rear`, `upper`,
# `bsmt`); said aloud, the town after the street (`... quarry hill road in ash grove`): lower-case
# words up to the clause's end, where a written address capitalises its town.
_UNIT_AFTER = (
    r"(?:,?[ \t](?i:(?:apt|apartment|unit|suite|ste|flat|rm|room|bldg|fl|floor|lot|#)\.?[ \t]?#?"
    r"[a-z0-9]{1,6}|rear|front|upper|lower|uppr|lowr|frnt|bsmt|basement|side|ph)\b)?"
)
_TOWN_AFTER = (
    r"(?:,?[ \t]in[ \t][a-z][\w'-]{1,30}(?:[ \t][a-z][\w'-]{1,30})?(?=[ \t]*(?:$|[,.;:\"'])))?"
)


# Shapes masked whole, whatever their parts: each is bounded, so the scan stays linear.
def _shapes(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns))


# Extensions of files a program names (`client.py:41`), never an e-mail domain's last label.
_FILE_EXTENSIONS = (
    "(?:py|pyi|pyx|js|ts|rs|go|rb|sh|md|txt|log|json|yaml|yml|toml|cfg|ini|sql|html|csv|xml|pdf)"
)

# Shapes masked whole, whatever their parts, in families: a family runs only on a line that
# holds what all its shapes need (a digit, a month's name, a street type), so a line pays for
# the families it could hold. Every quantifier is bounded: the scan stays linear.
_EMAIL = _shapes(
    # e-mail addresses, also written so that no program reads them: `ana(at)x.org`
    r"(?<![\w.+-])[\w.+-]{1,64}(?:(?:@|[ \t]?[(\[]at[)\]][ \t]?)[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"
    # `at` as a plain word only before a domain whose last label is no file's extension:
    # `ana.lima at example.org`, not `Task-3 at client.py:41`
    r"|[ \t]at[ \t][\w-]{1,63}(?:\.[\w-]{1,63}){0,7}\.(?!" + _FILE_EXTENSIONS + r"(?![\w-]))"
    r"[A-Za-z]{2,24}(?![\w-]))",
)
_ESCAPED = _shapes(
    # a word with escaped letters: `L\\xe9vesque`, `Jos\\u00e9`
    r"(?<![A-Za-z])[A-Za-z]{0,30}(?:\\(?:x[0-9a-f]{2}|u[0-9a-f]{4})[A-Za-z]{0,30}){1,8}",
)
# Numbers as speech-to-text writes them: digits, teens, tens and hundreds in words.
_NUMBER_WORDS = words(
    "zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred"
)
_NUMBER_WORD = f"(?:{'|'.join(_NUMBER_WORDS)})"
_DIGIT_WORD = f"(?:{'|'.join(_NUMBER_WORDS[:11])})"  # zero, oh, one ... nine
# The days of a month spoken that are never an ordinary ordinal: from the thirteenth on.
_LATE_DAYS = words(
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth"
)
_SPELLED = _shapes(
    # a house number spoken before a street type (first: a house number of four digit words is
    # the address's, not a run of digits): `forty one twelve colfax avenue north`
    rf"(?i:\b{_NUMBER_WORD}(?:[ \t-]{_NUMBER_WORD}){{0,4}}(?:[ \t][a-z][\w'.-]{{0,30}}){{1,3}}"
    r"[ \t](?:st|street|ave|avenue|rd|road|blvd|boulevard|ln|lane|dr|drive|way|ct|court|pl|place"
    r"|ter|terrace|pkwy|parkway|hwy|highway|cir|circle|trl|trail|route)\b"
    r"(?:[ \t](?:north|south|east|west))?"
    # a route's or a highway's number said after it: `rural route nine`, `highway sixty one`
    rf"(?:[ \t]{_NUMBER_WORD}(?:[ \t-]{_NUMBER_WORD}){{0,3}}\b)?" + _UNIT_AFTER + _TOWN_AFTER + ")",
    # digits spelled out: `five five five, zero one four four`, `nine hundred twenty two forty
    # four`, a phone's `plus one eight oh seven ...`: four number words or more in a row
    rf"(?i:\b(?:plus[ \t])?{_NUMBER_WORD}(?:,?[ \t-]{{1,2}}{_NUMBER_WORD}\b){{3,}})",
    # three digits said one by one (`area code four one four`): no count is said so
    rf"(?i:\b{_DIGIT_WORD}(?:[ \t]{_DIGIT_WORD}){{2,}}\b)",
    # a word spelled letter by letter (speech-to-text): `v a l e n z u e l a`, `b s h`
    r"(?<![\w./'-])(?P<spelling>[A-Za-z](?:[ \t][A-Za-z]){2,40})(?![\w./'-])",
    # an e-mail address spoken: `luis dot valenzuela at example dot com`
    # (`underscore`, `dash` join the parts of its local part: `ana underscore lima at ...`)
    r"(?i:\b\w{1,40}(?:[ \t](?:dot|at|underscore|dash|hyphen)[ \t]\w{1,40}){0,6}"
    r"[ \t]at[ \t]\w{1,40}"
    r"(?:[ \t]dot[ \t]\w{1,20}){1,3}\b)",
    # a year spoken: `nineteen thirty two`, `nineteen oh five` (a year of birth, in speech)
    rf"(?i:\bnineteen(?:[ \t-]{_NUMBER_WORD}){{1,2}}\b)",
    # a rural route or post box number spoken: `route two box forty seven`
    rf"(?i:\b(?:route|box|apartment|unit|suite)[ \t]{_NUMBER_WORD}(?:[ \t-]{_NUMBER_WORD}){{0,4}}"
    rf"(?:[ \t](?:box|apartment|unit|suite)[ \t]{_NUMBER_WORD}(?:[ \t-]{_NUMBER_WORD}){{0,4}})?\b)",
    # a day of a month spoken: `the twenty third`, `the thirtieth` (not `the third attempt`:
    # from the thirteenth on, or a compound)
    r"(?i:\bthe[ \t](?:(?:twenty|thirty)[ -]?(?:first|second|third|fourth|fifth|sixth|seventh"
    rf"|eighth|ninth)|{'|'.join(_LATE_DAYS)})\b)",
)
# A letter spelled by a word that starts with it (`B as in boy`): part of the spelling.
_PHONETIC = _shapes(r"(?<![\w'-])[A-Za-z][ \t]as[ \t]in[ \t][A-Za-z]{2,20}\b")
_SPELLED_TRIGGERS = frozenset([*_NUMBER_WORDS, "dot", *_LATE_DAYS])
_SPELLED_PAIR = re.compile(r"[ \t][A-Za-z][ \t][A-Za-z]")
_SPELLED_LETTERS = re.compile(r"(?<![\w./'-])[A-Za-z][ \t][A-Za-z][ \t][A-Za-z](?![\w./'-])")
_DIGITS = _shapes(
    # dates in digits: 2026-11-28T09:30:00, 03/14/1950, 1950-03-14, 14.03.1950, 3/14
    r"(?<![\w.-])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d{1,9})?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?",
    r"(?<![\w.-])\d{1,4}(?P<sep>[/-])\d{1,2}(?:(?P=sep)\d{1,4})?(?![\w])",
    r"(?<![\w.-])\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}(?!\.\d))(?![\w])",
    # a camera's EXIF stamp (`2026:11:29 18:04:11`), a date typed with spaces (`11 / 03 / 1934`,
    # `7 - 9 - 47`)
    # (also glued to its key: `DateTimeOriginal:2019:03:14`; a day and a month in their ranges,
    # a year of four digits from 1800 or of two: not `split 80 / 10 / 10`)
    r"(?<![\w.-])(?<!\d:)\d{4}:\d{2}:\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?![\w:])",
    r"(?<![\w.])(?:0?[1-9]|[12]\d|3[01])[ \t]{1,2}(?P<spaced>[-/.])[ \t]{1,2}"
    r"(?:0?[1-9]|[12]\d|3[01])[ \t]{1,2}(?P=spaced)[ \t]{1,2}"
    r"(?:1[89]\d{2}|20\d{2}|\d{2})(?![\w])",
    # a date in a repr, with its clock: datetime.date(1950, 3, 14), datetime(2026, 11, 29, 9, 0)
    r"(?<=date\()\d{1,4},[ \t]?\d{1,2},[ \t]?\d{1,2}",
    r"(?:(?<=datetime\()|(?<=DateTime\())\d{1,4},[ \t]?\d{1,2},[ \t]?\d{1,2}(?:,[ \t]?\d{1,2}){0,3}"
    r"(?:,[ \t]?\d{1,6})?",
    # an ordinal, a day of some month: the 14th
    r"\b\d{1,2}(?:st|nd|rd|th)\b",
    # a number said digit by digit, as a transcript or an OCR writes it: `4 0 1 - 2 2 - 7 7 1 8`
    # (before the phone's shape, which would take its first groups and find too few digits)
    r"(?P<said>(?<![\w.])\d(?:[ \t]{1,3}(?:[-\u2013/][ \t]{1,3})?\d){6,24}(?!\w|\.\d))",
    # phone and SSN digit groups: (555) 010-4477, +44 (0)20 7946 0018, 123 - 45 - 6789; tried
    # only where seven digits follow, so that a shorter run (`42 1/2`) leaves its digits to the
    # other shapes
    # (its first character checked before the seven digits are counted)
    r"(?P<phone>(?<![\w.])(?=[+(\d])(?=(?:[^\d\n]{0,5}\d){7})"
    r"\+?\(?\d{1,4}\)?(?:[ \t.-]{0,3}\(?\d{1,4}\)?){2,5}(?![\w]))",
    # a phone's extension, a device's MAC address
    r"(?i:\bext(?:ension)?\.?[ \t=:]{0,2}\d{1,6}|\bx\d{2,6}\b)",
    r"(?<![\w:-])(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?![\w:-])",
    # ages over 89 (Safe Harbor leaves the others): age 94, aged: 94, 94 y/o, 94-year-old, 94
    # yrs, 92 ans
    r"(?i:\bage[ds]?\b[\W_]{0,4}(?:9\d|[1-9]\d\d)(?!\d)"
    r"(?:[ \t-]{0,2}(?:y/?o\b|y\.o\.|yrs?\b|years?(?:[ \t-]old)?\b))?)",
    r"(?i:\b(?:9\d|[1-9]\d\d)[ \t-]{0,2}(?:y/?o\b|y\.o\.|yrs?\b|years?(?:[ \t-]old)?\b|year-old\b"
    r"|ans\b|años\b|anos\b|jahre\b|anni\b|jaar\b|år\b))",
    # a unit, suite, room, lot, rural route or post box number (the lookahead on the words'
    # first letters spares the scan the whole alternation at every other word)
    r"(?=[abfilprsuABFILPRSU])"
    r"(?i:\b(?:apt|apartment|apartamento|apto|appartement|suite|ste|unit|flat|room|rm"
    r"|bed|lot|plot|box|rd|rr|int|app|building|bldg|blk|block|floor|fl|p\.?o\.?[ \t]box)\b"
    r"\.?[ \t]{0,2}#?[ \t]{0,2}\d\w{0,7})",
)
# Holidays on a fixed day: with a year, or a day before or after it, one is a date in words.
_HOLIDAY_NAMES = words("christmas thanksgiving easter halloween hanukkah")
_HOLIDAY = rf"(?i:{_one_of(_HOLIDAY_NAMES)}|new[ \t]year'?s)(?:[ \t](?i:day|eve))?"
_DATE_WORDS = frozenset(_MONTH_NAMES + _WEEKDAY_NAMES + _HOLIDAY_NAMES + ["year"])
_DATES_IN_WORDS = _shapes(
    # the day after Christmas, 1929; Easter 1951; the night before New Year's
    rf"(?i:\bthe[ \t](?:day|night|week|morning|evening)[ \t](?:before|after)[ \t]){_HOLIDAY}"
    r"(?:,?[ \t]{1,3}(?:\d{4}|'\d{2}))?(?![\w])",
    rf"\b{_HOLIDAY},?[ \t]{{1,3}}(?:\d{{4}}|'\d{{2}})(?![\w])",
    # March 14, 1950; 14 Mar 1950; March 1950; the 4th of July 1932; lunes 7 de diciembre;
    # june ninth nineteen forty; Sept 9 '84
    rf"\b{_MONTH}[ \t]{{1,3}}(?:the[ \t])?{_DAY}(?:,?[ \t]{{1,3}}{_YEAR})?(?![\w])",
    # (the article before a day is the date's: `the fourth of october`)
    rf"\b(?:(?i:the)[ \t])?{_DAY}(?:[ \t-]{{1,3}}(?i:of|de))?[ \t-]{{1,3}}{_MONTH}"
    rf"(?:,?(?:[ \t-]{{1,3}}(?i:de|of))?[ \t-]{{1,3}}{_YEAR})?(?![\w])",
    rf"\b{_MONTH}[ \t]{{1,3}}(?:\d{{4}}|'\d{{2}})(?![\w])",
    rf"\b{_WEEKDAY}(?:,?[ \t]{{1,3}}(?:the[ \t])?{_DAY})?",
)
# An age over 89 said in words: `ninety four`, `one hundred and two`, `a hundred and one`.
# A name said after the word name, in speech or chat written in lower case (`my name is rosa
# valenzuela`, `patient name tomas wish nev ski`): up to four words, up to a word that goes on
# with the sentence (a verb of being or a modal, a function word) or a clause's end. A name
# written with capitals is found by the detector and by its capitals.
_SPOKEN_NAME_STOPS = words(
    "is are was were be been being am must should shall can could will would may might does do "
    "did has have had not no and or but of on in at to for from with by as if so that this the "
    "a an like date dob birth spelling spelled sorry please change changed i i'm im my"
)
_SPOKEN_WORD = rf"(?!(?:{_one_of(_SPOKEN_NAME_STOPS)})\b)[a-z][a-z'-]{{0,30}}\b"
# Titles said before a name, none of them a word of programs (`dr`, `ms`, `miss` are).
_TITLES = words("doctor mister missus mrs")
_SPOKEN_NAME = _shapes(
    r"\b(?:my|his|her|their|patient|pt|first|last|full|given|family|middle|maiden)[ \t]name"
    rf"[ \t](?:is[ \t])?(?P<value>{_SPOKEN_WORD}(?:[ \t]{_SPOKEN_WORD}){{0,3}})",
    # after a title said in lower case: `it's doctor pa tel no sorry`
    rf"\b(?:{_one_of(_TITLES)})[ \t](?P<titled>{_SPOKEN_WORD}(?:[ \t]{_SPOKEN_WORD}){{0,2}})",
)
_VALUE_GROUPS = ("value", "titled")
_OLD_AGE_WORDS = _shapes(
    r"(?i:\b(?:(?:a|one)[ \t-])?(?:ninety|hundred)(?:[ \t-]and)?(?:[ \t-][a-z]{1,9})?)"
)
STREET_WORDS = frozenset(street_type.lower() for street_type in _STREET_TYPES)
_NUMBERED_STREET_WORDS = frozenset(street_type.lower() for street_type in _NUMBERED_STREET_TYPES)
_STREETS = _shapes(
    # a street address: house number, words, street type; or words and street type
    rf"\b{_HOUSE}[A-Za-z]?(?:[ \t]{{1,2}}{_STREET_NAME_WORD}){{1,4}}[ \t]{{1,2}}"
    rf"{_NUMBERED_STREET_TYPE}{_DIRECTION}(?:[ \t]\d{{1,5}}\b)?{_UNIT_AFTER}",
    # (in lower case, its words may be ordinals: `4417 n 32nd st #6`)
    rf"\b{_HOUSE}(?:[ \t]{{1,2}}(?:[a-z][\w'.-]{{0,30}}|\d{{1,3}}(?:st|nd|rd|th)))"
    rf"{{1,4}}[ \t]{{1,2}}{_LOWER_STREET_TYPE}"
    rf"(?:[ \t]\d{{1,5}}\b)?{_UNIT_AFTER}{_TOWN_AFTER}",
    rf"\b{_NAME_WORD}(?:[ \t]{{1,2}}{_STREET_NAME_WORD}){{0,3}}[ \t]{{1,2}}{_STREET_TYPE}"
    rf"{_DIRECTION}(?:[ \t]\d{{1,5}}\b)?{_UNIT_AFTER}",
)
# A care-of line names whoever receives the mail: `C/O MERON TADESSE`, `c/o Lakeshore Living`.
_CARE_OF = _shapes(r"(?<![\w/])[Cc]/[Oo](?:[ \t]{1,2}[\w'.-]{1,30}){1,5}")
_STREET_SUFFIXES = (
    "straße",
    "strasse",
    "weg",
    "gasse",
    "laan",
    "vej",
    "gatan",
    "gata",
    "veien",
    "straat",
)
_STREET_LEAD_WORDS = words("Rue Calle Via Avenida Rua Chemin Carrer ul. Ulica")
# Those that are no English word (`via` is), read in lower case too after a house number.
_LOWER_LEAD_WORDS = words("rue calle avenida rua chemin carrer ulica")
_STREETS_ABROAD = _shapes(
    # (and the house's number after it: `Schillerstraße 12`)
    rf"(?i:\b\w{{2,30}}(?:{'|'.join(_STREET_SUFFIXES)})\b(?:[ \t]\d{{1,5}}[a-z]?\b)?)",
    # after its house number, a street abroad also in lower case: `908 rue royale`
    rf"\b\d{{1,6}}[ \t]{{1,2}}(?i:{'|'.join(_LOWER_LEAD_WORDS)})"
    r"(?:[ \t]{1,2}[\w'-]{1,30}){1,3}",
    rf"\b(?:{'|'.join(map(re.escape, _STREET_LEAD_WORDS))})(?:[ \t]{{1,2}}[\w'-]{{1,30}}){{1,3}}",
)
_STREET_LEADS = frozenset(lead.lower().rstrip(".") for lead in _STREET_LEAD_WORDS)
# A house's or a flat's number after the sign that says so, as addresses write it in many
# countries (`Calle 60 No. 412`, `Sk. No:14`, `H.No. 1127`, `Nr. 5`, `nº 12`): a number up to
# three digits is kept as a count elsewhere, not here. (`Retry No. 3` goes too: on the tuned
# sets' lines without PHI no such number stood.)
# (Also in lower case with its dot, `Jl. Monkey Forest no. 88`; Portuguese's `n.º`; glued to
# a street's abbreviation, `Sk.No:14`; before a sentence's full stop, or a plot's letter,
# `No. 14-B`.)
_HOUSE_SIGN = _shapes(
    r"(?<!\w)(?<![^A-Za-z]\.)(?:H\.)?(?:No|NO|Nr|NR|Nro|nro|Nº|nº|N°|n°|N\.º|n\.º|no(?=\.)"
    r"|nr(?=\.))"
    r"(?:\.[ \t]?|:[ \t]?|(?<=[º°])[ \t]?|[ \t](?=\d{1,5}[A-Za-z]?,))"
    r"(?P<value>\d{1,5}[A-Za-z]?(?:-[A-Z]\b)?)(?![\w-])(?!\.\w)",
)
_HOUSE_SIGN_WORDS = frozenset(words("no nr nro"))
# A count's word before a number, or before the sign before it: `Retry No. 3`, `Attempt No:
# 2`, `Page 2 List View`, `Sprint 14 Critical Path` are no house's.
_COUNTED = re.compile(
    r"(?i:\b(?:page|chapter|sprint|step|section|part|phase|stage|version|release|level|round"
    r"|retry|attempt|try|slot|worker|test|question|item|sample|run|job|batch|shard|row|column"
    r"|line|iteration|epoch|week)\b)[ \t]{1,2}\Z"
)
_CITY_STATE = _shapes(
    # a city before a state code or a postcode: Springfield, IL
    # (the capital first, the boundary checked after it: the scan looks for capitals only)
    r"[A-Z](?<!\w[A-Z])[a-z'-]{1,30}(?:[ \t][A-Z][a-z'-]{1,30}){0,2},[ \t]{1,2}[A-Z]{2}\b",
)
# An address typed in lower case: house number, street, town, state code (`908 rue royale,
# new orleans LA`); its words need no capital, the number and the state say what it is. Run
# only on a line with a state's code after a space.
_LOWER_ADDRESS = _shapes(
    r"\b\d{1,6}(?:[ \t][a-z][\w'.-]{0,30}){2,5},[ \t]{1,2}[a-z][a-z'-]{1,30}"
    rf"(?:[ \t][a-z][a-z'-]{{1,30}}){{0,2}}[ \t]{{1,2}}(?:{STATES})\b",
)
_STATE_CODE = re.compile(rf"[ \t](?:{STATES})\b")
# Initials with their dots are a person's (`J.W.`, `R.L.A.`, `F.-M.`), but for the few
# that are a word of a sentence, a clock, a degree or a chart's abbreviation.
_INITIALS = _shapes(r"(?<![\w.])[A-Z]\.(?: ?-?[A-Z]\.){1,4}(?![\w.])")
DOTTED_WORDS = frozenset(
    words("A.M. P.M. U.S. U.S.A. U.K. E.U. U.N. D.C. M.D. D.O. R.N. N.P. P.A. L.P.N. B.S. M.S.")
    + words("B.A. M.A. P.O. I.V. N.B. Q.A. A.D. B.C. C.E. T.V. D.O.B. M.R.N. P.R.N. N.P.O.")
    + words("I.C.U. T.I.D. Q.I.D. B.I.D. H.I.V. E.K.G. E.C.G. D.N.R. C.P.R. E.M.T. B.M.I.")
    + words("A.S.A.P. E.T.A. F.Y.I. R.I.P. A.K.A. P.S.")
)
_DOTTED = re.compile(r"[A-Z]\. ?-?[A-Z]\.")
# A date's clock reading after it is the date's too (`11/03/2026 21:14`, `Dec 3 at 2:30 PM`,
# `11/03/2026,21:14`); after a date in words, also the minutes of an hour its shape read as a
# two-digit year (`Thursday, December 3, 10:30 AM`).
_AM_PM = r"(?:[ \t]?(?i:[ap]\.?m\.?)(?!\w))"
_CLOCK_AFTER = re.compile(
    r"(?:(?:T|[ \t]{1,3}(?:(?i:at|@|-|\u2013)[ \t]{1,3})?|[ \t]{0,2}[,|@;][ \t]{0,2})"
    rf"\d{{1,2}}(?::\d{{2}}(?::\d{{2}}(?:[.,]\d{{1,9}})?)?{_AM_PM}?|{_AM_PM})"
    # (to the end of a range: `Dec 5 2026 8:00-10:00`)
    rf"(?:[ \t]?[-\u2013][ \t]?\d{{1,2}}(?::\d{{2}})?{_AM_PM}?)?(?![\w:])"
    # an hour alone after `at` (`Tuesday 12/8 at 3`)
    r"|[ \t]{1,3}(?i:at|@)[ \t]{1,3}(?:1[0-2]|0?[1-9])(?![\w:/])(?!\.\d))"
)
# ... and a clock's reading right before it (`21:14 11/03/2026`, `9:30 AM on Dec 3`).
_CLOCK_BEFORE = re.compile(
    rf"(?<![\w:.])\d{{1,2}}:\d{{2}}(?::\d{{2}})?{_AM_PM}?(?:,?[ \t]{{1,2}}(?i:on[ \t])?|T)\Z"
)
_MINUTES_AFTER = re.compile(rf":\d{{2}}(?::\d{{2}})?{_AM_PM}?(?![\w:])")
# A date in digits that a clock's reading may follow (the ISO shape takes its own).
_DATE_IN_DIGITS = re.compile(r"\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?|\d{1,2}\.\d{1,2}\.\d{2,4}")
# What an OCR reads for a digit in a run of digits (`773 555 O157`, `555-01O7`, `OI57`): read as
# the digit for the digits' shapes, in a run of four or more holding two digits or more, no
# letter either side (`O2`, `SpO2`, `pool1` are words).
_OCR_RUN = re.compile(
    r"(?<![A-Za-z])(?=[\dOolI]{0,20}\d[\dOolI]{0,20}\d)[\dOolI]{4,24}(?![A-Za-z])"
)
# (a run that holds one holds one beside a digit: the gate for the run's scan)
_OCR_BESIDE_DIGIT = re.compile(r"\d[OolI]|[OolI]\d")
_OCR_AS_DIGIT = str.maketrans("OolI", "0011")
_LETTERS = re.compile(r"[^\W\d_]+")
_HIGH_DIGIT = re.compile(r"[4-9]")
_GROUPED = re.compile(r"[-/\u2013]")
_NUMBER_NAMED = re.compile(
    r"(?i:\b(?:mrn|ssn|social|phone|number|no|id|member|account|acct|policy|call|fax|cell|dob)\b)"
)
_DIGIT = re.compile(r"\d")


def line_words(text: str, start: int, end: int) -> frozenset[str]:
    """The words of `text[start:end]` in lower case: what the gates of the families read."""
    return frozenset(_LETTERS.findall(text[start:end].lower()))


def shape_spans(
    text: str, start: int, end: int, words: frozenset[str] | None = None
) -> list[tuple[int, int]]:
    """The spans of the shapes masked whole in `text[start:end]`, each family run only where
    the line holds what it needs; `words`: its `line_words`, when the caller has them."""
    line = text[start:end]
    low = line.lower()
    if words is None:
        words = line_words(text, start, end)
    families = []
    if "@" in line or "at" in words:
        families.append(_EMAIL)
    if "\\" in line:
        families.append(_ESCAPED)
    # (letters spelled one by one hold a space, a letter, a space, a letter: a scan for a space
    # first, then the whole check)
    if not words.isdisjoint(_SPELLED_TRIGGERS) or (
        _SPELLED_PAIR.search(line) and _SPELLED_LETTERS.search(line)
    ):
        families.append(_SPELLED)
    if " as in " in low:
        families.append(_PHONETIC)
    digit = _DIGIT.search(line) is not None
    ocr = None  # the line with what an OCR read for digits read as them, where it holds some
    if digit:
        families.append(_DIGITS)
        if _OCR_BESIDE_DIGIT.search(line):
            ocr = _OCR_RUN.sub(_ocr_digits, line)
    if not words.isdisjoint(_DATE_WORDS):
        families.append(_DATES_IN_WORDS)
    if "name" in words or not words.isdisjoint(_TITLES):
        families.append(_SPOKEN_NAME)
    if "ninety" in words or "hundred" in words:
        families.append(_OLD_AGE_WORDS)
    if not words.isdisjoint(_NUMBERED_STREET_WORDS):
        families.append(_STREETS)
    if not words.isdisjoint(_STREET_LEADS) or any(s in low for s in _STREET_SUFFIXES):
        families.append(_STREETS_ABROAD)
    if "," in line:
        families.append(_CITY_STATE)
        if digit and _STATE_CODE.search(line):
            families.append(_LOWER_ADDRESS)
    if "c/o" in low:
        families.append(_CARE_OF)
    if digit and (not words.isdisjoint(_HOUSE_SIGN_WORDS) or "º" in line or "°" in line):
        families.append(_HOUSE_SIGN)
    if _DOTTED.search(line):
        families.append(_INITIALS)
    spans = []
    for family in families:
        # (the line read as digits is the line alone: its shapes' spans are moved by `shift`)
        source, shift = (ocr, start) if ocr is not None and family is _DIGITS else (text, 0)
        for hit in _hits(family, source, start - shift, end - shift):
            if family is _DIGITS and hit["said"] and _scores(text, start, hit.start() + shift, hit):
                continue  # digits 0 to 3 one by one: scores, flags, an array of labels
            if family is _INITIALS and hit.group().replace(" ", "") in DOTTED_WORDS:
                continue
            if (family is _HOUSE_SIGN or family is _STREETS) and _COUNTED.search(
                text, max(start, hit.start() - 16), hit.start()
            ):
                continue  # a count's number: `Retry No. 3`, `Page 2 List View`
            # a shape found by the words before it masks only its value
            value = next(
                (
                    hit.span(g)
                    for g in _VALUE_GROUPS
                    if family.groupindex.get(g) and hit.group(g) is not None
                ),
                None,
            )
            if value is None and family is _DATES_IN_WORDS:
                value = (
                    _clock_start(text, start, hit.start()),
                    _clock_end(text, hit.end(), end, hour_too=True),
                )
            elif value is None and family is _DIGITS and _DATE_IN_DIGITS.fullmatch(hit.group()):
                value = (
                    _clock_start(text, start, hit.start() + shift),
                    _clock_end(text, hit.end() + shift, end),
                )
            elif shift:
                value = (hit.start() + shift, hit.end() + shift)
            spans.append(value or hit.span())
            if "spelling" in family.groupindex and hit.group("spelling") is not None:
                spans += _spelled_word(text, start, hit)
    return spans


def _hits(family: re.Pattern[str], text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`family.finditer(text, start, end)` without a phone's groups holding fewer than seven
    digits (no phone, no SSN): there the scan goes on from its second character, so that it
    hides no date it overlaps (`14 11` of `21:14 11/03/2026`)."""
    phones = "phone" in family.groupindex
    position = start
    while True:
        hit = family.search(text, position, end)
        if hit is None:
            return
        if phones and hit["phone"] is not None and sum(c.isdigit() for c in hit["phone"]) < 7:
            position = hit.start() + 1
            continue
        yield hit
        position = max(hit.end(), hit.start() + 1)


def _scores(text: str, start: int, at: int, hit: re.Match[str]) -> bool:
    """Whether a run of digits said one by one (`hit`, at `at` in `text`, whose line starts at
    `start`) is a row of scores or labels: only the digits 0 to 3, in no groups (`1 2 0 3 1 1
    0`, not `2 1 3 - 0 2 - 3 1 1 0`), after no word that names a number (`MRN`, `social`, `call
    me at`)."""
    said = hit["said"]
    return (
        _HIGH_DIGIT.search(said) is None
        and _GROUPED.search(said) is None
        and _NUMBER_NAMED.search(text, max(start, at - 30), at) is None
    )


def _ocr_digits(hit: re.Match[str]) -> str:
    return hit.group().translate(_OCR_AS_DIGIT)


def _clock_start(text: str, start: int, at: int) -> int:
    """Where a clock's reading right before a date's shape starting at `at` starts (`at` if
    none); `start`: where the line starts."""
    clock = _CLOCK_BEFORE.search(text, max(start, at - 20), at)
    return clock.start() if clock else at


def _clock_end(text: str, at: int, end: int, *, hour_too: bool = False) -> int:
    """Where a clock's reading right after a date's shape ending at `at` ends (`at` if none);
    `hour_too`: the shape may have taken its hour (a date in words, its year of two digits)."""
    clock = _CLOCK_AFTER.match(text, at, end)
    if clock is None and hour_too and text[at - 1 : at].isdigit():
        clock = _MINUTES_AFTER.match(text, at, end)
    return clock.end() if clock else at


_WORD_BEFORE = re.compile(r"(?<![\w.-])([A-Za-z]{2,40})[ \t]{1,2}\Z")


def _spelled_word(text: str, start: int, hit: re.Match[str]) -> list[tuple[int, int]]:
    """The word a spelling follows, if the spelling is its own: `hoa h o a`."""
    before = _WORD_BEFORE.search(text, max(start, hit.start() - 43), hit.start())
    letters = hit.group().replace(" ", "").replace("\t", "").lower()
    return [before.span(1)] if before and before.group(1).lower() == letters else []

"""The PHI detectors behind `asyncproof.phi`: regular expressions and the checks that follow them.

Two kinds of detector:

* Labelled: a label such as `DOB`, `MRN #` or `patient_name=` followed by a value. All labels
  are found in one pass over the lower-cased text by a single alternation of literals (fast:
  `re` skips ahead on their first characters), then the value pattern of that label's family
  is matched at the end of the label on the original text.
* Shape-only: values that are recognisable without a label (SSN `123-45-6789`, phone numbers,
  e-mail addresses, street addresses, honorific + name, ...).

Every quantifier is bounded, so the work done at each position of the input is bounded by a
constant: scanning is linear in the length of the text, whatever the text is.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["PHI_KINDS", "Candidate", "scan"]

#: Every kind `find_phi` reports, in the order of the HIPAA Safe Harbor list.
PHI_KINDS = (
    "NAME",
    "ADDRESS",
    "ZIP",
    "DATE",
    "AGE",
    "PHONE",
    "FAX",
    "EMAIL",
    "SSN",
    "MRN",
    "HEALTH_PLAN",
    "ACCOUNT",
    "LICENSE",
    "VEHICLE",
    "DEVICE",
    "URL",
    "IP",
    "ID",
)

# A candidate match: (start, end, kind, priority). Higher priority wins between candidates
# that start at the same place (a labelled value beats the same text found by shape alone).
Candidate = tuple[int, int, str, int]

_LABELLED, _SHAPE = 2, 1

# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------

# Between a label and its value: `DOB: `, `dob="`, `"dob": "`, `MRN #`, `<dob>`, `\"dob\": \"`,
# optionally one linking word (`born on`, `DOB is`, `SSN ending in`).
_SEP = r"""[ \t"':=#>()|\\_-]{0,8}?(?:(?:is|was|of|on|at|in|to|ending(?: in)?)[ \t]{1,3}["']?)?"""

# A personal-name token: Jane, O'Brien, McDonald, Smith-Jones, José. CamelCase code
# identifiers (LabClient) are not tokens: a token must not be followed by a letter.
_UP = "A-ZÀ-ÖØ-Þ\u0100-\u017f"  # Latin-1 and Latin Extended-A (Zielińska)
_LOW = "a-zß-öø-ÿ\u0100-\u017f"
_WORD = rf"[{_UP}][{_LOW}]{{1,20}}"
_TOKEN = (
    rf"(?!(?:Jr|Sr)(?![{_LOW}]))"  # a suffix, not a name: see `_SUFFIX`
    rf"(?:(?:Ma?c{_WORD}|[DO]'{_WORD}|St\.?[ \t]{_WORD}|{_WORD})(?:-(?:[DO]')?{_WORD})?)"
    rf"(?![{_UP}{_LOW}])"
)
# A space, maybe around a middle initial or a lower-case particle (de la, van der, bin).
_PARTICLE = r"(?:de|da|del|della|di|do|dos|das|du|van|von|der|den|la|le|bin|ibn|al|el|y|ter|zu)"
_GAP = rf"[ \t]{{1,2}}(?:[{_UP}]\.?[ \t]{{1,2}}|(?:{_PARTICLE}[ \t]{{1,2}}){{1,2}})?"
# A generational suffix belongs to the name: Jr., Sr., III.
_SUFFIX = r"(?:,?[ \t]{1,2}(?:Jr|Sr|JR|SR|II|III|IV)\.?(?![A-Za-z0-9]))?"
# DICOM and HL7 write names as `Doe^Jane^Q`, often in capitals.
# Trailing empty components (`YAMAMOTO^HARUKI^^^`) belong to the value.
_CARET_NAME = (
    rf"(?:{_TOKEN}|[A-Z][A-Z'-]{{1,20}})(?:\^(?:{_TOKEN}|[A-Z][A-Z'-]{{0,20}})){{1,3}}"
    r"(?:\^{1,4}(?=[\"'\s,;)]|$))?"
)
_NAME_1_TO_3 = rf"(?:{_CARET_NAME}|{_TOKEN}(?:{_GAP}{_TOKEN}){{0,3}}{_SUFFIX})"
# `DOE-ARCENEAUX, DELPHINE M`: a surname in capitals, a comma, a given name and an initial.
_CAPS_LAST_FIRST = (
    rf"[{_UP}][{_UP}'-]{{1,30}},[ \t]{{1,2}}[{_UP}][{_UP}'-]{{1,20}}"
    rf"(?:[ \t]{{1,2}}[{_UP}][{_UP}'-]{{1,20}}(?![A-Za-z0-9]))?(?:[ \t]{{1,2}}[A-Z]\.?)?"
    r"(?![A-Za-z0-9])"
)
# `Whitfield, Harold E.`, `Van der Merwe, Pieter`: surname, comma, given name, initial.
_LAST_FIRST = (
    rf"{_TOKEN}(?:{_GAP}{_TOKEN})?,[ \t]{{1,2}}{_TOKEN}"
    rf"(?:[ \t]{{1,2}}[{_UP}]\.?(?![{_UP}{_LOW}]))?"
)
_NAME_2_TO_3 = (
    rf"(?:{_CARET_NAME}|{_TOKEN}(?:{_GAP}{_TOKEN}){{1,3}}{_SUFFIX}|{_LAST_FIRST}"
    rf"|{_CAPS_LAST_FIRST})"
)
# `MR. FERNANDO ALVES DA SILVA`: a name in capitals after an honorific in capitals.
_CAPS_NAME = r"[A-Z][A-Z'-]{1,20}(?:[ \t][A-Z][A-Z'-]{1,20}){1,3}(?![A-Za-z0-9])"
# A name in a key-value field may be all lower case (`"last_name":"o'neil"`): only in quotes or
# right after `=`, so that `last_name must be set` is not read as a name.
_LOWER_NAME = (
    r"(?<=[\"'=])(?!(?:null|none|nil|undefined|true|false|redacted|unknown)(?![a-z]))"
    rf"[{_LOW}](?:[{_LOW}]|['-](?=[{_LOW}])){{1,30}}(?=[\"'&,;}}\s]|$)"
)
_HONORIFIC_WORDS = ("Mr", "Mrs", "Ms", "Mx", "Dr", "Prof")
_HONORIFIC_REST = r"\.?[ \t]{1,2}"
_HONORIFIC = "(?:{}){}".format("|".join(_HONORIFIC_WORDS), _HONORIFIC_REST)

_MONTH = (
    r"(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]une?|[Jj]uly?"
    r"|[Aa]ug(?:ust)?|[Ss]ep(?:t(?:ember)?)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?"
    r"|JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)"
)
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
    + r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
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

# An identifier value: upper-case letters and digits, at least one digit, single hyphens.
_CODE = r"(?=[A-Z./-]{0,24}\d)[A-Z0-9](?:[A-Z0-9]|[-/.](?=[A-Z0-9])){3,24}(?![A-Za-z0-9-])"
_DIGITS_GROUPED = r"\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,4})?(?![\d-])"
# An extension belongs to the number: `555.014.2298 x12`, `(555) 610-0199 ext 204`.
_PHONE_EXT = r"(?:[ \t,]{0,2}(?:x|ext\.?|extension)[ \t]{0,2}\d{1,6}(?![\w]))?"
_PHONE_VALUE = r"\+?\(?\d[\d \t().-]{5,18}\d(?!\d)" + _PHONE_EXT
# `RXH 448 8120`, `BCX 884 712 039`: an identifier written in groups, letters first.
_SPACED_CODE = r"[A-Z]{1,4}\d{0,6}(?:[ ]\d{2,6}){2,4}(?![A-Za-z0-9])"
_IPV4 = (
    r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d.]\d)"
)
_IPV6 = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])"
_UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
_MAC = r"[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}(?![0-9A-Fa-f])"
_URL_VALUE = r"(?:https?://|www\.)[^\s\"'<>]{0,199}[^\s\"'<>.,;:)\]]"
_MBI = (
    r"[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?"
    r"[AC-HJKMNP-RT-Y]{2}\d{2}(?![A-Za-z0-9])"
)
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ"
    "|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)

_NUM = r"(?:[ _-]?(?:number|num|nbr|no\.?|#|id))?"  # `MRN`, `mrn_no`, `policy number`, `acct #`


def _each(words: str, suffix: str) -> list[str]:
    """`_each("home work", "_phone")` -> `["home_phone", "work_phone"]`.

    Every label must start with a literal character: `re` then skips ahead on the set of
    first characters instead of trying the whole alternation at every position.
    """
    # `[_-]?` inside a word (`health[_-]?plan`) may also be a space; `split()` would cut one.
    return [word.replace("[_-]?", "[ _-]?") + suffix for word in words.split()]


# ---------------------------------------------------------------------------------------------
# Labelled detectors: (family, kind, label patterns in lower case, value pattern)
# ---------------------------------------------------------------------------------------------

# After `"subject"` or `"patient"`: the display name of a FHIR reference to the patient.
_FHIR_DISPLAY = r'"?[ \t]?:[ \t]?\{[ \t]?(?:"reference"[ \t]?:[ \t]?"[^"\n]{0,80}",[ \t]?)?"display'

_FAMILIES: list[tuple[str, str, list[str], str]] = [
    (
        "fax",
        "FAX",
        [r"fax(?:[ _-]?(?:number|num|no\.?|#))?", "facsimile"],
        _PHONE_VALUE,
    ),
    (
        "ssn_last4",
        "SSN",
        [
            r"ssn[ _-]?(?:last[ _-]?(?:4|four)|ending)",
            r"last[ _-]?(?:4|four)[ _-]?(?:of[ _-]?)?ssn",
        ],
        r"\d{4}(?![\d-])",
    ),
    (
        "ssn",
        "SSN",
        [
            r"social[ _-]?security(?:[ _-]?(?:number|num|no\.?|#))?",
            r"ssn",
            "ss#",
            r"soc[ _-]?sec(?:[ _-]?(?:number|no\.?|#))?",
        ],
        r"\d{3}[ -]?\d{2}[ -]?\d{4}(?![\d-])",
    ),
    (
        "phone",
        "PHONE",
        [
            *_each(
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
        ],
        _PHONE_VALUE,
    ),
    (
        "date",
        "DATE",
        [
            r"date[ _-]?of[ _-]?(?:birth|death|admission|discharge|service|visit|injury|onset)",
            *_each(
                "birth death admission admit discharge service visit encounter appointment appt"
                " surgery procedure deceased injury accident onset administration vaccination"
                " immunization implant",
                r"[ _-]?(?:date|dt)",
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
            r"born(?: on)?",
            r"died(?: on)?",
            r"passed away(?: on)?",
            r"deceased(?: on)?",
            "appt",
            r"encounter(?: on)?",
            *_each(
                "appointment appt encounter visit service period admit admission discharge stay",
                r"[ _-]?(?:start|end|begin|time|datetime)(?:[ _-]?(?:date|time|dt|at|on))?",
            ),
        ],
        _DATE,
    ),
    (
        # FHIR `"period":{"start":"...","end":"..."}`: both ends.
        "date_period",
        "DATE",
        [r'period"?[ \t]?:[ \t]?\{[ \t]?"?start'],
        rf"(?P<v>{_DATE})(?:[\"']?,[ \t]?[\"']?end[\"']?[ \t]?:[ \t]?[\"']?(?P<v2>{_DATE}))?",
    ),
    (
        "date_stay",
        "DATE",
        [
            r"admitted(?: on)?",
            r"discharged(?: (?:to )?home)?(?: on)?",
            r"d/c'?d(?: (?:to )?home)?(?: on)?",
            r"implanted(?: on)?",
            r"admission",
            r"discharge",
        ],
        rf"(?:{_DATE}|{_MONTH_DAY})",
    ),
    (
        "age",
        "AGE",
        [r"patient[ _-]?age", r"age(?<!-age)(?<!_age)", "aged"],
        # `age=95s` (a cache's age) is not a person's: no unit may follow.
        # `age>=90`, `aged 90+`: a threshold or a bucket, not someone's age.
        r"(?<![<>!=]=)(?<![<>!=]=[ \t])(?<![<>][ \t])(?<!(?<!<)age>)"
        r"(?:9\d|1[0-4]\d)"
        r"(?![\d.+]|[ \t]?(?:ms|s|secs?|seconds?|mins?|minutes?|h|hours?|d|days?)\b)",
    ),
    (
        "mrn",
        "MRN",
        [
            r"medical[ _-]?record(?:[ _-]?(?:number|num|no\.?|#|id))?",
            r"med[ _-]?rec(?:[ _-]?(?:number|num|no\.?|#))?",
            r"mrn",
            r"chart[ _-]?(?:number|num|no\.?|#)",
            r"patient[ _-]?(?:number|no\.?|#)",
            r"hospital[ _-]?(?:number|no\.?)",
            *_each("encounter visit admission", r"[ _-]?(?:number|no\.?|#)"),
            "pid-3",
            r'mrn"?,[ \t]?"value',
            r"mr[ _-]?(?:number|num|no\.?|#)",
        ],
        rf"(?:{_CODE}|{_SPACED_CODE})",
    ),
    (
        # `chart CH-448812`: a chart alone takes a number of five digits or more.
        "mrn_bare",
        "MRN",
        ["chart"],
        r"[A-Z]{0,4}-?\d{5,12}(?![A-Za-z0-9.-])",
    ),
    (
        "health_plan",
        "HEALTH_PLAN",
        [
            *_each(
                "health[_-]?plan insurance insurer payer",
                r"[ _-]?(?:member[ _-]?)?(?:id|number|num|no\.?|#)",
            ),
            *_each(
                "member subscriber policy beneficiary policyholder",
                r"[ _-]?(?:id|number|num|no\.?|#)",
            ),
            r"medicare[ _-]?(?:beneficiary[ _-]?)?(?:id|identifier|number|num|no\.?|#)?",
            r"medicaid[ _-]?(?:id|number|num|no\.?|#)?",
            "mbi",
            "hicn",
            r"cardholder[ _-]?(?:id|number|no\.?|#)",
            "cardholder",
            "subscriber",
            "member",
        ],
        rf"(?:{_MBI}|{_CODE}|{_SPACED_CODE})",
    ),
    (
        "account",
        "ACCOUNT",
        [
            *_each("billing guarantor bank checking savings patient", r"[ _-]?account" + _NUM),
            *_each("account acct a/c", r"[ _-]?(?:number|num|nbr|no\.?|#)"),
            "acct",
            r"credit[ _-]?card[ _-]?(?:number|num|no\.?|#)",
            r"card[ _-]?(?:number|num|no\.?|#)",
            "iban",
            r"routing[ _-]?(?:number|no\.?)",
        ],
        rf"(?:{_DIGITS_GROUPED}|{_CODE})",
    ),
    (
        # `account 4400-1187-2290`; `account 0092` (a shard, a ledger partition) is too short.
        "account_bare",
        "ACCOUNT",
        ["account"],
        rf"(?:{_DIGITS_GROUPED}|(?=[A-Z-]{{0,24}}\d)[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){{5,24}}"
        r"(?![A-Za-z0-9-]))",
    ),
    (
        "license",
        "LICENSE",
        [
            r"driver'?s?[ _-]?licen[cs]e" + _NUM,
            r"dl[ _-]?(?:number|num|no\.?|#)",
            r"id[ _-]?card" + _NUM,
            *_each("birth death marriage", r"[ _-]?certificate" + _NUM),
            *_each("nursing medical professional state", r"[ _-]?licen[cs]e" + _NUM),
            r"licen[cs]e[ _-]?(?:number|num|no\.?|#)",
            r"certificate[ _-]?(?:number|num|no\.?|#)",
            r"cert[ _-]?(?:number|no\.?|#)",
        ],
        _CODE,
    ),
    (
        # `DL D123-4567-8901`; `mg/dL|70-99` is a unit: a bare `dl` takes a letter-led number.
        "license_dl",
        "LICENSE",
        ["dl"],
        r"(?=[A-Z0-9-]{0,24}\d)[A-Z][A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){3,24}(?![A-Za-z0-9-])",
    ),
    (
        "vin",
        "VEHICLE",
        [
            r"vin(?:[ _-]?(?:number|no\.?|#))?",
            r"vehicle[ _-]?identification[ _-]?number",
            "vehicle",
            "car",
        ],
        r"(?=[0-9]{0,16}[A-Z])(?=[A-Z]{0,16}\d)[A-HJ-NPR-Z0-9]{17}(?![A-Za-z0-9])",
    ),
    (
        "plate",
        "VEHICLE",
        [
            r"licen[cs]e[ _-]?plate" + _NUM,
            r"plate[ _-]?(?:number|num|no\.?|#)",
            "plate",
            r"tag[ _-]?(?:number|no\.?)",
            r"vehicle[ _-]?reg(?:istration)?" + _NUM,
        ],
        # `plate IL 8821 KX`: the state is not part of the plate.
        rf"(?:(?:{_STATES})[ \t](?=[A-Z0-9 -]{{0,8}}\d[A-Z0-9 -]{{0,8}}(?![A-Za-z0-9])))?"
        r"(?P<v>(?=[A-Z -]{0,8}\d)[A-Z0-9](?:[A-Z0-9]|[ -](?=[A-Z0-9])){1,8}(?![A-Za-z0-9]))",
    ),
    (
        "device",
        "DEVICE",
        [
            r"serial(?:[ _-]?(?:number|num|no\.?|#))?",
            "s/n",
            "sn",
            r"device[ _-]?(?:id|identifier|serial|sn|uuid)",
            *_each(
                "implant pacemaker pump monitor glucometer inhaler cgm hearing[_-]?aid",
                r"[ _-]?(?:id|serial(?:[ _-]?(?:number|num|no\.?|#))?|sn|s/n)",
            ),
            "udi",
            "imei",
            "meid",
            r"mac[ _-]?addr(?:ess)?",
        ],
        rf"(?:{_UUID}|{_MAC}|\(01\)\d{{14}}(?:\(\d{{2}}\)[A-Za-z0-9]{{1,20}}){{0,4}}"
        rf"|[0-9a-f]{{12,64}}(?![0-9A-Za-z])"
        rf"|(?=[A-Z-]{{0,30}}\d)[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){{4,40}}(?![A-Za-z0-9:-]))",
    ),
    (
        # A certificate's or a key's serial is infrastructure, not a device of a person's:
        # these labels only stop `serial` from being read on its own.
        "not_phi",
        "",
        [
            r"certificate[ _-]?serial(?:[ _-]?(?:number|num|no\.?|#))?",
            r"cert[ _-]?serial(?:[ _-]?(?:number|num|no\.?|#))?",
            r"key[ _-]?serial(?:[ _-]?(?:number|num|no\.?|#))?",
        ],
        r"(?!)",
    ),
    (
        "other_id",
        "ID",
        [
            r"passport" + _NUM,
            *_each(
                "national state military student employee badge voter tribal",
                r"[ _-]?(?:id|number|no\.?)",
            ),
            *_each("tax taxpayer", r"[ _-]?(?:id|identification[ _-]?number|number)"),
            "itin",
            r"alien[ _-]?(?:registration[ _-]?)?(?:number|no\.?|#)",
            "a-number",
            r"green[ _-]?card" + _NUM,
            r"id[ _-]?no\.?",
            r"badge(?: scan)?",
        ],
        _CODE,
    ),
    (
        # `device FB-CHG6-00A1B2C3`: a device alone takes a long identifier only.
        "device_bare",
        "DEVICE",
        ["device"],
        r"(?=[A-Z-]{0,30}\d)(?=[A-Z0-9-]{8})[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){7,40}(?![A-Za-z0-9:-])",
    ),
    (
        "url",
        "URL",
        [
            *_each("personal home", r"[ _-]?(?:website|url|page)"),
            "website",
            "homepage",
            "home page",
            "blog",
            r"profile[ _-]?(?:url|link|page)",
            *_each(
                "facebook twitter linkedin instagram tiktok", r"(?:[ _-]?(?:url|profile|page))?"
            ),
        ],
        _URL_VALUE,
    ),
    (
        "ip",
        "IP",
        [
            *_each(
                "patient user client member caller remote home customer visitor end[_-]?user"
                " src source login device subscriber",
                r"[ _-]?(?:ip(?:v[46])?|ip[ _-]?addr(?:ess)?|addr(?:ess)?)",
            ),
            r"ip[ _-]?addr(?:ess)?",
            r"ip(?:[ _-]?v[46])?",
            "from",
            r"x-forwarded-for",
            r"client(?![_-]?id)",
            r"x-real-ip",
            "xff",
            *_each("logged signed log sign", r"[ _-]?in from(?: ip)?"),
        ],
        # Not a gRPC target (`ipv4:192.0.2.60:50051`) nor an address with a service's port
        # (below the ephemeral range): those are servers, not people.
        r"(?<![Ii][Pp][Vv][46]:)(?:"
        + _IPV4
        + r"(?!\d)(?!:(?:\d{1,4}|[12]\d{4}|3[01]\d{3}|32[0-6]\d\d)(?!\d))"
        rf"|{_IPV6})",
    ),
    (
        "zip",
        "ZIP",
        [r"zip(?:[ _-]?code)?", r"postal[ _-]?code", "postcode"],
        r"\d{5}(?:-\d{4})?(?![\d-])",
    ),
    (
        "address",
        "ADDRESS",
        [
            *_each("home street mailing billing patient residential", r"[ _-]?address"),
            r"address(?:[ _-]?line[ _-]?1)?",
            r"addr(?:ess)?[ _-]?1",
            r"line[ _-]?1",
        ],
        # Up to the end of the field, or up to the state when a ZIP code follows.
        r"\d{1,6}[A-Z]?[ \t]{1,3}[A-Za-z0-9.,#' \t-]{1,80}?[A-Za-z0-9.]"
        rf"(?=,?[ \t]{{1,3}}(?:{_STATES})[ \t]{{1,3}}\d{{5}}|[ \t]*(?:[\"'\n;|}}]|$))",
    ),
    (
        "name_single",
        "NAME",
        [
            *_each("first last given family middle maiden sur", r"[ _-]?name"),
            "fname",
            "lname",
            "dear",
            # Keys of a record (`{'first': 'Ignatius'}`, FHIR `"family":"Núñez"`): only with a
            # quoted value, so that `first attempt` or `last seen` are left alone.
            *_each("first last family", r"(?=[\"']?[ \t]?[:=][ \t]?[\"'])"),
        ],
        rf"(?:{_HONORIFIC})?(?P<v>{_NAME_1_TO_3}|{_LOWER_NAME})",
    ),
    (
        # FHIR `"given":["José","Ramón"]`: the given names, as one match.
        "name_given",
        "NAME",
        [r"given(?=[\"']?[ \t]?:[ \t]?\[?[ \t]?[\"'])"],
        rf"\[?[ \t]?[\"']?(?P<v>(?:{_TOKEN}|{_LOWER_NAME})"
        rf"(?:[\"'],[ \t]?[\"'](?:{_TOKEN}|{_LOWER_NAME})){{0,4}})",
    ),
    (
        # `daughter Carla`: a relation word names a person even with one name.
        "name_relation",
        "NAME",
        [
            *_each("mother father spouse husband wife daughter son brother sister", ""),
            "guardian",
            "caregiver",
        ],
        rf"(?:{_HONORIFIC})?(?P<v>{_NAME_1_TO_3})",
    ),
    (
        "name_full",
        "NAME",
        [
            *_each(
                "patient member subscriber insured guarantor contact legal full preferred display"
                " guardian parent spouse caregiver emergency[_-]?contact",
                r"[ _-]?name",
            ),
            "name",
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
            *_each("subject patient", _FHIR_DISPLAY),
            "attn",
            "attention",
            *_each(
                "signed referred requested ordered entered approved reviewed submitted witnessed"
                " verified collected prescribed",
                r"[ _-]by",
            ),
            "witness",
            "dependent",
            "claimant",
            "holder",
            r"injured[ _-]worker",
            "user",
            # A title before a name: `Nurse Patricia Oyelowo`, `Attorney Carl Brenner`.
            *_each("nurse attorney atty officer judge chaplain pastor", ""),
        ],
        rf"(?:{_HONORIFIC})?(?P<v>{_NAME_2_TO_3})",
    ),
]

# ---------------------------------------------------------------------------------------------
# Shape-only detectors
# ---------------------------------------------------------------------------------------------

# Led by a digit that follows a separator: one alternation behind `[separator]\d`, so `re`
# only tries it where a number starts (most digits in logs are inside numbers and timestamps).
# The scan runs on "\n" + text, so a digit at the very start also follows a separator.
# A city, when a state follows it (`, Sioux Center", IA`).
_CITY = (
    rf"[A-Z][a-z]{{1,20}}(?:[ \t][A-Z][a-z]{{1,20}}){{0,2}}(?=[\"']?,?[ \t]{{1,3}}(?:{_STATES})\b)"
)

_DIGIT_LED = (
    r"[\s=:(\"',#/\[<>|*^{;]\d"
    # What any alternative below needs in the next three characters: most digits that follow
    # a separator (times, versions, years, sizes) are turned away here, before the alternation.
    r"(?=[A-Z \t/-]|(?<=1)\.|\d(?:[A-Z \t/y-]|\d[\dA-Z \t./y-]))"
    r"(?:"
    # SSN 123-45-6789 (never 000, 666 or 9xx; group and serial never zero)
    r"(?P<SSN>\d{2}(?<!000)(?<!666)-(?!00)\d{2}-(?!0000)\d{4})(?![\w-])"
    r"|(?P<ACCOUNT>\d{3}(?P<cs>[ -])\d{4}(?P=cs)\d{4}(?P=cs)\d{1,7})(?![\w-])"
    r"|(?P<PHONE>\d{2}(?:(?P<ps>[.-]|[ ])\d{3}(?P=ps)|/\d{3}-)\d{4}"
    + _PHONE_EXT
    + r")(?![\w-]|\.\d)"
    # A full date in the 1900s has no business in an error message but as someone's birth date.
    r"|(?P<DATE_1900S>(?<=1)9\d{2}-\d{1,2}-\d{1,2}"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d?[/-]\d{1,2}[/-]19\d{2})"
    r"(?![\w-])"
    r"|(?P<VIN>[A-HJ-NPR-Z0-9]{16})(?![A-Za-z0-9])"
    # A ZIP code after a state after a quoted city (`Round Rock' TX 78681`); after a comma, the
    # ZIP shape below finds it.
    rf"|(?P<ZIP>(?<=[\"'][ \t](?:{_STATES})[ \t]\d)\d{{4}}(?:-\d{{4}})?)(?![\d-])"
    r"|(?P<PHONE_1>(?<=1)(?P<ps1>[ .-])\d{3}(?P=ps1)\d{3}(?P=ps1)\d{4}" + _PHONE_EXT + r")"
    r"(?![\w-]|\.\d)"
    r"|(?P<HEALTH_PLAN>[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]"
    r"\d-[AC-HJKMNP-RT-Y]{2}\d{2})(?![A-Za-z0-9])"
    r"|(?P<AGE>(?<=9)\d|(?<=1)[0-4]\d)(?=(?:[ \t-]{1,2}(?:years?|yrs?)[ \t-]{1,2}old"
    r"|[ \t]?(?:y/?o|y\.o\.)(?![A-Za-z])|[ \t-]{1,2}(?:years?|yrs?)[ \t](?:of[ \t])?age))"
    r"|(?P<ADDRESS>\d{0,5}[A-Z]?[ \t]{1,3}(?:(?:[NSEW]|North|South|East|West|N\.?[EW]|S\.?[EW])"
    r"\.?[ \t]{1,2})?(?:(?:[A-Z][a-z]{1,20}|\d{1,3}(?:st|nd|rd|th))[ \t]{1,2}){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl"
    r"|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Alley|Plaza|Pike)"
    r"\.?(?![A-Za-z])(?:,?[ \t]{1,3}(?:Apt|Apartment|Suite|Ste|Unit|Room|Rm|Floor|Fl|Bldg"
    r"|Building|Lot|Space|#)\.?[ \t]{0,2}#?[A-Za-z0-9-]{1,6}(?![A-Za-z0-9])){0,2}"
    r"(?:,[ \t]{0,3}" + _CITY + r")?)"
    r")"
)
# Group name -> kind, for the groups of `_DIGIT_LED` (each group starts after the leading digit).
_DIGIT_LED_KINDS = {"PHONE_1": "PHONE", "DATE_1900S": "DATE", "VIN": "VEHICLE"}


# (kind, leads, rest): the pattern is `(?:lead|lead|...)rest`, or `rest` alone without leads.
# Each shape starts with a literal or a narrow class, so `re` can skip ahead to it. Leads are
# scanned in groups that share a first character, each group with its own pattern: `re` skips
# ahead on a literal first character far faster than on a set of them (see `_SplitScan`).
_SHAPES: list[tuple[str, tuple[str, ...], str]] = [
    # US phone with area code in parentheses or a leading +1 / international +CC.
    ("PHONE", (), r"\((?<![\w+]\()\d{3}\)[ .-]?\d{3}[ .-]\d{4}" + _PHONE_EXT + r"(?![\w-])"),
    (
        "PHONE",
        (),
        r"\+(?:1[ .-]?(?:\(\d{3}\)[ .-]?|\d{3}(?P<s1>[ .-]))\d{3}[ .-]\d{4}"
        r"|[2-9]\d{0,2}[ .-]\(?\d{1,4}\)?(?:[ .-]\d{2,8}){1,4})" + _PHONE_EXT + r"(?![\w-])",
    ),
    # Found from the `@` (or its URL encoding); the local part is added by `_local_part_start`.
    (
        "EMAIL",
        ("@", "%40"),
        r"\.?[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,7}\.[A-Za-z]{2,24}(?![\w-])",
    ),
    ("NAME", _HONORIFIC_WORDS, rf"{_HONORIFIC_REST}(?P<NAME>{_NAME_1_TO_3})"),
    ("NAME", (r"MRS?\.", r"MS\."), rf"[ \t]{{1,2}}(?P<NAME>{_CAPS_NAME})"),
    # A greeting: `Hi Deshawn,`.
    ("NAME", ("Hi", "Hello", "Dear"), rf"[ \t](?P<NAME>{_TOKEN})(?=,)"),
    # "results for Jane Doe", "registered to Owen Price": two or more capitalised words after
    # a word that points at a person. Case-sensitive, so `re` skips ahead on the literals.
    (
        "NAME",
        ("for", "to", "of", "reach", "caller", "decedent", "from"),
        rf"[ \t]{{1,2}}"
        rf"(?P<NAME>{_LAST_FIRST}|{_TOKEN}(?:{_GAP}{_TOKEN}){{1,2}}{_SUFFIX})",
    ),
    ("ZIP", (), rf",[ \t]{{0,3}}(?:{_STATES})[ \t]{{1,3}}(?P<ZIP>\d{{5}}(?:-\d{{4}})?)(?![\d-])"),
    # HL7 v2 segments are read field by field: see `_hl7`.
    # A GS1 UDI: the device identifier (01) and at least one production identifier (serial,
    # lot, expiry), as one match.
    ("DEVICE", (), r"\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9]{1,20}){1,6}(?![A-Za-z0-9])"),
    # `MRN00442197`: a medical record number that carries its label as a prefix.
    ("MRN", (), r"MRN(?<![A-Za-z0-9]MRN)[-_]?\d{5,12}(?![A-Za-z0-9])"),
    # X12 segments are read element by element: see `_x12`.
    (
        "ADDRESS",
        (r"P\.?[ \t]?O\.?", "Post [Oo]ffice", "post office"),
        rf"[ \t]{{0,2}}[Bb][Oo][Xx][ \t]{{1,3}}#?\d{{1,6}}(?!\d)(?:,[ \t]{{0,3}}{_CITY})?",
    ),
    # Rural and highway-contract routes: `RR 2 Box 118`, `Rural Route 1, Box 7`, `HC 68 Box 22A`.
    (
        "ADDRESS",
        ("RR", "Rural Route", "HC"),
        r"(?<![A-Za-z0-9]RR)(?<![A-Za-z0-9]HC)[ \t]{1,2}\d{1,4},?[ \t]{1,2}Box[ \t]{1,2}"
        rf"\d{{1,6}}[A-Z]?(?![A-Za-z0-9])(?:,[ \t]{{0,3}}{_CITY})?",
    ),
    # DICOM attributes by keyword: `PatientID=RAD0048812`, `PatientAge=097Y`.
    ("MRN", ("PatientID",), rf"[ \t]?[=:][ \t]?[\"']?(?P<MRN>{_CODE})"),
    ("AGE", ("PatientAge",), r"[ \t]?[=:][ \t]?[\"']?(?P<AGE>0?(?:9\d|1[0-4]\d))Y(?![A-Za-z0-9])"),
    # A VIN led by a letter; those led by a digit are in `_DIGIT_LED`.
    ("VEHICLE", (), r"[A-HJ-NPR-Z](?<![A-Za-z0-9].)[A-HJ-NPR-Z0-9]{16}(?![A-Za-z0-9])"),
    (
        "URL",
        (),
        r"https?://(?:www\.)?(?:facebook|twitter|x|linkedin|instagram|tiktok)\.com/"
        r"(?:in/)?[A-Za-z0-9_.-]{2,60}",
    ),
]

# ---------------------------------------------------------------------------------------------
# Checks that a regular expression cannot express cheaply
# ---------------------------------------------------------------------------------------------

# Capitalised words that start error messages and log lines. A "name" containing one of them
# ("Patient Record Not Found") is text, not a person.
_NOT_NAME_WORDS = frozenset(
    [
        "A",
        "About",
        "Access",
        "Account",
        "Active",
        "Add",
        "Added",
        "Address",
        "Admin",
        "Admission",
        "After",
        "All",
        "Allowed",
        "An",
        "And",
        "Another",
        "Any",
        "Api",
        "App",
        "Appointment",
        "Are",
        "As",
        "At",
        "Attempt",
        "Auth",
        "Available",
        "Back",
        "Bad",
        "Batch",
        "Bed",
        "Before",
        "Billing",
        "Body",
        "Booked",
        "Both",
        "Bulk",
        "But",
        "By",
        "Cache",
        "Call",
        "Called",
        "Can",
        "Cancel",
        "Cancelled",
        "Canceled",
        "Cannot",
        "Care",
        "Center",
        "Chart",
        "Check",
        "Claim",
        "Claims",
        "Class",
        "Client",
        "Clinic",
        "Close",
        "Closed",
        "Code",
        "Column",
        "Complete",
        "Completed",
        "Config",
        "Conflict",
        "Connect",
        "Connection",
        "Consent",
        "Contact",
        "Could",
        "Count",
        "Create",
        "Created",
        "Critical",
        "Data",
        "Database",
        "Date",
        "Debug",
        "Default",
        "Delete",
        "Deleted",
        "Denied",
        "Department",
        "Dev",
        "Device",
        "Did",
        "Directory",
        "Discharge",
        "Do",
        "Doctor",
        "Does",
        "Done",
        "Duplicate",
        "Email",
        "Empty",
        "Encounter",
        "Error",
        "Errors",
        "Event",
        "Exception",
        "Expired",
        "External",
        "Failed",
        "Failure",
        "False",
        "Field",
        "Fields",
        "File",
        "Files",
        "Final",
        "For",
        "Forbidden",
        "Form",
        "Found",
        "From",
        "Gateway",
        "Get",
        "Given",
        "Group",
        "Handler",
        "Has",
        "Have",
        "Health",
        "Hospital",
        "Http",
        "Https",
        "Id",
        "If",
        "In",
        "Info",
        "Insurance",
        "Internal",
        "Invalid",
        "Invoice",
        "Is",
        "It",
        "Item",
        "Job",
        "Key",
        "Lab",
        "Labs",
        "Last",
        "Limit",
        "List",
        "Load",
        "Loaded",
        "Local",
        "Locked",
        "Log",
        "Login",
        "Logout",
        "Lookup",
        "Main",
        "Manager",
        "Medical",
        "Medication",
        "Member",
        "Message",
        "Method",
        "Missing",
        "Model",
        "Module",
        "Name",
        "New",
        "No",
        "None",
        "Not",
        "Note",
        "Notes",
        "Notification",
        "Null",
        "Of",
        "Ok",
        "On",
        "Open",
        "Or",
        "Order",
        "Orders",
        "Other",
        "Page",
        "Patch",
        "Path",
        "Patient",
        "Patients",
        "Payment",
        "Pending",
        "Permission",
        "Pharmacy",
        "Practitioner",
        "Phone",
        "Plan",
        "Please",
        "Policy",
        "Portal",
        "Post",
        "Prescription",
        "Primary",
        "Processing",
        "Production",
        "Profile",
        "Provider",
        "Put",
        "Queue",
        "Read",
        "Ready",
        "Record",
        "Records",
        "Refill",
        "Referral",
        "Remote",
        "Report",
        "Reports",
        "Request",
        "Required",
        "Resource",
        "Response",
        "Result",
        "Results",
        "Retry",
        "Room",
        "Row",
        "Running",
        "Schedule",
        "Scheduled",
        "Schema",
        "See",
        "Server",
        "Service",
        "Session",
        "Settings",
        "Should",
        "Skipped",
        "Staging",
        "Station",
        "Start",
        "Started",
        "Status",
        "Stop",
        "Stopped",
        "Success",
        "Summary",
        "Sync",
        "System",
        "Table",
        "Task",
        "Team",
        "Test",
        "The",
        "This",
        "Thread",
        "Timeout",
        "To",
        "True",
        "Type",
        "Unable",
        "Unauthorized",
        "Unavailable",
        "Unit",
        "Unknown",
        "Update",
        "Updated",
        "Upload",
        "User",
        "Users",
        "Using",
        "Valid",
        "Validation",
        "Value",
        "Visit",
        "Ward",
        "Warning",
        "Was",
        "Who",
        "Will",
        "With",
        "Worker",
        "Write",
        "Your",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Mr",
        "Mrs",
        "Ms",
        "Mx",
        "Dr",
        "Prof",
    ]
)


_NAME_WORD = re.compile(r"[^\s,.]+")


# Labels written in capitals after a name in capitals (`DOE, JANE MRN ...`).
_NOT_NAME_CAPS = frozenset(["MRN", "DOB", "SSN", "DOS", "ACCT", "MBR", "ID", "NPI", "RX", "PID"])


def _not_name_word(word: str) -> bool:
    return word in _NOT_NAME_WORDS or word in _NOT_NAME_CAPS


def _is_plausible_name(value: str) -> bool | int:
    """False when a word of the name is a word of log text ("Patient Record Not Found"). When
    only trailing words are ("Jane Doe  Admission Date"), the length of the name before them.
    A single capital after `Last, First` is an initial (`HERNANDEZ, CARLOS A`), not a word."""
    words = _NAME_WORD.findall(value)
    # A single capital after the first word is an initial (`Ngozi A. Eze`, `CARLOS A`).
    if not any(_not_name_word(word) for word in words[:1] + [w for w in words[1:] if len(w) > 1]):
        return True
    words = _NAME_WORD.findall(value)
    spans = [match.span() for match in _NAME_WORD.finditer(value)]
    while words and _not_name_word(words[-1]):
        words.pop()
        spans.pop()
    if not words or any(_not_name_word(word) for word in words):
        return False
    return spans[-1][1]


_VIN_VALUES = dict(
    zip(
        "ABCDEFGHJKLMNPRSTUVWXYZ",
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
        strict=False,
    )
)
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def _is_valid_vin(value: str) -> bool:
    """North American VIN check digit (position 9): a random 17-character token rarely passes."""
    total = sum(
        (int(char) if char.isdigit() else _VIN_VALUES[char]) * weight
        for char, weight in zip(value, _VIN_WEIGHTS, strict=False)
    )
    check = total % 11
    return value[8] == ("X" if check == 10 else str(check))


def _passes_luhn(value: str) -> bool:
    digits = [int(char) for char in value if char.isdigit()]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return 13 <= len(digits) <= 19 and total % 10 == 0


def _is_not_a_default_date(value: str) -> bool:
    """1900-01-01 and 1970-01-01 are what programs write for "no date" and "epoch zero"."""
    return value not in {"1900-01-01", "1970-01-01", "01/01/1900", "01/01/1970", "1/1/1970"}


def _has_phone_digit_count(value: str) -> bool:
    return 7 <= sum(char.isdigit() for char in value) <= 15


_PRIVATE_V4 = re.compile(
    r"(?:10|127|0)\.|172\.(?:1[6-9]|2\d|3[01])\.|192\.168\.|169\.254\.|255\.255\.255\.255"
)


def _is_personal_ip(value: str) -> bool:
    """An address a person may connect from: not private, loopback or link-local (those are
    the infrastructure's own), and for IPv6 not a clock time (`10:00:00`) or a MAC address."""
    if ":" not in value:
        return not _PRIVATE_V4.match(value)
    if "::" not in value and value.count(":") != 7:
        return False
    lowered = value.lower()
    return lowered not in ("::", "::1") and not lowered.startswith(
        ("fc", "fd", "fe8", "fe9", "fea", "feb")
    )


# Addresses of a role, not of a person: `support@`, `noreply@`.
_ROLE_MAILBOXES = frozenset(
    [
        *("support", "info", "help", "helpdesk", "noreply", "no-reply", "donotreply"),
        *("do-not-reply", "admin", "administrator", "billing", "contact", "postmaster"),
        *("webmaster", "hostmaster", "sales", "security", "abuse", "privacy"),
        *("notifications", "alerts", "team", "office", "compliance"),
    ]
)


def _is_personal_email(value: str) -> bool:
    return value.split("@", 1)[0].lower() not in _ROLE_MAILBOXES


def _fax_or_phone(text: str, start: int) -> str:
    """A phone number with `fax` shortly before it (`fax server: transmission to ...`) is a fax."""
    return "FAX" if "fax" in text[max(0, start - 40) : start].lower() else "PHONE"


_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "shape:EMAIL": _is_personal_email,
    "name_single": _is_plausible_name,
    "name_full": _is_plausible_name,
    "shape:NAME": _is_plausible_name,
    "shape:VEHICLE": _is_valid_vin,
    "digit:ACCOUNT": _passes_luhn,
    "digit:VEHICLE": _is_valid_vin,
    "digit:DATE": _is_not_a_default_date,
    "fax": _has_phone_digit_count,
    "phone": _has_phone_digit_count,
    "shape:PHONE": _has_phone_digit_count,
    "ip": _is_personal_ip,
}

# ---------------------------------------------------------------------------------------------
# Compilation (once, on first scan) and scanning
# ---------------------------------------------------------------------------------------------


_Scanner = Callable[[str], Iterator["re.Match[str]"]]


class _SplitScan:
    """`finditer` of `(?:lead|lead|...)rest`, done as one scan per first character of the leads.

    `re` skips ahead to a literal first character with a tight loop, but tests a set of first
    characters (`[@%]`, `[MDP]`) character by character, several times slower. Leads with
    different first characters never match at the same place, and at any place the pattern of
    the leads that start with its character matches just as the whole alternation does
    (their order is kept). The scans are merged by position and, as in `finditer`, a match that
    starts inside the one before it is dropped: the result is `finditer`'s, match for match.
    """

    __slots__ = ("searches",)

    def __init__(self, leads: tuple[str, ...], rest: str) -> None:
        by_first: dict[str, list[str]] = {}
        for lead in leads:
            # A literal first character, not quantified: `P\.?` is fine, `P?` or `[Pp]` is not.
            assert lead[0] not in _META, lead
            assert lead[0] != "\\", lead
            assert len(lead) == 1 or lead[1] not in "?*+{", lead
            by_first.setdefault(lead[0], []).append(lead)
        self.searches = [
            re.compile("(?:{}){}".format("|".join(group), rest)).search
            for group in by_first.values()
        ]

    def __call__(self, text: str) -> Iterator[re.Match[str]]:
        searches = self.searches
        pending = [search(text) for search in searches]
        while True:
            first = None
            for match in pending:
                if match is not None and (first is None or match.start() < first.start()):
                    first = match
            if first is None:
                return
            yield first
            end = first.end()  # never empty: every lead starts with a character
            for index, match in enumerate(pending):
                if match is not None and match.start() < end:
                    pending[index] = searches[index](text, end)


def _shape_scanner(leads: tuple[str, ...], rest: str) -> _Scanner:
    if len({lead[0] for lead in leads}) > 1:
        return _SplitScan(leads, rest)
    pattern = "(?:{}){}".format("|".join(leads), rest) if leads else rest
    return re.compile(pattern).finditer


# One shape pass: kind, scanner, and per reported group: (kind reported, group to take the span
# of, validator or None, whether it is an e-mail address whose local part is still to find).
_ShapePass = tuple[
    str, _Scanner, list[tuple[str, "int | str", "Callable[[str], bool] | None", bool]]
]
# What to do with a label found: per family of the label, in order until one matches: (kind,
# match the value after it, validator or None, whether the value has a second part `v2`).
_LabelAction = tuple[
    tuple[str, Callable[[str, int], "re.Match[str] | None"], "Callable[[str], bool] | None", bool],
    ...,
]


@dataclass(frozen=True)
class _Compiled:
    labels: re.Pattern[str]
    labels_ignorecase: re.Pattern[str]
    label_families: list[tuple[re.Pattern[str], str]]
    values: dict[str, tuple[str, re.Pattern[str]]]
    label_actions: dict[str, _LabelAction]
    digit_led: re.Pattern[str]
    digit_kinds: dict[str, tuple[str, Callable[[str], bool] | None]]
    shapes: list[_ShapePass]


_META = set("\\[](){}?*+|.^$")


def _split_literal_prefix(pattern: str) -> tuple[str, str]:
    """`"ssn[ _-]?last"` -> `("ssn", "[ _-]?last")`; a quantified last character stays behind."""
    index = 0
    while index < len(pattern) and pattern[index] not in _META:
        index += 1
    if index < len(pattern) and pattern[index] in "?*+{" and index:
        index -= 1
    return pattern[:index], pattern[index:]


def _trie(patterns: list[str]) -> str:
    """One regex for many labels, factored on their literal prefixes (`pa(?:tient|yer)`).

    An alternation of 200 labels would be tried label by label at every word start; the
    factored form rejects a word on its first letters. Longer labels stay ahead of their
    prefixes (`patient_name` before `patient`), as in the plain alternation.
    """
    tree: dict[str, object] = {}
    for pattern in patterns:
        literal, rest = _split_literal_prefix(pattern)
        node = tree
        for char in literal:
            node = node.setdefault(char, {})  # type: ignore[assignment]
        node.setdefault("", []).append(rest)  # type: ignore[union-attr]

    def emit(node: dict[str, object]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in node.items() if char]
        tails = sorted(node.get("", []), key=len, reverse=True)  # type: ignore[arg-type]
        branches += tails
        if len(branches) == 1:
            return branches[0] if not tails or branches[0] == "" else f"(?:{branches[0]})"
        return "(?:{})".format("|".join(branches))

    return emit(tree)


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    # Longest pattern first, so `patient_name` is tried before `patient` and `admission no`
    # before `admission`. No groups: `re` only skips ahead on first characters when every
    # alternative starts with a literal. Which label matched is looked up afterwards.
    by_length = sorted(
        ((label, family) for family, _, labels, _ in _FAMILIES for label in labels),
        key=lambda pair: -len(pair[0]),
    )
    # Only at the start of a word (`_` counts as a separator: `patient_dob`). The scan runs on
    # "\n" + text and takes the character before the label with it: `re` skips ahead to a
    # separator far faster than it tries a look-behind at every position. Every label starts
    # with a letter and is followed by a non-letter, so no label needs the last character of
    # the one before it and the labels found are the same as with `(?<![a-z0-9])`.
    assert all(label[0].isalpha() and label[0].isascii() for label, _ in by_length)
    labels = r"[^a-z0-9]" + _trie([label for label, _ in by_length]) + "(?![a-z0-9])"
    digit_led = re.compile(_DIGIT_LED)
    digit_kinds: dict[str, tuple[str, Callable[[str], bool] | None]] = {}
    for group in digit_led.groupindex:
        kind = _DIGIT_LED_KINDS.get(group, group)
        digit_kinds[group] = (kind, _VALIDATORS.get(f"digit:{kind}"))
    shapes: list[_ShapePass] = []
    for kind, leads, rest in _SHAPES:
        pattern = re.compile("(?:{}){}".format("|".join(leads), rest) if leads else rest)
        # A group named after a kind is reported as that kind; without one, the whole match.
        groups = [name for name in pattern.groupindex if name in PHI_KINDS] or [kind]
        shapes.append(
            (
                kind,
                _shape_scanner(leads, rest),
                [
                    (
                        group,
                        group if group in pattern.groupindex else 0,
                        _VALIDATORS.get(f"shape:{group}"),
                        group == "EMAIL",
                    )
                    for group in groups
                ],
            )
        )
    return _Compiled(
        labels=re.compile(labels),
        labels_ignorecase=re.compile(labels, re.IGNORECASE),
        # A label found is its text without what its look-ahead checked (`first(?=": ")`).
        label_families=[(re.compile(label.split("(?=")[0]), family) for label, family in by_length],
        values={
            family: (kind, re.compile(_SEP + (value if "(?P<v>" in value else f"(?P<v>{value})")))
            for family, kind, _, value in _FAMILIES
        },
        label_actions={},
        digit_led=digit_led,
        digit_kinds=digit_kinds,
        shapes=shapes,
    )


@lru_cache(maxsize=4096)
def _families_of(label: str) -> tuple[str, ...]:
    """The families whose labels match `label` (`subscriber`: a name, or a member id)."""
    families = []
    for pattern, family in _compiled().label_families:
        if family not in families and pattern.fullmatch(label):
            families.append(family)
    return tuple(families)


def _label_action(label: str, compiled: _Compiled) -> _LabelAction:
    families = _families_of(label)
    assert families, f"no label family matches {label!r}"
    action = []
    for family in families:
        kind, value_pattern = compiled.values[family]
        has_v2 = "v2" in value_pattern.groupindex
        action.append((kind, value_pattern.match, _VALIDATORS.get(family), has_v2))
    return tuple(action)


def _labelled(text: str, compiled: _Compiled) -> list[Candidate]:
    try:
        # `str.lower` is slow on text that is not ASCII. On Latin-1 text, lowering the ASCII
        # letters alone finds the same labels: labels are ASCII, and no Latin-1 character
        # lowers to an ASCII one (nor changes length).
        scanned = "\n" + text.encode("latin-1").lower().decode("latin-1")
        fallback = False
    except UnicodeEncodeError:
        lowered = text.lower()
        fallback = len(lowered) != len(text)
        # A few characters (`İ`) change length when lower-cased: scan the original instead.
        scanned = "\n" + (text if fallback else lowered)
    pattern = compiled.labels_ignorecase if fallback else compiled.labels
    actions = compiled.label_actions
    candidates: list[Candidate] = []
    append = candidates.append
    for label in pattern.finditer(scanned):
        found = label.group()  # the separator before the label, then the label
        action = actions.get(found)
        if action is None:
            if len(actions) >= 4096:
                actions.clear()
            action = actions[found] = _label_action(found[1:].lower(), compiled)
        at = label.end() - 1  # - 1: the "\n" in front
        for kind, match_value, validator, has_v2 in action:
            value = match_value(text, at)
            if value is None:
                continue
            start, end = value.span("v")
            if validator is not None:
                verdict = validator(value.group("v"))
                if verdict is False:
                    continue
                if verdict is not True:
                    end = start + verdict  # the part that passed
            append((start, end, kind, _LABELLED))
            if has_v2:
                start, end = value.span("v2")
                if start >= 0 and (validator is None or validator(text[start:end])):
                    append((start, end, kind, _LABELLED))
            break
    return candidates


_LOCAL_PART = re.compile(r"[A-Za-z0-9][\w.%+-]{0,63}\Z")


def _local_part_start(text: str, at: int) -> int:
    """Where the local part of the e-mail address whose `@` is at `at` starts, or -1."""
    local = _LOCAL_PART.search(text, max(0, at - 64), at)
    return local.start() if local else -1


def _shaped(text: str, compiled: _Compiled) -> list[Candidate]:
    candidates: list[Candidate] = []
    append = candidates.append
    digit_kinds = compiled.digit_kinds
    for match in compiled.digit_led.finditer("\n" + text):
        group = match.lastgroup
        assert group is not None
        kind, validator = digit_kinds[group]
        start, end = match.start(), match.end(group) - 1  # the separator in, the "\n" out
        if validator is not None and not validator(text[start:end]):
            continue
        if kind == "PHONE":
            kind = _fax_or_phone(text, start)
        append((start, end, kind, _SHAPE))
    for kind, scanner, groups in compiled.shapes:
        if kind == "EMAIL" and "@" not in text and "%40" not in text:
            continue  # the cheapest scan is the one not done
        for match in scanner(text):
            for group, span_of, validator, email in groups:
                start, end = match.span(span_of)
                if start < 0:
                    continue
                if email:
                    start = _local_part_start(text, start)
                    if start < 0:
                        continue
                if validator is not None:
                    verdict = validator(text[start:end])
                    if verdict is False:
                        continue
                    if verdict is not True:
                        end = start + verdict
                kind_found = _fax_or_phone(text, start) if group == "PHONE" else group
                append((start, end, kind_found, _SHAPE))
    return candidates


# ---------------------------------------------------------------------------------------------
# Detectors that need a few lines of code after their regular expression
# ---------------------------------------------------------------------------------------------

# HL7 v2: segment -> field number -> how to read it. Names are XPN (`family^given^middle`) or
# XCN (`id^family^given^middle`), addresses XAD (`street^other^city^state^zip`).
_HL7_FIELDS: dict[str, dict[int, tuple[str, str]]] = {
    "PID": {
        3: ("id", "MRN"),
        5: ("name", "XPN"),
        6: ("name", "XPN"),
        7: ("date", "DATE"),
        11: ("address", "XAD"),
        13: ("phone", "PHONE"),
        14: ("phone", "PHONE"),
        18: ("id", "ACCOUNT"),
        19: ("id", "SSN"),
        20: ("id", "LICENSE"),
        29: ("date", "DATE"),
    },
    "PV1": {
        7: ("name", "XCN"),
        8: ("name", "XCN"),
        9: ("name", "XCN"),
        17: ("name", "XCN"),
        44: ("date", "DATE"),
        45: ("date", "DATE"),
    },
    "NK1": {2: ("name", "XPN"), 4: ("address", "XAD"), 5: ("phone", "PHONE")},
    "IN1": {
        4: ("not_phi", ""),  # the insurance company's name and address
        5: ("not_phi", ""),
        16: ("name", "XPN"),
        18: ("date", "DATE"),
        19: ("address", "XAD"),
        36: ("id", "HEALTH_PLAN"),
        49: ("id", "HEALTH_PLAN"),
    },
    "GT1": {
        3: ("name", "XPN"),
        5: ("address", "XAD"),
        6: ("phone", "PHONE"),
        8: ("date", "DATE"),
        12: ("id", "SSN"),
    },
}
_HL7_SEGMENT = _shape_scanner(tuple(f"{name}\\|" for name in _HL7_FIELDS), r"[^\r\n]{0,4000}")
_HL7_DATE = re.compile(r"(?:19|20)\d{6}(?:\d{2,6}(?:\.\d{1,4})?)?(?:[+-]\d{4})?")
_HL7_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
_HL7_LAST_FIELD = max(max(fields) for fields in _HL7_FIELDS.values())


def _hl7(text: str) -> list[Candidate]:
    candidates: list[Candidate] = []
    append = candidates.append
    for segment in _HL7_SEGMENT(text):
        begin = segment.start()
        if begin and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
            continue
        wanted = _HL7_FIELDS[segment.group()[:3]]
        position = begin
        for number, field in enumerate(segment.group().split("|")[: _HL7_LAST_FIELD + 1]):
            how = wanted.get(number)
            if how is not None and field:
                _hl7_field(field.split("~")[0], position, how, append)
            position += len(field) + 1
    return candidates


def _hl7_field(
    field: str, at: int, how: tuple[str, str], append: Callable[[Candidate], None]
) -> None:
    reading, kind = how
    components = field.split("^")
    starts = []
    offset = at
    for component in components:
        starts.append(offset)
        offset += len(component) + 1
    first = components[0].split("&")[0]
    if reading == "id":
        if len(first) >= 3 and any(char.isdigit() for char in first):
            append((at, at + len(first), kind, _LABELLED))
    elif reading == "date":
        if _HL7_DATE.fullmatch(first):
            append((at, at + len(first), kind, _LABELLED))
    elif reading == "phone":
        if _has_phone_digit_count(first):
            append((at, at + len(first), kind, _LABELLED))
    elif reading == "name":
        skip = 1 if kind == "XCN" else 0  # an XCN starts with the person's id
        # family^given^middle, up to the last of them that is not empty
        named = [
            index for index in range(skip, min(skip + 3, len(components))) if components[index]
        ]
        if named and named[0] == skip and any(char.isalpha() for char in components[skip]):
            last = named[-1]
            append((starts[skip], starts[last] + len(components[last]), "NAME", _LABELLED))
    elif reading == "not_phi":  # an organisation's field: nothing in it is a person's
        append((at, at + len(field), "", _LABELLED))
    elif reading == "address":
        street = components[0]
        if any(char.isdigit() for char in street) and any(char.isalpha() for char in street):
            last = max(index for index in range(min(3, len(components))) if components[index])
            append((at, starts[last] + len(components[last]), "ADDRESS", _LABELLED))
        if len(components) > 4 and _HL7_ZIP.fullmatch(components[4]):
            append((starts[4], starts[4] + len(components[4]), "ZIP", _LABELLED))


def _value_actions(name: str, compiled: _Compiled) -> _LabelAction:
    """What to do with a value whose label is `name` (a column, a field name), if a label."""
    if not compiled.labels.fullmatch("\n" + name.lower()):
        return ()
    return _label_action(name.lower(), compiled)


def _labelled_value(
    text: str, start: int, end: int, actions: _LabelAction, append: Callable[[Candidate], None]
) -> None:
    """The value at `text[start:end]`, read as its label's families read a value."""
    for kind, match_value, validator, _ in actions:
        value = match_value(text, start, end)
        if value is None or value.start("v") != start:
            continue
        if validator is not None and validator(value.group("v")) is False:
            continue
        append((start, value.end("v"), kind, _LABELLED))
        return


# PostgreSQL `DETAIL:  Key (last_name, dob)=(Nakamura, 1933-02-14) already exists.`
_SQL_KEY = re.compile(r"Key \((?P<cols>[^()\n]{1,300})\)=\((?P<vals>[^()\n]{1,600})\)")


def _sql_keys(text: str, compiled: _Compiled) -> list[Candidate]:
    candidates: list[Candidate] = []
    for key in _SQL_KEY.finditer(text):
        columns = [column.strip() for column in key.group("cols").split(",")]
        values = key.group("vals").split(", ")
        if len(columns) != len(values):
            continue
        at = key.start("vals")
        for column, value in zip(columns, values, strict=True):
            actions = _value_actions(column, compiled)
            if actions and value and value != "null":
                _labelled_value(text, at, at + len(value), actions, candidates.append)
            at += len(value) + 2
    return candidates


# SQLAlchemy and DB-API errors: `[SQL: INSERT INTO t (a, b) VALUES (?, ?)] [parameters: ('x', 1)]`,
# `WHERE mrn = %s ... "params":["A0039-7712"]`. Each parameter is read as the column it is bound
# to reads a value: the columns of an INSERT in order, or the column compared with each
# placeholder.
_SQL_PARAMS = re.compile(r"param(?:eters: |s[\"']?[ \t]?[:=][ \t]?)[(\[]")
_SQL_INSERT = re.compile(
    r"INSERT INTO [\w.\"`]{1,80}[ \t]?\((?P<cols>[^()\n]{1,600})\)[ \t]?VALUES[ \t]?"
    r"\((?P<marks>[^()\n]{1,600})\)",
    re.IGNORECASE,
)
_SQL_PLACEHOLDER = re.compile(
    r"\?|%s|%\((?P<named>\w{1,80})\)s|(?<![\w:]):(?P<colon>[A-Za-z_]\w{0,80})|\$\d{1,3}"
)
# The column compared with a placeholder, matched backwards on the reversed text before it.
_SQL_COLUMN_BEFORE = re.compile(
    r"[ \t]{0,3}(?:=|><|=!|=<|=>|<|>|EKILI?|ekili?)[ \t]{0,3}[\"`]?(?P<col>\w{1,80})"
)
_SQL_VALUE = re.compile(
    r"[ \t]{0,3}(?:'(?P<s>(?:[^'\\\n]|\\.){0,400})'|\"(?P<d>(?:[^\"\\\n]|\\.){0,400})\""
    r"|(?P<o>[^,()\[\]\n'\"]{0,100}))[ \t]{0,3}(?P<sep>,|[)\]])"
)


def _sql_columns(sql: str) -> list[str]:
    """The column each placeholder of `sql` is bound to, in order ("" when not known)."""
    insert = _SQL_INSERT.search(sql)
    if insert is not None:
        marks = [mark.strip() for mark in insert.group("marks").split(",")]
        if all(mark in ("?", "%s") for mark in marks):
            columns = [column.strip(' \t"`') for column in insert.group("cols").split(",")]
            if len(columns) == len(marks):
                return columns
    columns = []
    for mark in _SQL_PLACEHOLDER.finditer(sql):
        column = mark.group("named") or mark.group("colon")
        if column is None:
            before = _SQL_COLUMN_BEFORE.match(sql[max(0, mark.start() - 90) : mark.start()][::-1])
            column = before.group("col")[::-1] if before else ""
        columns.append(column)
        if len(columns) >= 50:
            break
    return columns


def _sql_parameters(text: str, compiled: _Compiled) -> list[Candidate]:
    candidates: list[Candidate] = []
    previous_end = 0  # each part of the text is read as SQL once
    for params in _SQL_PARAMS.finditer(text):
        line_start = text.rfind("\n", previous_end, params.start()) + 1
        begin = max(line_start, previous_end, params.start() - 2000)
        previous_end = params.end()
        columns = _sql_columns(text[begin : params.start()])
        at = params.end()
        for column in columns[:50]:
            value = _SQL_VALUE.match(text, at)
            if value is None:
                break
            quoted = "s" if value.start("s") >= 0 else "d" if value.start("d") >= 0 else ""
            if quoted and column:
                actions = _value_actions(column, compiled)
                if actions:
                    start, end = value.span(quoted)
                    _labelled_value(text, start, end, actions, candidates.append)
            at = value.end()
            if value.group("sep") != ",":
                break
    return candidates


# X12 segments, element by element. NM1 of a person (NM102 = 1): the name (NM103-NM107) and the
# id after an MI/II (member) or 34 (SSN) qualifier. N3/N4 (street, city, ZIP) are the address
# of the last NM1 before them, unless that NM1 is an organisation (NM102 = 2). DMG: the birth
# date; DTP: a service date; CLP01: the patient control number; REF by qualifier.
_X12_SEGMENT_IDS = frozenset(["NM1", "N3", "N4", "DMG", "DTP", "CLP", "REF"])
_X12_BODY = re.compile(r"[^~\n]{1,600}")
_X12_IDS = {"MI": "HEALTH_PLAN", "II": "HEALTH_PLAN", "34": "SSN"}
_X12_REFS = {
    "SY": "SSN",
    "1W": "HEALTH_PLAN",
    "IG": "HEALTH_PLAN",
    "EA": "MRN",
    "F6": "HEALTH_PLAN",
}
_X12_DATE = re.compile(r"(?:18|19|20)\d{6}(?:-(?:19|20)\d{6})?")
_X12_ZIP = re.compile(r"\d{5}(?:-?\d{4})?")


@dataclass(frozen=True)
class _X12Elements:
    """Report element `index` of one segment as `kind`, if it is there and not empty."""

    elements: list[str]
    starts: list[int]
    append: Callable[[Candidate], None]

    def __call__(self, index: int, kind: str) -> None:
        if index < len(self.elements) and self.elements[index]:
            start = self.starts[index]
            self.append((start, start + len(self.elements[index]), kind, _LABELLED))


def _x12(text: str) -> list[Candidate]:
    candidates: list[Candidate] = []
    append = candidates.append
    person = True
    # Found from each `*` (rare in log text), then the segment id before it: faster than a
    # regex led by several different letters.
    star = text.find("*")
    while star >= 0:
        begin = star - 3 if text[star - 3 : star] in _X12_SEGMENT_IDS else star - 2
        if (
            begin < 0
            or text[begin:star] not in _X12_SEGMENT_IDS
            or (begin and text[begin - 1].isalnum())
            or (body := _X12_BODY.match(text, star + 1)) is None
        ):
            star = text.find("*", star + 1)
            continue
        star = text.find("*", body.end())
        elements = text[begin : body.end()].split("*")
        starts = [begin]
        for element in elements[:-1]:
            starts.append(starts[-1] + len(element) + 1)
        name = elements[0]
        element = _X12Elements(elements, starts, append)

        if name == "NM1":
            person = len(elements) > 2 and elements[2] == "1"
            if person and len(elements) > 3 and elements[3]:
                last = max(i for i in range(3, min(8, len(elements))) if elements[i])
                append((starts[3], starts[last] + len(elements[last]), "NAME", _LABELLED))
                for index in range(8, min(len(elements) - 1, 12)):
                    kind = _X12_IDS.get(elements[index])
                    if kind is not None:
                        element(index + 1, kind)
                        break
        elif name == "N3" and person:
            last = 2 if len(elements) > 2 and elements[2] else 1
            if any(char.isdigit() for char in elements[1]):
                append((starts[1], starts[last] + len(elements[last]), "ADDRESS", _LABELLED))
        elif name == "N4" and person and len(elements) > 2 and elements[2]:
            element(1, "ADDRESS")
            if len(elements) > 3 and _X12_ZIP.fullmatch(elements[3]):
                element(3, "ZIP")
        elif name in ("DMG", "DTP"):
            index = 2 if name == "DMG" else 3
            if index < len(elements) and _X12_DATE.fullmatch(elements[index]):
                element(index, "DATE")
        elif name == "CLP":
            element(1, "ACCOUNT")
        elif name == "REF" and len(elements) > 2:
            kind = _X12_REFS.get(elements[1])
            if kind is not None:
                element(2, kind)
    return candidates


# A display name before an e-mail address: `"Rashid, Omar" <omar.rashid@example.org>`.
_ANGLE_EMAIL = re.compile(r"<(?=[A-Za-z0-9._%+-]{1,64}@)")
_DISPLAY_NAME = re.compile(rf"(?:\"(?P<q>{_NAME_2_TO_3})\"|(?P<b>{_NAME_2_TO_3}))[ \t]{{0,2}}\Z")


def _email_display_names(text: str) -> list[Candidate]:
    candidates: list[Candidate] = []
    for angle in _ANGLE_EMAIL.finditer(text):
        end = angle.start()
        begin = max(0, end - 80)
        name = _DISPLAY_NAME.search(text, begin, end)
        if name is None:
            continue
        group = "q" if name.start("q") >= 0 else "b"
        start, stop = name.span(group)
        if _is_plausible_name(text[start:stop]) is True:
            candidates.append((start, stop, "NAME", _LABELLED))
    return candidates


# A name followed by an age: `Hamid Karimi, 92 y/o`, `Zainab Ahmed, 93, re: ...`.
_AGE_AFTER_NAME = re.compile(
    r",[ \t]{1,2}(?P<age>\d{2,3})(?=-year-old|[ \t]?y/?o(?![A-Za-z])|[ \t]years?[ \t-]old|,)"
)
_NAME_BEFORE = re.compile(rf"(?<![{_UP}{_LOW}])(?P<name>{_TOKEN}(?:{_GAP}{_TOKEN}){{1,2}})\Z")


def _names_with_ages(text: str) -> list[Candidate]:
    candidates: list[Candidate] = []
    for age in _AGE_AFTER_NAME.finditer(text):
        end = age.start()
        name = _NAME_BEFORE.search(text, max(0, end - 70), end)
        if name is None or _is_plausible_name(name.group("name")) is not True:
            continue
        candidates.append((name.start("name"), end, "NAME", _LABELLED))
        if 90 <= int(age.group("age")) <= 149:
            candidates.append((age.start("age"), age.end("age"), "AGE", _LABELLED))
    return candidates


# A quoted value with its label after it: `got '7 March 1952' in field birth_date`,
# `(value: 'March 7th, 1952', field: date_of_birth)`. Found from the label's side, then the
# text before it is matched backwards (reversed), so each find costs a bounded amount of work.
# MySQL: `Duplicate entry 'A00938471' for key 'member.member_id'` (the table is left off).
_FIELD_AFTER = _shape_scanner(
    ("field", "Field", "column", "for key"),
    r"(?<![A-Za-z_]field)(?<![A-Za-z_]Field)(?<![A-Za-z_]column)[ \t]{0,2}[:=]?[ \t]{0,2}"
    r"[\"'`]?(?:[A-Za-z_][A-Za-z0-9_]{0,40}\.)?(?P<name>[A-Za-z][A-Za-z0-9_]{1,40})",
)
_QUOTED_BEFORE = re.compile(
    r"[ \t]{0,2}(?:eht[ \t]{1,2})?(?:(?:ni|rof|fo)[ \t]{1,2})?[ \t]{0,2}[,;]?\)?"
    r"(?P<q>['\"])(?P<v>[^'\"\n]{1,60})(?P=q)"
)


def _values_before_fields(text: str, compiled: _Compiled) -> list[Candidate]:
    candidates: list[Candidate] = []
    for field in _FIELD_AFTER(text):
        actions = _value_actions(field.group("name"), compiled)
        if not actions:
            continue
        end = field.start()
        window = text[max(0, end - 80) : end][::-1]
        quoted = _QUOTED_BEFORE.match(window)
        if quoted is None:
            continue
        value_end = end - quoted.start("v")
        value_start = end - quoted.end("v")
        _labelled_value(text, value_start, value_end, actions, candidates.append)
    return candidates


# URL-encoded text (`name=Jos%C3%A9%20N%C3%BA%C3%B1ez`): the runs of text around `%XX` escapes
# are decoded, scanned together, and what is found is mapped back onto the original text.
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_PERCENT_RUN = re.compile(r"((?:%[0-9A-Fa-f]{2}){1,100})")
_RUN_END = re.compile(r"[^\s\"'<>]{0,300}")
_RUN_STOPS = " \t\n\r\"'<>"


def _percent_decoded(text: str, compiled: _Compiled) -> list[Candidate]:
    pieces: list[str] = []
    starts: list[int] = []  # per decoded character: where it starts in `text`
    ends: list[int] = []  # and where it ends
    run_end = 0
    for escape in _PERCENT.finditer(text):
        at = escape.start()
        if at < run_end:
            continue
        floor = max(run_end, at - 300)
        begin = max(text.rfind(stop, floor, at) for stop in _RUN_STOPS) + 1 or floor
        begin = max(begin, floor)
        run_end = _RUN_END.match(text, at).end()
        position = begin
        for index, part in enumerate(_PERCENT_RUN.split(text[begin:run_end])):
            if index % 2 == 0:  # plain text; `+` is a space in a query string
                pieces.append(part.replace("+", " "))
                starts.extend(range(position, position + len(part)))
                ends.extend(range(position + 1, position + len(part) + 1))
                position += len(part)
                continue
            decoded = bytes.fromhex(part.replace("%", "")).decode("utf-8", "replace")
            byte_starts = [
                i for i in range(0, len(part), 3) if not 0x80 <= int(part[i + 1 : i + 3], 16) < 0xC0
            ]
            if len(byte_starts) != len(decoded):  # invalid UTF-8: one character per escape
                decoded = "".join(chr(int(part[i + 1 : i + 3], 16)) for i in range(0, len(part), 3))
                byte_starts = list(range(0, len(part), 3))
            pieces.append(decoded)
            starts.extend(position + i for i in byte_starts)
            ends.extend(position + i for i in [*byte_starts[1:], len(part)])
            position += len(part)
        pieces.append("\n")
        starts.append(position)
        ends.append(position)
    if not pieces:
        return []
    decoded_text = "".join(pieces)
    found = _labelled(decoded_text, compiled) + _shaped(decoded_text, compiled)
    return [(starts[start], ends[end - 1], kind, rank) for start, end, kind, rank in found]


# A URL that carries PHI in its path or query is reported whole, as a URL: the link itself
# identifies the person (`.../join/jane-doe?dob=1931-06-09`).
_ANY_URL = re.compile(r"https?://[^\s\"'<>/]{1,200}(?P<path>/[^\s\"'<>]{0,400})?")
_URL_BIRTH_DATE = re.compile(r"(?<![0-9A-Za-z])19\d\d-?[01]\d-?[0-3]\d(?![0-9A-Za-z])")
# A person's name as a path segment under a collection of people: `/patients/maria.gonzalez-ruiz/`,
# `/patient-photos/olga-petrova-1938.jpg`, `/u/ferenc.horvath`.
_URL_NAME_SLUG = re.compile(
    r"/(?:[a-z-]{0,20}(?:patient|member|user|people|person|profile|resident)[a-z-]{0,20}|u)"
    r"/[a-z]{2,20}[.-][a-z]{2,20}(?:[.-][a-z0-9]{2,20}){0,2}(?=[/.?#]|$)"
)


def _urls_with_phi(text: str, candidates: list[Candidate]) -> list[Candidate]:
    found: list[Candidate] = []
    starts = [candidate[0] for candidate in candidates]
    for url in _ANY_URL.finditer(text):
        path_start, end = url.span("path")
        if path_start < 0:
            continue
        while end > path_start and text[end - 1] in ".,;:)]":
            end -= 1
        index = bisect_left(starts, path_start)
        inside = index < len(candidates) and candidates[index][1] <= end
        if (
            inside
            or _URL_BIRTH_DATE.search(text, path_start, end)
            or _URL_NAME_SLUG.search(text, path_start, end)
        ):
            found.append((url.start(), end, "URL", _LABELLED))
    return found


def scan(text: str) -> list[Candidate]:
    """Return the non-overlapping PHI candidates in `text`, sorted by position.

    Where candidates overlap, the one that starts first wins; at the same start, the longer
    one, then the labelled one.
    """
    compiled = _compiled()
    candidates = _labelled(text, compiled) + _shaped(text, compiled)
    if "|" in text:
        candidates += _hl7(text)
    if "Key (" in text:
        candidates += _sql_keys(text, compiled)
    candidates += _values_before_fields(text, compiled)
    if "params" in text or "parameters" in text:
        candidates += _sql_parameters(text, compiled)
    if "*" in text:
        candidates += _x12(text)
    if "@" in text and "<" in text:
        candidates += _email_display_names(text)
    if ", " in text:
        candidates += _names_with_ages(text)
    if "%" in text:
        candidates += _percent_decoded(text, compiled)
    if "://" in text:
        candidates.sort()
        candidates += _urls_with_phi(text, candidates)
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), -c[3]))
    chosen: list[Candidate] = []
    last_end = -1
    for candidate in candidates:
        if candidate[0] >= last_end:
            chosen.append(candidate)
            last_end = candidate[1]
    # A candidate of no kind marks text that is known not to be PHI (an insurer's address in
    # HL7): it has kept what overlaps it out, and goes itself.
    return [candidate for candidate in chosen if candidate[2]]

"""ADDRESS: a street address after a label, or by its shape (`42 Elm Street, Apt 4B`, `P.O. Box
12`, `RR 2 Box 118`), with the city when a state follows it."""

from __future__ import annotations

import re

from asyncproof._phi.blocks import LOW, STATES, UP, each
from asyncproof._phi.declare import DigitLed, Kind, Labelled, Shape

# A city, when a state follows it (`, Sioux Center", IA`).
_CITY = (
    rf"[{UP}][{LOW}]{{1,20}}(?:[ \t][{UP}][{LOW}]{{1,20}}){{0,2}}"
    rf"(?=[\"']?,?[ \t]{{1,3}}(?:{STATES})\b)"
)

# The city and its state after a street: the state goes with it, so that a line redacted reads
# `[ADDRESS] [ZIP]` rather than leaving half of the address behind.
_CITY_STATE = _CITY + rf"(?:,?[ \t]{{1,3}}(?:{STATES})(?![A-Za-z0-9]))?"
# A city after its own key: `"city": "Round Rock"`, `city=London`, `<city>Keene</city>`.
_CITY_VALUE = (
    r"(?!(?i:None|Null|True|False|Unknown|Undefined|N/?A|TBD|Redacted|Test|Any|Missing|Empty"
    r"|Not[ _+]?(?:provided|given|available|applicable))(?![A-Za-z]))"
    rf"(?:[{UP}][{LOW}]{{1,20}}(?:[ \t-][{UP}][{LOW}]{{1,20}}){{0,2}}"
    # (or in capitals, as exports and carriers' APIs write it, with a form's `+` for a space:
    # `"city":"TACOMA"`, `FromCity=SALT+LAKE+CITY`, `ST LOUIS`, `COEUR D'ALENE`)
    rf"|[{UP}]{{2,20}}(?:[ +-][{UP}](?:'?[{UP}]){{1,20}}){{1,2}}|[{UP}]{{3,20}})"
    r"(?=[\"'<&,;}\s]|$)"
)


def _place_name(value: str) -> int | None:
    """All of `value` unless every word of it is an English word or a word of log text."""
    from asyncproof._phi.kinds.name import _not_name_words
    from asyncproof._phi.names import english_words

    words = value.replace("-", " ").split()
    if any(word in _not_name_words() for word in words):
        return None
    if all(word.lower() in english_words() for word in words):
        return None
    return len(value)


KIND = Kind(
    name="ADDRESS",
    position=20,
    labelled=(
        Labelled(
            family="address",
            order=250,
            labels=(
                *each("home street mailing billing patient residential", r"[ _-]?address"),
                r"address(?:[ _-]?line[ _-]?1)?",
                r"addr(?:ess)?[ _-]?1",
                r"line[ _-]?1",
            ),
            # Up to the end of the field, or up to the state when a ZIP code follows.
            value=r"\d{1,6}[A-Z]?[ \t]{1,3}[A-Za-z0-9.,#' \t-]{1,80}?[A-Za-z0-9.]"
            rf"(?=,?[ \t]{{1,3}}(?:{STATES})[ \t]{{1,3}}\d{{5}}|[ \t]*(?:[\"'\r\n;|}}]|$))",
        ),
        # Where a person lives, in a note (`lives in Corvallis`, `sister who lives in
        # Port-au-Prince`): a place's name, not English words (`lives in Assisted Living`).
        Labelled(
            family="address_lives_in",
            order=256,
            labels=(*each("lives living resides residing", " in"), "lives alone in"),
            value=rf"(?P<v>[{UP}][{LOW}]{{2,20}}(?:-(?:[{LOW}]{{1,3}}-)?[{UP}][{LOW}]{{1,20}})?"
            rf"(?:[ ][{UP}][{LOW}]{{1,20}}){{0,2}})(?![{UP}{LOW}])",
            validator=_place_name,
        ),
        Labelled(
            family="address_city",
            order=255,
            # (`FromCity=`: where Twilio places the number that calls or texts)
            labels=(r"city(?=[\"']?[ \t]?[:=>])", "fromcity"),
            value=_CITY_VALUE,
        ),
    ),
    digit_led=(
        # A house number, maybe a direction, one to four words and a street type, maybe a unit.
        DigitLed(
            group="ADDRESS",
            order=100,
            # (A hyphenated house number too: `45-1120 Kamehameha Hwy`, `84-12 Queens Blvd`.)
            # (And a half: `17 1/2 Bayview Ter`, `17-1/2`.)
            pattern=r"(?P<ADDRESS>\d{0,5}(?:-\d{1,5}|[ -]1/2)?[A-Z]?[ \t]{1,3}"
            r"(?:(?:[NSEW]|North|South|East|West|N\.?[EW]|S\.?[EW])\.?[ \t]{1,2})?"
            rf"(?:(?:[{UP}][{LOW}]{{1,20}}|\d{{1,3}}(?:st|nd|rd|th))"
            r"[ \t]{1,2}){1,4}"
            r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl"
            r"|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Alley|Plaza|Pike"
            # British and Irish streets: `19 Rathbone Mews`, `4 Skerry Close`, `18 Pecan Row`.
            r"|Row|Mews|Close|Crescent|Cres|Walk|Rise|Gardens|Grove|Wynd|Loop|Run|Crossing|Xing)"
            # (A direction after the type, `3120 Peachtree Rd NE`, `2950 Cedar Ave S`; a unit in
            # lower case only with a digit in it: `unit 2`, not `unit tests`.)
            r"\.?(?![A-Za-z])(?:[ \t](?:[NS]\.?[EW]|[NSEW])\.?(?![A-Za-z0-9'-]))?"
            r"(?:,?[ \t]{1,3}(?:(?:Apt|Apartment|Suite|Ste|Unit|Room|Rm|Floor|Fl|Bldg"
            r"|Building|Lot|Space|Trlr|Trailer|#)\.?[ \t]{0,2}#?"
            r"|(?:apt|apartment|suite|ste|unit|trlr|apto)\.?[ \t]{0,2}#?(?=[A-Za-z]?\d))"
            r"[A-Za-z0-9-]{1,6}(?![A-Za-z0-9])){0,2}"
            r"(?:,[ \t]{0,3}" + _CITY_STATE + r")?)",
        ),
        # A street line in capitals that is a whole field of a record (`,1402 ELM ST APT 3,`,
        # `"1902 ONYX ST"`, `|17-1/2 BAYVIEW TER|`): exports, ALI records and geocoders write
        # addresses so. Only a whole field, street names of three letters or more and no
        # function word in them, and no street type that is also an ordinary word (`ROW`,
        # `LOOP`, `WAY`, `CLOSE`): `12 SEEN BY DR`, `"2 MAIN LOOP"`, `"1 NEW ROW"` are none.
        DigitLed(
            group="ADDRESS_CAPS",
            order=990,
            # (A field's start: also the value of an address's key, NCPDP's `322-CM=77 PROSPECT
            # ST`, `ADDRESS=88 WINDSOR ST`; not any key's, `cpt=70450 HEAD CT`, `sig=10 UNITS SQ`,
            # nor a column after two spaces, `  2  NVME DRIVE`.)
            pattern=r"(?P<ADDRESS_CAPS>(?:(?<=[,\"'|\t\n]\d)|(?<=CM=\d)|(?<=CM\)=\d)"
            r"|(?i:(?<=address=\d)|(?<=street=\d)))"
            r"\d{0,5}(?:-\d{1,5}|-?1/2)?[A-Z]?"
            r"[ \t]{1,2}(?:[NSEW]{1,2}\.?[ \t]{1,2})?"
            r"(?:(?:(?!(?:THE|FOR|AND|FROM|WITH|PER|ARE|WAS|NOT|NEW|OPEN|DAYS?|HOURS?|WHEEL|SSD"
            r"|HDD)[ \t])[A-Z][A-Z'-]{2,20}"
            # (an ordinal, `E 25TH ST`; a particle, `PONCE DE LEON AVE`)
            r"|\d{1,3}(?:ST|ND|RD|TH)|DE|LA|DEL|EL|DU|VAN|VON)[ \t]{1,2}){1,3}"
            r"(?:ST|STREET|AVE?|AVENUE|RD|ROAD|BLVD|LN|LANE|DR|DRIVE|CT|COURT|PL|PLACE|TER"
            r"|TERRACE|CIR|CIRCLE|PKWY|HWY|HIGHWAY|SQ|TRL|TRAIL|CRES|ALY|PIKE|XING)\.?"
            r"(?:[ \t](?:[NS][EW]|[NSEW]))?"
            r"(?:[ \t]{1,2}(?:APT|UNIT|STE|SUITE|RM|FL|BLDG|LOT|SPC|#)\.?[ \t]{0,2}#?"
            r"[A-Z0-9-]{1,6})?(?:,[ \t]{1,2}[A-Z]{3,20}(?:[ \t][A-Z]{3,20})?"
            r"(?=[ \t]{1,2}\d{5}|[\"'|,\t]|$))?)(?=[,\"'|\t\r\n]|$"
            # (NCPDP's next field: `322-CM=77 PROSPECT ST APT 4 323-CN=...`)
            r"|[ ]\d{3}-[A-Z]{2}[=(]"
            # (Or the address's last line after it, a city, a state and a ZIP code: `1187 ELM LN
            # APT 4B SPRINGFIELD IL 62704`.)
            rf"|[ \t]{{1,2}}[A-Z]{{3,20}}(?:[ \t][A-Z]{{2,20}}){{0,2}}[ \t]{{1,2}}(?:{STATES})"
            r"[ \t]{1,3}\d{5}(?:-\d{4})?(?![\d-]))",
        ),
        # A street named after its type, as in French, Spanish and Portuguese (`44 Rue
        # Beaulieu`, `12 Calle del Olmo`): only types that are no English word (`2 Via Email`,
        # `3 Avenue Partners` are not streets).
        DigitLed(
            group="ADDRESS_TYPE_FIRST",
            order=991,
            pattern=r"(?P<ADDRESS_TYPE_FIRST>\d{0,4}[ \t]{1,2}(?:Rue|RUE|Avenida|Calle|CALLE"
            r"|Rua|Chemin)[ \t]{1,2}"
            rf"(?:(?:de|del|de la|des|du|da|do|dos|di)[ \t])?[{UP}][{LOW}A-Z'-]{{1,25}}"
            rf"(?:[ \t][{UP}][{LOW}A-Z'-]{{1,25}})?)(?![{LOW}A-Za-z])",
        ),
    ),
    shapes=(
        # The Postal Service's address of a person with none of their own, in a town's post
        # office: `General Delivery, Cass Lake`.
        Shape(
            order=105,
            leads=("General Delivery", "GENERAL DELIVERY"),
            # (where an address's line ends: not `General Delivery failed for queue`)
            pattern=r"(?=[ ]?[,\"'|\t;)\]}]|[ \t]*\r?$)",
        ),
        Shape(
            order=110,
            leads=(r"P\.?[ \t]?O\.?", "Post [Oo]ffice", "post office"),
            pattern=rf"[ \t]{{0,2}}[Bb][Oo][Xx][ \t]{{1,3}}#?\d{{1,6}}(?!\d)"
            rf"(?:,[ \t]{{0,3}}{_CITY})?",
        ),
        # Rural and highway-contract routes: `RR 2 Box 118`, `Rural Route 1, Box 7`,
        # `HC 68 Box 22A`; and the armed forces' postal units, `PSC 1234 Box 5678`, `CMR 450
        # Box 12` (before `APO AE 09012`).
        Shape(
            order=120,
            leads=("RR", "Rural Route", "RURAL ROUTE", "HC", "PSC", "CMR"),
            pattern=r"(?<![A-Za-z0-9]RR)(?<![A-Za-z0-9]HC)(?<![A-Za-z0-9]PSC)(?<![A-Za-z0-9]CMR)"
            r"[ \t]{1,2}\d{1,4},?[ \t]{1,2}(?:Box|BOX)"
            rf"[ \t]{{1,2}}\d{{1,6}}[A-Z]?(?![A-Za-z0-9])(?:,[ \t]{{0,3}}{_CITY})?",
        ),
    ),
)


# The city after a street line and its comma, with no state after it, where its field or
# sentence ends (`1027 S Scoville Ave, Oak Park)`, `14 Rue Haute, Namur"`).
_CITY_AFTER = re.compile(
    rf",[ ](?P<city>[{UP}][{LOW}]{{2,20}}(?:[ -][{UP}][{LOW}]{{1,20}}){{0,2}}"
    r"|[A-Z]{3,20}(?:[ ][A-Z]{3,20}){0,2})"
    r"(?=[\"';)\]}|]|[.!?]?[ \t]*$|[.!?,][ ]|[ ]\()"
)


_NUMBERED = re.compile(r"(?:[A-Za-z]{2,11}\.?[ ]?#?[A-Za-z0-9-]{1,6},[ ])?\d")


def with_city_after_street(
    text: str, chosen: list[tuple[int, int, str, int]]
) -> list[tuple[int, int, str, int]]:
    """`chosen` (sorted, not overlapping) with a street address (a house number first) taken
    to the city written after it and a comma: one address, one match."""
    from asyncproof._phi.kinds.name import _not_name_words

    result = list(chosen)
    for index, (start, end, kind, priority) in enumerate(chosen):
        # (a house number first, or a flat's before it: `Flat 2, 18 Kingsley Road`)
        if kind != "ADDRESS" or not _NUMBERED.match(text, start, end):
            continue
        city = _CITY_AFTER.match(text, end)
        if city is None:
            continue
        following = chosen[index + 1][0] if index + 1 < len(chosen) else len(text)
        first = city["city"].split()[0].split("-")[0].capitalize()
        if city.end("city") > following or first in _not_name_words():
            continue
        result[index] = (start, city.end("city"), kind, priority)
    return result

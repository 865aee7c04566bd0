"""Postal codes of other countries, and the city written with one, in a line that holds PHI.

A backend with patients abroad prints `Flat 2, 19 Walton Crescent, Oxford OX2 6GG`,
`Váci utca 12, Budapest 1052`, `Friedrichstraße 88, 10117 Berlin` or a CSV row ending
`'Montréal','QC','H2J 2L3'`. Both are PHI (the city is a unit smaller than a state; the code
is the ZIP code's equal, reported as `ZIP`).

* A code whose shape is its own (British `OX2 6GG`, Canadian `H2J 2L3`) is found wherever it
  stands as a word; an Irish or Brazilian one (`R95 X2E2`, `01304-001`) after a label
  (`postcode`, `zip`: `LABELLED`, read by the ZIP kind) or a city.
* A code of digits only (`1052`, `560025`, `753 20`, `00-950`) is found only next to a city
  after a comma (`, Budapest 1052`, `, 10117 Berlin`) or as the field after a city's field
  (`'Johannesburg', '2196'`): four or six digits alone are counts and years.
"""

from __future__ import annotations

import re

from asyncproof._phi.blocks import LOW, UP

# Codes whose shape no count, year or version has.
_SHAPED = (
    r"[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}"  # British: OX2 6GG, W11 3BQ, EC1A 1BB
    r"|[A-Z]\d[A-Z][ ]?\d[A-Z]\d"  # Canadian: H2J 2L3
)
# After a label or a city only: an Irish Eircode (`R95 X2E2`; `X12 837P` has its shape), a
# Brazilian CEP (`01304-001`; an account `88412-001` too).
LABELLED = (
    rf"(?:{_SHAPED}|[AC-FHKNPRTV-Y]\d{{2}}[ ](?=[A-Z0-9]{{0,3}}[A-Z])[A-Z0-9]{{4}}|\d{{5}}-\d{{3}})"
    r"(?![A-Za-z0-9-])"
)
_SHAPED_CODE = re.compile(rf"(?<![A-Za-z0-9-])(?:{_SHAPED})(?![A-Za-z0-9-])")
# Where a shaped code may be: a digit right after a capital, or five digits and a hyphen.
_SHAPED_HINT = re.compile(r"[A-Z]\d")

# Digits only: four to six (`2196`, `1052`, `560025`), Swedish `753 20`, Polish `00-950`.
_DIGITS = r"\d{5}-\d{3}|\d{4,6}|\d{3}[ ]\d{2}|\d{2}-\d{3}"
_CODE = rf"(?:{LABELLED}|(?:{_DIGITS})(?![A-Za-z0-9-]))"
# A city: one to three capitalised words (`São Paulo`, `Lipa City`, `København N`).
_CITY = rf"[{UP}][{LOW}]{{2,20}}(?:[ ](?:[{UP}][{LOW}]{{1,20}}|[A-Z](?![A-Za-z0-9]))){{0,2}}"
# After a comma (what ends a street): the city, then its code, or the code, then the city.
_CITY_CODE = re.compile(
    rf",[ ]{{1,2}}(?:(?P<city>{_CITY})[ ]{{1,2}}(?P<code>{_CODE})"
    rf"|(?P<code2>{_DIGITS})[ ](?P<city2>{_CITY}))(?=[\"'),.;|]|\s|$)"
)
# A city's field, then the code's: `'Johannesburg', '2196'`, `"København N","2200"`.
_FIELD_PAIR = re.compile(
    rf"(?P<q>[\"'])(?P<city>{_CITY})(?P=q)[ ]?[,;|][ ]?(?P=q)(?P<code>{_CODE})(?P=q)"
)


def postcodes(text: str) -> list[tuple[int, int, str, int]]:
    """Postal codes of other countries (as `ZIP`) and the cities written with them (as
    `ADDRESS`), in `text`, a line that holds PHI."""
    from asyncproof._phi.kinds.name import _not_name_words

    not_city = _not_name_words()
    found: list[tuple[int, int, str, int]] = []
    if "," in text:
        for match in _CITY_CODE.finditer(text):
            city = "city" if match["city"] else "city2"
            code = "code" if match["code"] else "code2"
            if match[city].split()[0] in not_city:
                continue
            found.append((match.start(city), match.end(city), "ADDRESS", 1))
            found.append((match.start(code), match.end(code), "ZIP", 1))
        for match in _FIELD_PAIR.finditer(text):
            if match["city"].split()[0] not in not_city:
                found.append((match.start("city"), match.end("city"), "ADDRESS", 1))
                found.append((match.start("code"), match.end("code"), "ZIP", 1))
    if _SHAPED_HINT.search(text):
        found += [(code.start(), code.end(), "ZIP", 1) for code in _SHAPED_CODE.finditer(text)]
    return found

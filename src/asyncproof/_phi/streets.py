"""Street addresses written the way other countries write them, in a line that holds PHI.

`Friedrichstraße 88`, `Nørrebrogade 44, 2. th`, `Storgatan 5`, `Váci utca 12` (the number after
the street, the street's type joined to its name or after it), `Rua das Flores 220, apto 81`,
`Calle Mayor 7, 3º izq` (the type first, then the name and the number), `4510 rue Saint-Denis`
(a French number, then the type in lower case). The US shapes (`42 Elm Street`) are the ADDRESS
kind's; these add the rest of the world's commonest.
"""

from __future__ import annotations

import re

from asyncproof._phi.blocks import LOW, UP

_NAME = rf"[{UP}][{LOW}]{{1,30}}"
_NUMBER = r"\d{1,5}[A-Za-z]?(?![\w-])"
# What follows the number: a floor and side, a flat (`, 2. th`, `, 3º izq`, `, apto 81`).
_UNIT = (
    r"(?:,[ ](?:\d{1,2}\.?[ ]?(?:th|tv|mf|sal)\.?|\d{1,2}[º°ª][ ]?[A-Za-z]{1,5}\.?"
    r"|(?:apto|apt|ap|piso|Apt|Whg)\.?[ ]?\d{1,4}[A-Za-z]?))?"
)
_JOINED_TYPE = (
    r"(?:straße|strasse|gasse|weg|allee|platz|gade|gatan|gata|vej|vegen|veien|laan|straat"
    r"|gracht|plein|kade)"
)
_TYPE_AFTER = r"(?:utca|út|tér|körút|ulica|aleja|caddesi|sokak)"
_TYPE_BEFORE = (
    r"(?:Rua|Avenida|Av\.|Calle|Carrer|Via|Viale|Piazza|Corso|Rue|Chemin|Praça|Travessa"
    r"|Alameda|Rambla|Paseo|Camino|Ulica|ul\.)"
)
_PARTICLE = r"(?:(?:d[aeo]s?|de la|del|di|della|du|des)[ ])?"
_STREET = re.compile(
    rf"(?<![\w-])(?:[{UP}][{LOW}]{{1,30}}{_JOINED_TYPE}[ ]{_NUMBER}"
    rf"|{_NAME}[ ]{_TYPE_AFTER}[ ]{_NUMBER}"
    rf"|{_TYPE_BEFORE}[ ]{_PARTICLE}{_NAME}(?:[ ](?:{_NAME}|[{UP}]\.)){{0,3}}[ ]{_NUMBER}"
    rf"|\d{{1,5}},?[ ](?:rue|avenue|boulevard|chemin|allée)[ ](?:d[eu][ ]|des[ ]|de[ ]la[ ])?"
    rf"[{UP}][\w'-]{{1,30}}(?:[ ][{UP}][\w'-]{{1,30}}){{0,2}})" + _UNIT
)
# A cheap test first: a digit after a space (every shape holds one).
_HINT = re.compile(r"[ ]\d|\d[ ,]")


def streets_abroad(text: str) -> list[tuple[int, int, str, int]]:
    """Street addresses of other countries in `text`, a line that holds PHI, as `ADDRESS`."""
    if not _HINT.search(text):
        return []
    return [(match.start(), match.end(), "ADDRESS", 1) for match in _STREET.finditer(text)]

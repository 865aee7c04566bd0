"""Names with no label around them, told from other capitalised words by a list of names.

`kinds/person_names.txt` holds first and last names of some 80 locales (from faker's person
providers, MIT licence; see `tests/phi/make_name_list.py`). With no label, two or three
capitalised words are taken for a name when the first is a known first name and the last a
known name (`Ana Lima`, `Lima, Ana`); so are two neighbouring fields of a tuple or a CSV row
(`('Halvorsen', 'Ingrid', ...)`). A pair of words that are both English words as well
(`Grace Period`, `Will Price`) is not, nor is one holding a word of log text.
"""

from __future__ import annotations

import re
from functools import cache

from asyncproof._phi.blocks import GAP, LOW, TOKEN, UP
from asyncproof._phi.engine import LABELLED, SHAPE, Candidate
from asyncproof._phi.kinds.name import _not_name_words

# Two or three name tokens (`Ana Lima`, `Ana de la Cruz`), or surname, comma, given name.
_WORDS = re.compile(
    rf"(?<![{UP}{LOW}0-9_.@/-])(?P<a>{TOKEN})(?:(?P<gap>{GAP})(?P<b>{TOKEN}))?"
    rf"(?:{GAP}(?P<c>{TOKEN}))?(?P<comma>,[ \t]{{1,2}}(?P<d>{TOKEN}))?(?![{UP}{LOW}0-9_@-])"
)
# Two neighbouring fields of a tuple, a list or a CSV row: `'Halvorsen', 'Ingrid'`, `|Lars|`.
_FIELDS = re.compile(
    rf"(?:(?<=[(\[,;|])|^)[ \t]?(?P<q1>['\"]?)(?P<a>{TOKEN})(?P=q1)[ \t]?[,;|][ \t]?"
    rf"(?P<q2>['\"]?)(?P<b>{TOKEN})(?P=q2)(?=[ \t]?[,;|)\]]|$)"
)

# A name part after its key with no quotes: `?family=Bergström&given=Ana`, `<given>Imogen<`.
# Only a capitalised one: `last=asc` is a sort order.
_KEYED = re.compile(
    rf"(?<![\w-])(?:(?:first|last|family|given)(?:_name)?=|<(?:given|family)>)(?P<v>{TOKEN})"
    r"(?=[&;<\s\"']|$)"
)


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """First names, every name, and the names that are English words too (read once)."""
    from importlib.resources import files

    text = files("asyncproof._phi.kinds").joinpath("person_names.txt").read_text("utf-8")
    first, every, english = set(), set(), set()
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        name, _, flags = line.partition("\t")
        every.add(name)
        if "f" in flags:
            first.add(name)
        if "w" in flags:
            english.add(name)
    return frozenset(first), frozenset(every), frozenset(english)


def _plain(word: str) -> str:
    """`MCALLISTER` -> `Mcallister`; `Smith-Jones` -> `Smith` (the list has single words)."""
    word = word.split("-")[0]
    return word if not word.isupper() else word.capitalize()


def is_name(given: str, family: str) -> bool:
    """Whether a given name and a family name, with no label, are a person's name: the given
    name is a known one, and the family name too unless the given name is no English word
    (`Ilse Brandvold`, but not `Max Retries`)."""
    first, every, english = _lists()
    given, family = _plain(given), _plain(family)
    if given not in first or (given in english and family not in every):
        return False
    if given in english and family in english:
        return False
    not_name = _not_name_words()
    return given not in not_name and family not in not_name and family not in _PLACES


# Last words of a place, not of a person: `Lincoln Park`, `Rose Hill`, `Grace Hospital`.
_PLACES = frozenset(
    [
        "Park",
        "Hill",
        "Hills",
        "Lake",
        "Valley",
        "Center",
        "Centre",
        "Street",
        "Avenue",
        "Road",
        "Heights",
        "Springs",
        "Beach",
        "Falls",
        "Creek",
        "Ridge",
        "Grove",
        "Harbor",
        "Bay",
        "Point",
        "Square",
        "Plaza",
        "Hall",
        "Hospital",
        "Clinic",
        "Medical",
        "Health",
        "County",
        "City",
        "Living",
        "Village",
        "Gardens",
        "Manor",
        "Court",
        "Place",
        "Terrace",
        "Station",
    ]
)


def unlabelled(text: str) -> list[Candidate]:
    """Names in `text` that no label points at."""
    candidates: list[Candidate] = []
    for words in _WORDS.finditer(text):
        given, family, last = words["a"], words["b"], words["c"] or words["b"]
        if words["comma"] and family is None and is_name(words["d"], given):
            # `Lima, Ana`
            candidates.append((words.start(), words.end(), "NAME", SHAPE))
        elif (
            family is not None
            and (words["c"] is None or _plain(family) in _lists()[1])
            and is_name(given, last)
        ):
            end = words.end("c") if words["c"] else words.end("b")
            if words["comma"] and is_name(words["d"], given):
                end = words.end()
            candidates.append((words.start(), end, "NAME", SHAPE))
    if "=" in text or ">" in text:
        not_name = _not_name_words()
        candidates += [
            (m.start("v"), m.end("v"), "NAME", LABELLED)
            for m in _KEYED.finditer(text)
            if m["v"] not in not_name
        ]
    for fields in _FIELDS.finditer(text):
        a, b = fields["a"], fields["b"]
        if is_name(a, b) or is_name(b, a):
            candidates.append((fields.start("a"), fields.end("a"), "NAME", SHAPE))
            candidates.append((fields.start("b"), fields.end("b"), "NAME", SHAPE))
    return candidates

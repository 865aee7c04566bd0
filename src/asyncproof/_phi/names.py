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
from asyncproof._phi.regex import shape_scanner

# Where a name may start: a capital, the rest of its word, a short gap and another capital.
# Scanned first: `re` skips ahead to a capital fast, and few capitals in logs start two words.
_HINT = re.compile(
    rf"[{UP}](?=[{LOW}'][{UP}{LOW}'-]{{0,30}}[^{UP}{LOW}0-9\n]{{1,5}}"
    rf"(?:[{LOW}]{{1,3}}\.?[ \t]{{1,2}}){{0,2}}[{UP}])"
)
# Two or three name tokens (`Ana Lima`, `Ana de la Cruz`), or surname, comma, given name.
_WORDS = re.compile(
    rf"(?<![{UP}{LOW}0-9_.@/-])(?P<a>{TOKEN})(?:(?P<gap>{GAP})(?P<b>{TOKEN}))?"
    rf"(?:{GAP}(?P<c>{TOKEN}))?(?P<comma>,[ \t]{{1,2}}(?P<d>{TOKEN}))?(?![{UP}{LOW}0-9_@-])"
)
# Two neighbouring fields of a tuple, a list or a CSV row: `'Halvorsen', 'Ingrid'`, `|Lars|`;
# what comes before the first is read by `_FIELD_BEFORE`.
_FIELDS = re.compile(
    rf"(?P<a>{TOKEN})(?P<q1>['\"]?)[ \t]?[,;|][ \t]?"
    rf"(?P<q2>['\"]?)(?P<b>{TOKEN})(?P=q2)(?=[ \t]?[,;|)\]]|$)"
)
_FIELD_BEFORE = re.compile(r"(?:^|[(\[,;|])[ \t]?(?P<q>['\"]?)\Z")

# A name part after its key with no quotes: `?family=Bergström&given=Ana`, `<given>Imogen<`.
# Only a capitalised one: `last=asc` is a sort order. One scan per first letter of the keys.
_KEYED = shape_scanner(
    ("first", "last", "family", "given", "<given>", "<family>"),
    rf"(?:(?<=[a-z])(?:_name)?=|(?<=>))(?P<v>{TOKEN})(?=[&;<\s\"']|$)",
)

_KEYS = re.compile("first|last|family|given")


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
    if ("=" in text or ">" in text) and _KEYS.search(text):
        not_name = _not_name_words()
        candidates += [
            (m.start("v"), m.end("v"), "NAME", LABELLED)
            for m in _KEYED(text)
            if m["v"] not in not_name and not _in_word(text, m.start())
        ]
    for hint in _HINT.finditer(text):
        at = hint.start()
        words = _WORDS.match(text, at)
        if words is not None:
            name = _words_name(words)
            if name is not None:
                candidates.append((at, name, "NAME", SHAPE))
        fields = _FIELDS.match(text, at)
        if fields is None:
            continue
        before = _FIELD_BEFORE.search(text, max(0, at - 3), at)
        if before is None or before["q"] != fields["q1"]:
            continue
        a, b = fields["a"], fields["b"]
        if is_name(a, b) or is_name(b, a):
            candidates.append((at, fields.end("a"), "NAME", SHAPE))
            candidates.append((fields.start("b"), fields.end("b"), "NAME", SHAPE))
    return candidates


def _in_word(text: str, at: int) -> bool:
    """Whether `text[at]` continues a word (`prefix_last=`): checked here rather than by a
    look-behind in front of the pattern, which would keep `re` from skipping ahead."""
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_-")


def _words_name(words: re.Match[str]) -> int | None:
    """Where the name that `_WORDS` matched ends, if it is a name."""
    given, family, last = words["a"], words["b"], words["c"] or words["b"]
    if words["comma"] and family is None:
        return words.end() if is_name(words["d"], given) else None  # `Lima, Ana`
    if family is None or (words["c"] is not None and _plain(family) not in _lists()[1]):
        return None
    if not is_name(given, last):
        return None
    if words["comma"] and is_name(words["d"], given):
        return words.end()
    return words.end("c") if words["c"] else words.end("b")

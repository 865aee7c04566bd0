"""A name found in pieces is one name: the last look over what every pass found.

The rules and the learned look each find a name where their own evidence is, and what lies
between or beside two pieces of one name stays in the redacted text: the initial of `ERIK J
HALVORSEN`, the `_` of `OYELARAN_FUNMILAYO`, the `O'` before a name the model found, the
escaped letter of a bytes repr's `Andr\\xe9`. This look takes those in, so that one name is
one match and nothing of it is left:

* two names that only a name's joint splits: a space (one: two or more split the columns of a
  record), `+`, `_`, `-`, `^`, `*`, `<<`, `%20`, an initial or a particle between them (`ERIK J
  HALVORSEN`, `José Luis de la Cruz`, `MARIA DE LOS ANGELES`), or `, ` between a family and a
  given name (`LINDQVIST, JORGE`, `GONZÁLEZ RUIZ, Camila`, `villalobos%2C+esperanza`;
  `_family_given`), or a bare `,` between two one-word pieces (`LINDQVIST,ERIK`);
* the particle and the initial beside a name (`names.with_particles`);
* the escaped letters a name goes on with (`Genevi\\xe8ve`, `Ren\\u00e9e`);
* a nickname quoted or in brackets between a given and a family name (`Wilhelmina "Billie"
  Ashcroft`), found as a name or not.

It only widens names already found: a line where nothing was found stays as it was, and it
takes in no word of letters that is not an initial, a particle or a quoted nickname, no digit,
nothing across a tab or a line. Before it, a name that holds a word of an organisation's name
is dropped (`Edison Elementary`, `Twin Lakes Orthopedics`, `Brandt LLP`: a school's, a
practice's, a firm's, whichever pass took it for a person's; `without_organisations`).
"""

from __future__ import annotations

import re

from asyncproof._phi.blocks import PARTICLE_WORDS, SECOND_PARTICLE
from asyncproof._phi.engine import LABELLED, Candidate
from asyncproof._phi.kinds.name import holds_organisation_word
from asyncproof._phi.names import is_given_name, known_name, with_particles

# What splits the words of one name: a space (not two: `Okafor   Chidinma` are a fixed-width
# record's columns), a URL's `+` and `%20`, a slug's `_`, `-` and `.` (`deirdre.kavanagh`),
# HL7's `^`, X12's `*`, a passport's `<<`.
_SPLIT = r"(?:[ ]|[+_^*.-]|<<|%20)"
# What may stand between two pieces of a name, split from both: an initial, a particle in
# lower case (not `y`, Spanish's `and` between two people's names as often as a particle; not
# `DO`, a doctor of osteopathy's letters), or in capitals between names in capitals (`MARIA DE
# LOS ANGELES`), and Irish's and Portuguese's (`ruairí ó dónaill`, `Costa e Silva`).
_PARTICLE = "(?:" + "|".join([*sorted(PARTICLE_WORDS - {"y"}), "ó", "Ó", "e"]) + ")"
_CAPS_PARTICLE = "(?:" + "|".join(sorted(w.upper() for w in PARTICLE_WORDS - {"y", "do"})) + ")"
_BETWEEN = (
    rf"(?:[A-Z]\.?|{_PARTICLE}(?:[ _+-]{SECOND_PARTICLE})?"
    # (after a capital: `re`'s `endpos` hides the capital after it from a lookahead)
    rf"|(?<=[A-Z][ ])(?:{_CAPS_PARTICLE}(?:[ ]{SECOND_PARTICLE.upper()})?"
    rf"|{SECOND_PARTICLE.upper()}))"
)
_JOINT = re.compile(rf"{_SPLIT}(?:{_BETWEEN}{_SPLIT})?")
# `Family, Given`: joined where the piece before the comma is one word, written so or in a
# URL's query (`villalobos%2C+esperanza`).
_COMMA = re.compile(r", |%2[Cc](?:\+|%20)|,\+")
# `FAMILY,GIVEN` with no space: a bare `,` splits a CSV row's fields, and joins two pieces of
# a name only where both are one word (`LINDQVIST,ERIK`, `Delacroix,Marcus`) and no other
# comma stands beside them (`LIMA,ANA,CHEN,BO`, `pt-1,Linnea,Bergstrom,F`: a row's fields).
_BARE_COMMA = ","
# A nickname quoted between a given and a family name, found or not (`Marcus "Moose"
# Delacroix`).
_QUOTED_NICKNAME = re.compile(
    r"[ ](?:\"[A-Z][A-Za-z]{0,14}\"|'[A-Z][A-Za-z]{0,14}'|\([A-Z][A-Za-z]{0,14}\))[ ]"
)
# An escape, as a bytes or ASCII repr writes a character (`b'Andr\xe9'`), and the letters
# after it: taken in while the escape is a letter's (not `\x1f`, a field separator, nor
# `\u2019`, an apostrophe).
_ESCAPED = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4}))[^\W\d_]*")
_WORD = re.compile(r"[^\W\d_]+")


def whole(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` (sorted, not overlapping) with each name found in pieces found whole."""
    if not any(kind == "NAME" for _, _, kind, _ in chosen):
        return chosen
    return _with_first_surname(text, _joined(text, _escaped(text, with_particles(text, chosen))))


# A word in capitals, or capitalised, just before a name: a first family name where a person
# has two (`GONZÁLEZ RUIZ, Camila`, `García Márquez, Ana`).
_WORD_BEFORE = re.compile(r"(?<![\w'-])([^\W\d_][^\W\d_'-]{1,30})[ ]\Z")


def _with_first_surname(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` with each `Family, Given` name taken back over a family name before it, in the
    same case, that the list holds as a name and no English word."""
    result: list[Candidate] = []
    for start, end, kind, priority in chosen:
        name = text[start:end]
        if kind == "NAME" and ", " in name:
            family = name.split(", ", 1)[0]
            word = _WORD_BEFORE.search(text, max(0, start - 32), start)
            if (
                word is not None
                and word.start() >= (result[-1][1] if result else 0)
                and word[1].isupper() == family.isupper()
                and word[1][:1].isupper()
                and known_name(word[1])
            ):
                start = word.start()
        result.append((start, end, kind, priority))
    return result


def without_organisations(text: str, found: list[Candidate]) -> list[Candidate]:
    """`found` without the names that hold a word of an organisation's name, or that one
    follows (`Delgado Roofing Inc`, `Austin PACE Day Center`). (Before `whole`, which takes no
    such word into a name, so that `contains_phi` answers as `find_phi` does.)"""
    return [
        candidate
        for candidate in found
        if candidate[2] != "NAME"
        or not (_organisation(text[candidate[0] : candidate[1]]) or _named_after(text, candidate))
    ]


# The word after a name, as an organisation's name goes on (`Riverside Distribution LLC`): one
# space, a capital, no key's `:` or `=` after it (`Patient: ROSA VILLALOBOS  INSURANCE: AETNA`).
_WORD_AFTER = re.compile(r"[ ](?:&[ ])?([A-Z][^\W\d_]*)(?![\w.:=-])")
# The words that end an organisation's name and follow no person's (`Delgado Roofing Inc`,
# `Austin PACE Day Center`, `Hilliard Bradley High School`); not `Group`, `Insurance`,
# `Medical`, `General`, `Services`, a report's next column or a ward (`Member: ERIK LINDQVIST
# GROUP 88213`, `Admitted Marcus Delacroix General Medicine ward 4`).
_ORGANISATION_ENDS = frozenset(
    [
        "Inc",
        "Llc",
        "Ltd",
        "Corp",
        "Center",
        "Centre",
        "School",
        "Pharmacy",
        "Associates",
        "Hospital",
        "University",
        "College",
        "Foundation",
    ]
)


def _named_after(text: str, candidate: Candidate) -> bool:
    """Whether the name `candidate`, which no label found, is followed by the word that ends
    an organisation's name."""
    if candidate[3] >= LABELLED:
        return False  # `Patient Name: ...`: a person's, whatever follows
    word = _WORD_AFTER.match(text, candidate[1])
    return word is not None and word[1].capitalize() in _ORGANISATION_ENDS


def organisations_as_no_phi(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` with the names that hold a word of an organisation's name held as no PHI (of
    no kind): what is found on their line is not tied to them, and no other pass takes their
    words."""
    return [
        (start, end, "", priority)
        if kind == "NAME" and _organisation(text[start:end])
        else (start, end, kind, priority)
        for start, end, kind, priority in chosen
    ]


def _organisation(name: str) -> bool:
    """Whether `name` holds a word of an organisation's name, in any case (`ST LUKE'S
    HOSPITAL`, `Edison Elementary`)."""
    return holds_organisation_word(_WORD.findall(name))


def _escaped(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` with each name taken on over the escaped letters it goes on with."""
    result = []
    for index, (start, end, kind, priority) in enumerate(chosen):
        if kind == "NAME":
            following = chosen[index + 1][0] if index + 1 < len(chosen) else len(text)
            escaped = _ESCAPED.match(text, end)
            while escaped is not None and escaped.end() <= following and _a_letter(escaped):
                end = escaped.end()
                escaped = _ESCAPED.match(text, end)
        result.append((start, end, kind, priority))
    return result


def _a_letter(escape: re.Match[str]) -> bool:
    """Whether `escape` writes a letter."""
    return chr(int(escape[1] or escape[2], 16)).isalpha()


def _joined(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` with neighbouring names that only a name's joint splits found as one, and a
    nickname quoted between a given and a family name (`Wilhelmina "Billie" Ashcroft`)."""
    joined: list[Candidate] = []
    for index, candidate in enumerate(chosen):
        start, end, kind, priority = candidate
        if joined and kind == "NAME" and joined[-1][2] == "NAME":
            first, last, _, before = joined[-1]
            if (
                _JOINT.fullmatch(text, last, start)
                or (
                    _COMMA.fullmatch(text, last, start)
                    and _family_given(text[first:last], text[start:end])
                )
                or (
                    text[last:start] == _BARE_COMMA
                    and _one_word_each(text, first, last, start, end)
                )
                or _QUOTED_NICKNAME.fullmatch(text, last, start)
                or _nickname(text, chosen, index)
                or (index > 1 and _nickname(text, chosen, index - 1))
            ):
                joined[-1] = (first, end, kind, max(before, priority))
                continue
        joined.append(candidate)
    return joined


def _one_word_each(text: str, first: int, last: int, start: int, end: int) -> bool:
    """Whether `text[first:last]` and `text[start:end]`, split by a bare comma, are one word
    each and no fields of a CSV row (`,Linnea,Bergstrom,`: a row's given and family names,
    two fields, as its writer marks them)."""
    return (
        text[first - 1 : first] != ","
        and text[end : end + 1] != ","
        and all(_ONE_WORD.fullmatch(text, a, b) for a, b in ((first, last), (start, end)))
    )


_ONE_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


def _family_given(family: str, given: str) -> bool:
    """Whether `family, given` reads as one person's name: a family name of one word, or of
    a few before one given name (`GONZÁLEZ RUIZ, Camila`, `van der Berg, Pieter`), or before
    given names of the list (`ALVAREZ RODRIGUEZ, JOSE LUIS`); not two people's names in a
    list (`SMITH JOHN, DOE JANE`), nor a name joined so already (`LIMA, ANA, CHEN, BO`)."""
    if len(family) > 40 or ", " in family:
        return False
    if " " not in family:
        return True
    words = given.split()
    return len(words) == 1 or (len(words) <= 3 and all(map(is_given_name, words)))


# A nickname's quotes, as written between a given and a family name.
_NICKNAME_QUOTES = {' "': '" ', " '": "' ", " (": ") "}


def _nickname(text: str, chosen: list[Candidate], index: int) -> bool:
    """Whether `chosen[index]` is a name quoted between two names (`"Billie"`)."""
    if not 0 < index < len(chosen) - 1:
        return False
    before, (start, end, kind, _), after = chosen[index - 1], chosen[index], chosen[index + 1]
    opening = text[before[1] : start]
    return (
        kind == before[2] == after[2] == "NAME"
        and opening in _NICKNAME_QUOTES
        and text[end : after[0]] == _NICKNAME_QUOTES[opening]
    )

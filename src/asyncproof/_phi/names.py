"""Names with no label around them, told from other capitalised words by a list of names.

`kinds/person_names.txt` holds first and last names of some 80 locales (from faker's person
providers, MIT licence) and the most frequent US Census surnames (public domain); see
`tests/phi/make_name_list.py`. With no label, two or three
capitalised words are taken for a name when the first is a known first name and the last a
known name (`Ana Lima`, `Lima, Ana`); so are two neighbouring fields of a tuple or a CSV row
(`('Halvorsen', 'Ingrid', ...)`). A pair of words that are both English words as well
(`Grace Period`, `Will Price`) is not, nor is one holding a word of log text.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from asyncproof._phi.blocks import (
    GAP,
    LAST_FIRST,
    LOW,
    PARTICLE_WORDS,
    SECOND_PARTICLE,
    STATES,
    SUFFIX,
    TOKEN,
    TWO_WORDS,
    UP,
)
from asyncproof._phi.engine import LABELLED, SHAPE, Candidate, line_end
from asyncproof._phi.kinds.name import _not_name_words, plain_organisation, plausible_name_length
from asyncproof._phi.regex import Scanner, matches, shape_scanner

_HINT = re.compile(TWO_WORDS)
# A word that points at a person before a name: `for Jane Doe`.
_POINTER = re.compile(r"(?:for|to|of|reach|caller|decedent|from)[ \t]{1,2}\Z")


# Compiled on first use, like every pattern made of name tokens (each takes milliseconds):
# * two or more capitalised words after a word that points at a person: `for Jane Doe`;
# * two or three name tokens (`Ana Lima`, `Ana de la Cruz`), or surname, comma, given name;
# * two neighbouring fields of a tuple, a list or a CSV row: `'Halvorsen', 'Ingrid'`,
#   `|Lars|` (what comes before the first is read by `_field_start`);
# * a name part after its key with no quotes: `?family=Bergström&given=Ana`, `<given>Imogen<`
#   (only a capitalised one: `last=asc` is a sort order), one scan per first letter of a key.
@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], Scanner]:
    pointed = re.compile(rf"{LAST_FIRST}|{TOKEN}(?:{GAP}{TOKEN}){{1,2}}{SUFFIX}")
    words = re.compile(
        rf"(?<![{UP}{LOW}0-9_.@/-])(?P<a>{TOKEN})(?:(?P<gap>{GAP})(?P<b>{TOKEN}))?"
        rf"(?:{GAP}(?P<c>{TOKEN}))?(?P<comma>,[ \t]{{1,2}}(?P<d>{TOKEN}))?"
        rf"(?![{UP}{LOW}0-9_@-])"
    )
    fields = re.compile(
        rf"(?P<a>{TOKEN}|{_CAPS_WORD})(?P<q1>['\"]?)[ \t]?[,;|][ \t]?"
        rf"(?P<q2>['\"]?)(?P<b>{TOKEN}|{_CAPS_WORD})(?P=q2)(?=[ \t]?[,;|)\]]|$)"
    )
    keyed = shape_scanner(
        ("first", "last", "family", "given", "<given>", "<family>"),
        rf"(?:(?<=[a-z])(?:_name)?=|(?<=>))(?P<v>{TOKEN})(?=[&;<\s\"']|$)",
    )
    return pointed, words, fields, keyed


_KEYS = re.compile("first|last|family|given")
# (An apostrophe or a hyphen only inside it: `O'NEIL`, not the quote after `'... JORGE'`.)
_CAPS_WORD = rf"[{UP}](?:[{UP}]|['-](?=[{UP}])){{1,20}}(?![{UP}{LOW}])"


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """First names, every name, and the names that are English words too (read once)."""
    from importlib.resources import files

    text = files("asyncproof._phi.kinds").joinpath("person_names.txt").read_text("utf-8")
    sections = dict(section.split("]\n", 1) for section in text.split("\n[")[1:])
    first, last = frozenset(sections["first"].split()), frozenset(sections["last"].split())
    return first, first | last, frozenset(sections["english"].split())


@cache
def english_words() -> frozenset[str]:
    """The English words of `english_words.txt`, in lower case (read on first use)."""
    from importlib.resources import files

    text = files("asyncproof._phi").joinpath("english_words.txt").read_text("utf-8")
    # The licence comes first, every line of it starting with `#`; then the words.
    return frozenset(text[text.index("\n", text.rindex("\n#") + 1) :].split())


def _plain(word: str) -> str:
    """`MCALLISTER`, `mcallister` -> `Mcallister`; `Smith-Jones` -> `Smith` (the list has single
    words)."""
    word = word.split("-")[0]
    return word if word[:1].isupper() and not word.isupper() else word.capitalize()


def is_name(given: str, family: str) -> bool:
    """Whether a given name and a family name, with no label, are a person's name: the given
    name is a known one, and the family name too unless the given name is no English word
    (`Ilse Brandvold`, but not `Max Retries`)."""
    first, every, english = _lists()
    given, family = _plain(given), _plain(family)
    if given not in first and not _unlisted_pair(given, family):
        return False
    if given in english and family not in every:
        return False
    if given in english and family in english:
        return False
    not_name = _not_name_words()
    return given not in not_name and family not in not_name and family not in _PLACES


def _unlisted_pair(given: str, family: str) -> bool:
    """Whether a given name the list lacks (`Oluwaseun`, `Haruto`) still makes a name with
    `family`: the family name is a known one and no English word, and neither is the given
    name (the lists hold few names of some languages; a word of log text or a brand is kept
    out by the words that are not names)."""
    _, every, english = _lists()
    return (
        family in every
        and family not in english
        and given not in english
        and given.isalpha()
        and len(given) >= 4
        and given not in _NOT_GIVEN
        and family not in _NOT_GIVEN
    )


def is_given_name(word: str) -> bool:
    """Whether `word` (any case) is a first name of the list that is no English word."""
    first, _, english = _lists()
    word = _plain(word)
    return word in first and word not in english and word not in _not_name_words()


def known_name(word: str, *, english: bool = False) -> bool:
    """Whether `word` (any case) is a first or last name of the list, and no English word
    unless `english`."""
    _, every, english_words = _lists()
    word = _plain(word)
    if word not in every or word in _not_name_words():
        return False
    return english or word not in english_words


def is_record_name(a: str, b: str) -> bool:
    """Whether two neighbouring fields of a record that holds other PHI are a name: either
    order of `is_name`, or one of them a known name that is no English word and the other no
    English word nor word of log text either (`'Okafor', 'Chidi'`)."""
    if len(a) < 3 or len(b) < 3:
        return False  # `'Albuquerque', 'NM'`, `NY,Benedikt`: a state, a credential, a code
    if is_name(a, b) or is_name(b, a):
        return True
    _, _, english = _lists()
    a, b = _plain(a), _plain(b)
    not_name = _not_name_words()
    if a in english or b in english or a in not_name or b in not_name:
        return False
    return known_name(a) or known_name(b)


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


# Two neighbouring fields of a record in any case, quoted or not, split by a comma, `;`, `|` or
# a tab: `('BEREZIN', 'NIKOLAI', ...)`, `0048214,Tran,Duc Anh,2001-10-10`,
# `7120051\tAuer\tBenedikt`.
_FIELD_WORD = rf"[{UP}][{UP}{LOW}'-]{{1,24}}"
_RECORD_PAIR = re.compile(
    rf"[\s(\[,;|](?P<q1>['\"]?)(?P<a>{_FIELD_WORD})(?P=q1)[ \t]?[,;|\t][ \t]?"
    rf"(?P<q2>['\"]?)(?P<b>{_FIELD_WORD}(?:[ ]{_FIELD_WORD}){{0,2}})(?P=q2)"
    r"(?=[ \t]?[,;|)\]\t]|$)"
)


# Two or three capitalised words, or surname, comma, given name (`Rukmini Iyer`, `ORLOVA,
# SVETLANA`, `Greaves, Ottoline`), read in a line that already holds PHI.
_PAIR = re.compile(
    rf"[^{UP}{LOW}0-9_@.-](?P<a>{TOKEN}|{_CAPS_WORD})(?P<comma>,)?[ \t]{{1,2}}"
    rf"(?P<b>{TOKEN}|{_CAPS_WORD})(?:[ \t](?P<c>{TOKEN}|{_CAPS_WORD}))?(?![{UP}{LOW}0-9_@])"
)


# Words of a user agent or a street that the name list also holds.
_NOT_GIVEN = frozenset(
    ["Mac", "Intel", "Rue", "Calle", "Via", "USPS", "Healthcare", "Apt", "Flat", "Unit", "Suite"]
)


# One word quoted on its own, a value of a record, of bound parameters or of a search
# (`args=('MRN00482913', 'Okonkwo', ...)`, `$1 = 'FITZGERALD'`, `'nguyen%'`: a LIKE pattern).
# Lower case only as a LIKE pattern or an item by position (`('tanaka', 'yui', ...)`): a
# quoted lower-case word is most often a code or a key.
_QUOTED_WORD = re.compile(
    rf"(?<=['\"])(?:(?P<v>[{UP}](?:[{LOW}]|['-](?=[{UP}{LOW}])){{2,24}}|[{UP}][{UP}'-]{{3,24}})"
    rf"%?|%?(?P<w>[{LOW}]{{3,24}})%|%(?P<x>[{LOW}]{{3,24}})"
    rf"|(?<=[(\[]['\"])(?P<y>[{LOW}]{{3,24}})|(?<=,[ ]['\"])(?P<z>[{LOW}]{{3,24}}))"
    r"(?=['\"](?![ \t]?:))"
)


# The key of a thing's name, not a person's: `"model": "Sienna"`, `city='Austin'`.
_THING_KEY = re.compile(
    r"(?i:model|make|brand|product|vendor|manufacturer|city|state|country|town|county|region)"
    r"['\"]?[ \t]?[:=][ \t]?['\"]\Z"
)


def quoted_words(text: str) -> list[Candidate]:
    """Single quoted words of a line that holds PHI that are a known name and no English word
    nor word of log text: the other values of that record are a person's."""
    candidates: list[Candidate] = []
    for quoted in _QUOTED_WORD.finditer(text):
        group = quoted.lastgroup or "v"
        word = quoted[group]
        if (
            known_name(word)
            and word not in _NOT_GIVEN
            and _plain(word) not in _PLACES
            and not _THING_KEY.search(text, max(0, quoted.start() - 20), quoted.start())
        ):
            candidates.append((quoted.start(group), quoted.end(group), "NAME", SHAPE))
    return candidates


def quoted_unlisted_names(text: str) -> list[Candidate]:
    """Quoted values of two or three capitalised words in a line that holds PHI, none of them
    an English word, a word of log text, a place's or an organisation's: a name the lists
    lack (`'Sunita Bhattacharya'`, `'Chioma Abara'`)."""
    candidates: list[Candidate] = []
    _, _, english = _lists()
    not_name = _not_name_words()
    for quoted in _QUOTED(text):
        start, end = quoted.span("v")
        # A value by position (`args=('...', ...)`, `Index(['...'])`), not under a key that
        # may name anything (`carrier="Example Mutual"`, `'clinic': 'Lakeview Cardiology'`).
        if text[max(0, start - 3) : start - 1].rstrip()[-1:] not in ("(", "[", ","):
            continue
        words = text[start:end].split()
        if not 2 <= len(words) <= 3 or not all(_TITLE_WORD.fullmatch(word) for word in words):
            continue
        plain = [_plain(word) for word in words]
        if any(
            word in english or word in not_name or word in _PLACES or word in _NOT_GIVEN
            for word in plain
        ) or plain_organisation(plain):
            continue
        candidates.append((start, end, "NAME", SHAPE))
    return candidates


_TITLE_WORD = re.compile(rf"[{UP}][{LOW}]{{1,20}}(?:-[{UP}]?[{LOW}]{{1,20}})?")


def tied(text: str) -> list[Candidate]:
    """Names in a line that holds PHI: as `record_pairs` reads them, in prose too, and single
    quoted words that are a name (`quoted_words`)."""
    candidates: list[Candidate] = []
    if "'" in text or '"' in text:
        candidates += quoted_words(text)
        candidates += quoted_unlisted_names(text)
    for pair in _PAIR.finditer("\n" + text):
        a, b, c = pair["a"], pair["b"], pair["c"]
        if not is_record_name(a, b) or {a, b} & _NOT_GIVEN or _plain(b) in _PLACES:
            continue
        end = pair.end("b")
        if c and not pair["comma"] and known_name(c, english=True):
            end = pair.end("c")  # `Nguyen Thi Lan`, `Ana Paula`
        candidates.append((pair.start("a") - 1, end - 1, "NAME", SHAPE))
    candidates += [
        (match.start("n"), match.end("n"), "NAME", SHAPE)
        for match in _POINTED_ONE.finditer(text)
        if known_name(match["n"]) and match["n"] not in _PLACES
    ]
    return candidates


# One known name after a word that points at a person, in a line that holds PHI: `could not
# reach Kowalczyk at (312) ...`, `spoke with Henrietta re K+`, `not deliverable for Sutrisno
# in Nome` (a name of the lists that is no English word).
_POINTED_ONE = re.compile(
    r"(?<![\w-])(?:reach|reached|with|for|called|texted|emailed|notify|notified|visit(?:ed)?)"
    rf"[ ](?P<n>[{UP}][{LOW}]{{2,20}}(?:-[{UP}][{LOW}]{{2,20}})?)(?![\w'-]|[ ][{UP}])"
)


def record_pairs(text: str) -> list[Candidate]:
    """Neighbouring fields of a record that are a name (`names.is_record_name`)."""
    candidates: list[Candidate] = []
    # (The separator before the first field is matched, not looked behind at: `re` then tries
    # the pattern after separators only. Two pairs may share a field: `a, b, c`.)
    at = 0
    padded = " " + text
    while (pair := _RECORD_PAIR.search(padded, at)) is not None:
        at = pair.start("b") - 1
        a, b = pair["a"], pair["b"]
        if is_record_name(a, b.split()[0]):
            candidates.append((pair.start("a") - 1, pair.end("a") - 1, "NAME", SHAPE))
            candidates.append((pair.start("b") - 1, pair.end("b") - 1, "NAME", SHAPE))
    return candidates


# `JOHNSON, TYRONE`, `WALLACE, DEMETRIUS`, `WHITCOMBE, ELEANOR M`: surname, comma, given name
# in capitals, with no label (taken when the given name is one and the pair is a name).
# (Found from the comma: `re` skips ahead to it.)
_CAPS_PAIR = re.compile(
    rf",[ \t](?P<given>{_CAPS_WORD})(?:[ \t](?P<more>{_CAPS_WORD}|[{UP}]\.?))?"
    rf"(?![{UP}{LOW}0-9])"
)
# (Letters of any Latin script: `RAMÍREZ, JOSÉ` is not `REZ, JOS`.)
_CAPS_SURNAME = re.compile(rf"(?<![{UP}{LOW}0-9'-])[{UP}][{UP}'-]{{1,30}}\Z")


def caps_last_first(text: str) -> list[Candidate]:
    """Surnames and given names in capitals with a comma between, that are a name."""
    candidates: list[Candidate] = []
    for pair in matches(_CAPS_PAIR, text):
        surname = _CAPS_SURNAME.search(text, max(0, pair.start() - 31), pair.start())
        if surname is None or not is_name(pair["given"], surname.group()):
            continue
        end = pair.end()
        more = pair["more"]
        if more and len(more.rstrip(".")) > 1 and not known_name(more, english=True):
            end = pair.end("given")  # `SMITH, JOHN WAS ...`: the next word is text
        candidates.append((surname.start(), end, "NAME", SHAPE))
    return candidates


# One field of a delimited record that is a whole name: two to four words in any case, with
# particles and an initial (`Nguyen Thi Hoa`, `van der Berg`, `SZABÓ ISTVÁN`, `"Ilić, Teodora"`,
# `mcallister, fiona`), or family name, comma, given names.
_FIELD_NAME_WORD = rf"[{UP}{LOW}](?:[{UP}{LOW}]|['-](?=[{UP}{LOW}])){{1,24}}"
_FIELD_NAME = re.compile(rf"{_FIELD_NAME_WORD}(?:,?[ ]{_FIELD_NAME_WORD}){{1,3}}(?:[ ][{UP}]\.?)?")
_FIELD_WORDS = re.compile(_FIELD_NAME_WORD)
_STATE_FIELD = re.compile(rf"[ \t]?[,\t|;][ \t]?['\"]?(?:{STATES})['\"]?(?![A-Za-z])")
_DELIMITERS = ("\t", "|", ",", ";")
# Two words at the start of a field: what a line must hold for its fields to be read.
# (One pattern per delimiter, led by it: `re` skips ahead to a literal far faster than to a
# set of characters.)
_TWO_WORDS_REST = rf"[ ]?['\"]?{_FIELD_NAME_WORD},?[ ]{_FIELD_NAME_WORD}"
_TWO_WORDS_AFTER = {
    delimiter: re.compile(re.escape(delimiter) + _TWO_WORDS_REST) for delimiter in _DELIMITERS
}
_TWO_WORDS_FIRST = re.compile(_TWO_WORDS_REST)
_TWO_WORDS_AT_LINE_START = re.compile("^" + _TWO_WORDS_REST, re.MULTILINE)


def _two_word_field(text: str) -> bool:
    """Whether a field of `text` (the first, or one after a delimiter) starts with two words."""
    return bool(_TWO_WORDS_FIRST.match(text)) or any(
        delimiter in text and pattern.search(text)
        for delimiter, pattern in _TWO_WORDS_AFTER.items()
    )


def record_fields(text: str) -> list[Candidate]:
    """Fields of a delimited record (CSV, TSV, a `|` or `;` export) that are a whole name."""
    # Only the fields that start with two words are read, and only the lines that hold one.
    starts: dict[int, list[tuple[str, int]]] = {}
    for match in matches(_TWO_WORDS_AT_LINE_START, text):
        starts.setdefault(match.start(), []).append(("", match.start()))
    for delimiter, pattern in _TWO_WORDS_AFTER.items():
        if delimiter in text:
            for match in matches(pattern, text):
                line_start = text.rfind("\n", 0, match.start()) + 1
                starts.setdefault(line_start, []).append((delimiter, match.start() + 1))
    candidates: list[Candidate] = []
    for line_start, fields in starts.items():
        # (without a CRLF file's `\r`: the last field is read as it is with `\n` alone)
        line = text[line_start : line_end(text, line_start)]
        delimiter = max(_DELIMITERS, key=line.count)
        if line.count(delimiter) < 2:
            continue
        for after, at in fields:
            if after and after != delimiter:
                continue
            start, end = _field_at(line, at - line_start, delimiter)
            if _is_field_name(line, start, end):
                candidates.append((line_start + start, line_start + end, "NAME", SHAPE))
    return candidates


def _field_at(line: str, at: int, delimiter: str) -> tuple[int, int]:
    """Where the field of `line` that starts at `at` is, without its quotes and the spaces
    around it."""
    while at < len(line) and line[at] == " ":
        at += 1
    if line[at : at + 1] in ("'", '"'):
        close = line.find(line[at], at + 1)
        if close > at:
            return at + 1, close
    end = line.find(delimiter, at)
    end = len(line) if end < 0 else end
    while end > at and line[end - 1] == " ":
        end -= 1
    return at, end


def _is_field_name(line: str, start: int, end: int) -> bool:
    """Whether `line[start:end]`, a field of a record, is a person's whole name: two of its
    words are a name as `is_record_name` reads a pair, in either order, and no word of it is a
    word of log text, an organisation's or an English word alone (`Internal Medicine`); not a
    city before its state (`Santa Rosa,CA`)."""
    if not 5 <= end - start <= 60 or _STATE_FIELD.match(line, end):
        return False
    # The verdict on the value itself, kept: a log quotes the same values line after line
    # (`msg="cache miss"`), and reading one word by word costs a few µs.
    value = line[start:end]
    verdict = _FIELD_VERDICTS.get(value)
    if verdict is None:
        if len(_FIELD_VERDICTS) >= 4096:
            _FIELD_VERDICTS.clear()
        verdict = _FIELD_VERDICTS[value] = _is_name_value(value)
    return verdict


_FIELD_VERDICTS: dict[str, bool] = {}


def _is_name_value(value: str) -> bool:
    """`_is_field_name` of a field's value alone, whatever is around it."""
    if not _FIELD_NAME.fullmatch(value) or value[:2] in ("I'", "I\u2019"):
        return False  # (`, I'm Rachel Goldfarb`: a sentence, its name found where it is said)
    # Word by word, out at the first word of log text or of a place (most quoted values of a
    # log: `msg="cache miss"`), before the rest of the words are read.
    not_name = _not_name_words()
    words: list[str] = []
    plain: list[str] = []
    for word in _FIELD_WORDS.findall(value):
        if word.lower() in PARTICLE_WORDS:
            continue
        plain_word = _plain(word)
        if plain_word in not_name or plain_word in _PLACES:
            return False
        words.append(word)
        plain.append(plain_word)
    english = _lists()[2]
    if len(words) == 1:
        # A family name with its particles (`van der Berg`, `de la Cruz`).
        return value != words[0] and known_name(words[0], english=True)
    if plain_organisation(plain) or all(word in english for word in plain):
        return False
    lowered = value.islower()
    for a, b in itertools.combinations(words, 2):
        if is_name(a, b) or is_name(b, a):
            return True
        if not lowered and is_record_name(a, b):
            return True
    return False


# A quoted value that is a whole name: `KeyError: 'Haruto Sato'`, `"text": "María José Ruiz"`.
# (The name's shape is part of the pattern: most quoted values are turned away by `re`.)
# (One scan per quote character: `re` skips ahead to a literal far faster than to a set.)
_QUOTED = shape_scanner(
    ("'", '"', "“"),
    rf"(?P<v>{_FIELD_NAME_WORD}(?:,?[ ]{_FIELD_NAME_WORD}){{1,3}}(?:[ ][{UP}]\.?)?)['\"”]",
)


def quoted_names(text: str) -> list[Candidate]:
    """Quoted values that are a whole name, as a field of a record is read."""
    candidates: list[Candidate] = []
    for quoted in _QUOTED(text):
        start, end = quoted.span("v")
        if _is_field_name(text, start, end):
            candidates.append((start, end, "NAME", SHAPE))
    return candidates


# An initial and a family name, either way round: `A. Frost`, `H. Rosenberg-Kahn`,
# `Kowalczyk, M.`, `Strand, W.` (taken when the family name is a known one).
# (Found from the initial's dot, which `re` skips ahead to; what is before is looked behind
# at, or searched for from there: a scan led by a capital was tried at every capital.)
_FAMILY = rf"[{UP}][{LOW}]{{2,20}}(?:-[{UP}][{LOW}]{{2,20}})?"
_INITIALLED = re.compile(
    rf"\.(?<=[{UP}]\.)(?:(?<=(?<![\w.&])[{UP}]\.)[ ](?P<a>{_FAMILY})(?![\w.-])|(?<=,[ ][{UP}]\.))"
)
_FAMILY_BEFORE = re.compile(rf"(?<![\w.&])(?:{_FAMILY}|[{UP}][{UP}'-]{{2,24}})\Z")


# Words of a region's name after a compass point (`N. Virginia`, `S. Carolina`).
_REGIONS = frozenset(["Virginia", "Carolina", "Dakota", "Jersey", "York", "Mexico", "Hampshire"])


def initialled(text: str) -> list[Candidate]:
    """An initial and a known family name (`names.known_name`, English words too)."""
    candidates: list[Candidate] = []
    not_name = _not_name_words()
    for match in matches(_INITIALLED, text):
        if match["a"]:
            family, start = match["a"], match.start() - 1
        else:
            before = _FAMILY_BEFORE.search(text, max(0, match.start() - 30), match.start() - 3)
            if before is None:
                continue
            family, start = before.group(), before.start()
        first = _plain(family.split("-")[0])
        if first in not_name or first in _PLACES or first in _NOT_GIVEN or first in _REGIONS:
            continue
        if known_name(first, english=True):
            candidates.append((start, match.end(), "NAME", SHAPE))
    return candidates


def unlabelled(text: str) -> list[Candidate]:
    """Names in `text` that no label points at."""
    candidates: list[Candidate] = []
    if "." in text:
        candidates += initialled(text)
    if "," in text or "|" in text or "\t" in text or ";" in text:
        candidates += record_pairs(text)
        candidates += record_fields(text)
    if "'" in text or '"' in text:
        candidates += quoted_names(text)
    if ", " in text:
        candidates += caps_last_first(text)
    if ("=" in text or ">" in text) and _KEYS.search(text):
        not_name = _not_name_words()
        candidates += [
            (m.start("v"), m.end("v"), "NAME", LABELLED)
            for m in _patterns()[3](text)
            if m["v"] not in not_name and not _in_word(text, m.start())
        ]
    name_end = -1
    first = _HINT.search(text)
    if first is None:
        return candidates
    _, words_pattern, fields_pattern, _ = _patterns()
    for hint in _HINT.finditer(text, first.start()):
        at = hint.start()
        if at >= name_end:
            name = _pointed(text, at)
            if name is None:
                words = words_pattern.match(text, at)
                name = None if words is None else _words_name(words)
            if name is not None:
                candidates.append((at, name, "NAME", SHAPE))
                name_end = name
        quote = _field_start(text, at)
        if quote is None:
            continue
        fields = fields_pattern.match(text, at)
        if fields is None or fields["q1"] != quote:
            continue
        a, b = fields["a"], fields["b"]
        # Quoted fields of a tuple or a list (`('Okafor', 'Chidi', ...)`) are values, not
        # words of a sentence: one known name among them is enough.
        if is_record_name(a, b):
            candidates.append((at, fields.end("a"), "NAME", SHAPE))
            candidates.append((fields.start("b"), fields.end("b"), "NAME", SHAPE))
    return candidates


def _pointed(text: str, at: int) -> int | None:
    """Where the name at `text[at]` ends when a word that points at a person is before it
    ("results for Jane Doe", "registered to Owen Price"), if it is a name."""
    if not _POINTER.search(text, max(0, at - 11), at):
        return None
    name = _patterns()[0].match(text, at)
    if name is None:
        return None
    keep = plausible_name_length(name.group())
    return None if keep is None else at + keep


def _field_start(text: str, at: int) -> str | None:
    """The quote (or `""`) before `text[at]` when a field of a record starts there (after `(`,
    `[`, a comma, `;`, `|` or at the start), else None."""
    quote = ""
    if at and text[at - 1] in "'\"":
        quote = text[at - 1]
        at -= 1
    if at and text[at - 1] in " \t":
        at -= 1
    return quote if at == 0 or text[at - 1] in "([,;|" else None


def _in_word(text: str, at: int) -> bool:
    """Whether `text[at]` continues a word (`prefix_last=`): checked here rather than by a
    look-behind in front of the pattern, which would keep `re` from skipping ahead."""
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_-")


def _words_name(words: re.Match[str]) -> int | None:
    """Where the name that the pattern of name tokens matched ends, if it is a name."""
    given, family, last = words["a"], words["b"], words["c"] or words["b"]
    if "\t" in words.group():
        return None  # fields of a TSV row: read as fields (`record_pairs`), one span each
    if words["comma"] and family is None:
        return words.end() if is_name(words["d"], given) else None  # `Lima, Ana`
    if family is None or (words["c"] is not None and _plain(family) not in _lists()[1]):
        return None
    if _plain(family) in _PLACES:
        return None  # `Lincoln Park West, Chicago`: a street, a place
    if not is_name(given, last):
        return None
    if words["comma"] and is_name(words["d"], given):
        return words.end()
    return words.end("c") if words["c"] else words.end("b")


# A particle written before a family name, that the patterns of name words leave out:
# `d'Souza`, `O'Brien` (when the apostrophe is not read as a quote; `O\u2019Brien`, `o'connor`, and
# `O\\'Brien` as a repr escapes it), `Ó Briain`, `Ní Bhriain`, `St. Clair`, `ST-JOHN`.
# Lower-case particles too, after a quote or a space (`"van der Berg, A."`, `'de Vries-Okoro'`,
# a slug's `de-la-cruz`, after a file name's `_` too where it is joined as a slug's:
# `photo_de-la-cruz_ravi`), and an Irish one after a quote (`'Ó Dálaigh, Cathal'`).
_PARTICLES = "(?:van|von|de|da|del|della|di|du|dos|das|ter|ten)"
_PARTICLE_BEFORE = re.compile(
    r"(?:(?<![\w'])[dDlLoO]['\u2019]|(?<!\w)[dDlLoO]\\'"
    r"|(?<!\w)(?:[ÓÒ][ ]|N[íi][ ]|Nic[ ]|Mac[ ]|Ua[ ]|(?:St|ST)(?:\.[ ]?|-))"
    rf"|(?<![\w-]){_PARTICLES}(?:[ _-]{SECOND_PARTICLE})?[ _-]"
    rf"|(?<=_){_PARTICLES}(?:[_-]{SECOND_PARTICLE})?[_-])"
    r"\Z"
)
# The same in capitals, before a name in capitals: `DE SOUZA`, `DE LA VEGA`.
_CAPS_PARTICLE_BEFORE = re.compile(
    rf"(?<![\w-])(?:{_PARTICLES.upper()})(?:[ _-]{SECOND_PARTICLE.upper()})?[ _-]\Z"
)


# An initial next to a name: `ABERNATHY-SMYTHE J`, `ABERNATHY-SMYTHE, J`, `K MENSAH-BONSU`,
# `Mensah K`, `H. Bellweather`, `MONTALVO, Ricardo A.`, HL7's `OYELARAN^BAMIDELE^A`, X12's
# `HALVORSEN*INGRID*M`, a file's `Pryce-Jones_E.pdf` (not the `D` of `D.O.B.`, nor the `C` of
# `C/O`). What may follow the letter depends on what joins it (`_FOLLOWS`).
_INITIAL_AFTER = re.compile(
    r"(?P<comma>,?)(?:[ ]|(?<!,)(?P<joint>[\^*+_-]))(?P<letter>[A-Z])"
    r"(?:(?P<dot>\.)(?![\w'./&+\\-]))?"
)
# After the letter, by its joint: never a letter or digit, nor a `'` a word goes on from
# (`O'Neil`); after a space nor a `.`, `/`, `&`, `+`, `\\` or `-` (`S/P`, `C/O`, `A&O`, `O+`);
# in a caret or X12 group, a path's `/` may (`HALVORSEN^ERIK^J/20261130/`); after a query's
# `+`, its `&` (`CallerName=DELACROIX+M&Duration=212`); after a file name's `_` or `-`, only a
# `.` or `/` or the line's end (`_E.pdf`; not a sample's `OBI_NGOZI_T_L001`, its `T` a
# tumour's).
_FOLLOWS = {
    " ": re.compile(r"(?![\w./&+\\-]|'\w)"),
    "^": re.compile(r"(?![\w.&+\\-]|'\w)"),
    "*": re.compile(r"(?![\w.&+\\-]|'\w)"),
    "+": re.compile(r"(?![\w./+\\-]|'\w)"),
    "_": re.compile(r"(?=[./\r\n]|\Z)"),
    "-": re.compile(r"(?=[./\r\n]|\Z)"),
}
# A sex's letter after a comma (`Lopez, F, 45yo`), no initial beside a name in mixed case.
_SEX_LETTERS = frozenset("MFUX")
_INITIAL_BEFORE = re.compile(r"(?<![\w'./\\])(?P<letter>[A-Z])(?P<dot>\.?)[ ]\Z")
# Two letters more after an initial's: a name spelled out (`Patel P A T E L`), no initial.
_SPELLED = re.compile(r"[ ][A-Z][ ][A-Z](?![\w'])")
_LOWER_WORD = re.compile(r"[ ]?[a-z0-9]")


def _initial(
    initial: re.Match[str] | None, name: str, after: str | None = None, *, second: bool = False
) -> bool:
    """Whether `initial`, beside `name`, is one: `after` is the text after it, None where it
    is before the name. A bare letter is one beside a name in capitals, or in a caret or X12
    group (`Weiss^Tamar^S doc type DS`); beside another, only after it, not a sex's letter
    after a comma (`Lopez, F, 45yo`; `Okafor, A` is a name) and where no lower-case word or
    number follows (`Lima L forearm`, `T 99F`), unless it is the `second` of two (`Lindqvist
    E J arrived`: two letters in a row are a name's)."""
    if initial is None:
        return False
    grouped = initial.groupdict().get("joint") in ("^", "*")  # (after the name only)
    if initial["dot"] or name.isupper() or grouped:
        return after is None or not _SPELLED.match(after)
    return after is not None and not (
        (initial["comma"] and initial["letter"] in _SEX_LETTERS)
        or _SPELLED.match(after)
        or (not second and _LOWER_WORD.match(after))
    )


def _initial_after(text: str, name_start: int, end: int, following: int) -> int:
    """Where a name ending at `end` ends with the initials after it taken in (two at most:
    `Halvorsen E J`), up to `following` (where the next value starts)."""
    name_end = end
    for second in (False, True):
        initial = _INITIAL_AFTER.match(text, end)
        if initial is None or initial.end() > following:
            break
        joint = initial["joint"] or " "
        if not (initial["dot"] or _FOLLOWS[joint].match(text, initial.end())):
            break
        after = text[initial.end() : initial.end() + 5]
        if not _initial(initial, text[name_start:name_end], after, second=second):
            break
        end = initial.end()
    return end


def with_particles(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` (sorted, not overlapping) with each name's particle before it taken in, and
    the initials next to it."""
    result = []
    last_end = 0
    for index, candidate in enumerate(chosen):
        start, end, kind, priority = candidate
        if kind == "NAME" and start > last_end:
            particle = _PARTICLE_BEFORE.search(text, max(last_end, start - 12), start)
            if particle is None and text[start:end].isupper():
                particle = _CAPS_PARTICLE_BEFORE.search(text, max(last_end, start - 12), start)
            if particle is None:
                initial = _INITIAL_BEFORE.search(text, max(last_end, start - 3), start)
                if _initial(initial, text[start:end]):
                    particle = initial
            if particle is not None:
                start = particle.start()
        if kind == "NAME":
            following = chosen[index + 1][0] if index + 1 < len(chosen) else len(text)
            end = _initial_after(text, start, end, following)
        candidate = (start, end, kind, priority)
        result.append(candidate)
        last_end = end
    return result


# A quoted value holding a name found in part, that is all a name: words of a name, initials,
# `, ` between family and given names, `/` as a card writes them (`"ABERNATHY-COLE/DESMOND"`).
_QUOTED_NAME_WORD = rf"[{UP}][{UP}{LOW}'\u2019.-]{{0,30}}"
_QUOTED_NAME_FIELD = re.compile(
    rf"(?P<q>[\"'])(?P<v>{_QUOTED_NAME_WORD}(?:(?:,[ ]?|[ ]|/){_QUOTED_NAME_WORD}){{1,3}})(?P=q)"
)


def whole_quoted_names(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """`chosen` (sorted, not overlapping) with a name found in part of a quoted value taken to
    the whole value when the rest is a name's too (`"Kealoha, Makana"`, `"Nguyen Van An"`):
    an initial, a known name, or a word that is no English one."""
    result = list(chosen)
    for index, (start, end, kind, priority) in enumerate(chosen):
        if kind != "NAME":
            continue
        field = _QUOTED_NAME_FIELD.search(text, max(0, start - 1), min(len(text), end + 70))
        if field is None or not (field.start("v") <= start and end <= field.end("v")):
            continue
        if (start, end) == field.span("v"):
            continue
        before = chosen[index - 1][1] if index else 0
        after = chosen[index + 1][0] if index + 1 < len(chosen) else len(text)
        if field.start("v") < before or field.end("v") > after:
            continue  # another value shares the field
        rest = text[field.start("v") : start] + " " + text[end : field.end("v")]
        if all(_name_word(word) for word in re.split(r"[ ,/]+", rest) if word):
            result[index] = (field.start("v"), field.end("v"), kind, priority)
    return result


def _name_word(word: str) -> bool:
    """Whether `word`, next to a name in its quoted value, is a name's too."""
    word = word.rstrip(".")
    if len(word) == 1:
        return True  # an initial
    return known_name(word, english=True) or (
        _plain(word).lower() not in english_words() and _plain(word) not in _not_name_words()
    )


# A search's terms, or a patient written after its key, in lower case: `?q=featherstonehaugh`,
# `"query": "chidi okonkwo"`, `patient=leilani kahananui`, `search:v3:wojciechowski:`.
# (One scan per first letter of a key, each led by it: one scan of them all tried every `q`,
# `s` and `p` of a text, a twelfth of the time of a whole log.)
_SEARCH_KEY_END = r"[\"']?[ \t]?[=:][ \t]?[\"']?"
_SEARCHED = shape_scanner(
    (
        "query" + _SEARCH_KEY_END,
        "search(?:[_-]?term)?" + _SEARCH_KEY_END,
        r"q(?<![\w-]q)=",
        "patient=",
    ),
    r"(?:v\d:)?(?P<v>[a-zß-öø-ÿ'-]{3,30}(?:[ +][a-zß-öø-ÿ'-]{2,30}){0,2})(?![\w=])",
)


def searched(text: str) -> list[Candidate]:
    """Lower-case search terms and patients that are names: a word of them a known name, no
    word of them an English word nor a word of log text."""
    candidates: list[Candidate] = []
    _, every, english = _lists()
    not_name = _not_name_words()
    for match in _SEARCHED(text):
        words = [_plain(word) for word in re.split(r"[ +]", match["v"])]
        if any(word in english or word in not_name for word in words):
            continue
        if any(word in every for word in words):
            candidates.append((match.start("v"), match.end("v"), "NAME", SHAPE))
    return candidates

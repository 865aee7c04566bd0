"""A learned look at record numbers: each token of four digits or more that the rules left
(`doc_number=K48810392`, `grievance GRV-2026-00417 filed by Lindqvist, Tove`, `accession
ACC-26-0081190`), and each date written with `/` (`seen 11/30/2026`), is scored by a linear
model over its shape and letters, the key it is written after, the words and characters around
it and the kinds the rules found on its line; it is reported as the kind the model gives it
when the model takes it for PHI with a probability over `THRESHOLD` (`THRESHOLD_ALONE` on a
line where nothing else was found), and when a number can be of that kind (`_checked`).

Every system writes its case, claim, application and document numbers in a format of its own,
so on text nobody tuned for, record numbers are much of what the rules miss (on four sets
written blind, two in three of the values marked ID). What gives one away is around it: the
key (`doc_number=`, `accession `), a name on the same line, a path under a person's folder.
The words around a token are features as they are, but a person's name or a month is one
class of word (`<name>`, `<month>`): the model learns where names stand, not the corpus's.

Weights are in `number_model.json`, written by `python -m tests.phi.make_number_model`;
scoring is a sum of weights in pure Python, as in `learned`.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import string
from collections.abc import Iterator, Sequence

from asyncproof._phi.engine import Candidate
from asyncproof._phi.kinds.date import RANGE_OR_EXPIRY
from asyncproof._phi.kinds.license import is_dea, is_npi
from asyncproof._phi.learned import _KEY_PART, _MONTHS, _Model, read_model, shape
from asyncproof._phi.names import _lists, english_words

THRESHOLD = 0.6
"""The probability of PHI (by the yes-or-no model) over which a token is reported, on a line
where something else was found. Chosen with the tuned sets held out in four folds
(`make_number_model --hold-out`): on the 22 files held out, at 0.6 recall rose 1.7 points on
average, precision fell 1.3 and the lines leaking a value fell 3.7 points; at 0.5, +1.9 / -1.9
/ -4.4; at 0.7, +1.3 / -1.0 / -2.8. Most of what precision loses is a kind: a number the
writer of the set called an account, read here as a record's, is both a miss and a false
find."""
THRESHOLD_ALONE = 0.75
"""The same on a line where nothing else was found: most lines of a log hold no PHI, and a
number alone on one is less often a person's. On the folds (20 of the 22 files held out),
0.75 there had 17 lines without PHI with a find, against 40 at 0.6, for 0.2 of a point of
recall. With both, the kinds' checks and the words as classes, the 22 files held out moved
+1.4 points of recall, -1.0 of precision and -2.8 of lines leaking."""
_LOGIT = math.log(THRESHOLD / (1 - THRESHOLD))
_ALONE_LOGIT = math.log(THRESHOLD_ALONE / (1 - THRESHOLD_ALONE))
_NO_KIND = "O"
GUESSED = -1
"""The priority of what this look finds: under the rules' (0 and up) where spans tie, and
strict redaction reads no word before it as its label (`UHC [HEALTH_PLAN]`: `UHC` may be the
value's own part, where a rule's label is not)."""
_LINE = re.compile(r"[^\r\n]+")
# A token: ASCII letters, digits and the joints of a record number (`-`, `_`, `.`, `#`), not
# inside a longer word (of any script, with its combining marks: `e\u0301KQ-0019044`); `/`
# and `:` cut a path or a clock into its parts. Bounded: a run over 64 characters is no token.
_IN_WORD = r"[^\W_]|[\u0300-\u036f\u200b-\u200d\u2060]"
_TOKEN = re.compile(
    rf"(?<!{_IN_WORD})(?<![A-Za-z0-9][_.#-])[A-Za-z0-9](?:[A-Za-z0-9_.#-]{{0,62}}[A-Za-z0-9])?"
    rf"(?![_.#-]?[A-Za-z0-9]|{_IN_WORD})"
)
_DIGITS = 4  # fewer digits are a count, a code, a year
# The key a token is written after: its last identifier only (`doc_number=`, `"mrn": "`),
# up to 31 characters from a letter, then the key's separator.
_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "_.-")
_KEY_LONGEST = 31
_KEY_TAIL = re.compile(r"[ \t]*[\"']?[ \t]*[:=|#][ \t]*[\"'(\[{]?[ \t]*")
_KEY_ENDS = frozenset(":=|#")
_WITHOUT_DIGITS = str.maketrans("", "", "0123456789")
_LETTERS = re.compile(r"[A-Za-z]+")
_YEAR = re.compile(r"(?:^|[-/])20[12]\d(?:[-/]|$)|(?:^|-)2\d-")
# A year of the last century in a date (`1957-03-14`, `3/14/1957`): a birth's, most often.
_OLD_YEAR = re.compile(r"(?:^|[-/])19\d\d(?:[-/]|$)")
_HEX = re.compile(r"[0-9a-f]{8,}")
_JOINTS = frozenset("_.#-")
# No record's number: a Unix time (seconds or milliseconds, 2017 to 2027, as the rules read
# it), a version (`3.14.2`, `v1.67.2163`, `20261130.4`), an IP address.
_NOT_A_RECORD = re.compile(r"1[5-8]\d{8}(?:\d{3})?|[vV]?\d{1,8}(?:\.\d{1,6}){1,3}")
_DEA_SHAPE = re.compile(r"[A-Z]{2}\d{7}")
_ZIP_SHAPE = re.compile(r"\d{5}(?:-?\d{4})?")
# (an area the SSA never issues, 9xx, is still what someone wrote as theirs, as the rules say)
_SSN_SHAPE = re.compile(r"(?!000|666)\d{3}(-?)(?!00)\d{2}\1(?!0000)\d{4}")
_PHONE_SHAPE = re.compile(r"\d{7,15}|\d{1,4}(?:-\d{2,4}){1,4}")
_NUMBER_KINDS = frozenset(
    {"MRN", "ID", "ACCOUNT", "HEALTH_PLAN", "LICENSE", "DEVICE", "VEHICLE", "SSN", "PHONE"}
    | {"FAX", "ZIP", "DATE"}
)
_SPLIT_DAY = re.compile(r"(\d{4})([-/._])(\d{2})\2(\d{2})")
# A date written month (or day) first with `/`, its year in four digits or two (`11/30/2026`,
# `3/4/57`): one token, where `_TOKEN` cuts it at its `/`.
_SLASH_DAY = re.compile(r"(?<![\w/.-])([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2})(?![\w/]|\.\w)")
_EIGHT_DIGITS = re.compile(r"\d{8}(?:T\d{4,6}Z?)?")
_NO_DAY_YEARS = ("1900", "1970")
# (months as written in full and cut to three letters, `sept` too)
_MONTH_WORDS = frozenset(
    {month.lower() for month in _MONTHS} | {month[:3].lower() for month in _MONTHS} | {"sept"}
)
_SHORT_BEFORE = re.compile(r"(?<!\d)\d{1,2}[/:]\Z")
_SHORT_AFTER = re.compile(r"[/:]\d{1,2}(?!\d)")
# A query's bounds are no one's dates (`?from=2026-11-01&to=2026-11-30`), as the rules read them.
_BOUND_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:from|to|since|until|thru|through|after|before|[gl]te?)"
    r"[\"']?[ \t]?[:=]?[ \t]?[\"']?\Z",
    re.IGNORECASE,
)


def features(line: str, start: int, end: int, around: list[str]) -> list[str]:
    """The features of the token `line[start:end]`; `around` are its line's (`line_features`).
    Training calls this too."""
    token = line[start:end]
    digits = sum(map(str.isdigit, token))
    letters = _LETTERS.match(token)
    found = ["b", "sh=" + shape(token), f"dig={min(digits, 14)}", f"len={min(len(token), 20)}"]
    found += ["pre=" + (letters.group().lower() if letters else ""), f"hy={token.count('-')}"]
    found += ["year"] * bool(_YEAR.search(token)) + ["alldig"] * token.isdigit()
    found += ["y19"] * bool(_OLD_YEAR.search(token))
    found += ["hex"] * bool(_HEX.fullmatch(token) and not token.isdigit())
    before, after = line[max(0, start - 40) : start], line[end : end + 30]
    # (the key's regex only where a key's separator ends what comes before: most tokens have
    # none)
    key = before.rstrip(" \t\"'([{")[-1:] in _KEY_ENDS and _key_before(before)
    if key:
        name = key.lower()
        found += ["key=" + name, "keyl=" + _KEY_PART.split(name)[-1]]
    for i, word in enumerate(reversed(_LETTERS.findall(before)[-2:])):
        found.append(f"p{i}={_context_word(word)}")
    following = _LETTERS.search(after)
    if following:
        found.append("n0=" + _context_word(following.group()))
    found += ["sb=" + before[-2:], "sa=" + after[:2]]
    found += ["path"] * (before[-1:] == "/")
    return found + around


def _key_before(before: str) -> str | None:
    """The key that `before` ends with (`doc_number` of `... doc_number="`), or None. Read
    from the end: a regex anchored at the end is tried from every start, ~11 us on 40
    characters, and this is called for every token scored."""
    end = len(before)
    while end and before[end - 1] not in _KEY_CHARS:
        end -= 1  # (the separator holds none of a key's characters)
    if not end or not _KEY_TAIL.fullmatch(before, end):
        return None
    start = end
    while start and before[start - 1] in _KEY_CHARS and end - start < _KEY_LONGEST:
        start -= 1
    while start < end and before[start] not in string.ascii_letters:
        start += 1  # (a key starts with a letter)
    return before[start:end] if start < end else None


def _context_word(word: str) -> str:
    """A word around a token, as a feature: a person's name or a month is one class of word
    (`<name>`, `<month>`), so that the model learns where names stand, not the corpus's own
    (`Ferreira`, `November`)."""
    low = word.lower()
    if low in _MONTH_WORDS:
        return "<month>"
    capital = low.capitalize()
    if capital in _lists()[1] and low not in english_words():
        return "<name>"
    return low


def line_features(line: str, kinds: frozenset[str]) -> list[str]:
    """The features every token of `line` shares, `kinds` being those the rules found on it
    (read once a line: a long line holds many tokens)."""
    found = ["lk=" + kind for kind in sorted(kinds)] or ["nokinds"]
    return found + ["pipes"] * ("|" in line) + ["json"] * ('":' in line)


def candidates(line: str, chosen: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The tokens of `line` holding four digits or more, and its days written with `/`, that
    overlap nothing in `chosen` (spans in the line, sorted; of no kind too: what the rules know
    is no PHI)."""
    spans: list[tuple[int, int]] = []
    if "/" in line:  # (most lines have none: one `in`, not a scan)
        spans += [day.span() for day in _SLASH_DAY.finditer(line) if _a_day(day.group())]
    for match in _TOKEN.finditer(line):
        token = match.group()
        if token.isalpha() or sum(map(str.isdigit, token)) < _DIGITS:
            continue  # (most tokens are words: one call in C turns them away)
        start, end = match.span()
        if _inside(line, start, end) or _piece(line, start, end) or _NOT_A_RECORD.fullmatch(token):
            continue
        if line[start - 1 : start] == "\\":
            continue  # an escape's code (`\U00110000`, `\x1b`)
        spans.append((start, end))
    found = []
    at = 0
    for start, end in sorted(spans) if len(spans) > 1 else spans:
        while at < len(chosen) and chosen[at][1] <= start:
            at += 1
        if at < len(chosen) and chosen[at][0] < end:
            continue
        found.append((start, end))
    return found


def _inside(line: str, start: int, end: int) -> bool:
    """Whether the token goes on over joints into a longer word (`José-12345678`, a run of
    `1234--` over 64 characters): what `_TOKEN` cannot see past one joint."""
    before = start
    while before and line[before - 1] in _JOINTS:
        before -= 1
    after = end
    while after < len(line) and line[after] in _JOINTS:
        after += 1
    return (before < start and before > 0 and _word_char(line[before - 1])) or (
        after > end and after < len(line) and _word_char(line[after])
    )


def _word_char(char: str) -> bool:
    return char.isalnum() or "\u0300" <= char <= "\u036f"


def _piece(line: str, start: int, end: int) -> bool:
    """Whether the token is a piece of a date or a clock cut at its `/` or `:` (`2026` of
    `11/29/2026` or of `2026/11/30`): one or two digits on the other side. The rules read
    those whole, or leave them; a path's segments are not pieces (`08627/20250801`)."""
    return bool(
        _SHORT_BEFORE.search(line, max(0, start - 4), start) or _SHORT_AFTER.match(line, end)
    )


@functools.cache
def _model() -> _Model:
    """The model in `number_model.json` (read on first use): the same two linear models as
    `learned`'s, whether a token is PHI (most stop there) and which kind it is."""
    return read_model("number_model.json")


def kind_of(found: list[str]) -> str:
    """The kind a token with features `found` is reported as, or `"O"`."""
    model = _model()
    weights = model.phi
    score = model.phi_bias + sum(weights.get(feature, 0.0) for feature in found)
    if score <= (_ALONE_LOGIT if "nokinds" in found else _LOGIT):  # sigmoid(score) <= threshold
        return _NO_KIND
    scores = list(model.kind_bias)
    for feature in found:
        for index, weight in model.kind.get(feature, ()):
            scores[index] += weight
    kinds = model.kinds
    return kinds[
        max((i for i, kind in enumerate(kinds) if kind != _NO_KIND), key=scores.__getitem__)
    ]


def missed(text: str, chosen: Sequence[Candidate]) -> list[Candidate]:
    """What the model finds in `text` outside what the rules (and the model of names) `chose`."""
    found = []
    for offset, line, around, tokens in scored_tokens(text, chosen):
        for start, end in tokens:
            kind = kind_of(features(line, start, end, around))
            if kind != _NO_KIND and "/" in line[start:end]:
                kind = "DATE"  # (a day written with `/`: `_TOKEN` takes no `/`)
            if kind != _NO_KIND and _checked(kind, line, start, end):
                found.append((offset + start, offset + end, kind, GUESSED))
    return found


def _checked(kind: str, line: str, start: int, end: int) -> bool:
    """Whether what the model found can be of the kind it read: a kind a number can be (no
    name, age or address), in that kind's shape where it has one (a ZIP code's five or nine
    digits, an SSN's nine, a telephone's seven to fifteen and nothing else; an NPI and a DEA
    number with their check digits right), and a date a day of the calendar that is no
    query's bound (`?from=2026-11-01&to=2026-11-30`)."""
    token = line[start:end]
    if kind not in _NUMBER_KINDS or ("/" in token and kind != "DATE"):
        return False  # (a token with `/` is a day written so: `_TOKEN` takes none)
    if kind == "DATE":
        return (
            _a_day(token)
            and not _BOUND_BEFORE.search(line, max(0, start - 12), start)
            and not RANGE_OR_EXPIRY.search(line, max(0, start - 30), start)
        )
    if kind == "ZIP":
        return _ZIP_SHAPE.fullmatch(token) is not None
    if kind == "SSN":
        return _SSN_SHAPE.fullmatch(token) is not None
    if kind in ("PHONE", "FAX"):
        return _PHONE_SHAPE.fullmatch(token) is not None and 7 <= sum(map(str.isdigit, token)) <= 15
    if kind == "LICENSE" and token.isdigit() and len(token) == 10 and token[0] in "12":
        return is_npi(token)
    if kind == "LICENSE" and _DEA_SHAPE.fullmatch(token):
        return is_dea(token)
    return True


def _a_day(token: str) -> bool:
    """Whether a date written as eight digits (year, month and day in any of the three orders
    records use; a time may follow, `20261127T153000Z`), as year, month and day split by
    `-`, `/`, `.` or `_`, or as month and day (either order) and year split by `/` is a day
    of the calendar, and no program's "no date" (1900-01-01, 1970-01-01). Nothing else is a
    date to this look."""
    split = _SPLIT_DAY.fullmatch(token)
    slash = _SLASH_DAY.fullmatch(token)
    if split:
        orders = [(split.group(1), split.group(3), split.group(4))]
    elif slash:
        first, second, year = slash.groups()
        orders = [(_full_year(year), first, second), (_full_year(year), second, first)]
    elif _EIGHT_DIGITS.fullmatch(token):
        orders = [(token[:4], token[4:6], token[6:8]), (token[4:8], token[:2], token[2:4])]
        orders.append((token[4:8], token[2:4], token[:2]))
    else:
        return False
    for year, month, day in orders:
        try:
            datetime.date(int(year), int(month), int(day))
        except ValueError:
            continue
        no_day = year in _NO_DAY_YEARS and int(month) == int(day) == 1
        if 1880 <= int(year) <= 2100 and not no_day:
            return True
    return False


def _full_year(year: str) -> str:
    """A year of two digits as the century it is most likely in (`57` 1957, `26` 2026)."""
    return year if len(year) == 4 else ("20" if int(year) <= 30 else "19") + year


def scored_tokens(
    text: str, chosen: Sequence[Candidate]
) -> Iterator[tuple[int, str, list[str], list[tuple[int, int]]]]:
    """Line by line (as the model is trained): where the line starts, the line, its features
    (`line_features`, with the kinds `chosen` has on it) and the tokens (`candidates`) to
    score in it."""
    ordered = sorted(chosen)
    following = 0
    active: list[Candidate] = []  # the spans that may reach into the next line
    for line in _LINE.finditer(text):
        start, end = line.span()
        while following < len(ordered) and ordered[following][0] < end:
            active.append(ordered[following])
            following += 1
        active = [span for span in active if span[1] > start]
        text_of_line = line.group()
        if len(text_of_line) - len(text_of_line.translate(_WITHOUT_DIGITS)) < _DIGITS:
            continue  # (no token of four digits on a line of fewer: one call in C)
        local = [(max(s, start) - start, min(e, end) - start, k) for s, e, k, _ in active]
        tokens = candidates(text_of_line, [span for span in local if span[0] < span[1]])
        if tokens:
            kinds = frozenset(k for s, e, k in local if k and s < e)
            yield start, text_of_line, line_features(text_of_line, kinds), tokens

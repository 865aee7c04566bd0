"""A cell of a table read as its column's kind: empty, null and masked cells skipped, the
value read as the column's label reads one, or checked against the kind's shape."""

from __future__ import annotations

import re

from asyncproof._phi.columns.names import ANY_NAME, ONE_WORD, column_kind
from asyncproof._phi.engine import LABELLED, Candidate, LabelAction, labelled_value

__all__ = ["NULLS", "Column", "named_column", "read_cell"]

# A column read from a header: where its name is in the header line, its kind ("" when no
# PHI), how its label reads a value, how sure it is that its cells are names (`names.ONE_WORD`
# ...), and whether it names who the row is about (a person's or an organisation's name).
Column = tuple[int, int, str, LabelAction, int, bool]

# Cells that hold no value: nulls as pandas, SQL clients, R and spreadsheets print them, and
# values already masked.
NULLS = frozenset(
    (
        *("", "none", "nan", "nat", "null", "<na>", "na", "n/a", "nil", "-", "--", "—", "?"),
        *("(null)", "[null]", "<null>", "undefined", "missing", "unknown", "redacted"),
        *("[redacted]", "<redacted>", "true", "false", "t", "f", "y", "n", "yes", "no"),
        *("...", "…"),
    )
)
_DIGIT = re.compile(r"\d")
_MASKED = re.compile(r"\*\*|[Xx]{3}|█")
_WRAPS = frozenset(("[]", "<>", "{}"))  # a placeholder: `[withheld]`, `<NAME>`, `{masked}`

# What a cell of each kind looks like when no labelled family read it (a year alone under
# `dob`, a city under `city`): one shape per kind, anchored, nothing that backtracks.
_NAME_WORD = r"[^\W\d_](?:[^\W\d_]|['\u2019.-](?=[^\W\d_])){0,30}\.?"
_CELL_SHAPES = {
    "NAME": re.compile(rf"{_NAME_WORD}(?:,? {_NAME_WORD}){{0,5}}"),
    "DATE": re.compile(
        r"(?:\d{4}, ?\d{1,2}, ?\d{1,2}(?:, ?\d{1,2}){0,4}"  # `datetime.date(1976, 7, 4)`'s
        r"|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}[- ][A-Za-z]{3,9}[- ]\d{2,4}"
        r"|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|(?:18|19|20)\d\d(?:\d{4})?)"
        r"(?:[ T]\d{1,2}:\d\d(?::\d\d(?:\.\d{1,6})?)?)?"
    ),
    "AGE": re.compile(r"(?:9\d|1[01]\d)(?:\.\d{1,2})?"),
    # (A US ZIP, or a postal code of another country: `753 20`, `1012 AB`, `K1A 0B1`, `SW1A 1AA`.)
    "ZIP": re.compile(r"(?=[A-Z ]{0,4}\d)[A-Z0-9]{2,5}(?:[ -][A-Z0-9]{2,4})?"),
    "PHONE": re.compile(r"\+?[\d() .-]{7,22}"),
    "FAX": re.compile(r"\+?[\d() .-]{7,22}"),
    "SSN": re.compile(r"\d{3}-?\d{2}-?\d{4}"),
    "EMAIL": re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}"),
    "ADDRESS": re.compile(r"[\w#][\w '\u2019.,#/-]{1,80}"),
}
# The kinds whose labelled families read fewer values than a column of them holds (a year
# alone under `dob`, a town under `city`, a name with particles under `last_name`): where the
# label's reading finds no whole value, the cell's shape is checked. For the others (an IP
# under `ip`, an MRN under `mrn`) the label's reading decides: a private address is no PHI.
# An address written whole in one cell: `77 SUMMIT AVE, SAINT PAUL MN 55105`, `PO Box 9,
# Bemidji, MN 56619-0009`.
_WHOLE_ADDRESS = re.compile(
    r"[\w#][\w '\u2019.,#/-]{1,80}?, (?P<city>[^\W\d_][\w '.-]{1,30}?),? [A-Z]{2},?"
    r" (?P<zip>\d{5}(?:-?\d{4})?)"
)
_BROADER = frozenset(("NAME", "DATE", "ADDRESS", "ZIP", "AGE"))
# An identifier's cell (MRN, member id, licence, VIN, account, device): one token with a digit.
_ID_CELL = re.compile(r"(?=[^ ]{0,40}\d)[A-Za-z0-9][\w./:#-]{2,40}")


def named_column(name: str) -> Column | None:
    """The column of a value listed under `name` (a field, a Series' index), if it is PHI."""
    kind, actions, single = column_kind(name)
    return (0, 0, kind, actions, single, False) if kind else None


def read_cell(text: str, start: int, end: int, column: Column, found: list[Candidate]) -> None:
    """The value in the cell `text[start:end]` of `column`, if it holds one."""
    while start < end and text[start] in " \t\"'":
        start += 1
    while end > start and text[end - 1] in " \t\"'":
        end -= 1
    value = text[start:end]
    if value.lower() in NULLS or _MASKED.search(value) or value[:1] + value[-1:] in _WRAPS:
        return  # nothing there, or what is there is masked (`***`, `[withheld]`)
    _, _, kind, actions, single, _ = column
    if kind == "ADDRESS" and ", " in value:
        whole = _WHOLE_ADDRESS.fullmatch(text, start, end)
        if whole is not None:
            # A whole address in one cell: the street with its city, and the ZIP code after
            # the state (the state is no PHI), each as its kind.
            found.append((start, whole.end("city"), "ADDRESS", LABELLED))
            found.append((whole.start("zip"), end, "ZIP", LABELLED))
            return
    read: list[Candidate] = []
    if actions and kind != "NAME":
        labelled_value(text, start, end, actions, read.append)
        if read and not text[read[0][1] : read[0][1] + 1].isalnum():
            # The label reads the value at the cell's start; the header says the whole cell
            # is one (`U48120973 01`: a member id and the member's number on it). Not when
            # the cell goes on in the same word (`92m` under `AGE` is how long a pod ran).
            found.append((start, end, read[0][2], LABELLED))
            return
        if kind not in _BROADER:
            return  # the label's reading decides (a private IP under `ip` is no PHI)
    if _plausible(value, kind, single):
        found.append((start, end, kind, LABELLED))


def _plausible(value: str, kind: str, single: int) -> bool:
    """Whether `value` looks like a value of `kind` (a name, a date ...) on its own."""
    shape = _CELL_SHAPES.get(kind)
    if shape is None:
        return _ID_CELL.fullmatch(value) is not None
    if not shape.fullmatch(value):
        return False
    if kind == "NAME":
        return _plausible_name(value, single)
    if kind in ("PHONE", "FAX"):
        return sum(char.isdigit() for char in value) >= 7
    if kind == "ADDRESS":
        # (Or a street line with its number after the name, in lower case as some countries
        # write it: `vul. Sahaidachnoho 25, kv. 14`.)
        return (
            value[:1].isupper()
            or value[:1].isdigit()
            or (" " in value and _DIGIT.search(value) is not None)
        )
    return True


def _plausible_name(value: str, rule: int) -> bool:
    """A person's name in a cell: a capital somewhere, no word of log text or of an
    organisation's name; one word under a column of one part of a name (`last_name`), two
    under a column of people (`patient`); under a column that may name other things (`name`,
    `user`), two, one of them in the name lists and no English word unless the name is
    written surname first (`Daily Export` under a task list's `Name` is no one)."""
    from asyncproof._phi.kinds.name import plausible_name_length
    from asyncproof._phi.names import known_name

    if value == value.lower():
        return False
    words = value.replace(",", " ").split()
    if len(words) < (1 if rule == ONE_WORD else 2) or len(value) < 2:
        return False  # `M` under `first_name` is a sex; `Madonna` under `name` no one's
    if rule == ANY_NAME and not any(
        # (`MBEKI, GRACE`: written surname first, a name may be an English word too.)
        known_name(word, english="," in value)
        for word in words
    ):
        return False
    return plausible_name_length(value) == len(value)

"""Values in tables, read by the header above them: a cell under `last_name` is a surname.

A row of a table says nothing on its own (`Mensah  Kwame  1976-07-04  06106`); its header does
(`last_name  first_name  dob  zip`). This pass finds header lines in a whole text (CSV, TSV,
`;`-separated, psql and Markdown `|` tables, pandas and fixed-width prints aligned with spaces,
R tibbles), names the kind of each column with the labels the detector already knows (the
labelled families of `kinds/`, through `engine.value_actions`), then reads the rows below it
until a line does not fit the layout, and reports each cell under a column of PHI as that kind.

A column whose name is no label is not read: the other passes still look at its cells. A row
whose cells do not line up with the header is skipped, never read by guesswork.

Work is linear in the length of the text: each line is looked at once as a header and at most
once as a row, with a constant number of cells, and no pattern here backtracks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from asyncproof._phi import engine
from asyncproof._phi.engine import (
    LABELLED,
    Candidate,
    Compiled,
    LabelAction,
    labelled_value,
    value_actions,
)

__all__ = ["values_under_headers"]

# What a header line may hold: names of columns and what separates them. A log line has a `:`,
# an `=`, a bracket or a quote mark of prose somewhere, and is turned away by this one match.
_HEADER_LINE = re.compile(r"\ufeff?[ \t|+]{0,40}[A-Za-z_\"][\w \t,;|\"#./()+-]{2,400}")
# One column's name: an identifier (`last_name`, `zip5`, `Pt.DOB`) or up to three plain words
# (`Last Name`, `Date of Birth`), maybe quoted.
_COLUMN_NAME = re.compile(
    r"(?P<name>[A-Za-z_][\w#./-]{0,40}(?: [A-Za-z#][\w#./-]{0,20}){0,2})(?: ?\([\w /.-]{1,20}\))?"
    r"|\.\.\.|…"  # a column pandas leaves out of a wide frame
)
_SPACES = re.compile(r"[ \t]{2,}|\t")  # what splits aligned columns
_SPACE = re.compile(r"[ \t]+")
_RULE = re.compile(r"[ \t]{0,8}[-=+| \t]{3,2000}")  # `----+----`, `=== ====`, `|---|---|`
_DASHES = re.compile(r"[-=]+")
_TYPE_ROW = re.compile(r"[ \t]{0,40}<[a-z]{2,10}>")  # a tibble's `<chr>   <date>` line
# A polars frame's line of types under its header (`│ str ┆ i64 ┆ date │`).
_DTYPE = re.compile(
    r"str|i\d{1,2}|u\d{1,2}|f\d{2}|bool|date|datetime\[[\w, ]{1,30}\]|time|cat|null|object"
    r"|list\[\w{1,20}\]|decimal\[[\d, ]{1,10}\]|duration\[\w{1,3}\]"
)
# A DataFrame's index name, alone on the line under its header.
_INDEX_NAME = re.compile(r"([A-Za-z_][\w.-]{0,40})[ \t]{0,400}")
_INDEX = re.compile(r"\d{1,9}|[A-Za-z]?\d{1,9}\.?")  # a DataFrame's or tibble's row label
_DIGIT_RUN = re.compile(r"\d{4}")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_TRAILING_DIGITS = re.compile(r"(?<=[a-z])\d{1,2}$")

# Cells that hold no value: nulls as pandas, SQL clients, R and spreadsheets print them, and
# values already masked.
_NULLS = frozenset(
    (
        *("", "none", "nan", "nat", "null", "<na>", "na", "n/a", "nil", "-", "--", "—", "?"),
        *("(null)", "[null]", "<null>", "undefined", "missing", "unknown", "redacted"),
        *("[redacted]", "<redacted>", "true", "false", "t", "f", "y", "n", "yes", "no"),
        *("...", "…"),
    )
)
_MASKED = re.compile(r"\*\*|[Xx]{3}|█")
_WRAPS = frozenset(("[]", "<>", "{}"))  # a placeholder: `[withheld]`, `<NAME>`, `{masked}`

# Column names that the labels do not cover, by class (every spelling of the same column goes
# through one normalisation: words split at `_`, `-`, `.`, spaces and camelCase, lower case,
# owner prefixes and copy suffixes dropped). Clinicians are marked as names too: a name in a
# patient's row is read with the row.
_NAME_PARTS = frozenset(
    (
        *("last", "first", "given", "surname", "family", "middle", "maiden", "forename"),
        *("lname", "fname", "mname", "lastname", "firstname", "givenname", "familyname"),
    )
)
_NAME_COLUMNS = frozenset(
    (
        *_NAME_PARTS,
        *("fullname", "patient", "attending", "pcp", "physician", "doctor", "clinician"),
        *("provider name", "pcp name", "attending name", "physician name", "doctor name"),
        *("referring", "referrer", "ordering", "recipient", "addressee", "provider"),
        *("requester", "requestor", "consignee"),
    )
)
# Clinicians' columns hold a surname alone as often as a full name (`attending`: `Okafor`).
_CLINICIANS = frozenset(("attending", "pcp", "physician", "doctor", "clinician", "referring"))
_ADDRESS_COLUMNS = frozenset(("street", "city", "town", "county", "addr", "address line"))
_EMAIL_COLUMNS = frozenset(("email", "e mail", "email address", "mail address"))
# Words before a column's own name that say whose it is (`pt_dob`, `member_last`,
# `home_street`): dropped when what is left names a person's detail.
_OWNERS = frozenset(
    (
        *("pt", "pat", "patient", "member", "mbr", "subscriber", "sub", "insured", "guarantor"),
        *("primary", "home", "mailing", "current", "legal", "preferred", "contact", "mother"),
        *("father", "spouse", "guardian", "emergency", "nok", "src", "tgt", "new", "old"),
        # (Which of a person's dates: `last_visit`, `next_appt`.)
        *("owner", "last", "next", "prev", "previous", "latest", "initial"),
    )
)
# Who a `<role>_name` column names: a person (`resident_name`, `requester_name`), where
# `<thing>_name` (`drug_name`, `clinic_name`) names no one.
_ROLES = frozenset(
    (
        *("patient", "pt", "resident", "member", "subscriber", "insured", "guarantor", "child"),
        *("caregiver", "requester", "requestor", "recipient", "customer", "client", "user"),
        *("contact", "parent", "guardian", "spouse", "provider", "physician", "doctor", "nurse"),
        *("attending", "referring", "ordering", "rendering", "pcp", "practitioner", "owner"),
        *("driver", "holder", "employee", "staff", "sender", "signer", "witness", "mother"),
        *("father", "dependent", "beneficiary", "claimant", "person", "donor", "decedent"),
        *("kin", "nok", "emergency", "clinician", "author", "reviewer", "consignee"),
    )
)
# Words after it that say which copy it is (`dob_a`, `name_x` of a pandas merge, `zip_raw`).
# (Or which end of a period: `dos_from`, `admit_date_start`.)
_COPIES = frozenset(
    (
        *("a", "b", "x", "y", "l", "r", "raw", "norm", "clean", "orig", "src", "tgt"),
        *("from", "to", "start", "end", "begin"),
    )
)
# Abbreviations of the words labels are spelled with (`disch_dt`: discharge date).
_SPELLED = {
    "dt": "date",
    "disch": "discharge",
    "dsch": "discharge",
    "adm": "admission",
    "addr": "address",
    "ph": "phone",
    "tel": "phone",
    "nm": "name",
    "bdate": "birthdate",
}
# Kinds that say where, not who: a table with no other column of PHI lists places.
_PLACES = frozenset(("ADDRESS", "ZIP", "PHONE", "FAX", "EMAIL", "IP", "URL"))
# Kinds that say who: a table with one of them is a table of people.
_PEOPLE = frozenset(("NAME", "MRN", "SSN", "HEALTH_PLAN"))
_DATES_ALONE = frozenset(("date", "dt", "day"))
# Words of a column's name that say it names who the row is about, a person or not.
_WHO = frozenset(("name", "provider", "facility", "organisation", "organization", "payer"))
# What a column of opaque keys is named after its owner: not read (the guide's rule is to put
# those, and only those, in logs).
_KEYS = frozenset(("id", "key", "ref", "uuid", "guid", "sk", "pk", "fk", "no", "num", "number"))

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
_BROADER = frozenset(("NAME", "DATE", "ADDRESS", "ZIP", "AGE"))
# An identifier's cell (MRN, member id, licence, VIN, account, device): one token with a digit.
_ID_CELL = re.compile(r"(?=[^ ]{0,40}\d)[A-Za-z0-9][\w./:#-]{2,40}")


def values_under_headers(text: str, compiled: Compiled) -> list[Candidate]:
    """The cells of every table in `text` whose header names a column of PHI, as that kind."""
    candidates: list[Candidate] = []
    if _holds_box(text):
        text = text.translate(_BOX)  # one character for one: every position stays
    lines = _lines(text)
    index = 0
    while index < len(lines) - 1:
        start, end = lines[index]
        if text.startswith("-[ RECORD", start):
            index = _read_record(text, lines, index + 1, candidates)
            continue
        table = _header(text, start, end)
        if table is None:
            index += 1
            continue
        index = _read_rows(text, lines, index + 1, table, candidates)
    if "dtype: " in text:
        candidates += _series_values(text, lines)
    if "'" in text:
        candidates += _tuples_under_column_lists(text)
    return candidates


# A pandas Series printed (`print(df.iloc[0])`): a name and its value on each line, then
# `Name: 8120, dtype: object`.
_SERIES_ITEM = re.compile(r"([A-Za-z_][\w.-]{0,60})[ \t]{2,80}\S")
_SERIES_END = re.compile(r"(?:Name: [^\n]{0,80}, )?dtype: \w{1,20}")


def _series_values(text: str, lines: list[tuple[int, int]]) -> list[Candidate]:
    """The values of each Series printed in `text`, each read as its name's column."""
    found: list[Candidate] = []
    run = 0  # where the lines of names and values before this one start
    for index, (start, end) in enumerate(lines):
        if _SERIES_END.fullmatch(text, start, end):
            for item_start, item_end in lines[run:index]:
                item = _SERIES_ITEM.match(text, item_start, item_end)
                assert item is not None  # (the run holds the lines that match)
                kind, actions, single = _column_kind(item.group(1))
                if kind:
                    column = (0, 0, kind, actions, single, False)
                    _read_cell(text, item.end() - 1, item_end, column, found)
            run = index + 1
        elif not _SERIES_ITEM.match(text, start, end):
            run = index + 1
    return found


# A list of column names, as Python prints one (`['mrn', 'last_name', 'dob']`, `Index([...])`,
# `cursor.description`'s names), or the columns a SELECT names, in order. In single quotes: a
# JSON array of words (`"tags": ["address", "phone"]`) is no list of columns.
_COLUMN_LIST = re.compile(
    r"[\[(][ \t]?'[A-Za-z_][\w .-]{0,40}'(?:[ \t]?,[ \t]?'[A-Za-z_][\w .-]{0,40}'){1,59}"
    r"[ \t]?,?[ \t]?[\])]"
)
_QUOTED_NAME = re.compile(r"""['"]([^'"]{1,41})['"]""")
_SELECT = re.compile(
    r"(?:SELECT|select)[ \t]{1,4}(?:DISTINCT[ \t]{1,4}|distinct[ \t]{1,4})?"
    r"(?P<cols>[\w.\"` ,]{1,600}?)[ \t]{1,4}(?:FROM|from)[ \t]"
)


_ROWS_LINE = re.compile(r"[ \t]{0,40}(?:Out\[\d{1,6}\]:[ \t]{0,4})?(?:\[[ \t]?)?[(\[]")


def _tuples_under_column_lists(text: str) -> list[Candidate]:
    """The values of the tuples that follow a list of column names (on its line and the
    lines after it, until a line holds no tuple as wide as the list), each read as its
    column's value: `['mrn', 'dob']` then `('E0012245', datetime.date(1976, 7, 4))`."""
    found: list[Candidate] = []
    done = 0
    for columns_at in _column_lists(text):
        names, after = columns_at
        if after < done:
            continue  # inside rows already read
        kinds = [_column_kind(name) for name in names]
        if not any(kind for kind, _, _ in kinds):
            continue
        columns = [(0, 0, kind, actions, single, False) for kind, actions, single in kinds]
        # From the next line: a tuple on the list's own line is the statement's parameters
        # (`WHERE last_name = %s ... args=('Abdullahi',)`), not a row of its columns.
        line_end = text.find("\n", after)
        if line_end < 0:
            continue
        done = _read_tuples(text, line_end + 1, columns, found)
    return found


def _column_lists(text: str) -> list[tuple[list[str], int]]:
    """Each list of column names in `text` (its names, and where it ends), in order."""
    lists = [
        ([name.strip() for name in _QUOTED_NAME.findall(match.group())], match.end())
        for match in _COLUMN_LIST.finditer(text)
    ]
    if "SELECT" in text or "select" in text:
        for select in _SELECT.finditer(text):
            columns = select.group("cols")
            names = [column.strip().split(" ")[-1].split(".")[-1] for column in columns.split(",")]
            lists.append(([name.strip('"`') for name in names], select.end()))
        lists.sort(key=lambda pair: pair[1])
    return lists


def _read_tuples(text: str, at: int, columns: list[_Column], found: list[Candidate]) -> int:
    """Read the tuples from `at` as rows of `columns`, line by line, until a line holds none
    as wide; return where it ends. Before the first row, one line may hold none (a prompt:
    `>>> rows`)."""
    waiting = 2
    while at <= len(text):
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        read = False
        # A line of rows is rows from its start (`('E0012245', ...)`, `[(...), (...)]`, after
        # a REPL's `Out[3]:`), one after the other; not a log line with its `args=(...)`.
        lead = _ROWS_LINE.match(text, at, line_end)
        position = lead.end() - 1 if lead else line_end
        if text[position : position + 2] in ("[(", "[ ("):  # a list of tuples
            position = text.index("(", position)
        while position < line_end and text[position] in "([":
            values, position = _tuple_cells(text, position + 1, line_end)
            if values is None or len(values) != len(columns):
                break  # (a tuple of another width is no row of these columns)
            read = True
            for (cell_start, cell_end), column in zip(values, columns, strict=True):
                if column[2]:
                    _read_cell(text, cell_start, cell_end, column, found)
            while position < line_end and text[position] in ", \t":
                position += 1
        if read:
            waiting = 0
        else:
            waiting -= 1
            if waiting <= 0:
                return at
        at = line_end + 1
    return len(text)


def _tuple_cells(text: str, at: int, end: int) -> tuple[list[tuple[int, int]] | None, int]:
    """The values of the tuple (or list) whose bracket opens before `at`, as spans (inside
    their quotes; a call's arguments: `datetime.date(1976, 7, 4)`), and where it closes; or
    None and where the reading stopped (so that no character is read twice)."""
    cells: list[tuple[int, int]] = []
    while len(cells) < 60:
        while at < end and text[at] in " \t":
            at += 1
        if at >= end:
            return None, at
        if text[at] in "'\"":
            close = _closing_quote(text, at, end)
            if close < 0:
                return None, end
            cells.append((at + 1, close))
            at = close + 1
        else:
            start, depth, call = at, 0, -1
            while at < end:
                char = text[at]
                if char == "(":
                    depth += 1
                    call = at if depth == 1 else call
                elif char == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif char in ",]" and depth == 0:
                    break
                elif char in "'\"":
                    at = _closing_quote(text, at, end)
                    if at < 0:
                        return None, end
                at += 1
            if depth:
                return None, at
            if call >= 0:  # a call: what it is called with (`Timestamp('1941-09-19')`)
                cells.append((call + 1, at - 1 if text[at - 1] == ")" else at))
            else:
                cells.append((start, at))
        while at < end and text[at] in " \t":
            at += 1
        if at < end and text[at] == ",":
            at += 1
            while at < end and text[at] in " \t":
                at += 1
            if at < end and text[at] in ")]":
                return cells, at + 1
            continue
        if at < end and text[at] in ")]":
            return cells, at + 1
        return None, at
    return None, at


def _closing_quote(text: str, at: int, end: int) -> int:
    """Where the string quoted at `at` closes (a backslash escapes a quote), or -1."""
    quote = text[at]
    at += 1
    while at < end:
        char = text[at]
        if char == "\\":
            at += 2
            continue
        if char == quote:
            return at
        at += 1
    return -1


# A field of psql's expanded display (`\x`): `full_name     | MACLEOD, EILIDH F`.
_FIELD = re.compile(r"([A-Za-z_][\w.#-]{0,60})[ \t]{0,60}\| ?")


def _read_record(
    text: str, lines: list[tuple[int, int]], index: int, found: list[Candidate]
) -> int:
    """The fields of one record of psql's expanded display, from line `index` to the first
    line that is no field (the next `-[ RECORD n ]-`, a blank line); each value read as its
    field's column would be. Returns that line's index."""
    while index < len(lines):
        start, end = lines[index]
        field = _FIELD.match(text, start, end)
        if field is None:
            return index
        kind, actions, single = _column_kind(field.group(1))
        if kind:
            column = (0, 0, kind, actions, single, False)
            _read_cell(text, field.end(), end, column, found)
        index += 1
    return index


# Box-drawing characters (polars, rich and tabulate's grids) as the `|`, `-` and `+` of a
# psql table.
_BOX = str.maketrans(
    {
        **dict.fromkeys("│┃┆┊║", "|"),
        **dict.fromkeys("─━═╌┄", "-"),
        **dict.fromkeys("┼╪╫┬┴├┤┌┐└┘╞╡╒╕╘╛╤╧╔╗╚╝╠╣╦╩╬┏┓┗┛┣┫┳┻╋", "+"),
    }
)


def _holds_box(text: str) -> bool:
    return "│" in text or "┆" in text or "┃" in text or "║" in text


def _lines(text: str) -> list[tuple[int, int]]:
    """Where each line of `text` starts and ends (without its line break, nor the `\\` with
    which pandas marks a line that a wide frame continues below)."""
    spans = []
    start = 0
    length = len(text)
    while start <= length:
        end = text.find("\n", start)
        end = length if end < 0 else end
        stop = end - (text[end - 1 : end] == "\r")
        if text[stop - 1 : stop] == "\\" and stop - 1 > start:
            stop -= 1
            while stop > start and text[stop - 1] == " ":
                stop -= 1
        spans.append((start, stop))
        start = end + 1
    return spans


# A column read from a header: where its name is in the header line, its kind ("" when no
# PHI), how its label reads a value, whether one word is a name there (a surname) or a name
# needs two, and whether it names who the row is about (a person's or an organisation's name).
_Column = tuple[int, int, str, LabelAction, bool, bool]


class _Table:
    """A header found: its separator ("" when aligned with spaces) and its columns."""

    __slots__ = ("columns", "index", "separator", "spans")

    def __init__(self, separator: str, columns: list[_Column]) -> None:
        self.separator = separator
        self.columns = columns
        # Exact cell positions, once a rule line under an aligned header gives them.
        self.spans: list[tuple[int, int]] | None = None
        # The column of a DataFrame's named index (`df.set_index("mrn")` prints `mrn` on a
        # line of its own under the header): each row's first cell.
        self.index: _Column | None = None


def _header(text: str, start: int, end: int, *, any_kind: bool = False) -> _Table | None:
    """The table whose header is `text[start:end]`, if it is one with a column of PHI (with
    `any_kind`, a header of any table: names of columns, one of them an identifier such as
    `patient_key` or every one in lower case, which a row of values is not)."""
    if end - start < 5 or not _HEADER_LINE.fullmatch(text, start, end):
        return None
    line = text[start:end]
    separator = _separator(line)
    cells = _split(line, separator) if separator else _aligned(line)
    if cells is None or len(cells) < 2 or len(cells) > 60:
        return None
    columns: list[_Column] = []
    for cell_start, cell_end in cells:
        name = line[cell_start:cell_end].strip('"\ufeff')
        named = _COLUMN_NAME.fullmatch(name)
        if named is None or (_DIGIT_RUN.search(name) and "_" not in name):
            return None  # a value (`E0082217`), not the name of a column (`dx_2024`)
        name = named.group("name") or ""  # (without what a bracket says: `DOB (MM/DD)`)
        kind, actions, single = _column_kind(name) if name else ("", (), False)
        names_who = kind == "NAME" or any(
            word in _WHO for word in _WORD_SPLIT.split(_CAMEL.sub(" ", name).lower())
        )
        columns.append((cell_start, cell_end, kind, actions, single, names_who))
    kinds = {column[2] for column in columns} - {""}
    if kinds & _PEOPLE:
        # In a table of people, a column named a date alone holds each one's date (a visit's,
        # a service's): Safe Harbor counts every date of an individual.
        columns = [
            (*column[:2], "DATE", (), False, False)
            if line[column[0] : column[1]].strip('"').lower() in _DATES_ALONE
            else column
            for column in columns
        ]
    if kinds and kinds <= _PLACES and not any_kind:
        return None  # a table of places (a clinic's city, a ward's phone): no one's PHI
    if not kinds:
        if not any_kind:
            return None
        names = [line[cell_start:cell_end] for cell_start, cell_end in cells]
        if not any("_" in name for name in names) and not all(name.islower() for name in names):
            return None
    return _Table(separator, columns)


def _separator(line: str) -> str:
    """The character that splits the cells of `line`: a tab, `|`, `,` or `;`; "" if none."""
    for separator in ("\t", "|", ",", ";"):
        if separator in line:
            return separator
    return ""


def _split(line: str, separator: str) -> list[tuple[int, int]] | None:
    """The cells of a delimited `line`, as spans without the spaces and quotes around them
    (a quoted cell may hold the separator); None when a quote is left open."""
    cells: list[tuple[int, int]] = []
    at = 0
    length = len(line)
    if separator == "|":
        # psql and Markdown: the `|` at either end opens or closes the row, no empty cell.
        stripped = line.strip()
        if stripped.startswith("|"):
            at = line.index("|") + 1
        if stripped.endswith("|") and len(stripped) > 1:
            length = line.rindex("|")
    while True:
        while at < length and line[at] in " \t" and line[at] != separator:
            at += 1
        if at < length and line[at] == '"':
            close = at + 1
            while True:
                close = line.find('"', close)
                if close < 0 or close >= length:
                    return None
                if line[close + 1 : close + 2] == '"':  # `""` inside: a quote
                    close += 2
                    continue
                break
            cells.append((at + 1, close))
            after = close + 1
            while after < length and line[after] in " \t" and line[after] != separator:
                after += 1
            if after < length and line[after] != separator:
                return None  # text after the closing quote: not a CSV cell
            at = after
        else:
            next_at = line.find(separator, at, length)
            cell_end = length if next_at < 0 else next_at
            stop = cell_end
            while stop > at and line[stop - 1] in " \t":
                stop -= 1
            cells.append((at, stop))
            at = cell_end
        if at >= length:
            return cells
        at += 1  # past the separator


def _aligned(line: str) -> list[tuple[int, int]] | None:
    """The cells of a line aligned with spaces: split at two spaces or more; a cell of several
    words split again at single spaces when its words are identifiers (`last_name dob`, as a
    tibble prints its header), kept whole when they are plain words (`Last Name`)."""
    cells: list[tuple[int, int]] = []
    at = 0
    for gap in _SPACES.finditer(line):
        if gap.start() > at:
            cells.append((at, gap.start()))
        at = gap.end()
    if at < len(line):
        cells.append((at, len(line)))
    split: list[tuple[int, int]] = []
    for cell_start, cell_end in cells:
        words = line[cell_start:cell_end].split(" ")
        joined = line[cell_start:cell_end]
        if len(words) > 1 and ("_" in joined or (joined.islower() and not _column_kind(joined)[0])):
            at = cell_start
            for word in words:
                split.append((at, at + len(word)))
                at += len(word) + 1
        else:
            split.append((cell_start, cell_end))
    return split


@lru_cache(maxsize=2048)
def _column_kind(name: str) -> tuple[str, LabelAction, bool]:
    """The kind of PHI a column named `name` holds ("" for none), how its label reads a value
    (empty when no label does), and whether a single word there is a name."""
    words = [word.lower() for word in _WORD_SPLIT.split(_CAMEL.sub(" ", name)) if word]
    compiled = engine.compiled()
    if not words:
        return "", (), False
    single = any(word in _NAME_PARTS for word in words) or (
        len(words) == 1 and words[0] in _CLINICIANS
    )
    actions = value_actions(name, compiled)
    if actions:
        return actions[0][0], actions, single
    # Every spelling: copy suffixes and trailing digits off, abbreviations spelled out, then
    # the owner in front dropped if what is left is a person's detail.
    while len(words) > 1 and (words[-1] in _COPIES or words[-1].isdigit()):
        words.pop()
    words[-1] = _TRAILING_DIGITS.sub("", words[-1])
    words = [_SPELLED.get(word, word) for word in words]
    kind, actions = _named(words, compiled)
    if kind:
        return kind, actions, single
    while len(words) > 1 and words[0] in _OWNERS:
        words = words[1:]
        if words[-1] in _KEYS:
            break  # `patient_id`, `member_key`: an opaque key, no detail of the person
        kind, actions = _named(words, compiled)
        if kind:
            return kind, actions, single
    return "", (), False


def _named(words: list[str], compiled: Compiled) -> tuple[str, LabelAction]:
    """The kind the words of a column's name say, by its label or by its class."""
    actions = value_actions("_".join(words), compiled)
    if actions:
        return actions[0][0], actions
    joined = " ".join(words)
    if joined in _NAME_COLUMNS or "".join(words) in _NAME_COLUMNS:
        return "NAME", ()
    if len(words) > 1 and words[-1] == "name" and words[0] in _ROLES:
        return "NAME", ()
    if words[0] == "name" and words[-1] in _NAME_PARTS:  # `name_last`, `NameFirst`
        return "NAME", ()
    if joined in _ADDRESS_COLUMNS:
        return "ADDRESS", ()
    if joined in _EMAIL_COLUMNS:
        return "EMAIL", ()
    return "", ()


def _read_rows(
    text: str, lines: list[tuple[int, int]], index: int, table: _Table, found: list[Candidate]
) -> int:
    """Read the rows of `table` from line `index` until one does not fit; return where the
    scan for headers goes on (the first line not read as a row)."""
    first = True
    while index < len(lines):
        start, end = lines[index]
        line = text[start:end]
        if not line.strip():
            return index
        if first and _RULE.fullmatch(line) and ("-" in line or "=" in line):
            if not table.separator:
                table.spans = [dash.span() for dash in _DASHES.finditer(line)]
                if len(table.spans) != len(table.columns):
                    table.spans = None
            index += 1
            continue
        if first and (_TYPE_ROW.match(line) or _dtypes(line)):
            index += 1  # the types of the columns, as tibbles and polars print them
            continue
        if first and not table.separator and table.index is None:
            named = _INDEX_NAME.fullmatch(line)
            if named is not None:
                kind, actions, single = _column_kind(named.group(1))
                table.index = (0, 0, kind, actions, single, False)
                index += 1
                continue
        first = False
        if _header(text, start, end, any_kind=True) is not None:
            return index  # the header of the next table (with PHI or without)
        cells = _row_cells(text, start, end, table)
        if cells is None:
            # Wider or narrower than the header: the table ends (a row of another table
            # that happens to fit would be read under the wrong names).
            return index
        columns: list[_Column] = table.columns
        if table.index is not None and len(cells) > len(columns):
            columns = [table.index, *columns]
        if not _organisation_row(text, cells, columns):
            for (cell_start, cell_end), column in zip(cells, columns, strict=True):
                if column[2]:
                    _read_cell(text, cell_start, cell_end, column, found)
        index += 1
    return index


def _dtypes(line: str) -> bool:
    """Whether `line` names a type in each of its `|` cells (and holds one at least)."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return len(cells) > 1 and all(_DTYPE.fullmatch(cell) for cell in cells)


def _organisation_row(text: str, cells: list[tuple[int, int]], columns: list[_Column]) -> bool:
    """Whether the row names an organisation where a person's name would be (a clinic's
    address, a hospital's NPI): its details are no one's PHI."""
    from asyncproof._phi.kinds.name import plain_organisation

    for (cell_start, cell_end), column in zip(cells, columns, strict=True):
        if column[5]:
            words = text[cell_start:cell_end].strip("\"' ").replace(",", " ").split()
            if plain_organisation([word.capitalize() for word in words]):
                return True
    return False


def _row_cells(text: str, start: int, end: int, table: _Table) -> list[tuple[int, int]] | None:
    """The cells of the row `text[start:end]`, one per column of `table` (and its named
    index's first, if it has one), or None when they do not line up with it."""
    line = text[start:end]
    width = len(table.columns)
    if table.separator:
        if table.separator not in line:
            return None
        cells = _split(line, table.separator)
        if cells is None or len(cells) != width:
            return None
        return [(start + cell_start, start + cell_end) for cell_start, cell_end in cells]
    if table.spans is not None:
        return _cut(text, start, end, table.spans)
    for splitter in (_SPACES, _SPACE):
        cells = _tokens(line, splitter)
        label = None
        if len(cells) == width + 1 and (
            table.index is not None or _INDEX.fullmatch(line[cells[0][0] : cells[0][1]])
        ):
            # The row's label (a DataFrame's index, a tibble's number), before the first
            # column's values.
            label, cells = cells[0], cells[1:]
        elif table.index is not None:
            continue
        if len(cells) == width and _lined_up(cells, table.columns):
            if label is not None and label[1] > cells[0][0] - 1:
                continue
            shifted = [(start + cell_start, start + cell_end) for cell_start, cell_end in cells]
            if table.index is not None and label is not None:
                shifted.insert(0, (start + label[0], start + label[1]))
            return shifted
    return None


def _tokens(line: str, splitter: re.Pattern[str]) -> list[tuple[int, int]]:
    cells = []
    at = 0
    for gap in splitter.finditer(line):
        if gap.start() > at:
            cells.append((at, gap.start()))
        at = gap.end()
    if at < len(line):
        cells.append((at, len(line)))
    return cells


def _lined_up(cells: list[tuple[int, int]], columns: list[_Column]) -> bool:
    """Whether each cell lies under its own column: between the names of the columns on
    either side (values are aligned left or right of their name, never past a neighbour)."""
    for position, (cell_start, cell_end) in enumerate(cells):
        left = columns[position - 1][1] if position else -1
        right = columns[position + 1][0] if position + 1 < len(columns) else 1 << 30
        if cell_end <= left or cell_start >= right:
            return False
    return True


def _cut(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A fixed-width row cut where the rule line under its header puts the columns: each cell
    from its column's first dash to the next column's (a cell may hold spaces)."""
    cells = []
    for position, (span_start, _) in enumerate(spans):
        cell_start = min(start + span_start, end)
        cell_end = min(start + spans[position + 1][0], end) if position + 1 < len(spans) else end
        while cell_start < cell_end and text[cell_start] in " \t":
            cell_start += 1
        while cell_end > cell_start and text[cell_end - 1] in " \t":
            cell_end -= 1
        cells.append((cell_start, cell_end))
    return cells


def _read_cell(text: str, start: int, end: int, column: _Column, found: list[Candidate]) -> None:
    """The value in the cell `text[start:end]` of `column`, if it holds one."""
    while start < end and text[start] in " \t\"'":
        start += 1
    while end > start and text[end - 1] in " \t\"'":
        end -= 1
    value = text[start:end]
    if value.lower() in _NULLS or _MASKED.search(value) or value[:1] + value[-1:] in _WRAPS:
        return  # nothing there, or what is there is masked (`***`, `[withheld]`)
    _, _, kind, actions, single, _ = column
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


def _plausible(value: str, kind: str, single: bool) -> bool:
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
        return value[:1].isupper() or value[:1].isdigit()
    return True


def _plausible_name(value: str, single: bool) -> bool:
    """A person's name in a cell: a capital somewhere, no word of log text or of an
    organisation's name, and two words unless the column holds one part of a name."""
    from asyncproof._phi.kinds.name import plausible_name_length

    if value == value.lower():
        return False
    words = value.replace(",", " ").split()
    if len(words) < (1 if single else 2) or len(value) < 2:
        return False  # `M` under `first_name` is a sex; `Madonna` under `name` no one's
    return plausible_name_length(value) == len(value)

"""Values listed under names that are not a table's header line: psql's expanded records
(`\\x`), a pandas Series printed, and tuples under a list of column names (a Python list of
names, or the columns a SELECT names)."""

from __future__ import annotations

import bisect
import re

from asyncproof._phi.columns.cells import Column, named_column, read_cell
from asyncproof._phi.columns.names import column_kind
from asyncproof._phi.engine import Candidate

__all__ = ["json_split_values", "read_record", "series_values", "tuples_under_column_lists"]

# A pandas Series printed (`print(df.iloc[0])`): a name and its value on each line, then
# `Name: 8120, dtype: object`.
_SERIES_ITEM = re.compile(r"([A-Za-z_][\w.-]{0,60})[ \t]{2,80}\S")
_SERIES_END = re.compile(r"^(?:Name: [^\n]{0,80}, )?dtype: \w{1,20}\r?$", re.MULTILINE)
_SERIES_LENGTH = 500  # the most lines of a Series read back from its dtype line


def series_values(text: str, lines: list[tuple[int, int]]) -> list[Candidate]:
    """The values of each Series printed in `text`, each read as its name's column: from each
    `dtype:` line back while the lines above are a name and a value (500 at most)."""
    found: list[Candidate] = []
    starts = [start for start, _ in lines]
    read_back_to = 0  # lines above this one belong to a Series read already
    for footer in _SERIES_END.finditer(text):
        index = bisect.bisect_left(starts, footer.start())
        first = index
        while first > max(read_back_to, index - _SERIES_LENGTH) and _SERIES_ITEM.match(
            text, *lines[first - 1]
        ):
            first -= 1
        for item_start, item_end in lines[first:index]:
            item = _SERIES_ITEM.match(text, item_start, item_end)
            assert item is not None  # (the lines read back are those that match)
            column = named_column(item.group(1))
            if column is not None:
                read_cell(text, item.end() - 1, item_end, column, found)
        read_back_to = index + 1
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


def tuples_under_column_lists(text: str) -> list[Candidate]:
    """The values of the tuples that follow a list of column names (on the lines after it,
    until a line holds no tuple as wide as the list), each read as its column's value:
    `['mrn', 'dob']` then `('E0012245', datetime.date(1976, 7, 4))`."""
    found: list[Candidate] = []
    done = 0
    for columns_at in _column_lists(text):
        names, after = columns_at
        if after < done:
            continue  # inside rows already read
        kinds = [column_kind(name) for name in names]
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


def _read_tuples(text: str, at: int, columns: list[Column], found: list[Candidate]) -> int:
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
                    read_cell(text, cell_start, cell_end, column, found)
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


# A field of psql's expanded display (`\x`, under `-[ RECORD 1 ]-`) or of Spark's vertical
# `show` (under `-RECORD 0-`): `full_name     | MACLEOD, EILIDH F`.
_FIELD = re.compile(r"[ \t]{0,4}([A-Za-z_][\w.#-]{0,60})[ \t]{0,60}\| ?")


def read_record(text: str, lines: list[tuple[int, int]], index: int, found: list[Candidate]) -> int:
    """The fields of one record of psql's expanded display, from line `index` to the first
    line that is no field (the next `-[ RECORD n ]-`, a blank line); each value read as its
    field's column would be. Returns that line's index."""
    while index < len(lines):
        start, end = lines[index]
        field = _FIELD.match(text, start, end)
        if field is None:
            return index
        column = named_column(field.group(1))
        if column is not None:
            read_cell(text, field.end(), end, column, found)
        index += 1
    return index


# A frame written as JSON with its columns apart from its rows (`DataFrame.to_json(orient=
# "split")`, a query API's `{"columns": [...], "data": [[...], ...]}`), on one line or many.
_JSON_COLUMNS = re.compile(r'"(?:columns|fields|header|headers)"[ \t\r\n]{0,40}:[ \t\r\n]{0,40}\[')
_JSON_NAME = re.compile(r'[ \t\r\n]{0,40}"([A-Za-z_][\w .#/-]{0,60})"[ \t\r\n]{0,40}([,\]])')
_JSON_DATA = re.compile(r'"(?:data|rows|values)"[ \t\r\n]{0,40}:[ \t\r\n]{0,40}\[')
_JSON_SCALAR = re.compile(r'"(?:[^"\\\n]|\\.){0,2000}"|[-+\w.:]{1,60}')
_JSON_SPACE = frozenset(" \t\r\n")


def json_split_values(text: str) -> list[Candidate]:
    """The values of each JSON frame in `text` whose columns are listed apart from its rows
    (`"columns": ["mrn", "dob"]` then `"data": [["E0012245", "1976-07-04"], ...]`), each read
    as its column's value. A row of another width is not read."""
    found: list[Candidate] = []
    at = 0
    while True:
        opening = _JSON_COLUMNS.search(text, at)
        if opening is None:
            return found
        names, at = _json_names(text, opening.end())
        columns = [named_column(name) for name in names]
        if not any(columns):
            continue
        data = _JSON_DATA.search(text, at, at + 2000)
        if data is None:
            continue
        at = _json_rows(text, data.end(), columns, found)


def _json_names(text: str, at: int) -> tuple[list[str], int]:
    """The names listed from `at` (after a `[`) to the `]` that closes them, and where the
    reading stopped (an empty list when they are no list of names)."""
    names: list[str] = []
    while len(names) < 200:
        name = _JSON_NAME.match(text, at)
        if name is None:
            return [], at
        names.append(name.group(1))
        at = name.end()
        if name.group(2) == "]":
            return names, at
    return [], at


def _json_rows(text: str, at: int, columns: list[Column | None], found: list[Candidate]) -> int:
    """Read the rows (`[...]` each) from `at` (after the `[` that opens them) as rows of
    `columns`; return where they end. Each character is read once."""
    length = len(text)
    while at < length:
        while at < length and (text[at] in _JSON_SPACE or text[at] == ","):
            at += 1
        if at >= length or text[at] != "[":
            return at  # the `]` that closes the rows, or no row at all
        at += 1
        cells: list[tuple[int, int]] = []
        while True:
            while at < length and text[at] in _JSON_SPACE:
                at += 1
            scalar = _JSON_SCALAR.match(text, at)
            if scalar is None:
                break
            start, end = scalar.span()
            if text[start] == '"':
                start, end = start + 1, end - 1
            cells.append((start, end))
            at = scalar.end()
            while at < length and text[at] in _JSON_SPACE:
                at += 1
            if at < length and text[at] == ",":
                at += 1
                continue
            break
        if at >= length or text[at] != "]":
            return at  # a nested value or broken JSON: no row of these columns
        at += 1
        if len(cells) == len(columns):
            for (cell_start, cell_end), column in zip(cells, columns, strict=True):
                if column is not None:
                    read_cell(text, cell_start, cell_end, column, found)
    return at

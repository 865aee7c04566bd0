"""Tables read by their header: delimited (CSV, TSV, `;`, psql, Markdown and box-drawn `|`
tables) or aligned with spaces (pandas, fixed-width reports cut at their rule line, R tibbles).

A header is a line of column names, one of them naming PHI; the rows below it are read until
a line does not fit the layout (another header, a row wider or narrower, a blank line).
"""

from __future__ import annotations

import re

from asyncproof._phi.columns.cells import NULLS, Column, read_cell
from asyncproof._phi.columns.names import PERSON, column_kind, name_words
from asyncproof._phi.engine import Candidate

__all__ = ["Table", "header", "read_rows"]

# What a header line may hold: names of columns and what separates them. A log line has a `:`,
# an `=`, a bracket or a quote mark of prose somewhere, and is turned away by this one match.
_HEADER_LINE = re.compile(r"\ufeff?[ \t|+,]{0,40}[A-Za-z_\"][\w \t,;|\"#./()+%$-]{2,400}")
# One column's name: an identifier (`last_name`, `zip5`, `Pt.DOB`) or up to three plain words
# (`Last Name`, `Date of Birth`), maybe quoted.
_COLUMN_NAME = re.compile(
    r"(?P<name>[A-Za-z_][\w#./%-]{0,40}(?: [A-Za-z#%$][\w#./%-]{0,20}){0,2})"
    r"(?: ?\([\w /.%$-]{1,20}\))?"
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
_DIGIT = re.compile(r"\d")
# Kinds that say where, not who: a table with no other column of PHI lists places.
_PLACES = frozenset(("ADDRESS", "ZIP", "PHONE", "FAX", "EMAIL", "IP", "URL"))
# Kinds that say who: a table with one of them is a table of people.
_PEOPLE = frozenset(("NAME", "MRN", "SSN", "HEALTH_PLAN"))
_DATES_ALONE = frozenset(("date", "dt", "day"))
# Words of a column's name that say it names who the row is about, a person or not.
_WHO = frozenset(("name", "provider", "facility", "organisation", "organization", "payer"))


class Table:
    """A header found: its separator ("" when aligned with spaces) and its columns."""

    __slots__ = ("columns", "index", "ruled", "separator", "spans")

    def __init__(self, separator: str, columns: list[Column]) -> None:
        self.separator = separator
        self.columns = columns
        # Exact cell positions, once a rule line under an aligned header gives them.
        self.spans: list[tuple[int, int]] | None = None
        self.ruled = False  # whether the spans come from a rule line (exact) or the names
        # The column of a DataFrame's named index (`df.set_index("mrn")` prints `mrn` on a
        # line of its own under the header): each row's first cell.
        self.index: Column | None = None


def header(text: str, start: int, end: int, *, any_kind: bool = False) -> Table | None:
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
    columns: list[Column] = []
    for position, (cell_start, cell_end) in enumerate(cells):
        name = line[cell_start:cell_end].strip('"\ufeff')
        if not name and not position and separator:
            # The index's column, which `DataFrame.to_csv` leaves unnamed (`,mrn,dob`).
            columns.append((cell_start, cell_end, "", (), PERSON, False))
            continue
        named = _COLUMN_NAME.fullmatch(name)
        if named is None or (_DIGIT_RUN.search(name) and "_" not in name):
            return None  # a value (`E0082217`), not the name of a column (`dx_2024`)
        name = named.group("name") or ""  # (without what a bracket says: `DOB (MM/DD)`)
        kind, actions, single = column_kind(name) if name else ("", (), PERSON)
        names_who = kind == "NAME" or any(word in _WHO for word in name_words(name))
        columns.append((cell_start, cell_end, kind, actions, single, names_who))
    kinds = {column[2] for column in columns} - {""}
    if kinds & _PEOPLE:
        # In a table of people, a column named a date alone holds each one's date (a visit's,
        # a service's): Safe Harbor counts every date of an individual.
        columns = [
            (*column[:2], "DATE", (), PERSON, False)
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
    return Table(separator, columns)


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
    cells = _tokens(line, _SPACES)
    split: list[tuple[int, int]] = []
    for cell_start, cell_end in cells:
        words = line[cell_start:cell_end].split(" ")
        joined = line[cell_start:cell_end]
        if len(words) > 1 and ("_" in joined or (joined.islower() and not column_kind(joined)[0])):
            at = cell_start
            for word in words:
                split.append((at, at + len(word)))
                at += len(word) + 1
        else:
            split.append((cell_start, cell_end))
    return split


def read_rows(
    text: str, lines: list[tuple[int, int]], index: int, table: Table, found: list[Candidate]
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
                table.ruled = True
                if len(table.spans) != len(table.columns):
                    table.spans = None
            index += 1
            continue
        if first and (_TYPE_ROW.match(line) or _dtypes(line)):
            index += 1  # the types of the columns, as tibbles and polars print them
            if not table.separator and table.spans is None:
                # A tibble: each column's values start where its name does (text, dates),
                # or end where it ends (numbers, `_cut` moves the cut for them).
                table.spans = [(column[0], column[1]) for column in table.columns]
            continue
        if first and not table.separator and table.index is None:
            named = _INDEX_NAME.fullmatch(line)
            if named is not None:
                kind, actions, single = column_kind(named.group(1))
                table.index = (0, 0, kind, actions, single, False)
                index += 1
                continue
        first = False
        if header(text, start, end, any_kind=True) is not None:
            return index  # the header of the next table (with PHI or without)
        cells = _row_cells(text, start, end, table)
        if cells is None:
            # Wider or narrower than the header: the table ends (a row of another table
            # that happens to fit would be read under the wrong names).
            return index
        columns: list[Column] = table.columns
        if table.index is not None and len(cells) > len(columns):
            columns = [table.index, *columns]
        if not _organisation_row(text, cells, columns) and not _template_row(text, cells):
            for (cell_start, cell_end), column in zip(cells, columns, strict=True):
                if column[2]:
                    read_cell(text, cell_start, cell_end, column, found)
        index += 1
    return index


def _dtypes(line: str) -> bool:
    """Whether `line` names a type in each of its `|` cells (and holds one at least)."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return len(cells) > 1 and all(_DTYPE.fullmatch(cell) for cell in cells)


def _template_row(text: str, cells: list[tuple[int, int]]) -> bool:
    """Whether the row shows the layout, not a record: two cells or more are placeholders
    (`PA-2611-0044xx  <ts>  <member>  <name>`)."""
    placeholders = 0
    for cell_start, cell_end in cells:
        cell = text[cell_start:cell_end].strip("\"' ")
        if len(cell) > 2 and cell[0] + cell[-1] in ("<>", "{}") and cell.lower() not in NULLS:
            placeholders += 1
    return placeholders >= 2


def _organisation_row(text: str, cells: list[tuple[int, int]], columns: list[Column]) -> bool:
    """Whether the row names an organisation where a person's name would be (a clinic's
    address, a hospital's NPI): its details are no one's PHI. Not when the row has a column
    of people of its own beside the organisation's (`member`, `dob`, `facility`): that row
    is the person's, and the organisation is where they were seen."""
    from asyncproof._phi.kinds.name import plain_organisation

    organisation = -1  # the organisation's column
    for position, ((cell_start, cell_end), column) in enumerate(zip(cells, columns, strict=True)):
        if column[5]:
            words = text[cell_start:cell_end].strip("\"' ").replace(",", " ").split()
            if plain_organisation([word.capitalize() for word in words]):
                if column[2] == "NAME":
                    return True  # the row's name is an organisation's: the row is its
                organisation = position
    if organisation < 0:
        return False
    return not any(
        column[2] in _PEOPLE for position, column in enumerate(columns) if position != organisation
    )


def _row_cells(text: str, start: int, end: int, table: Table) -> list[tuple[int, int]] | None:
    """The cells of the row `text[start:end]`, one per column of `table` (and its named
    index's first, if it has one), or None when they do not line up with it."""
    line = text[start:end]
    width = len(table.columns)
    if table.separator:
        if table.separator not in line:
            return None
        cells = _split(line, table.separator)
        if (
            cells is not None
            and len(cells) == width - 1
            and table.separator == "|"
            and line.rstrip().endswith("|")
        ):
            # A delimited row whose last cell is empty (`...|aide_3381|`) under a header with
            # no `|` at its end: that `|` opens the empty cell, it does not close a psql row.
            cells.append((len(line.rstrip()), len(line.rstrip())))
        if cells is None or len(cells) != width:
            return None
        return [(start + cell_start, start + cell_end) for cell_start, cell_end in cells]
    if table.spans is not None:
        return _cut(text, start, end, table.spans, loose=not table.ruled)
    # Cells under their names first, split at two spaces or at one; only then cells split at
    # two spaces that reach under a neighbour's name (a frame aligned by hand).
    for splitter, loose in ((_SPACES, False), (_SPACE, False), (_SPACES, True)):
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
        if len(cells) == width and _lined_up(cells, table.columns, loose=loose):
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


def _lined_up(cells: list[tuple[int, int]], columns: list[Column], *, loose: bool = False) -> bool:
    """Whether each cell lies under its own column: between the names of the columns on
    either side (values are aligned left or right of their name, never past a neighbour).
    With `loose` (cells split at two spaces or more, one per column: no cell can be read
    under another's name), a cell may reach under a neighbour's name, as long as it does not
    pass it: output aligned by hand is often a character or two off."""
    for position, (cell_start, cell_end) in enumerate(cells):
        if loose:
            left = columns[position - 1][0] if position else -1
            right = columns[position + 1][1] if position + 1 < len(columns) else 1 << 30
        else:
            left = columns[position - 1][1] if position else -1
            right = columns[position + 1][0] if position + 1 < len(columns) else 1 << 30
        if cell_end <= left or cell_start >= right:
            return False
    return True


def _cut(
    text: str, start: int, end: int, spans: list[tuple[int, int]], *, loose: bool = False
) -> list[tuple[int, int]] | None:
    """A fixed-width row cut where the rule line under its header puts the columns: each cell
    from its column's first dash to the next column's (a cell may hold spaces). None when the
    line is no such row: a word runs across where a column starts, or it fills one column only
    (`# A tibble: 2 x 4`, a note under the report). With `loose` (the columns placed by their
    names, not by a rule line), a word across a column's start is that column's: a number
    aligned right, wider than its name."""
    cells: list[tuple[int, int]] = []
    cut = start
    for position, (span_start, _) in enumerate(spans):
        cell_start = min(max(start + span_start, cut), end)
        if (
            position
            and start < cell_start < end
            and not text[cell_start - 1].isspace()
            and not (loose and text[cell_start].isspace())
        ):
            # (With `loose`, a word that ends where the next column's name starts is its own
            # column's: a value one character right of its name, as hand-aligned output has.)
            if not loose:
                return None
            word_start = cell_start
            while word_start > cut + 1 and not text[word_start - 1].isspace():
                word_start -= 1
            word_end = cell_start
            while word_end < end and not text[word_end].isspace():
                word_end += 1
            if word_start > cut + 1 and not _DIGIT.search(text, word_start, word_end):
                # Text is aligned left, as a tibble prints it: a word of it across the next
                # column's start ends its own cell (`Florida City` under `city`).
                cell_start = word_end
            else:
                # A number is aligned right: wider than its name, it is the next column's.
                cell_start = word_start
                if not text[cell_start - 1].isspace():
                    return None
        if cells:
            cells[-1] = (cells[-1][0], max(cells[-1][0], min(cells[-1][1], cell_start)))
        cells.append((cell_start, end))
        cut = cell_start
    trimmed = []
    for cell_start, cell_end in cells:
        while cell_start < cell_end and text[cell_start] in " \t":
            cell_start += 1
        while cell_end > cell_start and text[cell_end - 1] in " \t":
            cell_end -= 1
        trimmed.append((cell_start, cell_end))
    if sum(cell_start < cell_end for cell_start, cell_end in trimmed) < 2:
        return None
    return trimmed

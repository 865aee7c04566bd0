"""Values in tables, read by the header above them: a cell under `last_name` is a surname.

A row of a table says nothing on its own (`Mensah  Kwame  1976-07-04  06106`); its header does
(`last_name  first_name  dob  zip`). On a text of several lines this pass finds what names
the columns and reads the values under those names:

* `tables`: header lines, delimited (CSV, TSV, `;`, psql, Markdown, MySQL and box-drawn `|`
  grids) or aligned with spaces (pandas, fixed-width reports, R tibbles), and their rows;
* `listed`: psql's expanded records, a pandas Series printed, tuples under a list of columns;
* `names`: which kind a column's name says, by the labels the detector already knows
  (`engine.value_actions`) and classes of spellings;
* `cells`: a cell read as its column's kind (nulls and masked values skipped).

A column whose name is no label is not read: the other passes still look at its cells. A row
that does not line up with its header ends the table: it is never read by guesswork.

Work is linear in the length of the text: each line is looked at a bounded number of times
(as a header, as a row), each cell once, and every pattern is bounded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asyncproof._phi.engine import Candidate

__all__ = ["values_under_headers"]


def values_under_headers(text: str) -> list[Candidate]:
    """The values of every table in `text` whose header names a column of PHI, as that kind
    (and those of expanded records, Series and tuples under a list of columns)."""
    # Imported on the first text of several lines, not with asyncproof: their patterns cost
    # ~10 ms to compile, which a test run that never redacts a whole text should not pay.
    from asyncproof._phi.columns.listed import (
        read_record,
        series_values,
        tuples_under_column_lists,
    )
    from asyncproof._phi.columns.tables import header, read_rows

    candidates: list[Candidate] = []
    if _holds_box(text):
        text = text.translate(_BOX)  # one character for one: every position stays
    lines = _lines(text)
    index = 0
    while index < len(lines) - 1:
        start, end = lines[index]
        if text.startswith("-[ RECORD", start) or text.startswith("-RECORD ", start):
            index = read_record(text, lines, index + 1, candidates)
            continue
        table = header(text, start, end)
        if table is None:
            index += 1
            continue
        index = read_rows(text, lines, index + 1, table, candidates)
    if "dtype: " in text:
        candidates += series_values(text, lines)
    if "'" in text:
        candidates += tuples_under_column_lists(text)
    return candidates


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

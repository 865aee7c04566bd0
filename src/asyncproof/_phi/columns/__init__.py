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

import bisect
import re
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
        json_split_values,
        read_record,
        series_values,
        tuples_under_column_lists,
    )
    from asyncproof._phi.columns.tables import header, read_rows

    candidates: list[Candidate] = []
    if "\n" not in text:
        # A line alone is read by the other passes only: what the rows below a header, or a
        # frame inside it, would give here is for a text of several lines (the path of one
        # line stays the same with every gate and without).
        return candidates
    if _holds_box(text):
        text = _BOXES.sub(_unboxed, text)  # one character for one: every position stays
    if "\\n" in text:
        text = _with_escaped_lines_unescaped(text)  # (one for one too)
    lines = _lines(text)
    starts = [start for start, _ in lines]
    following = 0  # the first line that no table or record has read yet
    # One scan for the lines that can open a table or a record: the rest of a log is not
    # looked at line by line.
    for opening in _OPENINGS.finditer("\n" + text):
        # (On "\n" + text, led by the line break: `re` skips ahead to one far faster than it
        # tries `^` at every position. The match starts where the line does in `text`.)
        index = bisect.bisect_left(starts, opening.start())
        if index < following:
            continue
        if opening.group().startswith("\n-"):
            following = read_record(text, lines, index + 1, candidates)
            continue
        start, end = lines[index]
        table = header(text, start, end)
        if table is not None:
            following = read_rows(text, lines, index + 1, table, candidates)
    if "dtype: " in text:
        candidates += series_values(text, lines)
    if "'" in text:
        candidates += tuples_under_column_lists(text)
    if '"data"' in text or '"rows"' in text or '"values"' in text:
        candidates += json_split_values(text)
    return candidates


# A line that may be a table's header (what `tables.header` reads), or that opens a record of
# psql's expanded display (`-[ RECORD 1 ]-`) or of Spark's (`-RECORD 0-`).
_OPENINGS = re.compile(
    r"\n(?:-\[ RECORD |-RECORD "
    r"|\ufeff?[ \t|+,]{0,40}[A-Za-z_\"][\w \t,;|\"#./()+%$-]{2,400}\\?\r?$)",
    re.MULTILINE,
)

# Box-drawing characters (polars, rich and tabulate's grids) as the `|`, `-` and `+` of a
# psql table.
_BOX = {
    **dict.fromkeys("│┃┆┊║", "|"),
    **dict.fromkeys("─━═╌┄", "-"),
    **dict.fromkeys("┼╪╫┬┴├┤┌┐└┘╞╡╒╕╘╛╤╧╔╗╚╝╠╣╦╩╬┏┓┗┛┣┫┳┻╋", "+"),
}
# (A substitution, not `str.translate`: translating a megabyte that holds one box character
# took 75 ms.)
_BOXES = re.compile("[" + "".join(_BOX) + "]")


def _unboxed(match: re.Match[str]) -> str:
    return _BOX[match.group()]


def _holds_box(text: str) -> bool:
    return "│" in text or "┆" in text or "┃" in text or "║" in text


# A quoted string (a string left open ends with its line). Each match ends where its greedy
# loop stops, with no backtracking: every quote mark is read once, and the text is one scan.
_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*(?:"|(?=\n)|(?=\\)|\Z)')
_ESCAPES = re.compile(r"\\[nt\"]")
_UNESCAPED = {"\\n": " \n", "\\t": " \t", '\\"': ' "'}


def _with_escaped_lines_unescaped(text: str) -> str:
    """`text` with the strings of each line that holds an escaped line break unescaped
    (`_unescaped`); the other lines as they are, not looked at."""
    pieces = []
    done = 0  # where the text not yet copied starts (a line's start, or its end)
    at = text.find("\\n")
    while at >= 0:
        line_start = max(text.rfind("\n", 0, at) + 1, done)
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        pieces.append(text[done:line_start])
        pieces.append(_QUOTED.sub(_unescaped, text[line_start:line_end]))
        done = line_end
        at = text.find("\\n", done)
    pieces.append(text[done:])
    return "".join(pieces)


def _unescaped(match: re.Match[str]) -> str:
    """A string that holds an escaped line break (a frame or a CSV file printed into a JSON
    log line: `"stdout": "mrn,last_name\\nE0012245,Mensah\\n"`) as the lines it stands for:
    two characters for each escape (a space and the character), and a line break for its
    opening quote, so that what it holds starts a line. Any other string as it is."""
    string = match.group()
    if "\\n" not in string or len(string) < 2 or string[-1] != '"':
        return string
    return "\n" + _ESCAPES.sub(lambda escape: _UNESCAPED[escape.group()], string[1:-1]) + '"'


# The ends of lines that are not their text: a carriage return, pandas' `\\` that continues a
# wide frame's line below. (Led by either character: `re` skips ahead to them.)
_LINE_TAIL = re.compile(r"\\\r?\n|\r\n|\\\r?\Z|\r\Z")


def _lines(text: str) -> list[tuple[int, int]]:
    """Where each line of `text` starts and ends (without its line break, nor the `\\` with
    which pandas marks a line that a wide frame continues below)."""
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        spans.append((start, end))
        start = end + 1
    if "\r" in text or "\\" in text:
        starts = [start for start, _ in spans]
        for tail in _LINE_TAIL.finditer(text):
            index = bisect.bisect_right(starts, tail.start()) - 1
            line_start = spans[index][0]
            end = tail.start()
            if text[end : end + 1] == "\\":
                while end > line_start and text[end - 1] == " ":
                    end -= 1
            spans[index] = (line_start, end)
    return spans

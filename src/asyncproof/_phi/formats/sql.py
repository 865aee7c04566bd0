"""SQL in error messages: each value is read as the column it belongs to reads a value."""

from __future__ import annotations

import re

from asyncproof._phi.engine import Candidate, Compiled, labelled_value, value_actions

# PostgreSQL `DETAIL:  Key (last_name, dob)=(Nakamura, 1933-02-14) already exists.`
_KEY = re.compile(r"Key \((?P<cols>[^()\n]{1,300})\)=\((?P<vals>[^()\n]{1,600})\)")

# SQLAlchemy and DB-API errors: `[SQL: INSERT INTO t (a, b) VALUES (?, ?)] [parameters: ('x', 1)]`,
# `WHERE mrn = %s ... "params":["A0039-7712"]`. Each parameter is read as the column it is bound
# to reads a value: the columns of an INSERT in order, or the column compared with each
# placeholder.
_PARAMS = re.compile(r"param(?:eters: |s[\"']?[ \t]?[:=][ \t]?)[(\[]")
_INSERT = re.compile(
    r"INSERT INTO [\w.\"`]{1,80}[ \t]?\((?P<cols>[^()\n]{1,600})\)[ \t]?VALUES[ \t]?"
    r"\((?P<marks>[^()\n]{1,600})\)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"\$\d{1,3}")
_PLACEHOLDER = re.compile(
    r"\?|%s|%\((?P<named>\w{1,80})\)s|(?<![\w:]):(?P<colon>[A-Za-z_]\w{0,80})|\$\d{1,3}"
)
# The column compared with a placeholder, matched backwards on the reversed text before it.
_COLUMN_BEFORE = re.compile(
    r"[ \t]{0,3}(?:=|><|=!|=<|=>|<|>|EKILI?|ekili?)[ \t]{0,3}[\"`]?(?P<col>\w{1,80})"
)
_VALUE = re.compile(
    r"[ \t]{0,3}(?:'(?P<s>(?:[^'\\\n]|\\.){0,400})'|\"(?P<d>(?:[^\"\\\n]|\\.){0,400})\""
    r"|(?P<o>[^,()\[\]\n'\"]{0,100}))[ \t]{0,3}(?P<sep>,|[)\]])"
)


def key_values(text: str, compiled: Compiled) -> list[Candidate]:
    """The values of PostgreSQL's `Key (columns)=(values)`."""
    candidates: list[Candidate] = []
    for key in _KEY.finditer(text):
        columns = [column.strip() for column in key.group("cols").split(",")]
        values = key.group("vals").split(", ")
        if len(columns) != len(values):
            continue
        at = key.start("vals")
        for column, value in zip(columns, values, strict=True):
            actions = value_actions(column, compiled)
            if actions and value and value != "null":
                labelled_value(text, at, at + len(value), actions, candidates.append)
            at += len(value) + 2
    return candidates


def _columns(sql: str) -> list[str]:
    """The column each placeholder of `sql` is bound to, in order ("" when not known)."""
    insert = _INSERT.search(sql)
    if insert is not None:
        marks = [mark.strip() for mark in insert.group("marks").split(",")]
        if all(mark in ("?", "%s") or _NUMBERED.fullmatch(mark) for mark in marks):
            columns = [column.strip(' \t"`') for column in insert.group("cols").split(",")]
            if len(columns) == len(marks):
                return columns
    columns = []
    for mark in _PLACEHOLDER.finditer(sql):
        column = mark.group("named") or mark.group("colon")
        if column is None:
            before = _COLUMN_BEFORE.match(sql[max(0, mark.start() - 90) : mark.start()][::-1])
            column = before.group("col")[::-1] if before else ""
        columns.append(column)
        if len(columns) >= 50:
            break
    return columns


def parameters(text: str, compiled: Compiled) -> list[Candidate]:
    """The quoted parameters of a statement in an error message, by the column they are for."""
    candidates: list[Candidate] = []
    previous_end = 0  # each part of the text is read as SQL once
    for params in _PARAMS.finditer(text):
        line_start = text.rfind("\n", previous_end, params.start()) + 1
        begin = max(line_start, previous_end, params.start() - 2000)
        previous_end = params.end()
        columns = _columns(text[begin : params.start()])
        _read_values(text, params.end(), columns, compiled, candidates)
    return candidates


# `INSERT INTO patients (mrn, family_name) VALUES ('MRN0099120', 'Fitzgerald')`: literal values.
# (In capitals or in lower case, not mixed: `re` then skips ahead to an `I` or an `i`.)
_INSERT_LITERALS = re.compile(
    r"(?:INSERT INTO|insert into) [\w.\"`]{1,80}[ \t]?\((?P<cols>[^()\n]{1,600})\)[ \t]?"
    r"(?:VALUES|values)[ \t]?\("
)


def inserted_values(text: str, compiled: Compiled) -> list[Candidate]:
    """The literal values of an INSERT, each read as its column reads a value."""
    candidates: list[Candidate] = []
    for insert in _INSERT_LITERALS.finditer(text):
        columns = [column.strip(' \t"`') for column in insert.group("cols").split(",")]
        _read_values(text, insert.end(), columns, compiled, candidates)
    return candidates


def _read_values(
    text: str, at: int, columns: list[str], compiled: Compiled, candidates: list[Candidate]
) -> None:
    """The comma-separated values from `at`, each read as the column in its place reads one."""
    for column in columns[:50]:
        value = _VALUE.match(text, at)
        if value is None:
            break
        quoted = "s" if value.start("s") >= 0 else "d" if value.start("d") >= 0 else ""
        if quoted and column:
            actions = value_actions(column, compiled)
            if actions:
                start, end = value.span(quoted)
                labelled_value(text, start, end, actions, candidates.append)
        at = value.end()
        if value.group("sep") != ",":
            break

"""PHI-safe test reports: `asyncproof_redact_reports` / `--asyncproof-redact-reports`.

Two modes: `true` redacts what `find_phi` recognises (`[NAME]`, `[SSN]`); `strict` also masks
every word or number it cannot prove harmless (`[?]`: see `asyncproof._phi.strict`), so a value
the detector misses does not reach the log either.

With the setting on, a plugin object is registered that redacts every report pytest makes
(of a test phase or a collection) before any reporter sees it, all of it as pytest-xdist would
send it: the traceback with its source lines, assertion introspection, `--showlocals`, the
crash message used by the short summary and JUnit XML, the captured stdout / stderr / log
sections, `record_property` values, skip and xfail reasons, and what other plugins keep in
the report (pytest-html's extras, pytest-json-report's copies, Hypothesis's statistics, a
subtest's message and values). What pytest writes from no report is reached where it is
kept: the warnings summary, `record_xml_attribute` and `record_testsuite_property` values,
`pytest.exit`'s message. With the setting off nothing is registered, so it costs nothing.

The seam is the end of `pytest_runtest_makereport` and `pytest_make_collect_report`: the
terminal, `--junitxml`, `--pdb`'s header, xdist and report-log plugins all read the report
after that; `pytest_runtest_logreport` reads again a report made elsewhere or added to since
(subtests). The report is taken apart and rebuilt with pytest's public report hooks
(`pytest_report_to_serializable`, `pytest_report_from_serializable`, the same ones
pytest-xdist uses), so its colours, layout and `file:line` stay as pytest wrote them and only
the text changes.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import functools
import itertools
import json
import linecache
import re
import sys
import warnings
import weakref
from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

    from asyncproof.phi import PhiMatch

__all__ = [
    "FLAG",
    "INI",
    "PLUGIN_NAME",
    "STRICT_FLAG",
    "ReportRedactor",
    "add_options",
    "mode",
    "redact_report",
    "redact_texts",
    "register_if_enabled",
    "strict_scan",
]

INI = "asyncproof_redact_reports"
FLAG = "--asyncproof-redact-reports"
STRICT = "strict"
# The strict mode on the command line is an option of its own, spelled with `=`: an optional
# value (`nargs="?"`, as pytest's own `--debug` takes one) would swallow the path after a bare
# flag (`--asyncproof-redact-reports tests/`), which has always meant "redact, run tests/".
STRICT_FLAG = f"{FLAG}={STRICT}"
_DEST = "asyncproof_redact_reports"
# The ini values of the modes; anything else is a usage error, never "off".
_OFF = frozenset({"", "0", "false", "no", "off", "n", "f"})
_ON = frozenset({"1", "true", "yes", "on", "y", "t"})
PLUGIN_NAME = "asyncproof.phi_reports"
Scan = Callable[[str], "list[PhiMatch]"]
_HELP = (
    "Redact PHI from everything pytest writes about a test: tracebacks, assertion diffs, "
    "locals, captured output and logs, the short summary, JUnit XML and warnings."
)

# Keys of a serialized failure that locate it rather than describe it: kept as they are, so
# the report still says `file:line` (a path is the project's, not the patient's).
_LOCATION_KEYS = frozenset({"path", "lineno", "style"})
# What pytest itself puts in a report (`_id`: pytest 9's nodeid). A report with nothing else,
# no failure and no output is a passing test's: it is not read.
_PYTEST_FIELDS = frozenset(
    {
        "_id",
        "nodeid",
        "location",
        "keywords",
        "outcome",
        "longrepr",
        "when",
        "sections",
        "user_properties",
        "duration",
        "start",
        "stop",
        "result",
        "wasxfail",
    }
)
# Parts of a report that say which test, where and how it went, not what it saw: kept as
# they are (a parametrized test's id is part of them: see the HIPAA page). pytest's own fields
# less the two that hold what a test wrote (its output sections, an xfail's reason), and the
# report's type as serialization writes it. The failure and the recorded properties are read
# on their own.
_KEPT = (_PYTEST_FIELDS - {"sections", "wasxfail"}) | {"$report_type", "_report_type"}
# How much of a compared value's repr is scanned for the values pytest shows shortened.
_COMPARED_CHARS = 100_000
# What a report says instead when its text could not be redacted: withheld, never leaked.
_WITHHELD = "asyncproof: this report was withheld, it could not be redacted ({error})"


_STRICT_HELP = (
    "Redact reports strictly: also mask every word and number not provably harmless, so a "
    "value the detector misses is hidden too (more of the text is masked)."
)


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("asyncproof", "asyncproof")
    group.addoption(FLAG, action="store_const", const="true", dest=_DEST, help=_HELP)
    group.addoption(STRICT_FLAG, action="store_const", const=STRICT, dest=_DEST, help=_STRICT_HELP)
    group.addoption(
        f"{FLAG}=true", action="store_const", const="true", dest=_DEST, help=f"Same as {FLAG}."
    )
    parser.addini(
        INI,
        _HELP + f" `true` is the same as {FLAG}, `strict` as {STRICT_FLAG}; default false.",
        type="string",
        default="false",
    )


def mode(config: pytest.Config) -> str | None:
    """`"true"`, `"strict"` or None (off): the command line's choice, else the ini file's.

    Raises:
        pytest.UsageError: the ini value is none of the modes.
    """
    chosen = config.getoption(_DEST, default=None)
    if chosen is not None:
        return str(chosen)
    value = str(config.getini(INI)).strip().lower()
    if value == STRICT:
        return STRICT
    if value in _ON:
        return "true"
    if value in _OFF:
        return None
    raise pytest.UsageError(
        f"{INI} = {config.getini(INI)!r}: expected true, false or strict "
        f"(or on the command line {FLAG} or {STRICT_FLAG})"
    )


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # Compiled on the first report to redact: the module is imported by every pytest
    # session, with the setting on or off.
    return re.compile(pattern)


def register_if_enabled(config: pytest.Config) -> None:
    """Register the redacting plugin when the flag or the ini option asks for it."""
    chosen = mode(config)
    if chosen is not None and not config.pluginmanager.has_plugin(PLUGIN_NAME):
        config.pluginmanager.register(ReportRedactor(config, strict=chosen == STRICT), PLUGIN_NAME)


def redact_texts(
    texts: list[str], context: Sequence[str] = (), scan: Scan | None = None
) -> list[str]:
    """Redact each of `texts`; a value found in one of them is taken out of all of them.

    One report writes the same value many times (the source line, the assertion, the diff,
    the locals), and the detector may only recognise it where a label stands next to it
    (`name='Ana Lima'`): where it is found once, it goes everywhere, also where pytest's
    pretty-printer split it over two lines (`'... Ana '` / `'Lima ...'`). Values found in
    `context` (text not shown, such as the whole repr of a value the report shows shortened)
    are taken out too. Text written in escapes (`\\u00eb` in JSON, `\\xc3\\xab` in a
    bytes repr, `%20` in a URL) is also read as the characters it stands for. `scan` finds
    the PHI in one text (default: `find_phi`).
    """
    if scan is None:
        from asyncproof.phi import find_phi  # the patterns load on the first report to redact

        scan = find_phi
    found = {text: _found_in(text, scan) for text in set(texts)}
    values: dict[str, str] = {}
    for spans in [*found.values(), *(_found_in(text, scan) for text in context)]:
        for _, _, kind, written in spans:
            for value in written:
                # As redact_phi repeats values; not a short number (an age over 89 found
                # once would take every line number and count that reads the same).
                if len(value) >= 3 and kind != "DEVICE" and not _short_number(value):
                    values.setdefault(value, kind)
    again = _again(values)
    across = _found_across(texts, again, values) if again is not None else {}
    redacted = {}
    for text, spans in found.items():
        everywhere = across.get(text, [])
        if again is not None:
            everywhere += _found_again(text, again, values)
        result = _write(text, spans + _outside_frames(text, everywhere))
        if values:
            result = _cut_short(result, values)
        redacted[text] = result
    return [redacted[text] for text in texts]


# One value found (start, end, kind) and how it is written: as in the text, and decoded.
_Span = tuple[int, int, str, tuple[str, ...]]
# Escapes a report writes characters in: JSON's and Python's `\\u00eb`, a bytes repr's UTF-8
# `\\xc3\\xab` (a run of them is one character or more), a URL's `%C3%AB` / `%20`. The
# backslash may be doubled: the repr of a string that holds JSON.
# (`\\++`: a long run of backslashes is read once, not tried again from each of them.)
_ESCAPES = r"(?:\\++x[0-9a-fA-F]{2})+|\\++u[0-9a-fA-F]{4}|\\++U[0-9a-fA-F]{8}|(?:%[0-9a-fA-F]{2})+"
_ESCAPE_UNIT = r"\\++[xuU]([0-9a-fA-F]+)|%([0-9a-fA-F]{2})"
# Where pprint splits a long string (at a space, kept at the end of the first piece):
# `'... Ana '` then, on the next line after the diff's prefix, `'Lima ...'`.
_BREAK = r"['\"]\r?\n[^\n'\"]{0,80}['\"]"
_SPLIT = f"(?:{_BREAK})?"


def _decode(escapes: str) -> str:
    units = [(a or b) for a, b in _compiled(_ESCAPE_UNIT).findall(escapes)]
    if escapes.lstrip("\\").startswith(("u", "U")):
        points = [int(unit, 16) for unit in units]
        if max(points) > sys.maxunicode:  # `\U00110000` escapes no character: left as written
            return escapes
        return "".join(map(chr, points))
    data = bytes(int(unit, 16) for unit in units)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # `ascii()` writes a Latin-1 character as one `\\xeb`
        return data.decode("latin-1")


def _decoded(text: str) -> tuple[str, list[int], list[int]]:
    """`text` with its escapes decoded, and where in `text` each of its characters starts
    and ends (a decoded character spans its whole escape)."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for escape in _compiled(_ESCAPES).finditer(text):
        start, end = escape.span()
        pieces.append(text[position:start])
        starts += range(position, start)
        ends += range(position + 1, start + 1)
        characters = _decode(escape.group())
        pieces.append(characters)
        starts += [start] * len(characters)
        ends += [end] * len(characters)
        position = end
    pieces.append(text[position:])
    starts += range(position, len(text))
    ends += range(position + 1, len(text) + 1)
    return "".join(pieces), starts, ends


# Where Python's own traceback says a frame is (`File "app/x.py", line 3, in load`): pytest
# writes it so for --tb=native and for exception groups. The project's source, not PHI: kept,
# so the report still says where (strict mode would mask the path).
_FRAME = r'File "[^"\n]+", line \d+(?:, in [\w<>.]+)?'


def _found_in(text: str, scan: Scan) -> list[_Span]:
    """What `scan` finds in `text`, and in `text` read with its escapes decoded."""
    spans: list[_Span] = [(m.start, m.end, m.kind, (m.text,)) for m in scan(text)]
    if _compiled(_ESCAPES).search(text):
        decoded, starts, ends = _decoded(text)
        for match in scan(decoded):
            start, end = starts[match.start], ends[match.end - 1]
            spans.append((start, end, match.kind, (text[start:end], match.text)))
    return _outside_frames(text, spans)


def _outside_frames(text: str, spans: list[_Span]) -> list[_Span]:
    """`spans` less those inside a traceback's frame line (`File "x.py", line 3, in load`)."""
    if 'File "' not in text or not spans:
        return spans
    frames = [frame.span() for frame in _compiled(_FRAME).finditer(text)]
    return [
        span
        for span in spans
        if not any(start <= span[0] and span[1] <= end for start, end in frames)
    ]


def _short_number(value: str) -> bool:
    return len(value) <= 4 and value.isdigit()


def _again(values: dict[str, str]) -> re.Pattern[str] | None:
    if not values:
        return None
    alternatives = "|".join(
        "".join(" " + _SPLIT if char == " " else re.escape(char) for char in value)
        for value in sorted(values, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _found_again(text: str, again: re.Pattern[str], values: dict[str, str]) -> list[_Span]:
    """Where `text` writes a value found anywhere in the report, whole or split by pprint
    (only the value's pieces go: the line break and the diff's prefix stay)."""
    spans: list[_Span] = []
    for hit in again.finditer(text):
        kind = values.get(_compiled(_BREAK).sub("", hit.group()), "?")
        position = hit.start()
        for split in _compiled(_BREAK).finditer(text, hit.start(), hit.end()):
            spans.append((position, split.start(), kind, ()))
            position = split.end()
        spans.append((position, hit.end(), kind, ()))
    return spans


def _found_across(
    texts: list[str], again: re.Pattern[str], values: dict[str, str]
) -> dict[str, list[_Span]]:
    """The pieces of a value pprint split where one text ends and the next begins (a
    traceback's lines are texts of their own): `... Ana '` and `'Lima ...`."""
    spans: dict[str, list[_Span]] = {}
    for first, second in itertools.pairwise(texts):
        if not first.rstrip().endswith(("'", '"')):
            continue
        joined = f"{first}\n{second}"
        for hit in again.finditer(joined):
            if hit.start() < len(first) < hit.end():
                kind = values.get(_compiled(_BREAK).sub("", hit.group()), "?")
                split = _compiled(_BREAK).search(joined, hit.start(), hit.end())
                if split is None:
                    continue
                spans.setdefault(first, []).append((hit.start(), split.start(), kind, ()))
                offset = len(first) + 1
                start, end = split.end() - offset, hit.end() - offset
                spans.setdefault(second, []).append((start, end, kind, ()))
    return spans


def _write(text: str, spans: list[_Span]) -> str:
    """`text` with each span written as its kind (`[NAME]`); of overlapping spans, the one
    that starts first is widened to cover the others."""
    pieces: list[str] = []
    position = 0
    last_end = 0
    for start, end, kind, _ in sorted(spans):
        if start < last_end:  # overlaps the span just written: widen it
            if end > last_end:
                last_end = position = end
            continue
        pieces += [text[position:start], f"[{kind}]"]
        position = last_end = end
    return "".join(pieces) + text[position:]


_DOTS = r"\.\.\."


def _cut_short(text: str, values: dict[str, str]) -> str:
    """`text` without what is left of a value where pytest shortened a long repr in the
    middle (`{'name': 'Ana... '[DATE]'}`): the start of a value just before the dots, its end
    just after them."""
    spans: list[tuple[int, int, str]] = []
    for dots in _compiled(_DOTS).finditer(text):
        before, after = dots.span()
        for value, kind in values.items():
            for size in range(len(value) - 1, 1, -1):
                if text.endswith(value[:size], 0, before) and not _word_at(text, before - size - 1):
                    spans.append((before - size, before, kind))
                    break
            for size in range(len(value) - 1, 1, -1):
                if text.startswith(value[-size:], after) and not _word_at(text, after + size):
                    spans.append((after, after + size, kind))
                    break
    if not spans:
        return text
    pieces, position = [], 0
    for start, end, kind in sorted(spans):
        if start >= position:  # the first of overlapping pieces wins
            pieces += [text[position:start], f"[{kind}]"]
            position = end
    return "".join(pieces) + text[position:]


def _word_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def _map_strings(tree: object, change: Callable[[str], str], key: str = "") -> Any:
    """`tree` (a serialized report part: dicts, lists, tuples, strings) with each string but
    the location fields passed through `change`; other leaves are kept as they are, and so
    is the content of a picture or a video (a screenshot a report plugin attached)."""
    if isinstance(tree, str):
        return tree if key in _LOCATION_KEYS else change(tree)
    if isinstance(tree, dict):
        media = _is_media(tree)
        return {
            name: value if media and name == "content" else _map_strings(value, change, name)
            for name, value in tree.items()
        }
    if isinstance(tree, (list, tuple)):
        return type(tree)(_map_strings(value, change, key) for value in tree)
    return tree


def _is_media(part: dict[Any, Any]) -> bool:
    # pytest-html's extras: {"format_type": "image", "mime_type": "image/png", "content": ...}
    kinds = (str(part.get("format_type", "")), str(part.get("mime_type", "")))
    return any(kind.startswith(("image", "video")) for kind in kinds)


def _redact_tree(tree: object, context: Sequence[str], scan: Scan | None) -> Any:
    """`tree` with all its strings redacted together (see `redact_texts`)."""
    texts: list[str] = []

    def collect(text: str) -> str:
        texts.append(text)
        return text

    _map_strings(tree, collect)
    redacted = iter(redact_texts(texts, context, scan))
    return _map_strings(tree, lambda _: next(redacted))


class _JSONText(list[Any]):
    """A plugin's value that is JSON text, parsed: its strings are redacted as data, so it
    is still JSON afterwards (Hypothesis reads its failing examples back with json.loads)."""


def _parsed(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("{", "["):
        with contextlib.suppress(ValueError):
            return _JSONText([json.loads(value)])
    return value


def _unparsed(value: object) -> object:
    return json.dumps(value[0]) if isinstance(value, _JSONText) else value


def _nothing_to_read(report: pytest.TestReport | pytest.CollectReport) -> bool:
    """A passing test that wrote nothing, and no plugin added anything to its report."""
    return (
        report.longrepr is None
        and not report.sections
        and not getattr(report, "user_properties", None)
        and not getattr(report, "wasxfail", None)
        and vars(report).keys() <= _PYTEST_FIELDS
    )


def redact_report(
    report: pytest.TestReport | pytest.CollectReport,
    config: pytest.Config,
    context: Sequence[str] = (),
    scan: Scan | None = None,
) -> None:
    """Redact `report` in place, all of it together (a value found in one part, or in
    `context`, is taken out of every part): its failure, sections, recorded properties, xfail
    reason, and whatever else a plugin put in it (pytest-html's extras, a JSON report's
    copies of the output and the log records, a subtest's message and values).

    The report is read as pytest-xdist sends it to the controller (`pytest_report_to_serializable`)
    and rebuilt from the redacted data (`pytest_report_from_serializable`), so a failure
    keeps its colours, layout and `file:line`, and only the text changes.
    """
    if _nothing_to_read(report):
        return
    data = config.hook.pytest_report_to_serializable(config=config, report=report)
    if data is None:
        raise TypeError(f"pytest cannot serialize a {type(report).__name__}")
    failure = data.get("longrepr")
    skip = isinstance(failure, tuple) and len(failure) == 3  # a skip: where, and why
    if skip:
        failure = failure[2]
    elif failure is not None and not isinstance(failure, (str, dict)):
        failure = str(failure)  # an object a plugin left: its text (or withheld, if it fails)
    # (`record_property` values: a test's report has them, a collection's has not.)
    properties = list(getattr(report, "user_properties", []))
    parts = {
        "failure": failure,
        # JUnit XML writes each value with str(); a value with no PHI in it stays as it was.
        "properties": [str(value) for _, value in properties],
        "rest": {key: _parsed(value) for key, value in data.items() if key not in _KEPT},
    }
    redacted = _redact_tree(parts, context, scan)
    redacted["rest"] = {key: _unparsed(value) for key, value in redacted["rest"].items()}
    parts["rest"] = {key: _unparsed(value) for key, value in parts["rest"].items()}
    for key, value in redacted["rest"].items():
        # A plugin's data is copied, redacted or not: the report may be logged after the
        # test ran on (pytest-rerunfailures logs an attempt's reports at its end), and a
        # plugin may still add to the data it shares with the test item (pytest-json-report).
        if isinstance(value, (dict, list)) and key in vars(report):
            setattr(report, key, value)
    if redacted == parts:
        return
    if isinstance(report, pytest.TestReport):
        report.user_properties = [
            (name, value if text == str(value) else text)
            for (name, value), text in zip(properties, redacted["properties"], strict=True)
        ]
    if redacted["failure"] == parts["failure"] and redacted["rest"] == parts["rest"]:
        return
    failure = redacted["failure"]
    if skip:
        failure = (*data["longrepr"][:2], failure)
    rebuilt = config.hook.pytest_report_from_serializable(
        config=config, data={**data, **redacted["rest"], "longrepr": failure}
    )
    changed_failure = redacted["failure"] != parts["failure"]
    for key, value in vars(rebuilt).items():
        if key not in _KEPT or (key == "longrepr" and changed_failure):
            setattr(report, key, value)


def _withhold(report: pytest.TestReport | pytest.CollectReport, error: Exception) -> None:
    # Fail closed: a report that could not be redacted says so and shows none of its text.
    message = _WITHHELD.format(error=type(error).__name__)
    if isinstance(report.longrepr, tuple):  # a skip keeps its shape: the summary needs it
        report.longrepr = (*report.longrepr[:2], message)
    elif report.longrepr is not None:
        report.longrepr = message
    report.sections = [(title, message) for title, _ in report.sections]
    if isinstance(report, pytest.TestReport):
        report.user_properties = [(name, message) for name, _ in report.user_properties]
        if getattr(report, "wasxfail", None):
            report.wasxfail = message
    for key, value in list(vars(report).items()):  # what a plugin added, as text or data
        if key not in _PYTEST_FIELDS and isinstance(value, (str, dict, list, tuple)):
            delattr(report, key)


def _withheld_exception_repr(message: str) -> TerminalRepr:
    """An exception's report that is only `message` (what the terminal prints of a withheld
    `pytest.exit` or Ctrl-C: its crash location's message, or the whole with --fulltrace)."""
    from _pytest._code.code import ReprExceptionInfo, ReprFileLocation, ReprTraceback

    return ReprExceptionInfo(
        reprtraceback=ReprTraceback([], None, "long"),
        reprcrash=ReprFileLocation("", 0, message),
    )


def _redact_or_withhold(
    report: pytest.TestReport | pytest.CollectReport,
    config: pytest.Config,
    context: Sequence[str] = (),
    scan: Scan | None = None,
) -> None:
    try:
        redact_report(report, config, context, scan)
    except Exception as error:  # a bug here must not put PHI in a CI log
        _withhold(report, error)


def _redact_warning(message: warnings.WarningMessage, scan: Scan) -> None:
    """Redact a recorded warning in place: its text and the source line the summary shows."""
    line = message.line
    if line is None:  # what warnings.formatwarning would read and show
        line = linecache.getline(message.filename, message.lineno)
    text, new_line = redact_texts([str(message.message), line.strip()], scan=scan)
    message.line = new_line or ""  # "" (not None): the summary shows no source line
    if text == str(message.message):
        return
    clone = copy.copy(message.message)
    try:
        clone.args = (text,)  # type: ignore[union-attr]
        same = str(clone) == text
    except Exception:  # a warning class with a __str__ of its own
        same = False
    message.message = clone if same else Warning(text)


# Test case attributes pytest writes itself; others are `record_xml_attribute` values.
_JUNIT_OWN = frozenset({"classname", "name", "file", "line", "time", "url"})


def _junit_xml(config: pytest.Config) -> Any:
    """pytest's JUnit XML writer, when `--junitxml` is on (None otherwise)."""
    try:
        from _pytest.junitxml import xml_key
    except ImportError:  # pragma: no cover - a pytest without it writes no such file
        return None
    return config.stash.get(xml_key, None)


def _redact_junit_attributes(config: pytest.Config, report: pytest.TestReport, scan: Scan) -> None:
    """`record_xml_attribute` values of the test `report` closes, before they are written:
    the writer keeps them itself, they never go through a report."""
    xml = _junit_xml(config)
    if xml is None:
        return
    attributes = xml.node_reporter(report).attrs
    names = [name for name in attributes if name not in _JUNIT_OWN]
    try:
        values = redact_texts([attributes[name] for name in names], scan=scan)
    except Exception as error:  # fail closed, as a report does: the values go
        values = [_WITHHELD.format(error=type(error).__name__)] * len(names)
    attributes.update(zip(names, values, strict=True))


def _redact_junit_suite_properties(config: pytest.Config, scan: Scan) -> None:
    """`record_testsuite_property` values, before they are written; a value in base64 (as
    Hypothesis writes its statistics, with the events a test named) is read decoded."""
    xml = _junit_xml(config)
    if xml is None or not xml.global_properties:
        return
    try:
        texts = [_unbase64(str(value)) for _, value in xml.global_properties]
        redacted = redact_texts([text for text, _ in texts], scan=scan)
    except Exception as error:  # fail closed: the values go, the file is still written
        withheld = _WITHHELD.format(error=type(error).__name__)
        xml.global_properties = [(name, withheld) for name, _ in xml.global_properties]
        return
    xml.global_properties = [
        (name, value if new == text else (_base64(new) if encoded else new))
        for (name, value), (text, encoded), new in zip(
            xml.global_properties, texts, redacted, strict=True
        )
    ]


_BASE64 = r"(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"


def _unbase64(value: str) -> tuple[str, bool]:
    """`value` decoded if it is base64 of UTF-8 text, and whether it was."""
    if not _compiled(_BASE64).fullmatch(value):
        return value, False
    try:
        return base64.b64decode(value, validate=True).decode("utf-8"), True
    except ValueError:  # not base64 of text after all (UnicodeDecodeError is a ValueError)
        return value, False


def _base64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def strict_scan(text: str) -> list[PhiMatch]:
    """What strict redaction hides in `text`, as matches (`[?]` where `find_phi` knows no kind)."""
    from asyncproof._phi.strict import strict_spans
    from asyncproof.phi import PhiMatch

    return [PhiMatch(kind, start, end, text[start:end]) for start, end, kind in strict_spans(text)]


class _RememberedScans:
    """`find_phi` (or `strict_scan`), remembering what it found in each text: the reports of
    one test repeat their texts (each phase's report carries all the output captured so far,
    and tracebacks share source lines)."""

    def __init__(self, limit: int = 4096, *, strict: bool = False) -> None:
        self._found: dict[str, list[PhiMatch]] = {}
        self._limit = limit
        self._strict = strict
        self._declared = -1  # `declared.changes()` when `_found` was filled

    def __call__(self, text: str) -> list[PhiMatch]:
        from asyncproof._phi import declared

        if declared.changes() != self._declared:
            self._found.clear()  # a test declared or forgot an identifier
            self._declared = declared.changes()
        found = self._found.get(text)
        if found is None:
            from asyncproof.phi import find_phi

            if len(self._found) >= self._limit:
                self._found.clear()
            found = self._found[text] = (strict_scan if self._strict else find_phi)(text)
        return found


class ReportRedactor:
    """The hooks registered by `register_if_enabled`, outside every other plugin's wrapper
    (`tryfirst` on a wrapper: it gets the report last, when everything is in it)."""

    def __init__(self, config: pytest.Config, *, strict: bool = False) -> None:
        self._config = config
        # The whole reprs of the values compared by the assertions of the running test phase.
        self._compared: list[str] = []
        self._scan = _RememberedScans(strict=strict)
        # The reports redacted as they were made: not read again when they are logged.
        # (By id: a subtest's report is a dataclass, it cannot be hashed.)
        self._redacted: weakref.WeakValueDictionary[int, pytest.TestReport] = (
            weakref.WeakValueDictionary()
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_assertrepr_compare(self, left: object, right: object) -> None:
        # pytest shows long operands cut in the middle (`{'name': 'Ana...14/1950', ...}`):
        # their whole reprs say which values the pieces belong to. Nothing is returned, so
        # pytest explains the comparison as it always does.
        for operand in (left, right):
            with contextlib.suppress(Exception):  # a broken __repr__: pytest reports it
                self._compared.append(repr(operand)[:_COMPARED_CHARS])

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_makereport(self) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        compared, self._compared = self._compared, []
        _redact_or_withhold(report, self._config, compared, self._scan)
        self._redacted[id(report)] = report
        return report

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Before any reporter reads it: a report made without pytest_runtest_makereport (a
        # subtest's, with its message, values and output). A report redacted as it was made
        # is not read again, so what a plugin adds to it later, outside that hook, is not
        # redacted (a limit the HIPAA page names: a plugin that writes its own report). Not one
        # that pytest-xdist's controller received from a worker (it sets `node`): the worker
        # runs this plugin with the same settings and redacted it; reading it again would
        # put every worker's work on the one controller.
        made_here = self._redacted.get(id(report)) is report
        if not made_here and "node" not in vars(report):
            _redact_or_withhold(report, self._config, scan=self._scan)
        if report.when == "teardown":  # before JUnit XML writes the test case
            _redact_junit_attributes(self._config, report, self._scan)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self) -> None:
        # Before JUnit XML writes the file: `record_testsuite_property` values.
        _redact_junit_suite_properties(self._config, self._scan)

    @pytest.hookimpl(wrapper=True)
    def pytest_keyboard_interrupt(self) -> Generator[None, None, None]:
        # pytest.exit(msg) and Ctrl-C: the terminal keeps the exception's report for the
        # end of the session (`!!! Exit: msg !!!`, the whole traceback with --fulltrace).
        yield
        terminal = self._config.pluginmanager.get_plugin("terminalreporter")
        memo = getattr(terminal, "_keyboardinterrupt_memo", None)
        if memo is not None:
            carrier = pytest.TestReport("", ("", 0, ""), {}, "failed", memo, "call")
            _redact_or_withhold(carrier, self._config, scan=self._scan)
            redacted = carrier.longrepr
            if not hasattr(redacted, "reprcrash"):
                # Withheld: the terminal still prints the `!!! ... !!!` line from a crash
                # location, so it gets one that says why, with no text of the exception.
                redacted = _withheld_exception_repr(str(redacted))
            terminal._keyboardinterrupt_memo = redacted  # type: ignore[union-attr]

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_make_collect_report(
        self,
    ) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
        report = yield
        _redact_or_withhold(report, self._config, scan=self._scan)
        return report

    @pytest.hookimpl(tryfirst=True)
    def pytest_warning_recorded(self, warning_message: warnings.WarningMessage) -> None:
        try:
            _redact_warning(warning_message, self._scan)
        except Exception as error:
            warning_message.message = Warning(_WITHHELD.format(error=type(error).__name__))
            warning_message.line = ""

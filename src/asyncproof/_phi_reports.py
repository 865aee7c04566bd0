"""PHI-safe test reports: `asyncproof_redact_reports` / `--asyncproof-redact-reports`.

Two modes: `true` redacts what `find_phi` recognises (`[NAME]`, `[SSN]`); `strict` also masks
every word or number it cannot prove harmless (`[?]`: see `asyncproof._phi.strict`), so a value
the detector misses does not reach the log either.

With the setting on, a plugin object is registered that redacts every report pytest makes
(of a test phase or a collection) before any reporter sees it: the traceback with its source
lines, assertion introspection, `--showlocals`, the crash message used by the short summary and
JUnit XML, the captured stdout / stderr / log sections, `record_property` values, and the
warnings summary. With the setting off nothing is registered, so it costs nothing.

The seam is the end of `pytest_runtest_makereport` and `pytest_make_collect_report`: the
terminal, `--junitxml`, `--pdb`'s header, xdist and report-log plugins all read the report
after that. A structured failure (`ExceptionChainRepr`, its entries and crash location) is
taken apart and rebuilt with pytest's public report hooks (`pytest_report_to_serializable`,
`pytest_report_from_serializable`, the same ones pytest-xdist uses), so its colours, layout
and `file:line` stay as pytest wrote them and only the text changes.
"""

from __future__ import annotations

import contextlib
import copy
import linecache
import re
import warnings
from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
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
    (`name='Ana Lima'`): where it is found once, it goes everywhere. Values found in
    `context` (text not shown, such as the whole repr of a value the report shows shortened)
    are taken out too. `scan` finds the PHI in one text (default: `find_phi`).
    """
    if scan is None:
        from asyncproof.phi import find_phi  # the patterns load on the first report to redact

        scan = find_phi
    found = {text: scan(text) for text in set(texts)}
    values = {
        match.text: match.kind
        for matches in [*found.values(), *(scan(text) for text in context)]
        for match in matches
        if len(match.text) >= 3 and match.kind != "DEVICE"  # as redact_phi repeats values
    }
    again = None
    if values:
        alternatives = "|".join(re.escape(value) for value in sorted(values, key=len, reverse=True))
        again = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    redacted = {}
    for text, matches in found.items():
        pieces, position = [], 0
        for match in matches:
            pieces += [text[position : match.start], match.placeholder]
            position = match.end
        result = "".join(pieces) + text[position:]
        if again is not None:
            result = again.sub(lambda hit: f"[{values[hit.group()]}]", result)
            result = _cut_short(result, values)
        redacted[text] = result
    return [redacted[text] for text in texts]


_DOTS = re.compile(r"\.\.\.")


def _cut_short(text: str, values: dict[str, str]) -> str:
    """`text` without what is left of a value where pytest shortened a long repr in the
    middle (`{'name': 'Ana... '[DATE]'}`): the start of a value just before the dots, its end
    just after them."""
    spans: list[tuple[int, int, str]] = []
    for dots in _DOTS.finditer(text):
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
    the location fields passed through `change`; other leaves are kept as they are."""
    if isinstance(tree, str):
        return tree if key in _LOCATION_KEYS else change(tree)
    if isinstance(tree, dict):
        return {name: _map_strings(value, change, name) for name, value in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(_map_strings(value, change, key) for value in tree)
    return tree


def _redact_tree(tree: object, context: Sequence[str], scan: Scan | None) -> Any:
    """`tree` with all its strings redacted together (see `redact_texts`)."""
    texts: list[str] = []

    def collect(text: str) -> str:
        texts.append(text)
        return text

    _map_strings(tree, collect)
    redacted = iter(redact_texts(texts, context, scan))
    return _map_strings(tree, lambda _: next(redacted))


def _failure_as_data(
    report: pytest.TestReport | pytest.CollectReport, config: pytest.Config
) -> tuple[object, Callable[[Any], object]]:
    """The report's failure as plain data (strings in dicts and lists), and the function that
    turns that data, once redacted, back into a failure pytest can print."""
    longrepr = report.longrepr
    if longrepr is None or isinstance(longrepr, str):
        return longrepr, lambda data: data
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        path, lineno, reason = longrepr  # a skip: where, and why
        return reason, lambda data: (path, lineno, data)
    if hasattr(longrepr, "toterminal"):
        whole = config.hook.pytest_report_to_serializable(config=config, report=report)
        if whole is not None:

            def rebuild(data: Any) -> object:
                rebuilt = config.hook.pytest_report_from_serializable(
                    config=config, data={**whole, "longrepr": data}
                )
                return rebuilt.longrepr

            return whole["longrepr"], rebuild
    # Anything else (an ExceptionInfo a plugin left, an object of its own): its text.
    return str(longrepr), lambda data: data


def redact_report(
    report: pytest.TestReport | pytest.CollectReport,
    config: pytest.Config,
    context: Sequence[str] = (),
    scan: Scan | None = None,
) -> None:
    """Redact `report` in place: its failure, sections, recorded properties and xfail reason,
    all together (a value found in one part, or in `context`, is taken out of every part)."""
    # (`record_property` values: a test's report has them, a collection's has not.)
    properties = list(report.user_properties) if isinstance(report, pytest.TestReport) else []
    wasxfail = getattr(report, "wasxfail", None)
    if report.longrepr is None and not report.sections and not properties and not wasxfail:
        return  # a passing test that wrote nothing: nothing to read
    failure, rebuild = _failure_as_data(report, config)
    parts = {
        "failure": failure,
        "sections": [[title, content] for title, content in report.sections],
        # JUnit XML writes each value with str(); a value with no PHI in it stays as it was.
        "properties": [str(value) for _, value in properties],
        "wasxfail": wasxfail if isinstance(wasxfail, str) else None,
    }
    redacted = _redact_tree(parts, context, scan)
    if failure is not None:
        report.longrepr = rebuild(redacted["failure"])  # type: ignore[assignment]
    report.sections = [(title, content) for title, content in redacted["sections"]]
    if isinstance(report, pytest.TestReport):
        report.user_properties = [
            (name, value if text == str(value) else text)
            for (name, value), text in zip(properties, redacted["properties"], strict=True)
        ]
        if parts["wasxfail"] is not None:
            report.wasxfail = redacted["wasxfail"]


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

    def __call__(self, text: str) -> list[PhiMatch]:
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
        return report

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

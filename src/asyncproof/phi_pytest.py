"""pytest helpers that keep PHI out of error messages, logs and output.

* `assert_no_phi(obj)`: fail if an exception (with everything chained to it) or a string
  contains PHI. The failure message says what kind of PHI and where, never the PHI itself.
* `phi_guard`: a fixture that fails the test when PHI reaches a log record or the test's
  captured stdout / stderr.
* `asyncproof_redact_reports = true` (ini) or `--asyncproof-redact-reports`: redact PHI from
  everything pytest writes about a test (see `asyncproof._phi_reports`); `= strict` or
  `--asyncproof-redact-reports=strict` also masks every word or number not provably harmless.

The asyncproof plugin registers this module, so installing asyncproof is enough to use them.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Generator, Iterator

import pytest

from asyncproof import _phi_reports

__all__ = ["assert_no_phi", "phi_guard"]


def _texts(obj: object, where: str, seen: set[int]) -> Iterator[tuple[str, str]]:
    """Yield `(where, text)` for every piece of text that `obj` would show when reported."""
    if isinstance(obj, str):
        yield where, obj
        return
    if not isinstance(obj, BaseException):
        raise TypeError(f"assert_no_phi() takes an exception or a str, not {type(obj).__name__}")
    if id(obj) in seen:  # a cause chain can loop back on itself
        return
    seen.add(id(obj))
    try:
        message = str(obj)
    except Exception:  # a broken __str__ is the test's problem, not a reason to skip the rest
        message = ""
    yield where, message
    for index, arg in enumerate(obj.args):
        # str(exc) may not show every argument; a traceback or a log formatter might.
        yield f"{where}.args[{index}]", arg if isinstance(arg, str) else repr(arg)
    for index, note in enumerate(getattr(obj, "__notes__", ())):
        yield f"{where}.__notes__[{index}]", str(note)
    # ExceptionGroup is Python 3.11+; read its members by attribute so 3.10 works too.
    for index, member in enumerate(getattr(obj, "exceptions", ()) or ()):
        if isinstance(member, BaseException):
            yield from _texts(member, f"{where}.exceptions[{index}]", seen)
    if obj.__cause__ is not None:
        yield from _texts(obj.__cause__, f"{where}.__cause__", seen)
    # A suppressed context (`raise ... from None`) is still reachable, and still sent by
    # error trackers that walk the chain: it is checked too.
    if obj.__context__ is not None and obj.__context__ is not obj.__cause__:
        yield from _texts(obj.__context__, f"{where}.__context__", seen)


def _findings(obj: object, where: str) -> list[str]:
    # Imported here, not with this module: the asyncproof plugin loads this module in every
    # test session, and the PHI patterns are only needed once there is text to scan.
    from asyncproof.phi import find_phi

    findings = []
    scanned: set[str] = set()
    for place, text in _texts(obj, where, set()):
        if text in scanned:  # `args[0]` is usually the message itself: report it once
            continue
        scanned.add(text)
        matches = find_phi(text)
        if matches:
            spans = ", ".join(f"{m.kind} at {m.start}-{m.end}" for m in matches)
            findings.append(f"{place}: {spans}")
    return findings


def assert_no_phi(obj: BaseException | str) -> None:
    """Fail unless `obj` is free of PHI.

    For an exception, checks its message, each of its `args`, its `__notes__`, the members of
    an `ExceptionGroup`, and its `__cause__` and `__context__`, recursively.

    Args:
        obj: An exception (such as `excinfo.value` from `pytest.raises`) or a string.

    Raises:
        AssertionError: PHI was found. The message lists where (`exc.args[0]`,
            `exc.__cause__`, ...) and the kind and character span of each match, but never
            the matched text, so the failure report is itself safe to share.
        TypeError: `obj` is neither an exception nor a string.

    Example:
        ```python
        from asyncproof import assert_no_phi

        assert_no_phi(LookupError("no patient record with id pt-0001"))  # passes
        try:
            assert_no_phi(LookupError("no record for SSN 123-45-6789"))
        except AssertionError as failure:
            print(failure)
            #> PHI found in exc: SSN at 18-29
        ```
    """
    __tracebackhide__ = True  # pytest: show the caller's line, not this helper's locals
    findings = _findings(obj, "exc" if isinstance(obj, BaseException) else "text")
    if findings:
        raise AssertionError("PHI found in " + "; ".join(findings))


class _PhiLogHandler(logging.Handler):
    """Scans every record that reaches the root logger; keeps positions, never text."""

    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.findings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        where = f"log record {record.name}:{record.levelname}"
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: logging reports it, we have nothing to scan
            message = str(record.msg)
        self.findings.extend(_findings(message, where))
        if record.exc_info and record.exc_info[1] is not None:
            self.findings.extend(_findings(record.exc_info[1], f"{where} exc_info"))


_IDENTIFIERS_INI = "phi_identifiers"
_IDENTIFIERS_HELP = (
    "Identifiers only this project knows, one a line as `KIND: pattern` (e.g. `MRN: CV-\\d{7}`):"
    " reported as PHI of that kind by find_phi, redact_phi, assert_no_phi, phi_guard and "
    "PHI-safe reports (asyncproof.phi.declare_identifier)."
)


def pytest_addoption(parser: pytest.Parser) -> None:
    _phi_reports.add_options(parser)
    parser.addini(_IDENTIFIERS_INI, _IDENTIFIERS_HELP, type="linelist", default=[])


def pytest_configure(config: pytest.Config) -> None:
    # Off (the default), no hook is registered: reports cost nothing more.
    _phi_reports.register_if_enabled(config)
    _declare_identifiers(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    declared = sys.modules.get(_DECLARED_MODULE)
    if declared is not None:
        declared.end_session(config)


_DECLARED_MODULE = "asyncproof._phi.declared"
# A `#` after blank space ends a line of `phi_identifiers` (`ID: ACCT#\d{6}  # accounts`): an
# ini file's comment, which pytest leaves in the line.
_COMMENT = re.compile(r"\s+#.*")


def _declare_identifiers(config: pytest.Config) -> None:
    """Declare the ini file's `phi_identifiers`, each line `KIND: pattern`, for this session
    (not for a session pytester runs inside it, nor for the one it runs in).

    Raises:
        pytest.UsageError: a line is not `KIND: pattern`, or `declare_identifier` refuses it.
    """
    lines = [_COMMENT.sub("", line).strip() for line in config.getini(_IDENTIFIERS_INI)]
    lines = [line for line in lines if line]
    if not lines and _DECLARED_MODULE not in sys.modules:
        return  # nothing declared anywhere: the PHI patterns are not imported for nothing
    from asyncproof._phi import declared

    declared.begin_session(config)
    for line in lines:
        kind, colon, pattern = line.partition(":")
        try:
            if not colon or not pattern.strip():
                raise ValueError("expected `KIND: pattern`, e.g. `MRN: CV-\\d{7}`")
            declared.declare(pattern.strip(), kind.strip(), owner=config)
        except ValueError as error:
            declared.end_session(config)
            raise pytest.UsageError(f"{_IDENTIFIERS_INI}: `{line}`: {error}") from None


_GUARD = pytest.StashKey[_PhiLogHandler]()
_PLUGIN_NAME = "asyncproof.phi_pytest"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Fail the call phase of a `phi_guard` test whose logs or captured output hold PHI."""
    report: pytest.TestReport = yield
    handler = item.stash.get(_GUARD, None)
    if handler is None or call.when != "call":
        return report
    findings = handler.findings + _findings(report.capstdout, "stdout")
    findings += _findings(report.capstderr, "stderr")
    handler.findings = []
    if findings:
        message = "phi_guard: PHI found in " + "; ".join(findings)
        if report.passed:
            report.outcome = "failed"
            report.longrepr = message
        else:
            report.sections.append(("phi_guard", message))
    return report


@pytest.fixture
def phi_guard(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test if PHI reaches a log record, stdout or stderr while it runs.

    A handler on the root logger scans each record's message and exception while the test
    runs; the output pytest captured during the test is scanned when its report is made.
    The failure says what kind of PHI was found and where, never the PHI itself.

    What it cannot see, honestly:

    * records of loggers with `propagate = False`, or below a logger's level (set
      `log_level = "DEBUG"` in the pytest configuration to scan debug records too);
    * output the test consumed itself with `capsys.readouterr()` or `capfd.readouterr()`
      (pass that to `assert_no_phi`), and any output when capturing is off (`-s`);
    * PHI logged during teardown fails the test as an error at teardown instead.
    """
    __tracebackhide__ = True
    manager = request.config.pluginmanager
    if not manager.has_plugin(_PLUGIN_NAME):
        # The asyncproof plugin registers this module, hook and fixture. A conftest that
        # imports just the fixture, with the plugin disabled, gets the report hook here.
        manager.register(sys.modules[__name__], _PLUGIN_NAME)
    handler = _PhiLogHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    request.node.stash[_GUARD] = handler
    try:
        yield
    finally:
        root.removeHandler(handler)
        del request.node.stash[_GUARD]
    if handler.findings:  # logged after the test body, during teardown
        pytest.fail("phi_guard: PHI found in " + "; ".join(handler.findings), pytrace=False)

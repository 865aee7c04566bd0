"""assert_no_phi and the phi_guard fixture."""

from __future__ import annotations

import re

import pytest

from asyncproof.phi_pytest import assert_no_phi

pytest_plugins = ["pytester"]

SSN_MESSAGE = "no record for SSN 123-45-6789"


def test_clean_exception_passes() -> None:
    assert_no_phi(LookupError("no patient record with id pt-0001"))
    assert_no_phi("lab fetch did not finish within 0.5s")


def test_failure_names_kind_and_position_never_the_value() -> None:
    with pytest.raises(AssertionError) as excinfo:
        assert_no_phi(LookupError(SSN_MESSAGE))
    message = str(excinfo.value)
    assert message == "PHI found in exc: SSN at 18-29"
    assert "123-45-6789" not in message


def _raise_chained() -> None:
    try:
        raise KeyError("MRN 00482213")
    except KeyError as error:
        raise RuntimeError("lookup failed") from error


@pytest.mark.parametrize(
    ("make", "where"),
    [
        (lambda: ValueError("lookup failed", {"dob": "1980-01-01"}), "exc.args[1]"),
        (lambda: _note(ValueError("lookup failed"), "patient Jane Doe"), "exc.__notes__[0]"),
        (_raise_chained, "exc.__cause__"),
        (
            lambda: _context(RuntimeError("retry failed"), KeyError("fax 555-010-9999")),
            "exc.__context__",
        ),
    ],
)
def test_everything_chained_to_the_exception_is_checked(make, where) -> None:
    try:
        exc = make()
        if exc is not None:
            raise exc
    except Exception as raised:
        with pytest.raises(AssertionError, match=re.escape(where) + ": "):
            assert_no_phi(raised)


def _note(exc: BaseException, note: str) -> BaseException:
    exc.__notes__ = [note]  # add_note() is 3.11+; the attribute works everywhere
    return exc


def _context(exc: BaseException, context: BaseException) -> BaseException:
    exc.__context__ = context
    exc.__suppress_context__ = True  # `raise ... from None` still leaves it reachable
    return exc


def test_exception_group_members_are_checked() -> None:
    group_type = pytest.importorskip("builtins").__dict__.get("ExceptionGroup")
    if group_type is None:
        pytest.skip("ExceptionGroup is Python 3.11+")
    group = group_type("2 lookups failed", [KeyError("pt-0001"), KeyError("MRN 00482213")])
    with pytest.raises(AssertionError, match=r"exc\.exceptions\[1\]: MRN at"):
        assert_no_phi(group)


def test_cause_cycles_terminate() -> None:
    first, second = ValueError("a"), ValueError("b")
    first.__cause__, second.__cause__ = second, first
    assert_no_phi(first)


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["SSN 123-45-6789"]])
def test_other_types_are_a_type_error(value) -> None:
    with pytest.raises(TypeError, match="takes an exception or a str"):
        assert_no_phi(value)


GUARDED = """
import logging
import sys

import pytest


def test_clean(phi_guard):
    logging.getLogger("clinic").warning("lookup failed for pt-0001")
    print("retrying in 30s")


def test_leaks_to_log(phi_guard):
    logging.getLogger("clinic").warning("lookup failed for patient %s", "Jane Doe")


def test_leaks_exception_to_log(phi_guard):
    try:
        raise KeyError("SSN 123-45-6789")
    except KeyError:
        logging.getLogger("clinic").exception("lookup failed")


def test_leaks_to_stdout(phi_guard):
    print("MRN 00482213 not found")


def test_leaks_to_stderr(phi_guard):
    sys.stderr.write("DOB: 01/02/1950\\n")


def test_user_capsys_still_works(capsys, phi_guard):
    print("hello")
    assert capsys.readouterr().out == "hello\\n"


def test_user_capsys_sees_output_and_guard_sees_leak(capsys, phi_guard):
    # Consumed by the test: phi_guard cannot see it (see its docstring).
    print("patient Jane Doe")
    assert capsys.readouterr().out == "patient Jane Doe\\n"
"""


def _quiet_ini(pytester: pytest.Pytester) -> None:
    # The inner run is in-process: a config warning there would be an error out here.
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")


@pytest.fixture
def guarded(pytester: pytest.Pytester) -> pytest.RunResult:
    _quiet_ini(pytester)
    pytester.makepyfile(GUARDED)
    return pytester.runpytest("-p", "asyncproof.phi_pytest", "-v")


def test_phi_guard_fails_leaking_tests_only(guarded: pytest.RunResult) -> None:
    guarded.assert_outcomes(passed=3, failed=4)
    guarded.stdout.fnmatch_lines(
        [
            "*phi_guard: PHI found in log record clinic:WARNING: NAME at 26-34",
            "*phi_guard: PHI found in log record clinic:ERROR exc_info: SSN at 5-16*",
            "*phi_guard: PHI found in stdout: MRN at 4-12",
            "*phi_guard: PHI found in stderr: DATE at 5-15",
        ],
        consecutive=False,
    )
    for line in guarded.stdout.lines:
        if "phi_guard: PHI found" in line:
            assert not any(v in line for v in ("Jane", "123-45", "00482213", "01/02/1950"))


def test_phi_guard_fails_the_same_tests_when_reports_are_redacted(
    pytester: pytest.Pytester,
) -> None:
    # phi_guard judges the raw output; the redaction runs after it, on the finished report.
    _quiet_ini(pytester)
    pytester.makepyfile(GUARDED)
    result = pytester.runpytest("-v", "-rA", "--asyncproof-redact-reports")
    result.assert_outcomes(passed=3, failed=4)
    result.stdout.fnmatch_lines(
        [
            "*phi_guard: PHI found in log record clinic:WARNING: NAME at 26-34",
            "*phi_guard: PHI found in stderr: DATE at 5-15",
        ],
        consecutive=False,
    )
    output = "\n".join(result.outlines)
    assert not any(v in output for v in ("Jane Doe", "123-45", "00482213", "01/02/1950"))


def test_output_read_by_the_test_is_not_seen(guarded: pytest.RunResult) -> None:
    # A documented limit: what the test consumed with capsys.readouterr() is its own to check.
    guarded.stdout.fnmatch_lines(["*test_user_capsys_sees_output_and_guard_sees_leak PASSED*"])


def test_phi_guard_registers_its_hook_when_only_the_fixture_is_imported(
    pytester: pytest.Pytester,
) -> None:
    # The asyncproof plugin imports just the fixture; the fixture registers the report hook.
    _quiet_ini(pytester)
    pytester.makeconftest("from asyncproof.phi_pytest import phi_guard  # noqa: F401")
    pytester.makepyfile(
        """
        def test_leak(phi_guard):
            print("SSN 123-45-6789")
        """
    )
    result = pytester.runpytest("-p", "no:asyncproof")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*phi_guard: PHI found in stdout: SSN at 4-15*"])


def test_phi_guard_removes_its_log_handler(pytester: pytest.Pytester) -> None:
    _quiet_ini(pytester)
    pytester.makepyfile(
        """
        import logging

        def test_a(phi_guard):
            pass

        def test_b():
            assert not any(
                type(h).__name__ == "_PhiLogHandler" for h in logging.getLogger().handlers
            )
        """
    )
    pytester.runpytest("-p", "asyncproof.phi_pytest").assert_outcomes(passed=2)

"""PHI-safe reports: with `--asyncproof-redact-reports`, nothing pytest writes about a test
carries the synthetic PHI a project plants in it, and the report still says where and why.

Each channel is one small project that puts PHI where only that channel shows it (`--tb=short`
shows only the failing line of source, and that line names no value). Every channel is run
twice: redacted, where no planted value may appear in the output or the JUnit XML file, and
without the setting, where each planted value must appear (else the channel proves nothing).
"""

from __future__ import annotations

import base64
import sys
import textwrap
from dataclasses import dataclass, field
from xml.etree import ElementTree

import pytest

from asyncproof._phi_reports import PLUGIN_NAME, redact_texts, strict_scan
from asyncproof.phi import PHI_KINDS
from tests._support.plugins import switched_on
from tests._support.pytester import INI, run, run_keeping_warnings

pytest_plugins = ["pytester"]

NAME, SSN, MRN, DOB = "Ana Lima", "123-45-6789", "00482213", "03/14/1950"
PHONE, EMAIL = "(555) 010-4477", "ana.lima@example.org"

# Synthetic values, defined where no failing line of source shows them.
PATIENT = f"""
PATIENT = {{
    "name": "{NAME}",
    "ssn": "{SSN}",
    "mrn": "MRN {MRN}",
    "dob": "{DOB}",
    "phone": "{PHONE}",
    "email": "{EMAIL}",
}}
"""
MODULE = "test_channel"
FLAG = "--asyncproof-redact-reports"


@dataclass(frozen=True)
class Channel:
    """One way a report can carry PHI, and the project that sends PHI through it."""

    source: str
    planted: tuple[str, ...]
    error: str  # the exception type the report must still name
    args: tuple[str, ...] = ("--tb=short",)
    outcomes: dict[str, int] = field(default_factory=lambda: {"failed": 1})
    ci: bool = False
    plugins: tuple[str, ...] = ()  # companion plugins the project runs with (pip names)
    needs: str = ""  # why it cannot run here, if it cannot (a Python or pytest too old)

    def module(self) -> str:
        # As pytester writes it: without the blank lines around it.
        return (PATIENT + textwrap.dedent(self.source)).strip() + "\n"

    def nodeid(self) -> str:
        """`test_channel.py::test_x` for the test that holds `# fails here`; the module's
        own id for a failure at import."""
        lines = self.module().splitlines()
        marked = next(i for i, line in enumerate(lines) if "# fails here" in line)
        tests = [line.split("(")[0][4:] for line in lines[:marked] if line.startswith("def test_")]
        return f"{MODULE}.py::{tests[-1]}" if tests else f"{MODULE}.py"

    def where(self) -> tuple[str, str]:
        """`test_channel.py:N`, the line marked `# fails here`, as pytest writes it and as
        Python's own traceback does (pytest shows an exception group that way)."""
        lines = self.module().splitlines()
        number = next(i for i, line in enumerate(lines, 1) if "# fails here" in line)
        return f"{MODULE}.py:{number}", f'{MODULE}.py", line {number}'


CHANNELS = {
    "assertion diff": Channel(
        """
        def test_record_matches():
            expected = {**PATIENT, "name": "Ana Lina"}
            assert PATIENT == expected  # fails here
        """,
        planted=(NAME, "Ana Lina"),
        error="AssertionError",
    ),
    "showlocals": Channel(
        """
        def test_claim_accepted():
            claim = {"ssn": PATIENT["ssn"], "phone": PATIENT["phone"]}
            status = "rejected" if claim else "ok"
            assert status == "ok"  # fails here
        """,
        planted=(SSN, PHONE),
        error="AssertionError",
        args=("--tb=short", "--showlocals"),
    ),
    "captured stdout": Channel(
        """
        def test_admit():
            print(f"admitting {PATIENT['name']}, SSN {PATIENT['ssn']}")
            raise LookupError("no bed for pt-0001")  # fails here
        """,
        planted=(NAME, SSN),
        error="LookupError",
    ),
    "captured stderr": Channel(
        """
        import sys

        def test_admit():
            sys.stderr.write(f"chart {PATIENT['mrn']} for {PATIENT['email']}\\n")
            raise LookupError("no bed for pt-0001")  # fails here
        """,
        planted=(MRN, EMAIL),
        error="LookupError",
    ),
    "captured log": Channel(
        """
        import logging

        def test_admit():
            logging.getLogger("clinic").warning("DOB %s for %s", PATIENT["dob"], PATIENT["name"])
            raise LookupError("no bed for pt-0001")  # fails here
        """,
        planted=(DOB, NAME),
        error="LookupError",
    ),
    "exception message and chain": Channel(
        """
        def find_chart(patient):
            raise KeyError(f"no chart for patient {patient['name']}")

        def test_lookup():
            try:
                find_chart(PATIENT)
            except KeyError as error:
                ssn = PATIENT["ssn"]
                raise RuntimeError(f"lookup failed for SSN {ssn}") from error  # fails here
        """,
        planted=(NAME, SSN),
        error="RuntimeError",
    ),
    "pytest.fail message": Channel(
        """
        import pytest

        def test_chart():
            pytest.fail(f"no chart for {PATIENT['mrn']}, DOB {PATIENT['dob']}")  # fails here
        """,
        planted=(MRN, DOB),
        error="Failed",
    ),
    "short summary -rA": Channel(
        """
        def test_passes_and_prints():
            print(f"called {PATIENT['phone']}")

        def test_lookup():
            raise LookupError(f"no chart for SSN {PATIENT['ssn']}")  # fails here
        """,
        planted=(PHONE, SSN),
        error="LookupError",
        # One line per failure and the PASSES section with the passing test's output.
        args=("--tb=line", "-rA"),
        outcomes={"failed": 1, "passed": 1},
    ),
    "short summary on CI": Channel(
        """
        def test_lookup():
            raise LookupError(
                "the records service answered 404 three times in a row, then gave up, "
                f"for patient {PATIENT['name']} born {PATIENT['dob']}"
            )  # fails here
        """,
        planted=(NAME, DOB),
        error="LookupError",
        # pytest prints whole messages on CI: the PHI at the end of a long one shows too.
        args=("--tb=no", "-rA"),
        ci=True,
    ),
    "collection error": Channel(
        """
        print(f"loading the chart of {PATIENT['name']}")
        CHART = {}[PATIENT["ssn"]]  # fails here
        """,
        planted=(NAME, SSN),
        error="KeyError",
        outcomes={"errors": 1},
    ),
    "skip and xfail reasons": Channel(
        """
        import pytest

        @pytest.mark.xfail(reason=f"no chart yet for SSN {PATIENT['ssn']}")
        def test_chart():
            assert False

        def test_phone():
            pytest.skip(f"no callback number: {PATIENT['phone']} is disconnected")

        def test_lookup():
            pytest.fail(f"no chart for {PATIENT['mrn']}")  # fails here
        """,
        planted=(SSN, PHONE, MRN),
        error="Failed",
        args=("--tb=short", "-rA"),
        outcomes={"failed": 1, "skipped": 1, "xfailed": 1},
    ),
    "setup and teardown errors": Channel(
        """
        import pytest

        def test_admit(chart):
            pass

        @pytest.fixture
        def chart():
            print(f"opening the chart of {PATIENT['email']}")
            yield
            raise RuntimeError(f"could not close the chart of {PATIENT['name']}")  # fails here
        """,
        planted=(EMAIL, NAME),
        error="RuntimeError",
        outcomes={"passed": 1, "errors": 1},
    ),
    "exception group and notes": Channel(
        """
        def test_lookups():
            error = ValueError("the date of birth does not match")
            error.add_note(f"patient {PATIENT['name']}, DOB {PATIENT['dob']}")
            raise ExceptionGroup("lookups failed", [error, KeyError(PATIENT["ssn"])])  # fails here
        """,
        planted=(NAME, DOB, SSN),
        error="ExceptionGroup",
        needs="" if sys.version_info >= (3, 11) else "ExceptionGroup and add_note: Python 3.11",
    ),
    "subtests' messages and values": Channel(
        """
        def test_fields(subtests):
            for field in ("name", "ssn"):
                with subtests.test(msg=f"field {PATIENT[field]}", value=PATIENT[field]):
                    print(f"checking the record born {PATIENT['dob']}")
                    assert not PATIENT[field]  # fails here
        """,
        planted=(NAME, SSN, DOB),
        error="AssertionError",
        args=("--tb=short", "-rA"),
        outcomes={"failed": 3},  # two subtests, and the test that holds them
        needs="" if pytest.version_tuple >= (9,) else "the subtests fixture: pytest 9",
    ),
    "escaped non-ASCII name": Channel(
        """
        import json

        def test_export():
            name = "Zoë Ñúñez"
            sent = json.dumps({"name": name}).encode()
            assert [sent, name.encode()] == []  # fails here
        """,
        # What the assertion shows: the name in JSON's escapes, and its UTF-8 bytes.
        planted=(r"Zo\\u00eb \\u00d1\\u00fa\\u00f1ez", r"Zo\xc3\xab \xc3\x91\xc3\xba\xc3\xb1ez"),
        error="assert [b'",  # a bare assert: pytest names no exception type
        args=("--tb=short", "-vv"),
    ),
    "captured output with CRLF": Channel(
        """
        import sys

        def test_export():
            sys.stdout.write(f"row\\r\\n{PATIENT['name']}\\r\\n{PATIENT['ssn']}\\r\\n")
            raise LookupError("export failed for pt-0001")  # fails here
        """,
        planted=(NAME, SSN),
        error="LookupError",
    ),
    "Hypothesis' falsifying example": Channel(
        """
        from hypothesis import given, strategies as st

        @given(st.sampled_from([PATIENT["name"], PATIENT["ssn"]]))
        def test_record(value):
            assert value != PATIENT["ssn"]  # fails here
        """,
        planted=(SSN,),
        error="AssertionError",
        plugins=("hypothesis",),
    ),
    "pytest-timeout's stack dump": Channel(
        """
        import time

        def wait_for(chart):
            time.sleep(2)

        def test_slow():
            wait_for("MRN 00482213")  # fails here
        """,
        planted=(f"MRN {MRN}",),
        error="Timeout",
        args=("--tb=short", "--timeout=0.2", "--timeout-method=signal"),
        plugins=("pytest-timeout",),
    ),
}


def _run(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    channel: Channel,
    *extra: str,
) -> pytest.RunResult:
    pytester.makeini(INI)
    pytester.makepyfile(**{MODULE: channel.module()})
    monkeypatch.setenv("COLUMNS", "80")
    if channel.ci:
        monkeypatch.setenv("CI", "true")
    return run(pytester, *switched_on(*channel.plugins), *channel.args, *extra)


def _channels() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.skipif(bool(c.needs), reason=c.needs or "-"))
        for name, c in CHANNELS.items()
    ]


def _leaked(text: str, planted: tuple[str, ...]) -> list[str]:
    return [value for value in planted if value in text]


def _output(result: pytest.RunResult) -> str:
    return "\n".join(result.outlines + result.errlines)


@pytest.mark.parametrize("mode", [FLAG, f"{FLAG}=strict"], ids=["default", "strict"])
@pytest.mark.parametrize("name", _channels())
def test_channel_is_redacted(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, name: str, mode: str
) -> None:
    channel = CHANNELS[name]
    result = _run(pytester, monkeypatch, channel, mode)
    output = _output(result)
    result.assert_outcomes(**channel.outcomes)
    assert _leaked(output, channel.planted) == [], output
    # Still says which test, where and why.
    assert channel.nodeid() in output, output
    if "--tb=no" not in channel.args:
        assert any(where in output for where in channel.where()), output
    assert channel.error in output, output
    # What was there: [NAME], ...; strict mode may write [?] for all of a value.
    assert any(f"[{kind}]" in output for kind in (*PHI_KINDS, "?")), output


@pytest.mark.parametrize("name", _channels())
def test_channel_shows_the_values_without_the_setting(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    channel = CHANNELS[name]
    result = _run(pytester, monkeypatch, channel)
    result.assert_outcomes(**channel.outcomes)
    assert _leaked(_output(result), channel.planted) == list(channel.planted)


def _pieces_at_cuts(text: str, values: tuple[str, ...]) -> list[str]:
    """What `text` shows of `values` where pytest cut a repr short (`'Ana...14/1950'`)."""
    return [
        piece
        for value in values
        for size in range(3, len(value))
        for piece in (value[:size] + "...", "..." + value[-size:])
        if piece in text
    ]


@pytest.mark.parametrize("redact", [True, False], ids=["redacted", "not redacted"])
def test_values_cut_short_leave_no_piece(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, redact: bool
) -> None:
    # The assertion's first line shows both dicts cut in the middle: pieces of two values,
    # neither of them whole anywhere in the report (the other fields are "identical items").
    result = _run(pytester, monkeypatch, CHANNELS["assertion diff"], *([FLAG] if redact else []))
    pieces = _pieces_at_cuts(_output(result), (NAME, SSN, MRN, DOB, PHONE, EMAIL))
    assert (pieces == []) is redact, pieces


def test_short_summary_names_the_test_and_the_error(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run(pytester, monkeypatch, CHANNELS["short summary on CI"], FLAG)
    result.stdout.fnmatch_lines(
        [
            f"FAILED {MODULE}.py::test_lookup - LookupError: the records service answered 404 "
            "three times in a row, then gave up, for patient [[]NAME[]] born [[]DATE[]]"
        ]
    )


JUNIT = """
import logging
import sys


def test_admit(record_property):
    record_property("callback", PATIENT["phone"])
    print(f"admitting {PATIENT['name']}")
    sys.stderr.write(f"SSN {PATIENT['ssn']}\\n")
    logging.getLogger("clinic").warning("chart %s", PATIENT["mrn"])
    raise LookupError(f"no bed for {PATIENT['email']}, DOB {PATIENT['dob']}")  # fails here
"""
JUNIT_PLANTED = (NAME, SSN, MRN, DOB, PHONE, EMAIL)


def _junit(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, *extra: str
) -> tuple[pytest.RunResult, str]:
    channel = Channel(JUNIT, planted=JUNIT_PLANTED, error="LookupError")
    # xunit1: the family that writes record_property values, per test case.
    args = ("--junitxml=report.xml", "-o", "junit_logging=all", "-o", "junit_family=xunit1")
    args += extra
    result = _run(pytester, monkeypatch, channel, *args)
    return result, (pytester.path / "report.xml").read_text(encoding="utf-8")


def test_junit_xml_file_is_redacted(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, xml = _junit(pytester, monkeypatch, FLAG)
    result.assert_outcomes(failed=1)
    assert _leaked(xml, JUNIT_PLANTED) == [], xml
    assert _leaked(_output(result), JUNIT_PLANTED) == []
    case = ElementTree.fromstring(xml).find(".//testcase")
    assert case is not None
    assert (case.get("classname"), case.get("name")) == (MODULE, "test_admit")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "LookupError: no bed for [EMAIL], DOB [DATE]"
    assert f"{MODULE}.py:" in (failure.text or "")
    assert "admitting [NAME]" in (case.findtext("system-out") or "")
    assert "SSN [SSN]" in (case.findtext("system-err") or "")
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties == {"callback": "[PHONE]"}


def test_junit_xml_file_holds_the_values_without_the_setting(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, xml = _junit(pytester, monkeypatch)
    # `&`, `<`, `>` and quotes would be escaped in XML; the planted values have none.
    assert _leaked(xml, JUNIT_PLANTED) == list(JUNIT_PLANTED)


WARNS = """
import warnings


def test_call():
    warnings.warn(f"patient {PATIENT['name']} has no phone on file")  # fails here
"""


@pytest.mark.parametrize("redact", [True, False], ids=["redacted", "not redacted"])
def test_warnings_summary(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, redact: bool
) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(**{MODULE: Channel(WARNS, planted=(NAME,), error="").module()})
    # A warning is shown in the summary, not raised: the test passes.
    result = run_keeping_warnings(
        pytester, "-W", "default::UserWarning", *([FLAG] if redact else [])
    )
    result.assert_outcomes(passed=1, warnings=1)
    output = _output(result)
    assert (NAME in output) is not redact
    where = Channel(WARNS, planted=(NAME,), error="UserWarning").where()[0]
    if redact:
        result.stdout.fnmatch_lines([f"*{where}: UserWarning: patient [[]NAME[]] has no phone*"])


def test_capture_off_is_not_reached(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A documented limit: with -s the test writes to the terminal itself, no report is made of
    # it. The failure is still redacted.
    result = _run(pytester, monkeypatch, CHANNELS["captured stdout"], FLAG, "-s")
    result.assert_outcomes(failed=1)
    output = _output(result)
    assert f"admitting {NAME}, SSN {SSN}" in output
    assert output.count(NAME) == 1


def test_pdb_session_is_not_reached(pytester: pytest.Pytester) -> None:
    # A documented limit: the report printed before the prompt is redacted, the debugger is
    # not (it is interactive: no CI runs it).
    pytester.makeini(INI)
    pytester.makepyfile(**{MODULE: CHANNELS["pytest.fail message"].module()})
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", FLAG, "--pdb"]
    result = pytester.run(*command, stdin=b"p PATIENT['mrn']\nq\n", timeout=120)
    output = _output(result)
    before_prompt, _, session = output.partition("entering PDB")
    assert "Failed: no chart for MRN [MRN], DOB [DATE]" in before_prompt
    assert _leaked(before_prompt, (MRN, DOB)) == []
    assert f"MRN {MRN}" in session


def test_ini_option_turns_it_on(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI + "asyncproof_redact_reports = true\n")
    pytester.makepyfile(**{MODULE: CHANNELS["pytest.fail message"].module()})
    result = run(pytester, "--tb=short")
    result.assert_outcomes(failed=1)
    assert _leaked(_output(result), (MRN, DOB)) == []
    result.stdout.fnmatch_lines(["E   Failed: no chart for MRN [[]MRN[]], DOB [[]DATE[]]"])


def test_off_by_default_registers_nothing(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    assert not pytester.parseconfigure().pluginmanager.has_plugin(PLUGIN_NAME)
    assert pytester.parseconfigure(FLAG).pluginmanager.has_plugin(PLUGIN_NAME)


UNPRINTABLE = """
import pytest


class Unprintable:
    def __str__(self):
        raise RuntimeError("broken")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        report.longrepr = Unprintable()
    return report
"""


def test_a_report_that_cannot_be_redacted_is_withheld(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makeconftest(UNPRINTABLE)
    pytester.makepyfile(**{MODULE: CHANNELS["captured stdout"].module()})
    result = run(pytester, FLAG, "--tb=short")
    result.assert_outcomes(failed=1)
    assert _leaked(_output(result), (NAME, SSN)) == []
    result.stdout.fnmatch_lines(
        ["*asyncproof: this report was withheld, it could not be redacted (RuntimeError)*"]
    )


def test_a_value_found_once_is_taken_out_everywhere() -> None:
    # Only the first text labels the name; the others write it bare.
    texts = [f"patient_name={NAME!r}", f"assert {NAME!r} in chart", f"E   + {NAME}"]
    assert redact_texts(texts) == [
        "patient_name='[NAME]'",
        "assert '[NAME]' in chart",
        "E   + [NAME]",
    ]


def test_what_a_shortened_repr_leaves_of_a_value_goes_too() -> None:
    shortened = "assert {'name': 'Ana... 'id': 'pt-0001'} == {}"
    expected = "assert {'name': '[NAME]... 'id': 'pt-0001'} == {}"
    assert redact_texts([f"name: {NAME}", shortened])[1] == expected
    # Only from the start of a word: `RomAn` ends like "Ana Lima" starts, and stays.
    assert redact_texts([f"name: {NAME}", "RomAn... done"])[1] == "RomAn... done"


def test_texts_without_phi_are_unchanged() -> None:
    texts = ["test_channel.py:12: AssertionError", "no bed for pt-0001", ""]
    assert redact_texts(texts) == texts


SPLIT = """
def test_note():
    note = "word " * 14 + PATIENT["name"] + " and so on and so forth until the line is long"
    assert [note] == []  # fails here
"""


@pytest.mark.parametrize("redact", [True, False], ids=["redacted", "not redacted"])
def test_a_value_pprint_split_leaves_no_piece(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, redact: bool
) -> None:
    # -vv's full diff pretty-prints the list: the long string is split at the space in the
    # name, `'... Ana '` on one line and `'Lima ...'` on the next, each a text of its own.
    channel = Channel(SPLIT, planted=(NAME, "Lima"), error="AssertionError", args=("-vv",))
    result = _run(pytester, monkeypatch, channel, *([FLAG] if redact else []))
    result.assert_outcomes(failed=1)
    output = _output(result)
    assert _leaked(output, ("Lima",)) == ([] if redact else ["Lima"]), output
    if not redact:
        assert f"{NAME.split()[0]} '" in output  # the split this test is about


PLUGIN_DATA = """
import json

import pytest

CONFIG = []


def pytest_configure(config):
    CONFIG.append(config)


# As pytest-json-report does: data of its own on each report, shared with the test item,
# which later phases add to.
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    shared = item.__dict__.setdefault("shared", {})
    shared[call.when] = {"stdout": report.capstdout, "log": [report.caplog]}
    report.plugin_data = shared


# As pytest-reportlog does: each report, serialized as xdist would send it, one JSON a line.
def pytest_runtest_logreport(report):
    data = CONFIG[0].hook.pytest_report_to_serializable(config=CONFIG[0], report=report)
    with open("reports.jsonl", "a", encoding="utf-8") as log:
        log.write(json.dumps(data, default=str) + "\\n")
"""

RERUN = """
import logging


def test_admit():
    print(f"admitting {PATIENT['name']}")
    logging.getLogger("clinic").warning("SSN %s", PATIENT["ssn"])
    raise LookupError("no bed for pt-0001")  # fails here
"""


@pytest.mark.parametrize("redact", [True, False], ids=["redacted", "not redacted"])
def test_plugin_data_on_reports_logged_late(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, redact: bool
) -> None:
    # pytest-rerunfailures logs an attempt's reports at its end: the setup report is logged
    # after the test body ran and added its output to the data the report shares.
    pytester.makeconftest(PLUGIN_DATA)
    channel = Channel(RERUN, planted=(NAME, SSN), error="LookupError")
    rerun = (*switched_on("pytest-rerunfailures"), "--reruns", "1")
    result = _run(pytester, monkeypatch, channel, *rerun, *([FLAG] if redact else []))
    assert result.parseoutcomes() == {"failed": 1, "rerun": 1}
    logged = (pytester.path / "reports.jsonl").read_text(encoding="utf-8")
    if redact:
        assert _leaked(logged + _output(result), channel.planted) == []
        assert '"stdout": "admitting [NAME]\\n"' in logged
    else:
        assert _leaked(logged, channel.planted) == list(channel.planted)


RECEIVED = """
import json

import pytest


# On the controller (a worker's config has `workerinput`): each report as it arrives from
# a worker, before anything reads it.
@pytest.hookimpl(wrapper=True)
def pytest_report_from_serializable(config, data):
    if not hasattr(config, "workerinput"):
        with open("received.jsonl", "a", encoding="utf-8") as log:
            log.write(json.dumps(data, default=str) + "\\n")
    return (yield)
"""


@pytest.mark.parametrize("redact", [True, False], ids=["redacted", "not redacted"])
def test_xdist_workers_send_redacted_reports(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, redact: bool
) -> None:
    pytester.makeini(INI)
    pytester.makeconftest(RECEIVED)
    pytester.makepyfile(**{MODULE: Channel(JUNIT, JUNIT_PLANTED, "LookupError").module()})
    monkeypatch.setenv("COLUMNS", "80")
    args = ["-p", "no:cacheprovider", *switched_on("pytest-xdist"), "-n", "2", "-rA"]
    args += ["--junitxml=report.xml", "-o", "junit_logging=all", "-o", "junit_family=xunit1"]
    result = pytester.runpytest_subprocess(*args, *([FLAG] if redact else []), timeout=120)
    result.assert_outcomes(failed=1)
    received = (pytester.path / "received.jsonl").read_text(encoding="utf-8")
    xml = (pytester.path / "report.xml").read_text(encoding="utf-8")
    everything = received + xml + _output(result)
    if redact:
        assert _leaked(everything, JUNIT_PLANTED) == []
        assert "no bed for [EMAIL], DOB [DATE]" in received
        result.stdout.fnmatch_lines([f"FAILED {MODULE}.py::test_admit - LookupError: *"])
    else:
        assert _leaked(received, JUNIT_PLANTED) == list(JUNIT_PLANTED)


SUITE = """
import base64


def test_admit(record_testsuite_property, record_xml_attribute):
    record_testsuite_property("patient", PATIENT["name"])
    # As Hypothesis writes its statistics (with the events a test named): in base64.
    events = f"Events: * 100.00%, saw {PATIENT['email']}"
    record_testsuite_property("statistics", base64.b64encode(events.encode()).decode())
    record_xml_attribute("ssn", PATIENT["ssn"])
    raise LookupError("no bed for pt-0001")  # fails here
"""


@pytest.mark.parametrize("redact", [True, False], ids=["redacted", "not redacted"])
def test_junit_suite_properties_and_attributes(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, redact: bool
) -> None:
    # Written by the JUnit XML writer from what it keeps itself: no report carries them.
    pytester.makeini(INI)
    pytester.makepyfile(**{MODULE: Channel(SUITE, (), "").module()})
    args = ["--junitxml=report.xml", "-o", "junit_family=xunit1", *([FLAG] if redact else [])]
    experimental = "ignore::pytest.PytestExperimentalApiWarning"  # record_xml_attribute
    result = run_keeping_warnings(pytester, "-W", experimental, *args)
    result.assert_outcomes(failed=1)
    suite = ElementTree.parse(pytester.path / "report.xml").getroot().find("testsuite")
    assert suite is not None
    properties = {p.get("name"): p.get("value") or "" for p in suite.iterfind("properties/")}
    case = suite.find("testcase")
    assert case is not None
    shown = [properties["patient"], base64.b64decode(properties["statistics"]).decode()]
    shown.append(case.get("ssn") or "")
    if redact:
        assert shown == ["[NAME]", "Events: * 100.00%, saw [EMAIL]", "[SSN]"]
        assert case.get("name") == "test_admit"
    else:
        assert shown == [NAME, f"Events: * 100.00%, saw {EMAIL}", SSN]


EXIT = """
import pytest


def test_records():
    pytest.exit(f"records service down while loading {PATIENT['name']}")  # fails here
"""


@pytest.mark.parametrize("redact", [True, False], ids=["redacted", "not redacted"])
def test_pytest_exit_message(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, redact: bool
) -> None:
    # The session ends; the terminal writes the message last, from no report.
    channel = Channel(EXIT, planted=(NAME,), error="Exit")
    result = _run(pytester, monkeypatch, channel, *([FLAG] if redact else []))
    assert result.ret == pytest.ExitCode.INTERRUPTED
    shown = f"Exit: records service down while loading {'[NAME]' if redact else NAME}"
    result.stdout.fnmatch_lines([f"*{shown.replace('[', '[[]')}*"])
    assert (NAME in _output(result)) is not redact


BEYOND_UNICODE = r"""
import pytest


def test_admit(record_testsuite_property, record_xml_attribute):
    # `\U00110000` escapes no character: it is text as written, not an error.
    record_testsuite_property("note", f"\\U00110000 {PATIENT['name']}")
    record_xml_attribute("note", f"\\U00110000 {PATIENT['ssn']}")


def test_records():
    pytest.exit(f"bad \\U00110000 seen for {PATIENT['name']}")
"""


def test_an_escape_beyond_unicode_neither_crashes_nor_leaks(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(**{MODULE: Channel(BEYOND_UNICODE, (), "").module()})
    experimental = "ignore::pytest.PytestExperimentalApiWarning"  # record_xml_attribute
    args = ["-W", experimental, "--junitxml=report.xml", "-o", "junit_family=xunit1", FLAG]
    result = run_keeping_warnings(pytester, *args)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines([r"*Exit: bad \U00110000 seen for [[]NAME]*"])
    written = (pytester.path / "report.xml").read_text(encoding="utf-8")
    assert _leaked(written + _output(result), (NAME, SSN)) == []
    assert r"\U00110000 [NAME]" in written
    assert r"\U00110000 [SSN]" in written


FAILING_REDACTION = """
import asyncproof._phi_reports as reports

BROKEN = ("redact_report", "redact_texts")
SAVED = {name: getattr(reports, name) for name in BROKEN}


def broken(*args, **kwargs):
    raise RuntimeError("a bug in redaction")


def pytest_configure(config):
    for name in BROKEN:
        setattr(reports, name, broken)


def pytest_unconfigure(config):  # the run is in-process: the module is the suite's own
    for name, function in SAVED.items():
        setattr(reports, name, function)
"""


def test_an_exit_message_that_cannot_be_redacted_is_withheld(pytester: pytest.Pytester) -> None:
    # Fail closed, as a report does: the terminal still ends the session with its line, which
    # says why and shows nothing of the message; the JUnit file is still written.
    pytester.makeini(INI)
    pytester.makeconftest(FAILING_REDACTION)
    source = EXIT.replace(
        "def test_records",
        "def test_a(record_testsuite_property):\n"
        "    record_testsuite_property('who', PATIENT['name'])\n\n\ndef test_records",
    )
    pytester.makepyfile(**{MODULE: Channel(source, (), "").module()})
    result = run_keeping_warnings(pytester, "--junitxml=report.xml", FLAG)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*asyncproof: this report was withheld*(RuntimeError)*"])
    written = (pytester.path / "report.xml").read_text(encoding="utf-8")
    assert _leaked(written + _output(result), (NAME,)) == []
    assert "withheld" in written


def test_a_short_number_found_once_is_not_taken_out_everywhere() -> None:
    # An age over 89 found in one line must not take the failing line's number elsewhere.
    texts = [f"loading {NAME}, 94 yo F", "test_app.py:94: AssertionError", f"again {NAME}"]
    assert redact_texts(texts) == [
        "loading [NAME], [AGE] yo F",
        "test_app.py:94: AssertionError",
        "again [NAME]",
    ]


def test_escaped_and_split_values_are_read() -> None:
    texts = [
        r'{"name": "Zo\u00eb \u00d1\u00fa\u00f1ez"}',  # JSON's escapes
        r"b'Zo\xc3\xab \xc3\x91\xc3\xba\xc3\xb1ez'",  # a bytes repr: UTF-8
        "GET /chart?patient=Ana%20Lima",  # a URL
        "E     +     'seen today by Ana '",  # pprint's split, over two texts
        "E     +     'Lima and sent home'",
    ]
    assert redact_texts(texts) == [
        '{"name": "[NAME]"}',
        "b'[NAME]'",
        "GET /chart?patient=[NAME]",
        "E     +     'seen today by [NAME]'",
        "E     +     '[NAME] and sent home'",
    ]


def test_a_traceback_frame_line_keeps_its_place() -> None:
    # Python's own traceback (--tb=native, exception groups): the path says where. Strict
    # mode alone would mask it: a CI job's folder is numbered.
    frame = '  |   File "/builds/48213/tests/test_x.py", line 3, in test_x'
    assert strict_scan(frame) != []
    assert redact_texts([frame, f"patient {NAME}"], scan=strict_scan)[0] == frame


OWN_REPORT = """
import pytest


# As allure-pytest does: a report of its own, from the exception and the captured output,
# written inside pytest_runtest_makereport, before asyncproof redacts pytest's report.
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if call.excinfo is not None:
        with open("own-report.txt", "a", encoding="utf-8") as own:
            own.write(call.excinfo.exconly() + "\\n" + report.capstdout)
"""


def test_a_plugin_reading_the_exception_itself_is_not_reached(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A documented limit: what that plugin writes holds the values; pytest's report does not.
    pytester.makeconftest(OWN_REPORT)
    channel = CHANNELS["captured stdout"]
    result = _run(pytester, monkeypatch, channel, FLAG)
    result.assert_outcomes(failed=1)
    assert _leaked(_output(result), channel.planted) == []
    own = (pytester.path / "own-report.txt").read_text(encoding="utf-8")
    assert _leaked(own, channel.planted) == list(channel.planted)


LIVE = """
import logging


def test_admit():
    logging.getLogger("clinic").warning("admitting %s", PATIENT["name"])
    raise LookupError("no bed for pt-0001")  # fails here
"""


def test_live_logging_is_not_reached(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A documented limit: log_cli writes each record to the terminal as it is logged; the
    # report's "Captured log call" section is redacted.
    channel = Channel(LIVE, planted=(NAME,), error="LookupError")
    result = _run(pytester, monkeypatch, channel, FLAG, "--log-cli-level=WARNING")
    result.assert_outcomes(failed=1)
    output = _output(result)
    assert output.count(NAME) == 1  # the live line
    assert "admitting [NAME]" in output  # the captured log, in the failure's report


SLOW = """
import time


def wait_for(chart):
    time.sleep(30)


def test_slow():
    wait_for("MRN 00482213")  # fails here
"""


def test_a_timeout_thread_dump_is_not_reached(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A documented limit: pytest-timeout's thread method writes the stacks to stderr and
    # ends the process; no report is made (its signal method fails the test: redacted).
    pytester.makeini(INI)
    pytester.makepyfile(**{MODULE: Channel(SLOW, (), "").module()})
    timeout = ("--timeout=0.2", "--timeout-method=thread")
    args = ("-p", "no:cacheprovider", *switched_on("pytest-timeout"), *timeout, FLAG)
    result = pytester.runpytest_subprocess(*args, timeout=60)
    assert result.ret != 0
    output = _output(result)
    assert "Timeout" in output
    assert f"MRN {MRN}" in output

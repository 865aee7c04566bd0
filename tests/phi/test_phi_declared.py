"""Identifiers a project declares itself (`declare_identifier`, the `phi_identifiers` ini)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from asyncproof._phi import declared
from asyncproof.phi import (
    contains_phi,
    declare_identifier,
    find_phi,
    forget_identifiers,
    redact_phi,
)
from tests._support import phi_metrics
from tests._support.pytester import INI, run

pytest_plugins = ["pytester"]

CHART = r"KQ-\d{7}"
LINE = "recall skipped: KQ-0019044 deceased"


@pytest.fixture(autouse=True)
def nothing_declared() -> Iterator[None]:
    assert declared._DECLARED == []  # no test leaves one behind for the next
    yield
    forget_identifiers()  # (a test's session-owned ones it ends itself: the assert checks)


def test_a_declared_identifier_is_found_and_redacted_as_its_kind() -> None:
    assert not contains_phi(LINE)  # the shape of an opaque key: no detector can tell
    declare_identifier(CHART, kind="MRN")
    assert [(m.kind, m.text) for m in find_phi(LINE)] == [("MRN", "KQ-0019044")]
    assert contains_phi(LINE)
    assert redact_phi(LINE) == "recall skipped: [MRN] deceased"
    assert redact_phi(LINE, strict=True).count("[MRN]") == 1
    forget_identifiers()
    assert not contains_phi(LINE)


def test_the_pages_example_needs_its_declaration() -> None:
    # (the HIPAA page's and `declare_identifier`'s: without it, the detector takes no number)
    line = "recall skipped: RQ-0019044 deceased"
    assert not contains_phi(line)
    declare_identifier(r"RQ-\d{7}", kind="MRN")
    assert redact_phi(line) == "recall skipped: [MRN] deceased"


def test_the_kind_defaults_to_id_and_every_match_is_taken() -> None:
    declare_identifier(r"WC-\d{2}-\d{7}")
    text = "claims WC-26-0188431, WC-26-0190244 merged"
    assert [(m.kind, m.text) for m in find_phi(text)] == [
        ("ID", "WC-26-0188431"),
        ("ID", "WC-26-0190244"),
    ]


def test_a_match_inside_a_longer_word_is_not_taken() -> None:
    declare_identifier(CHART, kind="MRN")
    assert declared.matches("key XKQ-00190441 and KQ-00190441") == []
    path = "path charts/KQ-0019044_19_PA.jpg"
    assert [path[s:e] for s, e, _, _ in declared.matches(path)] == ["KQ-0019044"]


def test_a_declared_identifier_wins_over_what_the_rules_found_there() -> None:
    text = "lookup failed for MRN 00482213, DOB 03/14/1950"
    assert [m.kind for m in find_phi(text)] == ["MRN", "DATE"]
    declare_identifier(r"\d\d/\d\d/\d{4}", kind="ID")
    assert [m.kind for m in find_phi(text)] == ["MRN", "ID"]


def test_a_value_found_around_a_declared_identifier_is_kept_whole() -> None:
    # Nothing is lost: a link found whole stays whole, and what a declared identifier cuts
    # from a value found across it stays redacted on both sides.
    text = "see https://portal.example.com/patients/KQ-0019044/chart?name=Ana+Lima"
    before = redact_phi(text)
    declare_identifier(CHART, kind="MRN")
    after = redact_phi(text)
    assert "KQ-0019044" not in after
    assert "Lima" not in after
    assert after == before
    chosen = [(0, 10, "NAME", 2), (12, 30, "URL", 2)]
    assert declared.over(chosen, [(5, 15, "MRN", 2)]) == [
        (0, 5, "NAME", 2),
        (5, 15, "MRN", 2),
        (15, 30, "URL", 2),
    ]
    assert declared.over([(0, 20, "URL", 2)], [(5, 15, "MRN", 2)]) == [(0, 20, "URL", 2)]
    assert declared.over([(5, 15, "ID", 0)], [(5, 15, "MRN", 2)]) == [(5, 15, "MRN", 2)]


def test_the_learned_look_reads_the_text_as_if_nothing_were_declared() -> None:
    # The model reads the kinds found around a word: were a declared identifier one of them,
    # a name it finds beside an account number could be lost beside a declared chart number.
    row = "KQ-0062290,MacGregor,Ailsa,2001-01-30,+44 7700 900117,,TMP,2026-12-03"
    before = [(m.start, m.end) for m in find_phi(row) if m.kind == "NAME"]
    declare_identifier(CHART, kind="MRN")
    assert [(m.start, m.end) for m in find_phi(row) if m.kind == "NAME"] == before
    assert find_phi(row)[0].kind == "MRN"


def test_a_declaration_never_leaves_in_clear_what_was_redacted_before() -> None:
    examples = [e for _, files, _ in phi_metrics.SETS for e in phi_metrics.load_corpus(files)]
    sample = [e.text for e in examples[::9] if e.spans]
    before = {text: _hidden(text) for text in sample}
    for pattern, kind in [(r"\d{4}", "ID"), (r"[A-Z]{2,4}-\d{2,}", "MRN"), (r"[a-z]+_\w+", "ID")]:
        declare_identifier(pattern, kind)
    lost = [text for text in sample if not before[text] <= _hidden(text)]
    assert lost == []


def _hidden(text: str) -> set[int]:
    return {i for m in find_phi(text) for i in range(m.start, m.end)}


def test_overlapping_declarations_are_one_span() -> None:
    declare_identifier(CHART, kind="MRN")
    declare_identifier(r"\d{7}/[A-Z]{2}\d{4}")
    assert redact_phi("ref KQ-0019044/AB1234 closed") == "ref [MRN] closed"


def test_the_boundary_is_checked_only_where_the_match_is_a_word() -> None:
    declare_identifier(r"-\d{7}")
    assert [m.text for m in find_phi(LINE)] == ["-0019044"]
    forget_identifiers()
    declare_identifier(CHART, kind="MRN")
    assert find_phi("e\u0301KQ-0019044") == []  # an accent is part of the word before


def test_remembered_report_scans_see_a_declaration_made_after_them() -> None:
    from asyncproof._phi_reports import _RememberedScans

    remembered = _RememberedScans()
    assert remembered(LINE) == []
    declare_identifier(CHART, kind="MRN")
    assert [m.kind for m in remembered(LINE)] == ["MRN"]


@pytest.mark.parametrize(
    ("pattern", "kind", "error", "message"),
    [
        (CHART, "MNR", ValueError, "unknown kind 'MNR': expected one of NAME, ADDRESS"),
        (r"KQ-(\d{7}", "MRN", ValueError, r"`KQ-(\d{7}` is not a regular expression"),
        (r"\d*", "ID", ValueError, "matches the empty string"),
        (b"CV", "ID", TypeError, "a pattern (str) and a kind (str)"),
        (CHART, None, TypeError, "a pattern (str) and a kind (str)"),
    ],
)
def test_what_cannot_be_declared_is_refused_clearly(
    pattern: object, kind: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as excinfo:
        declare_identifier(pattern, kind)  # type: ignore[arg-type]
    assert message in str(excinfo.value)
    assert declared._DECLARED == []


def test_declarations_improve_the_sets_whose_numbers_they_name() -> None:
    """The HIPAA page's figures: blind_v22's chart numbers, declared in one line."""
    examples = phi_metrics.load_corpus([phi_metrics.BLIND_V22])

    def figures() -> tuple[float, float]:
        spans = [
            (e, [(m.start, m.end, m.kind) for m in find_phi(e.text)], redact_phi(e.text))
            for e in examples
        ]
        recall = phi_metrics.score_reported([(e, r) for e, r, _ in spans])["overall"].recall
        return recall, phi_metrics.redaction_reported(spans).survival

    recall, leaking = figures()
    declare_identifier(r"CV-\d{7}", kind="MRN")  # blind_v22's chart numbers
    declared_recall, declared_leaking = figures()
    # (the learned look at numbers is trained on blind_v22 and finds most of them itself:
    # 0.832 and 23.6 % before it, on the rules alone)
    assert (round(recall, 3), round(declared_recall, 3)) == (0.954, 0.957)
    assert (round(leaking, 3), round(declared_leaking, 3)) == (0.088, 0.084)


MODULE = f"""
from asyncproof import assert_no_phi

def test_error():
    assert_no_phi("{LINE}")
"""


def _project(pytester: pytest.Pytester, *lines: str) -> None:
    pytester.makeini(INI + "phi_identifiers =\n" + "".join(f"    {line}\n" for line in lines))
    pytester.makepyfile(test_declared=MODULE)


def test_the_ini_declares_them_for_the_session_only(pytester: pytest.Pytester) -> None:
    _project(pytester, r"MRN: KQ-\d{7}", r"ID: WC-\d{2}-\d{7}")
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AssertionError: PHI found in text: MRN at 16-26*"])
    assert declared._DECLARED == []  # forgotten when the session ended
    pytester.makeini(INI)
    run(pytester).assert_outcomes(passed=1)


def test_the_ini_reaches_redacted_reports(pytester: pytest.Pytester) -> None:
    _project(pytester, r"MRN: KQ-\d{7}")
    pytester.makepyfile(test_declared="def test_chart():\n    assert 'KQ-0019044' == 'pt-0001'\n")
    result = run(pytester, "--asyncproof-redact-reports", "--junitxml=report.xml")
    result.assert_outcomes(failed=1)
    assert "KQ-0019044" not in result.stdout.str()
    assert "[MRN]" in result.stdout.str()
    assert "KQ-0019044" not in Path(pytester.path, "report.xml").read_text()


def test_an_ini_comment_after_a_pattern_is_no_part_of_it(pytester: pytest.Pytester) -> None:
    _project(pytester, r"MRN: KQ-\d{7}  # chart numbers")
    run(pytester).assert_outcomes(failed=1)


def test_an_outer_session_s_declarations_stay_out_of_an_inner_one(
    pytester: pytest.Pytester,
) -> None:
    # As pytester runs a session inside this one: the inner sees its own ini file only.
    declared.begin_session("outer")
    try:
        declared.declare(CHART, "MRN", owner="outer")
        pytester.makeini(INI)
        pytester.makepyfile(test_declared=MODULE)
        run(pytester).assert_outcomes(passed=1)
        assert contains_phi(LINE)  # the outer session's again
    finally:
        declared.end_session("outer")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (r"KQ-\d{7}", "expected `KIND: pattern`"),
        (r"MNR: KQ-\d{7}", "unknown kind 'MNR'"),
        (r"MRN: KQ-(\d{7}", "is not a regular expression"),
        ("MRN:", "expected `KIND: pattern`"),
    ],
)
def test_a_bad_ini_line_stops_the_session_naming_it(
    pytester: pytest.Pytester, line: str, message: str
) -> None:
    _project(pytester, r"ID: WC-\d{2}-\d{7}", line)
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*phi_identifiers: `{line}`: *{message}*"])
    assert declared._DECLARED == []  # the lines before it are forgotten too

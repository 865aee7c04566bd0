"""Precision and recall on the labelled corpus, and the table on the guide page."""

from __future__ import annotations

import pytest

from asyncproof.phi import PHI_KINDS
from tests._support import phi_metrics


@pytest.fixture(scope="module")
def counts():
    return phi_metrics.score(phi_metrics.load_corpus(), phi_metrics.asyncproof_detector)


def test_corpus_is_big_and_marks_only_declared_kinds() -> None:
    examples = phi_metrics.load_corpus()
    assert len(examples) >= 300
    marked = {kind for example in examples for _, _, kind in example.spans}
    assert marked <= set(PHI_KINDS)
    assert sum(not example.spans for example in examples) >= 100  # plenty of negatives


@pytest.mark.parametrize("kind", PHI_KINDS)
def test_every_declared_kind_has_corpus_lines_and_is_found(kind: str, counts) -> None:
    bucket = counts.get(kind)
    assert bucket is not None, f"mark examples of {kind} in tests/phi/corpus/"
    assert bucket.marked >= 3, f"mark more examples of {kind} in tests/phi/corpus/"
    assert bucket.recall >= 0.9, bucket.missed


@pytest.mark.parametrize("kind", PHI_KINDS)
def test_every_declared_kind_has_a_row_in_the_table_on_the_guide_page(kind: str) -> None:
    assert f"| `{kind}` |" in phi_metrics.TABLE.read_text(encoding="utf-8")


def test_markup_parses_to_the_plain_line() -> None:
    text, spans = phi_metrics.parse_line("x {{SSN:123-45-6789}} y {{NAME:Jane Doe}}")
    assert text == "x 123-45-6789 y Jane Doe"
    assert [text[s:e] for s, e, _ in spans] == ["123-45-6789", "Jane Doe"]


def _example(line: str) -> phi_metrics.Example:
    text, spans = phi_metrics.parse_line(line)
    return phi_metrics.Example("line:1", text, spans)


@pytest.mark.parametrize(
    ("line", "reported", "leaks"),
    [
        # Redacted whole, even as another kind: no leak.
        ("SSN {{SSN:123-45-6789}}", [(4, 15, "SSN")], False),
        ("SSN {{SSN:123-45-6789}}", [(4, 15, "PHONE")], False),
        # Half a name redacted is a leak.
        ("patient {{NAME:Jane Doe}}", [(8, 12, "NAME")], True),
        # Punctuation left around a value is not.
        ("zip {{ZIP:02139.}}", [(4, 9, "ZIP")], False),
        # One value of two missed: the line leaks.
        ("{{NAME:Ana Lima}} {{ZIP:02139}}", [(9, 14, "ZIP")], True),
    ],
)
def test_a_line_leaks_when_a_marked_value_is_left_outside_every_match(
    line: str, reported: list[phi_metrics.Span], leaks: bool
) -> None:
    example = _example(line)
    result = phi_metrics.redaction([example], lambda _: reported, lambda text: "")
    assert result.lines == 1
    assert bool(result.leaking) is leaks


def test_a_line_leaks_when_the_redacted_text_still_holds_a_marked_value() -> None:
    # The spans say it is covered, the redactor did not take it out.
    example = _example("SSN {{SSN:123-45-6789}}")
    result = phi_metrics.redaction([example], lambda _: [(4, 15, "SSN")], lambda text: text)
    assert result.leaking == ["line:1 SSN at 4-15"]
    assert result.survival == 1.0


def test_lines_without_phi_do_not_count_for_redaction() -> None:
    result = phi_metrics.redaction([_example("no PHI here")], lambda _: [], lambda text: text)
    assert (result.lines, result.leaking, result.survival) == (0, [], 0.0)


def test_redaction_on_the_corpus(counts) -> None:
    result = phi_metrics.redaction(phi_metrics.load_corpus())
    assert result.survival <= 0.02, result.leaking


def test_overall_recall_and_precision(counts) -> None:
    overall = counts["overall"]
    # On failure the message lists file:line and positions, never the synthetic values.
    assert overall.recall >= 0.99, overall.missed
    assert overall.precision >= 0.95, overall.spurious


# Sets scored on their own, with floors that catch a regression (they are not targets):
# - independent: written blind by an evaluator who never saw the patterns (first score recall
#   0.687, precision 0.937), then tuned against. Some of it is out of reach of a regex
#   detector (a name with no context word, a name in a file path).
# - independent_2: a second blind set in other styles (X12, NCPDP, DICOM, SQLAlchemy
#   parameters, gRPC, Sentry; first score recall 0.601, precision 0.973), then tuned against.
#   Out of reach: bare CSV rows and tuples, labels in other languages, values in words.
# - blind_holdout: written blind after both tuning rounds and never tuned against (first and
#   only score: recall 0.815, precision 0.963; now 0.976 / 0.973 / 0.036).
# - blind_v3: written blind for issue 15 (first score recall 0.543, precision 0.982, survival
#   0.634), then tuned against: recall 0.723, precision 0.981, survival 0.453; after the second
#   round of issue 15, 0.806 / 0.980 / 0.339; after the third, 0.825 / 0.984 / 0.309 (nine of
#   its URL marks moved to the values inside them, as the corpus README says).
# - blind_v4: written blind after that tuning (first and only blind score: recall 0.644,
#   precision 0.961, survival 0.503), tuned against from 2026-12-01: 0.789 / 0.963 / 0.333;
#   after the third round, 0.832 / 0.986 / 0.272.
# - blind_v5: written blind while blind_v4 was tuned against, scored never-tuned before that
#   round (0.650 / 0.897 / 0.525) and after it (0.774 / 0.877 / 0.343); tuned against in the
#   third round: 0.840 / 0.950 / 0.245.
# - blind_v6: written blind while blind_v5 was tuned against, scored never-tuned before the
#   third round (0.777 / 0.874 / 0.363) and after it (0.818 / 0.924 / 0.309); tuned against in
#   the fourth round: 0.885 / 0.953 / 0.196.
# - blind_v7, blind_v8: written blind during the fourth round and kept away from it; scored
#   never-tuned before it (0.805 / 0.958 / 0.314 and 0.772 / 0.955 / 0.338) and after it
#   (0.838 / 0.955 / 0.269 and 0.808 / 0.953 / 0.279); tuned against in the fifth round:
#   0.897 / 0.964 / 0.183 and 0.889 / 0.957 / 0.174.
# After the fourth round: independent 0.984 / 0.992 / 0.029, independent_2 0.929 / 0.991 /
# 0.120, blind_holdout 0.981 / 0.977 / 0.028, blind_v3 0.841 / 0.981 / 0.272, blind_v4 0.856 /
# 0.982 / 0.234, blind_v5 0.882 / 0.959 / 0.182. After the fifth: independent 0.984 / 0.992 /
# 0.029, independent_2 0.938 / 0.991 / 0.102, blind_holdout 0.984 / 0.977 / 0.021, blind_v3
# 0.860 / 0.981 / 0.255, blind_v4 0.867 / 0.983 / 0.227, blind_v5 0.897 / 0.959 / 0.159,
# blind_v6 0.906 / 0.954 / 0.164.
# - blind_v9, blind_v10: written blind during the fifth round and kept away from it; scored
#   never-tuned before it (0.759 / 0.928 / 0.402 and 0.701 / 0.881 / 0.410) and after it
#   (0.794 / 0.929 / 0.352 and 0.734 / 0.886 / 0.385); tuned against in the sixth round:
#   0.868 / 0.949 / 0.255 and 0.809 / 0.899 / 0.296.
# - blind_v11, blind_v12: written blind during the sixth round and kept away from it; scored
#   never-tuned before it (0.786 / 0.891 / 0.316 and 0.716 / 0.878 / 0.387) and after it
#   (0.804 / 0.887 / 0.288 and 0.717 / 0.873 / 0.380); looked at in the seventh round (the
#   column pass was built on their tables).
# - blind_v13, blind_v14: written blind during the seventh round (the column pass, strict
#   redaction) and kept away from it; scored never-tuned before it (0.762 / 0.848 / 0.358 and
#   0.718 / 0.833 / 0.396) and after it (unchanged line by line).
# - blind_v15, blind_v16: written blind during the eighth round and kept away from it; scored
#   never-tuned before it (0.827 / 0.871 / 0.293 and 0.763 / 0.835 / 0.361) and after it
#   (unchanged line by line); released to the ninth round (0.847 / 0.874 / 0.284 and 0.808 /
#   0.850 / 0.314 after it).
# - blind_v17, blind_v18: written blind during the ninth round and kept away from it; scored
#   never-tuned before it (0.807 / 0.908 / 0.288 and 0.752 / 0.862 / 0.404) and after it
#   (0.812 / 0.910 / 0.281 and 0.759 / 0.861 / 0.392); released to the tenth round (0.858 /
#   0.935 / 0.233 and 0.794 / 0.865 / 0.342 after it).
# - blind_v19, blind_v20: written blind during the tenth round and kept away from it; scored
#   never-tuned before it (0.754 / 0.884 / 0.356 and 0.821 / 0.942 / 0.283) and after it
#   (0.755 / 0.885 / 0.353 and unchanged): the round's rules carried nothing over.
#   Released to the eleventh round (the learned model: 0.785 / 0.887 / 0.315 and 0.836 / 0.945
#   / 0.250 with a model not trained on them).
# - blind_v21, blind_v22: written blind by hand during the eleventh round and kept away from
#   it; scored never-tuned before it (0.791 / 0.925 / 0.322 and 0.807 / 0.861 / 0.291) and
#   after it (0.815 / 0.922 / 0.278 and 0.823 / 0.860 / 0.254): the learned model's gain.
#   Released to the twelfth round (the model is trained on them): 0.825 / 0.930 / 0.269 and
#   0.832 / 0.868 / 0.238.
# - blind_v23 .. blind_v26: written blind by hand at the start of the twelfth round; scored
#   never-tuned before it (0.823 / 0.925 / 0.245, 0.799 / 0.823 / 0.314, 0.755 / 0.874 / 0.354,
#   0.716 / 0.819 / 0.374). v23 and v24 were released to it (the model is trained on them:
#   0.829 / 0.928 / 0.231 and 0.813 / 0.832 / 0.292 after it); v25 and v26 were kept away from
#   it: 0.755 / 0.877 / 0.358 and 0.715 / 0.827 / 0.374 after it. Retraining the model on four
#   more sets moved text nobody tuned for by nothing (older sets: -0.4 to +0.1 of a point).
# - blind_v27, blind_v28: written blind by hand at the start of the thirteenth round and kept
#   away from it; scored never-tuned (0.786 / 0.897 / 0.314 and 0.807 / 0.905 / 0.310).
# - blind_v29, blind_v30: written blind by hand at the start of the fourteenth round and kept
#   away from it; scored never-tuned on the code it started from (0.838 / 0.928 / 0.280 and
#   0.808 / 0.907 / 0.344).
# Round 14 added the learned look at record numbers (`learned_numbers`), trained on every set
# marked tuned: their figures since are in part its training data's (blind_v12 0.767 -> 0.850,
# blind_v24 0.813 -> 0.880). On the sets never tuned (trained on by neither model) it moved
# recall +0.6 to +2.1 points, precision -0.8 to -1.9 (a kind read otherwise than the writer's,
# mostly) and the PHI lines leaking -1.9 to -5.1 points: blind_v25 0.755 / 0.877 / 0.358 ->
# 0.761 / 0.858 / 0.327, v26 0.715 / 0.827 / 0.374 -> 0.727 / 0.811 / 0.323, v27 0.787 / 0.896
# / 0.312 -> 0.793 / 0.883 / 0.286, v28 0.807 / 0.905 / 0.310 -> 0.828 / 0.897 / 0.259, v29
# 0.838 / 0.928 / 0.280 -> 0.846 / 0.917 / 0.261, v30 0.808 / 0.907 / 0.344 -> 0.822 / 0.898 /
# 0.304.
# - blind_v31, blind_v32: written blind by hand at the start of the fifteenth round and kept
#   away from it; scored never-tuned on the code it started from (0.759 / 0.891 / 0.328 and
#   0.754 / 0.873 / 0.410).
# - blind_v33, blind_v34: written blind by hand at the start of the sixteenth round and kept
#   away from it; scored never-tuned on the code it started from (0.871 / 0.906 / 0.188 and
#   0.701 / 0.832 / 0.486).
# - blind_v35, blind_v36: written blind by hand at the start of the seventeenth round and kept
#   away from it; scored never-tuned on the code it started from (0.802 / 0.864 / 0.298 and
#   0.755 / 0.797 / 0.287).
# - blind_v37, blind_v38: written blind by hand at the start of the eighteenth round and kept
#   away from it; scored never-tuned on the code it started from (0.679 / 0.805 / 0.419 and
#   0.842 / 0.857 / 0.254).
# - blind_v39 to blind_v44: written blind by hand in the eighteenth round as text to train on,
#   scored on the code it started from and on its code before training, then released.
# - blind_v45 to blind_v52: the same, later in the eighteenth round.
# - blind_v53 to blind_v60: written blind by hand at the end of the eighteenth round and kept
#   away from every round since; scored never-tuned on the code it started from and on its last
#   code (the corpus README has both).
# - blind_v61 to blind_v66: written blind by hand during the nineteenth round and kept away
#   from every round since; scored never-tuned on the code it started from and on its last code
#   (the corpus README has both).
# Round 16 took initials by what joins them, slugs in any Latin script, a city run into by its
# street, the dates of a message to or from a person, a zero-padded record number as a medical
# record's where no account is spoken of, ages in columns of spaces, more device labels, and
# left organisations' NPIs in X12. On the sets never tuned (line by line): blind_v25 0.789 /
# 0.855 / 0.293 -> 0.793 / 0.857 / 0.290, v26 0.745 / 0.811 / 0.316 -> 0.748 / 0.812 / 0.312,
# v27 0.802 / 0.884 / 0.283 -> 0.801 / 0.884 / 0.281, v28 0.841 / 0.909 / 0.252 -> 0.842 /
# 0.911 / 0.248, v29 0.855 / 0.918 / 0.252 -> 0.855 / 0.915 / 0.243, v30 0.845 / 0.897 / 0.276
# -> 0.848 / 0.896 / 0.272, v31 0.776 / 0.896 / 0.318 -> 0.780 / 0.896 / 0.308, v32 0.760 /
# 0.875 / 0.406 -> 0.764 / 0.876 / 0.395, v33 0.871 / 0.906 / 0.188 -> 0.870 / 0.903 / 0.181,
# v34 0.701 / 0.832 / 0.486 -> 0.703 / 0.835 / 0.483. Read as whole text, independent_2's
# precision fell from 0.985 to 0.982: two more false reports, a statement's period after `your`
# (`your statement for service period May 2024`) and an odometer's reading read as a ZIP code.
# Round 15 took a name found in pieces whole (`whole_names`), dropped names holding an
# organisation's word and let the look at numbers read dates written with `/`. Precision fell on
# some tuned sets with no new false find: two correct pieces of one name joined are one report
# where they were two (line by line, blind_v12's correct reports 968 -> 961 with the same 117
# wrong: 0.892 -> 0.892; blind_v13's 920 -> 905 with 148 -> 147 wrong: 0.861 -> 0.860). On the
# sets never tuned: blind_v25 0.761 / 0.858 / 0.327 -> 0.789 / 0.855 / 0.293, v26 0.727 / 0.811 /
# 0.323 -> 0.745 / 0.811 / 0.316, v27 0.793 / 0.883 / 0.286 -> 0.802 / 0.884 / 0.283, v28 0.828 /
# 0.897 / 0.259 -> 0.841 / 0.909 / 0.252, v29 0.846 / 0.917 / 0.261 -> 0.855 / 0.918 / 0.252, v30
# 0.822 / 0.898 / 0.304 -> 0.845 / 0.897 / 0.276, v31 0.759 / 0.891 / 0.328 -> 0.776 / 0.896 /
# 0.318, v32 0.754 / 0.873 / 0.410 -> 0.760 / 0.875 / 0.406.
# After the tenth round (rules by class of value from blind_v17/v18's misses): blind_v3 0.869 /
# 0.984 / 0.235, blind_v5 0.915 / 0.962 / 0.138, blind_v8 0.898 / 0.958 / 0.160, blind_v10
# 0.818 / 0.900 / 0.281, blind_v11 0.810 / 0.887 / 0.277, blind_v12 0.724 / 0.875 / 0.365,
# blind_v13 0.769 / 0.848 / 0.351, blind_v14 0.735 / 0.833 / 0.388, blind_v15 0.853 / 0.874 /
# 0.258, blind_v16 0.814 / 0.851 / 0.303; the other sets unchanged.
# After the sixth round (full links marked whole as URL in every set, as the corpus README
# says): independent 0.984 / 0.992 / 0.029, independent_2 0.941 / 0.991 / 0.096, blind_holdout
# 0.984 / 0.977 / 0.021, blind_v3 0.865 / 0.983 / 0.245, blind_v4 0.871 / 0.984 / 0.218,
# blind_v5 0.910 / 0.962 / 0.142, blind_v6 0.916 / 0.961 / 0.152, blind_v7 0.901 / 0.965 /
# 0.171, blind_v8 0.896 / 0.957 / 0.163.
# Floors a little under what was measured. The last figure is a ceiling on the share of lines
# holding PHI in which a marked value survives `redact_phi`.
# (Round 21 tied a line's dates to what only the learned looks found on it: recall and the
# lines leaking better on every set it moved, precision a hair lower on three, whose floors
# went down by 0.005: blind_v19 0.917 to 0.912, blind_v34 0.861 to 0.859, blind_v56 0.871 to
# 0.869; others that stood within 0.002 of their precision floor lost it by as little, and
# their floors, read line by line and as whole text, went down by 0.005 too.)
# (Round 22 found more names whole that two pieces found before, `LINDQVIST,ERIK`: one correct
# match where two were, which takes a hair of precision off the sets where the pieces were
# right; blind_v63's floor, and blind_v19's and blind_v59's read as whole text, went down by
# 0.005.)
SEPARATE_SETS = [
    pytest.param(phi_metrics.INDEPENDENT, 0.995, 0.99, 0.01, id="independent"),
    pytest.param(phi_metrics.INDEPENDENT_2, 0.955, 0.975, 0.06, id="independent_2"),
    pytest.param(phi_metrics.BLIND_HOLDOUT, 0.985, 0.98, 0.025, id="blind_holdout"),
    pytest.param(phi_metrics.BLIND_V3, 0.91, 0.98, 0.16, id="blind_v3"),
    pytest.param(phi_metrics.BLIND_V4, 0.925, 0.98, 0.115, id="blind_v4"),
    pytest.param(phi_metrics.BLIND_V5, 0.955, 0.96, 0.08, id="blind_v5"),
    pytest.param(phi_metrics.BLIND_V6, 0.945, 0.96, 0.095, id="blind_v6"),
    pytest.param(phi_metrics.BLIND_V7, 0.95, 0.965, 0.085, id="blind_v7"),
    pytest.param(phi_metrics.BLIND_V8, 0.945, 0.96, 0.095, id="blind_v8"),
    pytest.param(phi_metrics.BLIND_V9, 0.93, 0.95, 0.13, id="blind_v9"),
    pytest.param(phi_metrics.BLIND_V10, 0.89, 0.905, 0.17, id="blind_v10"),
    pytest.param(phi_metrics.BLIND_V11, 0.875, 0.89, 0.17, id="blind_v11"),
    pytest.param(phi_metrics.BLIND_V12, 0.91, 0.925, 0.155, id="blind_v12"),
    pytest.param(phi_metrics.BLIND_V13, 0.915, 0.885, 0.15, id="blind_v13"),
    pytest.param(phi_metrics.BLIND_V14, 0.86, 0.855, 0.215, id="blind_v14"),
    pytest.param(phi_metrics.BLIND_V15, 0.925, 0.885, 0.15, id="blind_v15"),
    pytest.param(phi_metrics.BLIND_V16, 0.89, 0.865, 0.17, id="blind_v16"),
    pytest.param(phi_metrics.BLIND_V17, 0.93, 0.93, 0.115, id="blind_v17"),
    pytest.param(phi_metrics.BLIND_V18, 0.885, 0.875, 0.175, id="blind_v18"),
    pytest.param(phi_metrics.BLIND_V19, 0.89, 0.91, 0.19, id="blind_v19"),
    pytest.param(phi_metrics.BLIND_V20, 0.92, 0.945, 0.12, id="blind_v20"),
    pytest.param(phi_metrics.BLIND_V21, 0.895, 0.925, 0.17, id="blind_v21"),
    pytest.param(phi_metrics.BLIND_V22, 0.94, 0.905, 0.105, id="blind_v22"),
    pytest.param(phi_metrics.BLIND_V23, 0.905, 0.95, 0.17, id="blind_v23"),
    pytest.param(phi_metrics.BLIND_V24, 0.91, 0.84, 0.135, id="blind_v24"),
    pytest.param(phi_metrics.BLIND_V25, 0.905, 0.895, 0.13, id="blind_v25"),
    pytest.param(phi_metrics.BLIND_V26, 0.8, 0.84, 0.23, id="blind_v26"),
    pytest.param(phi_metrics.BLIND_V27, 0.89, 0.905, 0.18, id="blind_v27"),
    pytest.param(phi_metrics.BLIND_V28, 0.93, 0.93, 0.12, id="blind_v28"),
    pytest.param(phi_metrics.BLIND_V29, 0.92, 0.925, 0.11, id="blind_v29"),
    pytest.param(phi_metrics.BLIND_V30, 0.92, 0.915, 0.155, id="blind_v30"),
    pytest.param(phi_metrics.BLIND_V31, 0.89, 0.915, 0.125, id="blind_v31"),
    pytest.param(phi_metrics.BLIND_V32, 0.875, 0.92, 0.22, id="blind_v32"),
    pytest.param(phi_metrics.BLIND_V33, 0.905, 0.91, 0.11, id="blind_v33"),
    pytest.param(phi_metrics.BLIND_V34, 0.865, 0.855, 0.235, id="blind_v34"),
    pytest.param(phi_metrics.BLIND_V35, 0.845, 0.875, 0.23, id="blind_v35"),
    pytest.param(phi_metrics.BLIND_V36, 0.79, 0.795, 0.195, id="blind_v36"),
    pytest.param(phi_metrics.BLIND_V37, 0.75, 0.82, 0.315, id="blind_v37"),
    pytest.param(phi_metrics.BLIND_V38, 0.865, 0.845, 0.2, id="blind_v38"),
    pytest.param(phi_metrics.BLIND_V39, 0.92, 0.91, 0.11, id="blind_v39"),
    pytest.param(phi_metrics.BLIND_V40, 0.89, 0.915, 0.195, id="blind_v40"),
    pytest.param(phi_metrics.BLIND_V41, 0.87, 0.885, 0.17, id="blind_v41"),
    pytest.param(phi_metrics.BLIND_V42, 0.875, 0.81, 0.14, id="blind_v42"),
    pytest.param(phi_metrics.BLIND_V43, 0.935, 0.9, 0.1, id="blind_v43"),
    pytest.param(phi_metrics.BLIND_V44, 0.865, 0.9, 0.225, id="blind_v44"),
    pytest.param(phi_metrics.BLIND_V45, 0.905, 0.9, 0.145, id="blind_v45"),
    pytest.param(phi_metrics.BLIND_V46, 0.935, 0.915, 0.125, id="blind_v46"),
    pytest.param(phi_metrics.BLIND_V47, 0.875, 0.9, 0.19, id="blind_v47"),
    pytest.param(phi_metrics.BLIND_V48, 0.91, 0.92, 0.14, id="blind_v48"),
    pytest.param(phi_metrics.BLIND_V49, 0.9, 0.89, 0.16, id="blind_v49"),
    pytest.param(phi_metrics.BLIND_V50, 0.915, 0.92, 0.13, id="blind_v50"),
    pytest.param(phi_metrics.BLIND_V51, 0.915, 0.905, 0.135, id="blind_v51"),
    pytest.param(phi_metrics.BLIND_V52, 0.91, 0.91, 0.16, id="blind_v52"),
    pytest.param(phi_metrics.BLIND_V53, 0.87, 0.92, 0.235, id="blind_v53"),
    pytest.param(phi_metrics.BLIND_V54, 0.89, 0.88, 0.19, id="blind_v54"),
    pytest.param(phi_metrics.BLIND_V55, 0.875, 0.915, 0.165, id="blind_v55"),
    pytest.param(phi_metrics.BLIND_V56, 0.85, 0.865, 0.18, id="blind_v56"),
    pytest.param(phi_metrics.BLIND_V57, 0.825, 0.845, 0.21, id="blind_v57"),
    pytest.param(phi_metrics.BLIND_V58, 0.9, 0.92, 0.14, id="blind_v58"),
    pytest.param(phi_metrics.BLIND_V59, 0.81, 0.845, 0.21, id="blind_v59"),
    pytest.param(phi_metrics.BLIND_V60, 0.865, 0.83, 0.175, id="blind_v60"),
    pytest.param(phi_metrics.BLIND_V61, 0.885, 0.92, 0.19, id="blind_v61"),
    pytest.param(phi_metrics.BLIND_V62, 0.815, 0.89, 0.28, id="blind_v62"),
    pytest.param(phi_metrics.BLIND_V63, 0.74, 0.885, 0.44, id="blind_v63"),
    pytest.param(phi_metrics.BLIND_V64, 0.835, 0.85, 0.19, id="blind_v64"),
    pytest.param(phi_metrics.BLIND_V65, 0.875, 0.89, 0.225, id="blind_v65"),
    pytest.param(phi_metrics.BLIND_V66, 0.785, 0.88, 0.335, id="blind_v66"),
]


@pytest.mark.parametrize(("name", "min_recall", "min_precision", "max_survival"), SEPARATE_SETS)
def test_separately_scored_set(
    name: str, min_recall: float, min_precision: float, max_survival: float
) -> None:
    examples = phi_metrics.load_corpus([name])
    overall = phi_metrics.score(examples, phi_metrics.asyncproof_detector)["overall"]
    assert overall.recall >= min_recall, overall.missed
    assert overall.precision >= min_precision, overall.spurious
    redaction = phi_metrics.redaction(examples)
    assert redaction.survival <= max_survival, redaction.leaking


# Each set read as whole text, block by block (`phi_metrics.whole_text_score`): the column pass
# reads a table's cells by its header, which no single line shows. Measured before the column
# pass (recall / precision / share of PHI lines leaking): independent 0.984 / 0.988 / 0.029,
# independent_2 0.941 / 0.988 / 0.096, blind_holdout 0.984 / 0.969 / 0.021, blind_v3 0.873 /
# 0.951 / 0.262, blind_v4 0.902 / 0.906 / 0.212, blind_v5 0.912 / 0.898 / 0.159, blind_v6
# 0.918 / 0.883 / 0.150, blind_v7 0.901 / 0.936 / 0.180, blind_v8 0.898 / 0.948 / 0.163,
# blind_v9 0.871 / 0.944 / 0.255, blind_v10 0.809 / 0.874 / 0.301, blind_v11 0.806 / 0.874 /
# 0.283, blind_v12 0.724 / 0.863 / 0.363; after it: 0.984 / 0.988 / 0.029, 0.941 / 0.988 /
# 0.096, 0.984 / 0.969 / 0.021, 0.879 / 0.952 / 0.255, 0.915 / 0.911 / 0.188, 0.926 / 0.899 /
# 0.142, 0.925 / 0.878 / 0.140, 0.904 / 0.937 / 0.176, 0.903 / 0.948 / 0.154, 0.874 / 0.944 /
# 0.248, 0.821 / 0.872 / 0.290, 0.811 / 0.878 / 0.281, 0.812 / 0.890 / 0.293. Precision is
# lower than line by line on all but blind_v12 (whose table cells are now found as what they
# are) and the corpus: a false value found once is redacted wherever the block repeats it.
# The column pass was built looking at the tables of every set: these figures are not blind,
# except blind_v13 and blind_v14, written blind during that work and kept away from it: before
# it 0.771 / 0.830 / 0.346 and 0.725 / 0.814 / 0.392, after it 0.825 / 0.849 / 0.289 and
# 0.752 / 0.818 / 0.378. Released to the column pass in the eighth round (tables read by
# layout and class of column name; a day's timestamps and longer numbers no longer take a
# value found once): 0.842 / 0.864 / 0.273 and 0.787 / 0.841 / 0.343; the other sets after it
# (recall, precision): independent 0.984 / 0.988, independent_2 0.941 / 0.988, blind_holdout
# 0.984 / 0.969, blind_v3 0.879 / 0.974, blind_v4 0.915 / 0.973, blind_v5 0.926 / 0.955,
# blind_v6 0.925 / 0.945, blind_v7 0.904 / 0.963, blind_v8 0.903 / 0.952, blind_v9 0.875 /
# 0.944, blind_v10 0.821 / 0.888, blind_v11 0.811 / 0.878, blind_v12 0.814 / 0.891.
# blind_v15 and blind_v16, written blind during the eighth round and kept away from it: before
# it 0.855 / 0.842 / 0.267 and 0.794 / 0.837 / 0.338, after it 0.857 / 0.847 / 0.262 and
# 0.797 / 0.842 / 0.334.
# blind_v17 and blind_v18, written blind during the ninth round and kept away from it: before
# it 0.838 / 0.894 / 0.270 and 0.787 / 0.849 / 0.371, after it 0.843 / 0.896 / 0.263 and
# 0.793 / 0.849 / 0.359; released to the tenth round, after it 0.881 / 0.914 / 0.217 and
# 0.828 / 0.853 / 0.306 (and blind_v5 0.931 / 0.955 / 0.138, blind_v8 0.905 / 0.953 / 0.152,
# blind_v10 0.828 / 0.888 / 0.276, blind_v11 0.816 / 0.878 / 0.270, blind_v12 0.822 / 0.893 /
# 0.272, blind_v13 0.849 / 0.864 / 0.263, blind_v14 0.791 / 0.842 / 0.335, blind_v15 0.886 /
# 0.851 / 0.227, blind_v16 0.834 / 0.850 / 0.290; the other sets unchanged).
# blind_v19 and blind_v20, written blind during the tenth round and kept away from it: before
# it 0.761 / 0.871 / 0.349 and 0.840 / 0.938 / 0.272, after it 0.762 / 0.871 / 0.346 and
# unchanged.
# blind_v21 and blind_v22, written blind during the eleventh round and kept away from it:
# before it 0.805 / 0.920 / 0.306 and 0.831 / 0.863 / 0.263, after it 0.826 / 0.917 / 0.264
# and 0.843 / 0.860 / 0.227; released to the twelfth round, after it 0.836 / 0.925 / 0.255 and
# 0.849 / 0.870 / 0.219.
# blind_v23 .. blind_v26, written blind at the start of the twelfth round: before it 0.843 /
# 0.924 / 0.231, 0.806 / 0.817 / 0.312, 0.771 / 0.867 / 0.340 and 0.728 / 0.818 / 0.376; after
# it (v23 and v24 trained on, v25 and v26 never read) 0.848 / 0.927 / 0.219, 0.819 / 0.827 /
# 0.290, 0.771 / 0.871 / 0.347 and 0.727 / 0.825 / 0.376.
# blind_v27 and blind_v28, written blind at the start of the thirteenth round and kept away
# from it: on the code it started from 0.801 / 0.887 / 0.305 and 0.828 / 0.901 / 0.284; with
# record numbers found by the format of one found (`same_format`, chosen on the tuned sets
# before they were scored) 0.817 / 0.880 / 0.274 and 0.845 / 0.902 / 0.263.
# Floors a little under what was measured.
WHOLE_TEXT_SETS = [
    pytest.param(phi_metrics.INDEPENDENT, 0.995, 0.985, 0.01, id="independent"),
    pytest.param(phi_metrics.INDEPENDENT_2, 0.955, 0.97, 0.06, id="independent_2"),
    pytest.param(phi_metrics.BLIND_HOLDOUT, 0.985, 0.975, 0.025, id="blind_holdout"),
    pytest.param(phi_metrics.BLIND_V3, 0.92, 0.97, 0.185, id="blind_v3"),
    pytest.param(phi_metrics.BLIND_V4, 0.95, 0.97, 0.11, id="blind_v4"),
    pytest.param(phi_metrics.BLIND_V5, 0.965, 0.95, 0.08, id="blind_v5"),
    pytest.param(phi_metrics.BLIND_V6, 0.945, 0.945, 0.105, id="blind_v6"),
    pytest.param(phi_metrics.BLIND_V7, 0.95, 0.96, 0.09, id="blind_v7"),
    pytest.param(phi_metrics.BLIND_V8, 0.95, 0.955, 0.095, id="blind_v8"),
    pytest.param(phi_metrics.BLIND_V9, 0.93, 0.945, 0.13, id="blind_v9"),
    pytest.param(phi_metrics.BLIND_V10, 0.895, 0.895, 0.155, id="blind_v10"),
    pytest.param(phi_metrics.BLIND_V11, 0.885, 0.88, 0.17, id="blind_v11"),
    pytest.param(phi_metrics.BLIND_V12, 0.93, 0.92, 0.13, id="blind_v12"),
    pytest.param(phi_metrics.BLIND_V13, 0.94, 0.88, 0.12, id="blind_v13"),
    pytest.param(phi_metrics.BLIND_V14, 0.89, 0.855, 0.19, id="blind_v14"),
    pytest.param(phi_metrics.BLIND_V15, 0.935, 0.85, 0.135, id="blind_v15"),
    pytest.param(phi_metrics.BLIND_V16, 0.9, 0.855, 0.17, id="blind_v16"),
    pytest.param(phi_metrics.BLIND_V17, 0.94, 0.91, 0.1, id="blind_v17"),
    pytest.param(phi_metrics.BLIND_V18, 0.905, 0.86, 0.15, id="blind_v18"),
    pytest.param(phi_metrics.BLIND_V19, 0.89, 0.895, 0.19, id="blind_v19"),
    pytest.param(phi_metrics.BLIND_V20, 0.92, 0.935, 0.115, id="blind_v20"),
    pytest.param(phi_metrics.BLIND_V21, 0.895, 0.92, 0.17, id="blind_v21"),
    pytest.param(phi_metrics.BLIND_V22, 0.95, 0.9, 0.095, id="blind_v22"),
    pytest.param(phi_metrics.BLIND_V23, 0.92, 0.945, 0.16, id="blind_v23"),
    pytest.param(phi_metrics.BLIND_V24, 0.905, 0.835, 0.145, id="blind_v24"),
    pytest.param(phi_metrics.BLIND_V25, 0.905, 0.885, 0.13, id="blind_v25"),
    pytest.param(phi_metrics.BLIND_V26, 0.81, 0.84, 0.24, id="blind_v26"),
    pytest.param(phi_metrics.BLIND_V27, 0.89, 0.88, 0.17, id="blind_v27"),
    pytest.param(phi_metrics.BLIND_V28, 0.935, 0.92, 0.12, id="blind_v28"),
    pytest.param(phi_metrics.BLIND_V29, 0.93, 0.925, 0.1, id="blind_v29"),
    pytest.param(phi_metrics.BLIND_V30, 0.925, 0.905, 0.15, id="blind_v30"),
    pytest.param(phi_metrics.BLIND_V31, 0.88, 0.9, 0.115, id="blind_v31"),
    pytest.param(phi_metrics.BLIND_V32, 0.885, 0.92, 0.205, id="blind_v32"),
    pytest.param(phi_metrics.BLIND_V33, 0.915, 0.92, 0.12, id="blind_v33"),
    pytest.param(phi_metrics.BLIND_V34, 0.875, 0.835, 0.24, id="blind_v34"),
    pytest.param(phi_metrics.BLIND_V35, 0.865, 0.875, 0.215, id="blind_v35"),
    pytest.param(phi_metrics.BLIND_V36, 0.805, 0.78, 0.145, id="blind_v36"),
    pytest.param(phi_metrics.BLIND_V37, 0.755, 0.79, 0.285, id="blind_v37"),
    pytest.param(phi_metrics.BLIND_V38, 0.885, 0.84, 0.2, id="blind_v38"),
    pytest.param(phi_metrics.BLIND_V39, 0.93, 0.895, 0.12, id="blind_v39"),
    pytest.param(phi_metrics.BLIND_V40, 0.895, 0.905, 0.2, id="blind_v40"),
    pytest.param(phi_metrics.BLIND_V41, 0.89, 0.885, 0.15, id="blind_v41"),
    pytest.param(phi_metrics.BLIND_V42, 0.895, 0.815, 0.115, id="blind_v42"),
    pytest.param(phi_metrics.BLIND_V43, 0.94, 0.9, 0.095, id="blind_v43"),
    pytest.param(phi_metrics.BLIND_V44, 0.885, 0.885, 0.205, id="blind_v44"),
    pytest.param(phi_metrics.BLIND_V45, 0.915, 0.905, 0.15, id="blind_v45"),
    pytest.param(phi_metrics.BLIND_V46, 0.94, 0.91, 0.125, id="blind_v46"),
    pytest.param(phi_metrics.BLIND_V47, 0.895, 0.9, 0.18, id="blind_v47"),
    pytest.param(phi_metrics.BLIND_V48, 0.925, 0.91, 0.12, id="blind_v48"),
    pytest.param(phi_metrics.BLIND_V49, 0.91, 0.885, 0.16, id="blind_v49"),
    pytest.param(phi_metrics.BLIND_V50, 0.93, 0.915, 0.12, id="blind_v50"),
    pytest.param(phi_metrics.BLIND_V51, 0.93, 0.905, 0.13, id="blind_v51"),
    pytest.param(phi_metrics.BLIND_V52, 0.925, 0.895, 0.125, id="blind_v52"),
    pytest.param(phi_metrics.BLIND_V53, 0.875, 0.915, 0.23, id="blind_v53"),
    pytest.param(phi_metrics.BLIND_V54, 0.9, 0.885, 0.185, id="blind_v54"),
    pytest.param(phi_metrics.BLIND_V55, 0.89, 0.92, 0.16, id="blind_v55"),
    pytest.param(phi_metrics.BLIND_V56, 0.87, 0.83, 0.15, id="blind_v56"),
    pytest.param(phi_metrics.BLIND_V57, 0.845, 0.855, 0.2, id="blind_v57"),
    pytest.param(phi_metrics.BLIND_V58, 0.915, 0.92, 0.13, id="blind_v58"),
    pytest.param(phi_metrics.BLIND_V59, 0.825, 0.845, 0.19, id="blind_v59"),
    pytest.param(phi_metrics.BLIND_V60, 0.885, 0.83, 0.15, id="blind_v60"),
    pytest.param(phi_metrics.BLIND_V61, 0.895, 0.925, 0.195, id="blind_v61"),
    pytest.param(phi_metrics.BLIND_V62, 0.87, 0.885, 0.24, id="blind_v62"),
    pytest.param(phi_metrics.BLIND_V63, 0.765, 0.885, 0.42, id="blind_v63"),
    pytest.param(phi_metrics.BLIND_V64, 0.865, 0.865, 0.17, id="blind_v64"),
    pytest.param(phi_metrics.BLIND_V65, 0.88, 0.875, 0.235, id="blind_v65"),
    pytest.param(phi_metrics.BLIND_V66, 0.805, 0.865, 0.29, id="blind_v66"),
]


@pytest.mark.parametrize(("name", "min_recall", "min_precision", "max_survival"), WHOLE_TEXT_SETS)
def test_separately_scored_set_read_as_whole_text(
    name: str, min_recall: float, min_precision: float, max_survival: float
) -> None:
    overall, redaction = phi_metrics.whole_text_score([name])
    assert overall.recall >= min_recall, overall.missed
    assert overall.precision >= min_precision, overall.spurious
    assert redaction.survival <= max_survival, redaction.leaking


def test_whole_text_spans_are_mapped_back_to_their_lines() -> None:
    # Two lines of one block: the header names the cells of the second line only.
    block = [_example("mrn,last_name"), _example("{{MRN:E0012245}},{{NAME:Mensah}}")]
    reports = phi_metrics.whole_text_reports([block])
    assert [report[1] for report in reports] == [[], [(0, 8, "MRN"), (9, 15, "NAME")]]
    assert all(report[2] == "mrn,last_name\n[MRN],[NAME]" for report in reports)


def test_a_block_runs_from_one_comment_or_blank_line_to_the_next() -> None:
    name = phi_metrics.BLIND_V12
    lines = phi_metrics.CORPUS.joinpath(name).read_text(encoding="utf-8").splitlines()

    def splits(number: int) -> bool:  # (1-based; out of the file counts as a split)
        return (
            not 1 <= number <= len(lines)
            or not lines[number - 1].strip()
            or (lines[number - 1].startswith("#"))
        )

    blocks = phi_metrics.load_blocks([name])
    assert len(blocks) > 10
    for block in blocks:
        numbers = [int(example.where.rsplit(":", 1)[1]) for example in block]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        assert splits(numbers[0] - 1), numbers
        assert splits(numbers[-1] + 1), numbers


def test_holdout_recall_and_precision() -> None:
    holdout = phi_metrics.score(
        phi_metrics.load_corpus([phi_metrics.HOLDOUT]), phi_metrics.asyncproof_detector
    )["overall"]
    assert holdout.recall >= 0.9, holdout.missed
    assert holdout.precision >= 0.9, holdout.spurious
    redaction = phi_metrics.redaction(phi_metrics.load_corpus([phi_metrics.HOLDOUT]))
    assert redaction.survival <= 0.02, redaction.leaking


def test_the_summary_pools_tuned_and_never_tuned_sets_apart() -> None:
    tuned, never = phi_metrics.HOLDOUT, phi_metrics.INDEPENDENT
    rows = phi_metrics._summary([("one", [tuned], True), ("other", [never], False)])
    pooled = {row.split(" | ")[0]: row for row in rows if "pooled" in row}
    assert list(pooled) == ["| **all tuned sets, pooled**", "| **all never-tuned sets, pooled**"]
    for files, row in (([tuned], pooled["| **all tuned sets, pooled**"]), ([never], rows[3])):
        examples = phi_metrics.load_corpus(files)
        overall = phi_metrics.score(examples, phi_metrics.asyncproof_detector)["overall"]
        cells = row.split(" | ")
        assert cells[1:5] == [
            str(len(examples)),
            str(phi_metrics.redaction(examples).lines),
            f"{overall.recall:.3f}",
            f"{overall.precision:.3f}",
        ]
    assert pooled["| **all never-tuned sets, pooled**"].split(" | ")[1:] == rows[3].split(" | ")[1:]


def test_pooled_counts_add_every_tally() -> None:
    first = phi_metrics.Counts(marked=4, found=3, reported=5, correct=2, missed=["a"])
    first.add(phi_metrics.Counts(marked=6, found=6, reported=1, correct=1, spurious=["b"]))
    assert (first.marked, first.found, first.reported, first.correct) == (10, 9, 6, 3)
    assert (first.missed, first.spurious, first.recall, first.precision) == (["a"], ["b"], 0.9, 0.5)
    leaks = phi_metrics.Redaction(lines=3, leaking=["x"])
    leaks.add(phi_metrics.Redaction(lines=5, leaking=["y"]))
    assert (leaks.lines, leaks.leaking, leaks.survival) == (8, ["x", "y"], 0.25)

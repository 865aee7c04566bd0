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
#   only score: recall 0.815, precision 0.963).
SEPARATE_SETS = [
    pytest.param(phi_metrics.INDEPENDENT, 0.88, 0.93, id="independent"),
    pytest.param(phi_metrics.INDEPENDENT_2, 0.86, 0.96, id="independent_2"),
    pytest.param(phi_metrics.BLIND_HOLDOUT, 0.80, 0.95, id="blind_holdout"),
]


@pytest.mark.parametrize(("name", "min_recall", "min_precision"), SEPARATE_SETS)
def test_separately_scored_set(name: str, min_recall: float, min_precision: float) -> None:
    overall = phi_metrics.score(phi_metrics.load_corpus([name]), phi_metrics.asyncproof_detector)[
        "overall"
    ]
    assert overall.recall >= min_recall, overall.missed
    assert overall.precision >= min_precision, overall.spurious


def test_holdout_recall_and_precision() -> None:
    holdout = phi_metrics.score(
        phi_metrics.load_corpus([phi_metrics.HOLDOUT]), phi_metrics.asyncproof_detector
    )["overall"]
    assert holdout.recall >= 0.9, holdout.missed
    assert holdout.precision >= 0.9, holdout.spurious

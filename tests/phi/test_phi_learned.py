"""The learned second look (`asyncproof._phi.learned`): what it adds to the rules, and only that.

Its figures on text nobody tuned for are in `test_phi_corpus.py` with every set's; its speed is
in `nox -s bench`.
"""

from __future__ import annotations

import pytest

from asyncproof._phi import learned, scan
from asyncproof.phi import find_phi, redact_phi
from tests._support.linear_time import assert_linear_time
from tests._support.phi_metrics import SETS, load_corpus


def _names(text: str, *, learned_too: bool = True) -> list[str]:
    return [text[s:e] for s, e, kind, _ in scan(text, learned_too=learned_too) if kind == "NAME"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a surname alone in a fixed-width row, in a slug, said again on its own
        ("  1    C-2026-014301    PETTIBONE     08FEB1930", "PETTIBONE"),
        ("scan oyelaran_x_19410922_card.jpg", "oyelaran"),
        ("retry 2 for Lima failed", "Lima"),
        ("KeyError: ('Vasquez-Oyelaran', 1944)", "Vasquez-Oyelaran"),
    ],
)
def test_it_finds_names_the_rules_miss(text: str, name: str) -> None:
    assert name not in _names(text, learned_too=False)
    assert name in _names(text)
    assert name not in redact_phi(text)


def test_it_takes_in_a_first_name_the_rules_left_before_the_surname() -> None:
    # (`Grace` is an English word too: the rules do not take it for a name on its own)
    text = "escalated Grace Pettibone still reports high readings"
    assert _names(text, learned_too=False) == []
    assert _names(text) == ["Grace Pettibone"]


@pytest.mark.parametrize(
    "text",
    [
        "Grace Period,Will Price,Mark Down",  # one English word alone is no name to it
        "cache rebuilt on 2024-07-02 for region us-east-1",
        "KeyError: 'patient_id'",
        "Traceback (most recent call last):",
    ],
)
def test_it_leaves_ordinary_text_alone(text: str) -> None:
    assert find_phi(text) == []


def test_it_reports_names_only_and_only_outside_what_the_rules_chose() -> None:
    examples = [e for _, files, _ in SETS for e in load_corpus(files)][::7]
    added = 0
    for example in examples:
        chosen = scan(example.text, learned_too=False)
        for start, end, kind, _ in learned.missed(example.text, chosen):
            added += 1
            assert kind == "NAME", example.where
            assert not any(s < end and start < e for s, e, _, _ in chosen), example.where
    assert added > 50  # (it does add: on every seventh line of the corpus, ~300 names)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_a_text_with_other_line_ends_is_read_as_its_lf_lines(newline: str) -> None:
    lines = ["  1    C-2026-014301    PETTIBONE     08FEB1930", "retry 2 for Lima failed"]
    lf, other = "\n".join(lines), newline.join(lines)
    assert [other[s:e] for s, e, _, _ in scan(other)] == [lf[s:e] for s, e, _, _ in scan(lf)]


def test_the_model_file_is_what_scoring_reads() -> None:
    model = learned._model()
    assert "NAME" in model.kinds
    assert learned._NO_KIND in model.kinds
    assert len(model.kind_bias) == len(model.kinds)
    assert all(0 <= index < len(model.kinds) for pairs in model.kind.values() for index, _ in pairs)
    # The word's own features are scored through a cache and its context apart; together they
    # are the features training reads (`learned.features`), nothing more or less.
    text = "retry 2 for Lima failed"
    words, kinds = learned.words_and_kinds(text, [])
    context = learned._context(text, words, kinds)
    for i, word in enumerate(words):
        together = learned._own(word.group(), kinds[i]) + context(i)
        assert together == learned.features(text, words, kinds)[i]


def test_scoring_sums_the_weights_of_the_features_training_reads() -> None:
    model = learned._model()
    text = "escalated Grace Pettibone still reports high readings for Oyelaran"
    words, kinds = learned.words_and_kinds(text, [])
    context = learned._context(text, words, kinds)
    for i, word in enumerate(words):
        cached = learned._own_scores(word.group())[0] + learned._phi_score(context(i))
        direct = model.phi_bias + sum(
            model.phi.get(f, 0.0) for f in learned.features(text, words, kinds)[i]
        )
        assert cached == pytest.approx(direct)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # what the rules marked as no PHI stays theirs: an insurer's name in an IN1 segment
        ("IN1|1|BPH01^Bluepeak PPO|77001|Goldfarb Oyelaran Insurance|PO Box 4410", "Goldfarb"),
        # two letters are mostly words (and a name found is taken out wherever it is written
        # again from three letters on)
        ('text="FORMULARIO DE REGISTRO DE PACIENTE"', "DE"),
        ("retry 2 for Li failed; Li again", "Li"),
        # a month is no name
        ("note: 20 min threshold met for November.", "November"),
    ],
)
def test_it_leaves_what_is_no_name_to_it(text: str, kept: str) -> None:
    assert kept in redact_phi(text)


def test_a_word_with_a_combining_mark_is_one_word() -> None:
    for mark in ("\u0301", "\u200b"):
        # redacted whole or not at all: never `[NAME]\u0301ma`
        assert f"]{mark}" not in redact_phi(f"retry 2 for Li{mark}ma failed")


def test_a_long_line_of_names_scans_in_linear_time() -> None:
    line = " ".join(
        f"retry for Oyelar{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}xyz failed" for i in range(3000)
    )
    assert_linear_time(find_phi, line[: len(line) // 10], line)

"""The learned look at record numbers (`asyncproof._phi.learned_numbers`): what it adds to the
rules and the model of names, and only that.

Its figures on text nobody tuned for are in `test_phi_corpus.py` with every set's; its speed is
in `nox -s bench`.
"""

from __future__ import annotations

import math

import pytest

from asyncproof import _phi
from asyncproof._phi import learned, learned_numbers, scan
from asyncproof.phi import find_phi, redact_phi
from tests._support.linear_time import assert_linear_time
from tests._support.phi_metrics import SETS, load_corpus


def _chosen(text: str) -> list[_phi.Candidate]:
    """What the look at numbers is given: the rules' choice and the model of names' finds."""
    chosen = _phi._by_rules(text, any_found=False, gated=True)
    return chosen + learned.missed(text, chosen)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # a document's number after its key, a case or a claim number beside the person it
        # is about
        ('idv.result doc_type=PASSPORT doc_number=K48810392 holder="Okafor, Ngozi"', "K48810392"),
        ("grievance GRV-2026-00417 filed by Lindqvist, Tove", "GRV-2026-00417"),
        ("referral RF-26-0081190 for Lindqvist, Tove", "RF-26-0081190"),
        # a date written with `/` that a validator rejected, a pharmacy label's fill date
        (
            "Input should be a valid date [type=date_from_datetime_parsing, input_value='7/9/61',"
            " input_type=str]",
            "7/9/61",
        ),
        ("zpl: ^FDFILLED 4/18/2025  DISCARD AFTER 06/2027^FS", "4/18/2025"),
    ],
)
def test_it_finds_record_numbers_the_rules_miss(text: str, number: str) -> None:
    assert number not in [text[s:e] for s, e, _, _ in scan(text, learned_too=False)]
    assert number in [match.text for match in find_phi(text)]
    assert number not in redact_phi(text)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-30 14:22:10,118 INFO worker started pid=48213",
        "build 20261130.4 of ehr-api 3.14.2 deployed to us-east-1",
        "listening on 0.0.0.0:8443 with 4 workers",
        "GET /healthz 200 1432 bytes in 0.0042s",
        "sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "request_id=3f1d0021-9f04-4a8d-9e0f-a1b2c3d4e5f7 retried 3 times",
        "ICD-10 E11.9, CPT 99214, NDC 0002-8215-01 on the fee schedule for 2027",
        # a run's day and a report's window, written with `/`
        "nightly export ran 11/30/2026 in 42s",
        "report window 11/01/2026 to 11/30/2026",
    ],
)
def test_it_leaves_ordinary_numbers_alone(text: str) -> None:
    assert find_phi(text) == []


def test_it_reports_only_outside_what_was_chosen() -> None:
    examples = [e for _, files, _ in SETS for e in load_corpus(files)][::7]
    added = 0
    for example in examples:
        chosen = _chosen(example.text)
        for start, end, kind, _ in learned_numbers.missed(example.text, chosen):
            added += 1
            assert kind in _phi.PHI_KINDS, example.where
            assert sum(c.isdigit() for c in example.text[start:end]) >= 4, example.where
            assert not any(s < end and start < e for s, e, _, _ in chosen), example.where
    assert added > 30  # (it does add: on every seventh line of the corpus, ~100 numbers)


def test_what_the_rules_know_is_no_phi_stays_theirs() -> None:
    # (an insurer's own numbers in an IN1 segment are marked as no PHI, of no kind)
    text = "IN1|1|BPH01^Bluepeak PPO|77001|Bluepeak Health Plan|PO Box 4410^^Des Moines^IA^50306"
    chosen = _chosen(text)
    kept = [(s, e) for s, e, kind, _ in chosen if not kind]
    found = learned_numbers.missed(text, chosen)
    assert not any(s < e2 and s2 < e for s, e, _, _ in found for s2, e2 in kept)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_a_text_with_other_line_ends_is_read_as_its_lf_lines(newline: str) -> None:
    lines = [
        "appeal AP-2026-0048812 opened for Lindqvist, Tove (dob 1951-04-02)",
        'idv.result doc_type=PASSPORT doc_number=K48810392 holder="Okafor, Ngozi"',
    ]
    lf, other = "\n".join(lines), newline.join(lines)
    assert [other[s:e] for s, e, _, _ in scan(other)] == [lf[s:e] for s, e, _, _ in scan(lf)]


def test_the_model_file_is_what_scoring_reads() -> None:
    model = learned_numbers._model()
    assert learned_numbers._NO_KIND in model.kinds
    assert set(model.kinds) - {learned_numbers._NO_KIND} <= set(_phi.PHI_KINDS)
    assert len(model.kind_bias) == len(model.kinds)
    assert all(0 <= index < len(model.kinds) for pairs in model.kind.values() for index, _ in pairs)


def test_a_token_is_reported_when_its_features_weigh_over_the_threshold() -> None:
    model = learned_numbers._model()
    text = "appeal AP-2026-0048812 opened for Lindqvist, Tove (dob 1951-04-02)"
    [(_, line, around, tokens)] = learned_numbers.scored_tokens(text, _chosen(text))
    assert tokens
    for start, end in tokens:
        found = learned_numbers.features(line, start, end, around)
        score = model.phi_bias + sum(model.phi.get(feature, 0.0) for feature in found)
        reported = 1 / (1 + math.exp(-score)) > learned_numbers.THRESHOLD
        assert (learned_numbers.kind_of(found) != learned_numbers._NO_KIND) == reported


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("doc=K48810392, ref #4471 and 12345.", ["K48810392", "4471", "12345"]),
        # inside a longer word (an accent's combining mark is part of it), a piece of a date or
        # a clock, an escape's code, a Unix time, a run of over 64 characters: no token
        ("e\u0301KQ-0019044 and KQ-0019044\u00e9", []),
        ("collected 2026/11/29 23:50:10", []),
        (r"bad \U00110000 and \x1b1234", []),
        ("ts=1764512801 and 1764512801123", []),
        ("ref " + "A1" * 40, []),
        # ... or past a joint into a word of any script, or over doubled joints; a version
        ("José-12345678 and 4471-Ä", []),
        ("ref " + "1234--" * 20, []),
        ("number: v1.67.2163, python 3.11.7, build 20261130.4", []),
        # a path's segments are tokens
        ("rx-hardcopy/08627/20250801/x.pdf", ["08627", "20250801"]),
        # a date written with `/` is one token, not its pieces; not inside a path or a longer
        # run of numbers
        ("collected 11/29/2026 23:50:10, dob 3/4/57", ["11/29/2026", "3/4/57"]),
        ("see /scans/11/29/2026/x and 1/2/3/2026 and 11/29/2026/", []),
        # nor a day that is none, nor a file's name
        ("ratio 12/80/60, node 13/31/26, file 1/2/26.txt", []),
    ],
)
def test_the_tokens_scored(text: str, tokens: list[str]) -> None:
    assert [text[s:e] for s, e in learned_numbers.candidates(text, [])] == tokens


def test_a_long_line_of_numbers_scans_in_linear_time() -> None:
    line = " ".join(f"case=CS-{i:07d}-x doc_number=K{i:08d}" for i in range(3000))
    assert_linear_time(find_phi, line[: len(line) // 10], line)


@pytest.mark.parametrize(
    ("kind", "token", "reported"),
    [
        # a kind a number can be, in its shape where it has one
        ("NAME", "AB-12345", False),
        ("AGE", "1027", False),
        ("ZIP", "5432", False),
        ("ZIP", "97401", True),
        ("ZIP", "97401-8812", True),
        ("SSN", "20879439555", False),
        ("SSN", "900881207", True),
        ("PHONE", "640679b6", False),
        ("PHONE", "555-0163", True),
        ("LICENSE", "1245879303", True),  # an NPI with its check digit right
        ("LICENSE", "1245879304", False),
        ("LICENSE", "BK4821939", True),  # a DEA number with its check digit right
        ("LICENSE", "FM3391027", False),
        ("DATE", "20250523", True),
        ("DATE", "12345678", False),
        ("DATE", "19700101", False),  # a program's "no date"
        ("DATE", "2026-02-30", False),
        # month and day in either order, the year in four digits or two
        ("DATE", "11/30/2026", True),
        ("DATE", "30/11/2026", True),
        ("DATE", "3/4/57", True),
        ("DATE", "13/13/2026", False),
        ("DATE", "1/1/1900", False),
        ("ID", "1/23/2024", False),  # a token with `/` is a date or nothing
        ("MRN", "CV-0012345", True),
    ],
)
def test_what_is_reported_can_be_of_its_kind(kind: str, token: str, reported: bool) -> None:
    line = f"ref {token} x"
    assert learned_numbers._checked(kind, line, 4, 4 + len(token)) is reported


def test_a_query_s_bound_is_no_date() -> None:
    line = "GET /claims?from=2026-11-01&to=2026-11-30"
    start = line.index("2026-11-30")
    assert not learned_numbers._checked("DATE", line, start, start + 10)


def test_a_span_over_many_lines_is_read_in_linear_time_and_stays_in_its_lines() -> None:
    def scan_with_a_long_span(text: str) -> list[object]:
        lines = text.split("\n")
        chosen = [(0, len(lines[0]), "", 0), (0, 0, "", 0)]
        at = 0
        for line in lines:
            chosen.append((at, at + 4, "NAME", 0))
            at += len(line) + 1
        chosen[1] = (0, len(text) - 1, "", 0)
        return list(learned_numbers.scored_tokens(text, chosen))

    line = "ANA4 ref AP-2026-0048812 ok"
    assert_linear_time(scan_with_a_long_span, "\n".join([line] * 1000), "\n".join([line] * 10000))
    # (the span of no kind covers every token: nothing is left to score)
    assert scan_with_a_long_span("\n".join([line] * 3)) == []
    text = "x\nref AP-2026-0048812 ok"
    [(_, _, around, _)] = learned_numbers.scored_tokens(text, [(0, 1, "NAME", 0)])
    assert "nokinds" in around  # a kind on the line before is not this line's


def test_a_date_beside_what_only_the_learned_looks_found_is_found_too() -> None:
    # The rules tie a line's dates to the PHI they find on it; on a line where only the learned
    # looks find some, its dates are tied to that all the same (the line's own timestamp is not).
    line = "grievance GRV-2026-00417 filed 2026-11-02 by Lindqvist"
    assert not [c for c in scan(line, learned_too=False) if c[2]]
    assert ("2026-11-02", "DATE") in [(m.text, m.kind) for m in find_phi(line)]
    stamped = "2026-11-02T10:00:00Z INFO grievance GRV-2026-00417 filed by Lindqvist"
    assert "DATE" not in {m.kind for m in find_phi(stamped)}
    assert "[DATE]" not in redact_phi(stamped)


def test_an_age_beside_what_only_the_learned_looks_found_is_found_too() -> None:
    # As its dates: an age over 89 standing as a field of that line (round 23).
    line = "ward 4 | QX-0088123 | 95 | F | Tenby"
    assert not [c for c in scan(line, learned_too=False) if c[2]]
    assert [(m.text, m.kind) for m in find_phi(line)] == [("QX-0088123", "ID"), ("95", "AGE")]
    # (a line with nothing found ties nothing: a field of 95 alone is nobody's age)
    assert find_phi("ward 4 | bay C | 95 | F | Tenby") == []
    # (nor a CSV row's field of digits: as likely a count)
    for row in ("HLA26-018832,SP-7730192,212,98,POS", "ward 4, QX-0088123, 98, F, Tenby"):
        assert not [c for c in scan(row, learned_too=False) if c[2]]
        kinds = {m.kind for m in find_phi(row)}
        assert kinds
        assert "AGE" not in kinds

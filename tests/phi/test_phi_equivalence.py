"""The gates in front of the PHI passes never change what is found.

`scan` runs each pass only on a text holding what the pass scans for first (`"|"` for HL7, a
joint for joined names, a shape's leading literal): a gate that turns away a text the pass finds
something in would lose PHI silently. Here every result is compared with the run that ignores
every gate (`scan(text, gated=False)`), on each corpus line, on a generated log, and on text
that hypothesis puts together from the pieces the gates look for.
"""

from __future__ import annotations

import ast
import inspect
import random
import re
import textwrap
from collections.abc import Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asyncproof._phi import _DATE_HINTS, _TIMESTAMP, _by_rules, context, names, scan, slugs
from asyncproof._phi.blocks import LOW, UP
from asyncproof._phi.engine import _shape, compiled
from asyncproof._phi.formats import hl7
from asyncproof._phi.regex import NeedsIndex, _SplitScan
from tests._support import phi_metrics

_ALL_FILES = sorted(path.name for path in phi_metrics.CORPUS.glob("*.txt"))
_LINES = [example.text for example in phi_metrics.load_corpus(_ALL_FILES)]


def _same_either_way(text: str) -> None:
    assert scan(text) == scan(text, gated=False), text
    assert scan(text, any_found=True) == scan(text, any_found=True, gated=False), text


def test_every_corpus_line_gives_what_it_gives_with_no_gate() -> None:
    for text in _LINES:
        _same_either_way(text)


@pytest.mark.parametrize(
    "text",
    # one span that two passes give two kinds: the same kind whichever passes ran
    ["phone _17735550190_ fax", "MRN _17735550190_ fax", "fax 2.tif https://a.example/x"],
)
def test_a_tie_between_kinds_is_settled_the_same_either_way(text: str) -> None:
    _same_either_way(text)


def test_a_whole_file_gives_what_it_gives_with_no_gate() -> None:
    # Several lines at once: the gates see the whole text, the passes tie values across lines.
    rng = random.Random(15)
    for _ in range(20):
        _same_either_way("\n".join(rng.sample(_LINES, 12)))


# What the gates and the passes behind them look for, and what is near it.
_PIECES = [
    *"|^*@<>%/.,;:()[]{}'\"=_+-#\t\n ",
    *"0123456789",
    "Key (",
    "field",
    "Field",
    "column",
    "for key",
    "input",
    '"value"',
    "params",
    "parameters",
    "VALUES",
    "values (",
    ", ",
    " (",
    "%20",
    "://",
    "https://",
    "pt-0",
    "patient_id",
    "Patient/",
    "date",
    "Mar ",
    "March",
    "2024-03-01",
    "03/14/1950",
    "19500314",
    "12345",
    "55104",
    "Ana",
    "Lima",
    "Mr.",
    "Dr",
    "MRN",
    "DOB",
    "ssn",
    "PID|1||",
    "NM1*IL*1*",
    "198.51.100.7",
    "jane.doe@example.com",
    "brennan_liam",
    "okafor-chidi",
    "?q=",
    "query",
    '"search_term": "',
    "patient=",
    "2026-11-30 14:22:01",
    "[30/Nov/2026:14:28:40",
    "20261130",
    "0",
]


def _text() -> st.SearchStrategy[str]:
    fragment = st.sampled_from(_LINES).flatmap(
        lambda line: st.integers(0, len(line)).map(lambda start: line[start : start + 30])
    )
    piece = st.one_of(st.sampled_from(_PIECES), fragment, st.text(max_size=4))
    return st.lists(piece, max_size=25).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text())
def test_generated_text_gives_what_it_gives_with_no_gate(text: str) -> None:
    _same_either_way(text)


# The gates that are faster forms of a pass's own first search: found where it finds something.
# A joint between letters, written plainly: a capital of A to Z or a small letter before, any
# letter of `blocks` after (`date_ß`, `a-É`).
_JOINT = re.compile(rf"[A-Z{LOW}](?:[_+-]|%20)[{UP}{LOW}]")
_DATE_HINT_BEFORE = re.compile(  # the one alternation the date hints were before
    r"(?<![\d.])\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}(?![\d.]|[T ]\d\d:\d\d:\d\d)|\d/\d|\d{8}|date"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?[ \t]\d"
)


@settings(max_examples=400, deadline=None)
@given(_text(), st.integers(0, 40), st.integers(0, 40))
def test_fast_gates_match_where_their_pass_does(text: str, start: int, length: int) -> None:
    assert bool(slugs.HAS_JOINT.search(text)) == bool(_JOINT.search(text))
    end = start + length
    either = any(hints.search(text, start, end) for hints in _DATE_HINTS)
    assert either == bool(_DATE_HINT_BEFORE.search(text, start, end))


@pytest.mark.parametrize(
    "text",
    # (`s-Q`, `á-b`, `a-É`: joints between accented letters, `Tomás-Quispe`.)
    [
        *("ab_cd", "ab%20cd", "a-b", "1-b", "a-1", "12/03/2024", "1.2.2024", "Mar 3", "x"),
        *("s-Q", "á-b", "a-É", "date_ß"),
    ],
)
def test_fast_gates_on_their_edges(text: str) -> None:
    assert bool(slugs.HAS_JOINT.search(text)) == bool(_JOINT.search(text))
    either = any(hints.search(text) for hints in _DATE_HINTS)
    assert either == bool(_DATE_HINT_BEFORE.search(text))


def _needed_one_by_one(needs: list[tuple[str, ...]], text: str) -> list[int]:
    return [index for index, one in enumerate(needs) if not one or any(n in text for n in one)]


# Literals over a small alphabet overlap in every way (`MR` then `RR`, `ab` inside `cabd`).
_LITERAL = st.text(alphabet="MRab(", min_size=1, max_size=4)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.lists(_LITERAL, max_size=3).map(tuple), min_size=1, max_size=8),
    st.text(alphabet="MRab( ", max_size=30),
)
def test_needs_index_opens_what_one_in_per_literal_opens(
    needs: list[tuple[str, ...]], text: str
) -> None:
    index = NeedsIndex(needs)
    assert index.needed(text) == _needed_one_by_one(needs, text)
    long_text = text + " " * NeedsIndex._LONG  # the other way of finding them
    assert index.needed(long_text) == _needed_one_by_one(needs, long_text)


def test_the_shapes_scanned_are_those_whose_literals_the_line_holds() -> None:
    shapes = compiled().shapes
    needs = [shape[6] for shape in shapes]
    for text in _LINES:
        assert compiled().shapes_needed.needed(text) == _needed_one_by_one(needs, text), text


@pytest.mark.parametrize(
    ("needs", "text", "needed"),
    [
        ([("MR",), ("RR",)], "MRR", [0, 1]),  # one starts inside the other and ends after it
        ([("Mrs",), ("Mr",), ("rs",)], "Mrs", [0, 1, 2]),  # inside the one found
        ([("Rural Route",), ("RR",), ()], "x", [2]),  # none found: those that need nothing
    ],
)
def test_needs_index_on_overlapping_literals(
    needs: list[tuple[str, ...]], text: str, needed: list[int]
) -> None:
    assert NeedsIndex(needs).needed(text) == needed


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab_+-%20 Z", max_size=30), st.integers(0, 30))
def test_the_next_joint_is_found_where_the_letter_led_scan_finds_it(text: str, at: int) -> None:
    # `slugs.joined` looks for the next joint from `at` with `HAS_JOINT` from `at + 1`.
    before = _JOINT.search(text, at)
    after = slugs.HAS_JOINT.search(text, at + 1)
    assert (None if before is None else before.span()) == (
        None if after is None else (after.start() - 1, after.end())
    )


def test_every_gated_pass_in_scan_runs_in_the_reference_run() -> None:
    # A pass added to `scan` behind a gate of its own (`if "x" in text:`) would be gated in the
    # reference run too, and the tests above could not see that gate turn PHI away: each gate
    # must start with `every or`.
    tree = ast.parse(textwrap.dedent(inspect.getsource(_by_rules)))
    gated = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and any(
            isinstance(statement, ast.AugAssign)
            and isinstance(statement.target, ast.Name)
            and statement.target.id == "candidates"
            for statement in node.body
        )
    ]
    assert len(gated) >= 15
    for node in gated:
        test = node.test
        assert isinstance(test, ast.BoolOp), ast.unparse(test)
        assert isinstance(test.op, ast.Or), ast.unparse(test)
        assert ast.unparse(test.values[0]) == "every", ast.unparse(test)


def _split_scanners() -> list[_SplitScan]:
    """Every scan split by first character: the engine's shapes and the module-level ones."""
    patterns = compiled()
    shapes = [_shape(patterns, index)[1] for index in range(len(patterns.shapes))]
    return [
        scanner
        for scanner in [*shapes, names._QUOTED, names._SEARCHED, context._FIELD_AFTER, hl7._SEGMENT]
        if isinstance(scanner, _SplitScan)
    ]


def _same_as_finditer(text: str) -> None:
    for scanner in _split_scanners():
        whole = re.compile(scanner.source)
        found = [(match.span(), match.groups()) for match in scanner(text)]
        assert found == [(match.span(), match.groups()) for match in whole.finditer(text)], (
            scanner.source,
            text,
        )


def test_a_split_scan_finds_what_finditer_finds_on_every_corpus_line() -> None:
    # The split scan runs only the scans whose first character the text holds, and one alone
    # is `finditer` itself: match for match, what the whole alternation finds.
    assert _split_scanners()
    for text in _LINES:
        _same_as_finditer(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text())
def test_a_split_scan_finds_what_finditer_finds(text: str) -> None:
    _same_as_finditer(text)


def test_every_part_of_a_split_scan_compiles() -> None:
    # Each part is compiled the first time a text holds its first character: a part that
    # does not compile fails here, not on a user's first line with a curly quote.
    for scanner in _split_scanners():
        for source in scanner.sources:
            assert (
                re.compile(source).groupindex.keys() == re.compile(scanner.source).groupindex.keys()
            )


def test_a_shape_takes_the_span_of_its_named_group_if_it_has_one() -> None:
    patterns = compiled()
    for index, (leads, rest) in enumerate(patterns.shape_sources):
        name, _, span_of, *_ = _shape(patterns, index)
        whole = re.compile("(?:{}){}".format("|".join(leads), rest) if leads else rest)
        assert span_of == (name if name in whole.groupindex else 0), name


def test_a_kept_field_verdict_is_the_verdict_read_afresh() -> None:
    # `names._is_field_name` keeps its verdict per value: what a line's quoted values and
    # record fields give must not depend on the lines read before it.
    warm = [(names.quoted_names(text), names.record_fields(text)) for text in _LINES]
    cold = []
    for text in _LINES:
        names._FIELD_VERDICTS.clear()
        cold.append((names.quoted_names(text), names.record_fields(text)))
    assert warm == cold
    assert any(found for found, _ in warm)
    assert any(found for _, found in warm)


# Patterns rewritten for speed, as they were: each rewrite finds what they found, match for
# match, group for group. (`_TIMESTAMP` looks behind from its first digit, not before it;
# `names._SEARCHED` is a scan split by the first letter of its keys.)
_TIMESTAMP_BEFORE = re.compile(
    r"(?<![\d.])((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)(?:[ T_*]|, )?[0-2]\d:?[0-5]\d"
    r"|(?<!\d)([0-3]\d)/([A-Z][a-z]{2})/((?:19|20)\d\d):[0-2]\d:[0-5]\d"
)
_SEARCHED_BEFORE = re.compile(
    r"(?:(?:query|search(?:[_-]?term)?)[\"']?[ \t]?[=:][ \t]?[\"']?|(?<![\w-])q=|patient=)"
    r"(?:v\d:)?(?P<v>[a-zß-öø-ÿ'-]{3,30}(?:[ +][a-zß-öø-ÿ'-]{2,30}){0,2})(?![\w=])"
)


def _found_as_before(text: str) -> None:
    def found(
        matches: Iterable[re.Match[str]],
    ) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
        return [(match.span(), match.groups()) for match in matches]

    assert found(_TIMESTAMP.finditer(text)) == found(_TIMESTAMP_BEFORE.finditer(text)), text
    assert found(names._SEARCHED(text)) == found(_SEARCHED_BEFORE.finditer(text)), text


def test_rewritten_patterns_find_what_they_found_on_the_corpus() -> None:
    for text in _LINES:
        _found_as_before(text)
    whole = "\n".join(_LINES)
    _found_as_before(whole)
    assert _TIMESTAMP_BEFORE.search(whole)
    assert _SEARCHED_BEFORE.search(whole)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text())
def test_rewritten_patterns_find_what_they_found(text: str) -> None:
    _found_as_before(text)

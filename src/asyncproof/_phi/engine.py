"""The one pass over a text: every label and every shape of every kind, compiled on first use.

* Labelled: a label such as `DOB`, `MRN #` or `patient_name=` followed by a value. All labels
  are found in one pass over the lower-cased text by a single alternation of literals (fast:
  `re` skips ahead on their first characters), then the value pattern of that label's family
  is matched at the end of the label on the original text.
* Shapes: values that are recognisable without a label (SSN `123-45-6789`, phone numbers,
  e-mail addresses, street addresses, honorific + name, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Protocol

from asyncproof._phi.declare import NO_VALUE, KindAt, Labelled, Validator
from asyncproof._phi.kinds import KINDS
from asyncproof._phi.regex import NeedsIndex, Scanner, shape_scanner, split_literal_prefix, trie

# A candidate match: (start, end, kind, priority). Higher priority wins between candidates
# that start at the same place (a labelled value beats the same text found by shape alone).
Candidate = tuple[int, int, str, int]

LABELLED, SHAPE = 2, 1

# Between a label and its value: `DOB: `, `dob="`, `"dob": "`, `MRN #`, `<dob>`, `\"dob\": \"`,
# optionally one linking word (`born on`, `DOB is`, `SSN ending in`). The spaces before an `=`
# or a `:` may be more: a traceback's locals and a CLI's fields align their values with them
# (`age        = 96`); a longer run of every separator cost 2 us on a line with no PHI. The
# last column's name in PostgreSQL's `Key (phone, case_id)=(5550180120, 41877)` is not the label
# of the first of several values (`sql.key_values` pairs them); of one value it is.
_SEP = (
    r"(?!\)=\([^)\n]{0,200},)(?:\)=\()?(?:[ \t]{2,12}(?=[=:]))?"
    r"""[ \t"':=#>()|\\_-]{0,8}?(?:(?:is|was|of|on|at|in|to|ending(?: in)?)[ \t]{1,3}["']?)?"""
)

# Led by a digit that follows a separator: one alternation behind `[separator]\d`, so `re`
# only tries it where a number starts (most digits in logs are inside numbers and timestamps).
# The scan runs on "\n" + text, so a digit at the very start also follows a separator.
_DIGIT_LED_START = r"[\s=:(\"',#/\[<>|*^{;]\d"
# What any alternative needs in the next three characters: most digits that follow a
# separator (times, versions, years, sizes) are turned away here, before the alternation.
_DIGIT_LED_AHEAD = r"(?=[A-Z \t/-]|(?<=1)\.|\d(?:[A-Z \t/y-]|\d[\dA-Z \t./y-]))"


def line_end(text: str, at: int) -> int:
    """Where the line holding `at` ends: its `\n`, or the `\r` before it (a CRLF file's line
    is read as it would be with `\n` alone: a pattern that ends a value at the line's end
    sees the end), or the end of `text`."""
    end = text.find("\n", at)
    if end < 0:
        return len(text)
    return end - 1 if end > at and text[end - 1] == "\r" else end


_LONE_CR = re.compile(r"\r(?!\n)")


def with_lf_for_lone_cr(text: str) -> str:
    """`text` with each line end written as a lone `\r` (an old Mac file, a progress bar's
    output) written `\n`: one character for one, so a span found in it is where it is in
    `text`."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


class MatchValue(Protocol):
    """`re.Pattern.match` of a family's value pattern."""

    def __call__(self, string: str, pos: int = ..., endpos: int = ...) -> re.Match[str] | None:
        """Match at `pos`, up to `endpos`."""


# What to do with a label found: per family of the label, in order until one matches: (kind,
# match the value after it, validator or None, whether the value has a second part `v2`).
LabelAction = tuple[tuple[str, MatchValue, "Validator | None", bool], ...]
# One shape: kind, scanner, the group to take the span of (the kind's name, or 0 for the
# whole match), validator, kind_at, start_at, and what the text must contain to scan it.
_ShapePass = tuple[
    str,
    "Scanner | None",
    "str | int",
    "Validator | None",
    "KindAt | None",
    "Callable[[str, int], int] | None",
    tuple[str, ...],
]


@dataclass(frozen=True)
class Compiled:
    """Every declaration, compiled: built once, on the first scan."""

    labels: re.Pattern[str]
    # Compiled when first needed: most texts use a few of the families. Each label pattern
    # with its family, the literal text it starts with, and whether it is all literal.
    label_families: list[tuple[str, str, str, bool]]
    values: dict[str, tuple[str, str]]
    validators: dict[str, Validator | None]
    label_actions: dict[str, LabelAction]
    digit_led: re.Pattern[str]
    digit_kinds: dict[str, tuple[str, Validator | None, KindAt | None]]
    # Compiled when a text first holds what one needs (`_shape`): the first call compiles
    # a few, not every one. Until then an entry holds no scanner, and `shape_sources` the
    # leads and pattern to compile.
    shapes: list[_ShapePass]
    shape_sources: list[tuple[tuple[str, ...], str]]
    shapes_needed: NeedsIndex  # which shapes a text holds what they need for
    # The families whose labels take no value (`NO_VALUE`): they hold their words out of the
    # label scan.
    holding: frozenset[str]


# Escapes that stand for their character (`\(`, `\+`): the rest (`\d`, `\s`) are classes.
_LITERAL_ESCAPE = re.compile(r"\\([^A-Za-z0-9])")
_META_CHARS = frozenset("[](){}?*+|.^$")


def literal_needs(starts: tuple[str, ...]) -> tuple[str, ...]:
    """What the text must contain for a pattern that starts with one of `starts` to match:
    the literal text each starts with (`"\\(01\\)..."` -> `"(01)"`), or () when one of them
    starts with no literal (a class, an optional character)."""
    needs = []
    for start in starts:
        literal = []
        index = 0
        while index < len(start):
            escape = _LITERAL_ESCAPE.match(start, index)
            if escape is not None:
                char, index = escape.group(1), escape.end()
            elif start[index] == "\\" or start[index] in _META_CHARS:
                break
            else:
                char, index = start[index], index + 1
            if index < len(start) and start[index] in "?*{":
                break  # optional: not needed
            literal.append(char)
        if not literal:
            return ()
        needs.append("".join(literal))
    return tuple(needs)


def _value_pattern(family: Labelled) -> str:
    value = family.value
    return _SEP + (value if "(?P<v>" in value else f"(?P<v>{value})")


def digit_led_pattern(*, look_ahead: bool = True) -> str:
    """The single pattern of every `DigitLed` alternative (`look_ahead=False`: without the
    look-ahead that turns most digits away early, for a test that it turns away no value)."""
    alternatives = sorted(
        (record for kind in KINDS for record in kind.digit_led), key=lambda record: record.order
    )
    head = _DIGIT_LED_START + (_DIGIT_LED_AHEAD if look_ahead else "")
    return head + "(?:" + "|".join(record.pattern for record in alternatives) + ")"


@lru_cache(maxsize=1)
def compiled() -> Compiled:
    """Compile every declaration of `asyncproof._phi.kinds` (once)."""
    families = sorted(
        ((kind.name, family) for kind in KINDS for family in kind.labelled),
        key=lambda pair: pair[1].order,
    )
    # Longest pattern first, so `patient_name` is tried before `patient` and `admission no`
    # before `admission`. No groups: `re` only skips ahead on first characters when every
    # alternative starts with a literal. Which label matched is looked up afterwards.
    by_length = sorted(
        ((label, family.family) for _, family in families for label in family.labels),
        key=lambda pair: -len(pair[0]),
    )
    # Only at the start of a word (`_` counts as a separator: `patient_dob`). The scan runs on
    # "\n" + text and takes the character before the label with it: `re` skips ahead to a
    # separator far faster than it tries a look-behind at every position. Every label starts
    # with a letter and is followed by a non-letter, so no label needs the last character of
    # the one before it and the labels found are the same as with `(?<![a-z0-9])`.
    assert all(label[0].isalpha() and label[0].isascii() for label, _ in by_length)
    labels = r"[^a-z0-9]" + trie([label for label, _ in by_length]) + "(?![a-z0-9])"
    digit_records = {
        record.group: (kind.name, record.validator, record.kind_at)
        for kind in KINDS
        for record in kind.digit_led
    }
    shapes: list[_ShapePass] = []
    shape_sources = []
    for name, shape in sorted(
        ((kind.name, shape) for kind in KINDS for shape in kind.shapes),
        key=lambda pair: pair[1].order,
    ):
        shape_sources.append((shape.leads, shape.pattern))
        shapes.append(
            (
                name,
                None,  # compiled when first needed
                0,
                shape.validator,
                shape.kind_at,
                shape.start_at,
                shape.needs or literal_needs(shape.leads or (shape.pattern,)),
            )
        )
    # A label found is its text without what its look-ahead checked (`first(?=": ")`).
    label_patterns = [(label.split("(?=")[0], family) for label, family in by_length]
    return Compiled(
        labels=re.compile(labels),
        label_families=[
            (pattern, family, split_literal_prefix(pattern)[0], _is_literal(pattern))
            for pattern, family in label_patterns
        ],
        values={family.family: (kind, _value_pattern(family)) for kind, family in families},
        validators={family.family: family.validator for _, family in families},
        label_actions={},
        digit_led=re.compile(digit_led_pattern()),
        digit_kinds=digit_records,
        shapes=shapes,
        shape_sources=shape_sources,
        shapes_needed=NeedsIndex([shape[6] for shape in shapes]),
        holding=frozenset(family.family for _, family in families if family.value == NO_VALUE),
    )


@lru_cache(maxsize=4096)
def _families_of(label: str) -> tuple[str, ...]:
    """The families whose labels match `label` (`subscriber`: a name, or a member id)."""
    # (Only the patterns that start as the label does are compiled and tried: the first call
    # compiled all 700 to read two labels.)
    families = []
    for pattern, family, prefix, literal in compiled().label_families:
        if family in families or not label.startswith(prefix):
            continue
        if pattern == label if literal else _label_pattern(pattern).fullmatch(label):
            families.append(family)
    return tuple(families)


@lru_cache(maxsize=4096)
def _holds_its_words(label: str) -> bool:
    """Whether `label` is one that takes no value (`certificate serial`): it stops its words
    from being read as labels of their own."""
    return not compiled().holding.isdisjoint(_families_of(label))


def _is_literal(pattern: str) -> bool:
    """Whether `pattern` matches its own text only (no regex syntax in it)."""
    return _META_CHARS.isdisjoint(pattern) and "\\" not in pattern


@cache
def _label_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def _labels_ignorecase(pattern: str) -> re.Pattern[str]:
    """The labels, in any case: for the rare text that lower-casing makes longer."""
    return re.compile(pattern, re.IGNORECASE)


def _shape(compiled: Compiled, index: int) -> _ShapePass:
    """The shape at `index`, its scanner compiled (the first time it is needed)."""
    shape = compiled.shapes[index]
    if shape[1] is None:
        leads, rest = compiled.shape_sources[index]
        name = shape[0]
        scanner = shape_scanner(leads, rest)
        # (Read from the source: compiling the whole alternation only to ask would cost
        # milliseconds on the first call, for a scan split by first character.)
        span_of = (
            name if f"(?P<{name}>" in rest or any(f"(?P<{name}>" in lead for lead in leads) else 0
        )
        shape = compiled.shapes[index] = (name, scanner, span_of, *shape[3:])
    return shape


@cache
def _compiled_value(source: str) -> re.Pattern[str]:
    """A family's value pattern, compiled the first time one of its labels is found."""
    return re.compile(source)


def _label_action(label: str, compiled: Compiled) -> LabelAction:
    # No family for a label the case-blind scan matched when lower-casing changes it
    # (`PATİENT`, whose `İ` lower-cases to `i` and a combining dot): read no value, never raise.
    families = _families_of(label)
    action = []
    for family in families:
        kind, source = compiled.values[family]
        value_pattern = _compiled_value(source)
        has_v2 = "v2" in value_pattern.groupindex
        action.append((kind, value_pattern.match, compiled.validators[family], has_v2))
    return tuple(action)


def _lowered_not_ascii(text: str) -> tuple[str, bool]:
    """`"\n"` + `text` lower-cased for the label scan, and whether the scan must ignore case
    instead (a character that changes length when lower-cased)."""
    try:
        # `str.lower` is slow on text that is not ASCII. On Latin-1 text, lowering the ASCII
        # letters alone finds the same labels: labels are ASCII, and no Latin-1 character
        # lowers to an ASCII one (nor changes length).
        return "\n" + text.encode("latin-1").lower().decode("latin-1"), False
    except UnicodeEncodeError:
        lowered = text.lower()
        # A few characters (`İ`) change length when lower-cased: scan the original instead.
        if len(lowered) != len(text):
            return "\n" + text, True
        return "\n" + lowered, False


def _labelled(text: str, compiled: Compiled) -> list[Candidate]:
    if text.isascii():  # most log lines: `str.lower` is fast on ASCII, and keeps the length
        scanned = "\n" + text.lower()
        fallback = False
    else:
        scanned, fallback = _lowered_not_ascii(text)
    pattern = _labels_ignorecase(compiled.labels.pattern) if fallback else compiled.labels
    candidates: list[Candidate] = []
    first = pattern.search(scanned)  # most lines hold no label: see `_shaped`
    if first is None:
        return candidates
    actions = compiled.label_actions
    append = candidates.append
    search = pattern.search
    label: re.Match[str] | None = first
    while label is not None:
        found = label.group()  # the separator before the label, then the label
        action = actions.get(found)
        if action is None:
            if len(actions) >= 4096:
                actions.clear()
            action = actions[found] = _label_action(found[1:].lower(), compiled)
        at = label.end() - 1  # - 1: the "\n" in front
        read = False
        for kind, match_value, validator, has_v2 in action:
            value = match_value(text, at)
            if value is None:
                continue
            start, end = value.span("v")
            if validator is not None:
                keep = validator(value.group("v"))
                if keep is None:
                    continue
                end = start + keep
            append((start, end, kind, LABELLED))
            if has_v2:
                start, end = value.span("v2")
                if start >= 0:
                    keep = end - start if validator is None else validator(text[start:end])
                    if keep is not None:
                        append((start, start + keep, kind, LABELLED))
            read = True
            break
        if read or _holds_its_words(found[1:].lower()):
            label = search(scanned, label.end())
        else:
            # No value after it: a label of several words may have taken the start of the
            # next one (`PASSPORT id_no=552188104` reads `passport id`, then no value), so the
            # next label is looked for from inside this one (not after `certificate serial`,
            # which is there to take its words out of the scan).
            label = search(scanned, label.start() + 1)
    return candidates


def _shaped(text: str, compiled: Compiled, *, gated: bool = True) -> list[Candidate]:
    candidates: list[Candidate] = []
    append = candidates.append
    digit_kinds = compiled.digit_kinds
    scanned = "\n" + text
    # A search first: most lines hold no number of these shapes, and a `finditer` costs more
    # to set up than a search that finds nothing (one from the first match finds the same).
    first = compiled.digit_led.search(scanned)
    for match in () if first is None else compiled.digit_led.finditer(scanned, first.start()):
        group = match.lastgroup
        assert group is not None
        kind, validator, kind_at = digit_kinds[group]
        start, end = match.start(), match.end(group) - 1  # the separator in, the "\n" out
        if validator is not None:
            keep = validator(text[start:end])
            if keep is None:
                continue
            end = start + keep
        if kind_at is not None:
            kind = kind_at(text, start)
        append((start, end, kind, SHAPE))
    shapes = compiled.shapes
    # The cheapest scan is the one not done: only the shapes whose literals the text holds.
    needed = compiled.shapes_needed.needed(text) if gated else range(len(shapes))
    for index in needed:
        shape = shapes[index]
        if shape[1] is None:
            shape = _shape(compiled, index)
        kind, scanner, span_of, validator, kind_at, start_at, _ = shape
        assert scanner is not None  # compiled just above
        for match in scanner(text):
            start, end = match.span(span_of)
            if start < 0:
                continue
            if start_at is not None:
                start = start_at(text, start)
                if start < 0:
                    continue
            if validator is not None:
                keep = validator(text[start:end])
                if keep is None:
                    continue
                end = start + keep
            append((start, end, kind if kind_at is None else kind_at(text, start), SHAPE))
    return candidates


def one_pass(text: str, compiled: Compiled, *, gated: bool = True) -> list[Candidate]:
    """The candidates every label and every shape finds in `text` (`gated=False`: every shape
    scanned, whatever the text holds)."""
    return _labelled(text, compiled) + _shaped(text, compiled, gated=gated)


def value_actions(name: str, compiled: Compiled) -> LabelAction:
    """What to do with a value whose label is `name` (a column, a field name), if a label."""
    if not compiled.labels.fullmatch("\n" + name.lower()):
        return ()
    return _label_action(name.lower(), compiled)


def labelled_value(
    text: str, start: int, end: int, actions: LabelAction, append: Callable[[Candidate], None]
) -> None:
    """The value at `text[start:end]`, read as its label's families read a value."""
    for kind, match_value, validator, _ in actions:
        value = match_value(text, start, end)
        if value is None or value.start("v") != start:
            continue
        keep = value.end("v") - start if validator is None else validator(value.group("v"))
        if keep is not None:
            append((start, start + keep, kind, LABELLED))
            return

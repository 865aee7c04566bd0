"""Two ways to build fast patterns: a trie of many labels, a scan split by first character."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

Scanner = Callable[[str], Iterator["re.Match[str]"]]

_META = set("\\[](){}?*+|.^$")


def split_literal_prefix(pattern: str) -> tuple[str, str]:
    """`"ssn[ _-]?last"` -> `("ssn", "[ _-]?last")`; a quantified last character stays behind."""
    index = 0
    while index < len(pattern) and pattern[index] not in _META:
        index += 1
    if index < len(pattern) and pattern[index] in "?*+{" and index:
        index -= 1
    return pattern[:index], pattern[index:]


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    tails: list[str] = field(default_factory=list)  # what follows the literal prefix, if any


def trie(patterns: list[str]) -> str:
    """One regex for many labels, factored on their literal prefixes (`pa(?:tient|yer)`).

    An alternation of 200 labels would be tried label by label at every word start; the
    factored form rejects a word on its first letters. Longer labels stay ahead of their
    prefixes (`patient_name` before `patient`), as in the plain alternation.
    """
    root = _Node()
    for pattern in patterns:
        literal, rest = split_literal_prefix(pattern)
        node = root
        for char in literal:
            node = node.children.setdefault(char, _Node())
        node.tails.append(rest)

    def emit(node: _Node) -> str:
        branches = [re.escape(char) + emit(child) for char, child in node.children.items()]
        tails = sorted(node.tails, key=len, reverse=True)
        branches += tails
        if len(branches) == 1:
            return branches[0] if not tails or branches[0] == "" else f"(?:{branches[0]})"
        return "(?:{})".format("|".join(branches))

    return emit(root)


class _SplitScan:
    """`finditer` of `(?:lead|lead|...)rest`, done as one scan per first character of the leads.

    `re` skips ahead to a literal first character with a tight loop, but tests a set of first
    characters (`[@%]`, `[MDP]`) character by character, several times slower. Leads with
    different first characters never match at the same place, and at any place the pattern of
    the leads that start with its character matches just as the whole alternation does
    (their order is kept). The scans are merged by position and, as in `finditer`, a match that
    starts inside the one before it is dropped: the result is `finditer`'s, match for match.
    """

    __slots__ = ("firsts", "patterns", "source", "sources")

    def __init__(self, leads: tuple[str, ...], rest: str) -> None:
        by_first: dict[str, list[str]] = {}
        for lead in leads:
            # A literal first character, not quantified: `P\.?` is fine, `P?` or `[Pp]` is not.
            assert lead[0] not in _META, lead
            assert lead[0] != "\\", lead
            assert len(lead) == 1 or lead[1] not in "?*+{", lead
            by_first.setdefault(lead[0], []).append(lead)
        self.source = "(?:{}){}".format("|".join(leads), rest)  # what it stands for
        self.firsts = tuple(by_first)
        self.sources = ["(?:{}){}".format("|".join(group), rest) for group in by_first.values()]
        # Each compiled the first time a text holds its first character (the rest of a name's
        # pattern takes milliseconds to compile, once per first character): not at import.
        self.patterns: list[re.Pattern[str] | None] = [None] * len(self.sources)

    def __call__(self, text: str) -> Iterator[re.Match[str]]:
        # Only the scans whose first character the text holds (one `in` each, in C): most
        # texts hold one or none of them, and one scan alone is `finditer`, with no merging.
        held = [index for index, first in enumerate(self.firsts) if first in text]
        if not held:
            return iter(())
        if len(held) == 1:
            return matches(self._pattern(held[0]), text)
        return self._merged([self._pattern(index).search for index in held], text)

    def _pattern(self, index: int) -> re.Pattern[str]:
        pattern = self.patterns[index]
        if pattern is None:
            pattern = self.patterns[index] = re.compile(self.sources[index])
        return pattern

    @staticmethod
    def _merged(
        searches: list[Callable[..., re.Match[str] | None]], text: str
    ) -> Iterator[re.Match[str]]:
        pending = [search(text) for search in searches]
        while True:
            first = None
            for match in pending:
                if match is not None and (first is None or match.start() < first.start()):
                    first = match
            if first is None:
                return
            yield first
            end = first.end()  # never empty: every lead starts with a character
            for index, match in enumerate(pending):
                if match is not None and match.start() < end:
                    pending[index] = searches[index](text, end)


def shape_scanner(leads: tuple[str, ...], rest: str) -> Scanner:
    """`finditer` of `(?:lead|lead|...)rest` (of `rest` alone without leads), as fast as may be."""
    if len({lead[0] for lead in leads}) > 1:
        return _SplitScan(leads, rest)
    pattern = re.compile("(?:{}){}".format("|".join(leads), rest) if leads else rest)
    return lambda text: matches(pattern, text)


def matches(pattern: re.Pattern[str], text: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, pos)`, led by a search: a text with no match (most log lines,
    for most patterns) costs a search, not a `finditer` set up as well (a quarter of a µs
    more). A `finditer` from the first match finds what one from `pos` does."""
    first = pattern.search(text, pos)
    return iter(()) if first is None else pattern.finditer(text, first.start())


class NeedsIndex:
    """Which of many passes a text needs, each pass needing one of its literals (or nothing).

    Most literals are tested with `in`, one by one (tens of nanoseconds each, in C): those of
    one character (`"`, `(`, `@`) and those whose every character is common in log text (`19`,
    `http`, `this is`). The others (`Rural Route`, `Hello`, `MRN`, `(01)`) are first looked
    for all at once, each from a character that is rare in log text (a capital, a `%`), in one
    factored pattern (`trie`): most log lines hold none of them, and only on one that holds
    some is each tested with `in`. The passes a text needs are kept as a bit mask, their list
    built once per mask. (Before: one search for every literal, each from its least frequent
    letter of English, then an `in` per literal: 4 to 7 µs a log line, as most log lines hold
    a `"` or a `,` and many an `s` or a `y`.) On a long text each pass's literals are tested
    until one is found.
    """

    __slots__ = ("_always", "_any_rare", "_by_mask", "_direct", "_needs", "_rare")

    _LONG = 4096  # characters: from here on, `in` is the cheaper test

    def __init__(self, needs: list[tuple[str, ...]]) -> None:
        self._needs = tuple(needs)
        passes_of: dict[str, int] = {}
        always = 0
        for index, one in enumerate(needs):
            if not one:
                always |= 1 << index
            for literal in one:
                passes_of[literal] = passes_of.get(literal, 0) | 1 << index
        self._always = always
        literals = sorted(passes_of, key=len, reverse=True)
        rare = [literal for literal in literals if _found_from_rare(literal)]
        self._direct = tuple(
            (literal, passes_of[literal]) for literal in literals if literal not in rare
        )
        self._rare = tuple((literal, passes_of[literal]) for literal in rare)
        self._any_rare = (
            re.compile(trie([_from_rarest(literal) for literal in rare])) if rare else None
        )
        self._by_mask: dict[int, list[int]] = {}

    def needed(self, text: str) -> list[int]:
        """The indices of the passes that `text` holds a literal of (or that need none), in
        order."""
        if len(text) >= self._LONG:
            return [
                index
                for index, one in enumerate(self._needs)
                if not one or any(literal in text for literal in one)
            ]
        mask = self._always
        for literal, passes in self._direct:
            if literal in text:
                mask |= passes
        if self._any_rare is not None and self._any_rare.search(text) is not None:
            for literal, passes in self._rare:
                if literal in text:
                    mask |= passes
        indices = self._by_mask.get(mask)
        if indices is None:
            if len(self._by_mask) >= 4096:
                self._by_mask.clear()
            indices = self._by_mask[mask] = [
                index for index in range(len(self._needs)) if mask >> index & 1
            ]
        return list(indices)


# Characters most log lines hold: a literal that `_from_rarest` would find from one of them
# (its least frequent character is one) is tested with `in`, not searched for.
_COMMON_IN_LOGS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 \t-_/.:=")


def _found_from_rare(literal: str) -> bool:
    """Whether `literal` is longer than one character and `_from_rarest` finds it from a
    character few log lines hold."""
    if len(literal) < 2:
        return False
    lead = _from_rarest(literal)
    return (lead[1] if lead[0] == "\\" else lead[0]) not in _COMMON_IN_LOGS


# Letters from the most frequent in English text to the least.
_BY_FREQUENCY = "etaoinshrdlcumwfgypbvkjxqz"


def _rarity(char: str) -> int:
    if char == " ":
        return 0
    if char in _BY_FREQUENCY:
        return 1 + _BY_FREQUENCY.index(char)
    return 100 if not char.isalpha() or char.isupper() else 50


def _from_rarest(literal: str) -> str:
    """A pattern that matches `literal` where it is, found from its least frequent character
    (`"one hundred"`: from the `u`, the rest before it checked behind): `re` skips ahead to
    the first characters of an alternation, and a space or an `o` is everywhere in a log."""
    at = max(range(len(literal)), key=lambda index: (_rarity(literal[index]), -index))
    behind = f"(?<={re.escape(literal[: at + 1])})" if at else ""
    return re.escape(literal[at]) + behind + re.escape(literal[at + 1 :])

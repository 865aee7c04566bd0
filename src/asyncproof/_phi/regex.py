"""Two ways to build fast patterns: a trie of many labels, a scan split by first character."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

Scanner = Callable[[str], Iterator["re.Match[str]"]]

_META = set("\\[](){}?*+|.^$")


def _split_literal_prefix(pattern: str) -> tuple[str, str]:
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
        literal, rest = _split_literal_prefix(pattern)
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

    __slots__ = ("searches",)

    def __init__(self, leads: tuple[str, ...], rest: str) -> None:
        by_first: dict[str, list[str]] = {}
        for lead in leads:
            # A literal first character, not quantified: `P\.?` is fine, `P?` or `[Pp]` is not.
            assert lead[0] not in _META, lead
            assert lead[0] != "\\", lead
            assert len(lead) == 1 or lead[1] not in "?*+{", lead
            by_first.setdefault(lead[0], []).append(lead)
        self.searches = [
            re.compile("(?:{}){}".format("|".join(group), rest)).search
            for group in by_first.values()
        ]

    def __call__(self, text: str) -> Iterator[re.Match[str]]:
        searches = self.searches
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
    pattern = "(?:{}){}".format("|".join(leads), rest) if leads else rest
    return re.compile(pattern).finditer

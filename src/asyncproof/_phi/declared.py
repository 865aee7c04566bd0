"""Identifiers a project declares itself: its own MRN, claim or accession number formats.

No detector knows every field's numbers (`CV-0019044` is an MRN in one practice and an
opaque key in another); the project that writes them does. What it declares is laid over
what the rules and the learned look found, once they are done: they read the text as if
nothing were declared, so a declaration can add to what is redacted, never take from it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable
from typing import NamedTuple

from asyncproof._phi.engine import LABELLED, Candidate


class _Declared(NamedTuple):
    pattern: re.Pattern[str]
    kind: str
    owner: Hashable  # `None` (`declare_identifier`) or the pytest session that declared it


_DECLARED: list[_Declared] = []
# The pytest sessions running, innermost last (pytester runs one inside another): a session
# sees what was declared without an owner and its own ini file's lines, not its outer's.
_SESSIONS: list[Hashable] = []
_changes = 0


def changes() -> int:
    """A count that moves whenever what is declared may have changed (for callers that
    remember what a text was found to hold)."""
    return _changes


def declare(pattern: str, kind: str, owner: Hashable = None) -> None:
    """Report every match of `pattern` as PHI of `kind` from now on.

    Raises:
        TypeError: `pattern` or `kind` is not a `str`.
        ValueError: `kind` is not one of `PHI_KINDS`, `pattern` is not a regular expression,
            or it matches the empty string.
    """
    global _changes
    from asyncproof._phi import PHI_KINDS  # (this module is imported by the package's own)

    if not isinstance(pattern, str) or not isinstance(kind, str):
        raise TypeError("a declared identifier is a pattern (str) and a kind (str)")
    if kind not in PHI_KINDS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(PHI_KINDS)}")
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise ValueError(f"`{pattern}` is not a regular expression: {error}") from None
    if compiled.fullmatch(""):
        raise ValueError(f"`{pattern}` matches the empty string: it would find PHI everywhere")
    _DECLARED.append(_Declared(compiled, kind, owner))
    _changes += 1


def forget(owner: Hashable = None) -> None:
    """Forget what `owner` declared (`None`: what was declared without one)."""
    global _changes
    _DECLARED[:] = [declared for declared in _DECLARED if declared.owner != owner]
    _changes += 1


def begin_session(owner: Hashable) -> None:
    """A pytest session starts: from now on what its outer sessions declared is hidden."""
    global _changes
    _SESSIONS.append(owner)
    _changes += 1


def end_session(owner: Hashable) -> None:
    """A pytest session ends: what it declared is forgotten, its outer's seen again."""
    forget(owner)
    if owner in _SESSIONS:
        _SESSIONS.remove(owner)


def matches(text: str) -> list[Candidate]:
    """Every declared identifier in `text` that stands alone (its first and last characters,
    when they are letters or digits, do not go on a longer run of them: `CV-\\d{7}` does not
    take `XCV-00190441`), sorted; matches that overlap are one span, of the first's kind."""
    if not _DECLARED:
        return []  # most projects declare nothing: one test a call
    session = _SESSIONS[-1] if _SESSIONS else None
    found: list[Candidate] = []
    for declared in _DECLARED:
        if declared.owner is not None and declared.owner != session:
            continue
        for match in declared.pattern.finditer(text):
            start, end = match.span()
            if start < end and not _inside_word(text, start, end):
                found.append((start, end, declared.kind, LABELLED))
    found.sort(key=lambda candidate: (candidate[0], candidate[0] - candidate[1]))
    merged: list[Candidate] = []
    for candidate in found:
        if merged and candidate[0] < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], candidate[1]), last[2], last[3])
        else:
            merged.append(candidate)
    return merged


def _inside_word(text: str, start: int, end: int) -> bool:
    goes_back = start > 0 and _word_character(text[start]) and _word_character(text[start - 1])
    goes_on = end < len(text) and _word_character(text[end - 1]) and _word_character(text[end])
    return goes_back or goes_on


def _word_character(character: str) -> bool:
    # (a combining mark goes on the letter before it: `e\u0301` is one letter)
    return character.isalnum() or unicodedata.category(character).startswith("M")


def over(chosen: list[Candidate], declared: list[Candidate]) -> list[Candidate]:
    """The values `chosen` (sorted, never overlapping) with `declared` put over them, losing
    nothing: a value found on the same span gives way to a declared identifier; a longer
    value found around one (a link, a file name) stays whole and takes it in; a value it
    overlaps otherwise keeps its part outside it."""
    kept: list[Candidate] = []
    covered: set[int] = set()  # the declared identifiers a longer value found takes in
    at = 0
    for candidate in chosen:
        start, end, kind, priority = candidate
        while at < len(declared) and declared[at][1] <= start:
            at += 1
        over_it = range(at, _first_after(declared, at, end))
        if not over_it:
            kept.append(candidate)
        elif declared[at][:2] != (start, end) and all(
            start <= declared[i][0] and declared[i][1] <= end for i in over_it
        ):
            kept.append(candidate)
            covered.update(over_it)
        else:
            for i in over_it:
                if start < declared[i][0]:
                    kept.append((start, declared[i][0], kind, priority))
                start = max(start, declared[i][1])
            if start < end:
                kept.append((start, end, kind, priority))
    kept += [found for i, found in enumerate(declared) if i not in covered]
    return sorted(kept)


def _first_after(declared: list[Candidate], at: int, end: int) -> int:
    """The index of the first of `declared` from `at` on that starts at or after `end`."""
    while at < len(declared) and declared[at][0] < end:
        at += 1
    return at

"""Identifiers a project declares itself: its own MRN, claim or accession number formats.

No detector knows every field's numbers (`CV-0019044` is an MRN in one practice and an
opaque key in another); the project that writes them does. What it declares is reported
wherever it is written, before and over what the rules and the learned look find.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import NamedTuple

from asyncproof._phi.engine import LABELLED, Candidate


class _Declared(NamedTuple):
    pattern: re.Pattern[str]
    kind: str
    owner: Hashable  # who declared it, so that a pytest session forgets only its own


_DECLARED: list[_Declared] = []


def declare(pattern: str, kind: str, owner: Hashable = None) -> None:
    """Report every match of `pattern` as PHI of `kind` from now on.

    Raises:
        TypeError: `pattern` or `kind` is not a `str`.
        ValueError: `kind` is not one of `PHI_KINDS`, `pattern` is not a regular expression,
            or it matches the empty string.
    """
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


def forget(owner: Hashable = None) -> None:
    """Forget what `owner` declared (`None`: what was declared without one)."""
    _DECLARED[:] = [declared for declared in _DECLARED if declared.owner != owner]


def forget_all() -> None:
    """Forget every declared identifier."""
    _DECLARED.clear()


def matches(text: str) -> list[Candidate]:
    """Every declared identifier in `text` that stands alone (not inside a longer run of
    letters and digits: `CV-\\d{7}` does not take `XCV-00190441`), sorted, never
    overlapping (the first wins, then the longer)."""
    if not _DECLARED:
        return []  # most projects declare nothing: one test a call
    found: list[Candidate] = []
    for declared in _DECLARED:
        for match in declared.pattern.finditer(text):
            start, end = match.span()
            if start < end and not _inside_word(text, start, end):
                found.append((start, end, declared.kind, LABELLED))
    found.sort(key=lambda candidate: (candidate[0], candidate[0] - candidate[1]))
    alone: list[Candidate] = []
    for candidate in found:
        if not alone or candidate[0] >= alone[-1][1]:
            alone.append(candidate)
    return alone


def _inside_word(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())


def over(chosen: list[Candidate], declared: list[Candidate]) -> list[Candidate]:
    """`chosen` (sorted, never overlapping) with `declared` put over it, losing nothing: a mark
    of no PHI, or a value found on the same span, gives way to a declared identifier; a longer
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
        elif not kind:
            continue  # a mark of no PHI: what was declared is PHI all the same
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

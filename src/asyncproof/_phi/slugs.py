"""Names written as one token: in file names, slugs and URLs, with no label around them.

`brennan_liam_discharge.pdf`, `/patients/okafor-chidi`, `?q=Mirela+Dragomir`,
`Eun-ji%20Park`: two to six words joined by `_`, `-`, `+` or `%20`, in any case. Two
neighbouring words are taken for a name when both are in the list of names and one is a first
name that `names.is_name` takes with the other, in either order (`dag_run`, `vin_len`,
`react-dom` are not); the name words next to them (`ruth-ellen-pasternak`) come with them.
(`Saint-Laurent`, capitalised words joined by `-`, is one word of a name: `names` reads those.)
"""

from __future__ import annotations

import re

from asyncproof._phi.engine import SHAPE, Candidate

_JOIN = r"(?:[_+-]|%20)"
_WORD = r"[A-Za-z][a-z]{1,20}|[A-Z]{2,20}"
# A run of joined words; the look-arounds keep it off the middle of a longer word.
# (It is looked for from its joints, `re` skipping ahead to a letter before `_`, `-`, `+` or
# `%`: trying the whole run after every space of a log was what made this scan slow.)
_RUN = re.compile(rf"(?:{_WORD})(?:{_JOIN}(?:{_WORD})){{1,5}}(?![A-Za-z0-9])")
_JOINT = re.compile(r"[A-Za-z](?:[_+-]|%20)[A-Za-z]")
# Where `_JOINT` matches, found from the joint (rare) rather than the letter before it (most
# characters of a log): `scan` runs `joined` only on a text this finds something in.
HAS_JOINT = re.compile(r"[_+-](?<=[A-Za-z][_+-])[A-Za-z]|%20(?<=[A-Za-z]%20)[A-Za-z]")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-%")
_TOKEN_REST = re.compile(r"[A-Za-z0-9_+%-]{0,400}")
_PART = re.compile(rf"{_WORD}")


def joined(text: str) -> list[Candidate]:
    """The names written as one joined token in `text`."""
    candidates: list[Candidate] = []
    at = 0
    # One token (letters, digits, `_+-%`) per joint found: read from its start, then skipped.
    # (`HAS_JOINT` from `at + 1` finds `_JOINT`'s next match from `at`, one character on.)
    while (joint := HAS_JOINT.search(text, at + 1)) is not None:
        letter = run_start = joint.start() - 1  # the letter before the joint
        while run_start > at and letter - run_start < 120 and text[run_start - 1] in _TOKEN_CHARS:
            run_start -= 1
        token_end = _TOKEN_REST.match(text, joint.end()).end()  # type: ignore[union-attr]
        at = token_end
        found = _RUN.match(text, run_start, token_end)
        if found is None:
            continue
        run = found.group()
        if run in _VERDICTS:
            span = _VERDICTS[run]
        else:
            if len(_VERDICTS) >= 4096:
                _VERDICTS.clear()
            span = _VERDICTS[run] = _name_in(run)
        if span is not None:
            candidates.append((run_start + span[0], run_start + span[1], "NAME", SHAPE))
    return candidates


# The same joined tokens come back line after line in a log (`request_id`, `lab-sync`).
_VERDICTS: dict[str, tuple[int, int] | None] = {}


def _name_in(run: str) -> tuple[int, int] | None:
    """Where the name is in a run of joined words, if one is."""
    from asyncproof._phi.names import is_name, known_name

    parts = [(part.start(), part.end(), part.group()) for part in _PART.finditer(run)]
    for index in range(len(parts) - 1):
        (a_start, _, a), (_, b_end, b) = parts[index], parts[index + 1]
        joint = run[parts[index][1] : parts[index + 1][0]]
        if len(a) + len(b) < 7 or not (known_name(a, english=True) and known_name(b, english=True)):
            continue
        if joint == "-" and a[:1].isupper() and b[:1].isupper() and not a.isupper():
            continue
        if not (is_name(a, b) or is_name(b, a)):
            continue
        start, end = a_start, b_end
        # `ruth-ellen-pasternak`: a name word on either side belongs to the name.
        if index >= 1 and known_name(parts[index - 1][2], english=True):
            start = parts[index - 1][0]
        if index + 2 < len(parts) and known_name(parts[index + 2][2], english=True):
            end = parts[index + 2][1]
        return start, end
    return None

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

from asyncproof._phi.blocks import LOW, UP
from asyncproof._phi.engine import SHAPE, Candidate

_JOIN = r"(?:[_+-]|%20)"
# (A name's letters in any Latin script, as `blocks` reads them: `Tomás-Quispe`,
# `wiśniewska_halina`.)
_WORD = rf"[{UP}{LOW}][{LOW}]{{1,20}}|[{UP}]{{2,20}}"
# A run of joined words; the look-arounds keep it off the middle of a longer word.
# (It is looked for from its joints, `re` skipping ahead to a letter before `_`, `-`, `+` or
# `%`: trying the whole run after every space of a log was what made this scan slow.)
_RUN = re.compile(rf"(?:{_WORD})(?:{_JOIN}(?:{_WORD})){{1,5}}(?![{UP}{LOW}0-9])")
# A letter, a joint and a letter: found from the joint (rare) rather than the letter before it
# (most characters of a log); `scan` runs `joined` only on a text this finds something in.
HAS_JOINT = re.compile(rf"[_+-](?<=[A-Z{LOW}][_+-])[{UP}{LOW}]|%20(?<=[A-Z{LOW}]%20)[{UP}{LOW}]")
# A token's characters, read back from a joint one at a time.
_TOKEN_CHAR = re.compile(rf"[{UP}{LOW}0-9_+%-]")
_TOKEN_REST = re.compile(rf"[{UP}{LOW}0-9_+%-]{{0,400}}")
_PART = re.compile(rf"{_WORD}")


def joined(text: str) -> list[Candidate]:
    """The names written as one joined token in `text`."""
    candidates: list[Candidate] = []
    at = 0
    # One token (letters, digits, `_+-%`) per joint found: read from its start, then skipped.
    # (`HAS_JOINT` from `at + 1` finds `_JOINT`'s next match from `at`, one character on.)
    while (joint := HAS_JOINT.search(text, at + 1)) is not None:
        letter = run_start = joint.start() - 1  # the letter before the joint
        while (
            run_start > at
            and letter - run_start < 120
            and _TOKEN_CHAR.match(text, run_start - 1) is not None
        ):
            run_start -= 1
        token_end = _TOKEN_REST.match(text, joint.end()).end()  # type: ignore[union-attr]
        at = token_end
        found = _RUN.match(text, run_start, token_end)
        if found is None:
            continue
        run = found.group()
        # A path's part or a file's name: `/Dimitriou-Eleni-statement.pdf`, `uploads/Ana-Lima/`.
        path = text[run_start - 1 : run_start] == "/" or text[found.end() : found.end() + 1] in (
            "/",
            ".",
        )
        # A birth date joined after it (`haddad_rami_19440709`, `mahlangu-sipho-1957-03-14`):
        # a record's file named after its person.
        date = _DATE_AFTER.match(text, found.end())
        dated = date is not None
        verdict = (run, path, dated)
        if verdict in _VERDICTS:
            span = _VERDICTS[verdict]
        else:
            if len(_VERDICTS) >= 4096:
                _VERDICTS.clear()
            span = _VERDICTS[verdict] = _name_in(run, path=path, dated=dated)
        if span is not None:
            candidates.append((run_start + span[0], run_start + span[1], "NAME", SHAPE))
            if date is not None and date.end() - date.start() > 5:
                # The person's date, whole (a year alone is no date of theirs).
                candidates.append((date.start() + 1, date.end(), "DATE", SHAPE))
    return candidates


# The same joined tokens come back line after line in a log (`request_id`, `lab-sync`).
_VERDICTS: dict[tuple[str, bool, bool], tuple[int, int] | None] = {}
# A date of the 1900s or 2000s joined after a run of words: `_19440709`, `-1957-03-14`.
_DATE_AFTER = re.compile(r"[_-](?:19|20)\d\d(?:-?[01]\d-?[0-3]\d)?(?![0-9])")


def _name_in(run: str, *, path: bool, dated: bool = False) -> tuple[int, int] | None:
    """Where the name is in a run of joined words, if one is (`path`: in a path or a file's
    name, where capitalised words joined by `-` are a name's parts too; `dated`: a date is
    joined after the run, and the last two words are a name when one is in the name lists and
    neither is an English word or a word of log text)."""
    from asyncproof._phi.names import is_name, known_name

    if dated:
        span = _dated_name(run)
        if span is not None:
            return span

    parts = [(part.start(), part.end(), part.group()) for part in _PART.finditer(run)]
    for index in range(len(parts) - 1):
        (a_start, _, a), (_, b_end, b) = parts[index], parts[index + 1]
        joint = run[parts[index][1] : parts[index + 1][0]]
        if len(a) + len(b) < 7:
            continue
        # Both in the list of names; in a path, two capitalised words of which one is a given
        # name that is no English word are enough (`Dimitriou-Eleni-statement.pdf`), as
        # `names.is_name` reads a pair (not `react-dom`).
        capitalised = a[:1].isupper() and b[:1].isupper()
        if not (path and capitalised) and not (
            known_name(a, english=True) and known_name(b, english=True)
        ):
            continue
        if joint == "-" and a[:1].isupper() and b[:1].isupper() and not a.isupper() and not path:
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


def _dated_name(run: str) -> tuple[int, int] | None:
    """The last two words of `run` when they are a name before a date (`OYELARAN_FUNMILAYO`,
    `nakashima_emiko`): one of them in the name lists, neither an English word."""
    from asyncproof._phi.kinds.name import _not_name_words
    from asyncproof._phi.names import known_name

    parts = list(_PART.finditer(run))
    if len(parts) < 2:
        return None
    a, b = parts[-2], parts[-1]
    if run[a.end() : b.start()] not in ("_", "-") or b.end() != len(run):
        return None
    words = (a.group(), b.group())
    if any(len(word) < 2 or known_name(word, english=True) != known_name(word) for word in words):
        return None  # an English word (`scan_report`)
    if any(word.capitalize() in _not_name_words() for word in words):
        return None
    if not any(known_name(word) for word in words):
        return None
    return a.start(), b.end()

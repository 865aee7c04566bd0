"""A learned second look: a linear model over each word the rules left, its shape, its
neighbours and what the rules found around it, reports the names the rules missed.

The rules find what they were written for; on text nobody tuned them for, what they miss is a
long tail (a surname alone in a headerless row, the first part of a slug) that no single rule
reaches. A model of the words around a value carries over to such text where more rules do not:
measured on corpora written blind and never trained on (see the guide's detector page).

Two logistic regressions over the same features (weights in `token_model.json`, written by
`python -m tests.phi.make_token_model`): one says cheaply whether a word may be PHI at all, the
other which kind it is. Scoring a word is a sum of the weights of its features, in pure Python,
so the package keeps no dependency. It only adds: what the rules chose (or marked as no PHI)
stays, and the model's finds are the words of letters outside it whose most likely class is
NAME with a probability over `THRESHOLD`. It was trained on every kind; its other kinds were
right about half the time on blind text, so they are not reported.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from asyncproof._phi.engine import Candidate
from asyncproof._phi.names import _lists, english_words

THRESHOLD = 0.5
"""The probability of NAME (by the model of kinds) over which a word the rules left is reported
(chosen on corpora held out of training, not on the sets the page scores as never trained
on)."""
GATE = 0.2
"""The probability of being PHI at all (by the yes-or-no model, one weight a feature) under which
a word is not scored by the model of kinds: most words of a log are turned away for the cost of
one sum."""
_GATE = math.log(GATE / (1 - GATE))
# A word whose own features score under this is not looked at in its context: on the corpus,
# about half the words are turned away so, and 1 in 800 of the model's finds with them.
_OWN_GATE = -4.5

# A word: letters and digits, with the combining marks and zero-width characters inside it
# (`Li\u0301ma` is one word, not `Li` and `ma`).
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u200b-\u200d\u2060])*")
# The key a value is written after: `patient_name=`, `"dob": "`, `Guarantor: `, `PID|`.
_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_. -]{0,30}?)\s*[\"']?\s*[:=|]\s*[\"'(\[{]?\s*$")
_KEY_PART = re.compile(r"[_. -]")
_UPPER, _LOWER, _DIGIT, _OTHER = (re.compile(p) for p in (r"[A-Z]", r"[a-z]", r"\d", r"[^Xxd]"))
_RUN = re.compile(r"(.)\1{2,}")
# What the words of one name are joined over: `Ana Lima`, `Smith-Jones`, `O'Neil`, `LIMA^ANA`,
# `Lima, Ana`, `J. Lima` (not `^^`: an HL7 street and its city).
_JOIN = re.compile(r"[ '\-^]|, |\. ?")
# Shortest name reported: what is found is also taken out wherever it is written again, from
# three characters (`_recurring_anywhere`); two letters are mostly words (`DE`, `AL`).
_SHORTEST = 3
_MONTHS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
_NO_KIND = "O"
_LINE = re.compile(r"[^\r\n]+")


@functools.lru_cache(maxsize=4096)
def shape(word: str) -> str:
    """`Lima` -> `Xxx`, `MRN00123` -> `XXdd` (runs of three or more cut to two)."""
    word = _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))
    return _RUN.sub(r"\1\1", _OTHER.sub("o", word))


def features(text: str, words: Sequence[re.Match[str]], kinds: Sequence[str]) -> list[list[str]]:
    """The features of each of `words` (matches in `text`), `kinds` being the kind the rules
    found each word part of (`"O"` for none). Training calls this; scoring sums the same
    features' weights, the word's own through a cache (`_word_scores`)."""
    context = _context(text, words, kinds)
    return [_own(word.group(), kinds[i]) + context(i) for i, word in enumerate(words)]


def _own(word: str, kind: str) -> list[str]:
    """The features of a word alone (and the kind the rules gave it)."""
    first, every_name, english_names = _lists()
    low = word.lower()
    capital = word[:1].upper() + word[1:].lower()
    found = ["b", "w=" + low, "sh=" + shape(word), "suf=" + low[-3:], "pre=" + low[:3]]
    found += ["len=" + str(min(len(word), 12)), "rule=" + kind]
    found += ["first"] * (capital in first) + ["name"] * (capital in every_name)
    found += ["engname"] * (capital in english_names) + ["eng"] * (low in english_words())
    if word.isdigit():
        found.append("dig" + str(min(len(word), 12)))
    return found


def _context(
    text: str, words: Sequence[re.Match[str]], kinds: Sequence[str]
) -> Callable[[int], list[str]]:
    """A function of a word's index giving the features of what is around it in `text`."""
    line = ["pipes"] * ("|" in text) + ["carets"] * ("^" in text)
    line += ["commas"] * (text.count(",") >= 3) + ["json"] * ('":' in text)
    count = len(words)
    shapes = [shape(word.group()) for word in words]
    lowered = [word.group().lower() for word in words]

    def around(i: int) -> list[str]:
        match = words[i]
        before = text[words[i - 1].end() if i else 0 : match.start()]
        after = text[match.end() : words[i + 1].start() if i + 1 < count else len(text)]
        found = ["sb=" + before[-3:], "sa=" + after[:3]]
        for d in (1, 2):
            p, q = i - d, i + d
            found += [
                f"p{d}=" + (lowered[p] if p >= 0 else "<s>"),
                f"n{d}=" + (lowered[q] if q < count else "</s>"),
                f"ps{d}=" + (shapes[p] if p >= 0 else "<s>"),
                f"ns{d}=" + (shapes[q] if q < count else "</s>"),
                f"pr{d}=" + (kinds[p] if p >= 0 else "S"),
                f"nr{d}=" + (kinds[q] if q < count else "S"),
            ]
        # (a key ends in `:`, `=` or `|` between the word and the one before it)
        key = ("=" in before or ":" in before or "|" in before) and _KEY.search(
            text, max(0, match.start() - 40), match.start()
        )
        if key:
            name = key.group(1).lower().strip()
            found += ["key=" + name, "keyl=" + _KEY_PART.split(name)[-1]]
        # (the word with the shape of the word two before it)
        found.append(f"w|sh={lowered[i]}|{shapes[i - 2] if i >= 2 else '<s>'}")
        return found + line

    return around


def words_and_kinds(
    text: str, chosen: Sequence[tuple[int, int, str]]
) -> tuple[list[re.Match[str]], list[str]]:
    """The words of `text`, and the kind of what the rules chose over each (`"O"`: none)."""
    words = list(_WORD.finditer(text))
    kinds = []
    at = 0
    for word in words:
        while at < len(chosen) and chosen[at][1] <= word.start():
            at += 1
        over = at < len(chosen) and chosen[at][0] < word.end()
        kinds.append(chosen[at][2] if over else _NO_KIND)
    return words, kinds


class _Model(NamedTuple):
    """Two linear models over the same features: whether a word may be PHI (one weight a
    feature, cheap), then which kind it is, or none (`"O"`)."""

    phi_bias: float
    phi: dict[str, float]
    kinds: list[str]
    kind_bias: list[float]
    kind: dict[str, list[tuple[int, float]]]  # feature -> [[kind's index, weight], ...]


def read_model(name: str) -> _Model:
    """The model stored in the package's data file `name`."""
    from importlib.resources import files

    return _Model(**json.loads(files("asyncproof._phi").joinpath(name).read_text("utf-8")))


@functools.cache
def _model() -> _Model:
    """The model in `token_model.json` (read on first use)."""
    return read_model("token_model.json")


def _phi_score(found: Iterable[str]) -> float:
    weights = _model().phi
    return sum(weights.get(feature, 0.0) for feature in found)


def _kind_scores(scores: list[float], found: Iterable[str]) -> list[float]:
    weights = _model().kind
    for feature in found:
        for index, weight in weights.get(feature, ()):
            scores[index] += weight
    return scores


@functools.lru_cache(maxsize=4096)
def _own_scores(word: str) -> tuple[float, tuple[float, ...]]:
    """Both models' biases plus the weights of a word's own features: the same word comes back
    again and again in a log, its context does not."""
    model, own = _model(), _own(word, _NO_KIND)
    return model.phi_bias + _phi_score(own), tuple(_kind_scores(list(model.kind_bias), own))


def _kind_of(word: str, found: list[str]) -> str:
    """The kind of PHI of a word the rules left, its context's features `found`, or `"O"` when
    it is not likely PHI."""
    phi, kinds = _own_scores(word)
    if phi + _phi_score(found) <= _GATE:  # sigmoid(score) <= GATE
        return _NO_KIND
    names = _model().kinds
    scores = _kind_scores(list(kinds), found)
    best = max((i for i, name in enumerate(names) if name != _NO_KIND), key=scores.__getitem__)
    top = max(scores)
    # softmax(scores)[best] > THRESHOLD, without dividing
    total = sum(math.exp(score - top) for score in scores)
    return names[best] if math.exp(scores[best] - top) > THRESHOLD * total else _NO_KIND


def _scored(word: str, kind: str) -> bool:
    """Whether a word is looked at in its context: one the rules left (`"O"`), of two letters or
    more and no digit (the model reports names only; 3 of the ~330 it found on four blind sets
    held a digit), whose own features do not rule it out (`_OWN_GATE`)."""
    return kind == _NO_KIND and word.isalpha() and _worth_a_look(word)


@functools.lru_cache(maxsize=4096)
def _worth_a_look(word: str) -> bool:
    """Whether a word of letters is worth its context, whatever the rules made of it (`_scored`
    asks that too)."""
    return len(word) > 1 and _own_scores(word)[0] > _OWN_GATE


def _runs(
    text: str, words: Sequence[re.Match[str]], kinds: Sequence[str]
) -> Iterator[tuple[int, int]]:
    """The runs of words of one kind, joined over short separators: the index of each run's
    first word and of the word after its last."""
    first = None
    for i, kind in enumerate(kinds):
        joined = (
            first is not None
            and kind == kinds[first]
            and _JOIN.fullmatch(text, words[i - 1].end(), words[i].start())
        )
        if first is not None and not joined:
            yield first, i
            first = None
        if first is None and kind != _NO_KIND:
            first = i
    if first is not None:
        yield first, len(kinds)


def _is_given_name_before(line: str, word: re.Match[str], name_start: int) -> bool:
    """Whether `word`, a space before a name the model found, is a given name the rules left
    (`Will` of `Will Pettibone`: the model reads the surname, and a first name that is an
    English word too is no evidence to it)."""
    text = word.group()
    return (
        word.end() + 1 == name_start
        and line[word.end()] == " "
        and (text[:1].isupper() and text[1:].islower() and text in _lists()[0])
    )


def missed(text: str, chosen: Sequence[Candidate]) -> list[Candidate]:
    """What the model finds in `text` outside what the rules `chose` (sorted, as `scan`'s)."""
    more: list[Candidate] = []
    at = 0  # the first of `chosen` that does not end before this line
    # Line by line, as it was trained; `\r\n` and a lone `\r` end a line as `\n` does.
    for line in _LINE.finditer(text):
        start, end = line.span()
        while at < len(chosen) and chosen[at][1] <= start:
            at += 1
        last = at
        while last < len(chosen) and chosen[last][0] < end:
            last += 1
        more += _missed_in_line(line.group(), start, chosen[at:last])
    return more


def _missed_in_line(line: str, offset: int, chosen: Sequence[Candidate]) -> list[Candidate]:
    # Most lines hold no word worth its context (`_scored`): asked of the line's words of
    # letters, one cached answer a word, before any word's kind and context are worked out.
    if not any(map(_worth_a_look, filter(str.isalpha, _WORD.findall(line)))):
        return []
    local = [(s - offset, e - offset, k) for s, e, k, _ in chosen]
    words, kinds = words_and_kinds(line, local)
    if not words:
        return []
    scored = [
        i
        for i, (word, kind) in enumerate(zip(words, kinds, strict=True))
        if _scored(word.group(), kind)
    ]
    if not scored:
        return []  # most lines: no word worth its context
    # A word the rules marked as no PHI (`""`: an insurer's name in HL7) is not scored; to its
    # neighbours it is a word the rules left, as training saw it.
    around = _context(line, words, [kind or _NO_KIND for kind in kinds])
    guessed = [_NO_KIND] * len(words)
    for i in scored:
        guessed[i] = _kind_of(words[i].group(), around(i))
    found: list[Candidate] = []
    for first, after in _runs(line, words, guessed):
        start, end, kind = words[first].start(), words[after - 1].end(), guessed[first]
        value = line[start:end]
        if (
            kind != "NAME"
            or len(value) < _SHORTEST
            or value.lower() in english_words()
            or value in _MONTHS
        ):
            # Only names: the model's other kinds were right about half the time on the blind
            # sets (its names, 19 in 20). One English word (`Price`, `Will`) or month is none.
            continue
        if (
            first
            and kinds[first - 1] == _NO_KIND
            and _is_given_name_before(line, words[first - 1], start)
        ):
            start = words[first - 1].start()
        found.append((start + offset, end + offset, kind, 0))
    return found

"""A unified diff of exactly the bytes `migrate` would write, in time that grows linearly.

`difflib.unified_diff` searches the whole file again for every change it finds, so a module with
thousands of rewritten tests takes minutes. The codemod only ever changes lines in place, so the
lines found once in each version, in the same order (patience diff's anchors), split the files
into short stretches, and difflib only compares those.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence

__all__ = ["split_lines", "unified_diff"]

# Python's own line ends: not str.splitlines, which also splits on form feeds and U+2028.
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    """`text` as Python sees its lines, each with its own line end (CRLF, CR or LF)."""
    return _LINES.findall(text)


def _anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Positions of the lines unique in both `a` and `b`, longest run in the same order."""
    count_a, count_b = Counter(a), Counter(b)
    in_b = {line: j for j, line in enumerate(b) if count_b[line] == 1}
    pairs = [(i, in_b[line]) for i, line in enumerate(a) if count_a[line] == 1 and line in in_b]
    # Longest increasing subsequence of the b positions (patience sorting), O(n log n).
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        slot = bisect_left(tails, j)
        if slot == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[slot] = j
            tail_index[slot] = k
        previous[k] = tail_index[slot - 1] if slot else -1
    chain: list[tuple[int, int]] = []
    k = tail_index[-1] if tail_index else -1
    while k != -1:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


class _AnchoredMatcher(difflib.SequenceMatcher[str]):
    """A SequenceMatcher whose matching blocks come from anchors plus difflib between them."""

    def __init__(self, a: list[str], b: list[str]) -> None:
        super().__init__(None, a, b, autojunk=False)
        self._before, self._after = a, b
        self._blocks: list[difflib.Match] | None = None

    def get_matching_blocks(self) -> list[difflib.Match]:
        if self._blocks is not None:
            return self._blocks
        a, b = self._before, self._after
        blocks: list[tuple[int, int, int]] = []
        start_a = start_b = 0
        for end_a, end_b in [*_anchors(a, b), (len(a), len(b))]:
            if start_a < end_a and start_b < end_b:  # most stretches between anchors are empty
                stretch = difflib.SequenceMatcher(None, a[start_a:end_a], b[start_b:end_b], False)
                blocks += [
                    (start_a + i, start_b + j, n) for i, j, n in stretch.get_matching_blocks()
                ]
            if end_a < len(a):
                blocks.append((end_a, end_b, 1))
            start_a, start_b = end_a + 1, end_b + 1
        merged: list[list[int]] = []
        for i, j, n in blocks:
            if not n:
                continue
            if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
                merged[-1][2] += n
            else:
                merged.append([i, j, n])
        self._blocks = [difflib.Match(*block) for block in merged]
        self._blocks.append(difflib.Match(len(a), len(b), 0))
        return self._blocks


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _lines(before: list[str], after: list[str], fromfile: str, tofile: str) -> Iterator[str]:
    matcher = _AnchoredMatcher(before, after)
    for index, group in enumerate(matcher.get_grouped_opcodes(3)):
        if index == 0:
            yield f"--- {fromfile}\n"
            yield f"+++ {tofile}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in before[i1:i2])
                continue
            if tag in ("replace", "delete"):
                yield from ("-" + line for line in before[i1:i2])
            if tag in ("replace", "insert"):
                yield from ("+" + line for line in after[j1:j2])


def unified_diff(before: str, after: str, fromfile: str, tofile: str) -> str:
    """The unified diff from `before` to `after`, line ends as they are in each text.

    A line without a line end (the last one) is followed by `\\ No newline at end of file`,
    as in git's diffs.
    """
    out: list[str] = []
    for line in _lines(split_lines(before), split_lines(after), fromfile, tofile):
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)

"""Values that stand as a field of their own: quoted, in brackets, or between commas, tabs,
pipes or `;` (`'30318'`, `,F,20910`, `| 55104`, `(3301845)`).

The value's pattern is matched first and what surrounds it checked after: a look-behind in
front of the pattern would be tried at every position of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_OPENS = frozenset("([\t,;|'\"")
_CLOSES = frozenset(")]\t,;|'\"")


def standing(
    text: str, pattern: re.Pattern[str], *, columns: bool = False
) -> Iterator[re.Match[str]]:
    """The matches of `pattern` in `text` that stand as a field (up to two spaces around);
    with `columns`, two spaces or more on a side stand for a delimiter there, as in a table
    printed with spaces (`Lorenzo Bianchi   93  40126`)."""
    for match in pattern.finditer(text):
        start, end = match.start(), match.end()
        before = start - 1
        while before >= 0 and start - before <= 2 and text[before] == " ":
            before -= 1
        if before >= 0 and text[before] not in _OPENS and not (columns and start - before > 2):
            continue
        after = end
        while after < len(text) and after - end < 2 and text[after] == " ":
            after += 1
        if after < len(text) and text[after] not in _CLOSES and not (columns and after - end == 2):
            continue
        yield match

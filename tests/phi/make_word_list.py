"""Write `src/asyncproof/_phi/english_words.txt`, the English vocabulary of strict redaction.

    apt-get install wamerican
    python -m tests.phi.make_word_list

The list is SCOWL's American English list as Debian's `wamerican` ships it (SCOWL's licence:
free to use, copy, modify and distribute with its copyright notice, which the file keeps).
Only the words it spells in lower case of the letters a-z are kept: a word the list writes
only capitalised (`Boston`, `Lucia`) is a proper noun, so strict redaction must not take it
for ordinary vocabulary. No word is added or removed by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests._support.paths import ROOT

OUT = ROOT / "src" / "asyncproof" / "_phi" / "english_words.txt"
WORDS = Path("/usr/share/dict/american-english")
HEADER = """\
# English words in lower case, from SCOWL (Spell Checker Oriented Word Lists) as Debian's
# wamerican package ships it. Written by `python -m tests.phi.make_word_list`; do not edit.
#
# Copyright 2000-2011 by Kevin Atkinson
#
# Permission to use, copy, modify, distribute and sell these word lists, the associated
# scripts, the output created from the scripts, and its documentation for any purpose is
# hereby granted without fee, provided that the above copyright notice appears in all copies
# and that both that copyright notice and this permission notice appear in supporting
# documentation. Kevin Atkinson makes no representations about the suitability of this array
# for any purpose. It is provided "as is" without express or implied warranty.
"""
_LOWER = re.compile(r"[a-z]+")


def main() -> int:
    words = sorted({w for w in WORDS.read_text("utf-8").split() if _LOWER.fullmatch(w)})
    lines, line = [], ""
    for word in words:  # about 100 characters a line: a smaller file than one word a line
        if len(line) + len(word) >= 100:
            lines.append(line)
            line = ""
        line = f"{line} {word}" if line else word
    lines.append(line)
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(words)} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

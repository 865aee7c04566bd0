"""One hash of everything the PHI detector says about the corpus: the check that a speed change
changes nothing else.

For every line of every file in `tests/phi/corpus/` (markup removed, comments kept: they are
text too) and for each whole file as one text: `find_phi`'s spans and kinds, `contains_phi`,
`redact_phi` and `redact_phi(strict=True)`. Each is hashed on its own, so a change shows which
output moved.

    python -m tests._support.phi_output_hash     # prints one digest per output, then all

The lines are read in the files' order, then the whole files, then the lines again in reverse:
a cache that kept a verdict from one text to the next where it should not would show here.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable

from asyncproof.phi import contains_phi, find_phi, redact_phi
from tests._support.phi_metrics import CORPUS, parse_line


def corpus_texts() -> tuple[list[str], list[str]]:
    """Every line of every corpus file (markup removed), and each file as one text."""
    lines: list[str] = []
    files: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        plain = [parse_line(line)[0] for line in path.read_text(encoding="utf-8").splitlines()]
        lines += [line for line in plain if line]
        files.append("\n".join(plain))
    return lines, files


def _outputs() -> dict[str, Callable[[str], object]]:
    return {
        "find_phi": lambda text: [(m.start, m.end, m.kind) for m in find_phi(text)],
        "contains_phi": contains_phi,
        "redact_phi": redact_phi,
        "redact_phi_strict": lambda text: redact_phi(text, strict=True),
    }


def digests(texts: Iterable[str] | None = None) -> dict[str, str]:
    """The digest of each output over `texts` (the corpus, read as the module says, if None)."""
    if texts is None:
        lines, files = corpus_texts()
        texts = [*lines, *files, *reversed(lines)]
    texts = list(texts)
    result: dict[str, str] = {}
    for name, output in _outputs().items():
        digest = hashlib.sha256()
        for text in texts:
            digest.update(repr(output(text)).encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        result[name] = digest.hexdigest()[:16]
    every = hashlib.sha256("".join(result.values()).encode()).hexdigest()[:16]
    result["all"] = every
    return result


def main() -> int:
    for name, value in digests().items():
        print(f"{name:18} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

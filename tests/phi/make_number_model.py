"""Train the learned look at record numbers (`asyncproof._phi.learned_numbers`) and write
`number_model.json`.

    pip install scikit-learn && python -m tests.phi.make_number_model [--hold-out blind_v17.txt ...]

Trained on the corpus files `make_token_model` trains on (never the sets marked never tuned),
one example per token `learned_numbers.candidates` gives: its features
(`learned_numbers.features`, the same function that scores it) and the kind of the marked value
it overlaps, or `O`. The tokens are those the rules and the model of names leave, found as
`scan` finds them. The same two logistic regressions as `make_token_model`'s (`fit`); features
seen fewer than `MIN_COUNT` times are dropped and weights under `PRUNE` are not stored.
With `--hold-out`, those files are left out of training and scored instead (how
`learned_numbers.THRESHOLD` was chosen), and nothing is written.
"""

from __future__ import annotations

import argparse
import math

from asyncproof import _phi
from asyncproof._phi import learned, learned_numbers
from tests._support.paths import ROOT
from tests._support.phi_metrics import Example, load_corpus
from tests.phi.make_token_model import fit, training_files, write_or_score

OUT = ROOT / "src" / "asyncproof" / "_phi" / "number_model.json"
MIN_COUNT = 2
PRUNE = 0.05


def rows(examples: list[Example]) -> tuple[list[list[str]], list[str]]:
    x: list[list[str]] = []
    y: list[str] = []
    for example in examples:
        chosen = _phi._by_rules(example.text, any_found=False, gated=True)
        chosen = chosen + learned.missed(example.text, chosen)
        for offset, line, around, tokens in learned_numbers.scored_tokens(example.text, chosen):
            for start, end in tokens:
                x.append(learned_numbers.features(line, start, end, around))
                y.append(_label(example.spans, offset + start, offset + end))
    return x, y


def _label(spans: tuple, start: int, end: int) -> str:
    """The kind of the first marked value the token overlaps, or `O`."""
    return next((kind for s, e, kind in spans if s < end and start < e), learned_numbers._NO_KIND)


def train(files: list[str]) -> dict:
    """Both models of `learned._Model`, fitted on `files`, as `number_model.json` stores them."""
    x, y = rows(load_corpus(files))
    model = fit(x, y, min_count=MIN_COUNT, prune=(PRUNE, PRUNE), max_iter=3000)
    print(f"{len(files)} files, {len(y)} tokens: {model.pop('summary')}")
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hold-out", nargs="+", default=[])
    parser.add_argument("--threshold", type=float, help="with --hold-out: THRESHOLD to try")
    parser.add_argument("--threshold-alone", type=float, help="... and THRESHOLD_ALONE")
    args = parser.parse_args()
    if args.threshold is not None:
        learned_numbers._LOGIT = math.log(args.threshold / (1 - args.threshold))
    if args.threshold_alone is not None:
        alone = args.threshold_alone
        learned_numbers._ALONE_LOGIT = math.log(alone / (1 - alone))
    write_or_score(train(training_files(set(args.hold_out))), OUT, args.hold_out, _score_with)


def _score_with(model: dict, files: list[str]) -> None:
    """Print the held-out files' figures with `model`, and without the look at numbers."""
    from tests.phi.make_token_model import print_scores

    original = learned_numbers._model
    try:
        learned_numbers._model = lambda: learned_numbers._Model(**model)  # type: ignore[method-assign]
        print_scores(files, "with it")
        learned_numbers._model = lambda: learned_numbers._Model(-99.0, {}, ["O"], [0.0], {})  # type: ignore[method-assign]
        print_scores(files, "without")
    finally:
        learned_numbers._model = original  # type: ignore[method-assign]


if __name__ == "__main__":
    main()

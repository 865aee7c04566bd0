"""Train the learned second look (`asyncproof._phi.learned`) and write `token_model.json`.

    pip install scikit-learn && python -m tests.phi.make_token_model [--hold-out blind_v17.txt ...]

Trained on every corpus file the suite scores as tuned against (the sets marked never tuned in
`tests/_support/phi_metrics.SETS` are never read here), one example per word: its features
(`learned.features`, the same function that scores it) and the kind of the marked value it is
part of, or `O`. The rules' own finds are features, so the model learns where they are trusted
and what they leave. scikit-learn's multinomial logistic regression; features seen fewer than
`MIN_COUNT` times are dropped and weights under `PRUNE`, or of features no scored word has, are
not stored, to keep the file small.
With `--hold-out`, those files are left out of training and scored instead (how `THRESHOLD`
was chosen), and nothing is written.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from asyncproof._phi import learned, scan
from tests._support.paths import ROOT
from tests._support.phi_metrics import CORPUS, SETS, Example, load_corpus

OUT = ROOT / "src" / "asyncproof" / "_phi" / "token_model.json"
# Chosen with --hold-out blind_v17.txt blind_v18.txt: dropping rarer features and smaller
# weights cost those sets up to a point of recall; these keep them within 0.3 of a point at
# 1 MB (2.7 MB at 2 / 0.02 / 0.05).
MIN_COUNT = 3
PRUNE = 0.1
PRUNE_KIND = 0.2
C = 1.0  # scikit-learn's default regularisation


def training_files(held_out: set[str]) -> list[str]:
    never_tuned = {name for _, files, tuned in SETS if not tuned for name in files or ()}
    return sorted(
        path.name
        for path in CORPUS.glob("*.txt")
        if path.name not in never_tuned and path.name not in held_out
    )


def labels(words: list, spans: tuple) -> list[str]:
    """Each word's kind: that of the marked value holding (at least half of) it."""
    out = []
    for word in words:
        kind = learned._NO_KIND
        for start, end, marked in spans:
            inside = min(end, word.end()) - max(start, word.start())
            if inside > 0 and inside * 2 >= word.end() - word.start():
                kind = marked
                break
        out.append(kind)
    return out


def rows(examples: list[Example]) -> tuple[list[list[str]], list[str]]:
    x: list[list[str]] = []
    y: list[str] = []
    for example in examples:
        chosen = [(s, e, k) for s, e, k, _ in scan(example.text, learned_too=False)]
        words, kinds = learned.words_and_kinds(example.text, chosen)
        if words:
            x += learned.features(example.text, words, kinds)
            y += labels(words, example.spans)
    return x, y


def train(files: list[str]) -> dict:
    """Both models of `learned._Model`, fitted on `files`, as the JSON file stores them."""
    x, y = rows(load_corpus(files))
    model = fit(x, y, min_count=MIN_COUNT, prune=(PRUNE, PRUNE_KIND), max_iter=400, keep=_can_fire)
    print(f"{len(files)} files, {len(y)} words: {model.pop('summary')}")
    return model


def fit(
    x: list[list[str]],
    y: list[str],
    *,
    min_count: int,
    prune: tuple[float, float],
    max_iter: int,
    keep: Callable[[str], bool] = lambda feature: True,
) -> dict:
    """A yes-or-no model (PHI or not) and a model of kinds over the features `x` of examples
    of kinds `y` (`"O"`: none), as `learned._Model` stores them (and a `summary` line):
    features seen fewer than `min_count` times are dropped, weights under `prune` (the first
    model's, the second's) or of features `keep` refuses are not stored. scikit-learn's
    logistic regressions (multinomial for the kinds)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for found in x for f in found)
    vectors = DictVectorizer()
    matrix = vectors.fit_transform([{f: 1 for f in found if counts[f] >= min_count} for found in x])
    names = vectors.get_feature_names_out()
    kept = [keep(feature) for feature in names]
    is_phi = [kind != learned._NO_KIND for kind in y]
    phi = LogisticRegression(C=C, max_iter=max_iter).fit(matrix, is_phi)
    kind = LogisticRegression(C=C, max_iter=max_iter).fit(matrix, y)
    phi_weights = {
        feature: round(float(w), 3)
        for feature, w, fires in zip(names, phi.coef_[0], kept, strict=True)
        if abs(w) >= prune[0] and fires
    }
    kind_weights: dict[str, list[list[float]]] = {}
    for column, feature in enumerate(names):
        if not kept[column]:
            continue
        pairs = [
            [row, round(float(w), 3)]
            for row, w in enumerate(kind.coef_[:, column])
            if abs(w) >= prune[1]
        ]
        if pairs:
            kind_weights[feature] = pairs
    return {
        "phi_bias": round(float(phi.intercept_[0]), 3),
        "phi": phi_weights,
        "kinds": [str(c) for c in kind.classes_],
        "kind_bias": [round(float(b), 3) for b in kind.intercept_],
        "kind": kind_weights,
        "summary": f"{sum(is_phi)} PHI, {matrix.shape[1]} features: {len(phi_weights)} weighted"
        f" for PHI, {len(kind_weights)} for its kind",
    }


def _can_fire(feature: str) -> bool:
    """Whether `feature` can be one of a scored word's: the model is trained on every word, but
    only words of letters are scored (`learned._scored`), so a feature of the word itself that
    holds a digit (`w=2026`, `sh=dd`, `dig4`) is never looked up and is not stored."""
    if feature.startswith("dig"):
        return False
    if feature.startswith("sh="):
        return "d" not in feature[3:]
    if feature.startswith(("w=", "suf=", "pre=")):
        return not any(c.isdigit() for c in feature.split("=", 1)[1])
    if feature.startswith("w|sh="):
        return not any(c.isdigit() for c in feature[5:].rsplit("|", 1)[0])
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hold-out", nargs="+", default=[])
    args = parser.parse_args()
    write_or_score(train(training_files(set(args.hold_out))), OUT, args.hold_out, _score_with)


def write_or_score(
    model: dict, out: Path, held_out: list[str], score_with: Callable[[dict, list[str]], None]
) -> None:
    """Write `model` to `out`; or, when files were `held_out` of its training, score them with
    it (in place of the stored model) and write nothing."""
    if held_out:
        score_with(model, held_out)
        return
    out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size:,} bytes)")


def _score_with(model: dict, files: list[str]) -> None:
    """Print recall, precision, leaking share and false lines of `files` with `model`."""
    original = learned._model
    learned._model = lambda: learned._Model(**model)  # type: ignore[method-assign]
    learned._own_scores.cache_clear()
    learned._worth_a_look.cache_clear()
    try:
        print_scores(files)
    finally:
        learned._model = original  # type: ignore[method-assign]
        learned._own_scores.cache_clear()
        learned._worth_a_look.cache_clear()


def print_scores(files: list[str], label: str = "") -> None:
    """Print each of `files`' recall, precision, leaking share and lines without PHI with a
    find, by `scan` line by line as it is now."""
    from tests._support.phi_metrics import redaction_reported, score_reported

    for name in files:
        examples = load_corpus([name])
        reports = [(e, [(s, t, k) for s, t, k, _ in scan(e.text)]) for e in examples]
        overall = score_reported(reports)["overall"]
        leak = redaction_reported((e, r, "") for e, r in reports if e.spans)
        false_lines = sum(1 for e, r in reports if r and not e.spans)
        print(
            f"{name}{' ' + label if label else ''}: recall {overall.recall:.3f}"
            f" precision {overall.precision:.3f}, leaking {leak.survival:.1%},"
            f" {false_lines} lines without PHI with a find"
        )


if __name__ == "__main__":
    main()

"""PHI detection throughput and recall: asyncproof against scrubadub and datafog, in one run.

    python bench/bench_phi.py [--megabytes 10] [--sample-megabytes 0.5]
    python bench/bench_phi.py --passes    # only where the µs of a line go, pass by pass

Pip packages this benchmark needs (besides asyncproof itself):
    scrubadub          # 2.0.x; pulls in phonenumbers, textblob, scikit-learn, python-stdnum
    datafog            # 4.x, its regex engine (`datafog.scan`)
    datafog-core       # optional: datafog's Rust core (`datafog_core.scan`)
    google-re2, ahocorasick-rs, pyahocorasick  # optional: the label scan on other engines
    presidio-analyzer  # optional: measured only if it runs without downloading a spaCy model

1. Builds ~10 MB of mixed log text: ordinary operational lines (from the corpus's hard
   negatives plus generated access and worker lines) with a corpus line holding PHI about
   every tenth line, as in a real clinical backend's logs.
2. Times (CPU time, best of several rounds: the machine may be shared) `asyncproof.find_phi`
   over all of it, and scrubadub's `Scrubber().iter_filth` over a
   sample (scrubadub is too slow for 10 MB in a benchmark run); scrubadub's MB/s is
   extrapolated from the sample and the output says so. Best of several rounds for each.
3. Recall of both tools on the labelled corpus (`tests/phi/corpus/`, all files). Kinds differ
   between the tools, so here a marked span counts as found when any reported match covers
   it, whatever its kind.

4. Per line, as a log filter and `phi_guard` call it: `contains_phi` on each of 2,000 short
   log lines (~55 characters, the same mix), in µs a line, against scrubadub on the same lines;
   then apart, the lines without PHI, those with some, and the cost of a call on `"x"`.
   Against scrubadub and datafog, each ratio also as the median of paired rounds (both timed
   in each round) with its range: the machine is shared, and the load moves a minimum.
5. Import of `asyncproof.phi` plus the first call (the patterns compile on first use), in a
   fresh interpreter: what the first failing test pays.

6. The same per line and whole-text figures for datafog (regex engine) and its Rust core.
7. The scan for labels (one alternation of every label, the most frequent scan) on the
   standard library's `re`, on google-re2 and, for its literal labels, on two Aho-Corasick
   automata: what each would save before it is added as a dependency.

8. With `--passes`: the time of each statement of `_found` (the rules, then the learned
   looks) and of `_by_rules` (a pass with its gate), per line, on the same short lines
   without PHI and with some: where a line's µs go.

Targets (issue 15): per line at least 20x scrubadub, whole text at least 25x, at no less
recall.
"""

from __future__ import annotations

import argparse
import ast
import collections
import inspect
import os
import random
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from asyncproof._phi import scan  # noqa: E402
from asyncproof.phi import contains_phi, find_phi, redact_phi  # noqa: E402
from tests._support import phi_metrics  # noqa: E402

ROUNDS = 3


def ordinary_lines(rng: random.Random, count: int) -> list[str]:
    templates = [
        '{ip} - - [01/Mar/2024:10:{m:02d}:{s:02d} +0000] "GET /v1/patients/pt-{n:04d}/labs '
        'HTTP/1.1" {status} {size} "-" "python-httpx/0.27.0"',
        "2024-03-01T10:{m:02d}:{s:02d}.{ms:03d}Z INFO clinic.worker job={job} "
        "request_id={uuid} took {ms}ms attempt={a}",
        "2024-03-01T10:{m:02d}:{s:02d}.{ms:03d}Z WARNING clinic.labs slow response "
        "patient_id=pt-{n:04d} elapsed_ms={size} retry_in=30s",
        "2024-03-01 10:{m:02d}:{s:02d},{ms:03d} ERROR [clinic.records] RecordNotFound: "
        "no patient record with id pt-{n:04d} (trace_id={hex})",
        'level=info msg="cache miss" key=labs:pt-{n:04d} ttl=300s version=2.14.{a}',
    ]
    negatives = [example.text for example in phi_metrics.load_corpus(["hard_negatives.txt"])]
    lines = []
    for _ in range(count):
        if rng.random() < 0.2:
            lines.append(rng.choice(negatives))
            continue
        lines.append(
            rng.choice(templates).format(
                ip=f"10.0.{rng.randrange(256)}.{rng.randrange(256)}",
                m=rng.randrange(60),
                s=rng.randrange(60),
                ms=rng.randrange(1000),
                n=rng.randrange(10000),
                status=rng.choice([200, 201, 404, 503]),
                size=rng.randrange(20000),
                job=rng.choice(["claims-export", "reminders", "lab-sync"]),
                uuid=f"{rng.getrandbits(128):032x}",
                hex=f"{rng.getrandbits(64):016x}",
                a=rng.randrange(5),
            )
        )
    return lines


def build_text(megabytes: float, seed: int = 1) -> str:
    rng = random.Random(seed)
    phi_lines = [example.text for example in phi_metrics.load_corpus() if example.spans]
    lines: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        chunk = [*ordinary_lines(rng, 9), rng.choice(phi_lines)]
        lines.extend(chunk)
        size += sum(len(line) + 1 for line in chunk)
    return "\n".join(lines)


def short_lines(count: int, seed: int = 2) -> list[str]:
    """`count` log lines of 30 to 80 characters, ~1 in 10 holding PHI (from the corpus)."""
    rng = random.Random(seed)
    phi_lines = [example.text for example in phi_metrics.load_corpus() if example.spans]
    ordinary = [line for line in ordinary_lines(rng, count * 4) if 30 <= len(line) <= 80]
    short_phi = [line for line in phi_lines if 30 <= len(line) <= 80]
    return [
        rng.choice(short_phi) if index % 10 == 9 else ordinary[index % len(ordinary)]
        for index in range(count)
    ]


def per_line_microseconds(check: Callable[[str], object], lines: list[str]) -> float:
    def run() -> None:
        for line in lines:
            check(line)

    return best_seconds(run) / len(lines) * 1e6


def first_call_milliseconds() -> tuple[float, float, float]:
    """Import of `asyncproof.phi`, then its first call, then the first call that reaches the
    learned looks at names and numbers (their weights load then: the first call's PHI is the
    rules'), in a fresh
    interpreter (CPU time, best of 3), with its bytecode cached as an installed package has it:
    a run before the timed ones writes it (to a directory of its own: PYTHONDONTWRITEBYTECODE,
    where set, would have every import compile the source again, ~45 ms that no user pays)."""
    code = (
        "import sys, time; sys.path[:0] = [{src!r}]; start = time.process_time(); "
        "from asyncproof.phi import contains_phi, find_phi; imported = time.process_time(); "
        "contains_phi('lookup failed for MRN 00482213, DOB 03/14/1950'); "
        "first = time.process_time(); find_phi('retry 2 for Pettibone failed, ref AP-77120934'); "
        "print(imported - start, first - imported, time.process_time() - first)"
    ).format(src=str(ROOT / "src"))
    runs = []
    with tempfile.TemporaryDirectory() as cache:
        environment = {**os.environ, "PYTHONPYCACHEPREFIX": cache}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        for round_ in range(ROUNDS + 1):
            output = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
                env=environment,
            ).stdout
            if round_:  # the first run wrote the bytecode
                imported, first, learned = (float(value) * 1e3 for value in output.split())
                runs.append((imported, first, learned))
    return min(run[0] for run in runs), min(run[1] for run in runs), min(run[2] for run in runs)


def best_seconds(function: Callable[[], object], rounds: int = ROUNDS) -> float:
    """The least CPU time of `rounds` calls: the machine is shared, and a wall clock counts
    the other processes' time too."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def paired_ratios(
    ours: Callable[[], object], theirs: Callable[[], object], rounds: int = 7
) -> tuple[float, float, float]:
    """Their CPU time over ours, round by round (each round times both, one after the other):
    the median and the range. On a shared machine the load drifts between the minimums of two
    separate series; within a round it moves both alike."""
    ratios = []
    for _ in range(rounds):
        ours_seconds = best_seconds(ours, rounds=1)
        ratios.append(best_seconds(theirs, rounds=1) / ours_seconds)
    ratios.sort()
    return ratios[len(ratios) // 2], ratios[0], ratios[-1]


def print_paired(name: str, what: str, ratios: tuple[float, float, float]) -> None:
    median, low, high = ratios
    print(
        f"paired ratio against {name}, {what}: median {median:.1f}x (range {low:.1f}-{high:.1f}x"
        " over the rounds)"
    )


def _timed_statements(function: object, index: int) -> tuple[ast.Module, list[str]]:
    """`function`'s source with a clock around each top-level statement, adding to
    `_spent[(index, n)]`; and a label for each (the first line of each, the last of an `if`'s
    body after it). The first statement timed is an empty one: what the clock itself costs."""
    source = textwrap.dedent(inspect.getsource(function))  # type: ignore[arg-type]
    tree = ast.parse(source)
    definition = tree.body[0]
    assert isinstance(definition, ast.FunctionDef)
    labels: list[str] = []
    body: list[ast.stmt] = []
    for statement in [ast.Pass(), *definition.body]:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            body.append(statement)  # the docstring
            continue
        segment = ast.get_source_segment(source, statement) or "pass"
        label = segment.splitlines()[0]
        if isinstance(statement, ast.If):
            last = ast.get_source_segment(source, statement.body[-1]) or ""
            label += "  ->  " + last.strip().splitlines()[0]
        body.append(ast.parse("_started = _clock()").body[0])
        # (In a `finally`: a statement that returns is counted too.)
        body.append(
            ast.Try(
                body=[statement],
                handlers=[],
                orelse=[],
                finalbody=ast.parse(
                    f"_spent[({index}, {len(labels)})] += _clock() - _started"
                ).body,
            )
        )
        labels.append(label)
    definition.body = body
    ast.fix_missing_locations(tree)
    return tree, labels


# What `contains_phi` runs, function by function: `_found` (the rules, then the learned looks)
# and, inside its first statement, `_by_rules` (each pass behind its gate).
TIMED = ("_found", "_by_rules")


def pass_costs(lines: list[str], rounds: int = 5) -> list[tuple[str, list[tuple[float, str]]]]:
    """µs per line of each top-level statement of the functions in `TIMED` (most are a gate and
    its pass), as `contains_phi` calls them: each recompiled with a clock around each
    statement, less what the clock costs around an empty statement. A statement that calls a
    timed function counts that function's time too. (A wall clock: a CPU clock costs more to
    read than most gates; the least of `rounds` runs.)"""
    import asyncproof._phi as phi_package

    spent: collections.Counter[tuple[int, int]] = collections.Counter()
    namespace = {**vars(phi_package), "_clock": time.perf_counter_ns, "_spent": spent}
    every_label = []
    for index, name in enumerate(TIMED):
        tree, labels = _timed_statements(getattr(phi_package, name), index)
        exec(compile(tree, f"<{name}, timed>", "exec"), namespace)
        every_label.append(labels)
    found = namespace["_found"]

    def run() -> None:
        for line in lines:
            found(line, any_found=True, gated=True, learned_too=True)

    run()  # warm up: patterns compiled, caches filled
    least: dict[tuple[int, int], float] = {}
    for _ in range(rounds):
        spent.clear()
        run()
        for key in [(i, n) for i, labels in enumerate(every_label) for n in range(len(labels))]:
            least[key] = min(least.get(key, float("inf")), spent[key] / len(lines) / 1e3)
    costs = []
    for index, name in enumerate(TIMED):
        clock = least[(index, 0)]
        labels = every_label[index]
        timed = [(max(0.0, least[(index, n)] - clock), labels[n]) for n in range(1, len(labels))]
        costs.append((name, timed))
    return costs


def print_pass_costs(lines: list[str]) -> None:
    for what, chosen in (
        ("without PHI", [line for line in lines if not contains_phi(line)]),
        ("with PHI", [line for line in lines if contains_phi(line)]),
    ):
        for name, costs in pass_costs(chosen):
            print(f"{name}, {len(chosen)} lines {what}: {sum(c for c, _ in costs):.1f} µs a line")
            for cost, label in costs:
                if cost >= 0.2:
                    print(f"  {cost:6.2f} µs  {label[:110]}")


def asyncproof_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.kind) for m in find_phi(text)]


def load_scrubadub() -> Callable[[str], list[tuple[int, int, str]]] | None:
    try:
        import scrubadub
    except ImportError as error:
        print(f"scrubadub: not installed ({error}); pip install scrubadub")
        return None
    scrubber = scrubadub.Scrubber()

    def spans(text: str) -> list[tuple[int, int, str]]:
        return [(f.beg, f.end, f.type) for f in scrubber.iter_filth(text)]

    return spans


def load_datafog() -> Callable[[str], list[tuple[int, int, str]]] | None:
    try:
        import datafog
    except ImportError as error:
        print(f"datafog: not installed ({error}); pip install datafog")
        return None

    def spans(text: str) -> list[tuple[int, int, str]]:
        return [(e.start, e.end, e.type) for e in datafog.scan(text).entities]

    return spans


def load_datafog_core() -> Callable[[str], list[tuple[int, int, str]]] | None:
    try:
        import datafog_core
    except ImportError as error:
        print(f"datafog-core: not installed ({error}); pip install datafog-core")
        return None

    def spans(text: str) -> list[tuple[int, int, str]]:
        found = []
        for finding in datafog_core.scan(text):
            start, end = _range(finding.codepoint_range)
            found.append((start, end, finding.entity_type))
        return found

    return spans


def _range(value: object) -> tuple[int, int]:
    if isinstance(value, tuple):
        return value[0], value[1]
    return value.start, value.end  # type: ignore[attr-defined]


def _without_lookarounds(pattern: str) -> str:
    """`pattern` with every `(?=...)`, `(?!...)`, `(?<=...)` and `(?<!...)` group removed."""
    out = []
    index = 0
    while index < len(pattern):
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), index) and (
            index == 0 or pattern[index - 1] != "\\"
        ):
            depth, index = 0, index
            while index < len(pattern):
                char = pattern[index]
                if char == "\\":
                    index += 2
                    continue
                if char == "[":  # a character class may hold parentheses
                    index = pattern.index("]", index + 2) + 1
                    continue
                depth += {"(": 1, ")": -1}.get(char, 0)
                index += 1
                if depth == 0:
                    break
            continue
        out.append(pattern[index])
        index += 1
    return "".join(out)


def label_scan_engines(text: str) -> None:
    """Time the label scan on `re`, google-re2 and Aho-Corasick over `text`."""
    from asyncproof._phi.engine import compiled

    pattern = compiled().labels
    lowered = "\n" + text.lower()
    ours = best_seconds(lambda: sum(1 for _ in pattern.finditer(lowered)))
    print(f"label scan, re (stdlib):   {len(text) / ours / 1e6:7.1f} MB/s")
    try:
        import re2

        # RE2 has no look-around: the label alternation without its guards (it then finds a
        # few more labels than ours, so the time is if anything in its favour).
        options = re2.Options()
        options.max_mem = 256 << 20
        theirs = re2.compile(_without_lookarounds(pattern.pattern), options)
        seconds = best_seconds(lambda: sum(1 for _ in theirs.finditer(lowered)))
        print(f"label scan, google-re2:    {len(text) / seconds / 1e6:7.1f} MB/s")
    except Exception as error:  # report whatever keeps it from running
        print(f"label scan, google-re2:    not measured ({type(error).__name__}: {error})")
    literals = sorted(
        {
            label
            for label in re.findall(r"[a-z][a-z _]{2,30}", pattern.pattern)
            if re.fullmatch(r"[a-z _]+", label)
        }
    )
    try:
        import ahocorasick_rs

        automaton = ahocorasick_rs.AhoCorasick(literals)
        seconds = best_seconds(lambda: len(automaton.find_matches_as_indexes(lowered)))
        print(
            f"label scan, ahocorasick-rs ({len(literals)} literal words only): "
            f"{len(text) / seconds / 1e6:7.1f} MB/s"
        )
    except ImportError as error:
        print(f"label scan, ahocorasick-rs: not installed ({error})")
    try:
        import ahocorasick

        automaton_c = ahocorasick.Automaton()
        for word in literals:
            automaton_c.add_word(word, word)
        automaton_c.make_automaton()
        seconds = best_seconds(lambda: sum(1 for _ in automaton_c.iter(lowered)))
        print(
            f"label scan, pyahocorasick ({len(literals)} literal words only): "
            f"{len(text) / seconds / 1e6:7.1f} MB/s"
        )
    except ImportError as error:
        print(f"label scan, pyahocorasick: not installed ({error})")


def compare(
    name: str,
    spans: Callable[[str], list[tuple[int, int, str]]],
    sample: str,
    lines: list[str],
    ours_rate: float,
    ours_line: float,
) -> None:
    """One peer's whole-text rate, recall and per-line cost, and our ratios against it."""
    sample_mb = len(sample.encode()) / 1_000_000
    rate = sample_mb / best_seconds(lambda: spans(sample))
    peer_recall, peer_precision = recall(spans)
    line = per_line_microseconds(spans, lines[:500])
    print(
        f"{name}: {rate:7.2f} MB/s on a {sample_mb:.1f} MB sample, {line:7.1f} µs a line; "
        f"corpus recall {peer_recall:.3f}, precision {peer_precision:.3f} (any kind)"
    )
    print(
        f"ratio against {name}: whole text {ours_rate / rate:.1f}x, per line "
        f"{line / ours_line:.1f}x"
    )
    few = lines[:500]
    print_paired(
        name,
        "per line (the same 500 lines)",
        paired_ratios(
            lambda: [contains_phi(line) for line in few], lambda: [spans(line) for line in few]
        ),
    )


def load_presidio() -> tuple[Callable[[str], list[tuple[int, int, str]]] | None, str]:
    try:
        import spacy.util
        from presidio_analyzer import AnalyzerEngine
    except ImportError as error:
        return None, f"not installed ({error})"
    if not spacy.util.is_package("en_core_web_lg"):
        return None, (
            "not measured: its default NLP engine needs the spaCy model en_core_web_lg, which "
            "presidio downloads at start-up, and this machine reaches no model host"
        )
    engine = AnalyzerEngine()

    def spans(text: str) -> list[tuple[int, int, str]]:
        return [(r.start, r.end, r.entity_type) for r in engine.analyze(text, language="en")]

    return spans, "ok"


def recall(detect: Callable[[str], list[tuple[int, int, str]]]) -> tuple[float, float]:
    examples = phi_metrics.load_corpus() + phi_metrics.load_corpus(
        [
            phi_metrics.INDEPENDENT,
            phi_metrics.INDEPENDENT_2,
            phi_metrics.HOLDOUT,
            phi_metrics.BLIND_HOLDOUT,
            phi_metrics.BLIND_V3,
            phi_metrics.BLIND_V4,
            phi_metrics.BLIND_V5,
        ]
    )
    overall = phi_metrics.score(examples, detect, same_kind=False)["overall"]
    return overall.recall, overall.precision


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--sample-megabytes", type=float, default=0.5)
    parser.add_argument("--passes", action="store_true", help="only the µs of each pass")
    args = parser.parse_args()
    if args.passes:
        print_pass_costs(short_lines(2000))
        return 0

    text = build_text(args.megabytes)
    sample = text[: int(args.sample_megabytes * 1_000_000)]
    megabytes = len(text.encode()) / 1_000_000
    sample_mb = len(sample.encode()) / 1_000_000
    print(f"input: {megabytes:.1f} MB of mixed log text, ~1 line in 10 holds PHI")

    imported, first, learned = first_call_milliseconds()
    print(
        f"asyncproof: import {imported:.1f} ms, then first call {first:.1f} ms, then first call "
        f"reaching the learned looks {learned:.1f} ms (bytecode cached)"
    )
    find_phi("warm up: compile the patterns")
    ours = best_seconds(lambda: find_phi(text))
    ours_rate = megabytes / ours
    ours_recall, ours_precision = recall(asyncproof_spans)
    print(
        f"asyncproof: {ours_rate:7.1f} MB/s over {megabytes:.1f} MB; corpus recall "
        f"{ours_recall:.3f}, precision {ours_precision:.3f} (any kind)"
    )
    lines = short_lines(2000)
    line_chars = sum(map(len, lines)) / len(lines)
    ours_line = per_line_microseconds(contains_phi, lines)
    print(
        f"asyncproof: {ours_line:7.1f} µs a line (contains_phi, {len(lines)} lines of "
        f"{line_chars:.0f} characters on average, {len(set(lines))} of them distinct)"
    )
    # Where the time goes: most lines of a log hold no PHI, and what a call costs whatever the
    # text is (`contains_phi("x")`) is paid on every one of them.
    clean = [line for line in lines if not contains_phi(line)]
    holding = [line for line in lines if contains_phi(line)]
    print(
        f"asyncproof: {per_line_microseconds(contains_phi, clean):7.1f} µs a line without PHI "
        f"({len(clean)}), {per_line_microseconds(contains_phi, holding):7.1f} µs a line with "
        f"PHI ({len(holding)}), {per_line_microseconds(contains_phi, ['x'] * 2000):5.1f} µs "
        "for contains_phi('x')"
    )

    # The learned looks (names and record numbers the rules left): what they add to a line, in
    # the same run.
    rules_line = per_line_microseconds(
        lambda line: scan(line, any_found=True, learned_too=False), lines
    )
    rules_text = best_seconds(lambda: scan(text, learned_too=False))
    print(
        f"learned looks: contains_phi {ours_line:.1f} µs a line against {rules_line:.1f} µs for "
        f"the rules alone ({ours_line / rules_line:.2f}x); whole text {ours:.2f} s against "
        f"{rules_text:.2f} s ({ours / rules_text:.2f}x)"
    )

    # Strict redaction (CI reports): what a line costs against the default redaction, in the
    # same run, and what its word list adds to the first strict call.
    started = time.perf_counter()
    redact_phi("warm up: load the word list", strict=True)
    strict_first = (time.perf_counter() - started) * 1000
    default_line = per_line_microseconds(redact_phi, lines)
    strict_line = per_line_microseconds(lambda line: redact_phi(line, strict=True), lines)
    print(
        f"redact_phi: {default_line:7.1f} µs a line, strict {strict_line:7.1f} µs a line "
        f"({strict_line / default_line:.1f}x the default; first strict call {strict_first:.0f} ms)"
    )

    scrub = load_scrubadub()
    if scrub is not None:
        theirs = best_seconds(lambda: scrub(sample))
        theirs_rate = sample_mb / theirs
        theirs_recall, theirs_precision = recall(scrub)
        print(
            f"scrubadub:  {theirs_rate:7.2f} MB/s, timed on a {sample_mb:.1f} MB sample and "
            f"extrapolated (10 MB would take ~{megabytes / theirs_rate:.0f} s); corpus recall "
            f"{theirs_recall:.3f}, precision {theirs_precision:.3f} (any kind)"
        )
        ratio = ours_rate / theirs_rate
        verdict = "meets" if ratio >= 25 and ours_recall >= theirs_recall else "MISSES"
        print(f"ratio: whole text asyncproof is {ratio:.1f}x scrubadub ({verdict} the 25x target)")
        theirs_line = per_line_microseconds(scrub, lines[:500])
        line_ratio = theirs_line / ours_line
        verdict = "meets" if line_ratio >= 20 else "MISSES"
        print(
            f"scrubadub:  {theirs_line:7.1f} µs a line; per line asyncproof is "
            f"{line_ratio:.1f}x scrubadub ({verdict} the 20x target)"
        )
        few = lines[:500]
        print_paired(
            "scrubadub",
            "per line (the same 500 lines)",
            paired_ratios(
                lambda: [contains_phi(line) for line in few], lambda: [scrub(line) for line in few]
            ),
        )
        print_paired(
            "scrubadub",
            f"whole text (the {sample_mb:.1f} MB sample)",
            paired_ratios(lambda: find_phi(sample), lambda: scrub(sample), rounds=5),
        )

    for name, loader in (("datafog", load_datafog), ("datafog-core", load_datafog_core)):
        peer = loader()
        if peer is not None:
            compare(name, peer, sample, lines, ours_rate, ours_line)
    label_scan_engines(text[:2_000_000])

    presidio, status = load_presidio()
    if presidio is None:
        print(f"presidio-analyzer: {status}")
    else:
        rate = sample_mb / best_seconds(lambda: presidio(sample), rounds=1)
        presidio_recall, _ = recall(presidio)
        print(f"presidio:   {rate:7.2f} MB/s on the sample; corpus recall {presidio_recall:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Precision of `asyncproof check` per rule on the test suites of public projects.

Usage: python bench/bench_precision.py [--cache DIR] [--project NAME ...] [--show-unlabelled]

The projects are PyPI sdists that ship their tests, pinned by version and sha256 in
`bench/precision/projects.csv` (group `tuning`: rules were tuned on them; `held-out-N`: chosen
and recorded before the checker was run on them). Each is downloaded once with
`pip download --no-deps --no-binary :all:` into the cache (default
`~/.cache/asyncproof-bench/precision`, or `$ASYNCPROOF_BENCH_CACHE`), checked against its
sha256, unpacked, and checked with every rule (`--select ALL`) from the project's root, as a
user would run it. Where the sdist leaves out the repository's pytest configuration and it is
known, the `ini` column holds it and goes into a `pytest.ini` (a new `ini` needs a fresh cache).
Findings are compared with the hand labels in `bench/precision/labels.csv`
(project, file, line, rule, TRUE/FALSE, reason). Printed per rule: findings, labelled, TRUE,
precision on the labelled ones; then every TRUE label no longer reported (recall lost) and
every finding of a fully labelled rule that has no label (a new finding to read and label).

The last line says whether every rule on by default is at 90 % precision or more with no TRUE
label lost; with `--strict` the script then exits 1 when one is not.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent / "precision"
BAR = 0.90
PIP_DOWNLOAD = (sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:")
CHECK = (sys.executable, "-m", "asyncproof", "check", "--format", "json", "--select", "ALL")
CHECK += ("--jobs", "1")


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    sha256: str
    group: str
    tests: str
    ini: str  # `[pytest]` lines of the repository that its sdist leaves out (checked by hand)


Key = tuple[str, str, int, str]  # project, file relative to the project root, line, rule


def read_projects() -> list[Project]:
    with open(HERE / "projects.csv", newline="", encoding="utf-8") as handle:
        return [Project(**row) for row in csv.DictReader(handle)]


def read_labels() -> dict[Key, tuple[bool, str]]:
    labels = {}
    with open(HERE / "labels.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["project"], row["file"], int(row["line"]), row["rule"])
            if key in labels:
                raise SystemExit(f"labels.csv: {key} is labelled twice")
            if row["label"] not in ("TRUE", "FALSE"):
                raise SystemExit(f"labels.csv: {key} has label {row['label']!r}")
            labels[key] = (row["label"] == "TRUE", row["reason"])
    return labels


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(project: Project, cache: Path) -> Path:
    """The unpacked sdist of `project`, downloaded and verified on first use."""
    root = cache / "src" / f"{project.name}-{project.version}"
    if root.is_dir():
        return root
    sdists = cache / "sdist"
    sdists.mkdir(parents=True, exist_ok=True)
    archive = next((p for p in sdists.iterdir() if sha256(p) == project.sha256), None)
    if archive is None:
        before = set(sdists.iterdir())
        subprocess.run(
            [*PIP_DOWNLOAD, "-d", str(sdists), f"{project.name}=={project.version}"],
            check=True,
        )
        archive = next((p for p in set(sdists.iterdir()) - before), None)
        if archive is None or sha256(archive) != project.sha256:
            raise SystemExit(f"{project.name} {project.version}: sdist missing or sha256 differs")
    unpack = cache / "src" / f".{project.name}.partial"
    shutil.rmtree(unpack, ignore_errors=True)  # left by an interrupted run
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(unpack, filter="data")
        else:  # Python < 3.10.12: the archive is pinned by sha256, so trusted
            tar.extractall(unpack)
    [top] = unpack.iterdir()
    if project.ini:  # the repository's configuration, which its sdist leaves out
        (top / "pytest.ini").write_text(f"[pytest]\n{project.ini}\n", encoding="utf-8")
    top.rename(root)
    unpack.rmdir()
    return root


def check(root: Path, tests: str) -> list[dict]:
    """Every finding of every rule on the project's tests, run from its root."""
    run = subprocess.run(
        [*CHECK, tests],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1):
        raise SystemExit(f"asyncproof check failed in {root}:\n{run.stderr}")
    return json.loads(run.stdout or "[]")


def key(project: Project, root: Path, finding: dict) -> Key:
    path = Path(finding["path"])
    relative = (path if not path.is_absolute() else path.relative_to(root)).as_posix()
    return (project.name, relative, finding["line"], finding["code"])


def _group_figures(
    group: str, rule: str, reported: set[Key], labels: dict, group_of: dict[str, str]
) -> str:
    """`findings (TRUE/labelled)` of one group of projects."""
    mine = [k for k in reported if group_of[k[0]] == group]
    judged = [labels[k][0] for k in mine if k in labels]
    return f"{len(mine)} ({sum(judged)}/{len(judged)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_cache = Path.home() / ".cache" / "asyncproof-bench" / "precision"
    parser.add_argument("--cache", type=Path, default=os.environ.get("ASYNCPROOF_BENCH_CACHE"))
    parser.add_argument("--project", action="append", help="only these projects")
    parser.add_argument("--show-unlabelled", action="store_true", help="list every one")
    parser.add_argument("--strict", action="store_true", help="exit 1 below the bar")
    args, _ = parser.parse_known_args()  # nox passes its posargs to every bench
    cache = Path(args.cache) if args.cache else default_cache

    from asyncproof.checker import RULES

    opt_in = {rule.code for rule in RULES if rule.opt_in}
    labels = read_labels()
    projects = [p for p in read_projects() if not args.project or p.name in args.project]
    findings: set[Key] = set()
    per_group: dict[str, Counter[str]] = defaultdict(Counter)
    for project in projects:
        root = fetch(project, cache)
        found = {key(project, root, f) for f in check(root, project.tests)}
        findings |= found
        per_group[project.group].update(rule for *_, rule in found)
    names = {p.name for p in projects}
    labels = {k: v for k, v in labels.items() if k[0] in names}

    groups = list(dict.fromkeys(p.group for p in projects))  # tuning first, as in the file
    group_of = {p.name: p.group for p in projects}
    print(f"{len(projects)} projects; per group, findings (TRUE/labelled): " + ", ".join(groups))
    print(f"{'rule':8} {'findings':>8} {'labelled':>8} {'TRUE':>5} {'precision':>9}  per group")
    failed = False
    rules = sorted({rule.code for rule in RULES} | {k[3] for k in findings})
    for rule in rules:
        reported = {k for k in findings if k[3] == rule}
        labelled = [labels[k][0] for k in reported if k in labels]
        true = sum(labelled)
        precision = true / len(labelled) if labelled else None
        shown = f"{precision:.0%}" if precision is not None else "-"
        below = precision is not None and precision < BAR and rule not in opt_in
        failed |= below
        split = "  ".join(_group_figures(g, rule, reported, labels, group_of) for g in groups)
        note = " (opt-in)" if rule in opt_in else " BELOW 90 %" if below else ""
        print(f"{rule:8} {len(reported):8} {len(labelled):8} {true:5} {shown:>9}  {split}{note}")

    lost = sorted(k for k, (true, _) in labels.items() if true and k not in findings)
    if lost:
        failed = True
        print(f"\nTRUE labels no longer reported (recall lost): {len(lost)}")
        for project, path, line, rule in lost:
            print(f"  {rule} {project} {path}:{line}  ({labels[(project, path, line, rule)][1]})")
    fixed = sum(1 for k, (true, _) in labels.items() if not true and k not in findings)
    print(f"\nFALSE labels no longer reported (fixed false positives): {fixed}")

    unlabelled = sorted(k for k in findings if k not in labels)
    counts = Counter(k[3] for k in unlabelled)
    if unlabelled:
        print(f"Findings without a label: {len(unlabelled)} {dict(sorted(counts.items()))}")
        # A rule whose every finding was labelled shows each new one: read it, then label it.
        complete = {r for r in rules if len([k for k in labels if k[3] == r]) >= 15}
        for project, path, line, rule in unlabelled:
            if args.show_unlabelled or rule not in complete:
                print(f"  {rule} {project} {path}:{line}")
    print(
        "\nBELOW THE BAR: a default rule under 90 % or a TRUE label lost"
        if failed
        else "\nEvery default rule at 90 % or more, no TRUE label lost"
    )
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())

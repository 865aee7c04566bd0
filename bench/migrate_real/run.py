"""Measure `asyncproof migrate` on real suites that were ported from pytest-asyncio 0.x to 1.x.

Usage: python bench/migrate_real/run.py [--work DIR] [--only NAME ...] [--timeout SECONDS]

For each project of `projects.toml`: export the commit before the maintainers' port, build a
venv, install the project with its test dependencies and pytest-asyncio 0.x, and run the suite
four times: under 0.x (the baseline), under pytest-asyncio 1.x unchanged, under 1.x after
`asyncproof migrate` on the test folder with no hand edits, and the maintainers' own port
(the reference answer) under 1.x, all in the same venv. Counts are passed/failed/errors, from
pytest's JUnit XML report. Prints one table row per project and the notes `migrate` left;
logs stay under --work. Re-run only the migrate step on kept venvs with --reuse.
Needs git and the network to PyPI; the source comes from a local mirror
(`--mirrors`, one `owner+name/repo` git directory per project) or is cloned from GitHub.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import tomllib

HERE = Path(__file__).resolve().parent
NEW = "pytest-asyncio==1.5.0"
SUITE_DEADLINE = 1800.0  # seconds for one whole run of one suite


@dataclass
class Outcome:
    """Counts from one pytest run."""

    counts: dict[str, int] = field(default_factory=dict)
    timed_out: bool = False
    passed_ids: list[str] = field(default_factory=list)
    not_passed_ids: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.timed_out:
            return "timed out"
        c = self.counts
        return f"{c.get('passed', 0)}/{c.get('failed', 0)}/{c.get('error', 0)}"


ENV: dict[str, str] = {}  # the project's `env`: variables its install and runs need


def sh(cmd: list[str], cwd: Path, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command, echoing it (the exact commands are part of the measurement)."""
    shown = " ".join(f"{k}={v}" for k, v in ENV.items())
    print("$", *([shown] if shown else []), " ".join(cmd), f"  (in {cwd})", file=sys.stderr)
    env = {**os.environ, **ENV}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def export(project: dict, mirrors: Path, dest: Path, commit_key: str = "before") -> None:
    """Write the tree of the `before` commit (or `port`, the maintainers' answer) to `dest`."""
    git_dir = mirrors / project["repo"].replace("/", "+") / "repo"
    if not git_dir.exists():
        git_dir = dest.parent / "clone"
        if not git_dir.exists():
            url = f"https://github.com/{project['repo']}.git"
            sh(["git", "clone", "--bare", "-q", url, str(git_dir)], dest.parent).check_returncode()
    dest.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "--git-dir", str(git_dir), "archive", project[commit_key]],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    for child in dest.iterdir():
        if "copy_only" in project and child.name not in project["copy_only"]:
            shutil.rmtree(child) if child.is_dir() else child.unlink()


def pytest_run(project: dict, venv: Path, tree: Path, timeout: float) -> tuple[Outcome, str]:
    """Run the suite with a per-test deadline (the whole run is bounded too); count from the
    JUnit XML report, which does not depend on the project's verbosity options."""
    report = tree.parent / "report.xml"
    report.unlink(missing_ok=True)
    cmd = [str(venv / "bin" / "python"), "-m", "pytest", "-p", "no:cacheprovider"]
    cmd += ["-p", "no:randomly", f"--timeout={timeout:g}", f"--junitxml={report}"]
    cmd += project["tests"]
    try:
        done = sh(cmd, tree, timeout=SUITE_DEADLINE)
    except subprocess.TimeoutExpired:
        return Outcome(timed_out=True), ""
    counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    passed: list[str] = []
    not_passed: list[str] = []
    if report.exists():
        for case in ElementTree.parse(report).getroot().iter("testcase"):
            kinds = {child.tag for child in case}
            # A test whose teardown errors after it passed has both: it counts as an error.
            kind = next(
                (k for k in ("error", "failure", "skipped") if k in kinds), "passed"
            ).replace("failure", "failed")
            counts[kind] += 1
            name = f"{case.get('classname')}::{case.get('name')}"
            (passed if kind == "passed" else not_passed).append(name)
    else:
        counts["error"] = 1  # pytest did not get as far as writing a report
    return Outcome(counts, passed_ids=passed, not_passed_ids=not_passed), done.stdout + done.stderr


def measure(project: dict, work: Path, mirrors: Path, timeout: float, reuse: bool) -> list[str]:
    """The table row of one project; its logs are written next to its trees.

    With `reuse`, the venv and the two runs before migrate are kept from an earlier run.
    """
    root = work / project["name"]
    venv = root / "venv"
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    saved = root / "before.json"
    if not (reuse and saved.exists()):
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        export(project, mirrors, root / "tree")
        sh([sys.executable, "-m", "venv", str(venv)], root).check_returncode()
        installed = sh([*pip, *project["install"], "pytest-timeout", project["old"]], root / "tree")
        if installed.returncode:
            (root / "install.log").write_text(installed.stdout + installed.stderr)
            return [project["name"], "install failed", "", "", "", "", "", ""]
        baseline, log = pytest_run(project, venv, root / "tree", timeout)
        (root / "0x.log").write_text(log)
        sh([*pip, NEW], root / "tree").check_returncode()
        unchanged, log = pytest_run(project, venv, root / "tree", timeout)
        (root / "1x.log").write_text(log)
        saved.write_text(json.dumps([asdict(baseline), asdict(unchanged)]))
    baseline, unchanged = (Outcome(**x) for x in json.loads(saved.read_text()))
    tree = root / "migrated"
    shutil.rmtree(tree, ignore_errors=True)
    export(project, mirrors, tree)
    migrate = [sys.executable, "-m", "asyncproof", "migrate", *project.get("migrate", ["tests"])]
    migrated = sh(migrate, tree)
    (root / "migrate.log").write_text(migrated.stdout + migrated.stderr)
    after, log = pytest_run(project, venv, tree, timeout)
    (root / "1x-migrated.log").write_text(log)
    reference = root / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    export(project, mirrors, reference, "port")
    answer, log = pytest_run(project, venv, reference, timeout)
    (root / "1x-reference.log").write_text(log)
    # By test id; ids that are random per run (Faker-made parameters) match no id and are left out.
    lost = sorted(set(baseline.passed_ids) & set(after.not_passed_ids))
    (root / "lost.txt").write_text("".join(f"{t}\n" for t in lost))
    lines = migrated.stderr.splitlines()
    notes = [x for x in lines if not x.startswith("migrated ")]
    rewritten = sum(x.startswith("migrated ") for x in lines)
    return [
        project["name"],
        str(baseline),
        str(unchanged),
        str(after),
        str(answer),
        str(len(lost)),
        f"{rewritten} files, exit {migrated.returncode}",
        f"{len(notes)} notes",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/migrate_real"))
    parser.add_argument(
        "--mirrors", type=Path, default=Path(os.environ.get("MIRRORS", "/work/.mirror"))
    )
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--reuse", action="store_true", help="keep venvs and the 0.x/1.x runs")
    parser.add_argument("--timeout", type=float, default=120.0, help="per-test deadline, seconds")
    args = parser.parse_args()
    projects = tomllib.loads((HERE / "projects.toml").read_text())["project"]
    header = ["project", "0.x p/f/e", "1.x unchanged", "1.x migrated", "1.x maintainers' port"]
    rows = [[*header, "0.x passes lost", "migrate", "notes"]]
    for project in projects:
        if args.only and project["name"] not in args.only:
            continue
        ENV.clear()
        ENV.update(project.get("env", {}))
        rows.append(measure(project, args.work, args.mirrors, args.timeout, args.reuse))
        print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    for row in rows:
        print("| " + " | ".join(row) + " |")
    for project in projects:
        log = args.work / project["name"] / "migrate.log"
        if log.exists() and (not args.only or project["name"] in args.only):
            print(f"\n## {project['name']}: what migrate left\n")
            print(log.read_text().strip() or "(nothing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The compatibility page's table of companion plugins, written from running their scenarios.

Runs the scenarios `tests/plugin/test_companions.py` lists (`SCENARIOS`, some of them in
`test_scenarios.py`) in a subprocess and puts each plugin's installed version beside the outcome,
so the stored table goes stale (tests/docs/test_stored.py) when a version or a result changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from tests._support.paths import ROOT, SNIPPETS, TESTS
from tests.plugin.test_companions import SCENARIOS

TABLE = SNIPPETS / "compatibility" / "companions.md"


def outcomes() -> dict[str, str]:
    """Each scenario's outcome by test name: "passed", "failed" or "skipped" (all parameters)."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "companions.xml"
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
        subprocess.run(
            [
                *(
                    sys.executable,
                    "-m",
                    "pytest",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    "-p",
                    "no:randomly",
                ),
                f"--junitxml={report}",
                *(str(TESTS / "plugin" / key) for key in SCENARIOS),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=600,
            check=False,
        )
        cases = ET.parse(report).getroot().iter("testcase") if report.exists() else []
        found: dict[str, str] = {}
        for case in cases:
            name = case.get("name", "").partition("[")[0]
            outcome = next(
                (child.tag for child in case if child.tag in ("failure", "error", "skipped")),
                "passed",
            )
            if found.get(name, "passed") == "passed" or outcome in ("failure", "error"):
                found[name] = {"failure": "failed", "error": "failed"}.get(outcome, outcome)
        return found


def installed(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def generate() -> dict[Path, str]:
    """The table from running the scenarios (`nox -s regen`)."""
    return table(outcomes())


def as_when_every_scenario_passes() -> dict[Path, str]:
    """The table a green run writes, for the freshness check without running the scenarios twice.

    The scenarios are tests of this same suite: the run is green only if each passes, so
    checking versions and wording against this table, in a run that must pass, checks it all.
    """
    return table({key.rpartition("::")[2]: "passed" for key in SCENARIOS})


def table(ran: dict[str, str]) -> dict[Path, str]:
    rows = []
    for key, (distribution, shows) in SCENARIOS.items():
        outcome = ran.get(key.rpartition("::")[2], "did not run")
        result = "works" if outcome == "passed" else f"**{outcome}**"
        rows.append(f"| {distribution} | {installed(distribution)} | {shows} | {result} |")
    return {
        TABLE: "| Plugin | Version | Scenario | Result |\n| --- | --- | --- | --- |\n"
        + "\n".join(rows)
        + "\n"
    }

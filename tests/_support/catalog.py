"""Where the guide's snippets are, which page includes each, and how each is expected to end.

Shared by the snippet harness and the page-shape tests, so both see the same files.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from dataclasses import dataclass, field, fields
from importlib import metadata
from pathlib import Path

from packaging.version import Version

from tests._support.notebooks import notebook_includes, notebooks
from tests._support.paths import DOCS, SNIPPETS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

OUTCOMES_FILE = "outcomes.toml"
# pytest prints whole failure messages in its short summary when one of these is set, and cuts
# them to the terminal width otherwise. Reports are compared with stored ones, so the harness
# pins the workstation behaviour wherever it runs.
CI_VARIABLES = ("CI", "BUILD_NUMBER")
# The terminal width reports are produced at: what fits a code box on a 1280 px wide page, so
# pytest's rules and progress line are not wrapped (longer message lines wrap in the box).
REPORT_COLUMNS = "60"

# `--8<-- "path"` or `--8<-- "path:section"`, as pymdownx.snippets reads it.
INCLUDE = re.compile(r'^[ \t]*--8<--[ \t]+"(?P<path>[^":]+)(?::[^"]*)?"[ \t]*$', re.M)
# A fenced Python block, its info string, and its body up to the matching fence.
PYTHON_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?:py|python|python3|pycon)\b[^\n]*\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.S | re.M,
)


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def snippet_files() -> list[Path]:
    """Every file a page should include: all of `snippets/` but caches and outcome tables."""
    return sorted(
        path
        for path in SNIPPETS.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.name != OUTCOMES_FILE
    )


def includes_of(page: Path) -> list[str]:
    return [match["path"] for match in INCLUDE.finditer(page.read_text())]


def installs_of(page: Path) -> list[str]:
    """What the `pip install` lines of the shell snippets `page` includes install."""
    packages = []
    for path in includes_of(page):
        if path.endswith(".sh"):
            for line in (DOCS.parent / path).read_text().splitlines():
                words = shlex.split(line)
                if words[:2] == ["pip", "install"]:
                    packages += words[2:]
    return packages


def all_includes() -> dict[str, list[Path]]:
    """Each included path (relative to the repository root) and the pages that include it."""
    found: dict[str, list[Path]] = {}
    for page in pages():
        for path in includes_of(page):
            found.setdefault(path, []).append(page)
    for notebook in notebooks():
        for path in notebook_includes(notebook):
            found.setdefault(path, []).append(notebook)
    return found


def inline_python_blocks(page: Path) -> list[int]:
    """Line numbers of Python fences in `page` that hold anything but snippet includes."""
    text = page.read_text()
    lines = []
    for match in PYTHON_FENCE.finditer(text):
        body = [line for line in match["body"].splitlines() if line.strip()]
        if not body or any("--8<--" not in line for line in body):
            lines.append(text.count("\n", 0, match.start()) + 1)
    return lines


@dataclass(frozen=True)
class Outcome:
    """How running a snippet must end. Defaults: a test module passes, with at least one test."""

    passed: int | None = None
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    warnings: int = 0
    match: tuple[str, ...] = field(default_factory=tuple)
    output: str | None = None
    args: tuple[str, ...] = field(default_factory=tuple)
    # Run in a Python process of its own even where others share the suite's: what it shows
    # depends on asyncio's state in a fresh process (which loop is current).
    own_process: bool = False
    # A script that shows a leak on purpose names it, as @pytest.mark.allow_leaks would.
    allow_leaks: tuple[str, ...] = field(default_factory=tuple)
    # Other files the page has the reader put next to this one: their name in the reader's
    # folder and the snippet (relative to snippets/) the page shows for each.
    files: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def describe(self) -> str:
        passed = "at least 1" if self.passed is None else str(self.passed)
        return (
            f"{passed} passed, {self.failed} failed, {self.errors} errors, "
            f"{self.skipped} skipped, {self.warnings} warnings"
        )

    def command(self, snippet: Path) -> str:
        """What the reader types in the folder that holds `snippet`, as the page shows it."""
        return " ".join(["pytest", "-q", *self.args, snippet.name])


def outcome_of(snippet: Path) -> Outcome:
    """How `snippet` must end with the releases installed here.

    An entry may hold sub-tables for older releases of pytest or pytest-asyncio,
    `["x_bad.py"."pytest<8.4"]`, whose keys replace the entry's when the installed release is
    older: a mistake that pytest 8.4 fails may only warn, or pass, before it (the pages say so,
    and `nox -s compat` runs those releases).
    """
    table = snippet.parent / OUTCOMES_FILE
    if not table.exists():
        return Outcome()
    entry = tomllib.loads(table.read_text()).get(snippet.name)
    if entry is None:
        return Outcome()
    for key in [key for key in entry if "<" in key]:
        older = entry.pop(key)
        name, _, before = key.partition("<")
        if Version(metadata.version(name)) < Version(before):
            # The stored report shows what the newest releases print.
            entry = {k: v for k, v in entry.items() if k != "output"} | older
    unknown = set(entry) - {attribute.name for attribute in fields(Outcome)}
    if unknown:
        raise ValueError(f"{table}: unknown keys {sorted(unknown)} for {snippet.name}")
    return Outcome(
        passed=entry.get("passed"),
        failed=entry.get("failed", 0),
        errors=entry.get("errors", 0),
        skipped=entry.get("skipped", 0),
        warnings=entry.get("warnings", 0),
        match=tuple(entry.get("match", ())),
        output=entry.get("output"),
        args=tuple(entry.get("args", ())),
        allow_leaks=tuple(entry.get("allow_leaks", ())),
        own_process=entry.get("own_process", False),
        files=tuple(entry.get("files", {}).items()),
    )


# Files pytest reads its configuration from when it finds no other in the folder it runs in.
PYTEST_CONFIG_FILES = ("pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg")


def assert_empty_folder(folder: Path) -> None:
    """A reader's "empty folder" must have no pytest configuration above it: pytest would read
    it (our own pyproject.toml turns warnings into errors) and the run would show what the
    reader never sees. It happens when TMPDIR points inside a project (`nox`'s
    `session.create_tmp()` does)."""
    above = [parent / name for parent in folder.parents for name in PYTEST_CONFIG_FILES]
    found = [path for path in above if path.exists()]
    assert not found, (
        f"{found[0]} lies above the reader's folder {folder}; point TMPDIR outside any project"
    )


def is_test_module(snippet: Path) -> bool:
    return snippet.suffix == ".py" and snippet.name.startswith("test_")


# A rule page's pair (`rules/apf002_bad.py`, `rules/apf002_good.py`): test modules named for the
# checker, which checks both (tests/checker/test_checker_docs.py), while the copy-paste test runs
# them as the page has the reader do, beside the files the page adds (APF007's client module).
RULE_EXAMPLE = re.compile(r"apf\d{3}_(bad|good)\.py")


def is_script(snippet: Path) -> bool:
    """A runnable example: not a test module, not a rule example, not a notebook cell."""
    relative = snippet.relative_to(SNIPPETS).parts
    return (
        snippet.suffix == ".py"
        and not is_test_module(snippet)
        and not (relative[0] == "rules" and RULE_EXAMPLE.fullmatch(snippet.name))
        and "notebook" not in relative
    )


# An installed library's file, as a traceback names it: where it is installed varies by machine.
LIBRARY_PATH = re.compile(r"[\w/.-]*/(?:site-packages|python3\.\d+)/(?P<file>[\w/.-]+\.py)")
# Stored reports are written by the pinned toolchain; other pytest releases word tracebacks
# differently, so `nox -s compat` checks outcomes and expected text, not the report's bytes.
COMPARE_REPORTS = os.environ.get("ASYNCPROOF_COMPARE_REPORTS", "1") != "0"


def shown_report(command: str, stdout: str, folder: Path) -> str:
    """The command and pytest's report, as the page shows them: library files by their path
    inside the library, the reader's files by their name in the reader's folder (asyncproof's
    deadline reports name them by absolute path, which differs on every machine)."""
    stdout = stdout.replace(str(folder) + os.sep, "")
    return f"$ {command}\n" + LIBRARY_PATH.sub(r"\g<file>", stdout)


def comparable(report: str) -> str:
    """A report without what changes from run to run or machine to machine."""
    report = re.sub(r" in \d+\.\d+s", " in N.NNs", report)
    # Line numbers in library files (`pytest_mock/plugin.py:315`); the reader's stay exact.
    report = re.sub(r"^([\w.-]+/[\w/.-]+\.py):\d+", r"\1:N", report, flags=re.M)
    return re.sub(r"0x[0-9a-f]+", "0x...", report)

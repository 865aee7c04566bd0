"""What a reader copies from the built guide runs where they paste it, with the outcome shown.

For each page of the built site (not `snippets/`), the test does what a reader does:

- installs what the guide says into a fresh virtualenv: the home page's `pip install asyncproof`
  (a wheel built from this checkout) plus the packages the page's own `pip install` line adds;
- writes the page's blocks, as the copy button gives them, into an empty folder at the paths
  their titles name (`pyproject.toml` too; a block titled `pyproject.toml, in [table]` is added
  to that table);
- runs the command each output block shows (`$ pytest -q test_hung_lab.py`, `$ asyncproof
  check apf001_bad.py apf001_good.py`) and compares what it prints with the block; runs every
  test module of the page in one `pytest` call and checks each module's outcome against
  `outcomes.toml` (a "bad" example fails as its page says, everything else passes; a rule
  page's `apfnnn_good.py` is a test module the reader runs by name); runs each script with
  `python` and compares its output with its `#>` lines; imports each module; runs a
  notebook's cells as its kernel did.
- for a file the page shows twice under one title (the migration page's Before and After tabs,
  snippets `<name>_bad.py` and `<name>_good.py`), starts from the first version, runs the
  `asyncproof migrate --diff <file>` the page's diff block is titled with (it prints that diff),
  then `asyncproof migrate <file>`, which must turn the file into the second version, and runs
  pytest on it again: each version ends as `outcomes.toml` says of its snippet.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests._support.catalog import (
    LIBRARY_PATH,
    Outcome,
    assert_empty_folder,
    comparable,
    includes_of,
    outcome_of,
    pages,
)
from tests._support.notebooks import notebooks
from tests._support.paths import DOCS, ROOT
from tests._support.pytester import summary_counts
from tests._support.reader_envs import ReaderEnvironments, reader_env
from tests._support.site_server import CodeBlock, code_blocks

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# A rule page's good example: a test module the reader runs by name (`pytest apf002_good.py`).
# Its bad twin is what the page's `asyncproof check` block reports; the reader imports it.
RULE_GOOD_EXAMPLE = re.compile(r"apf\d{3}_good\.py")
# A test's outcome (`file::test`), or a module's collection error (`ERROR file - reason`).
RESULT_LINE = re.compile(
    r"^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (?P<file>[^\s:]+)(?:::| - )", re.M
)
LOOP_SCOPE_WARNING = re.compile(
    r"^\S+pytest_asyncio/plugin\.py:\d+: PytestDeprecationWarning: The configuration option "
    r'"asyncio_default_fixture_loop_scope" is unset\.\n.*?\n *warnings\.warn\(.*\)\n',
    re.S | re.M,
)
# A rule page's bad example that pytest refuses when it is imported (what the rule is about):
# the reader's import fails with the error the page quotes.
FAILS_ON_IMPORT = {"apf014_bad": "Marks cannot be applied to fixtures"}
# A `#>` line under a `print`: what it prints, as pytest-examples writes it.
PRINTED = re.compile(r"^[ \t]*#>(?: (.*))?$", re.M)
TABLE_TITLE = re.compile(r"^(?P<path>\S+), in \[(?P<table>[^\]]+)\]$")
# A diff block titled with the command that prints it.
MIGRATE_DIFF = "asyncproof migrate --diff "


def _slug(source: Path) -> str:
    """The URL folder of a page, from its source under docs/ ('' for the home page)."""
    relative = source.relative_to(DOCS).with_suffix("")
    if relative.name == "index":
        relative = relative.parent
    return "" if str(relative) == "." else f"{relative.as_posix()}/"


SOURCES = {_slug(source): source for source in [*pages(), *notebooks()]}


def _install_lines(blocks: list[CodeBlock]) -> list[list[str]]:
    """The packages of each `pip install` line in the page's shell blocks."""
    lines = []
    for block in blocks:
        if block.language not in ("bash", "sh", "shell"):
            continue
        for line in block.text.splitlines():
            words = shlex.split(line.removeprefix("$ "))
            assert words[:2] == ["pip", "install"], f"a shell block the test can't run: {line}"
            lines.append(words[2:])
    return lines


@pytest.fixture(scope="session")
def base_packages(built_site: Path) -> frozenset[str]:
    """What the home page's Install section tells every reader to install."""
    lines = _install_lines(code_blocks(built_site / "index.html"))
    assert lines == [["asyncproof"]]
    return frozenset(lines[0])


# --- a page, written into the reader's folder -------------------------------------------------


@dataclass
class ReaderFolder:
    page: str
    path: Path
    bin_dir: Path
    test_modules: list[str] = field(default_factory=list)
    scripts: list[tuple[str, list[str]]] = field(default_factory=list)  # name, `#>` lines
    modules: list[str] = field(default_factory=list)
    commands: list[tuple[str, str]] = field(default_factory=list)  # command, shown output
    # A file the page shows again, as `asyncproof migrate` leaves it: its name, that version.
    later_versions: list[tuple[str, str]] = field(default_factory=list)
    notebook: list[CodeBlock] = field(default_factory=list)

    def run(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        executable = shutil.which(command[0], path=str(self.bin_dir))
        assert executable, f"{command[0]} is not in the reader's virtualenv"
        return subprocess.run(
            [executable, *command[1:]],
            cwd=self.path,
            env=reader_env(self.bin_dir),
            capture_output=True,
            text=True,
            timeout=120,
        )


def _write_config(folder: Path, title: str, text: str) -> None:
    target = TABLE_TITLE.match(title)
    path = folder / (target["path"] if target else title)
    if target is None:
        path.write_text(text)
    else:
        # "add to the [table] of your pyproject.toml": after the table's last line, or a new table.
        header = f"[{target['table']}]"
        lines = path.read_text().splitlines() if path.exists() else []
        if header not in lines:
            lines += ["", header] if lines else [header]
        end = lines.index(header) + 1
        while end < len(lines) and not lines[end].startswith("["):
            end += 1
        lines[end:end] = text.splitlines()
        path.write_text("\n".join(lines) + "\n")
    config = tomllib.loads(path.read_text())  # what the page gives is valid TOML
    if target is not None:
        table = config
        for key in target["table"].split("."):
            table = table[key]
        for key in tomllib.loads(text):
            assert key in table, f"{key} did not land in [{target['table']}]"


def write_page(page: str, blocks: list[CodeBlock], folder: Path, bin_dir: Path) -> ReaderFolder:
    assert_empty_folder(folder)
    reader = ReaderFolder(page, folder, bin_dir)
    untitled = 0
    for block in blocks:
        if block.notebook_cell:
            reader.notebook.append(block)
        elif block.language == "python":
            title = block.title
            if title is None:  # an API example: a test if it defines one, a script otherwise
                untitled += 1
                is_test = re.search(r"^def test_", block.text, re.M)
                title = f"{'test_' if is_test else ''}example_{untitled}.py"
            if (folder / title).exists():
                # Shown again: the same file after a step (the "After" of a Before/After pair).
                assert _snippet_of(page, title, later=True).stem.endswith("_good"), (
                    f"two blocks titled {title} on {page}"
                )
                reader.later_versions.append((title, block.text))
                continue
            (folder / title).parent.mkdir(parents=True, exist_ok=True)
            (folder / title).write_text(block.text)
            output = [m[1] or "" for m in PRINTED.finditer(block.text)]
            if Path(title).name.startswith("test_") or RULE_GOOD_EXAMPLE.fullmatch(title):
                reader.test_modules.append(title)
            elif output or block.title is None:
                reader.scripts.append((title, output))
            else:
                reader.modules.append(title.removesuffix(".py").replace("/", "."))
        elif block.language == "toml":
            assert block.title, f"a TOML block on {page} does not say which file it belongs in"
            _write_config(folder, block.title, block.text)
        elif block.language in ("console", "text"):
            first, _, shown = block.text.partition("\n")
            assert first.startswith("$ "), f"an output block on {page} shows no command: {first}"
            reader.commands.append((first[2:], shown))
        elif block.language == "diff" and (block.title or "").startswith(MIGRATE_DIFF):
            reader.commands.append((block.title, block.text))
    return reader


# --- checks ------------------------------------------------------------------------------------


def _snippet_of(page: str, title: str, later: bool = False) -> Path:
    """The snippet file a titled block on `page` shows: the one of that name, or, for a file
    shown before and after a step, `<name>_bad.py` (first) or `<name>_good.py` (`later`)."""
    source = SOURCES[page]
    name = Path(title).name
    pair = Path(name).stem + ("_good" if later else "_bad") + Path(name).suffix
    matches = [ROOT / path for path in includes_of(source) if Path(path).name == name]
    if not matches:
        matches = [ROOT / path for path in includes_of(source) if Path(path).name == pair]
    assert len(matches) == 1, f"{page}: block {title} is not one snippet file: {matches}"
    return matches[0]


def check_test_modules(reader: ReaderFolder) -> int:
    """Run every test module of the page in one pytest call; each ends as its page says."""
    if not reader.test_modules:
        return 0
    expected = {
        name: outcome_of(_snippet_of(reader.page, name))
        if not name.startswith("test_example_")
        else Outcome()
        for name in reader.test_modules
    }
    check_outcomes(reader, expected, "")
    return len(expected)


def check_outcomes(reader: ReaderFolder, expected: dict[str, Outcome], step: str) -> None:
    """One `pytest` call over the files of `expected`, each of which ends as its outcome says
    (read from pytest's `-rA` lines, file by file; a failure names the file)."""
    # A module pytest refuses to collect (a "before" the page shows failing) is its own error,
    # not the end of the run for the others.
    flags = ["-q", "-rA", "-p", "no:cacheprovider", "--continue-on-collection-errors"]
    result = reader.run(["pytest", *flags, *expected])
    output = result.stdout + result.stderr
    per_file: dict[str, Counter[str]] = {name: Counter() for name in expected}
    for match in RESULT_LINE.finditer(result.stdout):
        per_file[match["file"]][match[1]] += 1
    for name, seen in per_file.items():
        outcome = expected[name]
        where = f"{reader.page} {name}{step}: {dict(seen)}, expected {outcome.describe()}\n{output}"
        assert seen["FAILED"] == outcome.failed, where
        assert seen["ERROR"] == outcome.errors, where
        if outcome.passed is None:
            assert seen["PASSED"] >= 1, where
        else:
            assert seen["PASSED"] == outcome.passed, where
        assert seen["SKIPPED"] + seen["XFAIL"] + seen["XPASS"] == 0, where
    warnings = sum(outcome.warnings for outcome in expected.values())
    assert summary_counts(result.stdout)["warning"] == warnings, output


def check_commands(reader: ReaderFolder) -> int:
    """Each output block's command, run in the reader's folder, prints what the block shows."""
    for command, shown in reader.commands:
        words = shlex.split(command)
        assert words[0] in ("pytest", "python", "asyncproof"), (
            f"{reader.page}: unexpected command {command}"
        )
        result = reader.run(words)
        printed = result.stdout.replace(str(reader.path) + os.sep, "")
        printed = LIBRARY_PATH.sub(r"\g<file>", printed)
        if command.startswith(MIGRATE_DIFF):
            # An unchanged empty line is " " in a diff; in the page's indented tab it is a blank
            # line, which Markdown gives back empty.
            printed = re.sub(r"^ $", "", printed, flags=re.M)
        assert comparable(printed) == comparable(shown), (
            f"{reader.page}: `{command}` printed\n{result.stdout}{result.stderr}\n"
            f"but the page shows\n{shown}"
        )
        # The page shows the report. Before it the reader sees at most pytest-asyncio's warning
        # about an unset loop scope, which the home page tells them about (the guide's
        # configuration sets it).
        assert LOOP_SCOPE_WARNING.sub("", result.stderr) == "", result.stderr
    return len(reader.commands)


def check_scripts(reader: ReaderFolder) -> int:
    for name, output in reader.scripts:
        result = reader.run(["python", name])
        assert result.returncode == 0, f"{reader.page}: python {name}\n{result.stderr}"
        printed = [line.strip() for line in result.stdout.splitlines()]
        assert printed == output, f"{reader.page}: python {name} printed {printed}"
    for module in reader.modules:
        result = reader.run(["python", "-c", f"import {module}"])
        refused = FAILS_ON_IMPORT.get(module)
        if refused is not None:
            assert result.returncode != 0, f"{reader.page}: import {module} no longer fails"
            assert refused in result.stderr, result.stderr
            assert refused in SOURCES[reader.page].read_text(encoding="utf-8")
            continue
        assert result.returncode == 0, f"{reader.page}: import {module}\n{result.stderr}"
    return len(reader.scripts) + len(reader.modules)


def check_later_versions(reader: ReaderFolder) -> int:
    """The page's migrate command turns each file into its second version, which then ends as
    its snippet's outcome says (check_test_modules ran the first version). One call of each
    step covers every such file of the page, as a reader migrating a project runs it."""
    if not reader.later_versions:
        return 0
    titles = [title for title, _ in reader.later_versions]
    for title in titles:
        diff = f"{MIGRATE_DIFF}{title}"
        assert diff in (command for command, _ in reader.commands), (
            f"{reader.page} shows {title} twice but no `{diff}` that leads from one to the other"
        )
    # "without `--diff` it rewrites the files in place"
    migrated = reader.run(["asyncproof", "migrate", *titles])
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    for title, shown in reader.later_versions:
        assert (reader.path / title).read_text().rstrip("\n") == shown.rstrip("\n"), (
            f"{reader.page}: `asyncproof migrate {title}` did not write the page's second version"
        )
    # "Running it twice changes nothing the second time."
    again = reader.run([*shlex.split(MIGRATE_DIFF), *titles])
    assert (again.returncode, again.stdout) == (0, ""), again.stdout + again.stderr
    expected = {title: outcome_of(_snippet_of(reader.page, title, later=True)) for title in titles}
    check_outcomes(reader, expected, ", migrated")
    return len(titles)


# Runs a notebook's cells as its kernel does: one namespace, top-level await, a running loop.
NOTEBOOK_DRIVER = """
import ast, asyncio, json, sys
cells = json.load(open("cells.json"))
namespace = {}
async def main():
    for source in cells:
        code = compile(source, "<cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        result = eval(code, namespace)
        if asyncio.iscoroutine(result):
            await result
asyncio.run(main())
"""


def check_notebook(reader: ReaderFolder) -> int:
    if not reader.notebook:
        return 0
    cells = [block.text for block in reader.notebook if block.language == "python"]
    shown = "".join(block.text for block in reader.notebook if block.language == "output")
    (reader.path / "cells.json").write_text(json.dumps(cells))
    (reader.path / "notebook.py").write_text(NOTEBOOK_DRIVER)
    result = reader.run(["python", "notebook.py"])
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown, f"the cells printed\n{result.stdout}\nthe page shows\n{shown}"
    return len(cells)


# --- the tests ---------------------------------------------------------------------------------

RUN_PAGES = sorted(SOURCES)


@pytest.mark.parametrize("page", RUN_PAGES, ids=lambda slug: slug or "home")
def test_page_runs_where_it_is_pasted(
    page: str,
    built_site: Path,
    reader_envs: ReaderEnvironments,
    base_packages: frozenset[str],
    tmp_path: Path,
) -> None:
    blocks = code_blocks(built_site / page / "index.html")
    packages = base_packages.union(*map(frozenset, _install_lines(blocks)))
    bin_dir = reader_envs.python(packages).parent
    reader = write_page(page, blocks, tmp_path, bin_dir)
    shown_before: set[str] = set()
    for block in blocks:
        if block.language == "python" and block.title:
            snippet = _snippet_of(page, block.title, later=block.title in shown_before)
            shown_before.add(block.title)
            assert block.text.rstrip("\n") == snippet.read_text().rstrip("\n"), (
                f"{page}: the copy button's text of {block.title} is not {snippet}"
            )
    counted = {
        "test modules": check_test_modules(reader),
        "commands": check_commands(reader),
        "later versions": check_later_versions(reader),
        "scripts and modules": check_scripts(reader),
        "notebook cells": check_notebook(reader),
    }
    print(f"{page or 'home'}: {counted}")  # shown with -rP: what the test counted per page
    ran = sum(counted.values())
    python_blocks = [b for b in blocks if b.language == "python"]
    assert ran >= len(python_blocks), f"{page}: {counted} for {len(python_blocks)} Python blocks"


def test_every_output_block_shows_its_command(built_site: Path) -> None:
    """Point 3 of the guide's promise: before every output, the command that produced it."""
    missing = [
        f"{slug}: {block.text.splitlines()[0] if block.text else '(empty)'}"
        for slug in SOURCES
        for block in code_blocks(built_site / slug / "index.html")
        if block.language in ("console", "text") and not block.text.startswith("$ ")
    ]
    assert missing == []


def test_an_output_the_run_does_not_print_fails(
    reader_envs: ReaderEnvironments, base_packages: frozenset[str], tmp_path: Path
) -> None:
    """The check has teeth: a page whose output block shows a pass for a failing test fails."""
    failing = "def test_lookup():\n    assert {} == {'patient_id': 'pt-0001'}\n"
    blocks = [
        CodeBlock("python", "test_lookup.py", failing),
        CodeBlock("console", None, "$ pytest -q test_lookup.py\n.  [100%]\n1 passed in 0.01s\n"),
    ]
    bin_dir = reader_envs.python(base_packages).parent
    reader = write_page("(made up)", blocks, tmp_path, bin_dir)
    assert reader.commands == [("pytest -q test_lookup.py", ".  [100%]\n1 passed in 0.01s\n")]
    with pytest.raises(AssertionError, match="1 failed"):
        check_commands(reader)


def test_an_unmarked_async_test_is_skipped_before_pytest_8_4(
    built_site: Path, reader_envs: ReaderEnvironments, base_packages: frozenset[str], tmp_path: Path
) -> None:
    """The Modern pattern page's claim about older pytest (the dependency range starts at 8.2):
    the unmarked test is skipped with a warning, which the guide's configuration makes fail."""
    python = reader_envs.python(base_packages | {"pytest>=8.2,<8.4"})
    [unmarked] = [
        b
        for b in code_blocks(built_site / "modern_pattern" / "index.html")
        if b.title == "test_unmarked.py"
    ]
    [config] = [
        b
        for b in code_blocks(built_site / "core_principles" / "index.html")
        if b.title == "pyproject.toml"
    ]
    reader = write_page("modern_pattern/", [unmarked], tmp_path, python.parent)
    skipped = reader.run(["pytest", "-q", "test_unmarked.py"])
    assert summary_counts(skipped.stdout) == Counter(skipped=1, warning=1), skipped.stdout
    assert "PytestUnhandledCoroutineWarning" in skipped.stdout
    _write_config(tmp_path, "pyproject.toml", config.text)
    failed = reader.run(["pytest", "-q", "test_unmarked.py"])
    assert summary_counts(failed.stdout) == Counter(failed=1), failed.stdout

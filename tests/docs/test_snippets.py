"""Run every snippet of the guide and check it ends the way its page says.

- `test_*.py` snippets are test modules: pytest runs each in a subprocess, as a reader would,
  alone in an empty folder (`pytest -q test_x.py`, plus the files and options its entry in
  `outcomes.toml` names), and its counts must match that entry (default: at least one passed,
  nothing else, no warning). Each expected failure text must appear both in pytest's output and
  on the page. A stored report starts with the command that produced it.
- Other snippets are scripts: pytest-examples runs them and checks each `#>` output line
  (`pytest tests/docs/test_snippets.py --update-examples` rewrites those lines).
- Docstring examples in `src/` are checked the same way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from asyncproof._compat_asyncio import current_loop
from asyncproof._loop import close_loop
from tests._support.catalog import (
    CI_VARIABLES,
    COMPARE_REPORTS,
    REPORT_COLUMNS,
    Outcome,
    all_includes,
    assert_empty_folder,
    comparable,
    installs_of,
    is_script,
    is_test_module,
    outcome_of,
    shown_report,
    snippet_files,
)
from tests._support.paths import ROOT, SNIPPETS
from tests._support.plugins import only, plugins_of
from tests._support.pytester import summary_counts

TEST_MODULES = [path for path in snippet_files() if is_test_module(path)]
SCRIPTS = [path for path in snippet_files() if is_script(path)]


def _ids(paths: list[Path]) -> list[str]:
    return [str(path.relative_to(SNIPPETS)) for path in paths]


@dataclass(frozen=True)
class SnippetRun:
    """What the reader's `pytest ...` printed, and how it ended."""

    returncode: int
    stdout: str
    stderr: str


def run_pytest(
    snippet: Path, expected: Outcome, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> SnippetRun:
    """Run `snippet` as the reader does: alone (with the files its page adds) in an empty folder,
    with the command its page shows.

    A snippet whose report the page shows (`output` in outcomes.toml) runs in its own Python
    process, as the reader's does: a report names what one process counts or remembers (task
    numbers, where a coroutine was created, Python's warnings at exit); so does one whose
    outcome depends on which loop is current (`own_process`). The others, checked
    by their counts and expected texts, run in this process (pytester's in-process run: its own
    config, and sys.modules and sys.path put back after), which saves a Python start and
    pytest's imports each; tests/docs/test_copy_paste.py runs them all from a shell too.
    """
    folder = pytester.path
    assert_empty_folder(folder)
    shutil.copy(snippet, folder / snippet.name)
    for name, source in expected.files:
        shutil.copy(SNIPPETS / source, folder / name)
    # A fixed terminal width and no colour, so a stored report compares line for line.
    monkeypatch.setenv("COLUMNS", REPORT_COLUMNS)
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("PYTEST_ADDOPTS", "FORCE_COLOR", *CI_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    command = expected.command(snippet).split()
    assert command[0] == "pytest"
    # The reader's `pytest ...`; no cache folder, which changes nothing in the report, and only
    # the plugins the reader installed: the others are test extras of ours (pytest-randomly
    # would reorder the report, hypothesis's costs 0.3 s a run).
    args = ["-p", "no:cacheprovider", *only(plugins_of(readers_install(snippet))), *command[1:]]
    if expected.output is not None or expected.own_process:
        monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
        ran = subprocess.run(
            [sys.executable, "-m", "pytest", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return SnippetRun(ran.returncode, ran.stdout, ran.stderr)
    # A warning the reader's pytest does not capture (pytest-asyncio's about an unset loop scope,
    # issued at start-up) is printed on stderr under Python's default filters, as in the
    # reader's process, not counted in this run's warnings.
    # pytester puts sys.modules and sys.path back, not asyncio's current loop: pytest-asyncio
    # before 1.4 leaves a fresh one current after each test (the migration page's current-loop
    # mistake passes there for that reason). In a reader's process it dies with the process;
    # here a later test's garbage collection would find it unclosed (a ResourceWarning in
    # `debugging/never_awaited_report.py`'s output, under `nox -s compat`): close it and put
    # back the loop that was current before, as asyncproof's own teardown does.
    before = current_loop()
    with warnings.catch_warnings(record=True) as uncaught:
        warnings.resetwarnings()
        warnings.simplefilter("default")
        result = pytester.runpytest_inprocess(*args)
    left = current_loop()
    if left is not None and left is not before and not left.is_running():
        close_loop(left, before)
    stderr = _text(result.errlines) + "".join(
        warnings.formatwarning(w.message, w.category, w.filename, w.lineno, w.line)
        for w in uncaught
    )
    # pytester keeps the lines; pytest ends each one it prints with a newline.
    return SnippetRun(int(result.ret), _text(result.outlines), stderr)


def _text(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


@pytest.mark.parametrize("snippet", TEST_MODULES, ids=_ids(TEST_MODULES))
def test_snippet_test_module(
    snippet: Path,
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    expected = outcome_of(snippet)
    result = run_pytest(snippet, expected, pytester, monkeypatch)
    output = result.stdout + result.stderr
    counts = summary_counts(result.stdout)
    passed = counts.get("passed", 0)
    assert counts.get("failed", 0) == expected.failed, output
    assert counts.get("error", 0) == expected.errors, output
    assert counts.get("warning", 0) == expected.warnings, output
    if expected.passed is None:
        assert passed >= 1, output
    else:
        assert passed == expected.passed, output
    assert counts.get("skipped", 0) == expected.skipped, output
    assert not counts.get("xfailed"), output
    assert result.returncode == (1 if expected.failed or expected.errors else 0), output
    if expected.output is not None:
        stored = snippet.parent / expected.output
        fresh = shown_report(expected.command(snippet), result.stdout, pytester.path)
        assert str(pytester.path) not in fresh, "the report names the test's folder"
        if request.config.getoption("update_examples"):
            stored.write_text(fresh)
        assert stored.exists(), f"run with --update-examples to create {stored}"
        assert not COMPARE_REPORTS or comparable(stored.read_text()) == comparable(fresh), (
            f"{stored.name} no longer matches a fresh run; check the diff, then run "
            "pytest tests/docs/test_snippets.py --update-examples"
        )
    # What the reader sees: the pages that show the snippet, and the outputs they include.
    shown = [page.read_text() for page in includers(snippet)]
    if expected.output is not None and includers(snippet.parent / expected.output):
        shown.append((snippet.parent / expected.output).read_text())
    for text in expected.match:
        assert text in output, f"{text!r} not in pytest's output:\n{output}"
        assert text in "".join(shown), f"the page that shows {snippet.name} does not say {text!r}"


def readers_install(snippet: Path) -> list[str]:
    """What the reader of `snippet` has installed: asyncproof (the home page's `pip install`),
    and what the pages that show it have them add."""
    return ["asyncproof", *(name for page in includers(snippet) for name in installs_of(page))]


def includers(snippet: Path) -> list[Path]:
    return all_includes().get(str(snippet.relative_to(ROOT)), [])


def _script_params() -> list[object]:
    params = []
    for script in SCRIPTS:
        allowed = outcome_of(script).allow_leaks
        marks = [pytest.mark.allow_leaks(*allowed)] if allowed else []
        params.append(pytest.param(script, marks=marks, id=str(script.relative_to(SNIPPETS))))
    return params


@pytest.mark.parametrize("snippet", _script_params())
def test_snippet_script(snippet: Path, eval_example: EvalExample) -> None:  # noqa: APF010
    example = CodeExample.create(snippet.read_text(), path=snippet)
    if eval_example.update_examples:
        eval_example.run_print_update(example)
    else:
        eval_example.run_print_check(example)


DOC_EXAMPLES = list(find_examples(str(ROOT / "src")))


@pytest.mark.parametrize("example", DOC_EXAMPLES, ids=str)
def test_docstring_example(example: CodeExample, eval_example: EvalExample) -> None:  # noqa: APF010
    eval_example.set_config(line_length=100, target_version="py310")
    if eval_example.update_examples:
        eval_example.run_print_update(example)
    else:
        eval_example.lint_ruff(example)
        eval_example.run_print_check(example)


def test_docstring_examples_exist() -> None:
    # The API reference promises an example per public function; the harness must see them.
    assert DOC_EXAMPLES, "no docstring examples found under src/"


def test_snippets_pass_ruff_check() -> None:
    """Every snippet and notebook is lint-clean, as a reader would paste it."""
    notebooks = [str(path.relative_to(ROOT)) for path in (ROOT / "docs").rglob("*.ipynb")]
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "snippets", *notebooks],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


PYTHON_SNIPPETS = [path for path in snippet_files() if path.suffix == ".py"]


@pytest.fixture(scope="module")
def formatted_snippets(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, str]:
    """What `ruff format` makes of each Python snippet: one ruff run over a copy of snippets/
    beside a copy of our pyproject.toml (the same settings for the same relative paths), not
    one run per file."""
    copy = tmp_path_factory.mktemp("formatted")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for snippet in PYTHON_SNIPPETS:
        target = copy / snippet.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(snippet, target)
    subprocess.run(
        [sys.executable, "-m", "ruff", "format", "-q", "snippets"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=True,
    )
    return {snippet: (copy / snippet.relative_to(ROOT)).read_text() for snippet in PYTHON_SNIPPETS}


@pytest.mark.parametrize("snippet", PYTHON_SNIPPETS, ids=_ids(PYTHON_SNIPPETS))
def test_snippet_is_formatted(snippet: Path, formatted_snippets: dict[Path, str]) -> None:
    source = snippet.read_text()
    formatted = formatted_snippets[snippet]
    # ruff writes pytest-examples' `#>` output comments as `# >`; both mean the same line.
    assert re.sub(r"^(\s*)# > ", r"\1#> ", formatted, flags=re.M) == source

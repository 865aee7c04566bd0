"""The guide's shape: no hand-typed Python in a page, every snippet shown, every include real."""

from __future__ import annotations

import ast
import asyncio
import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from tests._support.catalog import (
    all_includes,
    inline_python_blocks,
    notebook_includes,
    notebooks,
    pages,
    snippet_files,
)
from tests._support.glance import guide_pages, rule_of
from tests._support.paths import DOCS, ROOT


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_page_has_no_inline_python(page: Path) -> None:
    assert inline_python_blocks(page) == [], (
        f"{page.relative_to(ROOT)} has hand-typed Python at these lines; "
        "move each block into snippets/ and include it with --8<--"
    )


def test_inline_python_is_detected(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        '# Page\n\n```python\n--8<-- "snippets/x.py"\n```\n\n'
        "````python title=\"x.py\"\nprint('typed by hand')\n````\n"
    )
    assert inline_python_blocks(page) == [7]


def test_every_include_exists() -> None:
    missing = {
        path: [str(page.relative_to(ROOT)) for page in including]
        for path, including in all_includes().items()
        if not (ROOT / path).is_file()
    }
    assert missing == {}


def test_every_snippet_is_included_by_a_page() -> None:
    included = set(all_includes())
    orphans = [
        str(p.relative_to(ROOT))
        for p in snippet_files()
        if str(p.relative_to(ROOT)) not in included
    ]
    assert orphans == [], "these snippet files are shown on no page"


def test_every_page_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text()
    for page in [*pages(), *notebooks()]:
        assert str(page.relative_to(DOCS)) in nav, f"{page} is not in mkdocs.yml's nav"


@pytest.mark.parametrize("notebook", notebooks(), ids=lambda p: p.name)
def test_every_notebook_code_cell_names_its_snippet(notebook: Path) -> None:
    """Cells are made from snippet files (`nox -s regen`); none may hold typed code."""
    data = json.loads(notebook.read_text())
    code_cells = [cell for cell in data["cells"] if cell["cell_type"] == "code"]
    assert len(notebook_includes(notebook)) == len(code_cells), "a code cell names no snippet"


@pytest.mark.allow_leaks("never_awaited")  # the cells leave one on purpose: that's the lesson
def test_notebook_cells_show_the_never_awaited_warning(capsys: pytest.CaptureFixture[str]) -> None:
    """Run the debugging notebook's cells as the kernel does: one namespace, in a running loop.
    The page shows the warning's one useful line, not the kernel's frames around it."""
    [notebook] = [nb for nb in notebooks() if nb.stem == "debugging_notebook"]
    sources = [(ROOT / path).read_text() for path in notebook_includes(notebook)]
    namespace: dict[str, object] = {}

    async def run_cells() -> None:
        for source in sources:
            code = compile(source, "<cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            result = eval(code, namespace)
            if asyncio.iscoroutine(result):
                await result

    with warnings.catch_warnings(record=True) as caught:
        asyncio.run(run_cells())
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        "asyncio debug mode: True",
        "RuntimeWarning: coroutine 'fetch_lab_results' was never awaited",
        "['HbA1c 5.4 %']",
    ]
    assert [w for w in caught if w.category is RuntimeWarning] == [], "shown, not left to leak"
    assert namespace["results"] == ["HbA1c 5.4 %"]


def test_snippet_paths_are_unique_test_names() -> None:
    """Test snippets share one pytest rootdir; equal basenames would clash on import."""
    names = [p.name for p in snippet_files() if p.suffix == ".py" and p.name.startswith("test_")]
    assert len(names) == len(set(names))


# A page that shows a mistake and its fix names the pair `<name>_bad.py` / `<name>_good.py`, as
# the rule pages do; other words for "after" would make two schemes.
OTHER_PAIR_WORDS = ("_fixed", "_migrated")


def pair_naming_problems(files: list[Path]) -> list[str]:
    """What in `files` breaks the `<name>_bad.py` / `<name>_good.py` scheme."""
    names = set(files)
    problems = []
    for path in files:
        if path.suffix != ".py":
            continue
        if path.stem.endswith(OTHER_PAIR_WORDS):
            problems.append(f"{path.name}: name the pair <name>_bad.py / <name>_good.py")
        if path.stem.endswith("_good"):
            bad = path.with_name(f"{path.stem.removesuffix('_good')}_bad.py")
            if bad not in names:
                problems.append(f"{path.name}: no {bad.name} next to it")
    return problems


def test_snippet_pairs_are_named_bad_and_good() -> None:
    assert pair_naming_problems(snippet_files()) == []


def test_pair_naming_problems_are_detected(tmp_path: Path) -> None:
    files = [
        tmp_path / name
        for name in (
            "test_x_bad.py",
            "test_x_good.py",  # a pair
            "test_hung.py",  # a mistake shown alone
            "test_y.py",
            "test_y_fixed.py",
            "suite.py",
            "suite_migrated.py",
            "test_z_good.py",  # a fix without its mistake
            "z_bad.txt",
        )
    ]
    assert pair_naming_problems(files) == [
        "test_y_fixed.py: name the pair <name>_bad.py / <name>_good.py",
        "suite_migrated.py: name the pair <name>_bad.py / <name>_good.py",
        "test_z_good.py: no test_z_bad.py next to it",
    ]


def test_a_missing_snippet_breaks_the_build(tmp_path: Path) -> None:
    """pymdownx.snippets runs with check_paths: a deleted snippet file fails the strict build."""
    for name in ("docs", "docs_theme", "snippets"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.ipynb"))
    config = (ROOT / "mkdocs.yml").read_text()
    # The notebook page is not what this test is about; leave it (and its kernel) out.
    config = config.replace("debugging_notebook.ipynb", "debugging.md")
    (tmp_path / "mkdocs.yml").write_text(config)
    # The home page's snippet: the first page built, so the build stops before the others.
    (tmp_path / "snippets" / "index" / "install.sh").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert "snippets/index/install.sh" in result.stderr


# Every snippet but the notebook's cells (they share one namespace, as the kernel runs them).
SELF_CONTAINED = [
    path for path in snippet_files() if path.suffix == ".py" and "notebook" not in path.parts
]


@pytest.mark.parametrize("snippet", SELF_CONTAINED, ids=lambda p: p.name)
def test_stand_in_code_is_marked(snippet: Path) -> None:
    """A snippet that carries code standing in for the reader's says so, so nobody copies the
    fake into their project thinking it is part of the pattern."""
    tree = ast.parse(snippet.read_text())
    stand_ins = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and not node.name.startswith(("test_", "Test"))
    ]
    text = snippet.read_text()
    assert "from clinic" not in text
    assert "import clinic" not in text
    if stand_ins:
        assert "# Stands in for your code" in text, f"{snippet.name} defines {stand_ins}"


CLI = "import sys; from asyncproof.cli import main; sys.exit(main())"


def test_checker_findings_in_the_guide_are_named_on_their_pages() -> None:
    """`asyncproof check snippets` reports what the pages say: each finding in a pattern page's
    snippet is a mistake that page shows on purpose, and the page names its rule."""
    check = subprocess.run(
        [sys.executable, "-c", CLI, "check", "snippets", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    findings = json.loads(check.stdout)
    guide = [f for f in findings if ROOT / f["path"] in SELF_CONTAINED]
    assert guide, check.stdout + check.stderr  # the guide shows mistakes on purpose
    unnamed = [
        f"{f['path']}:{f['line']} {f['code']}"
        for f in guide
        if not any(f["code"] in page.read_text() for page in all_includes()[f["path"]])
    ]
    assert unnamed == []


@pytest.mark.parametrize("page", [page for _, page in guide_pages()], ids=lambda p: p.name)
def test_every_guide_page_opens_with_its_rule(page: Path) -> None:
    """The home page's table is made of these rules (`nox -s regen`): a page without one
    would be missing from it."""
    assert rule_of(page) is not None, f"{page.name} does not open with **Rule: ...**"

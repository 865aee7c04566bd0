"""One command per job: `nox -s tests` runs everything CI runs."""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent
DOCS_ENV = {"NO_MKDOCS_2_WARNING": "1"}
BENCH_DEPS = ["scrubadub", "ruff"]


def install_project(session: nox.Session, *extras: str) -> None:
    session.install("--disable-pip-version-check", "-q", "-e", f".[{','.join(extras)}]")


@nox.session
def tests(session: nox.Session) -> None:
    """Every snippet, the library's tests, then the strict docs build."""
    install_project(session, "test", "docs")
    session.run("pytest", *(session.posargs or ["-q"]))
    session.run("mkdocs", "build", "--strict", "-d", "site", env=DOCS_ENV)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the guide strictly into site/."""
    install_project(session, "docs")
    session.run("mkdocs", "build", "--strict", "-d", "site", env=DOCS_ENV)


@nox.session
def serve(session: nox.Session) -> None:
    """Build the guide and serve it on http://127.0.0.1:8000 (Ctrl-C stops)."""
    install_project(session, "docs")
    session.run("mkdocs", "serve", "--strict", "-a", "127.0.0.1:8000", env=DOCS_ENV)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff over the library, the snippets and the tests."""
    session.install("-q", "ruff")
    notebooks = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "docs").rglob("*.ipynb"))]
    session.run("ruff", "check", "src", "snippets", "tests", *notebooks)
    # Snippet scripts keep pytest-examples' `#>` lines, which ruff format would rewrite to
    # `# >`: tests/test_snippets.py checks their formatting instead.
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py")


@nox.session
def bench(session: nox.Session) -> None:
    """The benchmarks: each prints its figures as ratios against a baseline in the same run."""
    install_project(session, "test")
    session.install("-q", *BENCH_DEPS)
    scripts = sorted((ROOT / "bench").glob("bench_*.py"))
    if not scripts:
        session.error("no bench/bench_*.py scripts found")
    for script in scripts:
        session.run("python", str(script), *session.posargs, env={"PYTHONHASHSEED": "0"})

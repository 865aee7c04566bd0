"""One command per job: `nox -s tests` runs everything CI runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent
DOCS_ENV = {"NO_MKDOCS_2_WARNING": "1"}
BENCH_DEPS = [
    "scrubadub",
    "datafog",
    "datafog-core",
    "google-re2",
    "ahocorasick-rs",
    "pyahocorasick",
    "ruff",
]


def install_project(session: nox.Session, *extras: str) -> None:
    session.install("--disable-pip-version-check", "-q", "-e", f".[{','.join(extras)}]")


def ensure_chromium(session: nox.Session) -> None:
    """Install Debian's Chromium for the browser tests (Playwright can't download one here)."""
    if shutil.which("chromium") or os.environ.get("ASYNCPROOF_CHROMIUM"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", "-qq", external=True, env=env)
        session.run("apt-get", "install", "-y", "-qq", "chromium", external=True, env=env)
    else:
        session.warn("no chromium and no way to install it: the browser tests will skip")


# How `nox -s tests` runs the whole suite (see the comment in `tests`).
SUITE = ["-q", "-n", "auto", "--dist", "worksteal"]


@nox.session
def tests(session: nox.Session) -> None:
    """Every snippet, the library's tests, the browser tests, the strict docs build, mypy."""
    ensure_chromium(session)
    install_project(session, "test", "docs")
    # pytest-xdist spreads the suite over every core; the workers share the site build and the
    # reader's virtualenvs (tests/_support/once.py). Work stealing evens out the few long tests
    # (113-115 s against 124 s with the default distribution on 2 idle cores). `--dist
    # loadgroup` would not help: with pytest 9.2 and xdist 3.8 it groups nothing (xdist sets
    # item._nodeid, which pytest 9 no longer reads). `nox -s tests -- <args>` replaces these.
    session.run("pytest", *(session.posargs or SUITE))
    if session.posargs:
        # The whole suite builds the guide strictly once (tests/conftest.py's built_site, which
        # fails on any warning) for its browser and copy-paste tests; a chosen few may not.
        session.run("mkdocs", "build", "--strict", "-d", "site", env=DOCS_ENV)
    session.run("mypy")


@nox.session
def profile(session: nox.Session) -> None:
    """Where the suite's time goes: the suite as `nox -s tests` runs it (or `-- <args>`), with
    each test's wall time and CPU recorded; prints the totals per test module."""
    ensure_chromium(session)
    install_project(session, "test", "docs")
    record = Path(session.virtualenv.location) / "suite-profile.jsonl"
    record.unlink(missing_ok=True)
    env = {"ASYNCPROOF_PROFILE": str(record)}
    # `python -m pytest`: the checkout is on sys.path before pytest loads the `-p` plugin.
    plugin = ["-p", "tests._support.suite_profile"]
    session.run("python", "-m", "pytest", *plugin, *(session.posargs or SUITE), env=env)
    session.run("python", "-m", "tests._support.suite_profile", str(record))


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
    # `# >`: tests/docs/test_snippets.py checks their formatting instead.
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py")


@nox.session
def regen(session: nox.Session) -> None:
    """Rewrite every stored output the pages show from a fresh run; review the diff after."""
    install_project(session, "test")
    session.run("python", "-m", "tests._support.stored")
    session.run("pytest", "-q", "tests/docs/test_snippets.py", "--update-examples")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy over the library (configuration in pyproject.toml)."""
    install_project(session, "test")
    session.run("mypy")


PUBLISH_DIR = ROOT / "public"


@nox.session
def publish(session: nox.Session) -> None:
    """Build this version of the guide into public/<major.minor>/ with a mike-style
    versions.json and a root redirect to `latest`, for any static host. Deploys nothing."""
    import json

    import tomllib

    install_project(session, "docs")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    short = ".".join(version.split(".")[:2])
    config = ROOT / ".publish-mkdocs.yml"
    # Material's version selector reads ../versions.json; only the published site has one.
    config.write_text("INHERIT: mkdocs.yml\nextra:\n  version:\n    provider: mike\n")
    try:
        for target in (short, "latest"):
            session.run(
                "mkdocs",
                "build",
                "--strict",
                "-f",
                str(config),
                "-d",
                str(PUBLISH_DIR / target),
                env=DOCS_ENV,
            )
    finally:
        config.unlink()
    versions_file = PUBLISH_DIR / "versions.json"
    versions = json.loads(versions_file.read_text()) if versions_file.exists() else []
    versions = [v for v in versions if v["version"] != short]
    for entry in versions:
        entry["aliases"] = [a for a in entry.get("aliases", []) if a != "latest"]
    versions.insert(0, {"version": short, "title": version, "aliases": ["latest"]})
    versions_file.write_text(json.dumps(versions, indent=2) + "\n")
    (PUBLISH_DIR / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=latest/">'
        '<link rel="canonical" href="latest/"><a href="latest/">latest</a>\n'
    )
    session.log(f"published {version} into {PUBLISH_DIR}/{short} (alias: latest)")


# pytest-asyncio releases (oldest 1.x, one between, newest) and the pytest majors each supports.
COMPAT_MATRIX = [
    ("1.0.0", "8.4.2"),
    ("1.1.0", "8.2.2"),
    ("1.1.0", "8.3.5"),
    ("1.1.0", "8.4.2"),
    ("1.3.0", "9.2.0"),
    ("1.5.0", "8.4.2"),
    ("1.5.0", "9.2.0"),
]
COMPAT_TESTS = [
    "tests/docs/test_snippets.py",
    *(
        f"tests/plugin/test_{name}.py"
        for name in ("timeout", "plugin", "deadlines", "leaks", "blocked_loop")
    ),
]
COMPAT_TABLE = ROOT / "snippets" / "compatibility" / "matrix.md"


@nox.session
def compat(session: nox.Session) -> None:
    """Run the snippet and plugin suites on each pytest-asyncio/pytest pair; write the table."""
    import platform
    import tempfile
    import xml.etree.ElementTree as ET

    install_project(session, "test")
    # Not session.create_tmp(): it points TMPDIR inside this repository, and a snippet run in
    # an "empty" folder there would find our own pytest configuration above it.
    report = Path(tempfile.mkdtemp(prefix="asyncproof-compat-")) / "compat.xml"
    rows = []
    for asyncio_version, pytest_version in COMPAT_MATRIX:
        session.install("-q", f"pytest-asyncio=={asyncio_version}", f"pytest=={pytest_version}")
        report.unlink(missing_ok=True)
        session.run(
            "timeout",
            "900",  # a plugin that stops working must show as a failure, not hang the matrix
            session.bin + "/python",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            *COMPAT_TESTS,
            silent=True,
            success_codes=[0, 1, 124],
            external=True,
            env={"ASYNCPROOF_COMPARE_REPORTS": "0"},
        )
        # pytest's own count of outcomes; no report means it timed out or crashed.
        suite = ET.parse(report).getroot().find("testsuite") if report.exists() else None
        if suite is None:
            rows.append(
                f"| {asyncio_version} | {pytest_version} | **no** | "
                "no report: timed out (900 s) or crashed |"
            )
            continue
        failed, errors, skipped = (int(suite.get(k, 0)) for k in ("failures", "errors", "skipped"))
        passed = int(suite.get("tests", 0)) - failed - errors - skipped
        ok = passed > 0 and not failed and not errors
        session.log(
            f"pytest-asyncio {asyncio_version}, pytest {pytest_version}: "
            f"{passed} passed, {failed} failed, {errors} errors"
        )
        for case in suite.iter("testcase"):
            for problem in case:
                if problem.tag in ("failure", "error"):
                    first = (problem.get("message") or "").strip().splitlines()[:1]
                    session.log(f"  {problem.tag}: {case.get('name')}: {''.join(first)[:200]}")
        rows.append(
            f"| {asyncio_version} | {pytest_version} | {'yes' if ok else '**no**'} | "
            f"{passed} passed, {failed + errors} failed |"
        )
    COMPAT_TABLE.parent.mkdir(exist_ok=True)
    COMPAT_TABLE.write_text(
        "| pytest-asyncio | pytest | Supported | Snippet and plugin suites |\n"
        "| --- | --- | --- | --- |\n"
        + "\n".join(rows)
        + f"\n\nGenerated by `nox -s compat` on Python {platform.python_version()}.\n"
    )


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

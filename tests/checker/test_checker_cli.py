"""`asyncproof check` end to end: discovery, configuration, output formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from asyncproof.cli import main
from tests._support.paths import SRC

BAD = "import time\n\n\nasync def test_x():\n    time.sleep(1)\n    assert True\n"
CLEAN = "def test_x():\n    assert True\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nasyncio_mode = "strict"\n', encoding="utf-8"
    )
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_bad.py").write_text(BAD, encoding="utf-8")
    (tests / "test_clean.py").write_text(CLEAN, encoding="utf-8")
    # Not a test module: walked, but only the rules that are not about tests run on it.
    (tests / "helpers.py").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exit_1_and_ruff_style_lines(project, capsys):
    assert main(["check", "tests"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "tests/helpers.py:5:5: APF008 `time.sleep()` in `async def` blocks the event loop: "
        "use `await asyncio.sleep()`",
        "tests/test_bad.py:4:1: APF002 async test `test_x` is not run in strict mode: "
        "add `@pytest.mark.asyncio`",
        "tests/test_bad.py:5:5: APF008 `time.sleep()` in `async def` blocks the event loop: "
        "use `await asyncio.sleep()`",
        "Found 3 problems.",
    ]


def test_exit_0_when_clean(project, capsys):
    assert main(["check", "tests/test_clean.py"]) == 0
    assert capsys.readouterr().out == ""


def test_explicit_files_are_always_checked_as_test_modules(project, capsys):
    assert main(["check", "--format", "json", "tests/helpers.py"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in report] == ["APF002", "APF008"]


def test_json_output(project, capsys):
    assert main(["check", "--format", "json", "tests/test_bad.py", "tests/test_clean.py"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(r["code"], r["line"], r["column"], r["name"]) for r in report] == [
        ("APF002", 4, 1, "async-test-not-run"),
        ("APF008", 5, 5, "blocking-sleep"),
    ]
    assert report[0]["path"] == "tests/test_bad.py"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "APF008"], ["APF008"]),
        (["--select", "APF00"], ["APF002", "APF008"]),
        (["--ignore", "APF002"], ["APF008"]),
        (["--select", "apf", "--ignore", "APF0"], []),
    ],
)
def test_select_and_ignore_by_prefix(project, capsys, args, expected):
    main(["check", "--format", "json", *args, "tests/test_bad.py"])
    assert [r["code"] for r in json.loads(capsys.readouterr().out or "[]")] == expected


@pytest.mark.parametrize(
    "args",
    [
        ["check", "missing_dir"],
        ["check", "--select", "APF999", "tests"],
        ["check", "--ignore", "E501", "tests"],
        ["check", "--format", "xml", "tests"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(project, capsys, args):
    assert main(args) == 2


def test_config_select_ignore_and_exclude(project, capsys):
    (project / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [tool.pytest.ini_options]
            asyncio_mode = "strict"

            [tool.asyncproof]
            ignore = ["APF008"]
            exclude = ["tests/legacy"]
            """
        ),
        encoding="utf-8",
    )
    (project / "tests" / "legacy").mkdir()
    (project / "tests" / "legacy" / "test_old.py").write_text(BAD, encoding="utf-8")
    main(["check", "--format", "json", "tests"])
    report = json.loads(capsys.readouterr().out)
    assert [(r["path"], r["code"]) for r in report] == [("tests/test_bad.py", "APF002")]


def test_bad_config_is_a_usage_error(project, capsys):
    (project / "pyproject.toml").write_text('[tool.asyncproof]\nselcet = ["APF"]\n')
    assert main(["check", "tests"]) == 2
    assert "unknown [tool.asyncproof] key" in capsys.readouterr().err


def test_config_external_clients(project, capsys):
    (project / "pyproject.toml").write_text('[tool.asyncproof]\nexternal-clients = ["labs"]\n')
    (project / "tests" / "test_labs.py").write_text(
        "import labs\n\n\nasync def test_x():\n    assert await labs.fetch()\n", encoding="utf-8"
    )
    main(["check", "--format", "json", "--select", "APF007", "tests"])
    assert [r["line"] for r in json.loads(capsys.readouterr().out)] == [5]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("", [5]),  # the defaults include httpx
        ("external-clients = []\n", []),  # an empty list is a list: no external clients at all
        ('external-clients = []\nextend-external-clients = ["httpx"]\n', [5]),
        ('external-clients = ["labs"]\n', []),
    ],
)
def test_config_external_clients_set_to_a_list_replace_the_defaults(
    project, capsys, table, expected
):
    (project / "pyproject.toml").write_text(f"[tool.asyncproof]\n{table}", encoding="utf-8")
    (project / "tests" / "test_http.py").write_text(
        "import httpx\n\n\nasync def test_x():\n"
        "    assert await httpx.get('https://a', timeout=None)\n",
        encoding="utf-8",
    )
    main(["check", "--format", "json", "--select", "APF007", "tests"])
    assert [r["line"] for r in json.loads(capsys.readouterr().out or "[]")] == expected


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pytest.ini", "[pytest]\nasyncio_mode = auto\n"),
        ("pyproject.toml", '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n'),
        ("tox.ini", "[pytest]\naddopts = --asyncio-mode=auto\n"),
        ("setup.cfg", "[tool:pytest]\nasyncio_mode = auto\n"),
    ],
)
def test_asyncio_mode_auto_from_pytest_config(tmp_path, capsys, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "test_a.py").write_text("async def test_x():\n    assert True\n")
    assert main(["check", str(tmp_path)]) == 0


def test_a_syntax_error_does_not_stop_the_other_files(project, capsys):
    (project / "tests" / "test_broken.py").write_text("def test_x(:\n", encoding="utf-8")
    assert main(["check", "--select", "APF008", "tests"]) == 1
    out = capsys.readouterr().out
    assert "tests/test_broken.py:1:" in out
    assert "APF000 syntax error" in out
    assert "tests/test_bad.py:5:5: APF008" in out


def test_parallel_run_matches_serial(project, capsys):
    for i in range(70):
        (project / "tests" / f"test_{i}.py").write_text(BAD, encoding="utf-8")
    main(["check", "--jobs", "1", "tests"])
    serial = capsys.readouterr().out
    main(["check", "--jobs", "2", "tests"])
    assert capsys.readouterr().out == serial


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    """Run this Python on the checkout's `src` only, in the project folder."""
    return subprocess.run(
        [sys.executable, *args], env={"PYTHONPATH": str(SRC)}, capture_output=True, text=True
    )


def test_python_m_asyncproof_and_checker_imports_no_libcst(project):
    result = _python(
        "-c",
        "import sys; from asyncproof.cli import main; rc = main(['check', 'tests']); "
        "assert 'libcst' not in sys.modules; sys.exit(rc)",
    )
    assert result.returncode == 1, result.stderr
    result = _python("-m", "asyncproof", "check", "tests/test_clean.py")
    assert result.returncode == 0, result.stderr


def test_migrate_without_libcst_says_which_extra_to_install(project):
    # A `libcst` that cannot be imported, as in an environment without the `migrate` extra.
    result = _python(
        "-c",
        "import sys; sys.modules['libcst'] = None; from asyncproof.cli import main; "
        "sys.exit(main(['migrate', 'tests']))",
    )
    assert result.returncode == 2
    assert result.stderr == 'asyncproof migrate needs libcst: pip install "asyncproof[migrate]"\n'

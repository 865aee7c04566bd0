"""`asyncproof check` reads the asyncio mode exactly as pytest does (pytest 8.2 to 9).

Every case writes configuration files into an empty directory, runs pytest there on one
unmarked `async def` test (auto mode runs it, strict mode does not) and compares the outcome
with the checker's verdict: every file name pytest reads, its precedence, key and section case.
"""

from __future__ import annotations

import pytest

from asyncproof.checker.pytest_config import CONFIG_FILES, asyncio_auto, asyncio_plugin_off

AUTO_TOML = '[pytest]\nasyncio_mode = "auto"\n'
AUTO_INI = "[pytest]\nasyncio_mode = auto\n"

# (files, whether pytest runs the unmarked async test in auto mode)
CASES: list[tuple[dict[str, str], bool]] = [
    ({"pytest.toml": AUTO_TOML}, True),
    ({"pytest.toml": '[pytest]\nAsyncio_Mode = "auto"\n'}, False),
    ({"pytest.toml": '[pytest]\naddopts = ["--asyncio-mode=auto"]\n'}, True),
    ({".pytest.toml": AUTO_TOML}, True),
    ({"pytest.ini": AUTO_INI}, True),
    ({"pytest.ini": "[pytest]\nAsyncio_Mode = auto\n"}, False),
    ({"pytest.ini": "[pytest]\naddopts = -o asyncio_mode=auto\n"}, True),
    ({"pytest.ini": "[pytest]\naddopts = --asyncio-mode auto\n"}, True),
    ({"pytest.ini": "[pytest]\nasyncio_mode = auto\naddopts = --asyncio-mode=strict\n"}, False),
    ({".pytest.ini": AUTO_INI}, True),
    ({"pyproject.toml": '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n'}, True),
    ({"pyproject.toml": '[tool.pytest]\nasyncio_mode = "auto"\n'}, True),
    ({"pyproject.toml": '[tool.pytest.ini_options]\nAsyncio_Mode = "auto"\n'}, False),
    ({"tox.ini": AUTO_INI}, True),
    ({"tox.ini": "[pytest]\nAsyncio_Mode = auto\n"}, False),
    ({"tox.ini": "[PYTEST]\nasyncio_mode = auto\n"}, False),
    ({"setup.cfg": "[tool:pytest]\nasyncio_mode = auto\n"}, True),
    ({"setup.cfg": "[tool:pytest]\nASYNCIO_MODE = auto\n"}, False),
    # Precedence: the first file (in pytest's order) that holds pytest configuration wins.
    ({"pytest.toml": "[pytest]\n", "pytest.ini": AUTO_INI}, False),
    ({".pytest.toml": AUTO_TOML, "pytest.ini": "[pytest]\n"}, True),
    (
        {"pytest.ini": "[other]\n", "pyproject.toml": '[tool.pytest]\nasyncio_mode = "auto"\n'},
        False,
    ),
    ({".pytest.ini": AUTO_INI, "pyproject.toml": '[tool.pytest]\nasyncio_mode = "strict"\n'}, True),
    ({"pyproject.toml": "[project]\nname = 'x'\n", "tox.ini": AUTO_INI}, True),
    ({"tox.ini": "[tox]\n", "setup.cfg": "[tool:pytest]\nasyncio_mode = auto\n"}, True),
    ({"tox.ini": AUTO_INI, "setup.cfg": "[tool:pytest]\nasyncio_mode = strict\n"}, True),
]


def _id(case: tuple[dict[str, str], bool]) -> str:
    files, _ = case
    return "+".join(f"{name}:{text.splitlines()[-1].strip()}" for name, text in files.items())


def test_the_cases_cover_every_file_pytest_reads():
    assert {name for files, _ in CASES for name in files} == set(CONFIG_FILES)
    assert list(CONFIG_FILES) == [
        "pytest.toml",
        ".pytest.toml",
        "pytest.ini",
        ".pytest.ini",
        "pyproject.toml",
        "tox.ini",
        "setup.cfg",
    ]


# pytest 9.0.0 to 9.0.3 ignored `-o` given in `addopts` (pytest-dev/pytest#14442, fixed in
# 9.0.4): the checker follows the fixed behaviour, so on those releases pytest disagrees.
ADDOPTS_OVERRIDE_IGNORED = (9, 0, 0) <= pytest.version_tuple[:3] < (9, 0, 4)


def _params() -> list[object]:
    return [
        pytest.param(
            files,
            auto,
            id=_id((files, auto)),
            marks=pytest.mark.xfail(reason="pytest#14442", strict=True)
            if ADDOPTS_OVERRIDE_IGNORED and "-o asyncio_mode" in "".join(files.values())
            else (),
        )
        for files, auto in CASES
    ]


@pytest.mark.parametrize(("files", "auto"), _params())
def test_checker_reads_the_asyncio_mode_as_pytest_does(pytester, files, auto):
    for name, text in files.items():
        (pytester.path / name).write_text(text, encoding="utf-8")
    pytester.makepyfile(test_mode="async def test_unmarked():\n    pass\n")
    # The loop scope option only quiets pytest-asyncio's warning; it leaves the mode alone.
    result = pytester.runpytest(
        "-p", "no:cacheprovider", "-o", "asyncio_default_fixture_loop_scope=function"
    )
    outcomes = result.parseoutcomes()
    pytest_auto = outcomes.get("passed", 0) == 1
    assert pytest_auto is auto, result.stdout.str()
    assert asyncio_auto(pytester.path) is auto


# A project that runs its coroutines with aiomisc's pytest plugin (aiofile does) asks for
# aiomisc's own `event_loop`: pytest-asyncio's rules have nothing to say there.
@pytest.mark.parametrize(
    ("pyproject", "off"),
    [
        ('[dependency-groups]\ndev = ["aiomisc-pytest>=2.0.0,<3"]\n', True),
        (
            '[project]\nname = "x"\n[project.optional-dependencies]\ntest = ["aiomisc_pytest"]\n',
            True,
        ),
        ('[tool.poetry.group.dev.dependencies]\naiomisc-pytest = "^2"\n', True),
        ('[tool.poetry.dev-dependencies]\n"AioMisc.Pytest" = "^2"\n', True),
        # Both plugins declared: pytest-asyncio may still run some of the suite.
        ('[dependency-groups]\ndev = ["aiomisc-pytest", "pytest-asyncio>=1"]\n', False),
        ('[project]\nname = "x"\ndependencies = ["aiomisc"]\n', False),
        ('[project]\nname = "x"\n', False),
    ],
)
def test_another_loop_plugin_in_the_dependencies_turns_pytest_asyncio_rules_off(
    tmp_path, pyproject: str, off: bool
) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    assert asyncio_plugin_off(tmp_path / "tests") is off

"""Find out whether pytest-asyncio runs in auto mode for a directory, the way pytest would.

pytest 8.2 to 9 look in the tests' directory and then each parent, and in each directory take
the first of these files that holds pytest configuration (`CONFIG_LOADERS_BY_NAME` in
`_pytest/config/findpaths.py`):

- `pytest.toml`, `.pytest.toml`: the `[pytest]` table; the file counts even without it;
- `pytest.ini`, `.pytest.ini`: the `[pytest]` section; the file counts even without it;
- `pyproject.toml`: a `[tool.pytest]` table (native TOML) or `[tool.pytest.ini_options]`;
- `tox.ini`: a `[pytest]` section;
- `setup.cfg`: a `[tool:pytest]` section.

Ini files are read with `iniconfig`, pytest's own parser, so keys and section names keep their
case: `Asyncio_Mode = auto` is not `asyncio_mode`. `addopts` can set the mode too
(`--asyncio-mode=auto`, `-o asyncio_mode=auto`); the command-line option wins over the key.
A file pytest cannot parse stops the search (pytest refuses to run with it). A `conftest.py`
on the way that adds the asyncio mark itself counts as auto mode too, and so does one that runs
coroutine tests its own way: a `pytest_pyfunc_call` hook, or a plugin that has one
(`aiohttp.pytest_plugin`) in `pytest_plugins`.

A configuration file pytest cannot read or parse (invalid TOML, a broken ini file, non-UTF-8
bytes, `ini_options` that is not a table) or a `conftest.py` that cannot be read raises
`ConfigError` naming the file: pytest refuses to run with it, so no verdict is better than a
guess.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from asyncproof._sourcefile import SourceError, read_source
from asyncproof.checker._toml import ConfigError, load_toml

__all__ = [
    "CONFIG_FILES",
    "asyncio_auto",
    "asyncio_plugin_off",
    "loop_scopes",
    "own_event_loop",
    "pytest_options",
    "suite_deadline",
]

Options = Mapping[str, object]


def _ini_section(path: Path, section: str) -> dict[str, str] | None:
    """The `section` of an ini file as pytest reads it; None when it has none.

    Raises:
        ConfigError: pytest could not read or parse the file.
    """
    import iniconfig  # pytest's own dependency; only for projects that have such a file

    try:
        ini = iniconfig.IniConfig(str(path))
    except iniconfig.ParseError as exc:
        raise ConfigError(f"invalid ini file: line {exc.lineno + 1}: {exc.msg}", path) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not valid UTF-8 (byte {exc.start})", path) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read file: {exc.strerror or exc}", path) from exc
    if section not in ini:
        return None
    return dict(ini[section].items())


def _table(data: Mapping[str, object], key: str, path: Path, name: str) -> dict[str, object] | None:
    """`data[key]` when it is a table, None when absent; else pytest would fail on it."""
    value = data.get(key)
    if value is None or isinstance(value, dict):
        return value
    raise ConfigError(f"[{name}] must be a table, not {type(value).__name__} {value!r}", path)


def _pytest_toml(path: Path) -> Options:
    return _table(load_toml(path), "pytest", path, "pytest") or {}


def _pytest_ini(path: Path) -> Options:
    return _ini_section(path, "pytest") or {}


def _pyproject_toml(path: Path) -> Options | None:
    tool = _table(load_toml(path), "tool", path, "tool")
    tool_pytest = _table(tool, "pytest", path, "tool.pytest") if tool is not None else None
    if tool_pytest is None:
        return None
    native = {key: value for key, value in tool_pytest.items() if key != "ini_options"}
    ini_options = _table(tool_pytest, "ini_options", path, "tool.pytest.ini_options")
    if native:
        return native
    return ini_options


CONFIG_FILES: dict[str, Callable[[Path], Options | None]] = {
    "pytest.toml": _pytest_toml,
    ".pytest.toml": _pytest_toml,
    "pytest.ini": _pytest_ini,
    ".pytest.ini": _pytest_ini,
    "pyproject.toml": _pyproject_toml,
    "tox.ini": lambda path: _ini_section(path, "pytest"),
    "setup.cfg": lambda path: _ini_section(path, "tool:pytest"),
}
"""pytest's configuration file names in precedence order, each with how pytest reads it:
the options, or None when the file holds no pytest configuration."""


@cache
def _options_here(directory: Path) -> Options | None:
    """The options of `directory`'s pytest configuration file; None if it has none."""
    for name, read in CONFIG_FILES.items():
        candidate = directory / name
        if candidate.is_file():
            options = read(candidate)
            if options is not None:
                return options
    return None


def pytest_options(directory: Path) -> Options:
    """The pytest options of the configuration file pytest uses for tests in `directory`."""
    for base in (directory, *directory.parents):
        options = _options_here(base)
        if options is not None:
            return options
    return {}


def _addopts(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    try:
        return shlex.split(str(value or ""))
    except ValueError:
        return []


def _option(options: Options, key: str) -> str:
    """The value of ini `key` as pytest reads it: `--key` first, then `-o key=`, then the ini."""
    flag = "--" + key.replace("_", "-")
    ini = options.get(key, "")
    option = None
    args = iter(_addopts(options.get("addopts", "")))
    for arg in args:
        if arg == flag:
            option = next(args, option)
            continue
        if arg in ("-o", "--override-ini"):
            override = next(args, "")
        elif arg.startswith("--override-ini="):
            override = arg.partition("=")[2]
        elif arg.startswith("-o"):
            override = arg[2:]
        else:
            if arg.startswith(flag + "="):
                option = arg.partition("=")[2]
            continue
        name, _, value = override.partition("=")
        if name == key:
            ini = value
    return str(option if option is not None else ini).strip()


def _mode(options: Options) -> str:
    """The asyncio mode pytest-asyncio reads: `--asyncio-mode` first, then the ini value."""
    return _option(options, "asyncio_mode")


def _positive(value: str) -> bool:
    try:
        return float(value) > 0
    except ValueError:
        return False


@cache
def asyncio_plugin_off(directory: Path) -> bool:
    """True if pytest-asyncio does not run this suite's coroutines: the pytest config turns it
    off (`-p no:asyncio` in `addopts`), or the project's `pyproject.toml` depends on another
    plugin that brings its own `event_loop` fixture (aiomisc-pytest) and not on pytest-asyncio.
    """
    joined = " ".join(["", *_addopts(pytest_options(directory).get("addopts", "")), ""])
    if " -p no:asyncio " in joined or " -pno:asyncio " in joined:
        return True
    names = _declared_dependencies(directory)
    return bool(names & _OTHER_LOOP_PLUGINS) and "pytest-asyncio" not in names


# Plugins that run a suite's coroutines with an `event_loop` fixture of their own.
_OTHER_LOOP_PLUGINS = frozenset({"aiomisc-pytest"})
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _declared_dependencies(directory: Path) -> frozenset[str]:
    """The normalised names of every dependency the nearest `pyproject.toml` declares
    (runtime, optional, dependency groups and Poetry's groups); empty if there is none."""
    for base in (directory, *directory.parents):
        candidate = base / "pyproject.toml"
        if candidate.is_file():
            return _dependency_names(candidate)
    return frozenset()


@cache
def _dependency_names(pyproject: Path) -> frozenset[str]:
    """Parsed once per file: every directory of a suite asks for the same one."""
    data = load_toml(pyproject)
    found: set[str] = set()

    def requirements(value: object) -> None:
        if isinstance(value, str):
            match = _REQUIREMENT_NAME.match(value)
            if match:
                found.add(re.sub(r"[-_.]+", "-", match.group(1)).lower())
        elif isinstance(value, list):
            for item in value:
                requirements(item)
        elif isinstance(value, dict):
            for item in value.values():
                requirements(item)

    project = data.get("project")
    if isinstance(project, dict):
        requirements(project.get("dependencies"))
        requirements(project.get("optional-dependencies"))
    requirements(data.get("dependency-groups"))
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict):
        # Poetry names dependencies by key: [tool.poetry.dependencies], [tool.poetry.group.*].
        for key, value in poetry.items():
            if key.endswith("dependencies") and isinstance(value, dict):
                requirements(list(value))
            elif key == "group" and isinstance(value, dict):
                for group in value.values():
                    if isinstance(group, dict) and isinstance(group.get("dependencies"), dict):
                        requirements(list(group["dependencies"]))
    return frozenset(found)


@cache
def suite_deadline(directory: Path) -> bool:
    """True if every test in `directory` runs under a suite-wide deadline.

    pytest-timeout's `timeout` (ini or `--timeout` in addopts) or asyncproof's own
    `asyncproof_timeout`, when positive (0 turns them off).
    """
    options = pytest_options(directory)
    return any(_positive(_option(options, key)) for key in ("timeout", "asyncproof_timeout"))


_LOOP_SCOPES = ("function", "class", "module", "package", "session")


@cache
def loop_scopes(directory: Path) -> tuple[str | None, str]:
    """pytest-asyncio's default loop scopes for `directory`: (fixtures', tests').

    The fixtures' is None when unset or `fixture-scope` (each fixture runs on the loop of its
    own `scope`); a value pytest-asyncio would refuse reads as its default.
    """
    options = pytest_options(directory)
    fixtures = _option(options, "asyncio_default_fixture_loop_scope")
    tests = _option(options, "asyncio_default_test_loop_scope")
    if _conftest_marks_loop_scope(directory):
        tests = "session"  # some scope we cannot read: assume none narrower than a fixture's
    return (
        fixtures if fixtures in _LOOP_SCOPES else None,
        tests if tests in _LOOP_SCOPES else "function",
    )


@cache
def _conftest_marks_loop_scope(directory: Path) -> bool:
    """True if a `conftest.py` here or above adds asyncio marks with a loop scope to the tests
    (`item.add_marker(pytest.mark.asyncio(loop_scope="session"))`, pytest-asyncio 0.23's way)."""
    text = _conftest_text(directory)
    if text is not None and "add_marker" in text and "asyncio" in text and "scope=" in text:
        return True
    parent = directory.parent
    return parent != directory and _conftest_marks_loop_scope(parent)


# Plugins that run every coroutine test themselves (their own `pytest_pyfunc_call`).
_COROUTINE_RUNNERS = ("aiohttp.pytest_plugin",)


def _conftest_text(directory: Path) -> str | None:
    """The text of `directory`'s conftest.py; None without one (or when it is a FIFO).

    Raises:
        ConfigError: It cannot be read.
    """
    conftest = directory / "conftest.py"
    if not conftest.is_file():
        return None
    try:
        return read_source(str(conftest)).text
    except SourceError as exc:
        raise ConfigError(str(exc), conftest) from exc


def _conftest_marks(directory: Path) -> bool:
    """True if `directory`'s conftest.py marks or runs the async tests itself."""
    text = _conftest_text(directory)
    if text is None:
        return False
    if "add_marker" in text and "asyncio" in text:
        return True
    return "def pytest_pyfunc_call" in text or any(name in text for name in _COROUTINE_RUNNERS)


@cache
def asyncio_auto(directory: Path) -> bool:
    """True if tests in `directory` run under `asyncio_mode = auto` (or equivalent)."""
    if _conftest_marks(directory):
        return True
    options = _options_here(directory)
    if options is not None:
        return _mode(options) == "auto"
    parent = directory.parent
    return parent != directory and asyncio_auto(parent)


_EVENT_LOOP_FIXTURE = re.compile(r"^\s*(async\s+)?def\s+event_loop\s*\(", re.MULTILINE)


@cache
def own_event_loop(directory: Path) -> bool:
    """True if a `conftest.py` in `directory` or above defines an `event_loop` fixture."""
    text = _conftest_text(directory)
    if text is not None and _EVENT_LOOP_FIXTURE.search(text):
        return True
    parent = directory.parent
    return parent != directory and own_event_loop(parent)

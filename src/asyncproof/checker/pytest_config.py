"""Find out whether pytest-asyncio runs in auto mode for a directory, the way pytest would.

pytest uses the first of ``pytest.ini``, ``pyproject.toml`` (with a pytest table), ``tox.ini``
(with ``[pytest]``) and ``setup.cfg`` (with ``[tool:pytest]``) found walking up from the tests.
A ``conftest.py`` on the way that adds the asyncio mark itself counts as auto mode too.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from asyncproof.checker._toml import load_toml

__all__ = ["asyncio_auto"]


def _auto(mode: object, addopts: object) -> bool:
    if isinstance(addopts, list):
        addopts = " ".join(map(str, addopts))
    opts = str(addopts or "").replace(" ", "")
    return str(mode).strip() == "auto" or "asyncio-mode=auto" in opts or "asyncio_mode=auto" in opts


def _from_ini(path: Path, section: str) -> bool | None:
    import configparser  # only for projects that have such a file

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return None
    if not parser.has_section(section):
        return None
    return _auto(
        parser.get(section, "asyncio_mode", fallback=""),
        parser.get(section, "addopts", fallback=""),
    )


def _from_pyproject(path: Path) -> bool | None:
    try:
        data = load_toml(path)
    except ValueError:
        return None
    if data is None:  # no TOML parser: fall back to the text
        text = path.read_text(encoding="utf-8", errors="replace")
        if "[tool.pytest" not in text:
            return None
        return _auto("", text.replace('"', "").replace("'", ""))
    pytest_table = data.get("tool", {}).get("pytest")
    if not isinstance(pytest_table, dict):
        return None
    options = pytest_table.get("ini_options", pytest_table)
    return _auto(options.get("asyncio_mode", ""), options.get("addopts", ""))


def _conftest_marks(directory: Path) -> bool:
    conftest = directory / "conftest.py"
    if not conftest.is_file():
        return False
    text = conftest.read_text(encoding="utf-8", errors="replace")
    return "add_marker" in text and "asyncio" in text


@cache
def asyncio_auto(directory: Path) -> bool:
    """True if tests in `directory` run under ``asyncio_mode = auto`` (or equivalent)."""
    if _conftest_marks(directory):
        return True
    for name, read in (
        ("pytest.ini", lambda p: _from_ini(p, "pytest") or False),
        (".pytest.ini", lambda p: _from_ini(p, "pytest") or False),
        ("pyproject.toml", _from_pyproject),
        ("tox.ini", lambda p: _from_ini(p, "pytest")),
        ("setup.cfg", lambda p: _from_ini(p, "tool:pytest")),
    ):
        candidate = directory / name
        if candidate.is_file():
            found = read(candidate)
            if found is not None:
                return found
    parent = directory.parent
    if parent == directory:
        return False
    return asyncio_auto(parent)

"""`pip install asyncproof` into a fresh virtualenv is enough: no conftest, no plugin line."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests._support.reader_envs import (
    HOME_INSTALL_LINE,
    HOME_PACKAGES,
    ReaderEnvironments,
    reader_env,
)

USER_TEST = """
import asyncio

import pytest

from asyncproof import run_with_timeout


def test_sync_code_drives_async(standard_event_loop):
    assert standard_event_loop.run_until_complete(asyncio.sleep(0, "ok")) == "ok"


@pytest.mark.asyncio
async def test_deadline():
    with pytest.raises(TimeoutError, match="slow call did not finish within 0.01s"):
        await run_with_timeout(asyncio.sleep(10), timeout=0.01, label="slow call")
"""


def test_fresh_virtualenv_install(tmp_path: Path, reader_envs: ReaderEnvironments) -> None:
    # The install line the guide's home page shows, run here against this checkout.
    assert HOME_INSTALL_LINE == ["pip", "install", "asyncproof"]
    # A fresh virtualenv where this checkout's wheel was installed with the line's own words
    # (made once per run: the copy-paste test runs the home page's blocks in the same one).
    python = reader_envs.python(HOME_PACKAGES)
    env_dir = python.parent.parent

    project = tmp_path / "project"
    project.mkdir()
    (project / "test_user.py").write_text(USER_TEST)
    (project / "pytest.ini").write_text("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    run = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider"],
        cwd=project,
        env=reader_env(python.parent),
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout
    assert not (project / "conftest.py").exists()
    where = subprocess.run(
        [str(python), "-c", "import asyncproof; print(asyncproof.__file__)"],
        cwd=project,
        env=reader_env(python.parent),
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(env_dir))  # the installed copy ran, not this checkout

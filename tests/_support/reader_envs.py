"""The reader's virtualenvs: fresh ones, where `pip install` installed what the guide says.

`pip install asyncproof` is this checkout's wheel, built once per run; each distinct set of
packages gets one virtualenv, made once per run under a folder pytest-xdist's workers share
(tests/_support/once.py). The copy-paste test runs each page in the one its page asks for, the
install test the home page's.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

from tests._support.catalog import CI_VARIABLES, REPORT_COLUMNS
from tests._support.once import made_once
from tests._support.paths import ROOT


@dataclass
class ReaderEnvironments:
    """One virtualenv per distinct set of packages the guide tells readers to install.

    Made once per run under `root`, which pytest-xdist's workers share (tests/_support/once.py).
    """

    root: Path

    def wheel(self) -> Path:
        """This checkout's wheel, as `pip install asyncproof` would fetch it."""
        out = made_once(self.root / "wheel", self._build_wheel)
        [wheel] = out.glob("asyncproof-*.whl")
        return wheel

    @staticmethod
    def _build_wheel(out: Path) -> None:
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
            capture_output=True,
            text=True,
        )
        assert built.returncode == 0, built.stdout + built.stderr

    def _requirement(self, name: str) -> str:
        if name == "asyncproof" or name.startswith("asyncproof["):
            return f"{name} @ {self.wheel().as_uri()}"
        return name

    def python(self, packages: frozenset[str]) -> Path:
        """The interpreter of a fresh virtualenv where `pip install <packages>` was run."""
        key = hashlib.sha256("\n".join(sorted(packages)).encode()).hexdigest()[:12]
        env_dir = made_once(
            self.root / f"venv-{key}", lambda folder: self._create(folder, packages)
        )
        return env_dir / "bin" / "python"

    def _create(self, env_dir: Path, packages: frozenset[str]) -> None:
        # No pip of its own: this interpreter's pip installs into it (`pip --python`), which
        # saves a copy of pip per virtualenv; what gets installed is the same.
        venv.create(env_dir, with_pip=False, clear=True)
        python = env_dir / "bin" / "python"
        # `asyncproof` (with its extras, `asyncproof[migrate]`) is this checkout's wheel; any
        # other name comes from the index.
        wanted = [self._requirement(name) for name in packages]
        if "asyncproof" in packages and any(n.startswith("asyncproof[") for n in packages):
            wanted.remove(self._requirement("asyncproof"))  # the same wheel, with extras
        # pip byte-compiles what it installs (~1.1 s of CPU a virtualenv). `--no-compile` would
        # cost more than it saves where PYTHONDONTWRITEBYTECODE is set (as on the machine that
        # measured it): the reader's runs would compile pytest and the rest at every start
        # (`pytest --version`: 0.13 -> 0.37 s of CPU, for each of ~75 reader processes a run).
        install = subprocess.run(
            [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", *wanted],
            capture_output=True,
            text=True,
        )
        assert install.returncode == 0, install.stdout + install.stderr
        where = subprocess.run(
            [str(python), "-c", "import asyncproof; print(asyncproof.__file__)"],
            capture_output=True,
            text=True,
            cwd=self.root,
            env=reader_env(env_dir / "bin"),
        )
        assert where.stdout.startswith(str(env_dir)), where.stdout + where.stderr


def reader_env(bin_dir: Path) -> dict[str, str]:
    """A terminal like the reader's: their virtualenv first on PATH, nothing of this checkout."""
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.update({"VIRTUAL_ENV": str(bin_dir.parent), "COLUMNS": REPORT_COLUMNS, "NO_COLOR": "1"})
    for name in ("PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "FORCE_COLOR", *CI_VARIABLES):
        env.pop(name, None)
    return env

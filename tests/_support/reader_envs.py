"""The reader's virtualenvs: fresh ones, where `pip install` installed what the guide says.

`pip install asyncproof` is this checkout's wheel, built once per run; each distinct set of
packages gets one virtualenv, made once per run under a folder pytest-xdist's workers share
(tests/_support/once.py). The copy-paste test runs each page in the one its page asks for, the
install test the home page's.

The home page's virtualenv is made by pip itself, with the line the home page shows: it proves
`pip install asyncproof` alone is enough. A page that adds packages to it (`pip install
asyncproof pytest-mock`) gets its virtualenv from uv's `pip install`, which installs the same
distributions from the same index in about a third of pip's time (the suite makes several).
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
from tests._support.paths import ROOT, SNIPPETS

# What the guide's home page tells every reader to run (tests/plugin/test_install.py checks it).
HOME_INSTALL_LINE = (SNIPPETS / "index" / "install.sh").read_text().split()
HOME_PACKAGES = frozenset(HOME_INSTALL_LINE[2:])


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
        # The same PEP 517 build as `pip wheel --no-deps` (hatchling, isolated), in a third of
        # the time.
        built = subprocess.run(
            [sys.executable, "-m", "uv", "build", "-q", "--wheel", "-o", str(out), str(ROOT)],
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
        # No pip of its own: this interpreter's pip (`pip --python`) or uv installs into it,
        # which saves a copy of pip per virtualenv; what gets installed is the same.
        venv.create(env_dir, with_pip=False, clear=True)
        python = env_dir / "bin" / "python"
        # `asyncproof` (with its extras, `asyncproof[migrate]`) is this checkout's wheel; any
        # other name comes from the index.
        wanted = [self._requirement(name) for name in packages]
        if "asyncproof" in packages and any(n.startswith("asyncproof[") for n in packages):
            wanted.remove(self._requirement("asyncproof"))  # the same wheel, with extras
        # uv byte-compiles (`--compile-bytecode`) as pip does: skipping it would cost more than
        # it saves where PYTHONDONTWRITEBYTECODE is set (as on the machine that measured it):
        # the reader's runs would compile pytest and the rest at every start (`pytest
        # --version`: 0.13 -> 0.37 s of CPU, for each of ~75 reader processes a run).
        if packages == HOME_PACKAGES:
            install_into = ["pip", "--python", str(python), "install"]
        else:
            install_into = ["uv", "pip", "install", "--python", str(python), "--compile-bytecode"]
        install = subprocess.run(
            [sys.executable, "-m", *install_into, "-q", *wanted], capture_output=True, text=True
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

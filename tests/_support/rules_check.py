"""What `asyncproof check` prints for each rule page's pair, in a reader's folder.

`snippets/rules/apfnnn_check.txt`, which each rule page shows under its two examples: the
command and its output, run in an empty folder holding the pair and what the page puts beside
it (APF007's client module and `pyproject.toml`). Stored and checked like every generated file
(`tests/_support/stored.py`); `tests/docs/test_copy_paste.py` runs it again from the built page.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests._support.paths import SNIPPETS

RULES = SNIPPETS / "rules"
# Files a rule page has the reader put beside its pair: name in the folder -> snippet.
BESIDE = {
    "apf007": {
        "lab_client.py": RULES / "lab_client.py",
        "pyproject.toml": RULES / "apf007_config.toml",
    },
}


@contextlib.contextmanager
def _inside(folder: str) -> Iterator[None]:
    """The working directory is `folder` (contextlib.chdir, which Python 3.10 lacks)."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def generate() -> dict[Path, str]:
    from asyncproof.checker import RULES as REGISTRY
    from asyncproof.cli import main

    stored = {}
    for rule in REGISTRY:
        stem = rule.code.lower()
        pair = [f"{stem}_bad.py", f"{stem}_good.py"]
        # An opt-in rule runs only when selected: the page shows the command that selects it.
        args = ["--select", rule.code, *pair] if rule.opt_in else pair
        out, err = io.StringIO(), io.StringIO()
        # In process, as `asyncproof check` runs in the folder (a Python start and the CLI's
        # imports cost ~0.5 s a rule); the copy-paste test runs the command itself, from the
        # built page, in the reader's virtualenv.
        with tempfile.TemporaryDirectory() as folder, _inside(folder):
            for name in pair:
                shutil.copy(RULES / name, Path(folder) / name)
            for name, source in BESIDE.get(stem, {}).items():
                shutil.copy(source, Path(folder) / name)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["check", *args])
        assert code == 1, out.getvalue() + err.getvalue()  # the bad example is reported
        assert err.getvalue() == "", err.getvalue()
        stored[RULES / f"{stem}_check.txt"] = (
            f"$ asyncproof check {' '.join(args)}\n{out.getvalue()}"
        )
    return stored

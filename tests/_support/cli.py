"""`asyncproof ...` run in this process, as a reader runs it in a folder of theirs.

For generated files that show the command's output: a Python start and the CLI's imports cost
~0.5 s a run. (The copy-paste test runs the real command, from the built page, in the reader's
virtualenv.)
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest


def run_cli(args: list[str], folder: str | Path) -> tuple[int, str, str]:
    """`asyncproof ARGS` with `folder` as the working directory: exit code, stdout, stderr."""
    from asyncproof.cli import main

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    return code, out.getvalue(), err.getvalue()

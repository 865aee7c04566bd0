"""What `asyncproof check` prints for each rule page's pair, in a reader's folder.

`snippets/rules/apfnnn_check.txt`, which each rule page shows under its two examples: the
command and its output, run in an empty folder holding the pair and what the page puts beside
it (APF007's client module and `pyproject.toml`). Stored and checked like every generated file
(`tests/_support/stored.py`); `tests/docs/test_copy_paste.py` runs it again from the built page.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests._support.cli import run_cli
from tests._support.paths import SNIPPETS

RULES = SNIPPETS / "rules"
# Files a rule page has the reader put beside its pair: name in the folder -> snippet.
BESIDE = {
    "apf007": {
        "lab_client.py": RULES / "lab_client.py",
        "pyproject.toml": RULES / "apf007_config.toml",
    },
}


def generate() -> dict[Path, str]:
    from asyncproof.checker import RULES as REGISTRY

    stored = {}
    for rule in REGISTRY:
        stem = rule.code.lower()
        pair = [f"{stem}_bad.py", f"{stem}_good.py"]
        # An opt-in rule runs only when selected: the page shows the command that selects it.
        args = ["--select", rule.code, *pair] if rule.opt_in else pair
        with tempfile.TemporaryDirectory() as folder:
            for name in pair:
                shutil.copy(RULES / name, Path(folder) / name)
            for name, source in BESIDE.get(stem, {}).items():
                shutil.copy(source, Path(folder) / name)
            code, out, err = run_cli(["check", *args], folder)
        assert code == 1, out + err  # the bad example is reported
        assert err == "", err
        stored[RULES / f"{stem}_check.txt"] = f"$ asyncproof check {' '.join(args)}\n{out}"
    return stored

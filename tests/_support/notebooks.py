"""Keep the notebook page's code cells identical to their snippet files.

Each code cell of a notebook under `docs/` names its source in the cell metadata
(`"asyncproof": {"snippet": "snippets/..."}`); its text is that file's, never typed into the
notebook by hand. `nox -s regen` rewrites the cells from the files; the test
suite fails while any cell differs.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests._support.paths import DOCS, ROOT


def notebooks() -> list[Path]:
    return sorted(DOCS.rglob("*.ipynb"))


def cell_snippet(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("asyncproof", {}).get("snippet")


def notebook_includes(notebook: Path) -> list[str]:
    """The snippet files `notebook`'s cells are made from, in cell order."""
    snippets = (cell_snippet(cell) for cell in json.loads(notebook.read_text())["cells"])
    return [snippet for snippet in snippets if snippet]


def synced(notebook: dict) -> dict:
    """Return a copy of `notebook` whose snippet cells hold their files' text."""
    result = json.loads(json.dumps(notebook))
    for cell in result["cells"]:
        snippet = cell_snippet(cell)
        if cell["cell_type"] == "code" and snippet is not None:
            text = (ROOT / snippet).read_text().rstrip("\n")
            cell["source"] = text.splitlines(keepends=True)
            cell["outputs"] = []
            cell["execution_count"] = None
    return result


def dump(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def generate() -> dict[Path, str]:
    """Each notebook with its snippet cells rewritten from their files."""
    return {path: dump(synced(json.loads(path.read_text()))) for path in notebooks()}

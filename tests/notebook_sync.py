"""Keep the notebook page's code cells identical to their snippet files.

Each code cell of a notebook under `docs/` names its source in the cell metadata
(`"asyncproof": {"snippet": "snippets/..."}`); its text is that file's, never typed into the
notebook by hand. `python tests/notebook_sync.py` rewrites the cells from the files; the test
suite fails while any cell differs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def notebooks() -> list[Path]:
    return sorted((ROOT / "docs").rglob("*.ipynb"))


def cell_snippet(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("asyncproof", {}).get("snippet")


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


def main() -> int:
    for path in notebooks():
        path.write_text(dump(synced(json.loads(path.read_text()))))
        print(f"synced {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

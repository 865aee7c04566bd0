"""The migration page's "After" file and diff are what `asyncproof migrate` produces today.

Regenerate them with `python tests/regen_migration_docs.py`.
"""

from __future__ import annotations

import pytest

pytest.importorskip("libcst")

from regen_migration_docs import BEFORE_FILES, generate


@pytest.mark.parametrize("name", BEFORE_FILES)
def test_generated_migration_snippets_are_up_to_date(name):
    for path, expected in generate(name).items():
        assert path.read_text(encoding="utf-8") == expected, (
            f"{path.name} is stale: run `python tests/regen_migration_docs.py`"
        )

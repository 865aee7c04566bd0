"""Every generated file a page shows is what a fresh run produces (`nox -s regen` rewrites)."""

from __future__ import annotations

import pytest

from tests._support.stored import PRODUCERS, stale


@pytest.mark.parametrize("name", PRODUCERS)
def test_stored_copy_is_fresh(name: str) -> None:
    assert stale(name) == [], "stale: run `nox -s regen` and review the diff"

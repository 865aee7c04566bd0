from pathlib import Path

import pytest

from tests._support.catalog import CI_VARIABLES
from tests._support.site_server import build_site

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _report_as_on_a_workstation(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytester runs report as they would on a workstation, also on CI (see CI_VARIABLES)."""
    for name in CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide, built strictly once per session."""
    return build_site(tmp_path_factory.mktemp("site") / "site")

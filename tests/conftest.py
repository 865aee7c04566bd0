from pathlib import Path

import pytest

from tests._support.catalog import CI_VARIABLES
from tests._support.once import made_once, shared_folder
from tests._support.site_server import build_site

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _report_as_on_a_workstation(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytester runs report as they would on a workstation, also on CI (see CI_VARIABLES)."""
    for name in CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _projects_run_in_file_order(request: pytest.FixtureRequest) -> None:
    """pytester projects run without pytest-randomly (a test extra, active once installed): many
    rely on file order. pytester clears PYTEST_ADDOPTS when it starts, so it is set after; the
    scenarios that try randomly switch it back on with `-p randomly`."""
    if "pytester" in request.fixturenames:
        request.getfixturevalue("pytester")
        request.getfixturevalue("monkeypatch").setenv("PYTEST_ADDOPTS", "-p no:randomly")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide, built strictly once per run (shared by pytest-xdist's workers)."""
    return made_once(shared_folder(tmp_path_factory, "built") / "site", build_site)

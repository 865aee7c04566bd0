import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests._support.catalog import CI_VARIABLES
from tests._support.once import made_once, shared_folder
from tests._support.plugins import READER_PLUGINS, only
from tests._support.reader_envs import HOME_PACKAGES, ReaderEnvironments
from tests._support.site_server import build_site

pytest_plugins = ["pytester"]


# The modules whose tests take longest: run first, so pytest-xdist's workers end together
# instead of one finishing the browser while the other waits.
START_FIRST = (
    "tests/docs/test_browser.py",
    "tests/docs/test_copy_paste.py",
    "tests/plugin/test_xdist.py",
    "tests/plugin/test_scenarios.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.partition("::")[0]
        return START_FIRST.index(path) if path in START_FIRST else len(START_FIRST)

    items.sort(key=rank)  # stable: each module keeps its own order


@pytest.fixture(autouse=True)
def _report_as_on_a_workstation(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytester runs report as they would on a workstation, also on CI (see CI_VARIABLES)."""
    for name in CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _projects_run_with_the_readers_plugins(request: pytest.FixtureRequest) -> None:
    """pytester projects run with the plugins `pip install asyncproof` brings, none of the rest
    of our test extra (tests/_support/plugins.py): pytest-randomly would reorder projects that
    rely on file order, hypothesis's plugin alone costs 0.3 s a run. pytester clears
    PYTEST_ADDOPTS when it starts, so it is set after; it reaches in-process runs, subprocesses
    and xdist's workers alike. A test about a companion plugin switches it on (`-p randomly`)."""
    if "pytester" in request.fixturenames:
        request.getfixturevalue("pytester")
        addopts = " ".join(only(READER_PLUGINS))
        request.getfixturevalue("monkeypatch").setenv("PYTEST_ADDOPTS", addopts)


@pytest.fixture(scope="session")
def built_site(built_site_folder: Path) -> Path:
    """The guide, built strictly once per run (shared by pytest-xdist's workers)."""
    return made_once(built_site_folder, build_site)


@pytest.fixture(scope="session")
def reader_envs(tmp_path_factory: pytest.TempPathFactory) -> ReaderEnvironments:
    """The reader's virtualenvs, each made once per run (shared by pytest-xdist's workers)."""
    return ReaderEnvironments(shared_folder(tmp_path_factory, "reader"))


@pytest.fixture(scope="session", autouse=True)
def _shared_things_made_in_the_background(request: pytest.FixtureRequest) -> Iterator[None]:
    """The site build, the wheel and the home page's virtualenv start with the session, in a
    thread, when some test will ask for them: a worker runs other tests meanwhile instead of
    waiting at the first test that needs one (the lock in tests/_support/once.py still makes
    each once). A failure here is left to the fixture that asks next, which reports it. The
    fixtures are looked up only when needed, so that this one's own closure does not make every
    test look like it needs them (a run of a few tests would build a virtualenv for nothing)."""
    needed = {name for item in request.session.items for name in item.fixturenames}
    jobs: list[Callable[[], object]] = []
    if "built_site" in needed:
        folder: Path = request.getfixturevalue("built_site_folder")
        jobs.append(lambda: made_once(folder, build_site))
    if "reader_envs" in needed:
        envs: ReaderEnvironments = request.getfixturevalue("reader_envs")
        jobs.append(lambda: envs.python(HOME_PACKAGES))

    def make() -> None:
        try:
            for job in jobs:
                job()
        except Exception:  # the fixture that asks for it next tries again and reports it
            pass

    thread = threading.Thread(target=make, name="make-shared-things", daemon=True)
    thread.start()
    yield
    thread.join()


@pytest.fixture(scope="session")
def built_site_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the guide is built, once per run (shared by pytest-xdist's workers)."""
    return shared_folder(tmp_path_factory, "built") / "site"

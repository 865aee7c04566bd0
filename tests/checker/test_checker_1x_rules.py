"""The rules for what breaks under pytest-asyncio 1.x and pytest 9 (issue 16).

Each rule has minimal reproductions of the shapes real suites had (reported) and of the shapes
next to them that work (not reported). Then the evidence that the rule is right: each flagged
project really fails under the installed pytest-asyncio and pytest, the fixed one passes, and
the checker reports the first and not the second, reading the project's own configuration.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pytest

from asyncproof.checker import Settings, check_file, check_source
from asyncproof.checker.pytest_config import loop_scopes
from tests._support.pytester import INI, run, summary_counts

STRICT = Settings()
AUTO = Settings(asyncio_auto=True)


def found(code: str, source: str, settings: Settings = STRICT, path: str = "test_x.py") -> list:
    diagnostics = check_source(textwrap.dedent(source), path, settings=settings)
    return [d.line for d in diagnostics if d.code == code]


def messages(code: str, source: str, settings: Settings = STRICT) -> list[str]:
    diagnostics = check_source(textwrap.dedent(source), "test_x.py", settings=settings)
    return [d.message for d in diagnostics if d.code == code]


# --- APF013: an async fixture under @pytest.fixture in strict mode --------------------------

ASYNC_FIXTURE = """
import pytest

@pytest.fixture
async def client():
    yield object()

@pytest.fixture(scope="module")
async def database():
    return {}
"""


def test_apf013_reports_async_fixtures_under_pytest_fixture_in_strict_mode():
    assert found("APF013", ASYNC_FIXTURE) == [5, 9]
    from_import = """
    from pytest import fixture

    @fixture
    async def client():
        return 1
    """
    assert found("APF013", from_import, path="conftest.py") == [5]
    assert messages("APF013", from_import) == [
        "async fixture `client` under `@pytest.fixture` is not run in strict mode: "
        "use `@pytest_asyncio.fixture`"
    ]


def test_apf013_is_quiet_where_something_runs_the_fixture():
    assert found("APF013", ASYNC_FIXTURE, AUTO) == []
    assert found("APF013", ASYNC_FIXTURE, Settings(asyncio_plugin_off=True)) == []
    for other_runner in ("import anyio\n", "import trio\n", "pytestmark = pytest.mark.anyio\n"):
        assert found("APF013", ASYNC_FIXTURE + other_runner) == []
    nearby = """
    import pytest
    import pytest_asyncio

    @pytest_asyncio.fixture
    async def client():
        yield object()

    @pytest.fixture
    def sync_client():
        return object()

    async def helper():
        return 1
    """
    assert found("APF013", nearby) == []


# --- APF014: marks on fixtures ----------------------------------------------------------------


def test_apf014_reports_every_mark_on_a_fixture_above_or_below_it():
    source = """
    import pytest
    import pytest_asyncio
    from pytest import mark

    @pytest.mark.asyncio
    @pytest_asyncio.fixture
    async def client():
        yield object()

    @pytest.fixture
    @pytest.mark.usefixtures("tmp_path")
    def records():
        return []

    @mark.parametrize("x", [1])
    @pytest.fixture(scope="session")
    def config(x):
        return x
    """
    assert found("APF014", source) == [6, 12, 16]
    assert messages("APF014", source)[0] == (
        "`@pytest.mark.asyncio` on fixture `client`: marks cannot be applied to fixtures "
        "(a collection error in pytest 9), remove it"
    )


def test_apf014_is_quiet_on_marked_tests_and_unmarked_fixtures():
    source = """
    import pytest
    import pytest_asyncio

    pytestmark = pytest.mark.asyncio

    @pytest_asyncio.fixture
    async def client():
        yield object()

    @pytest.mark.asyncio
    @pytest.mark.parametrize("x", [1])
    async def test_x(client, x):
        assert client and x

    @pytest.mark.asyncio
    def helper_decorated_elsewhere():
        return 1
    """
    assert found("APF014", source) == []


# --- APF015: a fixture's loop wider than its tests' loop -------------------------------------

SERVER = """
import asyncio
import pytest
import pytest_asyncio

@pytest_asyncio.fixture(loop_scope="module")
async def port():
    server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    server.close()

{mark}
async def test_connects(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    assert not await reader.read()
"""


def test_apf015_reports_a_fixture_on_a_wider_loop_than_the_test_that_uses_it():
    assert found("APF015", SERVER.format(mark="@pytest.mark.asyncio")) == [7]
    [message] = messages("APF015", SERVER.format(mark="@pytest.mark.asyncio"))
    assert message == (
        "async fixture `port` runs on the module-scoped loop (its `loop_scope`) but "
        "`test_connects` runs on a function-scoped loop, so what it made sits on a loop that "
        'is not running: give it `loop_scope="module"` too'
    )
    # The closest mark decides: a plain mark on the test overrides the module's scope.
    module_marked = SERVER.format(mark="@pytest.mark.asyncio") + (
        'pytestmark = pytest.mark.asyncio(loop_scope="module")\n'
    )
    assert found("APF015", module_marked) == [7]


@pytest.mark.parametrize(
    "mark",
    [
        '@pytest.mark.asyncio(loop_scope="module")',
        '@pytest.mark.asyncio(loop_scope="session")',
        '@pytest.mark.asyncio(scope="module")',
    ],
)
def test_apf015_is_quiet_when_the_test_runs_on_that_loop_or_a_wider_one(mark):
    assert found("APF015", SERVER.format(mark=mark)) == []


def test_apf015_is_quiet_when_the_module_or_class_mark_gives_the_loop():
    module = 'pytestmark = pytest.mark.asyncio(loop_scope="module")\n' + SERVER.format(mark="")
    assert found("APF015", module) == []
    in_class = """
    import asyncio
    import pytest
    import pytest_asyncio

    @pytest_asyncio.fixture(loop_scope="session")
    async def client():
        async with Client() as client:
            yield client

    @pytest.mark.asyncio(loop_scope="session")
    class TestClient:
        async def test_get(self, client):
            assert await client.get()
    """
    assert found("APF015", in_class) == []


def test_apf015_is_quiet_on_fixtures_that_leave_nothing_on_their_loop():
    source = """
    import asyncio
    import pytest
    import pytest_asyncio

    @pytest_asyncio.fixture(loop_scope="session")
    async def settings():
        await asyncio.sleep(0)
        return {"retries": 3}

    @pytest_asyncio.fixture(loop_scope="session")
    async def tables(database_url):
        await create_tables(database_url)
        yield
        await drop_tables(database_url)

    @pytest_asyncio.fixture(loop_scope="session")
    async def record():
        return make_record()

    @pytest_asyncio.fixture(loop_scope="session")
    async def patched():
        await warm_up()
        with mock.patch("records.clock"):
            yield

    @pytest.mark.asyncio
    async def test_x(settings, tables, record, patched):
        assert settings and record
    """
    assert found("APF015", source) == []


def test_apf015_judges_fixtures_that_use_the_fixture_as_its_tests():
    # A session-loop engine whose pooled connections a function-loop session fixture checks out.
    source = """
    import pytest_asyncio

    @pytest_asyncio.fixture(scope="session", loop_scope="session")
    async def engine():
        engine = create_async_engine(URL)
        async with engine.begin() as conn:
            await conn.run_sync(create_all)
        yield engine
        await engine.dispose()

    @pytest_asyncio.fixture
    async def db_session(engine):
        async with AsyncSession(engine) as session:
            yield session

    @pytest_asyncio.fixture(loop_scope="session")
    async def db_session_on_the_engine_s_loop(engine):
        async with AsyncSession(engine) as session:
            yield session
    """
    assert found("APF015", source, path="conftest.py") == [5]
    [message] = messages("APF015", source)
    assert "but fixture `db_session` runs on a function-scoped loop" in message


def test_apf015_is_quiet_on_a_fixture_that_returns_plain_data():
    source = """
    import pytest
    import pytest_asyncio

    @pytest_asyncio.fixture(scope="session", loop_scope="session")
    async def auth_token() -> str:
        async with http_client() as client:
            return (await client.login()).token

    @pytest_asyncio.fixture(scope="session", loop_scope="session")
    async def rows() -> list[dict[str, str]] | None:
        return await fetch_rows()

    @pytest.mark.asyncio
    async def test_x(auth_token, rows):
        assert auth_token and rows
    """
    assert found("APF015", source) == []
    # A port is plain data too, but the server behind it still lives on the fixture's loop.
    yielded = """
    import asyncio
    from collections.abc import AsyncIterator
    import pytest
    import pytest_asyncio

    @pytest_asyncio.fixture(loop_scope="module")
    async def port() -> AsyncIterator[int]:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        yield server.sockets[0].getsockname()[1]
        server.close()

    @pytest.mark.asyncio
    async def test_x(port):
        assert port
    """
    assert found("APF015", yielded) == [8]


def test_apf015_a_value_made_before_any_await_crosses_no_loop():
    # aiodocker's shape: a name made up front, the loop used only by the fixture's own teardown.
    name_first = """
    import secrets
    import pytest

    @pytest.fixture(scope="session")
    async def random_name():
        name = "img-" + secrets.token_hex(4)
        yield name
        docker = Docker()
        await docker.images.delete(name, force=True)
        await docker.close()

    async def test_x(random_name):
        assert random_name
    """
    assert found("APF015", name_first, AUTO) == []
    # An object made before the yield and closed by the teardown on the fixture's loop, after
    # the test used it on its own: reported.
    closed_after = """
    import pytest

    @pytest.fixture(scope="session")
    async def client():
        client = Client()
        yield client
        await client.close()

    async def test_x(client):
        assert await client.get("/")
    """
    assert found("APF015", closed_after, AUTO) == [5]


def test_apf015_judges_the_configured_default_loop_scopes():
    conftest = """
    import asyncio
    import pytest_asyncio

    @pytest_asyncio.fixture
    async def connection():
        reader, writer = await asyncio.open_connection("127.0.0.1", 8000)
        yield reader, writer
        writer.close()

    @pytest_asyncio.fixture(scope="session")
    async def pool():
        async with Pool() as pool:
            yield pool

    @pytest_asyncio.fixture(loop_scope="session")
    async def explicit():
        async with Pool() as pool:
            yield pool
    """
    wide = Settings(fixture_loop_scope="session")
    assert found("APF015", conftest, wide, "conftest.py") == [6, 12]
    # Unset: each fixture runs on the loop of its own `scope`, the session one for `pool`.
    assert found("APF015", conftest, STRICT, "conftest.py") == [12]
    consistent = Settings(fixture_loop_scope="session", test_loop_scope="session")
    assert found("APF015", conftest, consistent, "conftest.py") == []
    assert found("APF015", conftest, Settings(fixture_loop_scope="function")) == []


def test_apf015_reads_pytest_fixture_as_pytest_asyncio_s_only_in_auto_mode():
    source = """
    import pytest

    @pytest.fixture(loop_scope="module")
    async def client():
        async with Client() as client:
            yield client

    async def test_x(client):
        assert client
    """
    assert found("APF015", source, AUTO) == [5]
    assert found("APF015", source, STRICT) == []


# --- APF001: sync code requesting pytest-asyncio's removed `event_loop` ----------------------


def test_apf001_gives_sync_code_advice_it_can_follow():
    source = """
    import asyncio
    import pytest

    def test_sync(event_loop):
        assert event_loop.run_until_complete(asyncio.sleep(0, 1)) == 1

    @pytest.fixture
    def server(event_loop):
        return event_loop.run_until_complete(start())

    async def test_async(event_loop):
        assert event_loop
    """
    assert messages("APF001", source) == [
        "`event_loop` fixture requested by sync test `test_sync`: removed in pytest-asyncio "
        "1.x, use `async def` and `await` (or asyncproof's `standard_event_loop` fixture where "
        "it must stay sync)",
        "`event_loop` fixture requested by sync fixture `server`: removed in pytest-asyncio "
        "1.x, use `async def` and `await` (or asyncproof's `standard_event_loop` fixture where "
        "it must stay sync)",
        "`event_loop` fixture requested: removed in pytest-asyncio 1.x, use "
        "`asyncio.get_running_loop()`",
    ]


def test_apf001_leaves_sync_code_driving_the_project_s_own_loop_alone():
    source = """
    import asyncio
    import pytest

    @pytest.fixture
    def event_loop():
        loop = asyncio.new_event_loop()
        yield loop
        loop.close()

    def test_sync(event_loop):
        assert event_loop.run_until_complete(asyncio.sleep(0, 1)) == 1
    """
    # Serving only this module's sync code, the project's own loop is harmless under 1.x ...
    assert found("APF001", source) == []
    # ... but defined in a conftest (or beside async tests) it is the finding, once.
    assert found("APF001", source, path="conftest.py") == [6]
    assert found("APF001", source + "\n    async def test_async():\n        pass\n") == [6]
    defined_above = """
    import asyncio

    def test_sync(event_loop):
        assert event_loop.run_until_complete(asyncio.sleep(0, 1)) == 1
    """
    assert found("APF001", defined_above, Settings(own_event_loop=True)) == []


# --- Evidence: what the rules flag breaks under pytest-asyncio 1.x / pytest 9 ----------------


@dataclass
class Project:
    """A pytester project: what the rule flags, how pytest fails it, and its fixed form."""

    code: str
    bad: dict[str, str]
    breaks_with: str
    good: dict[str, str]
    ini: str = INI
    good_ini: str | None = None  # when the fix is in the configuration


PROJECTS = [
    Project(
        "APF013",
        bad={
            "test_records.py": """
            import pytest

            @pytest.fixture
            async def record():
                return {"patient_id": "pt-0001"}

            @pytest.mark.asyncio
            async def test_record(record):
                assert record["patient_id"] == "pt-0001"
            """
        },
        breaks_with="'test_record' requested an async fixture 'record', with no plugin",
        good={
            "test_records.py": """
            import pytest
            import pytest_asyncio

            @pytest_asyncio.fixture
            async def record():
                return {"patient_id": "pt-0001"}

            @pytest.mark.asyncio
            async def test_record(record):
                assert record["patient_id"] == "pt-0001"
            """
        },
    ),
    Project(
        "APF014",
        bad={
            "test_records.py": """
            import pytest
            import pytest_asyncio

            @pytest.mark.asyncio
            @pytest_asyncio.fixture
            async def record():
                return {"patient_id": "pt-0001"}

            @pytest.mark.asyncio
            async def test_record(record):
                assert record["patient_id"] == "pt-0001"
            """
        },
        breaks_with="Marks cannot be applied to fixtures",
        good={
            "test_records.py": """
            import pytest
            import pytest_asyncio

            @pytest_asyncio.fixture
            async def record():
                return {"patient_id": "pt-0001"}

            @pytest.mark.asyncio
            async def test_record(record):
                assert record["patient_id"] == "pt-0001"
            """
        },
    ),
    Project(
        "APF015",
        bad={
            "test_echo.py": """
            import asyncio
            import pytest
            import pytest_asyncio

            async def echo(reader, writer):
                writer.write(await reader.readline())
                await writer.drain()
                writer.close()

            @pytest_asyncio.fixture(loop_scope="module")
            async def port():
                server = await asyncio.start_server(echo, "127.0.0.1", 0)
                yield server.sockets[0].getsockname()[1]
                server.close()

            @pytest.mark.asyncio
            async def test_echo(port):
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(b"ping\\n")
                # Bounded here; unbounded, the test waits forever for a server that never runs.
                assert await asyncio.wait_for(reader.readline(), 0.2) == b"ping\\n"
                writer.close()
            """
        },
        breaks_with="TimeoutError",
        good={
            "test_echo.py": """
            import asyncio
            import pytest
            import pytest_asyncio

            async def echo(reader, writer):
                writer.write(await reader.readline())
                await writer.drain()
                writer.close()

            @pytest_asyncio.fixture(loop_scope="module")
            async def port():
                server = await asyncio.start_server(echo, "127.0.0.1", 0)
                yield server.sockets[0].getsockname()[1]
                server.close()

            @pytest.mark.asyncio(loop_scope="module")
            async def test_echo(port):
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(b"ping\\n")
                assert await asyncio.wait_for(reader.readline(), 0.2) == b"ping\\n"
                writer.close()
            """
        },
    ),
    Project(
        "APF015",
        # The port of a session-scoped `event_loop` fixture that moved only the fixtures.
        ini="[pytest]\nasyncio_default_fixture_loop_scope = session\naddopts = -p no:randomly\n",
        bad={
            "conftest.py": """
            import asyncio
            import pytest_asyncio

            async def echo(reader, writer):
                writer.write(await reader.readline())
                await writer.drain()
                writer.close()
                await writer.wait_closed()

            @pytest_asyncio.fixture
            async def connection():
                server = await asyncio.start_server(echo, "127.0.0.1", 0)
                port = server.sockets[0].getsockname()[1]
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                yield reader, writer
                writer.close()
                await writer.wait_closed()
                server.close()
                await server.wait_closed()
            """,
            "test_echo.py": """
            import pytest

            @pytest.mark.asyncio
            async def test_echo(connection):
                reader, writer = connection
                writer.write(b"ping\\n")
                assert await reader.readline() == b"ping\\n"
            """,
        },
        breaks_with="attached to a different loop",
        good={},  # the same files; the tests' loop scope set to match
        good_ini="[pytest]\nasyncio_default_fixture_loop_scope = session\n"
        "asyncio_default_test_loop_scope = session\naddopts = -p no:randomly\n",
    ),
    Project(
        "APF015",
        # A fixture on the session loop used by a fixture on the test's loop.
        bad={
            "conftest.py": """
            import asyncio
            import pytest_asyncio

            async def echo(reader, writer):
                writer.write(await reader.readline())
                await writer.drain()
                writer.close()
                await writer.wait_closed()

            @pytest_asyncio.fixture(scope="session", loop_scope="session")
            async def connection():
                server = await asyncio.start_server(echo, "127.0.0.1", 0)
                port = server.sockets[0].getsockname()[1]
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                yield reader, writer
                writer.close()
                await writer.wait_closed()
                server.close()
                await server.wait_closed()

            @pytest_asyncio.fixture
            async def reply(connection):
                reader, writer = connection
                writer.write(b"ping\\n")
                return await reader.readline()
            """,
            "test_echo.py": """
            import pytest

            @pytest.mark.asyncio
            async def test_echo(reply):
                assert reply == b"ping\\n"
            """,
        },
        breaks_with="attached to a different loop",
        good={
            "conftest.py": """
            import asyncio
            import pytest_asyncio

            async def echo(reader, writer):
                writer.write(await reader.readline())
                await writer.drain()
                writer.close()
                await writer.wait_closed()

            @pytest_asyncio.fixture(scope="session", loop_scope="session")
            async def connection():
                server = await asyncio.start_server(echo, "127.0.0.1", 0)
                port = server.sockets[0].getsockname()[1]
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                yield reader, writer
                writer.close()
                await writer.wait_closed()
                server.close()
                await server.wait_closed()

            @pytest_asyncio.fixture(loop_scope="session")
            async def reply(connection):
                reader, writer = connection
                writer.write(b"ping\\n")
                return await reader.readline()
            """,
            "test_echo.py": """
            import pytest

            @pytest.mark.asyncio
            async def test_echo(reply):
                assert reply == b"ping\\n"
            """,
        },
    ),
    Project(
        "APF001",
        bad={
            "test_sync.py": """
            import asyncio

            async def lookup(patient_id):
                await asyncio.sleep(0)
                return {"patient_id": patient_id}

            def test_lookup(event_loop):
                record = event_loop.run_until_complete(lookup("pt-0001"))
                assert record["patient_id"] == "pt-0001"
            """
        },
        breaks_with="fixture 'event_loop' not found",
        good={
            "test_sync.py": """
            import asyncio
            import pytest

            async def lookup(patient_id):
                await asyncio.sleep(0)
                return {"patient_id": patient_id}

            def test_lookup_stays_sync(standard_event_loop):
                record = standard_event_loop.run_until_complete(lookup("pt-0001"))
                assert record["patient_id"] == "pt-0001"

            @pytest.mark.asyncio
            async def test_lookup():
                record = await lookup("pt-0001")
                assert record["patient_id"] == "pt-0001"
            """
        },
    ),
]


def _run(pytester: pytest.Pytester, folder: str, *, alone: bool = False) -> pytest.RunResult:
    """Run the project in `folder` in-process, or `alone` in a subprocess: a project that leaves
    transports open on a loop that never runs again leaves their warnings there, not here."""
    if alone:
        return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error", folder)
    return run(pytester, folder)


def _write(pytester: pytest.Pytester, folder: str, ini: str, files: dict[str, str]) -> None:
    """A project of its own in `folder` (the checker caches what it read of each folder)."""
    root = pytester.mkdir(folder)
    (root / "tox.ini").write_text(ini, encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")


def _codes(pytester: pytest.Pytester, folder: str) -> list[str]:
    paths = sorted((pytester.path / folder).glob("*.py"))
    return [d.code for path in paths for d in check_file(str(path))]


@pytest.mark.parametrize("project", PROJECTS, ids=[f"{p.code}-{n}" for n, p in enumerate(PROJECTS)])
def test_what_the_rule_reports_breaks_and_the_fix_passes(pytester, project):
    _write(pytester, "bad", project.ini, project.bad)
    broken = _run(pytester, "bad", alone=project.code == "APF015")
    assert broken.ret != 0
    assert project.breaks_with in broken.stdout.str()
    assert project.code in _codes(pytester, "bad")

    _write(pytester, "good", project.good_ini or project.ini, project.good or project.bad)
    fixed = _run(pytester, "good")
    assert fixed.ret == 0, fixed.stdout.str()
    counts = summary_counts(fixed.stdout.str())
    assert counts["passed"] >= 1
    assert set(counts) == {"passed"}
    assert project.code not in _codes(pytester, "good")


def test_sync_code_on_the_project_s_own_event_loop_runs_and_only_the_fixture_is_reported(
    pytester,
):
    _write(
        pytester,
        "project",
        INI,
        {
            "conftest.py": """
            import asyncio
            import pytest

            @pytest.fixture
            def event_loop():
                loop = asyncio.new_event_loop()
                yield loop
                loop.close()
            """,
            "test_sync.py": """
            import asyncio

            def test_lookup(event_loop):
                assert event_loop.run_until_complete(asyncio.sleep(0, 1)) == 1
            """,
        },
    )
    result = _run(pytester, "project")
    assert result.ret == 0, result.stdout.str()
    assert summary_counts(result.stdout.str()) == {"passed": 1}
    found = [
        (path.name, d.line, d.code)
        for path in sorted((pytester.path / "project").glob("*.py"))
        for d in check_file(str(path))
    ]
    assert found == [("conftest.py", 6, "APF001")]


@pytest.mark.parametrize(
    ("name", "text", "scopes"),
    [
        ("pytest.ini", "[pytest]\n", (None, "function")),
        (
            "pyproject.toml",
            '[tool.pytest.ini_options]\nasyncio_default_fixture_loop_scope = "session"\n',
            ("session", "function"),
        ),
        (
            "pytest.ini",
            "[pytest]\nasyncio_default_fixture_loop_scope = fixture-scope\n"
            "addopts = -o asyncio_default_test_loop_scope=module\n",
            (None, "module"),
        ),
        (
            "tox.ini",
            "[pytest]\nasyncio_default_fixture_loop_scope = everywhere\n"
            "asyncio_default_test_loop_scope = session\n",
            (None, "session"),
        ),
    ],
)
def test_default_loop_scopes_are_read_as_pytest_asyncio_reads_them(tmp_path, name, text, scopes):
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert loop_scopes(tmp_path) == scopes


def test_a_conftest_that_marks_the_tests_with_a_loop_scope_leaves_their_loop_unknown(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text(
        "import pytest\nfrom pytest_asyncio import is_async_test\n\n"
        "def pytest_collection_modifyitems(items):\n"
        '    marker = pytest.mark.asyncio(loop_scope="session")\n'
        "    for item in items:\n"
        "        if is_async_test(item):\n"
        "            item.add_marker(marker, append=False)\n",
        encoding="utf-8",
    )
    tests = tmp_path / "tests"
    tests.mkdir()
    assert loop_scopes(tests) == (None, "session")

"""`asyncproof migrate`: each rewrite, idempotence, formatting kept, the result checks clean."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("libcst")

from asyncproof.checker import Settings, check_source
from asyncproof.cli import main
from asyncproof.migrate import migrate_source
from tests._support.paths import SNIPPETS, SRC

MIGRATED_CODES = frozenset({"APF001", "APF002", "APF003"})


def migrate(source: str, **kwargs) -> str:
    out, _ = migrate_source(textwrap.dedent(source), **kwargs)
    again, _ = migrate_source(out, **kwargs)
    assert again == out, "migrate is idempotent"
    settings = kwargs.get("settings")
    leftover = [d for d in check_source(out, settings=settings) if d.code in MIGRATED_CODES]
    assert leftover == [], "the result passes check for the rules migrate fixes"
    return out


def test_with_mocker_patch_becomes_a_call_and_the_dedented_body():
    before = """
    import pytest


    @pytest.mark.asyncio
    async def test_x(mocker):
        # patch the clock
        with mocker.patch("time.time", return_value=0) as clock:  # frozen
            value = await f()  # the call under test
            assert value == 0

            clock.assert_called()
        assert True
    """
    assert migrate(before) == textwrap.dedent(
        """
        import pytest


        @pytest.mark.asyncio
        async def test_x(mocker):
            # patch the clock
            clock = mocker.patch("time.time", return_value=0)  # frozen
            value = await f()  # the call under test
            assert value == 0

            clock.assert_called()
            assert True
        """
    )


def test_with_several_items_keeps_the_other_context_managers():
    before = """
    import pytest


    def test_x(mocker):
        with mocker.patch.object(Obj, "a"), mocker.patch.dict("os.environ", {}), pytest.raises(E):
            run()
    """
    assert migrate(before) == textwrap.dedent(
        """
        import pytest


        def test_x(mocker):
            mocker.patch.object(Obj, "a")
            mocker.patch.dict("os.environ", {})
            with pytest.raises(E):
                run()
        """
    )


def test_unmarked_async_tests_get_the_mark_and_the_import():
    before = '''
    """Tests."""
    from app import f


    async def test_x():
        assert await f()


    class TestThing:
        async def test_y(self):
            assert await f()

        def test_sync(self):
            assert f
    '''
    after = migrate(before)
    assert after == textwrap.dedent(
        '''
        """Tests."""
        import pytest
        from app import f


        @pytest.mark.asyncio
        async def test_x():
            assert await f()


        class TestThing:
            @pytest.mark.asyncio
            async def test_y(self):
                assert await f()

            def test_sync(self):
                assert f
        '''
    )


def test_auto_mode_needs_no_marks():
    before = "async def test_x():\n    assert True\n"
    assert migrate(before, settings=Settings(asyncio_auto=True)) == before


SESSION_FIXTURE = """
import asyncio

import pytest
import pytest_asyncio


@pytest.fixture(scope="session")
def event_loop():
    \"\"\"One loop for everything.\"\"\"
    loop = asyncio.get_event_loop_policy().new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        loop.close()


@pytest_asyncio.fixture(scope="session")
async def pool():
    return object()


@pytest.mark.asyncio
async def test_a(pool):
    assert pool


async def test_b():
    assert True
"""


def test_standard_event_loop_fixture_becomes_loop_scope():
    assert migrate(SESSION_FIXTURE) == textwrap.dedent(
        """
        import pytest
        import pytest_asyncio


        @pytest_asyncio.fixture(scope="session", loop_scope="session")
        async def pool():
            return object()


        @pytest.mark.asyncio(loop_scope="session")
        async def test_a(pool):
            assert pool


        @pytest.mark.asyncio(loop_scope="session")
        async def test_b():
            assert True
        """
    )


def test_function_scoped_fixture_is_just_removed():
    before = """
    import asyncio

    import pytest


    @pytest.fixture
    def event_loop():
        loop = asyncio.new_event_loop()
        yield loop
        loop.close()


    def test_x():
        assert asyncio
    """
    after = migrate(before)
    assert "event_loop" not in after
    assert "loop_scope" not in after
    assert "import asyncio" in after  # still used


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("    loop.close()\n", "    loop.close()\n    print('bye')\n"), "standard"),
        (
            (
                "async def test_b():\n    assert True",
                "def test_b(event_loop):\n    event_loop.stop()",
            ),
            "left for a hand port",
        ),
        (('scope="session")\ndef', "scope=SCOPE)\ndef"), "not a literal"),
    ],
)
def test_non_standard_fixtures_are_left_and_reported(change, reason):
    source = SESSION_FIXTURE.replace(*change)
    after, notes = migrate_source(source)
    assert "def event_loop" in after
    assert {n.code for n in notes} == {"APF001"}
    assert reason in notes[-1].message  # the fixture's own note comes last


def test_conftest_session_fixture_is_left_with_a_note_naming_the_config_file(tmp_path):
    (tmp_path / "setup.cfg").write_text("[tool:pytest]\nasyncio_mode = strict\n", "utf-8")
    (tmp_path / "tests").mkdir()
    conftest = tmp_path / "tests" / "conftest.py"
    after, notes = migrate_source(SESSION_FIXTURE, path=conftest)
    assert "def event_loop" in after
    assert notes[0].message.endswith(
        'set asyncio_default_fixture_loop_scope = "session" and '
        f'asyncio_default_test_loop_scope = "session" in {tmp_path / "setup.cfg"} '
        "[tool:pytest], then delete it"
    )


def test_cli_diff_writes_nothing_and_exits_1(tmp_path, capsys):
    path = tmp_path / "test_x.py"
    path.write_text("async def test_x():\n    assert True\n", encoding="utf-8")
    assert main(["migrate", "--diff", str(path)]) == 1
    assert "+@pytest.mark.asyncio" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == "async def test_x():\n    assert True\n"
    assert main(["migrate", str(path)]) == 0
    assert "@pytest.mark.asyncio" in path.read_text(encoding="utf-8")
    assert main(["migrate", "--diff", str(path)]) == 0  # nothing left to change
    assert main(["check", str(path)]) == 0


def test_cli_usage_and_parse_errors(tmp_path, capsys):
    assert main(["migrate", str(tmp_path / "missing.py")]) == 2
    broken = tmp_path / "test_broken.py"
    broken.write_text("def test_x(:\n", encoding="utf-8")
    assert main(["migrate", str(broken)]) == 1
    assert "APF000" in capsys.readouterr().err


def test_migrated_module_still_passes_under_pytest(tmp_path):
    """The legacy suite fails strict-mode pytest as written; migrated, it passes."""
    source = (SNIPPETS / "migration" / "test_legacy_suite_bad.py").read_text(encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = strict\nasyncio_default_fixture_loop_scope = function\n"
        "filterwarnings = error\n",
        encoding="utf-8",
    )
    test = tmp_path / "test_legacy.py"

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
            cwd=tmp_path,
            env={"PYTHONPATH": f"{SRC}:{SNIPPETS}"},
            capture_output=True,
            text=True,
        )

    test.write_text(source, encoding="utf-8")
    assert run().returncode != 0
    assert main(["migrate", str(test)]) == 0
    result = run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


# --- pytest-asyncio 1.x removed `event_loop`: the shapes real suites have ----------------


def test_async_test_and_fixture_drop_event_loop_and_bind_the_running_loop():
    before = """
    import asyncio

    import pytest
    import pytest_asyncio


    @pytest_asyncio.fixture
    async def ticker(event_loop):  # the loop schedules the ticks
        handle = event_loop.call_later(60, print)
        yield handle
        handle.cancel()


    @pytest.mark.asyncio
    async def test_waits(ticker, event_loop: asyncio.AbstractEventLoop):
        \"\"\"A future on the test's own loop.\"\"\"
        waiter = event_loop.create_future()
        event_loop.call_soon(waiter.set_result, 1)
        assert await waiter == 1


    @pytest.mark.asyncio
    async def test_unused(event_loop, ticker):
        assert ticker
    """
    assert migrate(before) == textwrap.dedent(
        """
        import asyncio

        import pytest
        import pytest_asyncio


        @pytest_asyncio.fixture
        async def ticker():  # the loop schedules the ticks
            event_loop = asyncio.get_running_loop()
            handle = event_loop.call_later(60, print)
            yield handle
            handle.cancel()


        @pytest.mark.asyncio
        async def test_waits(ticker):
            \"\"\"A future on the test's own loop.\"\"\"
            event_loop = asyncio.get_running_loop()
            waiter = event_loop.create_future()
            event_loop.call_soon(waiter.set_result, 1)
            assert await waiter == 1


        @pytest.mark.asyncio
        async def test_unused(ticker):
            assert ticker
        """
    )


def test_sync_test_that_only_requested_the_loop_drops_it():
    before = """
    def test_auth_header(event_loop, client):
        \"\"\"Basic auth.\"\"\"
        assert client.session.auth == "Basic"
    """
    assert migrate(before, settings=Settings(asyncio_auto=True)) == textwrap.dedent(
        """
        def test_auth_header(client):
            \"\"\"Basic auth.\"\"\"
            assert client.session.auth == "Basic"
        """
    )


def test_sync_test_driving_the_loop_becomes_async_with_await():
    before = """
    import asyncio

    from app import FlowControl, fetch


    def test_connection_lost(
        event_loop: asyncio.AbstractEventLoop,
    ) -> None:
        flow = FlowControl(event_loop)  # bound to the test's loop
        result = event_loop.run_until_complete(fetch(flow))
        assert event_loop.run_until_complete(fetch(flow)).done
        assert result
    """
    assert migrate(before) == textwrap.dedent(
        """
        import asyncio

        import pytest
        from app import FlowControl, fetch


        @pytest.mark.asyncio
        async def test_connection_lost() -> None:
            event_loop = asyncio.get_running_loop()
            flow = FlowControl(event_loop)  # bound to the test's loop
            result = await fetch(flow)
            assert (await fetch(flow)).done
            assert result
        """
    )


SERVER_FIXTURE = """
import asyncio
import socket
from collections.abc import Generator

import pytest

from app import EchoProtocol, cleanup


@pytest.fixture(scope="function")
def echo_server(
    event_loop: asyncio.AbstractEventLoop,
    bind_address: str,
) -> Generator[asyncio.AbstractServer, None, None]:
    coro = event_loop.create_server(
        EchoProtocol, host=bind_address, port=0, family=socket.AF_INET
    )
    server = event_loop.run_until_complete(coro)

    yield server

    server.close()
    try:
        event_loop.run_until_complete(cleanup(server))  # teardown on the same loop
    except RuntimeError:
        pass
"""


def test_sync_fixture_driving_the_loop_becomes_an_async_fixture_teardown_included():
    assert migrate(SERVER_FIXTURE) == textwrap.dedent(
        """
        import asyncio
        import socket
        from collections.abc import Generator

        import pytest_asyncio
        from app import EchoProtocol, cleanup


        @pytest_asyncio.fixture(scope="function")
        async def echo_server(
            bind_address: str,
        ) -> Generator[asyncio.AbstractServer, None, None]:
            event_loop = asyncio.get_running_loop()
            coro = event_loop.create_server(
                EchoProtocol, host=bind_address, port=0, family=socket.AF_INET
            )
            server = await coro

            yield server

            server.close()
            try:
                await cleanup(server)  # teardown on the same loop
            except RuntimeError:
                pass
        """
    )


def test_converted_fixture_keeps_the_tests_loop_when_the_config_default_is_wider(tmp_path):
    """`asyncio_default_fixture_loop_scope = session` would move it off the tests' loop."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n'
        'asyncio_default_fixture_loop_scope = "session"\n',
        encoding="utf-8",
    )
    kwargs = {"settings": Settings(asyncio_auto=True), "path": tmp_path / "conftest.py"}
    after = migrate(SERVER_FIXTURE, **kwargs)
    assert '@pytest_asyncio.fixture(scope="function", loop_scope="function")' in after


def test_sync_fixture_returning_the_loop_returns_the_running_loop():
    before = """
    import pytest


    @pytest.fixture(name="loop")
    def loop_fixture(event_loop):
        \"\"\"Shortcut\"\"\"
        return event_loop
    """
    assert migrate(before, settings=Settings(asyncio_auto=True)) == textwrap.dedent(
        """
        import asyncio

        import pytest_asyncio


        @pytest_asyncio.fixture(name="loop")
        async def loop_fixture():
            \"\"\"Shortcut\"\"\"
            event_loop = asyncio.get_running_loop()
            return event_loop
        """
    )


def test_asyncio_mark_on_a_fixture_is_removed():
    before = """
    import pytest
    import pytest_asyncio


    @pytest_asyncio.fixture
    @pytest.mark.asyncio  # pytest 9: "Marks cannot be applied to fixtures"
    async def client():
        yield object()


    @pytest.mark.asyncio
    async def test_client(client):
        assert client
    """
    assert migrate(before) == textwrap.dedent(
        """
        import pytest
        import pytest_asyncio


        @pytest_asyncio.fixture
        async def client():
            yield object()


        @pytest.mark.asyncio
        async def test_client(client):
            assert client
        """
    )


def test_async_fixture_under_pytest_fixture_in_strict_mode_becomes_pytest_asyncio_fixture():
    before = """
    import pytest


    @pytest.fixture(scope="function", name="db")  # an async fixture
    async def database():
        yield {}
    """
    after = migrate(before)
    assert after == textwrap.dedent(
        """
        import pytest_asyncio


        @pytest_asyncio.fixture(scope="function", name="db")  # an async fixture
        async def database():
            yield {}
        """
    )
    auto = Settings(asyncio_auto=True)
    assert migrate(textwrap.dedent(before), settings=auto) == textwrap.dedent(before)


def test_non_standard_event_loop_fixture_is_noted_and_its_requests_still_ported(tmp_path):
    before = textwrap.dedent(
        """
        import asyncio

        import pytest


        @pytest.fixture
        def event_loop():
            loop = asyncio.new_event_loop()
            yield loop
            loop.close()
            assert not SELECTORS  # nothing left behind


        @pytest.fixture
        def context(event_loop):
            return object()
        """
    )
    after, notes = migrate_source(before, path=tmp_path / "conftest.py")
    assert "def context():" in after
    assert "def event_loop():" in after
    assert [(n.line, n.code) for n in notes] == [(8, "APF001")]
    assert "autouse fixture" in notes[0].message


def test_custom_loop_class_is_noted_with_the_supported_hook(tmp_path):
    before = textwrap.dedent(
        """
        import pytest

        from app.testing import TimeTravelLoop


        @pytest.fixture
        def event_loop():
            loop = TimeTravelLoop()
            yield loop
            loop.close()
        """
    )
    after, notes = migrate_source(before, path=tmp_path / "conftest.py")
    assert after == before
    assert [(n.line, n.code) for n in notes] == [(8, "APF001")]
    assert "`TimeTravelLoop()`" in notes[0].message
    assert "pytest_asyncio_loop_factories" in notes[0].message
    assert "conftest.py" in notes[0].message


@pytest.mark.parametrize(
    "body",
    [
        "event_loop.run_forever()",
        "def cb():\n        event_loop.run_until_complete(f())\n    cb()",
        "run = lambda: event_loop.run_until_complete(f())\n    run()",
    ],
    ids=["run_forever", "nested-def", "lambda"],
)
def test_sync_uses_await_cannot_keep_are_noted_and_left(body):
    before = f"def test_x(event_loop):\n    {body}\n"
    after, notes = migrate_source(before)
    assert after == before
    assert [(n.line, n.code) for n in notes] == [(1, "APF001")]
    assert "standard_event_loop" in notes[0].message


def test_stopping_the_running_loop_is_noted():
    before = textwrap.dedent(
        """
        import asyncio


        async def test_close_on_stopped_loop(client):
            loop = asyncio.get_running_loop()
            loop.stop()
            client.close()
        """
    )
    after, notes = migrate_source(before, settings=Settings(asyncio_auto=True))
    assert after == before
    assert [(n.line, n.code) for n in notes] == [(7, "APF001")]
    assert "Event loop stopped before Future completed" in notes[0].message


def test_requests_of_a_custom_loop_keep_it_until_the_fixture_is_ported():
    """Ported to `async def`, the test would run on pytest-asyncio's loop, not the clock's."""
    before = textwrap.dedent(
        """
        import pytest

        from app.testing import TimeTravelLoop


        @pytest.fixture
        def event_loop():
            loop = TimeTravelLoop()
            yield loop
            loop.close()


        def test_timeout(event_loop):
            event_loop.run_until_complete(wait_an_hour())
        """
    )
    after, notes = migrate_source(before)
    assert after == before
    assert [n.line for n in notes] == [8]


def test_event_loop_fixture_imported_from_the_package_is_noted_with_its_module():
    before = textwrap.dedent(
        """
        from mypkg.testing import event_loop  # noqa: F401  (a fast-forwarding loop)


        def test_expiry(event_loop):
            event_loop.run_until_complete(expire())
        """
    )
    after, notes = migrate_source(before)
    assert after == before
    assert [(n.line, n.code) for n in notes] == [(2, "APF001")]
    assert "from mypkg.testing" in notes[0].message
    assert "pytest_asyncio_loop_factories" in notes[0].message


def test_a_drive_call_spread_over_lines_keeps_its_layout_and_comments():
    before = """
    import pytest
    import pytest_asyncio


    @pytest_asyncio.fixture
    def server(event_loop):
        return event_loop.run_until_complete(  # port 0: any free port
            start(port=0)
        )
    """
    assert migrate(before) == textwrap.dedent(
        """
        import pytest_asyncio


        @pytest_asyncio.fixture
        async def server():
            return await (  # port 0: any free port
                start(port=0)
            )
        """
    )


def test_module_pytestmark_covers_a_converted_test_and_helpers_keep_their_parameter():
    before = """
    import pytest

    pytestmark = pytest.mark.asyncio


    def drive(event_loop, coro):  # a helper's own parameter, not a fixture request
        return event_loop.run_until_complete(coro)


    def test_ping(event_loop):
        assert event_loop.run_until_complete(ping())
    """
    assert migrate(before) == textwrap.dedent(
        """
        import pytest

        pytestmark = pytest.mark.asyncio


        def drive(event_loop, coro):  # a helper's own parameter, not a fixture request
            return event_loop.run_until_complete(coro)


        async def test_ping():
            assert await ping()
        """
    )


# --- sync tests that need the loop pytest-asyncio 0.x left current ----------------------------

# Stands in for a user's package: a client whose constructor grabs "the" loop, reached through
# a re-export in the package's __init__ and one more call (as grpclib's `Channel()` is).
_LOOP_GRABBING_PACKAGE = {
    "pyproject.toml": "[project]\nname = 'pkg'\n",
    "src/pkg/__init__.py": "from .client import Client\n",
    "src/pkg/client.py": textwrap.dedent(
        """
        import asyncio


        def _current_loop():
            return asyncio.get_event_loop()


        class Client:
            def __init__(self, host, loop=None):
                self.host = host
                self._loop = loop or _current_loop()
        """
    ),
    "src/pkg/sync.py": textwrap.dedent(
        """
        import asyncio


        def fetch_now(host):
            loop = asyncio.get_event_loop()
            return loop.run_until_complete(asyncio.sleep(0, result=host))
        """
    ),
    "src/pkg/plain.py": "def parse(text):\n    return text.strip()\n",
}


def _project(tmp_path, files=_LOOP_GRABBING_PACKAGE):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "tests").mkdir(exist_ok=True)
    return tmp_path / "tests" / "test_client.py"


def test_sync_test_calling_code_that_needs_a_current_loop_becomes_async(tmp_path):
    test_file = _project(tmp_path)
    before = """
    import pytest

    from pkg import Client
    from pkg.plain import parse


    @pytest.mark.asyncio
    async def test_connect():
        assert Client("example.test")


    # The constructor looks the loop up: pytest-asyncio 1.x leaves none current.
    @pytest.mark.parametrize("host", ["a.test", "b.test"])
    def test_host(host):
        client = Client(host)  # no loop passed
        assert client.host == host


    def test_parse():
        assert parse(" x ") == "x"


    def test_on_its_own_loop(standard_event_loop):  # a loop fixture sets one current
        assert Client("a.test", loop=standard_event_loop)
    """
    after = migrate(before, path=test_file)
    assert after == textwrap.dedent(
        """
        import pytest

        from pkg import Client
        from pkg.plain import parse


        @pytest.mark.asyncio
        async def test_connect():
            assert Client("example.test")


        # The constructor looks the loop up: pytest-asyncio 1.x leaves none current.
        @pytest.mark.parametrize("host", ["a.test", "b.test"])
        @pytest.mark.asyncio
        async def test_host(host):
            client = Client(host)  # no loop passed
            assert client.host == host


        def test_parse():
            assert parse(" x ") == "x"


        def test_on_its_own_loop(standard_event_loop):  # a loop fixture sets one current
            assert Client("a.test", loop=standard_event_loop)
        """
    )
    _, notes = migrate_source(textwrap.dedent(before), path=test_file)
    assert notes == []


def test_a_module_without_pytest_asyncio_is_not_followed(tmp_path):
    """Only modules pytest-asyncio ran (marks, its fixtures, auto mode) are looked at."""
    test_file = _project(tmp_path)
    before = "from pkg import Client\n\n\ndef test_host():\n    assert Client('a.test')\n"
    assert migrate(before, path=test_file) == before
    auto = Settings(asyncio_auto=True)
    with_async = before + "\n\nasync def test_other():\n    pass\n"
    assert "async def test_host" in migrate(with_async, path=test_file, settings=auto)


def test_what_a_running_loop_cannot_keep_is_noted(tmp_path):
    test_file = _project(tmp_path)
    before = textwrap.dedent(
        """
        import unittest

        import pytest

        from pkg import Client
        from pkg.sync import fetch_now


        def test_fetch():
            assert fetch_now("a.test") == "a.test"


        @pytest.fixture
        def client():
            return Client("a.test")


        class TestClient(unittest.TestCase):
            def test_host(self):
                assert Client("a.test").host == "a.test"


        @pytest.mark.asyncio
        async def test_async(client):
            pass
        """
    )
    after, notes = migrate_source(before, path=test_file)
    assert after == before
    assert [(n.line, n.code) for n in notes] == [(10, "APF001"), (15, "APF001"), (20, "APF001")]
    fetch, fixture, method = (n.message for n in notes)
    assert "src/pkg/sync.py:6" in fetch
    assert "drives a loop at src/pkg/sync.py:7" in fetch
    assert "`Client`, which needs a current event loop" in fixture
    assert "src/pkg/client.py:6" in fixture
    assert "it is a fixture" in fixture
    assert "unittest" in method


def test_following_calls_never_opens_what_it_should_not(tmp_path):
    """A FIFO and a symbolic link loop named like modules of the package: no hang, no raise."""
    import os

    test_file = _project(tmp_path)
    pkg = tmp_path / "src" / "pkg"
    os.mkfifo(pkg / "fifo.py")
    (pkg / "loop.py").symlink_to(pkg / "loop.py")
    before = textwrap.dedent(
        """
        import pytest

        from pkg import Client
        from pkg.fifo import opened
        from pkg.loop import spin


        @pytest.mark.asyncio
        async def test_async():
            pass


        def test_all():
            opened()
            spin()
            assert Client("a.test")
        """
    )
    after, notes = migrate_source(before, path=test_file)
    assert "async def test_all():" in after  # Client's constructor was still followed
    assert notes == []

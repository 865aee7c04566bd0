"""Shapes from real test suites that a rule must not report (issue 14: precision).

Each case is a minimal reproduction, written for this file, of a false positive seen on a
public project's tests (`bench/bench_precision.py` measures them); the rule's own cases in
`test_checker.py` keep what it must report. Every `case()` carries a one-line description:
`tests/_support/rules_index.py` lists them on the rule's page, under "Not flagged".
"""

from __future__ import annotations

import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from asyncproof.checker import RULES, Settings, check_source, select_codes
from asyncproof.checker.config import settings_for
from asyncproof.checker.files import discover

AUTO = Settings(asyncio_auto=True)


def found(code: str, source: str, settings: Settings = AUTO) -> list[int]:
    diagnostics = check_source(textwrap.dedent(source), settings=settings)
    return [d.line for d in diagnostics if d.code == code]


@dataclass(frozen=True)
class Case:
    """A shape rule `code` deliberately does not flag, as its page describes it."""

    code: str
    description: str
    source: str
    conftest: str | None = None  # written beside the test module, which runs from a folder
    ini: str | None = None  # a pytest.ini written there too
    auto: bool = True  # pytest-asyncio's auto mode (no conftest) or strict mode
    reported: tuple[int, ...] = ()  # lines the rule does report in `source` (its real finding)


def case(code: str, description: str, source: str, *, id: str, **options: object):
    return pytest.param(Case(code, description, textwrap.dedent(source), **options), id=id)


QUIET = [
    case(
        "APF007",
        "a request a mocking fixture intercepts (`httpx_mock`; also `respx_mock`, "
        "`aresponses`, `aioresponses`, `httpserver`)",
        """
        import httpx

        async def test_x(httpx_mock):
            httpx_mock.add_response(url="https://a")
            async with httpx.AsyncClient(timeout=None) as client:
                assert (await client.get("https://a")).status_code == 200
        """,
        id="APF007-httpx_mock-fixture",
    ),
    case(
        "APF007",
        "a request under `@respx.mock` or inside `with respx.mock(...)`",
        """
        import httpx
        import respx

        @respx.mock
        async def test_x():
            async with httpx.AsyncClient(timeout=None) as client:
                assert await client.get("https://a")

        async def test_y():
            with respx.mock(base_url="https://a") as router:
                router.get("/")
                async with httpx.AsyncClient(timeout=None) as client:
                    assert await client.get("https://a/")
        """,
        id="APF007-respx-decorator-and-context",
    ),
    case(
        "APF007",
        'a request under `mock.patch("aiohttp…")` or `mock.patch.object(<client module>, …)`',
        """
        from unittest import mock
        import aiohttp
        import asyncpg
        from asyncpg import connect_utils

        async def test_x():
            with mock.patch("aiohttp.client.ClientSession._request") as request:
                request.return_value = object()
                session = aiohttp.ClientSession(timeout=None)
                assert await session.ws_connect("http://test.org")

        async def test_y():
            with mock.patch.object(connect_utils, "_connect_addr"):
                coro = asyncpg.connect(host="a")  # bounded by default, too
                assert await coro
        """,
        id="APF007-patch-or-patch-object-of-a-client-module",
    ),
    case(
        "APF007",
        "clients that carry a default timeout: `httpx` clients and functions (5 s), "
        "`aiohttp` sessions (5 min)",
        """
        import aiohttp
        import httpx

        async def test_x():
            async with httpx.AsyncClient() as client:
                assert await client.get("https://a")
            async with aiohttp.ClientSession() as session:
                assert await session.get("https://a")
            assert await httpx.get("https://a")
        """,
        id="APF007-default-client-timeouts",
    ),
    case(
        "APF007",
        "`await asyncpg.connect()` itself (60 s by default)",
        """
        import asyncpg

        async def test_x():
            conn = await asyncpg.connect(dsn="postgres://db")
            assert conn
        """,
        id="APF007-asyncpg-connect-has-a-default-timeout",
    ),
    case(
        "APF007",
        "an await inside `pytest.raises`: its failure is the point",
        """
        import pytest
        import httpx

        async def test_x():
            async with httpx.AsyncClient(timeout=None) as client:
                with pytest.raises(TypeError):
                    await client.get(object())
        """,
        id="APF007-await-expected-to-fail-in-raises",
    ),
    case(
        "APF007",
        "a test under `@pytest.mark.async_timeout` (or pytest-timeout's `@pytest.mark.timeout`)",
        """
        import pytest
        import httpx

        @pytest.mark.async_timeout(2)
        async def test_x():
            async with httpx.AsyncClient(timeout=None) as client:
                assert await client.get("https://a")
        """,
        id="APF007-asyncproof-mark",
    ),
    case(
        "APF007",
        "a test run by a decorator of the project (`@asyncio_test`) or by tornado's "
        "`@gen_test`, which bound it",
        """
        import motor.motor_asyncio
        from tornado.testing import gen_test
        from tests.utils import asyncio_test

        class TestClient:
            @asyncio_test
            async def test_ping(self):
                client = motor.motor_asyncio.AsyncIOMotorClient()
                assert await client.admin.command("ping")

            @gen_test
            async def test_ping_tornado(self):
                client = motor.motor_asyncio.AsyncIOMotorClient()
                assert await client.admin.command("ping")
        """,
        id="APF007-test-run-by-a-project-decorator",
    ),
]


def test_apf007_still_reports_a_client_without_any_timeout():
    source = """
    import httpx

    async def test_x():
        async with httpx.AsyncClient(timeout=None) as client:
            assert await client.get("https://a")
    """
    assert found("APF007", source) == [6]
    assert found("APF007", source, Settings(asyncio_auto=True, suite_deadline=True)) == []


@pytest.mark.parametrize(
    ("ini", "deadline"),
    [
        ("[pytest]\ntimeout = 120\n", True),
        ("[pytest]\naddopts = --timeout=30\n", True),
        ("[pytest]\naddopts = --timeout 30\n", True),
        ("[pytest]\nasyncproof_timeout = 5\n", True),
        ("[pytest]\ntimeout = 0\n", False),
        ("[pytest]\nasyncio_mode = auto\n", False),
    ],
)
def test_suite_deadline_is_read_from_the_pytest_config(tmp_path: Path, ini, deadline):
    (tmp_path / "pytest.ini").write_text(ini, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    assert settings_for(tmp_path / "tests" / "test_x.py").suite_deadline is deadline


@pytest.mark.parametrize(
    "conftest",
    [
        'pytest_plugins = ["aiohttp.pytest_plugin", "pytester"]\n',
        "def pytest_pyfunc_call(pyfuncitem):\n    return None\n",
    ],
)
def test_a_conftest_that_runs_coroutines_counts_as_auto(tmp_path: Path, conftest):
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text(conftest, encoding="utf-8")
    assert settings_for(tmp_path / "tests" / "test_x.py").asyncio_auto is True


QUIET_MORE = [
    case(
        "APF005",
        "`get_event_loop()` in a test that takes fixtures (the loop one of them set), and a"
        " loop closed through `contextlib.closing` in an `ExitStack`",
        """
        import asyncio
        import contextlib

        def test_x(db):
            loop = asyncio.get_event_loop()
            assert loop.run_until_complete(db.count()) == 0

        def test_y():
            with contextlib.ExitStack() as stack:
                loop = asyncio.new_event_loop()
                stack.enter_context(contextlib.closing(loop))
                assert loop.run_until_complete(asyncio.sleep(0, 1)) == 1
        """,
        id="APF005-fixture-loop-and-closing-in-exitstack",
    ),
    case(
        "APF005",
        "`get_event_loop()` compared, not kept",
        """
        import asyncio

        def test_x():
            def target():
                with loop_context() as loop:
                    assert asyncio.get_event_loop() is loop
            target()
        """,
        id="APF005-get_event_loop-compared-not-kept",
    ),
    case(
        "APF005",
        "a loop bound by a chained assignment (`loop = q._loop = ...`) and closed through "
        "one of its names",
        """
        import asyncio

        def test_x(queue):
            loop = queue._loop = asyncio.new_event_loop()
            assert queue.bound_to(loop)
            loop.close()
        """,
        id="APF005-chained-assignment-closed",
    ),
    case(
        "APF008",
        "a blocking sleep that a comment names (`# time.sleep on purpose: ...`): it is the "
        "test's subject",
        """
        import time

        async def test_keepalive_with_blocked_loop(session):
            await session.get("/")
            # time.sleep on purpose: the keepalive must survive a blocked loop
            time.sleep(0.5)
            assert await session.get("/")
        """,
        id="APF008-blocking-sleep-named-in-a-comment",
    ),
    case(
        "APF009",
        "a message that interpolates only a version (`httpx.__version__`): its wording is "
        "the library's spec",
        """
        import httpx
        import pytest

        def test_x(client):
            with pytest.raises(httpx.TimeoutException) as error:
                client.get("https://a")
            assert str(error.value) == f"No response for agent python-httpx/{httpx.__version__}"
        """,
        id="APF009-only-a-version-interpolated",
    ),
    case(
        "APF010",
        "checks that live elsewhere: an asserting marker, a fixture that asserts, "
        "`asyncio.wait_for(..., timeout=...)`, warnings turned into errors, a "
        "`validate`-style call, a does-not-raise test that says so in its docstring or a "
        "comment, `@unittest.expectedFailure`",
        """
        import asyncio
        import unittest
        import warnings
        import pytest

        @pytest.fixture(autouse=False)
        def checked():
            yield
            assert True

        @pytest.mark.raises_library_error(match="bad")
        async def test_marker():
            await run()

        def test_with_checking_fixture(checked):
            run()

        async def test_event(event):
            await asyncio.wait_for(event.wait(), timeout=1)

        def test_silent():
            with warnings.catch_warnings():
                warnings.simplefilter("error", DeprecationWarning)
                run()

        def test_url_valid():
            validate("https://a")

        def test_unknown_client():
            "Does not raise for a client it never saw."
            disconnect("nobody")

        def test_response_hashable():
            # should not raise an exception
            hash(make_response())

        class TestX(unittest.TestCase):
            @unittest.expectedFailure
            def test_broken(self):
                run()
        """,
        id="APF010-checks-that-live-elsewhere",
    ),
    case(
        "APF010",
        "a test under an autouse fixture that asserts after it",
        """
        import pytest

        @pytest.fixture(autouse=True)
        def snapshot_matches(snapshot):
            yield
            assert snapshot.matches()

        def test_x():
            run()
        """,
        id="APF010-asserting-autouse-fixture",
    ),
    case(
        "APF001",
        "sync code that drives the project's own `event_loop` fixture (only the fixture is "
        "reported)",
        """
        import asyncio
        import pytest

        @pytest.fixture
        def event_loop():  # reported once, here
            loop = asyncio.new_event_loop()
            yield loop
            loop.close()

        def test_sync(event_loop):
            assert event_loop.run_until_complete(asyncio.sleep(0, 1)) == 1
        """,
        id="APF001-sync-code-driving-the-projects-own-loop",
        reported=(6,),
    ),
    case(
        "APF001",
        "a test module's own `event_loop` fixture when the module has no async test or fixture "
        "(it only ever served sync code, which still gets it; asgiref's benchmarks)",
        """
        import asyncio
        import pytest

        @pytest.fixture
        def event_loop():
            loop = asyncio.new_event_loop()
            yield loop
            loop.close()

        def test_sync(event_loop):
            assert event_loop.run_until_complete(asyncio.sleep(0, 1)) == 1
        """,
        id="APF001-own-loop-in-a-module-without-async-code",
        ini="[pytest]\n",
    ),
    case(
        "APF015",
        "a session fixture that yields a value made before any await, its teardown awaiting "
        "only on objects it makes there (aiodocker's image name)",
        """
        import secrets
        import pytest

        @pytest.fixture(scope="session")
        async def random_name():
            name = "img-" + secrets.token_hex(4)
            yield name
            docker = Docker()
            await docker.images.delete(name, force=True)

        async def test_x(random_name):
            assert random_name
        """,
        id="APF015-value-made-before-any-await",
    ),
]

# Found by bench/bench_precision.py (issue 14, second round).
NEW_SHAPES = [
    case(
        "APF002",
        "a test that requests a fixture whose params carry the mark "
        '(`pytest.param("asyncio", marks=pytest.mark.asyncio)`), here or in a conftest.py',
        """
        import pytest

        @pytest.fixture(params=[pytest.param("asyncio", marks=pytest.mark.asyncio)])
        def backend(request):
            return request.param

        @pytest.mark.usefixtures("backend")
        async def test_x():
            assert True

        async def test_y(backend):
            assert backend
        """,
        id="APF002-marks-from-fixture-params",
        auto=False,
    ),
    case(
        "APF002",
        "a test that requests a fixture whose params carry the mark "
        '(`pytest.param("asyncio", marks=pytest.mark.asyncio)`), here or in a conftest.py',
        """
        import pytest

        @pytest.mark.usefixtures("concurrency")
        async def test_x():
            assert True
        """,
        id="APF002-marks-from-conftest-fixture-params",
        conftest="""
        import pytest

        @pytest.fixture(
            params=[
                pytest.param("asyncio", marks=pytest.mark.asyncio),
                pytest.param("trio", marks=pytest.mark.trio),
            ]
        )
        def concurrency(request):
            return request.param
        """,
    ),
    case(
        "APF002",
        "tests of a suite whose own `async def` fixtures under plain `@pytest.fixture` (here or "
        "in a conftest.py) need auto mode, when no configuration sets the mode: the suite is "
        "written for auto mode (an sdist often ships its tests without the repository's pytest "
        "configuration), or APF013 reports the root cause once per fixture",
        """
        async def test_x(scheduler):
            assert await scheduler.spawn()
        """,
        id="APF002-conftest-needs-auto-mode",
        conftest="""
        import pytest

        @pytest.fixture(scope="session")
        async def scheduler():
            yield object()
        """,
    ),
    case(
        "APF002",
        "a `test_*` function decorated as a fixture: pytest never collects it (APF012 reports it)",
        """
        import pytest_asyncio

        @pytest_asyncio.fixture
        async def test_conflict(db):
            await db.insert()
        """,
        id="APF002-fixture-named-like-a-test",
        auto=False,
    ),
    case(
        "APF005",
        "a loop made in the child of `os.fork()`, which leaves through `os._exit`",
        """
        import asyncio
        import os

        def test_x():
            pid = os.fork()
            if pid == 0:
                loop = asyncio.new_event_loop()
                loop.run_until_complete(asyncio.sleep(0))
                os._exit(0)
            assert os.waitpid(pid, 0)
        """,
        id="APF005-forked-child",
    ),
    case(
        "APF005",
        "a loop handed to a helper of the module that closes it or registers its closing "
        "(`self.set_event_loop(loop)` calling `self.addCleanup(self.close_loop, loop)`)",
        """
        import asyncio
        import unittest

        class LoopCase(unittest.TestCase):
            def close_loop(self, loop):
                loop.close()

            def set_event_loop(self, loop):
                self.addCleanup(self.close_loop, loop)

            def setUp(self):
                self.loop = asyncio.new_event_loop()
                self.set_event_loop(self.loop)

            def test_x(self):
                assert self.loop.run_until_complete(asyncio.sleep(0, 1)) == 1
        """,
        id="APF005-loop-handed-to-a-closing-helper",
    ),
    case(
        "APF005",
        "`get_event_loop()` in a helper (not a test, fixture or `setUp`): it returns the loop "
        "of whoever calls it",
        """
        import asyncio

        def return_future():
            loop = asyncio.get_event_loop()
            future = loop.create_future()
            loop.call_soon(future.set_result, 5)
            return future

        async def test_x():
            assert await return_future() == 5
        """,
        id="APF005-get_event_loop-in-a-helper",
    ),
    case(
        "APF006",
        "`run_until_complete()` in the child of `os.fork()`, where no loop runs",
        """
        import asyncio
        import os

        async def test_x(client):
            pid = os.fork()
            if not pid:
                loop = asyncio.new_event_loop()
                loop.run_until_complete(client.ping())
                os._exit(0)
            assert os.waitpid(pid, 0)
        """,
        id="APF006-forked-child",
    ),
    case(
        "APF007",
        "a helper coroutine that only bounded tests call (tornado `@gen_test` methods here)",
        """
        import motor
        from tornado.testing import gen_test

        class TestClient:
            async def _check(self, uri):
                client = motor.MotorClient(uri)
                assert await client.admin.command("ping")

            @gen_test
            async def test_standalone(self):
                await self._check("mongodb://a")

            @gen_test
            async def test_replica_set(self):
                await self._check("mongodb://b")
        """,
        id="APF007-helper-only-bounded-tests-call",
    ),
    case(
        "APF007",
        "`aiobotocore` sessions and clients: botocore connects and reads with 60 s timeouts "
        "by default",
        """
        import aiobotocore.signers
        from aiobotocore.session import get_session

        async def test_x(s3_server):
            session = get_session()
            assert await session.get_credentials()
            async with session.create_client("s3", endpoint_url=s3_server) as client:
                assert await client.list_buckets()
            assert await aiobotocore.signers.generate_db_auth_token(client, "h", 5432, "u")
        """,
        id="APF007-aiobotocore-default-timeouts",
    ),
    case(
        "APF007",
        "every test of a suite whose pytest configuration sets a global deadline "
        "(pytest-timeout's `timeout`, in the ini or as `--timeout` in `addopts`, or "
        "`asyncproof_timeout`)",
        """
        import httpx

        async def test_x():
            async with httpx.AsyncClient(timeout=None) as client:
                assert await client.get("https://a")
        """,
        id="APF007-suite-wide-deadline",
        ini="[pytest]\nasyncio_mode = auto\ntimeout = 30\n",
    ),
    case(
        "APF004",
        "a coroutine passed on rather than dropped: to `asyncio.gather`, `create_task`, "
        "`run_with_timeout`, or kept in a name or a list that is used",
        """
        import asyncio
        from asyncproof import run_with_timeout

        async def fetch(n):
            return n

        async def test_x():
            assert await asyncio.gather(fetch(1), fetch(2)) == [1, 2]
            task = asyncio.create_task(fetch(3))
            assert await run_with_timeout(fetch(4), timeout=1) == 4
            pending = [fetch(5)]
            assert await pending[0] == 5
            assert await task == 3
        """,
        id="APF004-coroutine-passed-on",
    ),
    case(
        "APF008",
        "a blocking sleep in a test that expects a timeout (`pytest.raises(asyncio.TimeoutError)`"
        "): blocking the loop is how it provokes one",
        """
        import asyncio
        import time
        import pytest

        async def test_x(channel):
            async def run():
                await channel.set_qos(1)
                time.sleep(1)

            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(run(), timeout=0.2)
        """,
        id="APF008-blocking-to-provoke-a-timeout",
    ),
    case(
        "APF008",
        "a blocking sleep that a comment just above explains (names `time.sleep`, sync sleeps or "
        "holding the event loop): it is the test's subject",
        """
        import asyncio
        import time

        async def test_x(worker):
            task = asyncio.create_task(worker.run())
            # Let the executor start, then hold the event loop
            # with sync sleeps so the callback is still queued
            # when the cancellation lands.
            await asyncio.sleep(0)
            time.sleep(0.1)
            task.cancel()
        """,
        id="APF008-blocking-sleep-explained-above",
    ),
    case(
        "APF008",
        "a blocking sleep in a test named for it (`test_timeout_blocking_loop`, "
        "`test_keepalive_sync_sleep`): it is the test's subject",
        """
        import time

        async def test_timeout_blocking_loop(timeout):
            async def long_running_task():
                time.sleep(0.1)
                return "done"

            async with timeout(0.01):
                assert await long_running_task() == "done"
        """,
        id="APF008-test-named-for-the-blocking",
    ),
    case(
        "APF005",
        "a loop made in a test that pytest-forked runs in a child process (`@pytest.mark.forked`)",
        """
        import asyncio
        import pytest

        @pytest.mark.forked
        def test_x(app):
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            assert loop.run_until_complete(app.startup()) is None
        """,
        id="APF005-test-run-forked",
    ),
    case(
        "APF002",
        "a `Test*` class that a test defines for its own use: pytest collects only module-level "
        "classes",
        """
        def test_x():
            class TestClass:
                async def test_function(self):
                    return 45

            assert convert(TestClass().test_function)() == 45
        """,
        id="APF002-class-defined-inside-a-test",
        auto=False,
    ),
    case(
        "APF010",
        "a test that runs another test function, which holds the checks (`test_read_main()` "
        "imported from a docs example)",
        """
        from docs_src.app.test_main import test_read_main

        def test_main():
            test_read_main()

        def test_module(example):
            example.test_create_item()
        """,
        id="APF010-runs-another-test",
    ),
]


NOT_FLAGGED = QUIET + QUIET_MORE + NEW_SHAPES


@pytest.mark.parametrize("shape", NOT_FLAGGED)
def test_rule_does_not_flag_the_shape(shape: Case, tmp_path: Path):
    if shape.conftest is None and shape.ini is None:
        settings = AUTO if shape.auto else Settings()
        diagnostics = check_source(shape.source, settings=settings)
    else:
        for name, text in (("conftest.py", shape.conftest), ("pytest.ini", shape.ini)):
            if text is not None:
                (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
        module = tmp_path / "test_x.py"
        module.write_text(shape.source, encoding="utf-8")
        diagnostics = check_source(shape.source, str(module), settings=settings_for(module))
    assert [d.line for d in diagnostics if d.code == shape.code] == list(shape.reported)


def test_every_shape_is_described():
    for param in NOT_FLAGGED:
        [shape] = param.values
        assert shape.description, param.id
        assert "\n" not in shape.description, param.id
        assert param.id.startswith(shape.code + "-")


def test_a_fixture_named_like_a_test_is_not_a_test_for_apf010():
    source = """
    import pytest_asyncio

    @pytest_asyncio.fixture
    async def test_conflict(db):
        await db.insert()
    """
    assert found("APF010", source) == []


def test_apf001_sees_a_conftest_event_loop(tmp_path: Path):
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\n@pytest.fixture\ndef event_loop():\n    yield None\n", encoding="utf-8"
    )
    settings = settings_for(tmp_path / "test_x.py")
    assert settings.own_event_loop
    source = "def test_x(event_loop):\n    assert event_loop\n"
    assert found("APF001", source, settings) == []
    assert found("APF001", "async " + source, settings) == [1]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="parses on 3.12+")
@pytest.mark.parametrize("source", ["class Edge[T]:\n    pass\n", "type Pair = tuple[int, int]\n"])
def test_syntax_error_says_which_python_the_syntax_needs(source):
    [diagnostic] = check_source(source, "t.py")
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert diagnostic.code == "APF000"
    assert diagnostic.message.endswith(f"(requires Python 3.12 syntax, running {running})")


def test_a_plain_syntax_error_gets_no_version_hint():
    [diagnostic] = check_source("x = 't'\ndef f(:\n    pass\n", "t.py")
    assert "requires Python" not in diagnostic.message


def test_walking_follows_pytest_plugins_to_fixture_modules(tmp_path: Path, monkeypatch):
    tests = tmp_path / "tests"
    (tests / "fixtures").mkdir(parents=True)
    (tests / "conftest.py").write_text(
        'pytest_plugins = ["tests.fixtures.loops", "pytester", "tests.missing"]\n',
        encoding="utf-8",
    )
    (tests / "fixtures" / "loops.py").write_text("", encoding="utf-8")
    (tests / "fixtures" / "unrelated.py").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert discover(["tests"]) == [
        str(Path("tests", "conftest.py")),
        str(Path("tests", "fixtures", "loops.py")),
    ]


def test_apf010_is_opt_in():
    assert select_codes(None) == {rule.code for rule in RULES} - {"APF010"}
    assert "APF010" in select_codes(("APF010",))
    assert "APF010" in select_codes(("ALL",))
    assert "APF010" not in select_codes(None, ("APF010",))


def test_apf010_counts_a_private_assert_helper_from_another_module():
    source = """
    from tests.helpers import _assert_rows

    def test_x(db):
        _assert_rows(db.rows(), [1])
    """
    assert found("APF010", source) == []


def test_a_suite_without_pytest_asyncio_is_not_held_to_it(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\naddopts = "-p no:asyncio"\n', encoding="utf-8"
    )
    settings = settings_for(tmp_path / "tests" / "test_x.py")
    assert settings.asyncio_plugin_off
    source = "async def test_x(event_loop):\n    assert event_loop\n"
    assert found("APF001", source, settings) == []
    assert found("APF002", source, settings) == []
    assert found("APF002", source, Settings()) == [1]


def test_apf007_trusts_a_client_built_with_a_timeout():
    source = """
    import motor.motor_asyncio
    import redis.asyncio

    async def test_x(uri):
        client = motor.motor_asyncio.AsyncIOMotorClient(uri, socketTimeoutMS=100)
        assert await client.admin.command("ping")
        r = redis.asyncio.Redis(socket_timeout=None)
        assert await r.ping()
    """
    assert found("APF007", source) == [9]


STILL_REPORTED = [
    pytest.param(
        "APF007",
        """
        import motor
        from tornado.testing import gen_test

        class TestClient:
            async def _check(self, uri):
                client = motor.MotorClient(uri)
                assert await client.admin.command("ping")

            @gen_test
            async def test_bounded(self):
                await self._check("mongodb://a")

            async def test_unbounded(self):
                await self._check("mongodb://b")
        """,
        [8],
        id="APF007-a-helper-one-unbounded-test-calls",
    ),
    pytest.param(
        "APF005",
        """
        import asyncio
        import os

        def test_x():
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            loop = asyncio.new_event_loop()
            assert os.waitpid(pid, 0)
        """,
        [9],
        id="APF005-the-parent-of-a-fork",
    ),
    pytest.param(
        "APF005",
        """
        import asyncio

        def test_x():
            loop = asyncio.get_event_loop()
            assert loop.run_until_complete(asyncio.sleep(0, 1)) == 1
        """,
        [5],
        id="APF005-get_event_loop-in-a-test",
    ),
    pytest.param(
        "APF008",
        """
        import time
        import pytest

        async def test_x(channel):
            with pytest.raises(ValueError):
                await channel.set_qos(-1)
            time.sleep(1)
        """,
        [8],
        id="APF008-a-test-that-expects-another-error",
    ),
    pytest.param(
        "APF008",
        """
        import time

        async def test_request_token_blocking_behaviour(manager):
            async def on_next(token):
                time.sleep(0.1)

            await manager.start(on_next, block_for_initial=True)
        """,
        [6],
        id="APF008-a-test-named-for-another-blocking",
    ),
]


@pytest.mark.parametrize(("code", "source", "lines"), STILL_REPORTED)
def test_the_exemptions_stay_narrow(code, source, lines):
    assert found(code, source) == lines


def test_apf002_reports_a_fixture_whose_params_carry_no_runner_mark():
    source = """
    import pytest

    @pytest.fixture(params=[pytest.param("slow", marks=pytest.mark.slow)])
    def speed(request):
        return request.param

    async def test_x(speed):
        assert speed
    """
    assert found("APF002", source, Settings()) == [8]


def test_apf013_not_apf002_reports_plain_async_fixtures_when_no_mode_is_set(tmp_path: Path):
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\n@pytest.fixture\nasync def db():\n    yield 1\n", encoding="utf-8"
    )
    module = tmp_path / "test_x.py"
    source = "async def test_x(db):\n    assert db\n"
    module.write_text(source, encoding="utf-8")
    conftest = tmp_path / "conftest.py"
    settings = settings_for(module)
    assert [(d.code, d.line) for d in check_source(source, str(module), settings=settings)] == []
    found_in_conftest = check_source(conftest.read_text(), str(conftest), settings=settings)
    assert [(d.code, d.line) for d in found_in_conftest] == [("APF013", 4)]


def test_apf002_still_reports_when_strict_mode_is_configured(tmp_path: Path):
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\n@pytest.fixture\nasync def db():\n    yield 1\n", encoding="utf-8"
    )
    module = tmp_path / "test_x.py"
    source = "async def test_x(db):\n    assert db\n"
    module.write_text(source, encoding="utf-8")
    found_here = check_source(source, str(module), settings=settings_for(module))
    assert [(d.code, d.line) for d in found_here] == [("APF002", 1)]

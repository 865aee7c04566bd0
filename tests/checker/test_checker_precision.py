"""Shapes from real test suites that a rule must not report (issue 14: precision).

Each case is a minimal reproduction, written for this file, of a false positive seen on a
public project's tests; the rule's own cases in `test_checker.py` keep what it must report.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from asyncproof.checker import RULES, Settings, check_source, select_codes
from asyncproof.checker.config import settings_for
from asyncproof.checker.files import discover

AUTO = Settings(asyncio_auto=True)


def found(code: str, source: str, settings: Settings = AUTO) -> list[int]:
    diagnostics = check_source(textwrap.dedent(source), settings=settings)
    return [d.line for d in diagnostics if d.code == code]


# (code, source in which that rule must stay quiet)
QUIET = [
    pytest.param(
        "APF007",
        """
        import httpx

        async def test_x(httpx_mock):
            httpx_mock.add_response(url="https://a")
            async with httpx.AsyncClient(timeout=None) as client:
                assert (await client.get("https://a")).status_code == 200
        """,
        id="APF007-httpx_mock-fixture",
    ),
    pytest.param(
        "APF007",
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
    pytest.param(
        "APF007",
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
    pytest.param(
        "APF007",
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
    pytest.param(
        "APF007",
        """
        import asyncpg

        async def test_x():
            conn = await asyncpg.connect(dsn="postgres://db")
            assert conn
        """,
        id="APF007-asyncpg-connect-has-a-default-timeout",
    ),
    pytest.param(
        "APF007",
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
    pytest.param(
        "APF007",
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
    pytest.param(
        "APF007",
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


@pytest.mark.parametrize(("code", "source"), QUIET)
def test_rule_stays_quiet_on_real_shapes(code, source):
    assert found(code, source) == []


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
    pytest.param(
        "APF005",
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
    pytest.param(
        "APF005",
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
    pytest.param(
        "APF005",
        """
        import asyncio

        def test_x(queue):
            loop = queue._loop = asyncio.new_event_loop()
            assert queue.bound_to(loop)
            loop.close()
        """,
        id="APF005-chained-assignment-closed",
    ),
    pytest.param(
        "APF008",
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
    pytest.param(
        "APF009",
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
    pytest.param(
        "APF010",
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
    pytest.param(
        "APF010",
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
    pytest.param(
        "APF001",
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
    ),
]


@pytest.mark.parametrize(("code", "source"), QUIET_MORE)
def test_rule_reports_only_the_real_finding(code, source):
    expected = [6] if code == "APF001" else []
    assert found(code, source) == expected


def test_a_fixture_named_like_a_test_is_not_a_test():
    source = """
    import pytest_asyncio

    @pytest_asyncio.fixture
    async def test_conflict(db):
        await db.insert()
    """
    assert found("APF002", source, Settings()) == []
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

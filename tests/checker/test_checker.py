"""The checker's rules: each with a positive case, a negative case and `# noqa`."""

from __future__ import annotations

import textwrap

import pytest

from asyncproof.checker import RULES, Settings, check_source

STRICT = Settings()
AUTO = Settings(asyncio_auto=True)


def codes(source: str, settings: Settings = STRICT) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in check_source(textwrap.dedent(source), settings=settings)]


# (code, source that triggers it on the line marked `# <-`, a near miss that must stay clean)
CASES = [
    (
        "APF001",
        """
        import asyncio
        import pytest

        @pytest.fixture
        def event_loop():  # <-
            loop = asyncio.new_event_loop()
            yield loop
            loop.close()

        @pytest.mark.asyncio
        async def test_ping():
            await asyncio.sleep(0)
        """,
        """
        import pytest

        @pytest.fixture
        def event_loop_policy():
            import asyncio
            return asyncio.DefaultEventLoopPolicy()
        """,
    ),
    (
        "APF001",
        """
        def test_loop(event_loop):  # <-
            assert event_loop
        """,
        """
        def helper(event_loop):
            return event_loop
        """,
    ),
    (
        "APF002",
        """
        async def test_x():  # <-
            assert True
        """,
        """
        import pytest

        pytestmark = pytest.mark.asyncio

        async def test_x():
            assert True

        @pytest.mark.anyio
        async def test_y():
            assert True
        """,
    ),
    (
        "APF002",
        """
        import pytest

        class TestThing:
            @pytest.mark.parametrize("x", [1])
            async def test_x(self, x):  # <-
                assert x
        """,
        """
        import pytest

        @pytest.mark.asyncio
        class TestThing:
            async def test_x(self):
                assert True

        class TestCaseLike(Base):
            async def test_y(self):
                assert True
        """,
    ),
    (
        "APF003",
        """
        def test_x(mocker):
            with mocker.patch.object(obj, "attr") as m:  # <-
                m.assert_not_called()
        """,
        """
        from unittest.mock import patch

        def test_x(mocker):
            m = mocker.patch.object(obj, "attr")
            with patch("os.getcwd"):
                m.assert_not_called()
        """,
    ),
    (
        "APF004",
        """
        async def fetch():
            return 1

        async def test_x():
            fetch()  # <-
            assert True
        """,
        """
        import asyncio

        async def fetch():
            return 1

        async def test_x(run_with_timeout):
            coro = fetch()
            results = await asyncio.gather(fetch(), fetch())
            task = asyncio.create_task(fetch())
            await run_with_timeout(fetch(), timeout=1)
            asyncio.run(fetch()) if False else None
            assert await coro == 1 and results and await task
        """,
    ),
    (
        "APF004",
        """
        from unittest.mock import AsyncMock

        async def test_x():
            client = AsyncMock()
            client.send = AsyncMock()
            client.send("hi")  # <-
            client.send.assert_called_once()
        """,
        """
        from unittest.mock import AsyncMock

        async def test_x():
            client = AsyncMock()
            await client("hi")
            client.assert_awaited_once()
        """,
    ),
    (
        "APF004",
        """
        class TestService:
            async def _prepare(self):
                return 1

            async def test_x(self):
                self._prepare()  # <-
                assert True
        """,
        """
        async def fetch():
            return 1

        def test_shadowed():
            fetch = lambda: 1  # noqa: E731
            fetch()
            assert True
        """,
    ),
    (
        "APF005",
        """
        import asyncio

        def test_x():
            loop = asyncio.new_event_loop()  # <-
            assert loop.run_until_complete(f()) == 1
        """,
        """
        import asyncio
        import unittest

        def make_loop():
            return asyncio.new_event_loop()

        def test_x():
            loop = asyncio.new_event_loop()
            try:
                assert loop.run_until_complete(f()) == 1
            finally:
                loop.close()

        class T(unittest.TestCase):
            def setUp(self):
                self.loop = asyncio.new_event_loop()
                self.addCleanup(self.loop.close)

        async def test_running():
            loop = asyncio.get_event_loop()
            assert loop.is_running()
        """,
    ),
    (
        "APF006",
        """
        import asyncio

        async def test_x():
            assert asyncio.run(f()) == 1  # <-
        """,
        """
        import asyncio

        def test_x():
            assert asyncio.run(f()) == 1
        """,
    ),
    (
        "APF007",
        """
        import httpx

        async def test_x():
            async with httpx.AsyncClient(timeout=None) as client:
                response = await client.get("https://example.org")  # <-
            assert response.status_code == 200
        """,
        """
        import asyncio
        import httpx
        from asyncproof import run_with_timeout

        async def test_x(app):
            async with httpx.AsyncClient() as client:
                first = await run_with_timeout(client.get("https://example.org"), timeout=1)
                second = await asyncio.wait_for(client.get("https://example.org"), 1)
                async with asyncio.timeout(1):
                    third = await client.get("https://example.org")
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app)) as local:
                fourth = await local.get("/")
            assert first and second and third and fourth
        """,
    ),
    (
        "APF007",
        """
        import asyncpg
        import pytest

        @pytest.fixture
        async def conn():
            connection = await asyncpg.connect()
            yield connection

        async def test_x(conn):
            assert await conn.fetchval("select 1") == 1  # <-
        """,
        """
        import pytest

        @pytest.mark.timeout(5)
        async def test_x(conn):
            assert await conn.fetchval("select 1") == 1
        """,
    ),
    (
        "APF008",
        """
        import time

        async def test_x():
            time.sleep(0.1)  # <-
            assert True
        """,
        """
        import time

        def test_x():
            time.sleep(0.1)
            assert True
        """,
    ),
    (
        "APF009",
        """
        import pytest

        def test_x(pid):
            with pytest.raises(ValueError) as excinfo:
                f(pid)
            assert str(excinfo.value) == f"bad id {pid}"  # <-
        """,
        """
        import pytest

        def test_x(pid, record):
            with pytest.raises(ValueError) as excinfo:
                f(pid)
            assert str(excinfo.value) == "bad id"
            assert str(record) == f"Record {pid}"
        """,
    ),
    (
        "APF009",
        """
        def test_x(pid):
            try:
                f(pid)
            except ValueError as exc:
                message = str(exc)
            assert message == "bad id %s" % pid  # <-
        """,
        """
        import re

        def test_x(pid):
            try:
                f(pid)
            except ValueError as exc:
                assert re.search(r"bad id", str(exc))
        """,
    ),
    (
        "APF010",
        """
        def test_x():  # <-
            f()
        """,
        """
        import pytest

        def check_result(x):
            assert x

        def test_helper():
            check_result(f())

        def test_mock(mock):
            mock.assert_called_once()

        def test_phi(assert_no_phi):
            assert_no_phi(f())

        def test_raises():
            with pytest.raises(ValueError):
                f()

        @pytest.mark.skip
        def test_skipped():
            f()
        """,
    ),
    (
        "APF011",
        """
        import pytest_asyncio  # <-

        def test_x():
            assert True
        """,
        """
        import pytest_asyncio

        @pytest_asyncio.fixture
        async def thing():
            return 1
        """,
    ),
    (
        "APF012",
        """
        import pytest
        import pytest_asyncio

        @pytest_asyncio.fixture
        async def test_conflict(client):  # <-
            with pytest.raises(ValueError):
                await client.create("pt-0001")

        @pytest.fixture
        def test_totals():  # <-
            assert sum([1, 2]) == 3
        """,
        """
        import pytest
        import pytest_asyncio

        @pytest_asyncio.fixture
        async def test_client():
            client = object()
            assert client is not None
            yield client

        @pytest.fixture
        def test_user():
            return {"id": "pt-0001"}

        @pytest.fixture
        def test_db(tmp_path):
            def check():
                assert tmp_path.exists()
            return check

        async def test_conflict(test_client):
            with pytest.raises(ValueError):
                await test_client.create("pt-0001")
        """,
    ),
    (
        "APF013",
        """
        import pytest

        @pytest.fixture
        async def client():  # <-
            yield object()
        """,
        """
        import pytest
        import pytest_asyncio

        @pytest_asyncio.fixture
        async def client():
            yield object()

        @pytest.fixture
        def sync_client():
            return object()
        """,
    ),
    (
        "APF014",
        """
        import pytest
        import pytest_asyncio

        @pytest.mark.asyncio  # <-
        @pytest_asyncio.fixture
        async def client():
            yield object()
        """,
        """
        import pytest
        import pytest_asyncio

        @pytest_asyncio.fixture
        async def client():
            yield object()

        @pytest.mark.asyncio
        async def test_x(client):
            assert client
        """,
    ),
    (
        "APF015",
        """
        import pytest
        import pytest_asyncio

        @pytest_asyncio.fixture(loop_scope="session")
        async def client():  # <-
            async with Client() as client:
                yield client

        @pytest.mark.asyncio
        async def test_x(client):
            assert await client.get()
        """,
        """
        import pytest
        import pytest_asyncio

        @pytest_asyncio.fixture(loop_scope="session")
        async def client():
            async with Client() as client:
                yield client

        @pytest.mark.asyncio(loop_scope="session")
        async def test_x(client):
            assert await client.get()
        """,
    ),
]


def _expected(source: str, code: str) -> list[tuple[str, int]]:
    lines = textwrap.dedent(source).splitlines()
    return [(code, n) for n, line in enumerate(lines, start=1) if line.rstrip().endswith("# <-")]


@pytest.mark.parametrize(("code", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_reports_bad_code(code, bad, good):
    assert [c for c in codes(bad) if c[0] == code] == _expected(bad, code)


@pytest.mark.parametrize(("code", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_accepts_good_code(code, bad, good):
    assert [c for c in codes(good) if c[0] == code] == []


@pytest.mark.parametrize(("code", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_noqa_silences_the_rule(code, bad, good):
    for suffix in (f"  # noqa: {code}", "  # noqa"):
        silenced = bad.replace("  # <-", suffix)
        assert [c for c in codes(silenced) if c[0] == code] == []


def test_noqa_for_another_code_does_not_silence():
    source = """
    import time

    async def test_x():
        time.sleep(1)  # noqa: ASYNC251, APF004
        assert True
    """
    assert codes(source, AUTO) == [("APF008", 5)]


def test_every_rule_has_a_case():
    assert {c[0] for c in CASES} == {rule.code for rule in RULES}


def test_auto_mode_runs_unmarked_async_tests():
    source = """
    async def test_x():
        assert True
    """
    assert codes(source, STRICT) == [("APF002", 2)]
    assert codes(source, AUTO) == []


def test_external_clients_are_configurable():
    source = """
    from lab_client import LabClient

    async def test_x():
        assert await LabClient().fetch_results("pt-0001")
    """
    assert codes(source, AUTO) == []
    labs = Settings(asyncio_auto=True, external_clients=("lab_client",))
    assert codes(source, labs) == [("APF007", 5)]


def test_syntax_error_is_reported_with_its_line():
    [diagnostic] = check_source("def test_x(:\n    pass\n", "broken.py")
    assert (diagnostic.code, diagnostic.line, diagnostic.path) == ("APF000", 1, "broken.py")
    assert diagnostic.message.startswith("syntax error: ")


def test_diagnostics_are_sorted_and_formatted_like_ruff():
    diagnostics = check_source("import time\n\nasync def test_x():\n    time.sleep(1)\n", "t.py")
    assert [d.format() for d in diagnostics] == [
        "t.py:3:1: APF002 async test `test_x` is not run in strict mode: "
        "add `@pytest.mark.asyncio`",
        "t.py:3:1: APF010 test `test_x` asserts nothing",
        "t.py:4:5: APF008 `time.sleep()` in `async def` blocks the event loop: "
        "use `await asyncio.sleep()`",
    ]

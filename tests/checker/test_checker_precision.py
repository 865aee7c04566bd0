"""Shapes from real test suites that a rule must not report (issue 14: precision).

Each case is a minimal reproduction, written for this file, of a false positive seen on a
public project's tests; the rule's own cases in `test_checker.py` keep what it must report.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from asyncproof.checker import Settings, check_source
from asyncproof.checker.config import settings_for

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

        async def test_x():
            with mock.patch("aiohttp.client.ClientSession._request") as request:
                request.return_value = object()
                session = aiohttp.ClientSession(timeout=None)
                assert await session.ws_connect("http://test.org")
        """,
        id="APF007-patch-of-the-client-module",
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

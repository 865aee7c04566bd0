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
        (("def test_b():", "def test_b(event_loop):"), "requested on line"),
        (('scope="session")\ndef', "scope=SCOPE)\ndef"), "not a literal"),
    ],
)
def test_non_standard_fixtures_are_left_and_reported(change, reason):
    source = SESSION_FIXTURE.replace(*change)
    after, notes = migrate_source(source)
    assert "def event_loop" in after
    assert [n.code for n in notes] == ["APF001"]
    assert reason in notes[0].message


def test_conftest_session_fixture_is_left_with_a_config_note(tmp_path):
    conftest = tmp_path / "conftest.py"
    after, notes = migrate_source(SESSION_FIXTURE, path=conftest)
    assert "def event_loop" in after
    assert "asyncio_default_test_loop_scope" in notes[0].message


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

"""The pytest plugin, exercised through pytester as a user's project would see it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from packaging.version import Version

from tests._support.paths import SNIPPETS
from tests._support.pytester import INI


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INI)
    return pytester


def test_standard_event_loop_needs_no_conftest(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import asyncio

        def test_loop_is_current_and_open(standard_event_loop):
            assert not standard_event_loop.is_closed()
            assert asyncio.get_event_loop() is standard_event_loop
            assert standard_event_loop.run_until_complete(asyncio.sleep(0, "x")) == "x"
        """
    )
    project.runpytest("-W", "error").assert_outcomes(passed=1)


def test_each_test_gets_a_fresh_loop_that_is_closed_after(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        LOOPS = []

        def test_one(standard_event_loop):
            LOOPS.append(standard_event_loop)

        def test_two(standard_event_loop):
            LOOPS.append(standard_event_loop)
            assert LOOPS[0] is not standard_event_loop
            assert LOOPS[0].is_closed()

        def test_after():
            assert all(loop.is_closed() for loop in LOOPS)
        """
    )
    project.runpytest("-W", "error").assert_outcomes(passed=3)


def test_teardown_cancels_awaits_and_reports_pending_tasks(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import asyncio

        EVENTS = []

        async def worker():
            try:
                await asyncio.sleep(3600)
            finally:
                EVENTS.append("finally ran")

        def test_leaves_a_task(standard_event_loop):
            standard_event_loop.create_task(worker(), name="forgotten")
            standard_event_loop.run_until_complete(asyncio.sleep(0))

        def test_the_task_was_cancelled_and_awaited():
            assert EVENTS == ["finally ran"]
        """
    )
    result = project.runpytest("-W", "error")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        ["*left 1 task(s) pending on standard_event_loop*", "*'forgotten' running worker()*"]
    )


def test_pending_task_report_can_be_switched_off(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI + "asyncproof_detect_pending_tasks = false\n")
    pytester.makepyfile(
        """
        import asyncio

        def test_leaves_a_task(standard_event_loop):
            standard_event_loop.create_task(asyncio.sleep(3600))
        """
    )
    pytester.runpytest("-W", "error").assert_outcomes(passed=1)


def test_teardown_closes_async_generators_and_executor(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import asyncio
        import threading

        EVENTS = []

        async def ticker():
            try:
                while True:
                    yield 1
            finally:
                EVENTS.append("agen closed")

        def test_uses_agen_and_executor(standard_event_loop):
            async def body():
                agen = ticker()
                await agen.__anext__()
                await standard_event_loop.run_in_executor(None, threading.get_ident)
                EVENTS.append(agen)  # keep it alive past the test body

            standard_event_loop.run_until_complete(body())

        def test_after():
            assert "agen closed" in EVENTS
        """
    )
    project.runpytest("-W", "error").assert_outcomes(passed=2)


def test_a_loop_closed_by_the_test_is_fine(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        def test_closes_it(standard_event_loop):
            standard_event_loop.close()
        """
    )
    project.runpytest("-W", "error").assert_outcomes(passed=1)


def test_the_config_snippet_silences_pytest_asyncio(pytester: pytest.Pytester) -> None:
    """The pyproject.toml shown on the core-principles page runs clean under -W error."""
    config = (SNIPPETS / "core_principles" / "pyproject_asyncio.toml").read_text()
    pytester.makefile(".toml", pyproject=config)
    pytester.makepyfile(
        """
        import asyncio
        import pytest

        @pytest.mark.asyncio
        async def test_marked():
            assert await asyncio.sleep(0, 1) == 1
        """
    )
    result = pytester.runpytest("-W", "error")
    result.assert_outcomes(passed=1)
    assert "PytestDeprecationWarning" not in result.stdout.str()


def test_without_the_loop_scope_setting_pytest_asyncio_warns(pytester: pytest.Pytester) -> None:
    """Why the snippet sets asyncio_default_fixture_loop_scope: without it, -W error fails."""
    config = (SNIPPETS / "core_principles" / "pyproject_asyncio.toml").read_text()
    without = "\n".join(
        line for line in config.splitlines() if "asyncio_default_fixture_loop_scope" not in line
    )
    pytester.makefile(".toml", pyproject=without)
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.asyncio
        async def test_marked():
            pass
        """
    )
    if Version(pytest.__version__) >= Version("8.4"):
        result = pytester.runpytest("-W", "error")
        assert result.ret != 0
        assert "asyncio_default_fixture_loop_scope" in result.stdout.str() + result.stderr.str()
    else:
        # pytest 8.2 and 8.3 warn while configuring, before -W applies: the run passes and the
        # warning reaches the process around it (this one: pytester runs in process).
        with pytest.warns(pytest.PytestDeprecationWarning, match="fixture_loop_scope"):
            result = pytester.runpytest("-W", "error")
        result.assert_outcomes(passed=1)


def test_plugin_is_registered_by_entry_point() -> None:
    from importlib.metadata import entry_points

    names = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert names.get("asyncproof") == "asyncproof.plugin"


def test_standard_event_loop_never_hangs_on_a_stubborn_task(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import asyncio

        async def stubborn():
            while True:
                try:
                    await asyncio.sleep(3600)
                except asyncio.CancelledError:
                    pass

        def test_leaves_a_stubborn_task(standard_event_loop):
            standard_event_loop.create_task(stubborn(), name="stubborn")
            standard_event_loop.run_until_complete(asyncio.sleep(0))
        """
    )
    result = project.runpytest("-W", "error")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*'stubborn' running stubborn()*ignored its cancellation*"])


def test_standard_event_loop_puts_the_previous_loop_back(project: pytest.Pytester) -> None:
    project.makepyfile(
        """
        import asyncio

        LOOP = asyncio.new_event_loop()
        asyncio.set_event_loop(LOOP)

        def test_uses_the_fixture(standard_event_loop):
            assert asyncio.get_event_loop() is standard_event_loop

        def test_after():
            assert asyncio.get_event_loop() is LOOP
            LOOP.close()
            asyncio.set_event_loop(None)
        """
    )
    project.runpytest("-W", "error").assert_outcomes(passed=2)


# An expression listing the PHI modules imported: the public one, and the patterns behind it
# (`asyncproof._phi_patterns`, or the `asyncproof._phi` package that follows it).
# The detector and its patterns (asyncproof._phi_reports, the report redactor's small seam, is
# not one of them: it imports the detector only when a report is redacted).
PHI_MODULES = (
    "[m for m in sys.modules"
    " if m in ('asyncproof.phi', 'asyncproof._phi')"
    " or m.startswith(('asyncproof.phi.', 'asyncproof._phi.'))]"
)


def test_importing_the_plugin_leaves_the_phi_patterns_out() -> None:
    # pytest imports the plugin in every session of every project that installs asyncproof;
    # the PHI patterns cost more to import than the rest of asyncproof together.
    script = (
        f"import sys, asyncproof.plugin; print('asyncproof.plugin' in sys.modules, {PHI_MODULES})"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (result.returncode, result.stdout.strip()) == (0, "True []"), result.stderr


def test_a_session_imports_the_phi_patterns_only_for_phi_guard(project: pytest.Pytester) -> None:
    project.makepyfile(
        f"""
        import sys

        def test_before_phi_guard():
            assert {PHI_MODULES} == []

        def test_with_phi_guard(phi_guard):
            print("SSN 123-45-6789")

        def test_after_phi_guard():
            assert "asyncproof.phi" in sys.modules
        """
    )
    # In a fresh interpreter: this session has imported the PHI patterns long ago.
    result = project.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*phi_guard: PHI found in stdout: SSN at 4-15*"])

"""`asyncproof check` and `migrate` on hostile trees: they rewrite other people's files.

Every test builds a small tree mixing a file that needs migrating with one hostile input, runs
a command, and asserts the exit code, one line naming each problem, no traceback, and (from a
hash of the whole tree before and after) that no file but the intended ones changed.
"""

from __future__ import annotations

import ast
import hashlib
import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asyncproof.checker.engine import check_source
from asyncproof.cli import main
from asyncproof.migrate.runner import run
from tests._support.paths import SRC

pytest.importorskip("libcst")

NEEDS_MARK = "import pytest\n\n\nasync def test_a():\n    assert True\n"
MARKED = "import pytest\n\n\n@pytest.mark.asyncio\nasync def test_a():\n    assert True\n"
CLEAN = "def test_clean():\n    assert True\n"


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under `root` -> a digest of what it is, never following links or opening
    anything but regular files (a FIFO must not block the snapshot)."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[str(path.relative_to(root))] = "link:" + os.readlink(path)
            elif stat.S_ISREG(mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[str(path.relative_to(root))] = f"{digest}:{stat.S_IMODE(mode):o}"
            elif not stat.S_ISDIR(mode):
                found[str(path.relative_to(root))] = f"special:{stat.S_IFMT(mode)}"
    return found


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose tests/test_needs_mark.py needs migrating; cwd is the project."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nasyncio_mode = "strict"\n', encoding="utf-8"
    )
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_needs_mark.py").write_text(NEEDS_MARK, encoding="utf-8")
    (tests / "test_clean.py").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_cli(
    args: list[str], cwd: Path, *, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """The command in a subprocess, bounded: a hang (a FIFO read) fails the test, not the run."""
    return subprocess.run(
        [sys.executable, "-m", "asyncproof", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=preexec,  # only sets a limit in the child, before exec
    )


def no_traceback(output: str) -> None:
    assert "Traceback" not in output
    assert "internal error" not in output


# --- line endings, BOM, declared encodings ---------------------------------------------------


ROUND_TRIPS = {
    "crlf": (NEEDS_MARK.replace("\n", "\r\n").encode(), MARKED.replace("\n", "\r\n").encode()),
    "cr": (NEEDS_MARK.replace("\n", "\r").encode(), MARKED.replace("\n", "\r").encode()),
    # Mixed: each line keeps its own end; the inserted line takes the first line's end.
    "mixed": (
        b"import pytest\r\n\n\r\nasync def test_a():\n    assert True\r",
        b"import pytest\r\n\n\r\n@pytest.mark.asyncio\r\nasync def test_a():\n    assert True\r",
    ),
    "bom": (b"\xef\xbb\xbf" + NEEDS_MARK.encode(), b"\xef\xbb\xbf" + MARKED.encode()),
    "latin-1": (
        b"# -*- coding: latin-1 -*-\n" + NEEDS_MARK.encode() + b"NAME = '\xe9t\xe9'\n",
        b"# -*- coding: latin-1 -*-\n" + MARKED.encode() + b"NAME = '\xe9t\xe9'\n",
    ),
    "no final newline": (NEEDS_MARK.rstrip("\n").encode(), MARKED.rstrip("\n").encode()),
}


@pytest.mark.parametrize("kind", ROUND_TRIPS)
def test_migrate_keeps_endings_bom_and_encoding_byte_for_byte(tree, capsys, kind):
    before_bytes, expected = ROUND_TRIPS[kind]
    target = tree / "tests" / "test_needs_mark.py"
    target.write_bytes(before_bytes)
    untouched = tree / "tests" / "test_untouched.py"
    untouched.write_bytes(b"def test_x():\r\n    assert True\r\n")
    before = snapshot(tree)

    assert main(["migrate", "tests"]) == 0

    assert target.read_bytes() == expected
    assert ast.parse(target.read_bytes())  # still a module Python reads
    assert changed(before, snapshot(tree)) == {"tests/test_needs_mark.py"}
    assert main(["migrate", "--check", "tests"]) == 0  # idempotent


def test_a_form_feed_libcst_would_move_leaves_the_file_unchanged(tree, capsys):
    # libcst prints a form feed in an indentation at the start of the next line too.
    moved = b"import pytest\n\nasync def test_a(event_loop):\n\x0c    y = 1\n    assert y\n"
    kept = b"import pytest\n\x0c\nasync def test_b():\n    assert True\n"
    (tree / "tests" / "test_moved.py").write_bytes(moved)
    (tree / "tests" / "test_kept.py").write_bytes(kept)
    before = snapshot(tree)

    assert main(["migrate", "tests"]) == 0

    err = capsys.readouterr().err
    assert "test_moved.py:5: APF000 file left unchanged" in err, err
    assert (tree / "tests" / "test_moved.py").read_bytes() == moved
    # A form feed libcst gives back as it found it does not stop the rewrite.
    assert (
        b"\x0c\n@pytest.mark.asyncio\nasync def test_b"
        in (tree / "tests" / "test_kept.py").read_bytes()
    )
    assert "tests/test_moved.py" not in changed(before, snapshot(tree))
    assert main(["migrate", "--check", "tests"]) == 1  # the note stays pending


@pytest.mark.parametrize("kind", ["crlf", "bom", "latin-1"])
def test_diff_shows_exactly_the_bytes_that_will_be_written(tree, capsys, kind):
    before_bytes = ROUND_TRIPS[kind][0]
    target = tree / "tests" / "test_needs_mark.py"
    target.write_bytes(before_bytes)
    before = snapshot(tree)

    assert main(["migrate", "--diff", "tests/test_needs_mark.py"]) == 1

    diff = capsys.readouterr().out
    nl = "\r\n" if kind == "crlf" else "\n"
    assert f"+@pytest.mark.asyncio{nl}" in diff
    assert f" async def test_a():{nl}" in diff
    assert snapshot(tree) == before  # --diff writes nothing


@pytest.mark.parametrize("kind", ["cr", "bom", "latin-1"])
def test_check_reads_what_python_reads(tree, capsys, kind):
    (tree / "tests" / "test_needs_mark.py").write_bytes(ROUND_TRIPS[kind][0])
    assert main(["check", "--select", "APF002", "tests"]) == 1
    out = capsys.readouterr().out
    assert "tests/test_needs_mark.py:" in out
    assert "APF002" in out
    assert "APF000" not in out


# --- failed writes ---------------------------------------------------------------------------


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        # Ignored, SIGXFSZ no longer kills the writer: the write fails with EFBIG instead.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_write_past_the_file_size_limit_leaves_the_original(tree):
    # `ulimit -f 8`: the 20,000-byte module's rewrite fails, the small one's succeeds.
    big = tree / "tests" / "test_big.py"
    big.write_text(NEEDS_MARK + "# padding\n" * 2000, encoding="utf-8")
    original = big.read_bytes()
    assert len(original) > 20_000
    before = snapshot(tree)

    result = run_cli(["migrate", "tests"], tree, preexec=_file_size_limit(8192))

    assert result.returncode == 2, result.stderr
    no_traceback(result.stderr)
    assert "tests/test_big.py: cannot write file: File too large" in result.stderr
    assert "the original is unchanged" in result.stderr
    assert big.read_bytes() == original
    assert changed(before, snapshot(tree)) == {"tests/test_needs_mark.py"}  # no temp file left


def _mount_tmpfs(directory: Path, size: str) -> bool:
    if os.geteuid() != 0 or not sys.platform.startswith("linux"):
        return False
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(directory)],
        capture_output=True,
    )
    return mount.returncode == 0


def test_a_full_disk_leaves_the_original(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount_tmpfs(disk, "64k"):
        pytest.skip("cannot mount a tmpfs here (needs root and the mount capability)")
    try:
        big = disk / "test_big.py"
        big.write_text(NEEDS_MARK + "# padding\n" * 3000, encoding="utf-8")  # 30 kB of 64 kB
        original = big.read_bytes()
        (disk / "filler").write_bytes(b"x" * 30_000)
        before = snapshot(disk)

        result = run_cli(["migrate", str(disk)], tmp_path)

        assert result.returncode == 2, result.stderr
        no_traceback(result.stderr)
        assert "cannot write file: No space left on device" in result.stderr
        assert big.read_bytes() == original
        assert snapshot(disk) == before
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_an_edit_made_while_migrating_is_kept(tree, capsys, monkeypatch):
    from asyncproof.migrate import transform

    target = tree / "tests" / "test_needs_mark.py"
    edited = NEEDS_MARK + "# the user's edit\n"
    real = transform.migrate_source

    def edit_then_migrate(source: str, **kwargs: object):
        if "async def test_a" in source:
            target.write_text(edited, encoding="utf-8")  # between the read and the replace
        return real(source, **kwargs)

    monkeypatch.setattr(transform, "migrate_source", edit_then_migrate)
    before = snapshot(tree)

    assert main(["migrate", "tests"]) == 2

    err = capsys.readouterr().err
    assert "tests/test_needs_mark.py: not rewritten: it changed on disk since it was read" in err
    assert target.read_text(encoding="utf-8") == edited
    assert changed(before, snapshot(tree)) == {"tests/test_needs_mark.py"}


def test_a_read_only_file_is_not_rewritten(tree, capsys):
    target = tree / "tests" / "test_needs_mark.py"
    target.chmod(0o444)
    before = snapshot(tree)
    assert main(["migrate", "tests"]) == 2
    assert "tests/test_needs_mark.py: read-only file: not rewritten" in capsys.readouterr().err
    assert snapshot(tree) == before


def test_a_rewrite_keeps_the_mode_and_owner(tree, capsys):
    target = tree / "tests" / "test_needs_mark.py"
    target.chmod(0o750)
    owner = (65534, 65534) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        os.chown(target, *owner)
    assert main(["migrate", "tests"]) == 0
    status = target.stat()
    assert stat.S_IMODE(status.st_mode) == 0o750
    assert (status.st_uid, status.st_gid) == owner
    assert target.read_text(encoding="utf-8") == MARKED


# --- links, FIFOs, unreadable files ----------------------------------------------------------


def test_links_out_of_the_tree_are_not_written_through(tree, capsys):
    outside = tree / "elsewhere"
    outside.mkdir()
    (outside / "real.py").write_text(NEEDS_MARK, encoding="utf-8")
    (tree / "tests" / "test_link_out.py").symlink_to(outside / "real.py")
    (tree / "tests" / "real_inside.py").write_text(NEEDS_MARK, encoding="utf-8")
    (tree / "tests" / "test_link_in.py").symlink_to("real_inside.py")
    before = snapshot(tree)

    assert main(["migrate", "tests"]) == 0

    err = capsys.readouterr().err
    assert "tests/test_link_out.py: skipped: it leads to" in err
    assert "outside the given paths" in err
    # The link inside the tree is written through: its target changes, the link stays a link.
    assert changed(before, snapshot(tree)) == {
        "tests/test_needs_mark.py",
        "tests/real_inside.py",
    }
    assert (tree / "tests" / "test_link_in.py").is_symlink()


def test_a_fixture_module_outside_the_given_paths_is_read_not_rewritten(tree, capsys):
    unit = tree / "tests" / "unit"
    unit.mkdir()
    (tree / "tests" / "fixtures.py").write_text(NEEDS_MARK, encoding="utf-8")
    (unit / "conftest.py").write_text('pytest_plugins = ["tests.fixtures"]\n', encoding="utf-8")
    (unit / "test_unit.py").write_text(NEEDS_MARK, encoding="utf-8")
    before = snapshot(tree)

    assert main(["check", "--select", "APF002", "tests/unit"]) == 1
    assert "tests/fixtures.py:4:1: APF002" in capsys.readouterr().out  # read: its findings
    assert main(["migrate", "tests/unit"]) == 0
    assert "outside the given paths" in capsys.readouterr().err
    assert changed(before, snapshot(tree)) == {"tests/unit/test_unit.py"}


def test_symlink_loops_are_skipped_or_reported(tree):
    (tree / "tests" / "test_loop.py").symlink_to("test_loop.py")
    (tree / "tests" / "loop_dir").symlink_to(".")  # a directory link: never followed
    before = snapshot(tree)

    walked = run_cli(["migrate", "tests"], tree)
    assert walked.returncode == 0, walked.stderr
    assert "tests/test_loop.py: skipped: symbolic link loop" in walked.stderr
    no_traceback(walked.stderr)

    named = run_cli(["check", "tests/test_loop.py"], tree)
    assert named.returncode == 2
    assert "tests/test_loop.py:1:1: APF000 skipped: symbolic link loop" in named.stdout
    no_traceback(named.stderr)
    assert changed(before, snapshot(tree)) == {"tests/test_needs_mark.py"}


def test_a_fifo_is_never_opened(tree):
    os.mkfifo(tree / "tests" / "test_fifo.py")
    os.mkfifo(tree / "tests" / "conftest.py")
    before = snapshot(tree)

    check = run_cli(["check", "tests"], tree)  # a read would block until the 60 s timeout
    assert check.returncode == 1, check.stderr
    assert "tests/test_fifo.py: skipped: a FIFO, not a regular file" in check.stderr
    assert "test_needs_mark.py:4:1: APF002" in check.stdout

    migrate = run_cli(["migrate", "tests"], tree)
    assert migrate.returncode == 0, migrate.stderr
    assert "tests/conftest.py: skipped: a FIFO, not a regular file" in migrate.stderr
    no_traceback(check.stderr + migrate.stderr)
    assert changed(before, snapshot(tree)) == {"tests/test_needs_mark.py"}


BAD_FILES: dict[str, Callable[[Path], None]] = {
    "binary": lambda path: path.write_bytes(b"\x7fELF\x00\x01\x02"),
    "not UTF-8, no declaration": lambda path: path.write_bytes(b"NAME = '\xe9t\xe9'\n"),
    "unknown declared encoding": lambda path: path.write_bytes(b"# coding: klingon\nx = 1\n"),
    "broken link": lambda path: path.symlink_to("missing.py"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_one_bad_file_is_one_line_and_the_run_goes_on(tree, capsys, kind):
    # Named to sort first: every file after it is still processed.
    BAD_FILES[kind](tree / "tests" / "test_0_bad.py")
    before = snapshot(tree)

    assert main(["check", "tests"]) == 2
    out = capsys.readouterr().out
    bad = [line for line in out.splitlines() if "test_0_bad.py" in line]
    assert len(bad) == 1
    assert bad[0].startswith("tests/test_0_bad.py:1:1: APF000 cannot read file: ")
    assert "tests/test_needs_mark.py:4:1: APF002" in out

    assert main(["migrate", "tests"]) == 2
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if "test_0_bad.py" in line]) == 1
    assert "migrated tests/test_needs_mark.py" in err
    assert changed(before, snapshot(tree)) == {"tests/test_needs_mark.py"}


def test_a_directory_named_like_a_test_module_is_walked_not_read(tree, capsys):
    (tree / "tests" / "test_dir.py").mkdir()
    (tree / "tests" / "test_dir.py" / "test_inner.py").write_text(NEEDS_MARK, encoding="utf-8")
    assert main(["migrate", "tests"]) == 0
    assert (tree / "tests" / "test_dir.py" / "test_inner.py").read_text() == MARKED


def run_as_nobody(args: list[str], cwd: Path) -> tuple[int, str]:
    """`main(args)` in a forked child that dropped root for user `nobody`; (exit code, output).

    A fork, not a new interpreter: `nobody` cannot read this venv. Everything the command
    imports is imported (and libcst's parser warmed up) before the fork, for the same reason.
    """
    import asyncproof.migrate.runner
    from asyncproof.migrate.transform import migrate_source

    migrate_source(NEEDS_MARK)
    assert asyncproof.migrate.runner
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            os.close(read_end)
            os.chdir(cwd)
            os.setgid(65534)
            os.setuid(65534)
            sink = os.fdopen(write_end, "w")
            sys.stdout = sys.stderr = sink
            code = main(args)
            sink.flush()
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as source:
        output = source.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output


@pytest.fixture
def shared_tree() -> Iterator[Path]:
    """A tree user `nobody` can enter (pytest's tmp_path is private to root)."""
    if os.geteuid() != 0 or not hasattr(os, "setuid"):
        pytest.skip("dropping privileges needs root")
    root = Path(tempfile.mkdtemp(prefix="asyncproof-hostile-"))
    root.chmod(0o777)
    (root / "tests").mkdir(mode=0o777)
    (root / "tests").chmod(0o777)
    try:
        yield root
    finally:
        subprocess.run(["rm", "-rf", str(root)], check=False)


def _shared_file(path: Path, text: str, mode: int) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def test_unreadable_files_as_another_user(shared_tree):
    tests = shared_tree / "tests"
    _shared_file(tests / "test_0_secret.py", NEEDS_MARK, 0o000)
    _shared_file(tests / "test_needs_mark.py", NEEDS_MARK, 0o666)
    before = snapshot(shared_tree)

    code, check = run_as_nobody(["check", "tests"], shared_tree)
    assert code == 2, check
    assert "tests/test_0_secret.py:1:1: APF000 cannot read file: Permission denied" in check
    assert "tests/test_needs_mark.py:4:1: APF002" in check

    code, migrate = run_as_nobody(["migrate", "tests"], shared_tree)
    assert code == 2, migrate
    assert "tests/test_0_secret.py:1: APF000 cannot read file: Permission denied" in migrate
    assert "migrated tests/test_needs_mark.py" in migrate
    no_traceback(check + migrate)
    assert changed(before, snapshot(shared_tree)) == {"tests/test_needs_mark.py"}


@pytest.mark.parametrize("name", ["pyproject.toml", "tests/conftest.py"])
def test_unreadable_configuration_as_another_user(shared_tree, name):
    _shared_file(shared_tree / name, "", 0o000)
    _shared_file(shared_tree / "tests" / "test_needs_mark.py", NEEDS_MARK, 0o666)
    before = snapshot(shared_tree)
    for command in ("check", "migrate"):
        code, output = run_as_nobody([command, "tests"], shared_tree)
        assert code == 2, output
        assert name in output
        assert "Permission denied" in output
        no_traceback(output)
    assert snapshot(shared_tree) == before


# --- deep nesting ------------------------------------------------------------------------------


def test_a_100000_term_expression_is_one_line_for_check(tree, capsys):
    (tree / "tests" / "test_0_long.py").write_text(
        "x = " + " + ".join(["1"] * 100_000) + "\n", encoding="utf-8"
    )
    assert main(["check", "tests"]) == 1
    out = capsys.readouterr().out
    assert "tests/test_0_long.py:1:1: APF000 cannot check: nested too deeply" in out
    assert "tests/test_needs_mark.py:4:1: APF002" in out


def test_a_list_nested_150_deep_is_one_line_for_migrate(tree, capsys):
    deep = tree / "tests" / "test_0_deep.py"
    deep.write_text(NEEDS_MARK + "X = " + "[" * 150 + "]" * 150 + "\n", encoding="utf-8")
    before = snapshot(tree)
    assert main(["migrate", "tests"]) == 1
    err = capsys.readouterr().err
    assert "tests/test_0_deep.py:1: APF000 cannot migrate:" in err
    assert "migrated tests/test_needs_mark.py" in err
    assert changed(before, snapshot(tree)) == {"tests/test_needs_mark.py"}


# --- configuration, usage, exit codes ----------------------------------------------------------


MALFORMED = {
    "tool is a number": ("pyproject.toml", b"tool = 5\n", "`tool` must be a table"),
    "asyncproof is a number": (
        "pyproject.toml",
        b"[tool]\nasyncproof = 5\n",
        "[tool.asyncproof] must be a table",
    ),
    "ini_options is a string": (
        "pyproject.toml",
        b'[tool.pytest]\nini_options = "x"\n',
        "[tool.pytest.ini_options] must be a table",
    ),
    "not UTF-8": ("pyproject.toml", b"[tool.pytest.ini_options]\n# \xff\xfe\n", "not valid UTF-8"),
    "invalid TOML": ("pyproject.toml", b"[tool.pytest\n", "invalid TOML"),
    "broken pytest.ini": ("tests/pytest.ini", b"[pytest\n", "invalid ini file"),
    "binary conftest": ("tests/conftest.py", b"\x00\x01", "binary"),
}


@pytest.mark.parametrize("case", MALFORMED)
@pytest.mark.parametrize("command", ["check", "migrate"])
def test_malformed_configuration_is_one_line_naming_the_file(tree, capsys, case, command):
    name, content, reason = MALFORMED[case]
    (tree / name).write_bytes(content)
    before = snapshot(tree)

    assert main([command, "tests"]) == 2

    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if reason in line]
    assert len(lines) == 1, captured
    assert name in lines[0]
    no_traceback(captured.out + captured.err)
    assert snapshot(tree) == before


@pytest.mark.parametrize("selection", [",", " , ,"])
def test_select_nothing_is_a_usage_error(tree, capsys, selection):
    assert main(["check", "--select", selection, "tests"]) == 2
    assert "--select names no rule" in capsys.readouterr().err


def test_migrate_check_exit_codes(tree, capsys):
    before = snapshot(tree)
    assert main(["migrate", "--check", "tests"]) == 1
    assert "would migrate tests/test_needs_mark.py" in capsys.readouterr().err
    assert snapshot(tree) == before
    assert main(["migrate", "tests"]) == 0
    assert main(["migrate", "--check", "tests"]) == 0
    assert main(["migrate", "--diff", "--check", "tests"]) == 2  # one or the other


def test_a_manual_step_left_fails_diff_and_check(tree, capsys):
    (tree / "tests" / "test_needs_mark.py").write_text(
        "async def test_a(mocker):\n"
        "    with open(__file__), mocker.patch('os.getcwd'):\n"
        "        pass\n",
        encoding="utf-8",
    )
    assert main(["migrate", "--check", "tests"]) == 1
    assert "left in place" in capsys.readouterr().err
    assert main(["migrate", "tests"]) == 0  # what can be done is done; the note stays
    assert main(["migrate", "--check", "tests"]) == 1
    assert main(["migrate", "--diff", "tests"]) == 1
    assert capsys.readouterr().out == ""  # nothing more to write, a manual step left


def test_an_unexpected_error_is_one_line_and_exit_2(tree, capsys, monkeypatch):
    from asyncproof.checker import engine

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(engine, "check_source", broken)
    assert main(["check", "tests"]) == 2
    assert capsys.readouterr().err == "asyncproof: internal error: KeyError: 'surprise'\n"


# --- walking -------------------------------------------------------------------------------------


def test_every_py_file_is_checked_test_only_rules_on_test_modules(tree, capsys):
    fixtures = tree / "tests" / "fixtures"
    fixtures.mkdir()
    helper = "import time\n\n\nasync def test_like_helper():\n    time.sleep(1)\n"
    (fixtures / "helpers.py").write_text(helper, encoding="utf-8")
    (fixtures / "loops.py").write_text(helper, encoding="utf-8")
    (tree / "tests" / "conftest.py").write_text(
        'pytest_plugins = ["tests.fixtures.loops"]\n', encoding="utf-8"
    )
    assert main(["check", "--select", "APF002,APF008", "tests"]) == 1
    found = [line.split(" ")[0:2] for line in capsys.readouterr().out.splitlines()[:-1]]
    assert found == [
        ["tests/fixtures/helpers.py:5:5:", "APF008"],  # not a test module: no APF002
        ["tests/fixtures/loops.py:4:1:", "APF002"],  # named in pytest_plugins: a test module
        ["tests/fixtures/loops.py:5:5:", "APF008"],
        ["tests/test_needs_mark.py:4:1:", "APF002"],
    ]


# --- generated modules ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


def _generated_modules() -> st.SearchStrategy[str]:
    import hypothesmith

    return st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node())


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    # Deferred: importing hypothesmith and building its grammar's parser take ~2 s, which every
    # pytest-xdist worker would pay when it collects this module, not only the one that runs it.
    source=st.deferred(_generated_modules),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_generated_modules_never_crash_check_or_migrate(scratch, source, newline):
    source = source.replace("\r\n", "\n").replace("\n", newline)
    checked = check_source(source, "generated.py")
    assert all(d.line >= 1 for d in checked)

    module = scratch / "test_generated.py"
    module.write_text(source, encoding="utf-8", newline="")
    code = run([str(module)])  # the runner itself, without the CLI's last guard
    assert code in (0, 1) or (code == 2 and "\0" in source)  # null bytes: a binary file
    after = module.read_bytes().decode("utf-8", errors="replace")
    if after != source:
        ast.parse(after)  # a rewrite always leaves a module that parses

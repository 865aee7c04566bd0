"""`asyncproof migrate PATH... [--diff | --check]`: files in, rewritten files (or a diff) out.

It rewrites other people's files, so it never loses a byte: files are read and written as
Python reads them (encoding, BOM and line endings kept, `asyncproof._sourcefile`), a rewrite
replaces the file atomically and only if nobody changed it meanwhile, a file that cannot be
read, parsed or written is reported on one line and the run goes on, and links that lead out
of the given paths are never written through.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from asyncproof.checker.files import Found
from asyncproof.migrate._diff import unified_diff

if TYPE_CHECKING:
    from asyncproof._sourcefile import SourceFile

__all__ = ["run"]


def _label(side: str, path: Path) -> str:
    # git-style a/ and b/ prefixes, for relative paths only
    return path.as_posix() if path.is_absolute() else f"{side}/{path.as_posix()}"


@dataclass
class _Outcome:
    """What the run found, for the exit code."""

    errors: int = 0  # could not read, write or configure: exit 2
    pending: int = 0  # a change or a manual step left: exit 1
    reported: set[str] = field(default_factory=set)  # a bad config file is named once

    @property
    def status(self) -> int:
        return 2 if self.errors else 1 if self.pending else 0


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def _migrate_text(source: SourceFile, found: Found) -> tuple[str, list]:
    """The migrated text and the notes (see `migrate_source`).

    Line ends are kept as they are, a file's last one included.
    """
    from asyncproof.checker.config import settings_for
    from asyncproof.migrate.transform import migrate_source

    settings = settings_for(found.path)
    if not found.test_module:
        settings = replace(settings, test_module=False)
    text = source.text
    # libcst drops a lone CR that ends a file (old Mac line ends): give it an LF to keep.
    cr_end = text.endswith("\r")
    if cr_end:
        text = text[:-1] + "\n"
    # libcst builds a node per token and none of them form cycles: the cyclic collector would
    # only rescan them, again and again as they pile up (what made a 5 MB module take minutes).
    enabled = gc.isenabled()
    gc.disable()
    try:
        migrated, notes = migrate_source(text, settings=settings, path=Path(found.path))
    finally:
        if enabled:
            gc.enable()
    if cr_end and migrated.endswith("\n"):
        migrated = migrated[:-1] + "\r"
    return migrated, notes


def _one(found: Found, outcome: _Outcome, *, diff: bool, check: bool) -> None:
    """Migrate one file; report every problem on one line naming it."""
    from asyncproof._sourcefile import ChangedOnDisk, NotRegularFile, SourceError, read_source
    from asyncproof.checker._toml import ConfigError
    from asyncproof.checker.engine import shown_path
    from asyncproof.checker.registry import SYNTAX_ERROR

    name = found.path
    try:
        source = read_source(name)
    except NotRegularFile as exc:
        _say(f"{name}: {exc}")
        return
    except SourceError as exc:
        line = f"{name}:1: {SYNTAX_ERROR.code} {exc}"
        outcome.reported.add(line)  # a conftest read as configuration too: named once
        _say(line)
        outcome.errors += 1
        return
    try:
        migrated, notes = _migrate_text(source, found)
    except ConfigError as exc:
        line = f"{shown_path(exc.path or name)}:1: {SYNTAX_ERROR.code} {exc.reason}"
        if line not in outcome.reported:
            outcome.reported.add(line)
            _say(line)
        outcome.errors += 1
        return
    except SyntaxError as exc:
        _say(f"{name}:{exc.lineno or 1}: {SYNTAX_ERROR.code} syntax error: {exc.msg}")
        outcome.pending += 1
        return
    except RecursionError:
        _say(
            f"{name}:1: {SYNTAX_ERROR.code} cannot migrate: nested too deeply for the parser"
            " (its recursion limit); not rewritten"
        )
        outcome.pending += 1
        return
    except Exception as exc:  # libcst's own parser errors, or a construct it cannot handle
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        _say(
            f"{name}:1: {SYNTAX_ERROR.code} cannot migrate: "
            f"{type(exc).__name__}: {reason}; not rewritten"
        )
        outcome.pending += 1
        return
    for note in notes:
        _say(f"{name}:{note.line}: {note.code} {note.message}")
    if diff or check:
        outcome.pending += len(notes)
    if migrated == source.text:
        return
    if diff:
        path = Path(name)
        sys.stdout.write(unified_diff(source.text, migrated, _label("a", path), _label("b", path)))
        outcome.pending += 1
        return
    if check:
        _say(f"would migrate {name}")
        outcome.pending += 1
        return
    if not source.mode & stat.S_IWUSR:
        _say(f"{name}: read-only file: not rewritten")
        outcome.errors += 1
        return
    try:
        source.replace(migrated)
    except ChangedOnDisk as exc:
        _say(f"{name}: {exc}")
        outcome.errors += 1
    except SourceError as exc:
        _say(f"{name}: {exc}")
        outcome.errors += 1
    except OSError as exc:
        _say(f"{name}: cannot write file: {exc.strerror or exc}; the original is unchanged")
        outcome.errors += 1
    else:
        _say(f"migrated {name}")


def run(paths: Sequence[str], *, diff: bool = False, check: bool = False) -> int:
    """Migrate `paths` in place, print a unified diff (`diff`) or only list (`check`).

    Returns:
        0 when done (or nothing to change); 1 when, with `diff` or `check`, a file would
        change or a note names a manual step, or when a file cannot be parsed; 2 on a usage,
        configuration or I/O error (missing path, unreadable file, failed write, libcst not
        installed). Problems are reported one line each and the run goes on.
    """
    try:
        import libcst  # noqa: F401  (only to give a clear message when the extra is missing)
    except ModuleNotFoundError:
        _say("asyncproof: error: migrate needs libcst: pip install 'asyncproof[migrate]'")
        return 2
    from asyncproof.checker._toml import ConfigError
    from asyncproof.checker.config import find_config
    from asyncproof.checker.files import walk

    try:
        config = find_config(Path(paths[0]))
        found = walk(paths, exclude=config.exclude, root=config.path and config.path.parent)
    except ConfigError as exc:
        _say(f"asyncproof: error: {exc}")
        return 2
    except FileNotFoundError as exc:
        _say(f"asyncproof: error: no such file or directory: {exc}")
        return 2
    outcome = _Outcome()
    for path, reason in found.skipped:
        _say(f"{path}: {reason}")
    for path, reason in found.errors:
        _say(f"{path}: {reason}")
        outcome.errors += 1
    # One run per file, however many links lead to it; a test module when any name is one.
    targets: dict[str, Found] = {}
    for file in found.files:
        target = os.path.realpath(file.path)
        if file.outside:
            _say(
                f"{file.path}: skipped: it leads to {target}, outside the given paths"
                " (name that file to migrate it)"
            )
            continue
        first = targets.get(target)
        if first is None or (file.test_module and not first.test_module):
            targets[target] = file
    for file in targets.values():
        _one(file, outcome, diff=diff, check=check)
    return outcome.status

"""The `asyncproof` command: `check` test code, `migrate` it, list the `rules`.

Exit codes: 0 clean; 1 problems found (or, with `migrate --diff`/`--check`, changes or manual
steps pending); 2 usage, configuration or I/O error (bad path, unknown rule code, bad format,
invalid configuration, a file that cannot be read or written). Never a bare traceback: an
unexpected error is one line and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _codes(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _parser() -> argparse.ArgumentParser:
    from asyncproof.checker.report import FORMATS

    parser = argparse.ArgumentParser(
        prog="asyncproof", description="Check and migrate asyncio tests (pytest-asyncio 1.x)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="report problems in test code")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--format", choices=FORMATS, default="text", help="output format")
    check.add_argument("--select", type=_codes, help="comma-separated rule codes or prefixes")
    check.add_argument("--ignore", type=_codes, default=(), help="rule codes or prefixes to skip")
    check.add_argument("--jobs", type=int, default=None, help="worker processes (default: CPUs)")

    migrate = commands.add_parser("migrate", help="rewrite what can be rewritten safely")
    migrate.add_argument("paths", nargs="+", metavar="PATH")
    only = migrate.add_mutually_exclusive_group()
    only.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    only.add_argument(
        "--check", action="store_true", help="list the files that would change, write nothing"
    )

    commands.add_parser("rules", help="list the rules")
    return parser


def _usage_error(message: str) -> int:
    print(f"asyncproof: error: {message}", file=sys.stderr)
    return 2


def _keep_heap() -> None:
    """Let glibc keep some freed heap instead of handing it back after every file.

    Each parsed module is freed before the next one is parsed; by default glibc trims the heap
    top each time and the next file faults the same pages in again, which costs as much as a
    tenth of a run. A 16 MiB pad on the heap top keeps them. Harmless where it does not apply.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):
        return
    m_top_pad = -2  # <malloc.h>
    mallopt(m_top_pad, 16 * 1024 * 1024)


def _check(args: argparse.Namespace) -> int:
    from asyncproof.checker import ConfigError, check_files, find_config, render
    from asyncproof.checker.diagnostic import Diagnostic
    from asyncproof.checker.files import walk
    from asyncproof.checker.registry import SYNTAX_ERROR

    if args.select is not None and not args.select:
        return _usage_error("--select names no rule (give codes or prefixes, or ALL)")
    try:
        config = find_config(Path(args.paths[0]))
        codes = config.codes(args.select, args.ignore)
    except ConfigError as exc:
        return _usage_error(str(exc))
    try:
        found = walk(args.paths, exclude=config.exclude, root=config.path and config.path.parent)
    except FileNotFoundError as exc:
        return _usage_error(f"no such file or directory: {exc}")
    for path, reason in found.skipped:  # on purpose (FIFOs, link loops): a note, not an error
        print(f"{path}: {reason}", file=sys.stderr)
    _keep_heap()
    diagnostics = [
        Diagnostic(path, 1, 1, SYNTAX_ERROR.code, reason, error=True)
        for path, reason in found.errors
    ]
    diagnostics += check_files(
        [f.path for f in found.files],
        codes=codes,
        external_clients=config.clients,
        jobs=args.jobs,
        test_modules={f.path for f in found.files if f.test_module},
    )
    diagnostics = sorted(set(diagnostics))
    output = render(diagnostics, args.format)
    if output:
        print(output)
    if any(d.error for d in diagnostics):
        return 2
    return 1 if diagnostics else 0


def _rules() -> int:
    from asyncproof.checker import RULES

    for rule in RULES:
        print(f"{rule.code}  {rule.name:<32} {rule.summary}" + (" (opt-in)" if rule.opt_in else ""))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Args:
        argv: Arguments without the program name; `sys.argv[1:]` when None.
    """
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors by exiting with 2
        return int(exc.code or 0)
    try:
        return _run(args, argv)
    except Exception as exc:  # the last guard: every known failure is reported where it occurs
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        print(f"asyncproof: internal error: {type(exc).__name__}: {message}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, argv: Sequence[str] | None) -> int:
    if args.command == "check":
        code = _check(args)
        if argv is None:
            # Run as a program: the process ends next. Frozen objects spare the interpreter's
            # final collection a scan of everything loaded (a sizeable share of a quick run).
            import gc

            gc.freeze()
        return code
    if args.command == "migrate":
        try:
            from asyncproof.migrate.runner import run
        except ModuleNotFoundError as exc:
            if exc.name != "libcst":
                raise
            # libcst is an extra: the checker, which most users run, does without it.
            print(
                'asyncproof migrate needs libcst: pip install "asyncproof[migrate]"',
                file=sys.stderr,
            )
            return 2
        return run(args.paths, diff=args.diff, check=args.check)
    return _rules()

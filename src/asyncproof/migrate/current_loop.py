"""Find sync tests that only passed because pytest-asyncio 0.x left an event loop current.

pytest-asyncio 0.x set a fresh loop as the current one after each test, so a *sync* test that
calls project code doing `asyncio.get_event_loop()` outside a coroutine (a client whose
`__init__` grabs "the" loop) found one. 1.x leaves no loop current between tests: the same
test fails with "There is no current event loop" once an async test has run before it.

Nothing in such a test names a loop, so the analysis follows the names it calls into the
project's own modules (found on disk next to the tests, at the project root or under `src/`;
never imported, never outside the project), two levels deep, each module parsed once:

* a test whose calls only need a loop to *exist* becomes `async def` with the asyncio mark;
  inside it, the running loop is the current one (what grpclib's maintainers did);
* a test whose calls also *drive* a loop (`run_until_complete`, `asyncio.run`), which no
  running loop allows, and a sync fixture, a `unittest` method or a test under an unknown
  decorator, get a note naming the call and the step.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asyncproof._sourcefile import SourceError, read_source
from asyncproof.checker.ast_helpers import (
    Function,
    dotted,
    is_fixture,
    is_test_function,
    parameters,
)
from asyncproof.checker.module import ModuleInfo, Settings
from asyncproof.migrate.loop_requests import LoopRequest, has_asyncio_mark, own_nodes

__all__ = ["plan_current_loop_tests"]

_GET_LOOP = frozenset({"asyncio.get_event_loop", "asyncio.events.get_event_loop"})
_RUN = frozenset({"asyncio.run", "asyncio.runners.run"})
_DRIVE_METHODS = frozenset({"run_until_complete", "run_forever"})
_CONSTRUCTORS = ("__init__", "__new__", "__post_init__", "__attrs_post_init__")
_PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
_DEPTH = 2  # the test's callees, and theirs
_MAX_BYTES = 1_000_000  # a module larger than this is not followed (generated code)
# Decorators known to keep an `async def` test a coroutine function pytest-asyncio can run.
_ASYNC_SAFE_DECORATORS = ("pytest.mark.", "unittest.mock.patch", "mock.patch")


@dataclass(frozen=True)
class _Use:
    """A call that needs a current loop, or drives one: where it is and what led there."""

    path: Path
    line: int
    via: str  # the name the test called


@dataclass
class _Found:
    needs: _Use | None = None
    drives: _Use | None = None


@lru_cache(maxsize=256)
def _project_of(folder: Path) -> _Project:
    """The project a test folder belongs to: the nearest folder up with a pyproject.toml,
    setup.py or setup.cfg (the test folder itself when there is none)."""
    root = folder
    for base in (folder, *folder.parents):
        if any(_regular_file(base / name) for name in _PROJECT_FILES):
            root = base
            break
    return _Project(root, tuple(dict.fromkeys((folder, root, root / "src"))))


def _regular_file(path: Path) -> Path | None:
    """`path` resolved, if it is a regular file (a FIFO would block, a device never end); None
    also when it cannot be looked at (no permission, a symbolic link loop)."""
    try:
        return path.resolve() if path.is_file() else None
    except (OSError, RuntimeError, ValueError):
        return None


@dataclass(frozen=True)
class _Project:
    """Where the project's own modules are looked up."""

    root: Path
    search: tuple[Path, ...]

    @classmethod
    def of(cls, test_file: Path) -> _Project:
        return _project_of((_regular_file(test_file) or test_file.absolute()).parent)

    def module_file(self, parts: tuple[str, ...]) -> Path | None:
        """The project's file for module `parts` (`("pkg", "client")`), if it has one."""
        if parts[0] in sys.stdlib_module_names:
            return None  # a project does not shadow the stdlib: no need to look
        return _module_file(self, parts)


@lru_cache(maxsize=4096)
def _module_file(project: _Project, parts: tuple[str, ...]) -> Path | None:
    # Cached: every call of every test asks, mostly for the same few names.
    for base in project.search:
        target = base.joinpath(*parts)
        for candidate in (target.with_suffix(".py"), target / "__init__.py"):
            found = _regular_file(candidate)
            if found is not None and found.is_relative_to(project.root):
                return found
    return None


def _parse(path: Path) -> ModuleInfo | None:
    """The module at `path`, parsed once per version; None when it cannot be read or parsed."""
    try:
        if _regular_file(path) is None:
            return None
        stat = path.stat()
    except OSError:
        return None
    if stat.st_size > _MAX_BYTES:
        return None
    return _parse_version(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _parse_version(path: Path, mtime_ns: int, size: int) -> ModuleInfo | None:
    try:
        source = read_source(str(path)).text
        tree = ast.parse(source)
    except (SourceError, SyntaxError, ValueError, RecursionError):
        return None
    return ModuleInfo.build(str(path), tree, Settings(test_module=False), source)


def _top_level(info: ModuleInfo, name: str) -> ast.AST | None:
    for stmt in info.tree.body:
        if type(stmt) in (ast.FunctionDef, ast.ClassDef) and stmt.name == name:  # type: ignore[attr-defined]
            return stmt
    return None


def _relative_import(info: ModuleInfo, name: str) -> tuple[Path, str] | None:
    """(module file, attribute) for `from .mod import name` in a package module."""
    here = Path(info.path)
    for stmt in info.tree.body:
        if type(stmt) is not ast.ImportFrom or not stmt.level:
            continue
        for alias in stmt.names:
            if (alias.asname or alias.name) != name:
                continue
            base = here.parent
            for _ in range(stmt.level - 1):
                base = base.parent
            target = base.joinpath(*(stmt.module or "").split(".")) if stmt.module else base
            for candidate in (target.with_suffix(".py"), target / "__init__.py"):
                found = _regular_file(candidate)
                if found is not None:
                    return found, alias.name
    return None


class _Resolver:
    """Names called in one module -> the definitions in the project they stand for."""

    def __init__(self, project: _Project) -> None:
        self.project = project

    def definition(
        self, info: ModuleInfo, name: str, hops: int = 3
    ) -> tuple[ModuleInfo, ast.AST] | None:
        """Resolve a called name (a Name or a dotted chain) as seen from module `info`."""
        head, _, rest = name.partition(".")
        if not rest:
            found = _top_level(info, head)
            if found is not None:
                return info, found
            relative = _relative_import(info, head)
            if relative is not None and hops:
                target = _parse(relative[0])
                return self.definition(target, relative[1], hops - 1) if target else None
        qualname = info.aliases.get(head)
        if qualname is None or hops == 0:
            return None
        return self._absolute(f"{qualname}.{rest}" if rest else qualname, hops - 1)

    def _absolute(self, qualname: str, hops: int) -> tuple[ModuleInfo, ast.AST] | None:
        """`pkg.mod.Name` -> the `Name` defined (or re-exported) by the project's `pkg/mod.py`."""
        parts = qualname.split(".")
        if len(parts) < 2:
            return None
        module = self.project.module_file(tuple(parts[:-1]))
        target = _parse(module) if module is not None else None
        if target is None:
            return None
        return self.definition(target, parts[-1], hops)


def _is_get_loop(info: ModuleInfo, call: ast.Call) -> bool:
    """`asyncio.get_event_loop()`, or `asyncio.get_event_loop_policy().get_event_loop()`."""
    if info.qualname(call.func) in _GET_LOOP:
        return True
    func = call.func
    return (
        type(func) is ast.Attribute
        and func.attr == "get_event_loop"
        and type(func.value) is ast.Call
        and info.qualname(func.value.func) == "asyncio.get_event_loop_policy"
    )


def _is_drive(info: ModuleInfo, call: ast.Call) -> bool:
    func = call.func
    return info.qualname(func) in _RUN or (
        type(func) is ast.Attribute and func.attr in _DRIVE_METHODS
    )


def _sync_bodies(node: ast.AST) -> Iterator[Function]:
    """What runs when `node` is called: a sync function, or a class's constructors."""
    if type(node) is ast.FunctionDef:
        yield node
    elif type(node) is ast.ClassDef:
        for stmt in node.body:
            if type(stmt) is ast.FunctionDef and stmt.name in _CONSTRUCTORS:
                yield stmt


def _calls(func: Function) -> Iterator[ast.Call]:
    """Calls in `func`'s own body (a nested function or lambda runs some other time)."""
    for node in own_nodes(func):
        if type(node) is ast.Call:
            yield node


def _method_of(info: ModuleInfo, func: Function, call: ast.Call) -> ast.AST | None:
    """The method a `self.name(...)` call inside a method of a class reaches."""
    name = dotted(call.func) or ""
    head, _, attr = name.partition(".")
    cls = info.classes.get(func)
    if cls is None or head != "self" or not attr or "." in attr:
        return None
    return next(
        (s for s in cls.body if type(s) is ast.FunctionDef and s.name == attr),
        None,
    )


def _search(
    resolver: _Resolver,
    info: ModuleInfo,
    func: Function,
    via: str,
    depth: int,
    found: _Found,
    seen: set[int],
) -> None:
    """Record in `found` the first call under `func` that needs a current loop and the first
    that drives one, following callees `depth` more levels."""
    for call in _calls(func):
        if found.needs is None and _is_get_loop(info, call):
            found.needs = _Use(Path(info.path), call.lineno, via)
        if found.drives is None and _is_drive(info, call):
            found.drives = _Use(Path(info.path), call.lineno, via)
        if depth == 0:
            continue
        method = _method_of(info, func, call)
        if method is not None:
            target: tuple[ModuleInfo, ast.AST] | None = (info, method)
        else:
            name = dotted(call.func)
            target = resolver.definition(info, name) if name else None
        if target is None:
            continue
        module, node = target
        for body in _sync_bodies(node):
            if id(body) in seen:
                continue
            seen.add(id(body))
            name = via or getattr(node, "name", "")
            _search(resolver, module, body, name, depth - 1, found, seen)


def uses_pytest_asyncio(info: ModuleInfo) -> bool:
    """True for a module that ran under pytest-asyncio: marks, its fixtures, or auto mode."""
    source = info.source
    if "pytest_asyncio" in source or "mark.asyncio" in source or "event_loop" in source:
        return True
    return info.settings.asyncio_auto and any(
        type(f) is ast.AsyncFunctionDef for f in info.functions()
    )


def _unsafe_to_convert(info: ModuleInfo, func: Function) -> str | None:
    """Why making this sync test `async def` could change what it does, if anything."""
    cls = info.classes.get(func)
    if cls is not None and cls.bases:
        return "it is a method of a class with bases (unittest runs it, not pytest-asyncio)"
    for name in info.decorators(func):
        if not name.startswith(_ASYNC_SAFE_DECORATORS):
            return f"its decorator `{name}` may not accept an `async def`"
    if any(type(n) in (ast.Yield, ast.YieldFrom, ast.Await) for n in own_nodes(func)):
        return "its body cannot become a coroutine's"
    return None


def _is_loop_fixture(name: str) -> bool:
    return name == "loop" or name.endswith("_loop")


def _where(use: _Use, project: _Project) -> str:
    path = use.path
    if path.is_relative_to(project.root):
        path = path.relative_to(project.root)
    return f"{path.as_posix()}:{use.line}"


def plan_current_loop_tests(
    info: ModuleInfo,
    path: Path,
    skip: set[int],
    note: Callable[[int, str], None],
) -> dict[int, LoopRequest]:
    """Plan each sync test (and note each sync fixture) of a test module that calls, within
    two levels, project code needing a current event loop.

    Args:
        info: The test module.
        path: Its file, to find the project's own modules.
        skip: `def` lines already planned (they request `event_loop`).
        note: Called with (line, message) for each site left for a hand port.
    """
    if not uses_pytest_asyncio(info):
        return {}
    project = _Project.of(path)
    resolver = _Resolver(project)
    planned: dict[int, LoopRequest] = {}
    for func in sorted(info.functions(), key=lambda f: f.lineno):
        if type(func) is not ast.FunctionDef or func.lineno in skip:
            continue
        fixture = is_fixture(info, func)
        if not (fixture or is_test_function(info, func)):
            continue
        if any(_is_loop_fixture(arg.arg) for arg in parameters(func)):
            continue  # it asks for a loop of its own (pytest-aiohttp's `loop`, a project's)
        found = _Found()
        _search(resolver, info, func, "", _DEPTH, found, {id(func)})
        if found.needs is None:
            continue
        what = "fixture" if fixture else "test"
        called = f"`{found.needs.via}`, which" if found.needs.via else "code that"
        needs = (
            f"sync {what} calls {called} needs a current event loop "
            f"(`asyncio.get_event_loop()` at {_where(found.needs, project)}); pytest-asyncio "
            "1.x leaves none current between tests"
        )
        if found.drives is not None:
            note(
                func.lineno,
                f"{needs}, and it drives a loop at {_where(found.drives, project)}, which no "
                "running loop allows: give it a loop of its own (asyncproof's "
                "`standard_event_loop` fixture sets one current), or make it `async def` and "
                "await the coroutine instead",
            )
            continue
        reason = "it is a fixture" if fixture else _unsafe_to_convert(info, func)
        if reason is not None:
            note(
                func.lineno,
                f"{needs}; left as it is because {reason}: make it `async def` "
                f"({'`@pytest_asyncio.fixture`' if fixture else '`@pytest.mark.asyncio`'}) "
                "or give it a loop (asyncproof's `standard_event_loop` fixture)",
            )
            continue
        planned[func.lineno] = LoopRequest(
            func.lineno,
            make_async=True,
            add_mark=not info.settings.asyncio_auto and not has_asyncio_mark(info, func),
        )
    return planned

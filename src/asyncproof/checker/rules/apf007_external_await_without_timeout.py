"""APF007: an await that leaves the process with no deadline around it.

External objects are found statically: names imported from a configured client module
(`httpx`, `asyncpg`, ...), and names bound to what those create (`client =
httpx.AsyncClient()`, `async with aiohttp.ClientSession() as s`, `conn = await
asyncpg.connect()`, a same-module fixture that yields one). Clients built on an in-process
transport (`transport=`, `app=`) are not external.

Not reported, since something else bounds or intercepts the call:

- clients that carry a default timeout (`httpx` clients and functions: 5 s; `aiohttp`
  sessions and `aiohttp.request`: 5 min; `aiobotocore` sessions and clients: 60 s;
  `asyncpg.connect`/`create_pool`: 60 s), unless built with `timeout=None`;
- requests intercepted by a mocking fixture or context (`httpx_mock`, `respx_mock`,
  `aresponses`, `aioresponses`, `httpserver`, `@respx.mock`, `with aioresponses()`,
  `patch("<client module>...")`) in the test, its class or its module;
- awaits inside `pytest.raises` (the failure is the point), under `@pytest.mark.timeout`,
  `@pytest.mark.async_timeout`, or in a suite whose pytest configuration sets a global deadline
  (pytest-timeout's `timeout`, `asyncproof_timeout`);
- awaits in a helper coroutine of the module that only bounded tests call (a method of a
  tornado `@gen_test` case, say).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from asyncproof.checker.ast_helpers import (
    Function,
    dotted,
    is_fixture,
    is_test_function,
    parameters,
)
from asyncproof.checker.diagnostic import Hit, hit
from asyncproof.checker.module import ModuleInfo
from asyncproof.checker.rules._base import rule

__all__ = ["external_await_without_timeout"]

_DEADLINES = frozenset(
    {
        "asyncio.timeout",
        "asyncio.timeout_at",
        "async_timeout.timeout",
        "async_timeout.timeout_at",
        "anyio.fail_after",
        "anyio.move_on_after",
        "trio.fail_after",
        "trio.move_on_after",
    }
)
# What makes a client: a connect function or a class named like one.
_CONNECTOR = re.compile(
    r"(Client|Session|Redis|Cluster|Connection|Pool|Sentinel|Engine)$"
    r"|^(connect|create_pool|from_url|create_connection|create_client|request)$"
)
# Teardown calls are not reported: a deadline on them hides the hang they would reveal anyway.
_TEARDOWN = frozenset({"close", "aclose", "disconnect", "wait_closed", "shutdown"})
_IN_PROCESS_KWARGS = frozenset({"transport", "app"})
# Clients whose every request times out by itself unless built with `timeout=None`, and calls
# that do (the connection they make does not).
# botocore's clients (so aiobotocore's) connect and read with 60 s timeouts by default.
_BOUNDED_CLIENTS = re.compile(r"^(httpx|aiohttp|aiobotocore)(\.|$)")
_BOUNDED_CALLS = re.compile(r"^asyncpg(\.\w+)*\.(connect|create_pool)$")
# Fixtures and contexts under which no request leaves the process.
_MOCK_FIXTURES = frozenset(
    {"httpx_mock", "respx_mock", "aresponses", "aioresponses", "mock_aioresponse", "httpserver"}
)
_MOCK_MODULES = ("respx", "aioresponses", "aresponses", "pytest_httpx", "pytest_httpserver")
_TIMEOUT_MARKS = frozenset(
    {"pytest.mark.timeout", "pytest.mark.async_timeout", "tornado.testing.gen_test"}
)
# Decorators that leave the test's coroutine to the test runner.
_PLAIN_DECORATORS = ("pytest.", "unittest.", "staticmethod", "classmethod", "functools.")


class _Externals:
    def __init__(self, info: ModuleInfo) -> None:
        self.info = info
        self.modules = info.settings.external_clients
        self._exact = frozenset(self.modules)
        self._prefixes = tuple(m + "." for m in self.modules)
        # dotted names bound to an external client, per function (None: module level)
        self.bound: dict[Function | None, set[str]] = {}
        self.func: Function | None = None

    def bind(self, func: Function | None, name: str) -> None:
        self.bound.setdefault(func, set()).add(name)

    def is_bound(self, name: str) -> bool:
        return name in self.bound.get(self.func, ()) or name in self.bound.get(None, ())

    def is_module_name(self, name: str | None) -> bool:
        if not name:
            return False
        return name in self._exact or name.startswith(self._prefixes)

    def creates_client(self, expr: ast.AST | None) -> bool:
        awaited = isinstance(expr, ast.Await)
        if isinstance(expr, ast.Await):
            expr = expr.value
        if type(expr) is not ast.Call:
            return False
        if any(kw.arg in _IN_PROCESS_KWARGS for kw in expr.keywords):
            return False
        name = self.info.qualname(expr.func)
        if name is None or not self.is_module_name(name) or "test_utils" in name:
            return False
        if _BOUNDED_CLIENTS.search(name) and _keeps_timeout(expr):
            return False
        if any(_is_deadline(kw) for kw in expr.keywords):
            return False  # built with a deadline: `MotorClient(uri, socketTimeoutMS=100)`
        if not awaited and _BOUNDED_CALLS.search(name):
            return False  # `coro = asyncpg.connect()`: awaiting it later is bounded too
        # Client modules export policies, parsers, data types: only a connector is a client.
        return _CONNECTOR.search(name.rsplit(".", 1)[-1]) is not None

    def root_is_external(self, expr: ast.AST) -> str | None:
        """Return the external name `expr` is called on, walking `a.b(…).c[…]` down to `a`."""
        node = expr
        innermost_call = None
        while True:
            if type(node) is ast.Call:
                innermost_call = node
                node = node.func
            elif type(node) is ast.Subscript:
                node = node.value
            elif type(node) is ast.Attribute:
                name = dotted(node)
                if name is not None and self.is_bound(name):
                    return name
                node = node.value
            elif type(node) is ast.Name:
                name = node.id
                if self.is_bound(name):
                    return name
                if not self.is_module_name(self.info.aliases.get(name)):
                    return None
                # `await asyncpg.connect()` awaits the module's own coroutine function;
                # `await Policy().run()` only counts when the object built is a client.
                # A submodule (`redis.asyncio.observability.recorder`) may well be local.
                if type(expr) is ast.Call and _BOUNDED_CALLS.search(
                    self.info.qualname(expr.func) or ""
                ):
                    return None
                direct = innermost_call is expr and self.info.aliases.get(name) in self.modules
                if direct and _BOUNDED_CLIENTS.search(self.info.aliases.get(name) or ""):
                    direct = not _keeps_timeout(innermost_call)
                if direct or self.creates_client(innermost_call):
                    return name
                return None
            else:
                return None


def _keeps_timeout(call: ast.Call | None) -> bool:
    """False if `call` turns the client's default timeout off (`timeout=None`)."""
    return call is not None and not any(
        kw.arg == "timeout" and type(kw.value) is ast.Constant and kw.value.value is None
        for kw in call.keywords
    )


def _is_deadline(kw: ast.keyword) -> bool:
    """A `…timeout…=<not None>` keyword: `socket_timeout=5`, `socketTimeoutMS=100`."""
    if kw.arg is None or "timeout" not in kw.arg.lower():
        return False
    return not (type(kw.value) is ast.Constant and kw.value.value in (None, 0))


def _is_mock(info: ModuleInfo, expr: ast.AST) -> bool:
    """A mocking context or decorator: `respx.mock`, `aioresponses()`, `patch("httpx…")`."""
    call = expr if type(expr) is ast.Call else None
    name = info.qualname(call.func if call is not None else expr) or ""
    if name.split(".", 1)[0] in _MOCK_MODULES:
        return True
    if call is None or not (
        name.endswith("patch") or ".patch." in name or dotted(call.func) == "patch"
    ):
        return False
    first = call.args[0] if call.args else None
    target: str | None = None
    if type(first) is ast.Constant and isinstance(first.value, str):
        target = first.value  # patch("httpx.AsyncClient.send")
    else:
        target = info.qualname(first) if first is not None else None  # patch.object(module, …)
    return target is not None and any(
        target == module or target.startswith(module + ".")
        for module in info.settings.external_clients
    )


def _intercepted(info: ModuleInfo, func: Function | None) -> bool:
    """True if `func` runs under a mocking fixture or decorator (its own or its class's)."""
    if func is None:
        return False
    if any(arg.arg in _MOCK_FIXTURES for arg in parameters(func)):
        return True
    cls = info.classes.get(func)
    for scope in (func, cls) if cls is not None else (func,):
        for deco in scope.decorator_list:
            if _is_mock(info, deco):
                return True
    return False


def _collect(info: ModuleInfo, ext: _Externals) -> None:
    for stmt, func in info.of(ast.Assign):
        if ext.creates_client(stmt.value):
            for target in filter(None, map(dotted, stmt.targets)):
                ext.bind(None if "." in target else func, target)
    for with_stmt, func in info.with_statements():
        for item in with_stmt.items:
            if item.optional_vars is not None and ext.creates_client(item.context_expr):
                name = dotted(item.optional_vars)
                if name:
                    ext.bind(func, name)
    # A same-module fixture that returns or yields a client makes its name a client.
    for func in info.functions():
        if not is_fixture(info, func):
            continue
        for node in ast.walk(func):
            if isinstance(node, (ast.Return, ast.Yield)) and node.value is not None:
                value = node.value
                ext.func = func
                if ext.creates_client(value) or ext.is_bound(dotted(value) or ""):
                    ext.bind(None, func.name)
                    break


def _has_deadline(info: ModuleInfo, node: ast.AST, func: Function | None, depth: int = 0) -> bool:
    """True if a deadline bounds `node`, a mock intercepts it, or `pytest.raises` expects it."""
    parent = info.statements.get(node)
    while parent is not None and parent is not func:
        if isinstance(parent, (ast.AsyncWith, ast.With)):
            for item in parent.items:
                expr = item.context_expr
                target = expr.func if type(expr) is ast.Call else expr
                if info.qualname(target) in _DEADLINES or info.qualname(target) == "pytest.raises":
                    return True
                if _is_mock(info, expr):
                    return True
        parent = info.parents.get(parent)
    # pytest-timeout's mark (or asyncproof's, or tornado's gen_test) bounds the whole test.
    for scope in (func, info.classes.get(func) if func is not None else None):
        if scope is not None and not _TIMEOUT_MARKS.isdisjoint(info.decorators(scope)):
            return True
    return (
        _intercepted(info, func)
        or _run_by_decorator(info, func)
        or _only_called_bounded(info, func, depth)
    )


def _only_called_bounded(info: ModuleInfo, func: Function | None, depth: int) -> bool:
    """True for a helper coroutine (not a test) that the module calls, and only from places a
    deadline bounds: `await self._check(rs=True)` in `@gen_test` tests."""
    if type(func) is not ast.AsyncFunctionDef or depth > 2 or is_test_function(info, func):
        return False
    calls = [
        (call, caller)
        for call, caller in info.of(ast.Call)
        if caller is not func
        and (
            (type(call.func) is ast.Name and call.func.id == func.name)
            or (type(call.func) is ast.Attribute and call.func.attr == func.name)
        )
    ]
    return bool(calls) and all(
        _has_deadline(info, call, caller, depth + 1) for call, caller in calls
    )


def _run_by_decorator(info: ModuleInfo, func: Function | None) -> bool:
    """True for a coroutine test that a decorator of the project runs (`@asyncio_test`,
    `@async_adapter`): the runner it hands the coroutine to may well bound it."""
    if type(func) is not ast.AsyncFunctionDef or not is_test_function(info, func):
        return False
    return any(
        name and not name.startswith(_PLAIN_DECORATORS) and "patch" not in name
        for name in info.decorators(func)
    )


def _module_timeout(info: ModuleInfo) -> bool:
    for stmt in info.tree.body:
        if type(stmt) is ast.Assign and any(dotted(t) == "pytestmark" for t in stmt.targets):
            for node in ast.walk(stmt.value):
                if type(node) is ast.Attribute and info.qualname(node) in _TIMEOUT_MARKS:
                    return True
    return False


@rule(
    "APF007",
    "external-await-without-timeout",
    summary="An await on an external client (httpx, asyncpg, redis, ...) without a deadline.",
    message="await on external client `{client}` without a timeout: "
    "wrap it in `run_with_timeout()` or `asyncio.timeout()`",
    test_only=True,
)
def external_await_without_timeout(info: ModuleInfo) -> Iterator[Hit]:
    """Hit awaits on external clients with no deadline around them."""
    ext = _Externals(info)
    if not any(ext.is_module_name(origin) for origin in info.aliases.values()):
        return
    if info.settings.suite_deadline or _module_timeout(info):
        return
    _collect(info, ext)
    for node, func in info.of(ast.Await):
        value = node.value
        if (
            type(value) is ast.Call
            and type(value.func) is ast.Attribute
            and value.func.attr in _TEARDOWN
        ):
            continue
        ext.func = func
        name = ext.root_is_external(value)
        if name is None or _has_deadline(info, node, func):
            continue
        yield hit(node, client=name)

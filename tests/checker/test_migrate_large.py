"""`asyncproof migrate` on large modules: libcst sees only what the plan rewrites.

The rest of the module stands in as one-line placeholders whose text is put back afterwards
(`asyncproof.migrate._splice`). The output must be byte for byte what libcst gives on the
whole module: generated modules mixing every rewrite with the shapes that make placeholders
hard (comments owned by the block above, decorators in parentheses, backslashes, `;`, tabs,
CR and CRLF line ends, no final line end) are migrated both ways and compared.
"""

from __future__ import annotations

import importlib.util
import os
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("libcst")

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from asyncproof.checker.module import Settings
from asyncproof.migrate import _splice, transform
from asyncproof.migrate.plan import make_plan
from asyncproof.migrate.transform import migrate_source
from tests._support.paths import ROOT

BENCH = ROOT / "bench" / "bench_large_module.py"


def _bench_generator():
    """The benchmark's module generator (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_large_module", BENCH)
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.module


bench_module = _bench_generator()


class StockRewriter(transform._Rewriter):
    """The codemod's rewriter on libcst's own dispatch: every node visited and rebuilt."""

    on_visit = cst.CSTTransformer.on_visit
    on_leave = cst.CSTTransformer.on_leave
    on_visit_attribute = cst.CSTTransformer.on_visit_attribute
    on_leave_attribute = cst.CSTTransformer.on_leave_attribute


def whole_module(source: str, **kwargs) -> str:
    """What migrate gives when libcst parses and visits the whole module (no placeholder)."""
    reduce, rewriter, printed_back = (
        transform.reduce_module,
        transform._Rewriter,
        transform._not_printed_back,
    )
    transform.reduce_module = partial(reduce, keep_all=True)
    transform._Rewriter = StockRewriter
    transform._not_printed_back = lambda source, reduced: None  # libcst's print as it is
    try:
        return migrate_source(source, **kwargs)[0]
    finally:
        transform.reduce_module, transform._Rewriter = reduce, rewriter
        transform._not_printed_back = printed_back


# --- generated modules ----------------------------------------------------------------------

HEADERS = [
    "",
    '"""Tests of the thing."""\n',
    "# a comment heading the file\n\n",
    '"""Doc."""\nfrom __future__ import annotations\n',
]
IMPORTS = [
    "import asyncio\n",
    "import pytest\n",
    "import pytest_asyncio\n",
    "import os\n",
    "from unittest import mock\n",
    "import asyncio  # the loop\n",
]
# Pieces of a test module. {n} makes names unique; "    " is the indentation of a body.
PIECES = [
    # async tests strict mode skips: the mark is added
    "async def test_plain_{n}():\n    await asyncio.sleep(0)\n",
    'async def test_doc_{n}():\n    """Doc."""\n    x = 1\n    assert x\n',
    "@pytest.mark.parametrize('v', [1, 2])\nasync def test_param_{n}(v):\n    assert v\n",
    "@(\n    pytest.mark.slow\n)\nasync def test_paren_{n}():\n    pass\n",
    "async def test_tail_{n}():\n    x = 1\n    # a comment the block owns\n",
    "async def test_tail2_{n}():\n    if x:\n        y = 2\n        # deeper\n    # level\n",
    "async def test_semi_{n}(): x = 1; y = 2\n",
    "async def test_tabs_{n}():\n\tx = 1\n\tif x:\n\t\ty = 1\n",
    'async def test_str_{n}():\n    s = """\n# not a comment\n    """\n    assert s\n',
    "async def test_cont_{n}():\n    x = 1 + \\\n        2\n    assert x\n",
    "async def test_nested_{n}():\n    def inner():\n        return 1\n\n    assert inner()\n",
    # already marked: left alone
    "@pytest.mark.asyncio\nasync def test_marked_{n}():\n    assert True\n",
    # with mocker.patch: unwrapped
    'async def test_patch_{n}(mocker):\n    with mocker.patch("os.getcwd") as m:  # c\n'
    "        value = m()\n        assert value\n    assert True\n",
    'async def test_patch2_{n}(mocker):\n    """Doc."""\n    with mocker.patch("os.sep"):\n'
    '        s = """\n  two\n"""\n        # inside\n        t = 1; u = 2\n    done = 1\n',
    'def test_patch_sync_{n}(mocker):\n    with mocker.patch("a.b"), open("f") as f:\n'
    "        f.read()\n",
    # event_loop requests
    "def test_drive_{n}(event_loop):\n    event_loop.run_until_complete(asyncio.sleep(0))\n",
    'async def test_uses_loop_{n}(event_loop):\n    """Doc."""\n    event_loop.call_soon(f)\n',
    "@pytest.fixture\ndef fix_{n}(event_loop):\n    yield event_loop.run_until_complete(make())\n",
    # fixture decorators
    "@pytest.fixture\nasync def afix_{n}():\n    yield 1\n",
    "@pytest.mark.asyncio\n@pytest.fixture\ndef marked_fix_{n}():\n    return 1\n",
    # classes
    "class TestGroup{n}:\n    async def test_a(self):\n        pass\n\n    def helper(self):\n"
    "        return 1\n",
    "class TestOk{n}:\n    x = 1\n\n    def test_b(self):\n        assert self.x\n",
    # code nothing touches
    "x_{n} = [\n    1,\n    2,\n]\n",
    "def helper_{n}():\n    return asyncio.sleep(0)\n",
    "def helper_tail_{n}():\n    return 1\n    # trailing, owned by the block\n",
    "if sys.version_info >= (3, 11):\n    async def test_cond_{n}():\n        pass\n",
    "try:\n    import uvloop\nexcept ImportError:\n    uvloop = None\n",
    # one-line suites
    "try:\n    import uvloop\nexcept ImportError: uvloop = None\nelse: pass\nfinally: pass\n",
    "if x_{n}: pass\nelif y: pass\nelse: z = 1\n",
    "for i in x: pass\nelse: pass\n",
    "while x: break\n",
    "class K{n}: pass\n",
    "match x:\n    case 1: pass\n    case _:\n        async def test_m_{n}():\n            pass\n",
    "async def test_try_{n}(mocker):\n    try:\n        with mocker.patch('a'):\n"
    "            x = 1\n    except E: pass\n",
    "pytestmark = pytest.mark.asyncio\n",
    "y_{n} = 1; z_{n} = 2\n",
    "(a_{n}) = (\n    1\n)\n",
    "w_{n} = 1 \\\n    + 2\n",
    "@decorator\n# between\ndef helper_deco_{n}():\n    pass\n",
    "\x0cdef helper_ff_{n}():\n    pass\n",
    # blocks within blocks
    "async def test_nested_with_{n}(mocker):\n    with mocker.patch('a'):\n"
    "        with mocker.patch('b'):\n            x = 1\n        y = 2\n",
    "async def test_if_with_{n}(mocker):\n    if True:\n        with mocker.patch('a'):\n"
    "            x = 1\n            # c\n    z = 1\n",
    "async def test_def_in_with_{n}(mocker):\n    with mocker.patch('a'):\n"
    "        def inner():\n            return 1\n        x = inner()\n",
    "async def test_async_with_{n}(mocker):\n    async with x:\n        pass\n    y = 1\n",
    "async def test_comment_first_{n}():\n    # first\n\n    x = 1\n",
    "async def test_ws_{n}():\n    x = 1\n    \n    y = 2\n",
    "async def test_args_{n}(\n    a,\n    b,\n):\n    pass\n",
    "class TestNested{n}:\n    class Inner:\n        async def test_c(self):\n            pass\n"
    "        # end of Inner\n    x = 1\n",
    "def test_drive_more_{n}(event_loop):\n    x = 1\n    event_loop.run_until_complete(f(x))\n"
    "    assert x\n",
]
EVENT_LOOP_FIXTURES = [
    "",
    "@pytest.fixture\ndef event_loop():\n    loop = asyncio.new_event_loop()\n    yield loop\n"
    "    loop.close()\n",
    '@pytest.fixture(scope="module")\ndef event_loop():\n    loop = asyncio.new_event_loop()\n'
    "    yield loop\n    loop.close()\n",
]
GAPS = [
    "\n",
    "\n\n",
    "\n\n\n",
    "\n# a comment\n\n",
    "\n    # indented\n\n",
    "\n  \n",
    "\n\t# tab\n",
]


@st.composite
def generated_modules(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(HEADERS))]
    parts += draw(st.lists(st.sampled_from(IMPORTS), max_size=4))
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
    fixture = draw(st.sampled_from(EVENT_LOOP_FIXTURES))
    if fixture:
        pieces.insert(draw(st.integers(0, len(pieces))), fixture)
    for n, piece in enumerate(pieces):
        parts.append(draw(st.sampled_from(GAPS)))
        parts.append(piece.format(n=n))
    source = "".join(parts)
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if ending == "mixed":
        lines = source.split("\n")
        source = "".join(line + ("\n", "\r\n", "\r")[i % 3] for i, line in enumerate(lines))
    else:
        source = source.replace("\n", ending)
    if draw(st.booleans()):
        source = source.rstrip("\r\n")  # no line end at the end of the file
    return source


@settings(
    max_examples=int(os.environ.get("APF_EXAMPLES", 300)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(source=generated_modules(), auto=st.booleans())
def test_placeholders_change_no_byte_of_the_output(source: str, auto: bool) -> None:
    try:
        compile(source, "generated.py", "exec")
    except SyntaxError:
        return  # a combination Python refuses (a tab after spaces): nothing to migrate
    options = {"settings": Settings(asyncio_auto=auto)}
    (spliced, notes), whole = migrate_source(source, **options), whole_module(source, **options)
    if any(note.code == "APF000" for note in notes):
        # A form feed libcst would move or drop: the file is left as it is.
        assert spliced == source
        return
    # libcst drops a form feed that starts a line; one in a placeholder stays.
    assert spliced.replace("\x0c", "") == whole.replace("\x0c", "")
    assert spliced.count("\x0c") >= whole.count("\x0c")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=generated_modules())
def test_the_lines_of_defs_and_withs_are_libcsts_positions(source: str) -> None:
    try:
        compile(source, "generated.py", "exec")
    except SyntaxError:
        return
    source = source.replace("\r\n", "\n").replace("\r", "\n")  # libcst's positions count \n
    plan = make_plan(source, Settings(), None)
    reduced = _splice.reduce_module(source, plan, keep_all=True)
    wrapper = MetadataWrapper(reduced.module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    for node, line in reduced.lines.items():
        assert positions[node].start.line == line


# --- what libcst gets ---------------------------------------------------------------------------


def reduced_code(source: str) -> str:
    plan = make_plan(source, Settings(), None)
    return _splice.reduce_module(source, plan).module.code


def test_libcst_never_sees_the_statements_left_alone():
    one_change = "async def test_needs_mark():\n    pass\n"
    untouched = "".join(
        f"\n\n@pytest.mark.asyncio\nasync def test_{i}():\n    assert {i}\n" for i in range(2000)
    )
    source = "import pytest\n\n" + one_change + untouched
    code = reduced_code(source)
    assert "async def test_needs_mark():" in code
    assert "test_1998" not in code
    assert len(code) < 200  # the other tests are one placeholder line (and the last one)


def test_in_a_rewritten_test_only_the_lines_that_change_reach_libcst():
    source = bench_module(2000)
    code = reduced_code(source)
    assert "async def test_case_0(mocker):" in code
    assert 'with mocker.patch("os.getcwd", return_value="/x0"):' in code
    assert "assert value == 0" not in code  # the body, docstring and other tests are text
    assert '"""Case 0."""' not in code
    assert "test_marked_0" not in code


def test_a_large_module_migrates_as_the_whole_module_path_gives_it_and_once():
    for size in (5_000, 40_000):
        source = bench_module(size)
        migrated = migrate_source(source)[0]
        assert migrated == whole_module(source)
        assert migrate_source(migrated)[0] == migrated


@pytest.mark.parametrize(
    "tail",
    [
        "\n",  # an ordinary end
        "",  # no line end at the end of the file
        "\r",  # an old Mac line end, which libcst drops: dropped as before
        "\n    # owned by the last block\n",
        "\n# a last comment\n",
    ],
)
def test_the_end_of_the_file_is_as_libcst_prints_it(tail: str) -> None:
    source = (
        "import pytest\n\n\nasync def test_a():\n    pass\n\n\n"
        "def helper():\n    return 1\n\n\nasync def test_b():\n    x = 1\n    y = 2"
    ) + tail
    assert migrate_source(source)[0] == whole_module(source)


def test_a_placeholder_reads_the_names_the_codemod_asks_about():
    """Dropping `import asyncio` when no code uses it any more: the use in a statement libcst
    never sees still counts."""
    source = (
        "import asyncio\n\nimport pytest\n\n\n"
        "async def test_a(event_loop):\n    pass\n\n\n"
        "def helper():\n    return asyncio.sleep\n\n\n"
        "def last():\n    pass\n"
    )
    migrated = migrate_source(source)[0]
    assert "import asyncio\n" in migrated
    assert migrated == whole_module(source)
    unused = source.replace("return asyncio.sleep", "return 1")
    assert "import asyncio" not in migrate_source(unused)[0]

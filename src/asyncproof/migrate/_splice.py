"""Give libcst only the statements a plan rewrites; the rest stays text.

libcst builds a Python object per token: parsing, visiting and printing a module costs ten times
what `check` spends on it, and most of a large module is code the plan leaves alone. Each run of
such statements is replaced, before libcst sees the module, by a one-line placeholder statement
at the same indentation, and its text is put back, byte for byte, into the printed result.
libcst sees the same statements in the same places, with the same blank lines and comments
around them, so module-level edits (imports added or dropped, the `event_loop` fixture removed)
come out as they would on the whole module.

A statement the plan rewrites stays real. When only its first line changes (the decorators of a
`def`, a `with mocker.patch(...)` that is unwrapped), its body is planned in turn, as is the body
of a class holding such statements. What else must stay real:

* every import (the codemod adds and drops them, and sorts among them), the module's first
  statement (a docstring decides where an import goes) and last (the end of the file), and a
  block's last statement when it holds a block (a footer, below);
* a statement whose edges libcst could read differently once it is a placeholder: one not
  starting a line of its own, or one followed by a comment indented deeper than its block
  (libcst hands such a comment to the block above it, its footer);
* in the body of an unwrapped `with`, which the codemod moves to the left, any statement of
  more than one line (libcst re-indents the lines that start statements and comments, not
  those inside brackets or strings: a placeholder of one line is re-indented as libcst would).

The names a placeholder stands for are those the codemod asks about when it drops an unused
import: the placeholder reads the ones its statements read, so the question gets the same answer.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import cast

import libcst as cst

from asyncproof.migrate._diff import split_lines
from asyncproof.migrate.plan import Plan

__all__ = ["Reduced", "names_read", "reduce_module"]

_DOTTED_ROOT = re.compile(r"\b([A-Za-z_]\w*)\.")
# The plan's fields that are not lines: notes change nothing, loop_scope is handled apart, tree
# is the module's `ast`.
_NOT_LINES = frozenset({"notes", "loop_scope", "tree"})
# Lines of `def`s whose decorators change and nothing else: their bodies may be placeholders.
_HEADER_FIELDS = frozenset({"mark_lines", "unmark_fixture_lines", "async_fixture_lines"})


def names_read(nodes: Iterable[ast.AST]) -> set[str]:
    """Names read under `nodes`; a name inside a string annotation (`"asyncio.AbstractEventLoop"`)
    counts as read."""
    used: set[str] = set()
    for top in nodes:
        for node in ast.walk(top):
            if type(node) is ast.Name:
                used.add(node.id)
            elif type(node) is ast.Constant and type(node.value) is str:
                used.update(m.group(1) for m in _DOTTED_ROOT.finditer(node.value))
    return used


@dataclass
class Reduced:
    """The module libcst gets, and what it needs to give the rest back.

    Attributes:
        module: The parsed module, placeholders included.
        lines: Each `def` and `with` statement of the module -> its line in the original source
            (the lines the plan names).
        placeholders: The placeholder statements, which nothing rewrites.
    """

    module: cst.Module
    lines: dict[cst.CSTNode, int]
    placeholders: frozenset[cst.CSTNode]
    _texts: list[str]  # what each placeholder stands for, less its indent and last line end
    _marker: str

    def restore(self, code: str) -> str:
        """The printed module with each placeholder's original text back in place."""
        if not self._texts:
            return code
        pattern = re.compile(re.escape(self._marker) + r"(\d+)_[^\r\n]*(\r\n|\r|\n)?")
        out: list[str] = []
        at = 0
        seen = 0
        for match in pattern.finditer(code):
            out.append(code[at : match.start()])
            # The line end is the placeholder's: libcst drops the last one of a file without.
            out.append(self._texts[int(match.group(1))] + (match.group(2) or ""))
            at = match.end()
            seen += 1
        if seen != len(self._texts):
            raise RuntimeError("migrate: a placeholder was lost while rewriting")
        out.append(code[at:])
        return "".join(out)


@dataclass
class _Unit:
    """One libcst statement: its `ast` statements (several when `;` joins them)."""

    statements: list[ast.stmt]
    start: int  # first line, decorators included (1-based)
    end: int  # last line


def _units(body: list[ast.stmt]) -> list[_Unit]:
    units: list[_Unit] = []
    for stmt in body:
        decorators = getattr(stmt, "decorator_list", None)
        start = min(stmt.lineno, *(d.lineno for d in decorators)) if decorators else stmt.lineno
        end = stmt.end_lineno or stmt.lineno
        if units and start <= units[-1].end:
            units[-1].statements.append(stmt)
            units[-1].end = max(units[-1].end, end)
        else:
            units.append(_Unit([stmt], start, end))
    return units


def _compound(unit: _Unit) -> bool:
    """The unit holds a block (a body, handlers, cases), which may own lines after it."""
    return any(hasattr(stmt, "body") or hasattr(stmt, "cases") for stmt in unit.statements)


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _continued(line: str) -> bool:
    """The line ends with a backslash: the next one continues it."""
    return line.rstrip("\r\n").endswith("\\")


_BLOCK_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")
_OPENABLE = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_Opened = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.With


def _ast_targets(statements: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """`def` and `with` statements under `statements`, in source order."""
    for stmt in statements:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.With, ast.AsyncWith)):
            yield stmt
        for name in _BLOCK_FIELDS:
            inner = getattr(stmt, name, None)
            if type(inner) is list:
                yield from _ast_targets(inner)


def _cst_targets(statements: Iterable[cst.CSTNode]) -> Iterator[cst.CSTNode]:
    """`def`, `with` and one-line statements under `statements`, in source order."""
    for stmt in statements:
        if isinstance(stmt, (cst.FunctionDef, cst.With, cst.SimpleStatementLine)):
            yield stmt
        if isinstance(stmt, cst.SimpleStatementLine):
            continue
        for name in _BLOCK_FIELDS:
            inner = getattr(stmt, name, None)
            for part in inner if isinstance(inner, Sequence) else (inner,):
                if isinstance(part, cst.If):  # elif
                    yield from _cst_targets([part])
                    continue
                # A clause (else, except, finally, case) holds its suite; a suite of its own
                # lines holds statements (one on the header's line holds small ones only).
                suite = part if isinstance(part, cst.BaseSuite) else getattr(part, "body", None)
                if isinstance(suite, cst.IndentedBlock):
                    yield from _cst_targets(suite.body)


@dataclass
class _Hole:
    """A run of statements of one block that libcst gets as a placeholder."""

    start: int  # first line (1-based)
    end: int  # last line
    indent: str  # the block's indentation, which the placeholder line keeps
    statements: list[ast.stmt]


class _Planner:
    """Decide, block by block, what libcst sees: the statements the plan rewrites (and
    the blocks leading to them), and placeholders for the rest."""

    def __init__(self, plan: Plan, lines: Sequence[str]) -> None:
        self.lines = lines
        self.loop_scope = bool(plan.loop_scope)
        self.header_lines: set[int] = set()  # a `def` line whose decorators change
        self.unwrap_lines: set[int] = set()  # a `with` whose body the codemod moves out
        self.whole_lines: set[int] = set()  # the statement there changes anywhere
        self.holes: list[_Hole] = []
        self.kept: list[ast.AST] = []  # `def` and `with` statements libcst sees, in order
        self.ok = True
        for spec in fields(plan):
            value = getattr(plan, spec.name)
            if spec.name in _NOT_LINES or not value:
                continue
            if type(value) is int:
                value = {value}
            if not isinstance(value, (set, frozenset, dict)) or any(
                type(v) is not int for v in value
            ):
                self.ok = False  # a field this module does not know: keep everything
            elif spec.name in _HEADER_FIELDS:
                self.header_lines.update(value)
            elif spec.name == "with_lines":
                self.unwrap_lines.update(value)
            else:
                self.whole_lines.update(value)
        self.marked = sorted(self.header_lines | self.unwrap_lines | self.whole_lines)

    def _marked_in(self, start: int, end: int) -> list[int]:
        at = bisect_left(self.marked, start)
        found = []
        while at < len(self.marked) and self.marked[at] <= end:
            found.append(self.marked[at])
            at += 1
        return found

    def _mentions_asyncio(self, unit: _Unit) -> bool:
        return "asyncio" in "".join(self.lines[unit.start - 1 : unit.end])

    def block(
        self, body: list[ast.stmt], indent: str, *, module: bool = False, moved: bool = False
    ) -> None:
        """Plan one block whose statements start at `indent`.

        Args:
            body: Its statements.
            indent: Their indentation.
            module: The module's own block (its imports, docstring and end stay).
            moved: The codemod moves the statements to another indentation (a `with` it
                unwraps): a placeholder then stands for one line, which it re-indents as libcst
                would.
        """
        units = _units(body)
        kinds = [self._kind(unit, i, len(units), module) for i, unit in enumerate(units)]
        if moved:
            kinds = [
                k if k != "hole" or u.start == u.end else "whole"
                for k, u in zip(kinds, units, strict=True)
            ]
        # Trim each run of placeholders to edges libcst reads the same either way.
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(units):
            if kinds[i] != "hole":
                i += 1
                continue
            last = i
            while not moved and last + 1 < len(units) and kinds[last + 1] == "hole":
                last += 1
            j = last
            while i <= j and not self._starts_line(units[i], indent):
                kinds[i] = "whole"
                i += 1
            following = units[j + 1] if j + 1 < len(units) else None
            while j >= i and not self._ends_clean(units[j], following, indent):
                kinds[j] = "whole"
                following = units[j]
                j -= 1
            if i <= j:
                runs.append((i, j))
            i = last + 1
        starts = dict(runs)
        i = 0
        while i < len(units):
            unit, kind = units[i], kinds[i]
            if i in starts:
                j = starts[i]
                statements = [s for u in units[i : j + 1] for s in u.statements]
                self.holes.append(_Hole(unit.start, units[j].end, indent, statements))
                i = j + 1
                continue
            if kind == "open":
                stmt = cast(_Opened, unit.statements[0])
                inner = self._inner_indent(stmt, indent)
                if inner is None:
                    kind = "whole"
                else:
                    if not isinstance(stmt, ast.ClassDef):
                        self.kept.append(stmt)
                    self.block(stmt.body, inner, moved=moved or isinstance(stmt, ast.With))
            if kind == "whole":
                self.kept.extend(_ast_targets(unit.statements))
            i += 1

    def _kind(self, unit: _Unit, index: int, count: int, module: bool) -> str:
        """ "hole" (a placeholder may stand for it), "open" (libcst sees its first line, its
        body is planned in turn) or "whole" (libcst sees all of it)."""
        marked = self._marked_in(unit.start, unit.end)
        stmt = unit.statements[0]
        single = len(unit.statements) == 1
        if self.loop_scope and self._mentions_asyncio(unit):
            return "whole"  # its marks and async fixtures get `loop_scope=`
        if not marked:
            if module and (index == 0 or isinstance(stmt, (ast.Import, ast.ImportFrom))):
                return "whole"  # a docstring or an import: the codemod reads them
            if index < count - 1 or not (module or _compound(unit)):
                return "hole"
            # The end of the module, or a block ending in a block: its footer, the file's end.
            return "open" if single and isinstance(stmt, _OPENABLE) else "whole"
        if not single or not isinstance(stmt, (*_OPENABLE, ast.With)):
            return "whole"
        if stmt.lineno in self.whole_lines or isinstance(stmt, ast.ClassDef):
            first = False
        elif isinstance(stmt, ast.With):  # `with mocker.patch(...)`: its body moves out
            first = stmt.lineno in self.unwrap_lines
        else:  # a `def` whose decorators change
            first = True
        body_start = _units(stmt.body)[0].start
        if any(line < body_start and not (first and line == stmt.lineno) for line in marked):
            return "whole"  # something changes outside the body, not only the first line
        return "open"

    def _inner_indent(self, stmt: _Opened, indent: str) -> str | None:
        """The indentation of `stmt`'s body, if it is a block of its own lines."""
        first = _units(stmt.body)[0]
        text = self.lines[first.start - 1]
        inner = text[: len(text) - len(text.lstrip(" \t"))]
        if len(inner) <= len(indent) or not inner.startswith(indent):
            return None
        return inner if self._starts_line(first, inner) else None

    def _starts_line(self, unit: _Unit, indent: str) -> bool:
        """The statement's first token opens its first line, after exactly `indent`, and no
        backslash continues the line before into it.

        `ast` places a decorator at its expression, after `@` and any parenthesis: that line
        must then show the `@`.
        """
        text = self.lines[unit.start - 1]
        first = unit.statements[0]
        if not text.startswith(indent):
            return False
        if getattr(first, "decorator_list", None):
            opens = text[len(indent) : len(indent) + 1] == "@"
        else:
            opens = first.col_offset == len(indent) and text[len(indent) : len(indent) + 1] not in (
                "",
                " ",
                "\t",
                "\f",
                "#",
                "\\",
                "\r",
                "\n",
            )
        return opens and not (unit.start > 1 and _continued(self.lines[unit.start - 2]))

    def _ends_clean(self, unit: _Unit, following: _Unit | None, indent: str) -> bool:
        """Between the two statements, only blank lines and comments indented no deeper than
        the block; for the block's last statement, a simple one, not at the end of the file.

        libcst gives the comments after a block indented as deep as the block to the block
        (its footer) and the others to the next statement: a placeholder for `unit` then
        leaves them where they were.
        """
        if _continued(self.lines[unit.end - 1]):
            return False
        if following is None:
            return not _compound(unit) and unit.end < len(self.lines)
        for line in self.lines[unit.end : following.start - 1]:
            text = line.rstrip("\r\n")
            rest = text.lstrip(" \t")
            if not indent.startswith(text[: len(text) - len(rest)]):
                return False
            if rest and not rest.startswith("#"):
                return False
        return True


def reduce_module(
    source: str, plan: Plan, *, reads: Sequence[str] = (), keep_all: bool = False
) -> Reduced:
    """Parse `source` with libcst, the statements `plan` leaves alone replaced by placeholders.

    Args:
        source: The module's text (it parses: the plan was made from it).
        plan: What the codemod rewrites.
        reads: Names the codemod asks about when dropping unused imports: the first
            placeholder reads those its statements read.
        keep_all: Parse everything (no placeholder): the reference the tests compare with.
    """
    tree = plan.tree if plan.tree is not None else ast.parse(source)
    lines = split_lines(source)
    planner = _Planner(plan, lines)
    if keep_all or not planner.ok or not tree.body:
        module = cst.parse_module(source)
        return Reduced(module, _line_map(module, _ast_targets(tree.body))[0], frozenset(), [], "")
    planner.block(tree.body, "", module=True)
    marker = "_apf_splice_"
    while marker in source:
        marker += "_"
    parts: list[str] = []
    texts: list[str] = []
    wanted = set(reads)
    at = 0  # lines of `source` copied so far
    for hole in planner.holes:
        parts.extend(lines[at : hole.start - 1])
        ending = _ending(lines[hole.end - 1])
        text = "".join(lines[hole.start - 1 : hole.end])[len(hole.indent) : -len(ending) or None]
        placeholder = f"{hole.indent}{marker}{len(texts)}_"
        found = {n for n in wanted if n in text} and wanted & names_read(hole.statements)
        if found:
            placeholder += ", " + ", ".join(sorted(found))
            wanted -= found
        parts.append(placeholder + ending)
        texts.append(text)
        at = hole.end
    parts.extend(lines[at:])
    module = cst.parse_module("".join(parts)) if texts else cst.parse_module(source)
    line_map, placeholders = _line_map(module, planner.kept, marker)
    return Reduced(module, line_map, placeholders, texts, marker)


def _is_placeholder(stmt: cst.SimpleStatementLine, marker: str) -> bool:
    value = stmt.body[0].value if isinstance(stmt.body[0], cst.Expr) else None
    if isinstance(value, cst.Tuple) and value.elements:  # it reads names too
        value = value.elements[0].value
    return isinstance(value, cst.Name) and value.value.startswith(marker)


def _line_map(
    module: cst.Module, kept: Iterable[ast.AST], marker: str = ""
) -> tuple[dict[cst.CSTNode, int], frozenset[cst.CSTNode]]:
    """Pair libcst's `def`/`with` nodes with `ast`'s (both in source order) for their lines;
    and the placeholders."""
    ours: list[cst.CSTNode] = []
    placeholders: set[cst.CSTNode] = set()
    for node in _cst_targets(module.body):
        if not isinstance(node, cst.SimpleStatementLine):
            ours.append(node)
        elif marker and _is_placeholder(node, marker):
            placeholders.add(node)
    theirs = list(kept)
    pairs = list(zip(ours, theirs, strict=False))
    if len(ours) != len(theirs) or any(
        isinstance(node, cst.FunctionDef)
        != isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        or (isinstance(node, cst.FunctionDef) and node.name.value != getattr(stmt, "name", None))
        for node, stmt in pairs
    ):
        raise RuntimeError("migrate: libcst and ast disagree on the module's statements")
    return {node: getattr(stmt, "lineno", 0) for node, stmt in pairs}, frozenset(placeholders)

"""Every rule is one module, registered, and tied to its page, snippets, test case and tables.

Adding a rule means writing `src/asyncproof/checker/rules/apfNNN_<name>.py`, importing it in
`rules/__init__.py`, writing `docs/rules/APFNNN.md` with `snippets/rules/apfnnn_bad.py` and
`_good.py`, adding a case to `tests/checker/test_checker.py`, a nav line to `mkdocs.yml` and a
row (or a code in a row) to the checklist table, then running `nox -s regen`. Each test below
fails, naming what is missing, until all of that is done.
"""

from __future__ import annotations

import re

import pytest

from asyncproof.checker import RULES
from asyncproof.checker.registry import RULES_BY_CODE, SYNTAX_ERROR
from asyncproof.checker.rules import _base
from tests._support.paths import ROOT, SRC
from tests.checker.test_checker import CASES

RULE_MODULES = SRC / "asyncproof" / "checker" / "rules"
CODES = [rule.code for rule in RULES]


def _module_name(code: str, name: str) -> str:
    return f"{code.lower()}_{name.replace('-', '_')}"


def test_every_rule_module_is_registered():
    modules = {path.stem for path in RULE_MODULES.glob("apf*.py")}
    registered = {_module_name(rule.code, rule.name) for rule in RULES}
    assert modules - registered == set(), "import these modules in checker/rules/__init__.py"
    assert registered == modules
    assert [rule.check.__module__.rpartition(".")[2] for rule in RULES] == [
        _module_name(rule.code, rule.name) for rule in RULES
    ]


def test_codes_are_unique_sorted_and_apf000_is_the_engines():
    assert sorted(set(CODES)) == CODES
    assert all(re.fullmatch(r"APF\d{3}", code) for code in CODES)
    assert SYNTAX_ERROR.code == "APF000"
    assert SYNTAX_ERROR.code not in CODES
    assert SYNTAX_ERROR.check is None
    assert list(RULES_BY_CODE) == ["APF000", *CODES]


def test_a_rule_in_the_wrong_module_or_with_a_taken_code_is_refused():
    def check(info):  # pragma: no cover - never run
        yield from ()

    check.__module__ = "asyncproof.checker.rules.apf999_misnamed"
    with pytest.raises(ValueError, match=r"apf999_something_else\.py"):
        _base.rule("APF999", "something-else", summary="", message="")(check)
    check.__module__ = "asyncproof.checker.rules.apf001_event_loop_fixture"
    with pytest.raises(ValueError, match="registered twice"):
        _base.rule("APF001", "event-loop-fixture", summary="", message="")(check)
    assert set(_base.REGISTERED) == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_rule_has_its_page_snippets_case_and_nav_entry(code):
    rule = RULES_BY_CODE[code]
    page = ROOT / "docs" / "rules" / f"{code}.md"
    assert page.is_file(), f"write {page.relative_to(ROOT)}"
    assert page.read_text(encoding="utf-8").startswith(f"# {code} `{rule.name}`\n")
    for kind in ("bad", "good"):
        snippet = ROOT / "snippets" / "rules" / f"{code.lower()}_{kind}.py"
        assert snippet.is_file(), f"write {snippet.relative_to(ROOT)}"
    assert code in {case[0] for case in CASES}, "add a case to tests/checker/test_checker.py"
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert f'      - "{code} {rule.name}": rules/{code}.md\n' in nav, "add it to mkdocs.yml's nav"


def test_rules_index_page_includes_the_generated_table():
    # The table's freshness is checked with every stored output (tests/docs/test_stored.py).
    index = (ROOT / "docs" / "rules" / "index.md").read_text(encoding="utf-8")
    assert '--8<-- "snippets/rules/index_table.md"' in index


def test_checklist_table_names_every_rule_once():
    text = (ROOT / "docs" / "checklist.md").read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| ")]
    linked = re.findall(r"\[(APF\d{3})\]\(rules/(APF\d{3})\.md\)", "\n".join(table))
    assert all(label == target for label, target in linked)
    assert sorted(label for label, _ in linked) == CODES


def test_migrate_fixes_the_fixable_rules():
    from asyncproof.migrate import plan

    fixable = {rule.code for rule in RULES if rule.fixable}
    assert fixable == {"APF001", "APF002", "APF003"}
    assert fixable == plan.FIXABLE

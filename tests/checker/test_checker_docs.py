"""The rule pages: each bad snippet raises exactly its rule at the highlighted line, each good
snippet is clean (and passes under pytest), and every rule has a page listed in the index
(generated from the registry: see `tests/_support/rules_index.py`)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from asyncproof.checker import RULES, Settings, check_source
from asyncproof.checker.pytest_config import asyncio_auto
from tests._support.catalog import installs_of
from tests._support.paths import ROOT
from tests._support.plugins import only, plugins_of

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

DOCS = ROOT / "docs" / "rules"
FENCE = re.compile(
    r'```python title="(?P<title>[^"]+)"(?: hl_lines="(?P<hl>[^"]+)")?\n--8<-- "(?P<path>[^"]+)"'
)
CODES = [rule.code for rule in RULES]


def _settings(snippet: Path) -> Settings:
    """The project's settings plus the page's documented configuration (APF007's clients)."""
    table = tomllib.loads((ROOT / "snippets/rules/apf007_config.toml").read_text())
    extra = tuple(table["tool"]["asyncproof"]["extend-external-clients"])
    return Settings(
        asyncio_auto=asyncio_auto(snippet.parent),
        external_clients=Settings().external_clients + extra,
    )


def _fences(code: str) -> dict[str, tuple[Path, str | None]]:
    text = (DOCS / f"{code}.md").read_text(encoding="utf-8")
    found = {}
    for match in FENCE.finditer(text):
        path = ROOT / match["path"]
        assert path.name == match["title"], "the fence's title names the included file"
        kind = "bad" if path.stem.endswith("_bad") else "good"
        found[kind] = (path, match["hl"])
    return found


@pytest.mark.parametrize("code", CODES)
def test_bad_snippet_raises_exactly_its_rule_at_the_highlighted_line(code):
    path, hl = _fences(code)["bad"]
    assert hl is not None, "the bad fence highlights a line"
    assert hl.isdigit(), "the bad fence highlights one line"
    found = check_source(path.read_text(encoding="utf-8"), str(path), settings=_settings(path))
    assert [(d.code, d.line) for d in found] == [(code, int(hl))]


@pytest.mark.parametrize("code", CODES)
def test_good_snippet_is_clean(code):
    path, _ = _fences(code)["good"]
    assert check_source(path.read_text(encoding="utf-8"), str(path), settings=_settings(path)) == []


def test_good_snippets_pass_under_pytest():
    paths = [str(_fences(code)["good"][0]) for code in CODES]
    # With the plugins the rule pages' readers install, none of our other test extras.
    added = [name for code in CODES for name in installs_of(DOCS / f"{code}.md")]
    plugins = only(plugins_of(["asyncproof", *added]))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugins, *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(set(paths))} passed" in result.stdout


def test_index_lists_every_rule_page():
    index = (ROOT / "snippets/rules/index_table.md").read_text(encoding="utf-8")
    assert '--8<-- "snippets/rules/index_table.md"' in (DOCS / "index.md").read_text()
    for code in CODES:
        assert f"]({code}.md)" in index
    assert {p.stem for p in DOCS.glob("APF*.md")} == set(CODES)


def test_checklist_example_is_clean():
    path = ROOT / "snippets/checklist/test_checklist_example.py"
    assert check_source(path.read_text(encoding="utf-8"), settings=_settings(path)) == []


def test_each_rule_page_shows_what_its_tests_say_it_does_not_flag():
    """The Not flagged list is generated from the rule's described precision cases
    (`tests/_support/rules_index.py`); a rule with such cases shows it on its page."""
    from tests._support.rules_index import not_flagged

    generated = not_flagged()
    assert generated, "the precision cases describe what the rules leave alone"
    for path in generated:
        code = path.name.split("_", 1)[0].upper()
        page = (DOCS / f"{code}.md").read_text(encoding="utf-8")
        assert f'--8<-- "snippets/rules/{path.name}"' in page, code
        assert "## Not flagged" in page, code

"""The home page's "rules at a glance" table, generated from the guide's own pages.

Every guide page opens with its rule (`**Rule: ...**`); the table lists each page of the guide
in `mkdocs.yml`'s nav order with the first sentence of its rule, so a new page needs no row
typed by hand. Pages under the nav's "Reference" section are a manual, not the guide, and are
left out, as are the home page and notebooks.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests._support.paths import DOCS, ROOT, SNIPPETS

TABLE = SNIPPETS / "index" / "rules_at_a_glance.md"
RULE = re.compile(r"^\*\*Rule: (?P<rule>.+?)\*\*$", re.S | re.M)
# The rule's first sentence: up to a full stop (not an ellipsis) followed by a space or the end.
FIRST_SENTENCE = re.compile(r"^(?P<sentence>.+?(?<!\.)\.)(?:\s|$)", re.S)
REFERENCE_SECTION = "Reference"


def guide_pages() -> list[tuple[str, Path]]:
    """(nav title, page) for each Markdown page of the guide, in nav order."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("\nnav:") + 1  # the top-level key, not `validation: nav:`
    nav = yaml.safe_load(text[start:])["nav"]
    found: list[tuple[str, Path]] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if not isinstance(item, dict):
                continue  # a section's index page, given without a title
            for title, target in item.items():
                if isinstance(target, list):
                    if title != REFERENCE_SECTION:
                        walk(target)
                elif target.endswith(".md") and target != "index.md":
                    found.append((title, DOCS / target))

    walk(nav)
    return found


def rule_of(page: Path) -> str | None:
    """The first sentence of the rule `page` opens with, on one line; None if it has none."""
    match = RULE.search(page.read_text(encoding="utf-8"))
    if match is None:
        return None
    rule = " ".join(match["rule"].split())
    sentence = FIRST_SENTENCE.match(rule)
    first = sentence["sentence"] if sentence else rule
    return first[0].upper() + first[1:]


def generate() -> dict[Path, str]:
    rows = [
        f"| {rule_of(page)} | [{title}]({page.relative_to(DOCS).as_posix()}) |"
        for title, page in guide_pages()
    ]
    return {TABLE: "| Rule | Page |\n| --- | --- |\n" + "\n".join(rows) + "\n"}

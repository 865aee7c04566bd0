"""No broken internal link or anchor anywhere in the built site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests._support.site_server import html_pages


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(values[name])  # type: ignore[arg-type]
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])  # type: ignore[arg-type]
        if tag == "link" and values.get("href") and values.get("rel") != "canonical":
            self.links.append(values["href"])  # type: ignore[arg-type]
        if tag in ("script", "img") and values.get("src"):
            self.links.append(values["src"])  # type: ignore[arg-type]


def _parse(page: Path) -> _Collector:
    collector = _Collector()
    collector.feed(page.read_text())
    return collector


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
        return None  # external: the browser test asserts there are none that load
    path = unquote(parts.path)
    target = page if not path else (page.parent / path).resolve()
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def test_no_broken_internal_links_or_anchors(built_site: Path) -> None:
    parsed = {page.resolve(): _parse(page) for page in html_pages(built_site)}
    assert len(parsed) >= 10, "the site should have a page per guide section"
    broken = []
    for page, collector in parsed.items():
        for href in collector.links:
            found = _target(built_site, page, href)
            if found is None:
                continue
            target, anchor = found
            where = f"{page.relative_to(built_site.resolve())} -> {href}"
            if not target.exists():
                broken.append(f"{where}: no such file")
            elif anchor and target.suffix == ".html":
                ids = parsed.get(target) or _parse(target)
                if anchor not in ids.ids:
                    broken.append(f"{where}: no anchor #{anchor}")
    assert broken == []


def test_the_checker_finds_a_broken_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h1 id="top">A</h1><a href="../b/#nowhere">b</a>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<h1 id="here">B</h1><a href="../a/#top">a</a>')
    page = (tmp_path / "a" / "index.html").resolve()
    target, anchor = _target(tmp_path, page, "../b/#nowhere")  # type: ignore[misc]
    assert target == (tmp_path / "b" / "index.html").resolve()
    assert anchor not in _parse(target).ids


def test_no_markdown_left_unrendered(built_site: Path) -> None:
    """Markup an extension should have rendered (`~~struck~~` needs pymdownx.tilde) is not
    shown literally; code blocks may show it."""
    literal = []
    for page in html_pages(built_site):
        text = re.sub(r"<(pre|code)\b.*?</\1>", "", page.read_text(), flags=re.S)
        if "~~" in text:
            literal.append(str(page.relative_to(built_site)))
    assert literal == []
    assert "<del>" in (built_site / "checklist" / "index.html").read_text()

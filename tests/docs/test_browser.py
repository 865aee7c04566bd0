"""The built guide in a real browser: Playwright driving Debian's Chromium, served on 127.0.0.1.

Chromium is installed by `nox -s tests` (Debian's `chromium` package); Playwright cannot
download its own browser here. Where no Chromium can be found these tests skip, saying why.
Screenshots are written to tests/artifacts/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._support.paths import ROOT, SNIPPETS
from tests._support.site_server import code_blocks, html_pages, serve

playwright_sync = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("ASYNCPROOF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a headless Chromium as root on a machine with no outside network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: `apt-get install chromium` (nox -s tests does)")
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    yield page
    context.close()


def _url_of(site: Path, page: Path) -> str:
    relative = page.parent.relative_to(site).as_posix()
    return "" if relative == "." else relative + "/"


# A test that reads a page's markup, styles or Material's buttons waits for its "load" event:
# the markup and stylesheets are in, Material's script (a plain <script> at the end of the body)
# has run, and locators wait for what that script adds. Only the test that watches every request
# waits for the network to settle. The search test types once the page has loaded: Material
# answers a query typed before its worker has the index as soon as the index is in, and the
# test waits for the answer itself.

# Pages load side by side in this many tabs: each waits for 0.5 s of network silence
# ("networkidle") after its load, which the tabs spend together.
TABS = 6


def test_every_page_loads_clean_and_stays_on_localhost(page, built_site: Path, base_url: str):  # type: ignore[no-untyped-def]
    errors: list[str] = []
    outside: list[str] = []

    def watch(tab):  # type: ignore[no-untyped-def]
        tab.on(
            "console",
            lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
        )
        tab.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        # ERR_ABORTED is the browser cancelling a request because the test moved on to the
        # next page (the search worker still loading on a busy machine), not a failure.
        tab.on(
            "requestfailed",
            lambda r: (
                None
                if r.failure == "net::ERR_ABORTED"
                else errors.append(f"request failed: {r.url} {r.failure}")
            ),
        )
        tab.on(
            "response",
            lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )
        tab.on(
            "request",
            lambda r: (
                None if r.url.startswith((base_url, "data:", "blob:")) else outside.append(r.url)
            ),
        )
        return tab

    tabs = [watch(page), *(watch(page.context.new_page()) for _ in range(TABS - 1))]
    pages = html_pages(built_site)
    assert len(pages) >= 12
    for start in range(0, len(pages), TABS):
        chunk = pages[start : start + TABS]
        batch = list(zip(tabs[: len(chunk)], chunk, strict=True))
        for tab, html in batch:
            tab.goto(_url_of(built_site, html), wait_until="commit")
        for tab, html in batch:
            tab.wait_for_load_state("networkidle")
            assert tab.url == f"{base_url}{_url_of(built_site, html)}", html
    assert errors == []
    assert outside == [], "the site must request nothing outside 127.0.0.1"


@pytest.mark.parametrize("term", ["run_with_timeout", "standard_event_loop", "contains_phi"])
def test_search_finds_the_api_and_leads_to_its_page(page, term: str):  # type: ignore[no-untyped-def]
    """The API reference is among the results, wherever other pages rank: a new page that
    mentions the term more often must not fail this test."""
    page.goto("", wait_until="load")
    page.locator("input.md-search__input").click()
    page.keyboard.type(term)  # Material searches on key events, not on a programmatic fill
    # Results update on every keystroke; wait for those of the whole term (the link's ?h=).
    result = page.locator(f'a.md-search-result__link[href*="api/"][href*="h={term}"]').first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_load_state("load")
    assert "/api/" in page.url, page.url
    assert term in page.locator("article").inner_text()


@pytest.mark.parametrize("slug", ["mocking/", "deadlines/"])
def test_copy_button_copies_what_the_copy_paste_test_runs(page, built_site: Path, slug: str):  # type: ignore[no-untyped-def]
    """The clipboard holds, block by block, the text tests/docs/test_copy_paste.py writes into
    the reader's folder; a snippet block's text is its file."""
    page.goto(slug, wait_until="load")
    blocks = code_blocks(built_site / slug / "index.html")
    highlights = page.locator("div.highlight")
    assert highlights.count() == len(blocks)
    for index, block in enumerate(blocks):
        highlight = highlights.nth(index)
        highlight.hover()
        highlight.locator('button.md-code__button[data-md-type="copy"]').click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.rstrip("\n") == block.text.rstrip("\n"), block.title
    if slug == "mocking/":
        [mocking] = [b for b in blocks if b.title == "test_mocking_async.py"]
        expected = (SNIPPETS / "mocking" / "test_mocking_async.py").read_text()
        assert mocking.text.rstrip("\n") == expected.rstrip("\n")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "snippet-page.png"), full_page=False)


def test_output_boxes_wrap_long_lines(page):  # type: ignore[no-untyped-def]
    """A deadline message is read to its end: no terminal output hides behind a scroll bar."""
    page.goto("deadlines/", wait_until="load")
    boxes = page.locator("div.language-console pre > code")
    assert boxes.count() >= 2
    for index in range(boxes.count()):
        box = boxes.nth(index)
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), box.inner_text()[:200]
    text = boxes.first.inner_text()
    assert "(@pytest.mark.async_timeout(0.1))." in text
    # The code boxes of Python files keep their lines (they scroll, as an editor would).
    python = page.locator("div.language-python pre > code").first
    assert python.evaluate("e => getComputedStyle(e).whiteSpace") == "pre"


def test_dark_light_toggle(page):  # type: ignore[no-untyped-def]
    page.emulate_media(color_scheme="light")
    page.goto("", wait_until="load")
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    assert scheme == "default"
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=False)


def test_notebook_page_shows_executed_output(page):  # type: ignore[no-untyped-def]
    page.goto("debugging_notebook/", wait_until="load")
    text = page.locator("article").inner_text()
    assert "asyncio debug mode: True" in text
    assert "RuntimeWarning: coroutine 'fetch_lab_results' was never awaited" in text
    assert "['HbA1c 5.4 %']" in text
    # The warning, not the kernel's frames or the build machine's paths around it.
    assert "ipykernel" not in text
    assert "site-packages" not in text

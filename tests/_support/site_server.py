"""Build the guide once per test session and serve it on 127.0.0.1, for the site tests."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from tests._support.paths import ROOT


def build_site(destination: Path) -> Path:
    """`mkdocs build --strict` into `destination`; fails loudly on any warning."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(destination)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{result.stderr}")
    return destination


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def html_pages(site: Path) -> list[Path]:
    """Every page of the built site (404.html and search assets aside)."""
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)


@dataclass(frozen=True)
class CodeBlock:
    """One code block of a built page, as the reader gets it from the copy button."""

    language: str  # "python", "toml", "console", "bash", ...; "output" for a notebook's output
    title: str | None
    text: str
    notebook_cell: bool = False


class _BlockParser(HTMLParser):
    """Collects Material's code blocks (`div.highlight`: the `span.filename` title and the
    `code` element's text, which is what the copy button copies: line anchors are empty), and a
    notebook's cells (`div.highlight-ipynb`) and text outputs (`div.jp-RenderedText`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[CodeBlock] = []
        self._div_depth = 0
        self._block: dict[str, object] | None = None
        self._block_depth = 0
        self._capture: str | None = None  # the tag whose text is being collected
        self._field = ""
        self._nested = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._capture is not None:
            self._nested += tag == self._capture
            return
        if tag == "div":
            self._div_depth += 1
            if self._block is None:
                self._open_block(classes)
            return
        if self._block is None:
            return
        if tag == "span" and "filename" in classes:
            self._start("span", "title")
        elif tag == ("pre" if self._block["raw_pre"] else "code"):
            self._start(tag, "text")

    def _open_block(self, classes: list[str]) -> None:
        languages = [c.removeprefix("language-") for c in classes if c.startswith("language-")]
        if "highlight" in classes and "doc-signature" not in classes:
            block = {"language": languages[0] if languages else "", "raw_pre": False}
        elif "highlight-ipynb" in classes:
            block = {"language": "python", "raw_pre": True, "notebook_cell": True}
        elif "jp-RenderedText" in classes:
            block = {"language": "output", "raw_pre": True, "notebook_cell": True}
        else:
            return
        self._block = {"title": None, "text": "", **block}
        self._block_depth = self._div_depth

    def _start(self, tag: str, field: str) -> None:
        assert self._block is not None
        self._capture, self._field, self._nested = tag, field, 0
        self._block[field] = ""

    def handle_endtag(self, tag: str) -> None:
        if self._capture is not None:
            if tag == self._capture:
                if self._nested:
                    self._nested -= 1
                else:
                    self._capture = None
            return
        if tag == "div":
            if self._block is not None and self._div_depth == self._block_depth:
                block = self._block
                self.blocks.append(
                    CodeBlock(
                        language=str(block["language"]),
                        title=block["title"].strip() if block["title"] else None,  # type: ignore[attr-defined]
                        text=str(block["text"]),
                        notebook_cell=bool(block.get("notebook_cell")),
                    )
                )
                self._block = None
            self._div_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._capture is not None and self._block is not None:
            self._block[self._field] = str(self._block[self._field]) + data


def code_blocks(page: Path) -> list[CodeBlock]:
    """The code blocks of a built page, in page order."""
    parser = _BlockParser()
    parser.feed(page.read_text())
    parser.close()
    return parser.blocks

"""Live preview: `mkdocs serve --livereload` (the README's command) rebuilds on a change and survives bad content:
while the content has errors, every address answers with a page that lists them and reloads once they are fixed."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import FIXTURES
from playwright.sync_api import Page
from servers import free_port

from macros.browser import BUNDLE, COURSE_SCRIPTS

#: Every test here runs `mkdocs serve`, which builds the site (and rebuilds it).
pytestmark = pytest.mark.build
TIMEOUT = 60


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    lines: list[str] = field(default_factory=list)

    def output(self) -> str:
        return "".join(self.lines)


def fetch(url: str) -> str:
    """The page at `url`, whatever its status (the page of content errors is also every missing page, a 404)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def wait_for(condition: Callable[[], bool], what: str, server: Server) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        assert server.process.poll() is None, f"the server stopped while waiting for {what}:\n{server.output()}"
        time.sleep(0.3)
    pytest.fail(f"timed out after {TIMEOUT} s waiting for {what}:\n{server.output()}")


@contextmanager
def serve(project: Path) -> Iterator[Server]:
    """`project` served as an author serves it, with every line of its output kept."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    served = Server(process, f"http://127.0.0.1:{port}/")
    assert process.stdout is not None
    threading.Thread(target=lambda: served.lines.extend(process.stdout), daemon=True).start()  # type: ignore[arg-type]
    try:
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def server(mini_site: Path) -> Iterator[Server]:
    """The mini project, served and built once."""
    with serve(mini_site) as served:
        wait_for(lambda: "アルファ" in fetch(served.url + "modules/alpha/"), "the first build", served)
        yield served


def retitle(project: Path, title: str) -> None:
    alpha = project / "content_src" / "modules" / "alpha.yml"
    alpha.write_text(alpha.read_text("utf-8").replace("title: アルファ\n", f"title: {title}\n", 1), "utf-8")


def test_content_change_rebuilds_and_a_content_error_keeps_the_server(server: Server, mini_site: Path) -> None:
    alpha = mini_site / "content_src" / "modules" / "alpha.yml"
    original = alpha.read_text("utf-8")
    retitle(mini_site, "アルファ改訂版")
    wait_for(lambda: "アルファ改訂版" in fetch(server.url + "modules/alpha/"), "the new title", server)

    alpha.write_bytes((FIXTURES / "broken" / "syntax-error.yml").read_bytes())
    saved = time.monotonic()
    wait_for(
        lambda: "content_src/modules/alpha.yml:4:3" in fetch(server.url + "modules/alpha/"),
        "the page of content errors",
        server,
    )
    shown_after = time.monotonic() - saved
    assert "content_src/modules/alpha.yml:4:3: error[yaml-indent]:" in server.output()
    for url in ("", "modules/beta/", "no/such/page/"):  # every address, not only the page being edited
        assert "エラー[yaml-indent]" in fetch(server.url + url), url
    print(f"errors shown {shown_after:.1f} s after the save")
    assert shown_after < 15, shown_after

    alpha.write_text(original, "utf-8")
    retitle(mini_site, "アルファ第三版")
    wait_for(lambda: "アルファ第三版" in fetch(server.url + "modules/alpha/"), "the page after the fix", server)


def test_docs_change_rebuilds(server: Server, mini_site: Path) -> None:
    (mini_site / "docs" / "about.md").write_text("# 書き換えたページ\n\n新しい説明です。\n", "utf-8")
    wait_for(lambda: "新しい説明です。" in fetch(server.url + "about/"), "the changed docs page", server)


def test_a_course_script_change_rebuilds_the_bundle(server: Server, mini_site: Path) -> None:
    """Maintainers edit the sources (macros/browser.py); the preview serves the bundle made of them."""
    source = mini_site / "docs" / COURSE_SCRIPTS[-1]
    source.write_text(source.read_text("utf-8") + 'window.__edited = "編集済み";\n', "utf-8")
    wait_for(lambda: "編集済み" in fetch(server.url + BUNDLE), "the rebuilt bundle", server)


def test_content_broken_at_start_up_is_reported_and_the_server_starts_once_fixed(mini_site: Path) -> None:
    alpha = mini_site / "content_src" / "modules" / "alpha.yml"
    original = alpha.read_text("utf-8")
    alpha.write_bytes((FIXTURES / "broken" / "syntax-error.yml").read_bytes())
    with serve(mini_site) as server:
        wait_for(
            lambda: "content_src/modules/alpha.yml:4:3: error[yaml-indent]:" in server.output(),
            "the content error in the server output",
            server,
        )
        wait_for(lambda: "content_src/modules/alpha.yml:4:3" in fetch(server.url), "the page of content errors", server)
        assert "直して保存すると" in server.output()
        alpha.write_text(original, "utf-8")
        wait_for(lambda: "アルファ" in fetch(server.url + "modules/alpha/"), "the page after the fix", server)


def test_the_page_of_errors_escapes_what_the_author_wrote(server: Server, mini_site: Path) -> None:
    alpha = mini_site / "content_src" / "modules" / "alpha.yml"
    alpha.write_text(alpha.read_text("utf-8") + "<b>太字</b>: 1\n", "utf-8")  # an unknown field named in the message
    wait_for(lambda: "unknown-field" in fetch(server.url), "the page of content errors", server)
    page = fetch(server.url)
    assert "&lt;b&gt;太字&lt;/b&gt;" in page and "<b>太字</b>" not in page


def test_an_open_page_shows_the_errors_and_comes_back_by_itself(server: Server, mini_site: Path, page: Page) -> None:
    """In a real browser, nobody pressing reload: the page the author is reading follows each save."""
    alpha = mini_site / "content_src" / "modules" / "alpha.yml"
    original = alpha.read_text("utf-8")
    page.goto(server.url + "modules/alpha/")
    page.wait_for_selector("text=アルファ")
    alpha.write_bytes((FIXTURES / "broken" / "syntax-error.yml").read_bytes())
    page.wait_for_selector("#preview-findings >> text=content_src/modules/alpha.yml:4:3", timeout=TIMEOUT * 1000)
    assert "ヒント:" in page.inner_text("#preview-findings")
    retitle_source = original.replace("title: アルファ\n", "title: アルファ直した版\n", 1)
    alpha.write_text(retitle_source, "utf-8")
    page.wait_for_selector("h1:has-text('アルファ直した版')", timeout=TIMEOUT * 1000)
    assert page.url == server.url + "modules/alpha/"

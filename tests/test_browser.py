"""The built course in a real browser (Debian's Chromium), served under a sub-path, with no outside request."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SUB_PATH = "/hr/course/"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        pass


@pytest.fixture(scope="session")
def base_url(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site copied to an intranet-like sub-path and served on localhost."""
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(real_site, root / SUB_PATH.strip("/"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{SUB_PATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that records every request; the test fails if any goes to a non-local host."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page
    context.close()
    outside = [url for url in requests
               if urlparse(url).scheme not in ("data", "blob", "about") and urlparse(url).hostname != "127.0.0.1"]
    assert outside == [], f"requests to other hosts: {outside}"


def test_home_page_works_under_a_sub_path(page: Page, base_url: str) -> None:
    page.goto(base_url)
    expect(page.locator("h1").first).to_have_text("上司との協働を学ぶ")
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.reload()
    assert failed == []


def test_navigation_reaches_a_module_page(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.locator(".md-content a[href='modules/boss-management/']").first.click()
    expect(page).to_have_url(f"{base_url}modules/boss-management/")
    expect(page.locator("h1")).to_contain_text("ボスマネジメント")
    expect(page.locator("#objectives")).to_be_visible()


def test_search_finds_a_japanese_word(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.fill("心理的安全性")
    search.press("End")
    result = page.locator(".md-search-result__item a").first
    expect(result).to_be_visible(timeout=10_000)
    assert result.get_attribute("href").startswith(base_url)

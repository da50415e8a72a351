"""The built course in a real browser (Debian's Chromium), served under a sub-path, with no outside request."""

from __future__ import annotations

from playwright.sync_api import Page, expect

def test_home_page_works_under_a_sub_path(page: Page, base_url: str) -> None:
    page.goto(base_url)
    expect(page.locator("h1").first).to_contain_text("上司との協働を学ぶ")
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.reload()
    assert failed == []


def test_navigation_reaches_a_module_page(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.locator(".md-content a[href$='modules/boss-management/']").first.click()
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

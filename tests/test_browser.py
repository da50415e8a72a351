"""The built course in a real browser (Debian's Chromium), served under a sub-path, with no outside request."""

from __future__ import annotations

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
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


def test_final_test_of_the_real_course_draws_the_configured_number(page: Page, base_url: str) -> None:
    size = yaml.safe_load((ROOT / "content_src" / "course.yml").read_text("utf-8"))["final_test"]["questions"]
    page.goto(f"{base_url}final-test/")
    expect(page.locator("#quiz-final .quiz-question:visible")).to_have_count(size)


@pytest.mark.parametrize("url", ["modules/boss-management/", "progress/", "certificate/", "glossary/"])
def test_real_pages_have_no_serious_axe_violations(page: Page, base_url: str, url: str) -> None:
    page.goto(base_url + url)
    violations = Axe().run(page).response["violations"]
    assert [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in ("serious", "critical")] == []

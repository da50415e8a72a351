"""The lunr index built at build time (macros/search_prebuilt.py): the browser loads it instead of building
one, answers every query with the same pages as Material's own index, and searches as before without node."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from search_eval import INIT, SearchBox, evaluate, load_queries

from macros import search_prebuilt
from macros.search_prebuilt import KEY, add_prebuilt_index

VARIANTS = Path(__file__).with_name("search_variants.yml")


def index_of(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def copy_without_prebuilt(site: Path, to: Path) -> Path:
    """A copy of a built site as it is built without node: its index without the prebuilt part."""
    shutil.copytree(site, to)
    index = index_of(to)
    del index["config"][KEY]
    (to / "search" / "search_index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return to


@pytest.fixture(scope="module")
def site_without_prebuilt(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real course as built without node."""
    return copy_without_prebuilt(real_site, tmp_path_factory.mktemp("no-prebuilt") / "site")


def test_the_worker_loads_the_prebuilt_index(page: Page, base_url: str) -> None:
    page.add_init_script(INIT)
    page.goto(base_url)
    SearchBox(page).warm_up()
    assert [worker.evaluate("self.courseSearchIndex") for worker in page.workers] == ["prebuilt"]


@pytest.mark.parametrize("queries", [None, VARIANTS], ids=["search_queries", "search_variants"])
def test_prebuilt_index_answers_as_the_browser_built_one(
    real_site: Path, site_without_prebuilt: Path, browser: Browser, queries: Path | None
) -> None:
    asked = load_queries(queries) if queries else load_queries()
    prebuilt = evaluate(real_site, asked, browser=browser)
    built = evaluate(site_without_prebuilt, asked, browser=browser)
    assert [o.pages for o in prebuilt.outcomes] == [o.pages for o in built.outcomes]


def test_without_node_the_index_is_left_to_the_browser(
    real_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_without_prebuilt(real_site, tmp_path / "site")
    monkeypatch.setattr(search_prebuilt.shutil, "which", lambda name: None)
    assert not add_prebuilt_index(site)
    assert KEY not in index_of(site)["config"]


def test_a_failing_node_leaves_the_index_to_the_browser(real_site: Path, tmp_path: Path) -> None:
    site = copy_without_prebuilt(real_site, tmp_path / "site")
    assert not add_prebuilt_index(site, node="/bin/false")
    assert KEY not in index_of(site)["config"]

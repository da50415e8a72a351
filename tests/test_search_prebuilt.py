"""The lunr index built at build time (macros/search_prebuilt.py): the search worker fetches it with the
documents as a file of its own (a script on file://), answers every query as Material's own index would
(same pages, same highlighted extracts, same suggestion), and the site searches as before without node."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, Page, expect
from search_eval import INIT, Query, SearchBox, load_queries
from servers import serve_folder

from macros import search_prebuilt
from macros.search_prebuilt import (
    DATA_FILE,
    KEY,
    SCRIPT_FILE,
    add_prebuilt_index,
    install_loader,
    search_documents,
    worker_script,
)

pytestmark = pytest.mark.build

VARIANTS = Path(__file__).with_name("search_variants.yml")

#: What the search box shows for the query typed last: the count, the first results (Material renders ten
#: at once) as HTML, with their highlighted extracts, and the suggestion; links without the server.
SHOWN = """() => [
  document.querySelector(".md-search-result__meta").textContent,
  [...document.querySelectorAll(".md-search-result__item")].slice(0, 10)
    .map(item => item.innerHTML.replaceAll(location.origin, "")),
  document.querySelector(".md-search__suggest")?.textContent ?? ""
]"""


#: Every answer of the search worker as Material's listeners get it: all results, with the highlighted
#: extracts of those the list shows only when scrolled to, and the suggestion.
ANSWERS = """(() => {
  window.__answers = [];
  const Native = window.Worker;
  if (Native) window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", event => {
        if (event.data && event.data.type === 3) window.__answers.push(JSON.stringify(event.data.data));
      });
    }
  };
})()"""


def index_of(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def copy_without_prebuilt(site: Path, to: Path) -> Path:
    """A copy of a built site as it is built without node: Material's own search index, documents in it."""
    shutil.copytree(site, to)
    index = index_of(to)
    index["docs"] = search_documents(to)
    del index["config"][KEY]
    for name in (DATA_FILE, SCRIPT_FILE):
        (to / "search" / name).unlink(missing_ok=True)
    worker = worker_script(to)
    assert worker is not None
    install_loader(worker)  # as a build without node leaves it: no search data file to fetch
    (to / "search" / "search_index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return to


@pytest.fixture(scope="module")
def site_without_prebuilt(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real course as built without node."""
    return copy_without_prebuilt(real_site, tmp_path_factory.mktemp("no-prebuilt") / "site")


@pytest.fixture(scope="module")
def shared_drive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real course's shared-drive edition (opened from file://), as HR builds it."""
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "macros", "build", "--edition", "shared-drive", "--dist", str(dist)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dist / "shared-drive"


def first_search(page: Page, query: str = "上司") -> None:
    """Open the search box and type a query at once, as a learner does, until results are listed."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.fill(query)
    search.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)


def served_search(browser: Browser, site: Path) -> tuple[list[str], list[str]]:
    """One learner's first search on `site`, served: how each search worker got its index, and the URLs
    the page requested."""
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    with serve_folder(site) as base:
        page.goto(base)
        first_search(page)
    kinds = [worker.evaluate("self.courseSearchIndex") for worker in page.workers]
    context.close()
    return kinds, requests


def test_the_page_gets_the_configuration_and_the_worker_fetches_the_rest(browser: Browser, real_site: Path) -> None:
    index = index_of(real_site)
    assert index["docs"] == [] and index["config"][KEY] == {"json": DATA_FILE}
    kinds, requests = served_search(browser, real_site)
    assert kinds == ["prebuilt"]
    assert sum(url.endswith(f"/search/{DATA_FILE}") for url in requests) == 1


def test_without_the_prebuilt_index_no_search_data_is_fetched(browser: Browser, site_without_prebuilt: Path) -> None:
    kinds, requests = served_search(browser, site_without_prebuilt)
    assert kinds == ["built"]
    assert not [url for url in requests if "/search/search_data" in url]


def test_the_first_search_works_from_the_file_system(browser: Browser, shared_drive: Path) -> None:
    """file:// has no fetch: the data is a script the worker (the iframe-worker shim there) loads."""
    assert index_of(shared_drive)["config"][KEY] == {"script": SCRIPT_FILE}
    assert not (shared_drive / "search" / DATA_FILE).exists()
    page = browser.new_page()
    page.goto((shared_drive / "index.html").as_uri())
    first_search(page)
    assert [frame.evaluate("self.courseSearchIndex ?? null") for frame in page.frames[1:]] == ["prebuilt"]
    page.close()


@contextlib.contextmanager
def search_box(browser: Browser, site: Path) -> Iterator[tuple[Page, SearchBox]]:
    context = browser.new_context()
    context.add_init_script(INIT)
    context.add_init_script(ANSWERS)
    page = context.new_page()
    with serve_folder(site) as base:
        page.goto(base)
        box = SearchBox(page)
        box.warm_up()
        yield page, box
    context.close()


def shown(browser: Browser, site: Path, queries: Sequence[Query]) -> list[object]:
    with search_box(browser, site) as (page, box):
        answers = []
        for query in queries:
            box.ask(query.text)
            answers.append([*page.evaluate(SHOWN), page.evaluate("window.__answers.at(-1)")])
        return answers


@pytest.mark.parametrize("queries", [None, VARIANTS], ids=["search_queries", "search_variants"])
def test_prebuilt_index_answers_what_the_browser_built_one_answers(
    real_site: Path, site_without_prebuilt: Path, browser: Browser, queries: Path | None
) -> None:
    asked = load_queries(queries) if queries else load_queries()
    prebuilt = shown(browser, real_site, asked)
    built = shown(browser, site_without_prebuilt, asked)
    assert all(answer for *_, answer in prebuilt), "every query is answered"
    for query, ours, theirs in zip(asked, prebuilt, built, strict=True):
        assert ours == theirs, query.text


def test_without_node_the_index_is_left_to_the_browser(
    real_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_without_prebuilt(real_site, tmp_path / "site")
    before = index_of(site)
    monkeypatch.setattr(search_prebuilt.shutil, "which", lambda name: None)
    assert not add_prebuilt_index(site)
    assert index_of(site) == before and not (site / "search" / DATA_FILE).exists()


def test_a_failing_node_leaves_the_index_to_the_browser(real_site: Path, tmp_path: Path) -> None:
    site = copy_without_prebuilt(real_site, tmp_path / "site")
    before = index_of(site)
    assert not add_prebuilt_index(site, node="/bin/false")
    assert index_of(site) == before and not (site / "search" / DATA_FILE).exists()

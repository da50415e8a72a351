"""Recall@3 of the site's own search box, measured in a real browser.

Opens a built site as its learners do, types each query of `tests/search_queries.yml` into Material's
search box in Debian's Chromium (fill, then End: Material searches on key-up), and reads the first three
results (one per page, as Material groups them). A query is a hit when one of its expected pages is among
them; `#anchors`, `?h=` highlight parameters and the `.html` of offline editions are ignored. The edition
is read from the folder (`python -m macros build --edition …` makes `dist/<edition>/`):

- web: served on 127.0.0.1 under an intranet-like sub-path;
- shared-drive (a `search/search_index.js` beside the index): opened from `file://`;
- scorm (a `scorm-launch.html`): served, and opened at its launch page, as an LMS opens it (without an
  LMS run-time here: the launch page says so and the course runs on); the search box is the one in the
  launch page's course frame.

    python tests/search_eval.py SITE_DIR [SITE_DIR2 ...] [--queries FILE] [--min-recall 0.9] [-v]

prints one column per site: recall@3 overall and per category, the time from the key-up to the search
worker's answer and to the changed result list (median and 90th percentile), the size of
`search/search_index.json`, and the misses. From pytest: `recall_at_3(site_dir, queries)` or `evaluate(...)`.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import statistics
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from chromium import launch
from playwright.sync_api import Browser, Frame, Page
from servers import SUB_PATH, serve_folder

from macros.search_prebuilt import DATA_FILE, SCRIPT_FILE

QUERIES = Path(__file__).with_name("search_queries.yml")
TOP = 3

# Before the page loads: note when any web worker (Material's search worker) posts a message back.
INIT = """(() => {
  window.__search = {key: null, replies: [], batches: []};
  const Native = window.Worker;
  if (Native) window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => window.__search.replies.push(performance.now()));
    }
  };
})()"""

# Once loaded: note when the first key goes up in the search box after `key` was reset (fill() inserts
# text without key events, so it is the End pressed after it), and when the result list changes.
_PROBE = """() => {
  const input = document.querySelector("input.md-search__input");
  input.addEventListener("keyup", () => { window.__search.key ??= performance.now(); }, true);
  new MutationObserver(() => window.__search.batches.push(performance.now()))
    .observe(document.querySelector(".md-search-result"), {childList: true, subtree: true, characterData: true});
}"""

_TOP_PAGES = """(n) => [...document.querySelectorAll(".md-search-result__list > .md-search-result__item")]
  .slice(0, n).map(item => item.querySelector("a.md-search-result__link").href)"""


@dataclass(frozen=True)
class Query:
    """One query as a learner types it, and the pages (site-relative URLs) that should answer it."""

    text: str
    expected: tuple[str, ...]
    category: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the search box showed for one query: its first pages, and milliseconds from the key-up to
    the worker's answer (`worker_ms`) and to the changed result list (`ms`)."""

    query: Query
    pages: tuple[str, ...]
    ms: float
    worker_ms: float = 0.0

    @property
    def hit(self) -> bool:
        return any(page in self.pages for page in self.query.expected)


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def _p90(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))] if ordered else 0.0


@dataclass
class Report:
    """All outcomes for one built site."""

    site: Path
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.recall_of(None)

    def recall_of(self, category: str | None) -> float:
        """Recall@3 over one category (None: all queries), 0.0–1.0."""
        outcomes = [o for o in self.outcomes if category is None or o.query.category == category]
        return sum(o.hit for o in outcomes) / len(outcomes) if outcomes else 0.0

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.hit]

    @property
    def median_ms(self) -> float:
        return _median([o.ms for o in self.outcomes])

    @property
    def p90_ms(self) -> float:
        return _p90([o.ms for o in self.outcomes])


def normalise(url: str, root: str = SUB_PATH) -> str:
    """A page as a site-relative URL in directory form: no scheme, host, site root (`root`, a path),
    query or anchor, `x.html` as `x/` (`""` is the home page)."""
    path = urlsplit(url).path
    path = path.removeprefix(root)
    path = path.removesuffix("index.html")
    if path.endswith(".html"):
        path = path.removesuffix(".html") + "/"
    return "" if path in ("", "./", "/") else path


def edition_of(site: Path) -> str:
    """web, shared-drive or scorm, from the files the edition's build leaves in its folder."""
    if (Path(site) / "scorm-launch.html").is_file():
        return "scorm"
    if (Path(site) / "search" / "search_index.js").is_file():
        return "shared-drive"
    return "web"


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The query set: a mapping of category to a list of `{q: text, expect: [url, ...]}`."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    queries = []
    for category, items in data.items():
        for item in items:
            expected = [item["expect"]] if isinstance(item["expect"], str) else item["expect"]
            queries.append(Query(str(item["q"]), tuple(normalise(e) for e in expected), str(category)))
    return queries


def index_size(site: Path) -> tuple[int, int]:
    """Bytes of the search index as stored and gzip-compressed (as most servers send it): Material's
    `search/search_index.json` and the prebuilt data beside it, if any (macros/search_prebuilt.py)."""
    folder = Path(site) / "search"
    files = [folder / "search_index.json", folder / DATA_FILE, folder / SCRIPT_FILE]
    data = [path.read_bytes() for path in files if path.is_file()]
    return sum(map(len, data)), sum(len(gzip.compress(part, 6)) for part in data)


class SearchBox:
    """Material's search box on a page (or the course frame of an LMS) opened with `INIT`; `ask` types a
    query and reads the results, as URLs relative to `root` (the site's root path)."""

    def __init__(self, page: Page | Frame, timeout_ms: float = 10_000, root: str = SUB_PATH) -> None:
        self.page, self.timeout, self.root = page, timeout_ms, root
        page.locator("label.md-search__icon, .md-search__input").first.click()
        self.input = page.locator("input.md-search__input")
        page.evaluate(_PROBE)
        self.value = ""

    def _first_after_key(self, series: str) -> str:
        return f"window.__search.{series}.find(t => t >= window.__search.key)"

    def _type(self, text: str, timeout_ms: float | None = None) -> tuple[float, float]:
        """Type `text`, press End and wait for the result list to change; returns milliseconds from the
        key-up to the list change and to the worker's answer."""
        self.page.evaluate("window.__search.key = null")
        self.input.fill(text)
        self.input.press("End")
        shown, answered = self._first_after_key("batches"), self._first_after_key("replies")
        self.page.wait_for_function(
            f"window.__search.key !== null && {shown} !== undefined", timeout=timeout_ms or self.timeout
        )
        self.value = text
        key = "window.__search.key"
        ms, worker_ms = self.page.evaluate(f"[{shown} - {key}, ({answered} ?? NaN) - {key}]")
        return float(ms), float(worker_ms)

    def warm_up(self, text: str = "上司", timeout_ms: float = 120_000) -> None:
        """Type a first query and wait until results are listed: the worker has loaded and indexed
        everything. (Timed asks need this first: a query typed before the worker is ready is answered
        when it becomes ready, which may be before the key-up that `_type` times from.)"""
        self.input.fill(text)
        self.input.press("End")
        self.page.wait_for_function(
            "() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=timeout_ms
        )
        self.value = text

    def ask(self, text: str, timeout_ms: float | None = None) -> tuple[tuple[str, ...], float, float]:
        """Type a query over the previous one; returns the first pages, and the times as in `_type`."""
        if text == self.value:
            self._type("", timeout_ms)  # Material only searches when the value changes
        ms, worker_ms = self._type(text, timeout_ms)
        return tuple(normalise(url, self.root) for url in self.page.evaluate(_TOP_PAGES, TOP)), ms, worker_ms


def evaluate(
    site: Path,
    queries: Sequence[Query],
    *,
    browser: Browser | None = None,
    progress: Callable[[Outcome], None] | None = None,
) -> Report:
    """Run every query through the search box of `site` (a built site directory)."""
    report = Report(Path(site))
    with contextlib.ExitStack() as stack:
        browser = browser or stack.enter_context(launch())
        context = browser.new_context()
        stack.callback(context.close)
        # Offline, as on the intranet: any request to another host fails.
        context.route(lambda url: urlsplit(url).hostname not in (None, "127.0.0.1"), lambda route: route.abort())
        context.add_init_script(INIT)
        page = context.new_page()
        box = stack.enter_context(_open(page, Path(site)))
        box.warm_up()
        for query in queries:
            outcome = Outcome(query, *box.ask(query.text))
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)
    return report


@contextlib.contextmanager
def _open(page: Page, site: Path) -> Iterator[SearchBox]:
    """Open the site's home page as its edition is opened (see the module docstring); yields its search box."""
    edition = edition_of(site)
    if edition == "shared-drive":
        root = site.resolve().as_uri() + "/"
        page.goto(root + "index.html")
        yield SearchBox(page, root=urlsplit(root).path)
    elif edition == "scorm":
        with serve_folder(site) as base:
            page.goto(f"{base}scorm-launch.html")
            page.wait_for_function("""() => document.querySelector("iframe#course")
                ?.contentDocument?.querySelector("input.md-search__input")""")
            course = next(f for f in page.frames if urlsplit(f.url).path == f"{SUB_PATH}index.html")
            yield SearchBox(course)
    else:
        with serve_folder(site) as base:
            page.goto(base)
            yield SearchBox(page)


def recall_at_3(site_dir: Path, queries: Sequence[Query] | None = None, *, browser: Browser | None = None) -> float:
    """Share of queries with an expected page among the first three results (0.0–1.0)."""
    return evaluate(Path(site_dir), load_queries() if queries is None else queries, browser=browser).recall


# --- the table -----------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Display width in a terminal: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def format_table(reports: Sequence[Report]) -> str:
    """Side-by-side summary, one column per site, then every query that some site missed."""
    names = [r.site.name or str(r.site) for r in reports]
    col = max(12, *(_width(n) for n in names)) + 2
    head = 34
    lines = [_pad("", head) + "".join(_pad(n, col) for n in names)]

    def row(label: str, values: Sequence[str]) -> None:
        lines.append(_pad(label, head) + "".join(_pad(v, col) for v in values))

    first = reports[0].outcomes
    row(f"recall@{TOP} ({len(first)} queries)", [f"{r.recall:.1%} ({sum(o.hit for o in r.outcomes)})" for r in reports])
    for category in dict.fromkeys(o.query.category for o in first):
        n = sum(o.query.category == category for o in first)
        row(f"  {category} ({n})", [f"{r.recall_of(category):.0%}" for r in reports])
    row("ms key → worker answer, median", [f"{_median([o.worker_ms for o in r.outcomes]):.0f}" for r in reports])
    row("  90th percentile", [f"{_p90([o.worker_ms for o in r.outcomes]):.0f}" for r in reports])
    row("ms key → list shown, median", [f"{r.median_ms:.0f}" for r in reports])
    row("  90th percentile", [f"{r.p90_ms:.0f}" for r in reports])
    row("search index bytes", [f"{index_size(r.site)[0]:,}" for r in reports])
    row("  gzip -6", [f"{index_size(r.site)[1]:,}" for r in reports])

    missed = [i for i in range(len(first)) if any(not r.outcomes[i].hit for r in reports)]
    if missed:
        lines += ["", f"misses (✗: no expected page among the first {TOP} results):"]
        for i in missed:
            query = first[i].query
            marks = "".join(_pad("✓" if r.outcomes[i].hit else "✗", col) for r in reports)
            want = " | ".join(e or "(home)" for e in query.expected)
            lines.append(_pad(f"  {query.text}", head) + marks + f"want {want}")
            for r in reports:
                if not r.outcomes[i].hit:
                    got = ", ".join(p or "(home)" for p in r.outcomes[i].pages) or "(nothing)"
                    lines.append(_pad("", head) + f"    {r.site.name}: {got}")
    return "\n".join(lines)


#: Material's documented Japanese set-up, for the side-by-side baseline.
STOCK_SEARCH = "  - search:\n      lang: ja\n"


def build_site(project: Path, dest: Path, *, stock: bool = False) -> Path:
    """Build a copy of `project` into `dest`; with `stock`, with Material's own Japanese search set-up
    (`lang: ja`, its separator, no index preparation) instead of ours, on the same content."""
    import re
    import shutil
    import subprocess

    work = dest / ("stock-src" if stock else "ours-src")
    for name in ("content_src", "docs", "macros"):
        shutil.copytree(project / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (project / "mkdocs.yml").read_text("utf-8")
    if stock:
        config = re.sub(r"  - search\b.*\n(?:      .*\n|\s*#.*\n)*", STOCK_SEARCH, config)
        config = config.replace("  - course:", "  - course:\n      japanese_search: false", 1)
    (work / "mkdocs.yml").write_text(config, "utf-8")
    site = dest / ("stock" if stock else "ours")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)],
        cwd=work,
        check=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return site


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="*", type=Path, help="built site directories (mkdocs build -d …)")
    parser.add_argument(
        "--project",
        type=Path,
        default=None,
        help="build this project twice (ours, and stock Material `lang: ja`) and compare them",
    )
    parser.add_argument("--queries", type=Path, default=QUERIES, help="query set (YAML)")
    parser.add_argument(
        "--min-recall", type=float, default=None, help="exit 1 if the first site's recall@3 is below this (0–1)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print every query as it is answered")
    args = parser.parse_args(argv)
    queries = load_queries(args.queries)
    if args.project:
        import tempfile

        scratch = Path(tempfile.mkdtemp(prefix="search-eval-"))
        args.sites = [build_site(args.project, scratch), build_site(args.project, scratch, stock=True), *args.sites]

    def progress(o: Outcome) -> None:
        pages = ", ".join(p or "(home)" for p in o.pages) or "(nothing)"
        print(f"{'✓' if o.hit else '✗'} {o.worker_ms:5.0f} {o.ms:5.0f} ms  {o.query.text}  →  {pages}", file=sys.stderr)

    with launch() as browser:
        reports = []
        for site in args.sites:
            if args.verbose:
                print(f"== {site}", file=sys.stderr)
            reports.append(evaluate(site, queries, browser=browser, progress=progress if args.verbose else None))
    print(format_table(reports))
    if args.min_recall is not None and reports[0].recall < args.min_recall:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

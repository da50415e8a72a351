"""Shared fixtures: throw-away copies of a small valid project and of the real one."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


#: Fixtures that launch Chromium, and fixtures that run a full `mkdocs build` (directly or through another
#: fixture): a test using one is marked `browser` or `build` without a decorator, so the fast subset
#: `pytest -m "not browser and not build"` (README) leaves it out. Tests that build without such a
#: fixture carry the mark themselves (`pytestmark = pytest.mark.build`).
BROWSER_FIXTURES = {"browser"}
BUILD_FIXTURES = {
    "built",
    "real_site",
    "mini_url",
    "mini_grouped_url",
    "mini_instant_url",
    "editions",
    "poisoned_editions",
    "previously_built",
    "lms_url",
    "specials",
    "injected",
}


_running: list[pytest.Item] = []


@pytest.fixture(autouse=True)
def _current_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Remembers the running test, so that `mkdocs_build` can insist that it is marked `build`."""
    _running.append(request.node)
    yield
    _running.pop()


def require_build_mark() -> None:
    """A full build outside a `build`-marked test would slow down the fast subset: fail, saying so."""
    if _running and _running[-1].get_closest_marker("build") is None:
        pytest.fail(
            f"{_running[-1].nodeid} runs a full build: mark it `@pytest.mark.build` "
            "(or use a fixture listed in BUILD_FIXTURES)",
            pytrace=False,
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A minimal valid project (two modules) with the real UI strings."""
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copy(ROOT / "content_src" / "ui.yml", project / "content_src" / "ui.yml")
    return project


def copy_site_files(dest: Path) -> Path:
    """The real site scaffolding (docs, macros, mkdocs.yml)."""
    for name in ("docs", "macros"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture
def mini_site(mini: Path) -> Path:
    """The minimal project with the real docs/, macros/ and mkdocs.yml: small enough to build in a second."""
    return copy_site_files(mini)


@pytest.fixture
def built(mini_site: Path) -> Path:
    """The minimal project, built with --strict."""
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode == 0, result.stderr
    return mini_site / "site"


def built_page(site: Path, url: str) -> str:
    """The HTML of a built page, by its directory URL ('' for the home page)."""
    return (site / url / "index.html").read_text("utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real project that a test may change."""
    shutil.copytree(ROOT / "content_src", tmp_path / "project" / "content_src")
    return copy_site_files(tmp_path / "project")


def mkdocs_build(
    project: Path, *args: str, offline: bool = False, program: str = "mkdocs", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` exactly as an author runs it, in its own process; `offline` refuses every connection.
    `program="properdocs"` runs the maintained fork instead; `env` adds variables (COURSE_EDITION…)."""
    require_build_mark()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if offline:  # fixtures/offline/sitecustomize.py replaces socket connections with an error
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(FIXTURES / "offline"), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", program, "build", *args],
        cwd=project,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real course, built once with --strict while every network connection is refused."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, "--strict", "--site-dir", str(site), offline=True)
    assert result.returncode == 0, result.stderr
    assert "network access attempted" not in result.stderr
    return site


# --- the browser ------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SUB_PATH = "/hr/course/"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site: Path | Callable[[str], Path], root: Path) -> Iterator[str]:
    """Serve a site on localhost under an intranet-like sub-path (/hr/course/). `site` may be a function
    that builds the site once the URL is known."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    url = f"http://127.0.0.1:{server.server_port}{SUB_PATH}"
    shutil.copytree(site if isinstance(site, Path) else site(url), root / SUB_PATH.strip("/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real course, served."""
    yield from serve(real_site, tmp_path_factory.mktemp("www"))


def build_mini(tmp_path_factory: pytest.TempPathFactory, extra_config: str = "", extra_course: str = "") -> Path:
    project = tmp_path_factory.mktemp("mini-site") / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copy(ROOT / "content_src" / "ui.yml", project / "content_src" / "ui.yml")
    copy_site_files(project)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(extra_config)
    with (project / "content_src" / "course.yml").open("a", encoding="utf-8") as course:
        course.write(extra_course)
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def mini_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal course (known answers), built and served."""
    yield from serve(build_mini(tmp_path_factory), tmp_path_factory.mktemp("www-mini"))


@pytest.fixture(scope="session")
def mini_grouped_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal course with module alpha in a group of its own (`module_groups`), built and served."""
    yield from serve(
        build_mini(tmp_path_factory, extra_course="module_groups:\n  - {title: 基礎編, modules: [alpha]}\n"),
        tmp_path_factory.mktemp("www-mini-grouped"),
    )


@pytest.fixture(scope="session")
def mini_instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same with `site_url` set to where it is served: Material turns on instant navigation only then."""
    yield from serve(
        lambda url: build_mini(tmp_path_factory, f"\nsite_url: {url}\n"), tmp_path_factory.mktemp("www-mini-instant")
    )


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
    outside = [
        url
        for url in requests
        if urlparse(url).scheme not in ("data", "blob", "about") and urlparse(url).hostname != "127.0.0.1"
    ]
    assert outside == [], f"requests to other hosts: {outside}"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="rewrite tests/fixtures/snapshots/ from the current output (review the diff before committing)",
    )


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    """`pytest --update-snapshots` (or UPDATE_SNAPSHOTS=1): write the snapshot instead of comparing with it."""
    return bool(request.config.getoption("--update-snapshots") or os.environ.get("UPDATE_SNAPSHOTS"))

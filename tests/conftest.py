"""Shared fixtures: throw-away copies of a small valid project and of the real one."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from chromium import launch
from playwright.sync_api import Browser, Page
from servers import serve_folder

from macros.__main__ import main
from macros.check import CheckResult, check_project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


#: Fixtures that launch Chromium, and fixtures that run a full `mkdocs build` (directly or through another
#: fixture): a test using one is marked `browser` or `build` without a decorator, so the fast subset
#: `pytest -m "not browser and not build and not slow"` (README) leaves it out. Tests that build without
#: such a fixture carry the mark themselves (`pytestmark = pytest.mark.build`); tests slow by nature
#: without a build (Node.js, mypy, a whole-course originality scan) carry `slow`.
#:
#: Session and module fixtures (`built`, `mini_built`, `mini_lms_packages`, `real_site`, `real_check`…) are
#: shared: read them, never change them. A test that changes a project takes its own copy (`mini`,
#: `mini_site`, `project`, `previously_built`).
BROWSER_FIXTURES = {"browser"}
BUILD_FIXTURES = {
    "mini_built",
    "mini_lms_packages",
    "built",
    "real_site",
    "mini_url",
    "mini_grouped_url",
    "mini_instant_url",
    "editions",
    "poisoned_editions",
    "previously_built",
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


def copy_mini(project: Path) -> Path:
    """A minimal valid project (two modules) with the real UI strings, at `project`."""
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copy(ROOT / "content_src" / "ui.yml", project / "content_src" / "ui.yml")
    return project


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A minimal valid project (two modules) with the real UI strings."""
    return copy_mini(tmp_path / "mini")


def copy_course(dest: Path) -> Path:
    """A copy of what `check` reads: content_src/, and docs/, whose hand-written pages are course text too
    (content_src/search.yml's words may be theirs)."""
    shutil.copytree(ROOT / "content_src", dest / "content_src")
    shutil.copytree(ROOT / "docs", dest / "docs")
    return dest


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


def edition_build(project: Path, edition: str, dist: Path) -> Path:
    """`python -m macros build --edition …`, exactly as HR runs it (in its own process)."""
    require_build_mark()
    result = subprocess.run(
        [sys.executable, "-m", "macros", "build", "--edition", edition, "--dist", str(dist)],
        cwd=project,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dist


@pytest.fixture(scope="session")
def mini_lms_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The minimal course's SCORM 1.2 and SCORM 2004 packages, each built once by HR's command and
    unzipped (read only: copy one to change it)."""
    project = mini_project(tmp_path_factory)
    packages = {}
    for edition in ("scorm", "scorm2004"):
        dist = edition_build(project, edition, project / "dist")
        packages[edition] = tmp_path_factory.mktemp(edition)
        with zipfile.ZipFile(dist / f"mini-course-{edition}.zip") as archive:
            archive.extractall(packages[edition])
    return packages


@dataclass(frozen=True)
class Ran:
    """What a command printed and its exit status (the fields of subprocess.CompletedProcess)."""

    returncode: int
    stdout: str
    stderr: str


def macros_command(*args: str) -> Ran:
    """`python -m macros …` in this process: the same `main()`, parser, output and exit status as the
    command, without starting Python again (about 0.3 s each). Each command keeps one test that goes
    through the real command line (`sys.executable -m macros`)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as refused:  # argparse's exit on a wrong command line
            code = refused.code if isinstance(refused.code, int) else 1
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def real_check() -> CheckResult:
    """The real course as the checker reads it, once per session (read only: copy the course to change it)."""
    return check_project(ROOT)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real course, built once with --strict while every network connection is refused."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, "--strict", "--site-dir", str(site), offline=True)
    assert result.returncode == 0, result.stderr
    assert "network access attempted" not in result.stderr
    return site


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def base_url(real_site: Path) -> Iterator[str]:
    """The real course, served under an intranet-like sub-path (/hr/course/)."""
    with serve_folder(real_site) as url:
        yield url


def mini_project(tmp_path_factory: pytest.TempPathFactory, extra_config: str = "", extra_course: str = "") -> Path:
    """A fresh copy of the minimal project with the site files, for a session or module fixture."""
    project = copy_site_files(copy_mini(tmp_path_factory.mktemp("mini-site") / "mini"))
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(extra_config)
    with (project / "content_src" / "course.yml").open("a", encoding="utf-8") as course:
        course.write(extra_course)
    return project


def build_mini(tmp_path_factory: pytest.TempPathFactory, extra_config: str = "", extra_course: str = "") -> Path:
    project = mini_project(tmp_path_factory, extra_config, extra_course)
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project after `mkdocs build --strict`, built once per session: read it, never change it
    (`previously_built` gives a test its own copy)."""
    return build_mini(tmp_path_factory).parent


@pytest.fixture(scope="session")
def built(mini_built: Path) -> Path:
    """The minimal project's site, built with --strict (shared: read only)."""
    return mini_built / "site"


@pytest.fixture
def previously_built(mini_built: Path, tmp_path: Path) -> Path:
    """A copy of the built minimal project (its site/ included) that a test may change and build again."""
    return Path(shutil.copytree(mini_built, tmp_path / "mini", symlinks=True))


@pytest.fixture(scope="session")
def mini_url(built: Path) -> Iterator[str]:
    """The minimal course (known answers), built and served."""
    with serve_folder(built) as url:
        yield url


@pytest.fixture(scope="session")
def mini_grouped_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal course with module alpha in a group of its own (`module_groups`), built and served."""
    grouped = build_mini(tmp_path_factory, extra_course="module_groups:\n  - {title: 基礎編, modules: [alpha]}\n")
    with serve_folder(grouped) as url:
        yield url


@pytest.fixture(scope="session")
def mini_instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same with `site_url` set to where it is served: Material turns on instant navigation only then."""
    project = mini_project(tmp_path_factory)
    with serve_folder(project / "site") as url:
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write(f"\nsite_url: {url}\n")
        result = mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.stderr
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with launch() as browser:
        yield browser


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

"""The editions HR can host, each built with its one command and exercised in Chromium: web (under a
sub-path, with the recommended Content-Security-Policy) and shared drive (file://). The SCORM packages
run under scorm-again in tests/test_scorm.py, and their manifests are validated in tests/test_scorm_manifest.py."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, Page, expect
from search_eval import Report, evaluate, format_table, load_queries
from servers import QuietHandler, serve_folder

from macros.browser import BUNDLE, COURSE_SCRIPTS
from macros.editions import EDITIONS

#: The header docs/deploy.md recommends; the web edition must run under it without a single violation.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every edition of the real course and the answer-key pack, from HR's one command."""
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "macros", "build", "--all", "--dist", str(dist)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dist


def record_requests(page: Page) -> list[str]:
    """Record every request of the page; the test asserts at the end that all stayed local."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    return requests


def outside(requests: list[str], *, host: str | None) -> list[str]:
    return [
        u
        for u in requests
        if urlparse(u).scheme not in ("data", "blob", "about", "file") and urlparse(u).hostname != host
    ]


# --- every edition is one command and a zip ------------------------------------------------------


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_each_edition_is_built_and_zipped(editions: Path, edition: str) -> None:
    archive = editions / f"managing-up-course-{edition}.zip"
    names = zipfile.ZipFile(archive).namelist()
    assert "index.html" in names
    if edition == "web":
        assert "modules/boss-management/index.html" in names
    else:
        assert "modules/boss-management.html" in names and "search/search_index.js" in names


def test_one_command_builds_every_edition_with_checksums(editions: Path) -> None:
    lines = (editions / "SHA256SUMS").read_text("utf-8").splitlines()
    sums = dict(reversed(line.split("  ")) for line in lines)
    assert set(sums) == {f"managing-up-course-{e}.zip" for e in [*EDITIONS, "answer-keys"]}
    for name, digest in sums.items():
        assert hashlib.sha256((editions / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("edition", [*EDITIONS, "answer-keys"])
def test_no_package_carries_source_maps(editions: Path, edition: str) -> None:
    names = zipfile.ZipFile(editions / f"managing-up-course-{edition}.zip").namelist()
    assert [n for n in names if n.endswith(".map")] == []


@pytest.mark.parametrize("edition", [*EDITIONS, "answer-keys"])
def test_every_package_carries_the_course_scripts_as_the_bundle_only(editions: Path, edition: str) -> None:
    """Pages load the bundle (macros/browser.py): a source script beside it would be dead weight."""
    names = zipfile.ZipFile(editions / f"managing-up-course-{edition}.zip").namelist()
    assert BUNDLE in names
    assert [n for n in names if n in COURSE_SCRIPTS] == []


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_hr_pages_are_in_the_navigation_only_outside_an_lms(editions: Path, edition: str) -> None:
    """In an LMS the learner never hosts the course: HR's guides stay in the package (the how-to page
    links the contact page) but leave the navigation."""
    archive = zipfile.ZipFile(editions / f"managing-up-course-{edition}.zip")
    home = archive.read("index.html").decode()
    nav = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*class="md-nav__link', home)
    links = {a or b for a, b in nav}
    hr = {link for link in links if re.search(r"(^|/)(hr|deploy)(\.html|/)", link)}
    assert (hr == set()) == (EDITIONS[edition].lms is not None), links


ANSWER_KEY_PAGES = ("print", "facilitator")


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_no_learner_package_holds_an_answer_key_page(editions: Path, edition: str) -> None:
    names = zipfile.ZipFile(editions / f"managing-up-course-{edition}.zip").namelist()
    assert [n for n in names if n.split("/")[0].removesuffix(".html") in ANSWER_KEY_PAGES] == []
    assert "worksheets.html" in names or "worksheets/index.html" in names
    hr = next(n for n in names if n in ("hr.html", "hr/index.html"))
    page = zipfile.ZipFile(editions / f"managing-up-course-{edition}.zip").read(hr).decode()
    assert "facilitator" not in page and "answer-keys.zip" in page


def test_hr_gets_the_answer_key_pages_in_a_zip_of_their_own(editions: Path) -> None:
    names = zipfile.ZipFile(editions / "managing-up-course-answer-keys.zip").namelist()
    assert {"print.html", "facilitator.html", "hr.html"} <= set(names)


# --- web edition: any sub-path, strict CSP -------------------------------------------------------


class CSPHandler(QuietHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()


@pytest.fixture(scope="session")
def web_url(editions: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("www-web")
    with zipfile.ZipFile(editions / "managing-up-course-web.zip") as archive:
        archive.extractall(root)
    with serve_folder(root, handler=CSPHandler) as url:
        yield url


def test_web_edition_runs_under_the_recommended_csp(browser: Browser, web_url: str) -> None:
    page = browser.new_page()
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => "
        "window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    requests = record_requests(page)
    page.goto(web_url)
    page.locator(".md-content a[href$='modules/boss-management/']").first.click()
    expect(page.locator("#quiz-boss-management .quiz-check")).to_be_visible()
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.fill("心理的安全性")
    search.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    page.goto(web_url + "certificate/")
    assert page.evaluate("window.cspViolations") == []
    assert outside(requests, host="127.0.0.1") == []
    page.close()


def test_deploy_guide_recommends_exactly_the_tested_header() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text("utf-8")
    assert CSP in guide


# --- shared-drive edition: file:// -------------------------------------------------------------


def test_shared_drive_edition_works_from_the_file_system(browser: Browser, editions: Path) -> None:
    page = browser.new_page()
    requests = record_requests(page)
    page.goto((editions / "shared-drive" / "index.html").as_uri())
    page.locator(".md-content a[href$='boss-management.html']").first.click()
    expect(page.locator("h1")).to_contain_text("ボスマネジメント")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.fill("フォロワーシップ")
    search.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    search.press("Escape")
    quiz = page.locator("#quiz-boss-management")
    for question in quiz.locator(".quiz-question").all():
        question.locator("input").first.check()
    quiz.locator(".quiz-check").click()
    expect(quiz.locator(".quiz-result")).to_contain_text("問正解")
    page.reload()
    expect(quiz.locator(".quiz-result")).to_contain_text("問正解")
    assert outside(requests, host=None) == []
    page.close()


# --- search in every edition ----------------------------------------------------------------------

VARIANTS = Path(__file__).with_name("search_variants.yml")


@pytest.fixture(scope="module")
def web_search(browser: Browser, editions: Path) -> Report:
    return evaluate(editions / "web", load_queries(VARIANTS), browser=browser)


@pytest.mark.parametrize("edition", ["shared-drive", "scorm", "scorm2004"])
def test_search_finds_as_much_offline_and_in_an_lms_as_on_the_web(
    browser: Browser, editions: Path, web_search: Report, edition: str
) -> None:
    """Through each edition's own search box: file://, and the course frame of the SCORM launch page."""
    other = evaluate(editions / edition, load_queries(VARIANTS), browser=browser)
    assert other.recall >= web_search.recall - 0.01, format_table([web_search, other])


# --- SCORM 1.2 ---------------------------------------------------------------------------------

NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}


def test_scorm_manifest_is_a_valid_scorm_12_package(editions: Path) -> None:
    with zipfile.ZipFile(editions / "managing-up-course-scorm.zip") as archive:
        names = set(archive.namelist())
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.tag == f"{{{NS['cp']}}}manifest"
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    organizations = manifest.find("cp:organizations", NS)
    default = organizations.get("default")
    organization = organizations.find(f"cp:organization[@identifier='{default}']", NS)
    assert organization is not None and organization.findtext("cp:title", namespaces=NS)
    item = organization.find("cp:item", NS)
    resource = manifest.find(f"cp:resources/cp:resource[@identifier='{item.get('identifierref')}']", NS)
    assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    assert resource.get("type") == "webcontent"
    assert resource.get("href") in names
    listed = {f.get("href") for f in resource.findall("cp:file", NS)}
    assert listed == names - {"imsmanifest.xml"}

"""The three editions HR can host, each built with its one command and exercised in Chromium:
web (under a sub-path, with the recommended Content-Security-Policy), shared drive (file://) and SCORM 1.2."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import FIXTURES, ROOT, SUB_PATH, QuietHandler, copy_site_files
from playwright.sync_api import Browser, FrameLocator, Page, expect
from test_quiz import RIGHT, WRONG, box

#: The header docs/deploy.md recommends; the web edition must run under it without a single violation.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'self'")


def build(project: Path, edition: str, dist: Path) -> Path:
    """`python -m macros build --edition …`, exactly as HR runs it."""
    result = subprocess.run([sys.executable, "-m", "macros", "build", "--edition", edition, "--dist", str(dist)],
                            cwd=project, check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return dist


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    for edition in ("web", "shared-drive", "scorm"):
        build(ROOT, edition, dist)
    return dist


def served(root: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def record_requests(page: Page) -> list[str]:
    """Record every request of the page; the test asserts at the end that all stayed local."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    return requests


def outside(requests: list[str], *, host: str | None) -> list[str]:
    return [u for u in requests if urlparse(u).scheme not in ("data", "blob", "about", "file")
            and urlparse(u).hostname != host]


# --- every edition is one command and a zip ------------------------------------------------------

@pytest.mark.parametrize("edition", ["web", "shared-drive", "scorm"])
def test_each_edition_is_built_and_zipped(editions: Path, edition: str) -> None:
    archive = editions / f"managing-up-course-{edition}.zip"
    names = zipfile.ZipFile(archive).namelist()
    assert "index.html" in names
    if edition == "web":
        assert "modules/boss-management/index.html" in names
    else:
        assert "modules/boss-management.html" in names and "search/search_index.js" in names


ANSWER_KEY_PAGES = ("print", "facilitator")


@pytest.mark.parametrize("edition", ["web", "shared-drive", "scorm"])
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
        archive.extractall(root / SUB_PATH.strip("/"))
    for url in served(root, CSPHandler):
        yield url + SUB_PATH.lstrip("/")


def test_web_edition_runs_under_the_recommended_csp(browser: Browser, web_url: str) -> None:
    page = browser.new_page()
    page.add_init_script("window.cspViolations = [];"
                         "document.addEventListener('securitypolicyviolation', e => "
                         "window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));")
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


@pytest.fixture(scope="session")
def lms_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal course's SCORM package at /pkg/ and the mock LMS at /lms/, on one origin."""
    project = tmp_path_factory.mktemp("mini-scorm") / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copy(ROOT / "content_src" / "ui.yml", project / "content_src" / "ui.yml")
    copy_site_files(project)
    dist = build(project, "scorm", project / "dist")
    root = tmp_path_factory.mktemp("www-lms")
    with zipfile.ZipFile(dist / "mini-course-scorm.zip") as archive:
        archive.extractall(root / "pkg")
    shutil.copytree(FIXTURES / "mock-lms", root / "lms")
    yield from served(root)


def open_lms(page: Page, lms_url: str, seed: dict[str, str] | None = None) -> FrameLocator:
    if seed:
        page.add_init_script(f"window.lmsSeed = {json.dumps(seed)};")
    page.goto(f"{lms_url}lms/index.html?sco=/pkg/scorm-launch.html")
    course = page.frame_locator("#sco").frame_locator("#course")
    expect(course.locator("h1")).to_be_visible()
    return course


def take_alpha_quiz(course: FrameLocator, answers: dict[str, list[str]]) -> None:
    course.locator(".md-content a[href$='alpha.html']").first.click()
    for question, letters in answers.items():
        for letter in letters:
            course.locator(box(question, letter)).check()
    course.locator("#quiz-alpha .quiz-check").click()
    expect(course.locator("#quiz-alpha .quiz-result")).to_contain_text("問正解")  # graded: the key has loaded


def calls(page: Page) -> list[list[str]]:
    return page.evaluate("window.lmsCalls")


def finish_session(page: Page) -> None:
    """The LMS closes the SCO frame, as when the learner leaves the course."""
    page.evaluate("document.getElementById('sco').remove()")


def set_values(recorded: list[list[str]], element: str) -> list[str]:
    return [c[2] for c in recorded if c[0] == "LMSSetValue" and c[1] == element]


def test_scorm_session_reports_pass_score_and_time_in_order(browser: Browser, lms_url: str) -> None:
    page = browser.new_page()
    requests = record_requests(page)
    course = open_lms(page, lms_url)
    take_alpha_quiz(course, RIGHT)
    finish_session(page)
    recorded = calls(page)
    names = [c[0] for c in recorded]
    assert names[0] == "LMSInitialize" and names[-1] == "LMSFinish" and names[-2] == "LMSCommit"
    assert names.count("LMSInitialize") == 1 and names.count("LMSFinish") == 1
    assert set_values(recorded, "cmi.core.lesson_status") == ["incomplete", "passed"]
    assert set_values(recorded, "cmi.core.score.raw")[-1] == "100"
    assert set_values(recorded, "cmi.core.score.min")[-1] == "0"
    assert set_values(recorded, "cmi.core.score.max")[-1] == "100"
    assert re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", set_values(recorded, "cmi.core.session_time")[0])
    assert set_values(recorded, "cmi.core.exit") == [""]
    assert page.evaluate("window.lmsErrors") == []
    assert all(len(v) <= 4096 for v in set_values(recorded, "cmi.suspend_data"))
    assert outside(requests, host="127.0.0.1") == []
    page.close()


def test_scorm_failed_quiz_reports_failed_and_suspends(browser: Browser, lms_url: str) -> None:
    page = browser.new_page()
    course = open_lms(page, lms_url)
    take_alpha_quiz(course, WRONG)
    finish_session(page)
    recorded = calls(page)
    assert set_values(recorded, "cmi.core.lesson_status")[-1] == "failed"
    assert set_values(recorded, "cmi.core.score.raw")[-1] == "0"
    assert set_values(recorded, "cmi.core.exit") == ["suspend"]
    assert page.evaluate("window.lmsErrors") == []
    page.close()


def test_scorm_resumes_from_suspend_data(browser: Browser, lms_url: str) -> None:
    first = browser.new_page()
    take_alpha_quiz(open_lms(first, lms_url), RIGHT)
    finish_session(first)
    saved = set_values(calls(first), "cmi.suspend_data")[-1]
    first.close()

    page = browser.new_page()
    course = open_lms(page, lms_url, {"suspend_data": saved, "lesson_status": "passed", "score": "100"})
    course.locator(".md-content a[href$='alpha.html']").first.click()
    expect(course.locator("#quiz-alpha .quiz-result")).to_contain_text("4 / 4 問正解（100%）")
    expect(course.locator(box("a-q2", "b"))).to_be_checked()
    assert ["LMSGetValue", "cmi.suspend_data", saved] in calls(page)
    assert page.evaluate("window.lmsErrors") == []
    page.close()


@pytest.mark.parametrize("suspend_data", ['{"v": 1, "modules": null}', '{"v": 1, "modules": {"alpha": "x"}}', "{broken"])
def test_scorm_corrupt_suspend_data_does_not_lock_the_learner_out(browser: Browser, lms_url: str,
                                                                  suspend_data: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    course = open_lms(page, lms_url, {"suspend_data": suspend_data, "lesson_status": "incomplete"})
    take_alpha_quiz(course, RIGHT)
    expect(course.locator("#quiz-alpha .quiz-result")).to_contain_text("4 / 4 問正解（100%）")
    assert errors == []
    page.close()

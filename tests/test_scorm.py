"""The SCORM packages under a run-time we did not write: scorm-again 3.4.3 (npm), as the LMS, in Chromium.

Each package (SCORM 1.2 and 2004 3rd edition) is the real zip of the minimal course, unpacked beside a
small LMS page (tests/fixtures/lms/) that puts scorm-again's API where LMSs put it — a frame above the
course, nested frames, a popup, a popup holding a frameset — and records every call the package makes
with scorm-again's answer and error code. scorm-again's own built files come from node_modules/.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import FIXTURES, ROOT
from playwright.sync_api import Browser, FrameLocator, Page, expect
from servers import serve_folder
from test_editions import outside, record_requests
from test_quiz import RIGHT, WRONG, box

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"
VERSIONS = {"1.2": "scorm", "2004": "scorm2004"}


@dataclass(frozen=True)
class Dialect:
    """The element names a test reads in the call log of each version."""

    init: str
    finish: str
    set: str
    get: str
    commit: str
    status: tuple[str, ...]
    score: str
    exit: str
    time: str
    duration: str  # pattern of session_time


DIALECTS = {
    "1.2": Dialect(
        "LMSInitialize",
        "LMSFinish",
        "LMSSetValue",
        "LMSGetValue",
        "LMSCommit",
        ("cmi.core.lesson_status",),
        "cmi.core.score.raw",
        "cmi.core.exit",
        "cmi.core.session_time",
        r"\d{4}:\d{2}:\d{2}\.\d{2}",
    ),
    "2004": Dialect(
        "Initialize",
        "Terminate",
        "SetValue",
        "GetValue",
        "Commit",
        ("cmi.completion_status", "cmi.success_status"),
        "cmi.score.raw",
        "cmi.exit",
        "cmi.session_time",
        r"PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S",
    ),
}


@pytest.fixture(scope="session")
def lms_root(mini_lms_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Both packages of the minimal course at /pkg/1.2/ and /pkg/2004/, the LMS at /lms/, scorm-again at
    /vendor/scorm-again/: one origin, as an LMS serves its packages."""
    if not (SCORM_AGAIN / "scorm12.js").exists():
        pytest.fail("node_modules/scorm-again is missing: run `npm ci` (.ci/setup does)")
    root = tmp_path_factory.mktemp("www-scorm")
    for version, edition in VERSIONS.items():
        shutil.copytree(mini_lms_packages[edition], root / "pkg" / version)
    shutil.copytree(FIXTURES / "lms", root / "lms")
    shutil.copytree(SCORM_AGAIN, root / "vendor" / "scorm-again", ignore=shutil.ignore_patterns("esm", "types"))
    synthetic_course(root)
    with serve_folder(root, sub_path="/") as url:
        yield url


@dataclass
class Session:
    lms: Page  # the LMS window: holds the API and the call log
    course: FrameLocator  # the course pages (the launch page's iframe)
    launch: Page | None  # the popup, when the LMS opened one
    version: str

    @property
    def d(self) -> Dialect:
        return DIALECTS[self.version]

    def log(self) -> list[list[str]]:
        return self.lms.evaluate("window.lmsLog")

    def sets(self, element: str) -> list[str]:
        return [c[2] for c in self.log() if c[0] == self.d.set and c[1] == element]

    def finish(self) -> None:
        """The learner leaves: the LMS closes its frame, or the popup is closed."""
        if self.launch is not None:
            self.launch.evaluate("window.close()")
        else:
            self.lms.evaluate("document.getElementById('sco').remove()")
        self.lms.wait_for_function(f"window.lmsLog.some(c => c[0] === '{self.d.finish}')")


def launch(
    browser: Browser,
    url: str,
    version: str,
    *,
    frame: str = "iframe",
    depth: int = 1,
    data: dict | None = None,
    refuse: dict[str, str] | None = None,
) -> Session:
    page = browser.new_context().new_page()
    requests = record_requests(page)
    page.context.on("page", lambda p: p.on("request", lambda r: requests.append(r.url)))
    page.lms_requests = requests  # type: ignore[attr-defined]
    if data:
        page.add_init_script(f"window.lmsData = {json.dumps(data)};")
    if refuse:
        page.add_init_script(f"window.lmsRefuse = {json.dumps(refuse)};")
    address = f"{url}lms/index.html?version={version}&frame={frame}&depth={depth}&sco=/pkg/{version}/scorm-launch.html"
    launched: Page | None = None
    if frame.startswith("popup"):
        page.goto(address)
        with page.expect_popup() as popup:
            page.locator("#open").click()
        launched = popup.value
        holder = launched.frame_locator("frame#sco") if frame == "popup-frameset" else launched
        course = holder.frame_locator("#course")
    else:
        page.goto(address)
        holder: Page | FrameLocator = page
        for _ in range(depth if frame == "nested" else 1):
            holder = holder.frame_locator("#sco")
        course = holder.frame_locator("#course")
    expect(course.locator("h1")).to_be_visible()
    return Session(page, course, launched, version)


def take_alpha(course: FrameLocator, answers: dict[str, list[str]], *, retake: bool = False) -> None:
    """Open module alpha from the home page and take its quiz; `retake`: on its page, after a result."""
    if retake:
        course.locator("#quiz-alpha .quiz-retry").click()
    else:
        course.locator(".md-content a[href$='alpha.html']").first.click()
    for question, letters in answers.items():
        for letter in letters:
            course.locator(box(question, letter)).check()
    course.locator("#quiz-alpha .quiz-check").click()
    expect(course.locator("#quiz-alpha .quiz-result")).to_contain_text("問正解")


def api_errors(session: Session) -> list[list[str]]:
    """Calls scorm-again answered with an error; SCORM 2004's 403 on the first read of an element never
    set ("not initialised") is how a package learns there is nothing yet, not a fault."""
    return [
        c
        for c in session.log()
        if c[4] != "0" and not (session.version == "2004" and c[0] == "GetValue" and c[4] == "403")
    ]


def print_trace(session: Session) -> None:
    for method, element, value, result, code in session.log():
        shown = value if len(value) <= 70 else f"{value[:60]}… ({len(value)} characters)"
        error = "" if code == "0" else f" (error {code})"
        if method == session.d.set:
            print(f"  {method}({element}, {shown!r}) → {result}{error}")
        elif method == session.d.get:
            print(f"  {method}({element}) → {shown!r}{error}")
        else:
            print(f"  {method}('') → {result}{error}")


# --- the API is found wherever the LMS puts it; a full pass, in order, with no API error ----------------

FRAMES = [("iframe", 1), ("nested", 3), ("nested", 14), ("popup", 1), ("popup-frameset", 1)]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("frame", "depth"), FRAMES, ids=[f"{f}-{d}" for f, d in FRAMES])
def test_a_full_pass_is_recorded_wherever_the_lms_frames_the_course(
    browser: Browser, lms_root: str, version: str, frame: str, depth: int
) -> None:
    session = launch(browser, lms_root, version, frame=frame, depth=depth)
    take_alpha(session.course, RIGHT)
    session.finish()
    log, d = session.log(), session.d
    print(f"\nSCORM {version} under scorm-again ({frame}, {depth}): a full pass")
    print_trace(session)
    methods = [c[0] for c in log]
    assert methods[0] == d.init and methods.count(d.init) == 1
    assert methods[-1] == d.finish and methods.count(d.finish) == 1
    assert api_errors(session) == []
    assert session.sets(d.status[-1])[-1] == "passed"
    if version == "2004":
        assert session.sets("cmi.completion_status")[-1] == "completed"
        assert session.sets("cmi.score.scaled")[-1] == "1"
    assert session.sets(d.score)[-1] == "100"
    assert session.sets(d.exit) == ["suspend"] and re.fullmatch(d.duration, session.sets(d.time)[-1])
    # a commit right after grading: the result does not wait for the unload-time commit
    grading = next(i for i, c in enumerate(log) if c[1] == d.score)
    assert (
        d.commit in methods[grading : methods.index(d.exit and d.set, grading)]
        or d.commit in methods[grading : grading + 8]
    )
    assert outside(session.lms.lms_requests, host="127.0.0.1") == []  # type: ignore[attr-defined]
    session.lms.context.close()


# --- resume, status rules ---------------------------------------------------------------------------


def previous(
    version: str,
    suspend_data: str,
    *,
    status: str = "incomplete",
    score: str = "",
    mode: str = "normal",
    credit: str = "credit",
) -> dict:
    """What scorm-again holds from an earlier session (its loadFromJSON shape for each version)."""
    if version == "1.2":
        return {
            "suspend_data": suspend_data,
            "core": {
                "lesson_status": status,
                "entry": "resume",
                "score": {"raw": score},
                "lesson_mode": mode,
                "credit": credit,
            },
        }
    success = status if status in ("passed", "failed") else "unknown"
    completion = "completed" if status in ("passed", "failed", "completed") else "incomplete"
    return {
        "suspend_data": suspend_data,
        "entry": "resume",
        "completion_status": completion,
        "success_status": success,
        "score": {"raw": score},
        "mode": mode,
        "credit": credit,
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_a_learner_resumes_where_they_left(browser: Browser, lms_root: str, version: str) -> None:
    first = launch(browser, lms_root, version)
    take_alpha(first.course, RIGHT)
    first.finish()
    saved = first.sets("cmi.suspend_data")[-1]
    first.lms.context.close()

    session = launch(browser, lms_root, version, data=previous(version, saved, status="passed", score="100"))
    session.course.locator(".md-content a[href$='alpha.html']").first.click()
    expect(session.course.locator("#quiz-alpha .quiz-result")).to_contain_text("4 / 4 問正解（100%）")
    expect(session.course.locator(box("a-q2", "b"))).to_be_checked()
    assert [session.d.get, "cmi.suspend_data", saved, saved, "0"] in session.log()
    assert api_errors(session) == []
    session.lms.context.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_a_failed_quiz_reports_failed_and_the_next_pass_passed(browser: Browser, lms_root: str, version: str) -> None:
    session = launch(browser, lms_root, version)
    take_alpha(session.course, WRONG)
    assert session.sets(session.d.status[-1])[-1] == "failed"
    take_alpha(session.course, RIGHT, retake=True)
    assert session.sets(session.d.status[-1])[-1] == "passed"
    assert api_errors(session) == []
    session.lms.context.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_nothing_takes_a_pass_back(browser: Browser, lms_root: str, version: str) -> None:
    """A failed retake and a reset of the progress keep `passed` and the best score."""
    session = launch(browser, lms_root, version)
    d = session.d
    take_alpha(session.course, RIGHT)
    take_alpha(session.course, WRONG, retake=True)
    session.course.locator(".md-nav a[href$='progress.html']").first.evaluate("a => a.click()")
    session.lms.on("dialog", lambda dialog: dialog.accept())
    session.course.locator(".progress-reset").click()
    expect(session.course.locator("[data-progress-overall]")).to_contain_text("消去しました")
    session.finish()
    for element in d.status:  # once passed (and completed), never anything else
        sent = session.sets(element)
        first = next(i for i, value in enumerate(sent) if value in ("passed", "completed"))
        assert set(sent[first:]) == {sent[first]}, sent
    assert set(session.sets(d.score)) == {"100"}
    assert api_errors(session) == []
    session.lms.context.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_a_pass_from_an_earlier_session_stays(browser: Browser, lms_root: str, version: str) -> None:
    session = launch(browser, lms_root, version, data=previous(version, "", status="passed", score="100"))
    take_alpha(session.course, WRONG)
    session.finish()
    assert "failed" not in session.sets(session.d.status[-1])
    assert all(s == "100" for s in session.sets(session.d.score))
    session.lms.context.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_leaving_mid_module_suspends_with_the_time(browser: Browser, lms_root: str, version: str) -> None:
    session = launch(browser, lms_root, version)
    d = session.d
    session.course.locator(".md-content a[href$='alpha.html']").first.click()
    expect(session.course.locator("h1")).to_contain_text("アルファ")
    session.finish()
    log = session.log()
    assert session.sets(d.exit) == ["suspend"] and re.fullmatch(d.duration, session.sets(d.time)[-1])
    finish = [c[0] for c in log].index(d.finish)
    assert [c for c in log[finish + 1 :] if c[0] == d.set] == []
    assert log[finish - 1][0] == d.commit  # exit and time were committed before finishing
    assert api_errors(session) == []
    session.lms.context.close()


def test_hiding_the_page_commits_exit_and_time_before_any_unload(browser: Browser, lms_root: str) -> None:
    """The commit on unload can fail in Chromium (a synchronous request there is refused), so the time and
    exit=suspend are committed when the page is hidden, while it is still whole."""
    session = launch(browser, lms_root, "1.2")
    frame = next(f for f in session.lms.frames if urlparse(f.url).path.endswith("/scorm-launch.html"))
    frame.evaluate("""() => { Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
                              document.dispatchEvent(new Event('visibilitychange')); }""")
    methods = [c[0] for c in session.log()]
    assert session.sets("cmi.core.exit") == ["suspend"] and session.sets("cmi.core.session_time")
    assert methods[-1] == "LMSCommit" and "LMSFinish" not in methods
    session.lms.context.close()


# --- lesson mode and credit ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("mode", ["review", "browse"])
def test_review_and_browse_modes_record_nothing_and_say_so(
    browser: Browser, lms_root: str, version: str, mode: str
) -> None:
    session = launch(browser, lms_root, version, data=previous(version, "", mode=mode))
    take_alpha(session.course, RIGHT)
    expect(session.course.locator("#quiz-alpha .quiz-result")).to_contain_text("LMS に記録されません")
    session.finish()
    assert [c for c in session.log() if c[0] == session.d.set] == []
    session.lms.context.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_no_credit_sends_progress_but_no_score(browser: Browser, lms_root: str, version: str) -> None:
    session = launch(browser, lms_root, version, data=previous(version, "", credit="no-credit"))
    take_alpha(session.course, RIGHT)
    expect(session.course.locator("#quiz-alpha .quiz-storage")).to_contain_text("no-credit")
    session.finish()
    assert session.sets(session.d.score) == [] and session.sets("cmi.suspend_data")
    assert "passed" not in session.sets(session.d.status[-1])
    session.lms.context.close()


# --- the learner is told when the LMS did not take the results ----------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_a_refused_value_is_announced_in_words(browser: Browser, lms_root: str, version: str) -> None:
    session = launch(browser, lms_root, version, refuse={"cmi.suspend_data": "405"})
    take_alpha(session.course, RIGHT)
    result = session.course.locator("#quiz-alpha .quiz-result")
    expect(result).to_contain_text("LMS が学習の記録を受け付けませんでした")
    expect(result).to_contain_text("405")
    expect(result).not_to_contain_text("保存しました")
    assert result.get_attribute("aria-live") == "polite"
    holder = session.lms.frame_locator("#sco")
    expect(holder.locator("#lms-status")).to_be_visible()
    assert holder.locator("#lms-status").get_attribute("role") == "alert"
    session.lms.context.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_without_an_lms_nothing_goes_to_the_browser_silently(browser: Browser, lms_root: str, version: str) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{lms_root}pkg/{version}/scorm-launch.html")
    expect(page.locator("#lms-status")).to_contain_text("LMS との接続が見つからない")
    course = page.frame_locator("#course")
    take_alpha(course, RIGHT)
    expect(course.locator("#quiz-alpha .quiz-result")).to_contain_text("LMS との接続が見つからない")
    assert course.locator("html").evaluate("() => localStorage.getItem('course:mini-course')") is None
    page.context.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_a_saved_result_says_it_went_to_the_lms(browser: Browser, lms_root: str, version: str) -> None:
    session = launch(browser, lms_root, version)
    take_alpha(session.course, RIGHT)
    expect(session.course.locator("#quiz-alpha .quiz-result")).to_contain_text("LMS（学習管理システム）に送りました")
    expect(session.course.locator("#quiz-alpha .quiz-result")).not_to_contain_text("このブラウザー")
    session.lms.context.close()


# --- links out of the package -------------------------------------------------------------------------


def test_links_out_of_the_package_open_beside_the_course(browser: Browser, lms_root: str) -> None:
    session = launch(browser, lms_root, "1.2")
    session.lms.context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    link = session.course.locator("a[href^='http']:not([href*='127.0.0.1'])").first
    with session.lms.context.expect_page() as opened:
        link.click()
    assert opened.value.url != session.lms.url
    assert link.get_attribute("target") == "_blank" and "noopener" in (link.get_attribute("rel") or "")
    expect(session.course.locator("h1")).to_be_visible()  # the course is still in its frame
    session.lms.context.close()


# --- suspend_data stays within the SCORM 1.2 limit at catalogue scale --------------------------------

SYNTHETIC_MODULES = 50


def synthetic_course(root: Path) -> None:
    """A launch page with a 50-module course config (every module required, 5 questions, a final test of
    10), the real scorm/lms.js, and no course pages: the records are written straight to the store."""
    site = root / "synthetic"
    shutil.copytree(root / "pkg" / "1.2" / "scorm", site / "scorm")
    ui = json.loads(
        (root / "pkg" / "1.2" / "javascripts" / "course-config.js")
        .read_text("utf-8")
        .removeprefix("window.__COURSE__ = ")
        .rstrip()
        .rstrip(";")
    )["ui"]
    modules = [
        {"id": f"module-{n:02d}-{'x' * 12}", "title": f"M{n}", "version": f"{n:012x}", "questions": 5}
        for n in range(SYNTHETIC_MODULES)
    ]
    config = {
        "courseId": "synthetic",
        "passMark": 80,
        "required": [m["id"] for m in modules] + ["final"],
        "finalVersion": "f" * 12,
        "modules": modules,
        "ui": ui,
    }
    (site / "javascripts").mkdir(parents=True, exist_ok=True)
    (site / "javascripts" / "course-config.js").write_text(f"window.__COURSE__ = {json.dumps(config)};\n", "utf-8")
    for version in VERSIONS:
        launch_page = (root / "pkg" / version / "scorm-launch.html").read_text("utf-8")
        (site / f"launch-{version}.html").write_text(
            launch_page.replace('src="index.html"', 'src="about:blank"'), "utf-8"
        )


WRITE_EVERY_ATTEMPT = """
(modules) => {
  const store = window.courseStore, record = { v: 1, seed: 4294967295, modules: {} }, results = [];
  const key = (m, q, k) => ((m * 131 + q * 17 + k * 7) * 2654435761 >>> 0).toString(16).padStart(8, "0");
  let clock = Date.parse("2025-04-01T09:00:00Z");
  for (let attempt = 0; attempt < 3; attempt++) {
    for (const [i, m] of modules.entries()) {
      const answers = {};
      for (let q = 1; q <= 5; q++) answers[`${m.id}-q${q}`] = q === 2 ? [key(i, q, attempt), key(i, q, 9)] : [key(i, q, attempt)];
      const score = attempt === 2 ? 5 : 3 + attempt;
      record.modules[m.id] = { version: m.version, score, total: 5, percent: score * 20, passed: score >= 4,
        answers, drawn: [], opened: true, attempt, date: new Date(clock += 60000).toISOString() };
      results.push(store.write(JSON.parse(JSON.stringify(record))));
    }
    const drawn = Array.from({ length: 10 }, (_, n) => `final-q${String(n).padStart(2, "0")}`);
    const answers = Object.fromEntries(drawn.map((q, n) => [q, [key(99, n, attempt)]]));
    record.modules.final = { version: "ffffffffffff", score: 9, total: 10, percent: 90, passed: true, answers, drawn,
      opened: true, attempt, date: new Date(clock += 60000).toISOString() };
    results.push(store.write(JSON.parse(JSON.stringify(record))));
  }
  return { results, back: store.read() };
}
"""


@pytest.mark.parametrize("version", VERSIONS)
def test_suspend_data_fits_a_50_module_course_taken_three_times(browser: Browser, lms_root: str, version: str) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{lms_root}lms/index.html?version={version}&frame=iframe&sco=/synthetic/launch-{version}.html")
    page.wait_for_function("window.lmsLog.length > 0")
    frame = next(f for f in page.frames if urlparse(f.url).path.startswith("/synthetic/"))
    modules = frame.evaluate("window.__COURSE__.modules")
    outcome = frame.evaluate(WRITE_EVERY_ATTEMPT, modules)
    log = page.evaluate("window.lmsLog")
    sizes = [len(c[2]) for c in log if c[1] == "cmi.suspend_data" and c[0].endswith("SetValue")]
    print(
        f"\nSCORM {version}: suspend_data over {len(sizes)} writes, 50 modules × 3 attempts + final test: "
        f"largest {max(sizes)} characters, last {sizes[-1]}"
    )
    assert all(outcome["results"]) and len(sizes) == 3 * (SYNTHETIC_MODULES + 1)
    assert max(sizes) <= (4096 if version == "1.2" else 64000)
    back = outcome["back"]["modules"]
    assert len(back) == SYNTHETIC_MODULES + 1
    assert all(back[m["id"]]["score"] == 5 and back[m["id"]]["version"] == m["version"] for m in modules)
    assert back["final"]["drawn"] and back["final"]["answers"]  # the most recent quiz keeps its answers
    page.context.close()


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("suspend_data", ['{"v": 1, "modules": null}', '{"v": 2, "m": {"alpha": "x"}}', "{broken"])
def test_corrupt_suspend_data_does_not_lock_the_learner_out(
    browser: Browser, lms_root: str, version: str, suspend_data: str
) -> None:
    session = launch(browser, lms_root, version, data=previous(version, suspend_data))
    errors: list[str] = []
    session.lms.on("pageerror", lambda e: errors.append(str(e)))
    take_alpha(session.course, RIGHT)
    expect(session.course.locator("#quiz-alpha .quiz-result")).to_contain_text("4 / 4 問正解（100%）")
    assert session.sets(session.d.status[-1])[-1] == "passed" and errors == []
    session.lms.context.close()

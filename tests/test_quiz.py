"""Quizzes, progress and certificate in Chromium, on the minimal course whose answers are known.

alpha's quiz: a-q1 single (a right), a-q2 multiple (a, b right), a-q3 true/false (false right),
a-q4 scenario (a right) — letters in the order written in the YAML. The page submits opaque keys instead
(macros/arrange.py); `option` maps a written letter to its key. Pass mark 80 %; alpha is the one required
module; the final test draws 3.
"""

from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from macros.arrange import option_key

RIGHT = {"a-q1": ["a"], "a-q2": ["a", "b"], "a-q3": ["false"], "a-q4": ["a"]}
WRONG = {"a-q1": ["b"], "a-q2": ["c"], "a-q3": ["true"], "a-q4": ["b"]}
STORAGE_KEY = "course:mini-course"


def option(question: str, written: str) -> str:
    """The key the page uses for the option written `written`-th (a, b, c…) under `question` in the YAML."""
    if written in ("true", "false"):
        return written
    return option_key(f"mini-course/{question}", ord(written) - ord("a"))


def box(question: str, written: str) -> str:
    """The selector of that option's input."""
    return f"#q-{question}-{option(question, written)}"


def answer(page: Page, answers: dict[str, list[str]]) -> None:
    for question, letters in answers.items():
        for letter in letters:
            page.locator(box(question, letter)).check()


def check(page: Page) -> None:
    """Ask for grading and wait for the answer: the key loads first, so grading is not instant."""
    page.locator("#quiz-alpha .quiz-check").click()
    expect(page.locator("#quiz-alpha .quiz-result")).not_to_be_empty()


@pytest.fixture
def alpha(page: Page, mini_url: str) -> Page:
    page.goto(f"{mini_url}modules/alpha/")
    expect(page.locator("#quiz-alpha .quiz-check")).to_be_visible()
    return page


def stored(page: Page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") or "{}")


def test_every_option_gets_its_verdict_and_explanation(alpha: Page) -> None:
    answer(alpha, {**RIGHT, "a-q1": ["b"]})
    check(alpha)
    q1 = alpha.locator("#q-a-q1")
    expect(q1.locator(".quiz-verdict")).to_have_text("✗ 不正解です")
    expect(q1.locator(f'[data-option="{option("a-q1", "a")}"] .quiz-feedback')).to_contain_text("○ 正しい選択肢")
    expect(q1.locator(f'[data-option="{option("a-q1", "a")}"] .quiz-feedback')).to_contain_text("これが正解です。")
    expect(q1.locator(f'[data-option="{option("a-q1", "b")}"] .quiz-feedback')).to_contain_text(
        "× 誤りの選択肢（あなたの選択）"
    )
    expect(q1.locator(f'[data-option="{option("a-q1", "b")}"] .quiz-feedback')).to_contain_text("これは誤りです。")
    expect(alpha.locator(f"#q-a-q4 [data-option='{option('a-q4', 'a')}'] .quiz-feedback")).to_contain_text(
        "○ 最善の対応（あなたの選択）"
    )
    expect(alpha.locator(f"#q-a-q4 [data-option='{option('a-q4', 'b')}'] .quiz-feedback")).to_contain_text(
        "× より劣る対応"
    )


def test_passing_score_is_announced(alpha: Page) -> None:
    answer(alpha, RIGHT)
    check(alpha)
    result = alpha.locator("#quiz-alpha .quiz-result")
    expect(result).to_have_attribute("role", "status")
    expect(result).to_contain_text("4 / 4 問正解（100%）")
    expect(result).to_contain_text("合格です。合格点は 80%です。")
    assert stored(alpha)["modules"]["alpha"]["passed"] is True


def test_failing_score_says_not_yet(alpha: Page) -> None:
    answer(alpha, {**RIGHT, "a-q1": ["b"]})
    check(alpha)
    expect(alpha.locator("#quiz-alpha .quiz-result")).to_contain_text("3 / 4 問正解（75%）")
    expect(alpha.locator("#quiz-alpha .quiz-result")).to_contain_text("まだ合格ではありません")


def test_unanswered_questions_are_pointed_out(alpha: Page) -> None:
    answer(alpha, {"a-q1": ["a"]})
    check(alpha)
    expect(alpha.locator("#quiz-alpha .quiz-result")).to_have_text(re.compile("未回答の問題が 3 問あります"))
    expect(alpha.locator("#q-a-q2 input").first).to_be_focused()


def shown_order(page: Page, question: str) -> list[str]:
    return page.locator(f"#q-{question} .quiz-option").evaluate_all("els => els.map(e => e.dataset.option)")


def with_seed(page: Page, seed: int) -> None:
    """A learner whose record holds `seed` (the order of their options follows from it)."""
    record = json.dumps(json.dumps({"v": 1, "seed": seed, "modules": {}}))
    page.add_init_script(
        f"if (!localStorage.getItem('{STORAGE_KEY}')) localStorage.setItem('{STORAGE_KEY}', {record});"
    )


def test_each_learner_sees_an_order_of_their_own_from_the_first_visit(browser, mini_url: str) -> None:
    orders = []
    for seed in (1, 2, 3, 4):
        context = browser.new_context()
        page = context.new_page()
        with_seed(page, seed)
        page.goto(f"{mini_url}modules/alpha/")
        expect(page.locator("#quiz-alpha .quiz-check")).to_be_visible()
        orders.append(tuple(tuple(shown_order(page, q)) for q in ("a-q1", "a-q2", "a-q4")))
        context.close()
    assert len(set(orders)) > 1


def test_the_order_survives_a_reload_and_changes_on_retry(page: Page, mini_url: str) -> None:
    with_seed(page, 7)
    page.goto(f"{mini_url}modules/alpha/")
    first = [shown_order(page, q) for q in ("a-q1", "a-q2", "a-q4")]
    page.reload()
    assert [shown_order(page, q) for q in ("a-q1", "a-q2", "a-q4")] == first
    retried = []
    for _ in range(3):
        answer(page, WRONG)
        check(page)
        page.locator("#quiz-alpha .quiz-retry").click()
        expect(page.locator("#quiz-alpha input:checked")).to_have_count(0)
        expect(page.locator("#quiz-alpha .quiz-feedback")).to_have_count(0)
        expect(page.locator(box("a-q2", "a"))).to_be_enabled()
        retried.append([shown_order(page, q) for q in ("a-q1", "a-q2", "a-q4")])
    assert any(order != first for order in retried)
    page.reload()
    assert [shown_order(page, q) for q in ("a-q1", "a-q2", "a-q4")] == retried[-1]


def test_a_pinned_option_keeps_its_place(page: Page, mini_url: str) -> None:
    for seed in range(6):
        context = page.context.browser.new_context()
        learner = context.new_page()
        with_seed(learner, seed)
        learner.goto(f"{mini_url}modules/alpha/")
        assert shown_order(learner, "a-q1")[-1] == option("a-q1", "c")
        context.close()


def test_result_survives_reload(alpha: Page) -> None:
    answer(alpha, RIGHT)
    check(alpha)
    alpha.reload()
    expect(alpha.locator("#quiz-alpha .quiz-result")).to_contain_text("4 / 4 問正解（100%）")
    expect(alpha.locator(box("a-q2", "b"))).to_be_checked()
    expect(alpha.locator(box("a-q2", "b"))).to_be_disabled()


def test_result_and_nav_marker_survive_instant_navigation(page: Page, mini_instant_url: str) -> None:
    alpha = page
    alpha.goto(f"{mini_instant_url}modules/alpha/")
    answer(alpha, RIGHT)
    check(alpha)
    alpha.evaluate("window.sameDocument = true")
    alpha.locator(".md-sidebar--primary a.md-nav__link[href$='beta/']").first.click()
    expect(alpha.locator("h1")).to_have_text(re.compile("ベータ"))
    assert alpha.evaluate("window.sameDocument") is True  # the page was swapped in: instant navigation
    alpha.locator(".md-sidebar--primary a.md-nav__link[href$='alpha/']").first.click()
    expect(alpha.locator("#quiz-alpha .quiz-result")).to_contain_text("4 / 4 問正解（100%）")
    expect(alpha.locator(".md-sidebar--primary a.md-nav__link[href$='alpha/'] .course-nav-passed").first).to_have_text(
        "✓ 合格"
    )


def test_navigation_marks_a_passed_module_once_and_never_a_heading_or_a_group(
    page: Page, mini_grouped_url: str
) -> None:
    page.goto(f"{mini_grouped_url}modules/alpha/")
    answer(page, RIGHT)
    check(page)
    # the module's own nav link, not the links of its table of contents
    expect(page.locator(".course-nav-passed")).to_have_count(1)
    expect(page.locator("a.md-nav__link[href$='alpha/'] .course-nav-passed")).to_have_text("✓ 合格")
    # on another page, alpha's group is one collapsed link named after the group: no mark on it
    page.goto(f"{mini_grouped_url}modules/beta/")
    expect(page.locator(".md-nav__item--pruned")).to_have_count(1)
    expect(page.locator(".course-nav-passed")).to_have_count(0)
    assert serious_violations(page) == []


def test_changed_quiz_version_ignores_stale_answers(page: Page, mini_url: str) -> None:
    stale = {
        "v": 1,
        "modules": {
            "alpha": {"version": "old", "score": 4, "total": 4, "percent": 100, "passed": True, "answers": RIGHT}
        },
    }
    page.add_init_script(f"localStorage.setItem('{STORAGE_KEY}', {json.dumps(json.dumps(stale))});")
    page.goto(f"{mini_url}modules/alpha/")
    expect(page.locator("#quiz-alpha .quiz-check")).to_be_visible()
    expect(page.locator("#quiz-alpha input:checked")).to_have_count(0)
    expect(page.locator(".course-nav-passed")).to_have_count(0)


@pytest.mark.parametrize("garbage", ["{not json", "[1, 2]", '{"v": 99}', '{"v": 1, "modules": []}'])
def test_corrupt_storage_is_ignored_and_reported(page: Page, mini_url: str, garbage: str) -> None:
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(f"localStorage.setItem('{STORAGE_KEY}', {json.dumps(garbage)});")
    page.goto(f"{mini_url}modules/alpha/")
    answer(page, RIGHT)
    check(page)
    expect(page.locator("#quiz-alpha .quiz-result")).to_contain_text("合格です")
    assert errors == []
    assert any("学習記録" in w and "無視します" in w for w in warnings)


@pytest.mark.parametrize(
    "broken",
    [
        '{"v": 1, "modules": null}',
        '{"v": 1, "modules": {"alpha": "passed"}}',
        '{"v": 1, "modules": {"alpha": 100, "final": {"version": "x", "score": 1, "total": 1, "percent": 100, "passed": true, "drawn": 5}}}',
        '{"v": 1, "modules": {"alpha": {"version": "x", "score": 0, "total": 0, "percent": null, "passed": false, "answers": 3}}}',
        '{"v": 1, "seed": "x", "modules": {"final": {"drawn": "a-q1"}}}',
    ],
)
@pytest.mark.parametrize("where", ["modules/alpha/", "final-test/", "progress/"])
def test_a_corrupt_record_part_is_dropped_and_the_learner_can_go_on(
    page: Page, mini_url: str, broken: str, where: str
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(f"localStorage.setItem('{STORAGE_KEY}', {json.dumps(broken)});")
    page.goto(f"{mini_url}{where}")
    if where == "progress/":
        expect(page.locator(".progress-reset")).to_be_visible()
        expect(page.locator("[data-progress-overall]")).not_to_contain_text("NaN")
    else:
        expect(page.locator(".quiz-check")).to_be_visible()
        expect(page.locator(".quiz-question:visible").first.locator("input").first).to_be_enabled()
    assert errors == []


@pytest.mark.parametrize(
    "palette", ['"not json', '{"color": 5}', '{"color": {"media": "(prefers-color-scheme)"}}', "null"]
)
def test_a_corrupt_palette_record_does_not_break_the_page(page: Page, mini_url: str, palette: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(f"localStorage.setItem('/hr/course/.__palette', {json.dumps(palette)});")
    page.goto(f"{mini_url}modules/alpha/")
    expect(page.locator("#quiz-alpha .quiz-check")).to_be_visible()
    assert errors == []


def test_quiz_works_without_storage_and_says_so(page: Page, mini_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("""
        Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    """)
    page.goto(f"{mini_url}modules/alpha/")
    notice = page.locator("#quiz-alpha .quiz-storage")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("学習の記録を保存できません")
    answer(page, RIGHT)
    check(page)
    expect(page.locator("#quiz-alpha .quiz-result")).to_contain_text("合格です")
    assert errors == []


def test_full_storage_still_works_for_the_visit(page: Page, mini_url: str) -> None:
    page.add_init_script("""
        Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
    """)
    page.goto(f"{mini_url}modules/alpha/")
    answer(page, RIGHT)
    check(page)
    expect(page.locator("#quiz-alpha .quiz-result")).to_contain_text("合格です")
    expect(page.locator("#quiz-alpha .quiz-storage")).to_be_visible()


def tab_to(page: Page, selector: str) -> None:
    """Tab forward until `selector` has the focus (a radio group takes one Tab stop, so arrows move inside it)."""
    target = page.locator(selector)
    for _ in range(40):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus")


def select_with_arrows(page: Page, selector: str) -> None:
    """In a focused radio group, arrow down until the radio `selector` is checked."""
    for _ in range(10):
        if page.locator(selector).is_checked():
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector} was never selected")


def test_quiz_can_be_completed_with_the_keyboard_alone(alpha: Page) -> None:
    alpha.locator("#q-a-q1 input").first.focus()
    select_with_arrows(alpha, box("a-q1", "a"))
    alpha.keyboard.press("Tab")  # q2: its first box, in the learner's order
    wanted = {option("a-q2", "a"), option("a-q2", "b")}
    for key in alpha.locator("#q-a-q2 input").evaluate_all("els => els.map(e => e.value)"):
        assert alpha.evaluate("document.activeElement.value") == key
        if key in wanted:
            alpha.keyboard.press("Space")
        alpha.keyboard.press("Tab")
    select_with_arrows(alpha, box("a-q3", "false"))  # the q3 group has the focus now
    alpha.keyboard.press("Tab")
    select_with_arrows(alpha, box("a-q4", "a"))
    tab_to(alpha, "#quiz-alpha .quiz-check")
    alpha.keyboard.press("Enter")
    expect(alpha.locator("#quiz-alpha .quiz-result")).to_contain_text("4 / 4 問正解（100%）")
    expect(alpha.locator("#quiz-alpha .quiz-result")).to_be_focused()


def test_final_test_draws_the_configured_number(page: Page, mini_url: str) -> None:
    page.goto(f"{mini_url}final-test/")
    expect(page.locator("#quiz-final .quiz-question:visible")).to_have_count(3)
    expect(page.locator("#quiz-final .quiz-draw")).to_have_text("全 4 問から 3 問を出題しています。")
    numbers = page.locator("#quiz-final .quiz-question:visible .quiz-number").all_text_contents()
    assert numbers == ["問1", "問2", "問3"]


def test_progress_page_shows_results_and_resets_after_confirmation(alpha: Page, mini_url: str) -> None:
    answer(alpha, RIGHT)
    check(alpha)
    alpha.goto(f"{mini_url}progress/")
    expect(alpha.locator("[data-module='alpha'][data-cell='opened']")).to_have_text("✓ 閲覧済み")
    expect(alpha.locator("[data-module='alpha'][data-cell='quiz']")).to_have_text("✓ 合格（100%）")
    expect(alpha.locator("[data-module='beta'][data-cell='quiz']")).to_have_text("テストなし")
    expect(alpha.locator("[data-progress-overall]")).to_have_text("修了に必要なテストの合格：1 / 1（100%）")
    expect(alpha.locator("[data-progress-certificate]")).to_be_visible()
    alpha.once("dialog", lambda dialog: dialog.dismiss())
    alpha.locator(".progress-reset").click()
    expect(alpha.locator("[data-module='alpha'][data-cell='quiz']")).to_have_text("✓ 合格（100%）")
    alpha.once("dialog", lambda dialog: dialog.accept())
    alpha.locator(".progress-reset").click()
    expect(alpha.locator("[data-module='alpha'][data-cell='quiz']")).to_have_text("未受験")
    assert stored(alpha) == {}


def test_certificate_is_locked_until_required_quizzes_pass(page: Page, mini_url: str) -> None:
    page.goto(f"{mini_url}certificate/")
    expect(page.locator(".certificate-locked")).to_be_visible()
    expect(page.locator(".certificate-missing li")).to_have_text(["アルファ"])
    expect(page.locator(".certificate-form")).to_be_hidden()


def test_certificate_shows_name_organisation_and_scores(alpha: Page, mini_url: str) -> None:
    answer(alpha, RIGHT)
    check(alpha)
    alpha.goto(f"{mini_url}certificate/")
    alpha.locator(".certificate-form button").click()
    expect(alpha.locator(".certificate-error")).to_have_text("氏名を入力してください。")
    alpha.get_by_label("氏名").fill("山田 花子")
    alpha.locator(".certificate-form button").click()
    certificate = alpha.locator(".certificate")
    expect(certificate).to_be_visible()
    expect(certificate).to_contain_text("山田 花子 さんは、次の研修を修了したことを証します。")
    expect(certificate).to_contain_text("テスト株式会社")
    expect(certificate.locator("tbody tr")).to_have_text([re.compile("アルファ.*4 / 4 問正解（100%）")])
    expect(certificate).to_contain_text("このブラウザーに保存された自己学習の記録")
    alpha.emulate_media(media="print")
    expect(alpha.locator(".md-sidebar--primary")).to_be_hidden()
    expect(alpha.locator(".certificate-form")).to_be_hidden()
    expect(certificate).to_be_visible()


def test_without_javascript_questions_are_readable_and_the_key_is_not_shown(browser, mini_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{mini_url}modules/alpha/")
    expect(page.locator("#quiz-alpha .quiz-controls")).to_be_hidden()
    expect(page.locator("#q-a-q3 legend")).to_be_visible()
    expect(page.locator("#quiz-alpha .quiz-nojs")).to_contain_text("JavaScript")
    expect(page.locator("#quiz-alpha")).not_to_contain_text("そのとおり、誤りです。")
    context.close()


def test_the_key_arrives_only_when_the_learner_asks_for_grading(alpha: Page) -> None:
    requests: list[str] = []
    alpha.on("request", lambda r: requests.append(r.url))
    assert alpha.evaluate("window.__COURSE_KEYS__") is None
    answer(alpha, RIGHT)
    assert not [u for u in requests if "quiz-keys" in u]
    check(alpha)
    expect(alpha.locator("#quiz-alpha .quiz-result")).to_contain_text("4 / 4 問正解（100%）")
    assert [u for u in requests if "quiz-keys/alpha.js" in u]


def test_a_missing_key_file_is_reported_not_graded(page: Page, mini_url: str) -> None:
    page.route("**/quiz-keys/**", lambda route: route.abort())
    page.goto(f"{mini_url}modules/alpha/")
    answer(page, RIGHT)
    check(page)
    expect(page.locator("#quiz-alpha .quiz-result")).to_contain_text("採点用のデータを読み込めませんでした")
    expect(page.locator("#quiz-alpha .quiz-feedback")).to_have_count(0)


# --- accessibility ---------------------------------------------------------------------------------


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_module_page_and_checked_quiz_have_no_serious_axe_violations(alpha: Page, scheme: str) -> None:
    alpha.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    assert serious_violations(alpha) == []
    answer(alpha, {**RIGHT, "a-q1": ["b"]})
    check(alpha)
    assert serious_violations(alpha) == []


def test_progress_and_certificate_have_no_serious_axe_violations(alpha: Page, mini_url: str) -> None:
    answer(alpha, RIGHT)
    check(alpha)
    alpha.goto(f"{mini_url}progress/")
    assert serious_violations(alpha) == []
    alpha.goto(f"{mini_url}certificate/")
    alpha.get_by_label("氏名").fill("山田 花子")
    alpha.locator(".certificate-form button").click()
    assert serious_violations(alpha) == []

"""Quizzes, progress and certificate in Chromium, on the minimal course whose answers are known.

alpha's quiz: a-q1 single (a right), a-q2 multiple (a, b right), a-q3 true/false (false right),
a-q4 scenario (a right). Pass mark 80 %; alpha is the one required module; the final test draws 3.
"""

from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

RIGHT = {"a-q1": ["a"], "a-q2": ["a", "b"], "a-q3": ["false"], "a-q4": ["a"]}
WRONG = {"a-q1": ["b"], "a-q2": ["c"], "a-q3": ["true"], "a-q4": ["b"]}
STORAGE_KEY = "course:mini-course"


def answer(page: Page, answers: dict[str, list[str]]) -> None:
    for question, keys in answers.items():
        for key in keys:
            page.locator(f"#q-{question}-{key}").check()


def check(page: Page) -> None:
    page.locator("#quiz-alpha .quiz-check").click()


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
    expect(q1.locator('[data-option="a"] .quiz-feedback')).to_contain_text("○ 正しい選択肢")
    expect(q1.locator('[data-option="a"] .quiz-feedback')).to_contain_text("これが正解です。")
    expect(q1.locator('[data-option="b"] .quiz-feedback')).to_contain_text("× 誤りの選択肢（あなたの選択）")
    expect(q1.locator('[data-option="b"] .quiz-feedback')).to_contain_text("これは誤りです。")
    expect(alpha.locator("#q-a-q4 [data-option='a'] .quiz-feedback")).to_contain_text("○ 最善の対応（あなたの選択）")
    expect(alpha.locator("#q-a-q4 [data-option='b'] .quiz-feedback")).to_contain_text("× より劣る対応")


def test_passing_score_is_announced(alpha: Page) -> None:
    answer(alpha, RIGHT)
    check(alpha)
    result = alpha.locator("#quiz-alpha .quiz-result")
    expect(result).to_have_attribute("role", "status")
    expect(result).to_contain_text("4 / 4 問正解（100%）")
    expect(result).to_contain_text("合格です。合格点は 80 % です。")
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
    expect(alpha.locator("#q-a-q2-a")).to_be_focused()


def test_retry_clears_answers_and_reshuffles_options(page: Page, mini_url: str) -> None:
    page.add_init_script("Math.random = () => 0;")  # a known shuffle: [a, b, c] becomes [b, c, a]
    page.goto(f"{mini_url}modules/alpha/")
    answer(page, WRONG)
    check(page)
    page.locator("#quiz-alpha .quiz-retry").click()
    expect(page.locator("#quiz-alpha input:checked")).to_have_count(0)
    expect(page.locator("#quiz-alpha .quiz-feedback")).to_have_count(0)
    expect(page.locator("#q-a-q2-a")).to_be_enabled()
    order = page.locator("#q-a-q2 .quiz-option").evaluate_all("els => els.map(e => e.dataset.option)")
    assert order == ["b", "c", "a"]


def test_result_survives_reload(alpha: Page) -> None:
    answer(alpha, RIGHT)
    check(alpha)
    alpha.reload()
    expect(alpha.locator("#quiz-alpha .quiz-result")).to_contain_text("4 / 4 問正解（100%）")
    expect(alpha.locator("#q-a-q2-b")).to_be_checked()
    expect(alpha.locator("#q-a-q2-b")).to_be_disabled()


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
    expect(alpha.locator(".md-sidebar--primary a.md-nav__link[href$='alpha/'] .course-nav-passed").first).to_have_text("✓ 合格")


def test_navigation_marks_a_passed_module_once_and_never_a_heading_or_a_group(page: Page, mini_grouped_url: str) -> None:
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
    stale = {"v": 1, "modules": {"alpha": {"version": "old", "score": 4, "total": 4, "percent": 100,
                                           "passed": True, "answers": RIGHT}}}
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
    assert any("学習記録を読み込めない" in w for w in warnings)


def test_quiz_works_without_storage_and_says_so(page: Page, mini_url: str) -> None:
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


def test_full_storage_still_works_for_the_visit(page: Page, mini_url: str) -> None:
    page.add_init_script("""
        Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
    """)
    page.goto(f"{mini_url}modules/alpha/")
    answer(page, RIGHT)
    check(page)
    expect(page.locator("#quiz-alpha .quiz-result")).to_contain_text("合格です")
    expect(page.locator("#quiz-alpha .quiz-storage")).to_be_visible()


def test_quiz_can_be_completed_with_the_keyboard_alone(alpha: Page) -> None:
    alpha.locator("#q-a-q1-a").focus()
    alpha.keyboard.press("Space")                       # q1: a
    alpha.keyboard.press("Tab")                         # q2: a
    alpha.keyboard.press("Space")
    alpha.keyboard.press("Tab")                         # q2: b
    alpha.keyboard.press("Space")
    alpha.keyboard.press("Tab")                         # q2: c
    alpha.keyboard.press("Tab")                         # q3 group: first radio ("true")
    alpha.keyboard.press("ArrowDown")                   # q3: false
    alpha.keyboard.press("Tab")                         # q4 group
    alpha.keyboard.press("Space")                       # q4: a
    alpha.keyboard.press("Tab")                         # the check button
    expect(alpha.locator("#quiz-alpha .quiz-check")).to_be_focused()
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
    expect(alpha.locator("[data-progress-overall]")).to_have_text("修了に必要なテストの合格: 1 / 1（100%）")
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


def test_without_javascript_questions_answers_and_explanations_are_readable(browser, mini_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{mini_url}modules/alpha/")
    expect(page.locator("#quiz-alpha .quiz-controls")).to_be_hidden()
    page.locator("#q-a-q3 details.quiz-answer summary").click()
    expect(page.locator("#q-a-q3 .quiz-explanations li.is-correct")).to_contain_text("そのとおり、誤りです。")
    context.close()


# --- accessibility ---------------------------------------------------------------------------------

def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


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

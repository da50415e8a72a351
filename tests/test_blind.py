"""A learner who never reads cannot pass: content-blind strategies, through the real quiz pages.

Each module quiz and the final test is answered on a fresh visit (a new browser context: a new learner,
with an option order of their own) with one strategy per question type — always the first, last, longest
or shortest option; always 正しい or always 誤り; the first k boxes, the k longest or all boxes — and the
page grades it. The best mix, chosen on one round of visits and scored on a second, must stay below the
pass mark.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, expect

from macros.check import check_project
from macros.rules import CUE_PHRASES

#: Fresh visits per quiz that cover every strategy of every question type at least once; the last ones read
#: only the wording of the options (rules.CUE_PHRASES): pick one with / without a telling kind of phrase.
PLANS = [
    {"choice": "first", "tf": "true", "multi": "first", "k": 1},
    {"choice": "last", "tf": "false", "multi": "first", "k": 2},
    {"choice": "longest", "tf": "true", "multi": "first", "k": 3},
    {"choice": "shortest", "tf": "false", "multi": "all", "k": 0},
    {"choice": "longest", "tf": "false", "multi": "longest", "k": 2},
    {"choice": "shortest", "tf": "true", "multi": "longest", "k": 1},
    *(
        {
            "choice": f"{'with' if want else 'without'}:{name}",
            "tf": "true",
            "multi": "first",
            "k": 2,
            "phrases": list(phrases),
            "want": want,
        }
        for name, phrases in CUE_PHRASES.items()
        for want in (True, False)
    ),
]

ANSWER = """(plan) => {
  const norm = (t) => t.normalize("NFKC").replace(/[\\s\\p{P}\\p{S}]/gu, "");
  const len = (o) => norm(o.querySelector("label").textContent).length;
  const byLength = (opts) => [...opts].sort((a, b) => len(b) - len(a));
  for (const q of document.querySelectorAll(".quiz-question:not([hidden])")) {
    const opts = [...q.querySelectorAll(".quiz-option")];
    let pick;
    if (q.dataset.type === "true_false") pick = opts.filter((o) => o.dataset.option === plan.tf);
    else if (q.dataset.type === "multiple")
      pick = plan.multi === "all" ? opts : (plan.multi === "first" ? opts : byLength(opts)).slice(0, plan.k);
    else if (plan.phrases) {
      const has = (o) => plan.phrases.some((p) => o.querySelector("label").textContent.includes(p));
      const pool = opts.filter((o) => has(o) === plan.want);
      pick = [(pool.length ? pool : opts)[0]];  /* the shown order is the learner's own: the first is a random one */
    }
    else if (plan.choice === "first" || plan.choice === "last") pick = [opts[plan.choice === "first" ? 0 : opts.length - 1]];
    else pick = [byLength(opts)[plan.choice === "longest" ? 0 : opts.length - 1]];
    pick.forEach((o) => o.querySelector("input").click());
  }
}"""

GRADED = """() => [...document.querySelectorAll(".quiz-question:not([hidden])")]
  .map((q) => [q.dataset.type, q.classList.contains("is-right")])"""


def quiz_pages() -> list[str]:
    course = check_project(ROOT).course
    assert course is not None
    return [f"modules/{m.id}/" for m in course.modules if m.quiz] + ["final-test/"]


def strategy_means(browser: Browser, url: str) -> tuple[dict[str, float], Counter[str]]:
    """One round of PLANS, each on a fresh visit: each strategy's mean number of right answers per visit,
    and how many questions of each family a visit has."""
    right: Counter[str] = Counter()
    visits: Counter[str] = Counter()  # a strategy used on two visits counts as their mean
    sizes: Counter[str] = Counter()
    for plan in PLANS:
        context = browser.new_context()  # a new learner: empty storage, an option order of their own
        page = context.new_page()
        page.goto(url)
        expect(page.locator(".quiz-check")).to_be_visible()
        page.evaluate(ANSWER, plan)
        page.locator(".quiz-check").click()
        expect(page.locator(".quiz-score")).to_be_visible()
        sizes = Counter()  # the same questions on every visit (a module) or a draw of the same size (final)
        for kind, ok in page.evaluate(GRADED):
            family = "choice" if kind in ("single", "scenario") else kind
            right[f"{family}:{plan_strategy(plan, family)}"] += ok
            sizes[family] += 1
        visits.update({f"{family}:{plan_strategy(plan, family)}" for family in sizes})
        context.close()
    return {name: right[name] / visits[name] for name in visits}, sizes


def blind_score(browser: Browser, url: str) -> tuple[float, dict[str, float]]:
    """The best blind mix's score on this quiz (percent), and the chosen strategies' mean right answers.

    A learner who never reads fixes a strategy before seeing the key, so the mix is chosen on one round of
    visits and scored on a second, fresh round. Choosing and scoring on the same round would report the
    luckiest of a dozen random guesses (the option order is each learner's own) as a strategy: with six
    questions, that "passes" now and then although no strategy beats chance. A real cue (the longest option,
    a telling phrase) wins both rounds, so it is still caught."""
    chosen_on, sizes = strategy_means(browser, url)
    scored_on, _ = strategy_means(browser, url)
    chosen: dict[str, float] = {}
    for family in sizes:
        # the final test draws its questions: a strategy counts where both rounds used it
        names = [name for name in chosen_on if name.startswith(family + ":") and name in scored_on]
        if not names:
            continue
        top = max(chosen_on[name] for name in names)
        # strategies tied on the choosing round: the learner takes one of them, so they score their mean (the
        # best of them on the scoring round would bring back the luckiest guess)
        tied = [name for name in names if chosen_on[name] == top]
        chosen[" | ".join(tied)] = sum(scored_on[name] for name in tied) / len(tied)
    return 100 * sum(chosen.values()) / sum(sizes.values()), {name: round(v, 2) for name, v in chosen.items()}


def plan_strategy(plan: dict[str, object], family: str) -> str:
    return {"choice": str(plan["choice"]), "true_false": str(plan["tf"]), "multiple": f"{plan['multi']}{plan['k']}"}[
        family
    ]


@pytest.mark.parametrize("page_url", quiz_pages())
def test_a_learner_who_never_reads_cannot_pass(browser: Browser, base_url: str, page_url: str) -> None:
    pass_mark = check_project(ROOT).course.pass_mark
    score, right = blind_score(browser, f"{base_url}{page_url}")
    print(f"{page_url}: best blind mix {score:.0f}% ({right})")
    assert score < pass_mark, f"{page_url}: {score:.0f}% ≥ {pass_mark}% with {right}"


def test_the_served_module_pages_hold_no_key(real_site) -> None:
    course = check_project(ROOT).course
    for module in course.modules:
        html = (real_site / "modules" / module.id / "index.html").read_text("utf-8")
        quiz = html[html.index(f'id="quiz-{module.id}"') :]
        quiz = quiz[: quiz.index("</section>")]
        assert not re.search(r"is-correct|data-correct|\"correct\"|application/json", quiz), module.id
        for question in module.quiz:
            for option in question.options:
                assert f'value="{option.key}"' in quiz
                assert option.explanation.strip().splitlines()[0][:40] not in quiz

"""Module pages: built through the real MkDocs path, with the structure a learner relies on."""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, built_page, mini_project, mkdocs_build

from macros.browser import COURSE_SCRIPTS
from macros.check import CITATION, check_project
from macros.load import load_yaml
from macros.model import FINAL_POOL_FACTOR
from macros.render import ProseRenderer, Renderer, plain_paragraph
from macros.reserved import FINAL_QUIZ_ID
from macros.search_prebuilt import search_documents


class Elements(HTMLParser):
    """Collects (tag, attributes) of every element, and the page text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def test_module_page_has_headings_in_order_with_anchors(built: Path) -> None:
    html = built_page(built, "modules/alpha")
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert ids == [
        "objectives",
        "definition",
        "practices",
        "misconceptions",
        "scenarios",
        "reflection",
        "takeaways",
        "quiz",
        "terms",
        "related",
        "references",
    ]
    assert '<h3 id="practice-first">' in html and '<h3 id="scenario-case-one">' in html


def test_module_page_is_in_navigation_in_course_order(built: Path) -> None:
    html = built_page(built, "index.html".replace("index.html", ""))
    assert html.index('href="modules/alpha/"') < html.index('href="modules/beta/"')


@pytest.mark.build
def test_module_groups_show_only_the_open_group_in_each_page(mini_site: Path) -> None:
    course = mini_site / "content_src/course.yml"
    course.write_text(course.read_text("utf-8") + "module_groups:\n  - title: 発展編\n    modules: [beta]\n", "utf-8")
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode == 0, result.stderr
    site = mini_site / "site"
    # Elsewhere the group is one pruned link to its first module; on its own pages it is open.
    group = re.compile(
        r'<li class="md-nav__item( md-nav__item--active)?( md-nav__item--pruned)? md-nav__item--nested">'
        r'\s*(?:<a href="[^"]*beta/" class="md-nav__link">|<input[^>]*>\s*<label[^>]*>)\s*'
        r'<span class="md-ellipsis">\s*発展編'
    )
    elsewhere = group.search(built_page(site, "modules/alpha"))
    assert elsewhere and elsewhere.group(2) and not elsewhere.group(1)
    inside = group.search(built_page(site, "modules/beta"))
    assert inside and inside.group(1) and not inside.group(2)


def test_citation_links_to_the_numbered_reference_on_the_page(built: Path) -> None:
    html = built_page(built, "modules/alpha")
    assert '<sup class="cite"><a href="#ref-ref1" title="Author, A. (2000). A Book">[1]</a></sup>' in html
    assert '<li id="ref-ref1">Author, A. (2000). <cite>A Book</cite>. Publisher.</li>' in html


def test_quiz_is_an_accessible_form_excluded_from_search(built: Path) -> None:
    doc = Elements(built_page(built, "modules/alpha"))
    section = doc.find("section", id="quiz-alpha")[0]
    assert "data-search-exclude" in section
    assert len(doc.find("fieldset", class_="quiz-question")) == 4
    assert [a["type"] for a in doc.find("input", name="a-q2")] == ["checkbox"] * 3
    radios = doc.find("input", name="a-q1")
    assert [r["type"] for r in radios] == ["radio", "radio", "radio"]
    for radio in radios:  # every input has a label bound to it
        assert doc.find("label", for_=radio["id"])


def test_quiz_is_not_in_the_search_index(built: Path) -> None:
    texts = " ".join(doc["text"] for doc in search_documents(built))
    assert "アルファの定義です。" in texts
    assert "これが正解です。" not in texts and "正しいものはどれですか。" not in texts


def test_the_quiz_page_holds_questions_but_no_key_or_explanation(built: Path) -> None:
    html = built_page(built, "modules/alpha")
    quiz = html[html.index('id="quiz-alpha"') :]
    quiz = quiz[: quiz.index("</section>")]
    assert "is-correct" not in quiz and "correct" not in quiz.replace("incorrect", "")
    for explanation in (
        "これが正解です。",
        "これは誤りです。",
        "当てはまります。",
        "そのとおり、誤りです。",
        "忙しい上司に合っています。",
    ):
        assert explanation not in html
    assert "この文は正しい。" in quiz and "要点を短く伝える" in quiz


def test_the_key_script_holds_keys_and_explanations_for_grading(built: Path) -> None:
    script = (built / "javascripts" / "quiz-keys" / "alpha.js").read_text("utf-8")
    payload = re.search(r'\]="([A-Za-z0-9+/=]+)";', script)
    assert payload, script
    data = json.loads(base64.b64decode(payload.group(1)))
    assert set(data["q"]) == {"a-q1", "a-q2", "a-q3", "a-q4"}
    assert data["q"]["a-q3"]["k"] == ["false"]
    assert data["q"]["a-q3"]["e"]["false"] == "<p>そのとおり、誤りです。</p>"
    assert len(data["q"]["a-q2"]["k"]) == 2


def test_scenario_shows_best_response_and_why_others_are_weaker(built: Path) -> None:
    html = built_page(built, "modules/alpha")
    best = re.search(
        r'<p class="scenario-best"><strong>最善の対応: ([A-H])\. 質問する</strong></p><p>参加を促すからです。</p>', html
    )
    assert best
    other = re.search(r"<dt>([A-H])\. 黙っている</dt><dd><p>何も変わらないからです。</p></dd>", html)
    assert other and other.group(1) != best.group(1)
    shown = re.search(r'<ol class="scenario-options" type="A">(.*?)</ol>', html, re.DOTALL).group(1)
    items = re.findall(r"<li>(.*?)</li>", shown)
    assert items[ord(best.group(1)) - ord("A")] == "質問する"


def test_glossary_and_references_pages_are_generated_from_content(built: Path) -> None:
    glossary = built_page(built, "glossary")
    assert '<h2 id="term-one">用語いち' in glossary
    assert 'href="../modules/alpha/"' in glossary and 'href="../references/#ref-ref1"' in glossary
    references = built_page(built, "references")
    assert '<li id="ref-ref2">著者 二郎 (2010). <cite>本の題名</cite>.</li>' in references


#: A title with every character that Markdown, attr_list or tables could read: headings and link labels
#: must show it as written, with no backslash left over (it was "Google re\\:Work" on the glossary page).
SPECIALS = "Google re:Work ~ ^ *a* _b_ |c| #d {#e} [f](g) <h> & \\i. 1. + - ! > ` = :: \"q\" 's'"


@pytest.fixture(scope="module")
def specials(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal course with SPECIALS as a module title and a glossary term, built once (read only)."""
    mini_site = mini_project(tmp_path_factory)
    quoted = json.dumps(SPECIALS, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    for name, old in (("modules/alpha.yml", "title: アルファ\n"), ("glossary.yml", "term: 用語いち\n")):
        path = mini_site / "content_src" / name
        path.write_text(path.read_text("utf-8").replace(old, f"{old.split(':')[0]}: {quoted}\n", 1), "utf-8")
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode == 0, result.stderr
    return mini_site / "site"


@pytest.mark.parametrize(
    ("page", "element"),
    [
        ("modules/alpha", r'<h1 id="[^"]*">(.*?)<a class="headerlink"'),  # page heading
        ("glossary", r'<h2 id="term-one">(.*?)<a class="headerlink"'),  # glossary heading
        ("modules/alpha", r'<a href="../../glossary/#term-one">(.*?)</a>'),  # link label in a list
        ("facilitator", r'<td><a href="#fac-alpha">(.*?)</a></td>'),  # link label in a table
    ],
)
def test_markdown_characters_in_titles_show_as_written(specials: Path, page: str, element: str) -> None:
    shown = re.search(element, built_page(specials, page))
    assert shown and html.unescape(shown.group(1)) == SPECIALS


# --- content strings are data ------------------------------------------------------------------


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal course with template syntax and scripts in its content, built once (read only)."""
    mini_site = mini_project(tmp_path_factory)
    shutil.copy(FIXTURES / "injection" / "alpha.yml", mini_site / "content_src" / "modules" / "alpha.yml")
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode == 0, result.stderr
    return mini_site / "site"


def test_template_syntax_in_content_appears_literally(injected: Path) -> None:
    html = built_page(injected, "modules/alpha")
    assert "{{ config }} と {% for x in range(3) %}繰り返し{% endfor %} は文字どおり表示されます。" in html
    assert "繰り返し繰り返し" not in html
    assert "{{ config.site_name }}" in html  # in the title too, not replaced by the site name


def test_script_in_content_never_becomes_active(injected: Path) -> None:
    for built_file in injected.rglob("*.html"):
        doc = Elements(built_file.read_text("utf-8"))
        for tag, attrs in doc.elements:
            assert not any(name.startswith("on") for name in attrs), (built_file, tag, attrs)
            assert not any((value or "").strip().lower().startswith("javascript:") for value in attrs.values())
            if tag == "script":
                assert attrs.get("src") or attrs.get("type") == "application/json" or "alert" not in str(attrs)
        assert "<script>alert" not in built_file.read_text("utf-8"), built_file
    html = built_page(injected, "modules/alpha")
    assert '<a href="https://example.org/" rel="noopener noreferrer">安全なリンク</a>' in html
    assert "&lt;b onmouseover=alert('opt')&gt;正しい選択肢&lt;/b&gt;" in html.replace("&#39;", "'")


ALIGNED_TABLE = "| 左 | 中 | 右 |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n"


def test_table_alignment_is_a_class_not_a_style_attribute() -> None:
    """The recommended Content-Security-Policy (docs/deploy.md) allows no style attribute: the browser
    would drop it, and the alignment with it."""
    html_table = ProseRenderer().markdown_to_safe_html(ALIGNED_TABLE)
    assert "style=" not in html_table
    assert [a.get("class") for t, a in Elements(html_table).elements if t in ("th", "td")] == [
        "align-left",
        "align-center",
        "align-right",
    ] * 2


def test_style_attributes_written_in_content_are_dropped() -> None:
    clean = ProseRenderer().markdown_to_safe_html(
        '<table><tr><td style="text-align:right;color:red" class="x">a</td><td class="align-right">b</td></tr></table>'
    )
    cells = [a for t, a in Elements(clean).elements if t == "td"]
    assert [(a.get("style"), a.get("class") or "") for a in cells] == [(None, ""), (None, "align-right")]


def test_every_alignment_class_has_its_rule_in_the_stylesheet() -> None:
    css = (ROOT / "docs/stylesheets/course.css").read_text("utf-8")
    for side in ("left", "center", "right"):
        assert re.search(rf"\.align-{side}\b[^{{]*\{{[^}}]*text-align: {side}", css), side


@pytest.mark.parametrize(
    "link",
    [
        "[a](//evil.example/a)",
        "[a](/\\evil.example/a)",
        '<a href=" //evil.example/">a</a>',
        '<a href="/&#9;/evil.example/">a</a>',
        '<a href="\\\\host\\share">a</a>',
        '<a href="//evil.example">a</a>',
    ],
)
def test_protocol_relative_links_lose_their_target(link: str) -> None:
    """`//host` leaves the course for another host (from file://, a Windows share that is sent the user's
    credentials); the sanitiser keeps the text and drops the target."""
    [(_tag, attrs)] = [(t, a) for t, a in Elements(ProseRenderer().markdown_to_safe_html(link)).elements if t == "a"]
    assert "href" not in attrs


@pytest.mark.parametrize(
    "href", ["https://example.org/", "#definition", "../glossary/#term-one", "mailto:hr@example.org"]
)
def test_ordinary_links_keep_their_target(href: str) -> None:
    [attrs] = [a for t, a in Elements(ProseRenderer().markdown_to_safe_html(f"[a]({href})")).elements if t == "a"]
    assert attrs["href"] == href


def test_final_test_pool_is_bounded_and_spans_every_module(mini: Path) -> None:
    course = check_project(mini).course
    assert len(course.final_pool) == 4  # small course: every eligible question
    small = replace(course, final_test_size=1)
    assert len(small.final_pool) == min(4, FINAL_POOL_FACTOR)
    bounded = replace(course, final_test_size=1, modules=course.modules * 5)
    assert len(bounded.final_pool) == FINAL_POOL_FACTOR
    assert [q.id for q in bounded.final_pool[:5]] == ["a-q1"] * 5  # first question of each module first


# --- prose: the shortcut for plain sentences -----------------------------------------------------

TRICKY_PLAIN = [
    "上司に「結論から」伝える。",
    'He said "yes" and it\'s fine!',
    "割合は50%（2024年）。",
    "a  b",
    "ok -- fine: (1) x",
    "\u3000全角スペースで始まる",
    "末尾に全角スペース\u3000",
    "http://example.com/x?y=1",
    "a ^ b $ c @ d",
    "〜・…",
    "改行で終わる\n",
    "二つの改行\n\n",
    "1",
    "2024年に",
    "3. 番号付き",
    "- 箇条書き",
    "# 見出し",
    "> 引用",
    "=",
    "a\tb",
    "a\nb",
    "x &amp; y",
    "<b>x</b>",
    "*強調*",
    "[リンク](http://x)",
    "a | b",
    "末尾に空白  ",
    "\ue0000\ue001 の研究",
    "a\xa0b",
    "😀 絵文字",
]


def test_plain_prose_shortcut_gives_exactly_what_markdown_and_nh3_give() -> None:
    texts = [
        text for path in sorted((ROOT / "content_src").rglob("*.yml")) for _, text in load_yaml(path, ROOT)[0].strings
    ] + TRICKY_PLAIN
    texts += [CITATION.sub("\ue0000\ue001", text) for text in texts]  # as ProseRenderer hands them over
    prose = ProseRenderer()
    taken = [(text, shortcut) for text in texts if (shortcut := plain_paragraph(text)) is not None]
    assert len(taken) > len(texts) / 2  # the common case in this course
    for text, shortcut in taken:
        assert shortcut == prose.markdown_to_safe_html(text), text


def test_glossary_sorts_katakana_and_hiragana_readings_together_in_gojuon_order() -> None:
    from macros.render import gojuon_key

    readings = ["ふぃーどばっく", "アサーション", "しんりてきあんぜんせい", "フォロワーシップ", "ｲﾝｸﾙｰｼﾌﾞ"]
    assert sorted(readings, key=gojuon_key) == [
        "アサーション",
        "ｲﾝｸﾙｰｼﾌﾞ",
        "しんりてきあんぜんせい",
        "ふぃーどばっく",
        "フォロワーシップ",
    ]


def test_the_browser_takes_the_final_test_id_from_the_config_not_from_its_own_copy(mini: Path) -> None:
    """One list of reserved ids (macros/reserved.py): the course scripts read the final test's id from
    course-config.js."""
    course = check_project(mini).course
    assert course is not None
    config = json.loads(Renderer(course).client_config().removeprefix("window.__COURSE__ = ").rstrip(";\n"))
    assert config["finalQuizId"] == FINAL_QUIZ_ID
    scripts = "".join((ROOT / "docs" / path).read_text("utf-8") for path in COURSE_SCRIPTS)
    assert "C.finalQuizId" in scripts
    assert f'"{FINAL_QUIZ_ID}"' not in scripts and f"'{FINAL_QUIZ_ID}'" not in scripts

"""Hand-written pages (docs/*.md) call the course's functions; everything else is never a template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import mkdocs_build

from macros.pages import PageTemplateError, render_page

NAMES = {"course_edition": "web", "answer_key_pages": False, "final_test": lambda: "<final test>"}


def test_a_page_calls_a_course_function_and_reads_the_edition() -> None:
    source = (
        "# 修了テスト\n\n{{ final_test() }}\n{% if course_edition == 'scorm' %}LMS{% else %}ブラウザー{% endif %}\n"
    )
    assert render_page(source, NAMES, path="docs/final-test.md") == "# 修了テスト\n\n<final test>\nブラウザー\n"


def test_an_unknown_name_names_the_file_and_line_in_japanese() -> None:
    source = "# ページ\n\n本文\n\n{{ final_tset() }}\n"
    with pytest.raises(PageTemplateError) as error:
        render_page(source, NAMES, path="docs/final-test.md", first_line=4)
    message = str(error.value)
    assert message.startswith("docs/final-test.md:8: ")  # line 5 of the body, which starts on line 4 of the file
    assert "使える名前は" in message and "final_test" in message and "Traceback" not in message


def test_a_syntax_mistake_names_its_line() -> None:
    with pytest.raises(PageTemplateError) as error:
        render_page("一行目\n{% if answer_key_pages %}\n三行目\n", NAMES, path="docs/hr.md")
    assert str(error.value).startswith("docs/hr.md:")
    assert "書き方に誤り" in str(error.value)


def test_a_page_cannot_reach_python_internals() -> None:
    with pytest.raises(PageTemplateError):
        render_page("{{ final_test.__globals__ }}", NAMES, path="docs/x.md")


@pytest.mark.build
def test_a_broken_page_stops_the_build_with_its_line(mini_site: Path) -> None:
    page = mini_site / "docs" / "about.md"
    page.write_text("---\ntitle: 概要\n---\n\n# 概要\n\n{{ no_such_function() }}\n", encoding="utf-8")
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode != 0
    assert "docs/about.md:7: ページの {{ }} / {% %} の呼び出しに誤りがあります。" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_module_text_that_looks_like_a_template_is_published_as_text(mini_site: Path) -> None:
    module = next((mini_site / "content_src" / "modules").glob("*.yml"))
    text = re.sub(
        r"^title: .*$",
        "title: '{{ final_test() }} と {% if x %}'",
        module.read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    module.write_text(text, encoding="utf-8")
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode == 0, result.stderr
    html = (mini_site / "site" / "modules" / module.stem / "index.html").read_text(encoding="utf-8")
    assert "{{ final_test() }} と {% if x %}" in html

"""Hand-written pages (docs/*.md) call the course's functions: `{{ final_test() }}`, `{% if answer_key_pages %}`.

Why this and not mkdocs-macros. Only the hand-written pages are templates. Module pages and the HR side
pages are made from content, and content is data, never a template: they go straight from the renderer to
Markdown. With mkdocs-macros every page (module pages and their titles included) went through Jinja again,
which needed a placeholder for titles containing `{{`, and it ran `git` several times per build for
variables nobody used. Here the plugin renders a hand-written page's Markdown with exactly the names below
and reports a mistake with the page's file and line, in Japanese, instead of a Jinja traceback.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from .editions import EDITIONS
from .render import Renderer

#: The functions a hand-written page may call, by the name it calls them (Renderer method names).
PAGE_FUNCTIONS = {
    "course_overview": "overview",
    "course_settings": "settings_table",
    "glossary_page": "glossary_page",
    "references_page": "references_page",
    "final_test": "final_test",
    "progress_page": "progress_page",
    "certificate_page": "certificate_page",
}


@dataclass(frozen=True)
class PageNames:
    """What a hand-written page sees: the functions above and the two facts about this build it may depend on.

    `course_edition` says where learning records are kept (browser or LMS; `course_in_lms` for any SCORM
    edition); `answer_key_pages` whether the
    print view and facilitator guide are in this package (learner packages leave them out)."""

    renderer: Renderer
    course_edition: str
    answer_key_pages: bool

    def as_dict(self) -> dict[str, Any]:
        names: dict[str, Any] = {name: getattr(self.renderer, method) for name, method in PAGE_FUNCTIONS.items()}
        return {
            **names,
            "course_edition": self.course_edition,
            "answer_key_pages": self.answer_key_pages,
            "course_in_lms": EDITIONS[self.course_edition].lms is not None,
        }


class PageTemplateError(Exception):
    """A hand-written page that cannot be rendered; the message names the file and line, in Japanese."""


_ENVIRONMENT = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def render_page(source: str, names: Mapping[str, Any], *, path: str, first_line: int = 1) -> str:
    """Render one hand-written page. `first_line` is the file line of `source`'s first line (after front matter)."""
    try:
        return _ENVIRONMENT.from_string(source).render(**names)
    except TemplateSyntaxError as error:
        raise PageTemplateError(_message(path, first_line - 1 + (error.lineno or 1), "書き方", error)) from None
    except TemplateError as error:
        raise PageTemplateError(_message(path, _template_line(error, first_line), "呼び出し", error)) from None


def _template_line(error: BaseException, first_line: int) -> int:
    """Jinja maps a runtime error to the template's line in the traceback frames it rewrites."""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == "<template>"]
    return first_line - 1 + (lines[-1] if lines and lines[-1] else 1)


def _message(path: str, line: int, kind: str, error: TemplateError) -> str:
    known = "、".join(sorted([*PAGE_FUNCTIONS, "course_edition", "course_in_lms", "answer_key_pages"]))
    return (
        f"{path}:{line}: ページの {{{{ }}}} / {{% %}} の{kind}に誤りがあります。\n"
        f"    ヒント: 使える名前は {known} です。{{{{ や }}}} を文字として書くときは "
        f"{{% raw %}}…{{% endraw %}} で囲んでください。\n"
        f"    詳細: {error.message or type(error).__name__}"
    )

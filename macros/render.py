"""Turn the course model into page Markdown through Jinja templates.

Content strings are data. Prose fields are rendered here from Markdown to HTML and sanitised, so a
`<script>` or `javascript:` link written in YAML never reaches the page, and the result is handed to
the page as an HTML block that MkDocs does not render again (and `{{ … }}` written in
YAML stays literal text). Headings are emitted as Markdown so they feed MkDocs' table of contents;
the HTML blocks between them skip MkDocs' Markdown pass altogether (`HtmlBlocks`).
"""

from __future__ import annotations

import base64
import html
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .contract import CourseConfig, storage_key
from .model import Course, Module, Option, Question
from .reserved import FINAL_QUIZ_ID
from .sanitise import CITATION, plain_paragraph, prose_markdown, to_safe_html

TEMPLATES = Path(__file__).parent / "templates"

CITE_TOKEN = re.compile(r"\ue000(\d+)\ue001")
#: A stashed HTML block in the page: a paragraph of its own once Markdown has run, bare before.
BLOCK_TOKEN = re.compile(r"<p>\ue002(\d+)\ue003</p>|\ue002(\d+)\ue003")
#: An id attribute as our templates and nh3 write it (always double-quoted, escaped).
ID_ATTRIBUTE = re.compile(r'\sid="([^"]*)"')
#: What a backslash may escape in Python-Markdown (its `escape` pattern turns back exactly these; the
#: tables extension adds `|`). A backslash before anything else stays on the page ("re\:Work"). The other
#: characters that could mean something are HTML entities by then (`<`, `&`), and line breaks become spaces.
_MD_ESCAPED = markdown.Markdown(extensions=["tables"]).ESCAPED_CHARS
_MD_SPECIAL = re.compile(f"([{re.escape(''.join(_MD_ESCAPED))}])")
_LINE_BREAK = re.compile(r"\r\n?|\n")


def md_text(value: str) -> Markup:
    """Plain text for a Markdown heading or link label: HTML-escaped, Markdown-escaped, on one line."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(_LINE_BREAK.sub(" ", value), quote=False)))


def anchor(identifier: str) -> Markup:
    """An attr_list heading id, `{#id}` (written here because `{#` opens a comment in templates)."""
    return Markup("{#" + html.escape(identifier) + "}")


def json_script(value: Any) -> Markup:
    """JSON safe inside `<script type="application/json">`: no `<` can close the element early."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class HtmlBlocks:
    """Finished HTML blocks, kept out of MkDocs' Markdown pass and put back into the page's HTML after it.

    Our pages are mostly HTML that is already rendered and sanitised here. Python-Markdown would parse
    every raw HTML block again with its HTML parser: most of the build time, and quadratic in the length
    of a page (it copies the rest of the page after each block). So a block reaches Markdown as a
    one-line placeholder (private-use characters, never in real text), and the course plugin calls
    `restore` on the page's HTML (`on_page_content`).
    """

    def __init__(self) -> None:
        self._blocks: dict[int, str] = {}
        self._next = 0

    def stash(self, block: str) -> Markup:
        """The placeholder paragraph for `block` (a Jinja filter: `{% filter html_block %}…{% endfilter %}`)."""
        number, self._next = self._next, self._next + 1
        self._blocks[number] = str(block).strip() + "\n"  # as Python-Markdown ends a raw HTML block
        return Markup(f"\n\n\ue002{number}\ue003\n\n")

    def restore(self, text: str) -> tuple[str, set[str]]:
        """`text` with every placeholder replaced by its block (each is handed out once, then freed), and
        the ids in those blocks: MkDocs validates links to anchors against the ids it saw in the Markdown."""
        ids: set[str] = set()

        def block(match: re.Match[str]) -> str:
            html_block = self._blocks.pop(int(match.group(1) or match.group(2)))
            ids.update(html.unescape(i) for i in ID_ATTRIBUTE.findall(html_block))
            return html_block

        return BLOCK_TOKEN.sub(block, text), ids


class ProseRenderer:
    """Markdown prose → sanitised HTML on one line-free block.

    The same text is shown on several pages (module page, print view, facilitator guide, final test)
    with citations numbered or linked differently, so the costly part — Markdown and sanitising — is
    done once per text, with citations as placeholders, and only the placeholders are filled per page.
    """

    def __init__(self) -> None:
        self._md = prose_markdown()
        self._cache: dict[str, tuple[str, list[str]]] = {}

    def _sanitised(self, text: str) -> tuple[str, list[str]]:
        if text not in self._cache:
            tokens: list[str] = []

            def token(match: re.Match[str]) -> str:
                tokens.append(match.group(1))
                return f"\ue000{len(tokens) - 1}\ue001"  # private-use characters: never in real text

            source = CITATION.sub(token, text)
            clean = plain_paragraph(source)
            if clean is None:
                clean = self.markdown_to_safe_html(source)
            self._cache[text] = (clean, tokens)
        return self._cache[text]

    def markdown_to_safe_html(self, source: str) -> str:
        """Markdown, then nh3 with the tags and attributes prose may use (macros/sanitise.py)."""
        return to_safe_html(self._md, source)

    def __call__(self, text: str, cite: Callable[[str], str]) -> Markup:
        clean, tokens = self._sanitised(text)
        return Markup(CITE_TOKEN.sub(lambda m: cite(tokens[int(m.group(1))]), clean))


class Renderer:
    """Renders pages from one validated course. Built once per build; each method is one page or block."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self._prose = ProseRenderer()
        self.blocks = HtmlBlocks()
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["j2"], default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(md_text=md_text, json_script=json_script, html_block=self.blocks.stash)
        self.env.globals.update(
            course=course, ui=course.ui, anchor=anchor, option_text=self.option_text, final_quiz_id=FINAL_QUIZ_ID
        )

    def option_text(self, question: Question, option: Option) -> str:
        """What an option says: its own text, or for a statement's two answers the labels its type names in ui.yml."""
        if option.text is not None:
            return option.text
        labels = question.kind.labels
        assert labels is not None, question.type  # a statement type names its labels (questiontypes.py)
        return str(self.course.ui["quiz"][labels][option.key])

    def _prose_for(
        self, keys: tuple[str, ...] = (), href: Callable[[str], str] | None = None
    ) -> Callable[[str], Markup]:
        """A prose filter whose `[@KEY]` citations are numbered by `keys` and link with `href` (if given)."""
        cite = self._numbered_cite(keys, href)
        return lambda text: self._prose(text, cite)

    def _numbered_cite(self, keys: tuple[str, ...], href: Callable[[str], str] | None) -> Callable[[str], str]:
        numbers = {key: i for i, key in enumerate(keys, 1)}

        def cite(key: str) -> str:
            ref = self.course.references[key]
            label = html.escape(f"[{numbers.get(key, key)}]")
            title = html.escape(f"{ref.authors} ({ref.year}). {ref.title}")
            inner = (
                f'<a href="{href(key)}" title="{title}">{label}</a>'
                if href
                else f'<span title="{title}">{label}</span>'
            )
            return f'<sup class="cite">{inner}</sup>'

        return cite

    def module_page(self, module_id: str, *, print_mode: bool = False) -> str:
        """A module's page; in print mode (inside the whole-course print page) ids get the module as a
        prefix so they stay unique, answers are open, and the quiz is on paper."""
        module = self.course.module(module_id)
        prefix = f"{module.id}-" if print_mode else ""
        return self.env.get_template("module.md.j2").render(
            module=module,
            prose=self._prose_for(module.references, lambda key: f"#{prefix}ref-{key.lower()}"),
            quiz=self.paper_quiz(module) if print_mode else self.quiz(module),
            related=[self.course.module(i) for i in module.related],
            terms=[self.course.glossary[t] for t in module.glossary],
            references=[self.course.references[r] for r in module.references],
            print_mode=print_mode,
            prefix=prefix,
            to_root="" if print_mode else "../",
            anchor=lambda identifier: anchor(prefix + identifier),
        )

    def quiz(self, module: Module) -> Markup:
        return Markup(
            self.env.get_template("quiz.html.j2").render(
                quiz_id=module.id,
                questions=module.quiz,
                version=module.quiz_version,
                draw=None,
                prose=self._prose_for(module.references, lambda key: f"#ref-{key.lower()}"),
            )
        )

    def quiz_ids(self) -> list[str]:
        """Every quiz on the site: one per module that has questions, and the final test."""
        return [m.id for m in self.course.modules if m.quiz] + [FINAL_QUIZ_ID]

    def quiz_key(self, quiz_id: str) -> str:
        """The script course-quiz.js loads when a learner asks for grading: keyed options and the explanations.

        Kept out of the quiz's page, so neither the HTML nor its order says which option is right. The data
        is base64 (the explanations would tell the key at a glance): deterrence against casual peeking in
        the page source, not security — the browser must be able to grade, so it can be read.
        """
        if quiz_id == FINAL_QUIZ_ID:
            questions, version, prose = self.course.final_pool, self.course.final_version, self._prose_for()
        else:
            module = self.course.module(quiz_id)
            questions, version = module.quiz, module.quiz_version
            prose = self._prose_for(module.references, lambda key: f"#ref-{key.lower()}")
        data = {"v": version, "q": {q.id: _key_of(q, prose) for q in questions}}
        payload = base64.b64encode(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()).decode()
        return f'(window.__COURSE_KEYS__=window.__COURSE_KEYS__||{{}})[{json.dumps(quiz_id)}]="{payload}";\n'

    def paper_quiz(self, module: Module) -> Markup:
        if self.course.print_quiz == "omit":
            return Markup("")
        return Markup(
            self.env.get_template("quiz_print.html.j2").render(
                questions=module.quiz, prose=self._prose_for(module.references)
            )
        )

    def print_page(self) -> str:
        """The whole course for handing out: each module starts on a new page (see course.css)."""
        course = self.course
        # Already-rendered Markdown from our own templates: Markup, so it is not escaped a second time.
        answers = (
            ""
            if course.print_quiz == "omit"
            else Markup(self.env.get_template("answers.md.j2").render(modules=course.modules, prose=self._prose_for()))
        )
        return self.env.get_template("print.md.j2").render(
            module_pages=[Markup(self.module_page(m.id, print_mode=True)) for m in course.modules],
            answers=answers,
            prose=self._prose_for(),
        )

    def worksheets_page(self) -> str:
        return self.env.get_template("worksheets.md.j2").render(modules=self.course.modules)

    def facilitator_page(self) -> str:
        return self.env.get_template("facilitator.md.j2").render(
            prose=lambda module, text: self._prose_for(module.references)(text)
        )

    def final_test(self) -> str:
        """Every question marked for the final test; the browser draws `final_test_size` of them."""
        return self.env.get_template("quiz.html.j2").render(
            quiz_id=FINAL_QUIZ_ID,
            questions=self.course.final_pool,
            version=self.course.final_version,
            draw=self.course.final_test_size,
            prose=self._prose_for(),
        )

    def progress_page(self) -> str:
        return self.env.get_template("progress.md.j2").render()

    def certificate_page(self) -> str:
        return self.env.get_template("certificate.html.j2").render()

    def client_config(self, module_pages: str = "modules") -> str:
        """The script that hands the quiz code its settings (macros/contract.py): a file, so no inline script
        is needed. `module_pages` is the folder of the module pages (the plugin's `pages_dir`)."""
        course = self.course
        data: CourseConfig = {
            "courseId": course.id,
            "storageKey": storage_key(course.id),
            "passMark": course.pass_mark,
            "required": list(course.required_modules),
            "finalQuizId": FINAL_QUIZ_ID,
            "finalVersion": course.final_version,
            "modulePages": module_pages.strip("/"),
            "modules": [
                {"id": m.id, "title": m.title, "version": m.quiz_version, "questions": len(m.quiz)}
                for m in course.modules
            ],
            "ui": {
                "quiz": course.ui["quiz"],
                "interactive": course.ui["interactive"],
                "progress": course.ui["progress"],
                "certificate": course.ui["certificate"],
            },
        }
        return f"window.__COURSE__ = {json_script(data)};\n"

    def overview(self) -> str:
        """Course description and the module list, for the home page."""
        return self.env.get_template("overview.md.j2").render(prose=self._prose_for())

    def settings_table(self) -> str:
        """The HR settings with their current values, for the HR page."""
        return self.env.get_template("settings.md.j2").render()

    def glossary_page(self) -> str:
        terms = sorted(self.course.glossary.values(), key=lambda t: gojuon_key(t.reading or t.term))
        used_in = {t.id: [m for m in self.course.modules if t.id in m.glossary] for t in terms}

        def prose(term: Any) -> Markup:
            return self._prose_for(term.references)(term.definition)

        return self.env.get_template("glossary.md.j2").render(
            terms=terms, used_in=used_in, prose=prose, references=self.course.references
        )

    def references_page(self) -> str:
        refs = sorted(self.course.references.values(), key=lambda r: (r.authors.lower(), r.year))
        return self.env.get_template("references.md.j2").render(references=refs)


def gojuon_key(text: str) -> str:
    """Sort key in 五十音 order: katakana folded to hiragana (ア and あ side by side), width folded by NFKC."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in folded)


def _key_of(question: Question, prose: Callable[[str], Markup]) -> dict[str, Any]:
    """One question's key: the keyed option keys, and each option's explanation as HTML."""
    return {
        "k": [o.key for o in question.options if o.correct],
        "e": {o.key: str(prose(o.explanation)) for o in question.options},
    }

"""The MkDocs side of the course: wiring only — check content first, add one page per module, keep `site/` safe.

Module pages come from the renderer; hand-written pages in docs/ call the course's functions through
macros/pages.py. The options are in macros/config.py, the build transaction (staging, swap, strict-mode
counting) in macros/staging.py, the preview of broken content in macros/preview.py; here each MkDocs event
calls them, and does nothing when `enabled: false`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .branding import branding_css, load_logo
from .browser import BUNDLE, CLIENT_CONFIG, COURSE_SCRIPTS, PAGE_SCRIPTS, bundle, minify
from .check import CONTENT_DIR, check_project
from .config import CoursePluginConfig
from .editions import EDITIONS
from .findings import format_text, relative
from .model import Course, Module, ModuleGroup
from .pages import PageNames, PageTemplateError, render_page
from .preview import BrokenPreview, without_pages
from .published import describe_links, links_leaving
from .render import Renderer
from .safetext import safe_title
from .search import SETTINGS, rewrite_index
from .search_prebuilt import add_prebuilt_index
from .search_rewrite import TABLE_FILE, write_table
from .staging import BuildTransaction

log = logging.getLogger("mkdocs.plugins.course")

#: Pages for HR and facilitators: generated, reached from the HR page, kept out of the learner's
#: navigation and out of search (each repeats content that search already finds on the module pages).
SIDE_PAGES = {"print.md": "print_page", "worksheets.md": "worksheets_page", "facilitator.md": "facilitator_page"}
#: The side pages that carry answer keys: left out of learner packages (`answer_key_pages: false`).
ANSWER_KEY_PAGES = {"print.md", "facilitator.md"}
#: HR's guides: out of the learner navigation of the LMS editions (a learner there never hosts the course;
#: the pages stay in the package, linked from the how-to page for the contact address).
HR_PAGES = {"hr.md", "deploy.md"}
#: One script per quiz with its key and explanations, loaded by course-quiz.js at grading time (Renderer.quiz_key).
QUIZ_KEYS = "javascripts/quiz-keys/{}.js"
BRANDING_CSS = "stylesheets/branding.css"
#: Rewrites learners' spellings in the search box's queries (macros/search_rewrite.py) and ranks pages with
#: every term first. Loaded in the page's head (macros/theme/partials/javascripts/base.html): it must see the
#: search worker's answers, so it runs before Material's bundle listens to the worker. Its table (TABLE_FILE)
#: loads with the other scripts.
SEARCH_SCRIPT = "javascripts/search.js"
#: The file:// shim for Material's search worker, vendored so the offline plugin does not take it from unpkg.
IFRAME_WORKER = "javascripts/vendor/iframe-worker/shim.js"
#: Site settings that Material writes into `<title>`, `<meta>` or the header without escaping them.
SITE_TEXTS = ("site_name", "site_description", "site_author")
#: Front matter that Material writes into `<title>`, `<meta>` or the header without escaping it.
META_TEXTS = ("title", "description", "author")


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    course: Course
    renderer: Renderer

    def __init__(self) -> None:
        self._command: str | None = None
        self._dirty = False
        self.broken: BrokenPreview | None = None  # the preview's content errors (macros/preview.py)
        self._build: BuildTransaction | None = None
        self._generated: dict[str, Callable[[], str]] = {}
        self._page_names: dict[str, Any] = {}
        self._root = Path()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self._command, self._dirty = command, dirty

    @event_priority(100)  # before Material's search plugin reads its settings (priority 0)
    def _configure_search(self, config: MkDocsConfig) -> None:
        """Japanese search needs Material's search set as macros/search.py says; the settings live there, not
        in mkdocs.yml. A value set in mkdocs.yml that differs would break it quietly: it is refused."""
        search = config.plugins.get("material/search")
        if not self.config.enabled or not self.config.japanese_search or search is None:
            return
        for key, value in SETTINGS.items():
            if search.config.get(key) not in (None, value):
                raise PluginError(
                    f"mkdocs.yml の plugins の search に {key} が書かれています。日本語の検索のために course の"
                    f"プラグインが設定する項目なので（macros/search.py）、mkdocs.yml から削除してください。"
                )
            search.config[key] = value

    def _configure_course(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        root = self._root = Path(config.config_file_path).parent
        result = check_project(root)
        self.broken = None
        # The preview shows content errors in the browser instead of failing (which hangs every request, or
        # stops the server on its first build): an empty site with the findings as every page.
        if self._command == "serve" and (result.errors or result.course is None):
            self.broken = BrokenPreview(result.findings)
            self.broken.log()
            config.nav = []
            return config
        # Advice (pedagogical warnings) is shown but never fails a build, --strict included:
        # `python -m macros check` is where authors act on it.
        for finding in result.findings:
            if not finding.is_error:
                log.info(format_text([finding]).splitlines()[0])
        if result.errors or result.course is None:
            raise PluginError("コンテンツにエラーがあるため、ビルドを中止しました。\n" + format_text(result.findings))
        # Before MkDocs walks docs/ (following links): a link out of it would publish a file of this machine.
        # A link that stays inside leads to files this walk also reaches, so no file can come from outside.
        docs = Path(config.docs_dir)
        if leaving := links_leaving(docs, root):
            raise PluginError(describe_links(leaving, root, relative(docs, root)))
        self.course = result.course
        self.renderer = Renderer(result.course)
        self._page_names = PageNames(self.renderer, self.config.edition, self.config.answer_key_pages).as_dict()
        config.nav = self._with_modules(config.nav)
        if EDITIONS[self.config.edition].lms:
            config.nav = _without(config.nav, HR_PAGES)
        for key in SITE_TEXTS:  # printed unescaped by Material, as page titles are (see _safe_titles)
            if config[key]:
                config[key] = safe_title(config[key])
        # The settings and the course scripts, in their order (macros/browser.py), before any other script.
        config.extra_javascript[:0] = PAGE_SCRIPTS
        if self.config.japanese_search:
            config.extra["search_script"] = SEARCH_SCRIPT
            config.extra_javascript.append(TABLE_FILE)
        if self._has_colours():  # no request for an empty stylesheet when HR set no colours
            config.extra_css.append(BRANDING_CSS)
        if result.course.branding.logo:
            config.theme["logo"] = self._logo_uri()
        if EDITIONS[self.config.edition].offline:
            self._configure_offline(config)
        if self._command == "build" and not self._dirty:
            self._stage(config)
        return config

    on_config = CombinedEvent(_configure_search, _configure_course)

    def _configure_offline(self, config: MkDocsConfig) -> None:
        """Editions opened from files: plain .html links, and Material's offline search with our shim."""
        offline = config.plugins.get("material/offline")
        if offline is None:
            raise PluginError(f"The {self.config.edition} edition needs the `offline` plugin in mkdocs.yml.")
        offline.config["enabled"] = True
        config.use_directory_urls = False
        # Instant navigation fetches sitemap.xml, which file:// cannot serve; Material then never emits
        # document$, and every script waiting on it (course-init.js included) would never start.
        features = config.theme.get("features", [])
        config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
        # The offline plugin adds unpkg.com's shim unless a polyfill named iframe-worker is present.
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), IFRAME_WORKER]

    def _module_uri(self, module_id: str) -> str:
        return f"{self.config.pages_dir}/{module_id}.md"

    def _with_modules(self, nav: list[Any] | None) -> list[Any]:
        def entry(item: Module | ModuleGroup) -> dict[str, Any]:
            if isinstance(item, ModuleGroup):
                return {item.title: [entry(m) for m in item.modules]}
            return {item.title: self._module_uri(item.id)}

        modules = [entry(item) for item in self.course.outline()]
        if nav is None:
            return modules

        def replace(items: list[Any]) -> tuple[list[Any], bool]:
            out, found = [], False
            for item in items:
                if item == self.config.nav_placeholder:
                    out.extend(modules)
                    found = True
                elif isinstance(item, dict):
                    ((title, value),) = item.items()
                    if value == self.config.nav_placeholder:
                        out.append({title: modules})
                        found = True
                    elif isinstance(value, list):
                        value, inner = replace(value)
                        out.append({title: value})
                        found |= inner
                    else:
                        out.append(item)
                else:
                    out.append(item)
            return out, found

        new_nav, found = replace(nav)
        return new_nav if found else new_nav + modules

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        if self.broken:
            return without_pages(files)
        # Generated pages are empty here: on_page_markdown asks the renderer for their Markdown.
        self._generated = {}
        for module in self.course.modules:
            uri = self._module_uri(module.id)
            files.append(File.generated(config, uri, content=""))
            self._generated[uri] = partial(self.renderer.module_page, module.id)
        if EDITIONS[self.config.edition].lms:
            for file in files:
                if file.src_uri in HR_PAGES:
                    file.inclusion = InclusionLevel.NOT_IN_NAV
        for uri, method in SIDE_PAGES.items():
            if uri in ANSWER_KEY_PAGES and not self.config.answer_key_pages:
                continue
            files.append(
                File.generated(
                    config, uri, content="---\nsearch:\n  exclude: true\n---\n", inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
            self._generated[uri] = getattr(self.renderer, method)
        files.append(File.generated(config, CLIENT_CONFIG, content=self.renderer.client_config(self.config.pages_dir)))
        files.append(File.generated(config, BUNDLE, content=bundle(self._take_sources(files))))
        if search := files.get_file_from_path(SEARCH_SCRIPT):  # it loads in every page's head: minified
            files.remove(search)
            files.append(
                File.generated(config, SEARCH_SCRIPT, content=minify(search.content_string, f"docs/{SEARCH_SCRIPT}"))
            )
        for quiz_id in self.renderer.quiz_ids():
            files.append(File.generated(config, QUIZ_KEYS.format(quiz_id), content=self.renderer.quiz_key(quiz_id)))
        if self._has_colours():
            files.append(File.generated(config, BRANDING_CSS, content=branding_css(self.course.branding)))
        if self.course.branding.logo:
            # The checked bytes, not the path: what is published is exactly what the check saw.
            content_dir = Path(config.config_file_path).parent / CONTENT_DIR
            logo, problem = load_logo(content_dir, self.course.branding.logo)
            if problem:
                raise PluginError(format_text([problem]))
            assert logo is not None  # load_logo gives bytes whenever it reports no problem
            files.append(File.generated(config, self._logo_uri(), content=logo))
        return files

    @staticmethod
    def _take_sources(files: Files) -> list[str]:
        """The course scripts' texts, in order, each taken out of `files`: pages load the bundle made of them,
        and a copy on its own would be dead weight in the site and in every package."""
        found = {uri: files.get_file_from_path(uri) for uri in COURSE_SCRIPTS}
        if missing := [uri for uri, file in found.items() if file is None]:
            raise PluginError(
                f"コースのスクリプトが docs/ にありません: {', '.join(missing)}。"
                "消したのなら git で元に戻してください（一覧は macros/browser.py にあります）。"
            )
        texts = []
        for file in found.values():
            assert file is not None  # checked above
            texts.append(file.content_string)
            files.remove(file)
        return texts

    def _has_colours(self) -> bool:
        return bool(self.course.branding.primary_color or self.course.branding.accent_color)

    def _logo_uri(self) -> str:
        return f"assets/branding/logo{Path(self.course.branding.logo or '').suffix}"

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not self.config.enabled:
            return markdown
        return self.page_markdown(page.file, markdown)

    def page_markdown(self, file: File, markdown: str) -> str:
        """The Markdown of a page whose body (after front matter) is `markdown`. Generated pages come from the
        renderer (content is data, never a template); hand-written pages are templates that call the course's
        functions (macros/pages.py)."""
        if produce := self._generated.get(file.src_uri):
            return produce()
        source = file.content_string
        first_line = source.count("\n", 0, max(source.find(markdown), 0)) + 1
        try:
            return render_page(
                markdown,
                self._page_names,
                first_line=first_line,
                path=relative(Path(file.abs_src_path or file.src_uri), self._root),
            )
        except PageTemplateError as error:
            raise PluginError(str(error)) from None

    @event_priority(100)  # before any other plugin reads the page's HTML
    def _restore_blocks(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the HTML blocks that skipped the Markdown pass back into the page (render.HtmlBlocks)."""
        if not self.config.enabled:
            return html
        content, ids = self.renderer.blocks.restore(html)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= ids
        # rstrip: Markdown's output never ends in a newline; the page is then the very HTML that Markdown
        # would have made of the blocks (tests/test_benchmark.py compares them).
        return content.rstrip()

    # --- titles: text, never markup (macros/safetext.py) ----------------------------------------
    # Every page's title is final once its Markdown is rendered, and every page is rendered before the
    # first template: making it safe here also covers its label in every other page's navigation.

    @event_priority(-100)  # after every other plugin has had its say about the title
    def _safe_titles(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.config.enabled:
            self._make_title_safe(page)
        return html

    on_page_content = CombinedEvent(_restore_blocks, _safe_titles)

    @event_priority(-100)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """Again just before the page's template runs, in case a plugin changed the title since."""
        if self.config.enabled:
            self._make_title_safe(page)
        return context

    @staticmethod
    def _make_title_safe(page: Page) -> None:
        if page.title is not None:
            page.title = safe_title(page.title)
        for key in META_TEXTS:
            if isinstance(page.meta.get(key), str):
                page.meta[key] = safe_title(page.meta[key])

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Section and link labels (page titles are made safe with their page)."""
        if not self.config.enabled:
            return nav

        def walk(items: list[Any]) -> None:
            for item in items:
                if item.title is not None and not isinstance(item, Page):
                    item.title = safe_title(item.title)
                walk(item.children or [])

        walk(nav.items)
        return nav

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if not self.config.enabled:
            return server
        root = Path(config.config_file_path).parent
        for folder in (CONTENT_DIR, "macros"):
            server.watch(str(root / folder))
        return server

    # --- a failed build leaves the previous site/ untouched (macros/staging.py) ---------------

    def _stage(self, config: MkDocsConfig) -> None:
        """Build into a folder of this build's own; `on_post_build` swaps it in only if the whole build succeeded."""
        self._build = BuildTransaction(Path(config.site_dir), strict=config.strict)
        config.site_dir = str(self._build.begin())

    @event_priority(-50)  # after the search plugin wrote its index (0), before the offline plugin inlines it (-100)
    def _prepare_search_index(self, *, config: MkDocsConfig) -> None:
        """Japanese search fix-up of the index (see macros/search.py), and the table of the query rewrite
        (macros/search_rewrite.py)."""
        if not self.config.enabled or self.broken or not self.config.japanese_search:
            return
        rewrite_index(Path(config.site_dir))
        write_table(Path(config.site_dir), self.course.glossary.values(), self.course.synonyms)
        if self.config.prebuilt_search_index:
            add_prebuilt_index(Path(config.site_dir), script=EDITIONS[self.config.edition].offline)

    @event_priority(-200)  # last: after every plugin has written its files (Material's offline plugin: -100)
    def _swap_site(self, *, config: MkDocsConfig) -> None:
        if self._build is None:
            return
        site = self._build.commit()
        if site is None:
            return  # a strict build counted a warning: MkDocs aborts next, and on_build_error cleans up
        self._build = None
        config.site_dir = str(site)

    @event_priority(-100)  # last: the findings page replaces whatever a theme wrote as 404.html
    def _show_errors(self, *, config: MkDocsConfig) -> None:
        if self.broken:
            self.broken.write(Path(config.site_dir))

    on_post_build = CombinedEvent(_prepare_search_index, _swap_site, _show_errors)

    def on_build_error(self, *, error: Exception) -> None:
        if self._build is not None:
            self._build.abort()
            self._build = None


def _without(nav: list[Any] | None, pages: set[str]) -> list[Any] | None:
    """`nav` less the entries of `pages`; a section left empty goes too."""
    if nav is None:
        return None
    out: list[Any] = []
    for item in nav:
        if isinstance(item, str):
            if item not in pages:
                out.append(item)
            continue
        ((title, value),) = item.items()
        if isinstance(value, list):
            if inner := _without(value, pages):
                out.append({title: inner})
        elif value not in pages:
            out.append(item)
    return out

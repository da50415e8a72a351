"""The preview (`mkdocs serve`) while the content has errors: a page that says what is wrong, not a hang.

MkDocs keeps serving the last good site after a failed rebuild but makes every request wait for a good
one ("the server will appear stuck"); a failed first build stops the server. So the course plugin does
not fail a preview build on content errors: it builds an empty site, and this module writes the findings
into it as the page for every address (`index.html`, and `404.html`, which MkDocs' server answers any
missing page with). The page checks its own address every second and reloads as soon as the answer is
another page (the next broken save, or the course again).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from mkdocs.structure.files import Files

from .findings import Finding, format_text

TEMPLATE = "preview.html.j2"
#: The pages written into the empty site: the home page and the page MkDocs' server sends for any other path.
PAGES = ("index.html", "404.html")

log = logging.getLogger("mkdocs.plugins.course")


class BrokenPreview:
    """One failed content check, as the preview shows it (terminal and browser)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings)
        #: Tells this page from the next one: the page reloads when its address answers without it.
        self.stamp = str(time.time_ns())

    def log(self) -> None:
        """The same findings in the terminal, with what to do next."""
        log.error("コンテンツにエラーがあります。\n" + format_text(self.findings))
        log.warning(
            "ブラウザーにも、このエラーの一覧を表示しています。直して保存すると、コースの表示に戻ります"
            "（Ctrl+C で終了）。"
        )

    def page(self) -> str:
        env = Environment(
            loader=FileSystemLoader(Path(__file__).parent / "templates"),
            autoescape=select_autoescape(["j2"], default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        errors = sum(f.is_error for f in self.findings)
        return env.get_template(TEMPLATE).render(
            findings=self.findings, stamp=self.stamp, errors=errors, warnings=len(self.findings) - errors
        )

    def write(self, site_dir: Path) -> None:
        html = self.page()
        for name in PAGES:
            (site_dir / name).write_text(html, "utf-8")


def without_pages(files: Files) -> Files:
    """The site's files less every page: pages need the course, which broken content does not give."""
    return Files([f for f in files if not f.is_documentation_page()])

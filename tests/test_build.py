"""The whole build: strict, offline, self-contained, and never leaving a half-built site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, mkdocs_build
from mkdocs.config import load_config

from macros.browser import COURSE_SCRIPTS
from macros.plugin import IFRAME_WORKER
from macros.search import SETTINGS
from macros.search_prebuilt import search_documents


def test_strict_build_of_the_real_course_succeeds_offline(real_site: Path) -> None:
    course = yaml.safe_load((ROOT / "content_src" / "course.yml").read_text("utf-8"))
    for module_id in course["modules"]:
        assert (real_site / "modules" / module_id / "index.html").is_file()
    for page in ("glossary", "references", "hr", "how-to", "about"):
        assert (real_site / page / "index.html").is_file()


def test_the_maintainers_page_is_not_published(real_site: Path) -> None:
    """docs/maintenance.md (the exit plan) is for maintainers: no page, no search entry, no package."""
    assert (ROOT / "docs" / "maintenance.md").is_file()
    assert not (real_site / "maintenance").exists()
    assert not any("maintenance" in f"{doc}" for doc in search_documents(real_site))


def test_the_index_is_written_with_the_search_settings_the_plugin_sets(real_site: Path) -> None:
    """mkdocs.yml lists `search` bare: its separator, lang and pipeline come from macros/search.py."""
    written = json.loads((real_site / "search" / "search_index.json").read_text("utf-8"))["config"]
    assert {key: written[key] for key in SETTINGS} == SETTINGS


@pytest.mark.build
def test_a_search_setting_written_in_mkdocs_yml_is_refused_in_japanese(mini_site: Path) -> None:
    mkdocs_yml = mini_site / "mkdocs.yml"
    bare = "\n  - search "
    text = mkdocs_yml.read_text("utf-8")
    assert bare in text
    mkdocs_yml.write_text(text.replace(bare, "\n  - search:\n      separator: '[\\s\\-]+'\n    # ", 1), "utf-8")
    result = mkdocs_build(mini_site)
    assert result.returncode != 0
    assert "search に separator が書かれています" in result.stderr and "mkdocs.yml から削除" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_a_missing_course_script_stops_the_build_in_japanese(mini_site: Path) -> None:
    (mini_site / "docs" / COURSE_SCRIPTS[2]).unlink()
    result = mkdocs_build(mini_site)
    assert result.returncode != 0
    assert f"コースのスクリプトが docs/ にありません: {COURSE_SCRIPTS[2]}" in result.stderr
    assert "Traceback" not in result.stderr


# --- nothing on the site calls another host -----------------------------------------------------

#: Attributes that make the browser fetch something (an <a href> is a link the learner may follow, not a request).
FETCHING = re.compile(
    r"<(?:script|img|iframe|embed|source|audio|video|track|input|object)\b[^>]*?\s(?:src|srcset|data|poster)=[\"']?([^\"'\s>]+)"
    r"|<link\b[^>]*?\shref=[\"']?([^\"'\s>]+)",
    re.IGNORECASE,
)
CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')]+)|@import\s+[\"']([^\"']+)", re.IGNORECASE)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
JS_URL = re.compile(r"https?://[a-z0-9.-]+\.[a-z]{2,}[^\s\"'`)]*", re.IGNORECASE)
#: URLs that appear in Material's bundled JavaScript but are never requested by this site, and why.
INERT_JS = {
    "www.w3.org": "XML namespace names (SVG, XLink), not fetched",
    "github.com": "repository links: only used when repo_url is set (it is not)",
    "api.github.com": "repository facts: only fetched when repo_url is set (it is not)",
    "unpkg.com": "iframe-worker for the offline plugin: never used, the course plugin supplies the vendored copy",
    "bit.ly": "a link inside an error message of lunr's query parser",
    "fontawesome.com": "licence comment",
    "clipboardjs.com": "licence comment",
    "squidfunk.github.io": "licence comment",
    "lunrjs.com": "licence comment",
    "tartarus.org": "licence comment",
    "snowball.tartarus.org": "licence comment",
    "www.mozilla.org": "MPL licence header of lunr's stemmers",
    "code.google.com": "credit comment of lunr's stemmers",
}
#: Material's vendored segmenters for lunr: their only URLs are documentation links in comments.
INERT_JS_FILES = {"assets/javascripts/lunr/wordcut.js", "assets/javascripts/lunr/tinyseg.js"}


def external_references(site: Path) -> list[str]:
    found = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            for match in FETCHING.finditer(path.read_text("utf-8")):
                url = match.group(1) or match.group(2)
                if EXTERNAL.match(url):
                    found.append(f"{path.relative_to(site)}: {url}")
        elif path.suffix == ".css":
            for match in CSS_URL.finditer(path.read_text("utf-8")):
                url = match.group(1) or match.group(2)
                if EXTERNAL.match(url.strip()):
                    found.append(f"{path.relative_to(site)}: {url}")
        elif path.suffix == ".js":
            if path.relative_to(site).as_posix() in INERT_JS_FILES:
                continue
            for match in JS_URL.finditer(path.read_text("utf-8")):
                host = re.sub(r"^https?://", "", match.group(0)).split("/")[0].lower()
                if host not in INERT_JS:
                    found.append(f"{path.relative_to(site)}: {match.group(0)}")
    return found


def test_built_site_references_no_external_host(real_site: Path) -> None:
    assert external_references(real_site) == []


def test_reasons_for_inert_javascript_urls_still_hold() -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "repo_url" not in config
    # the offline editions load the vendored shim, never unpkg's copy
    assert "iframe-worker" in IFRAME_WORKER and (ROOT / "docs" / IFRAME_WORKER).is_file()


def test_the_scan_catches_an_external_stylesheet(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<link rel="stylesheet" href="https://fonts.googleapis.com/css">', "utf-8")
    (tmp_path / "a.css").write_text("@import url('//cdn.example.com/x.css');", "utf-8")
    assert len(external_references(tmp_path)) == 2


# --- a failed build leaves the previous site untouched -------------------------------------------


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_content_error_stops_the_build_with_file_and_line(previously_built: Path) -> None:
    before = snapshot(previously_built / "site")
    (previously_built / "content_src/modules/alpha.yml").write_bytes(
        (FIXTURES / "broken" / "duplicate-key.yml").read_bytes()
    )
    result = mkdocs_build(previously_built)
    assert result.returncode == 1
    assert "content_src/modules/alpha.yml:3:1: error[duplicate-key]:" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(previously_built / "site") == before


def test_page_error_late_in_the_build_leaves_the_old_site(previously_built: Path) -> None:
    before = snapshot(previously_built / "site")
    (previously_built / "docs" / "about.md").write_text("# 壊れたページ\n\n{{ no_such_macro() }}\n", "utf-8")
    result = mkdocs_build(previously_built)
    assert result.returncode != 0
    assert snapshot(previously_built / "site") == before
    assert not (previously_built / ".site.building").exists()


def test_strict_warning_leaves_the_old_site(previously_built: Path) -> None:
    before = snapshot(previously_built / "site")
    (previously_built / "docs" / "about.md").write_text("# ページ\n\n[リンク切れ](missing.md)\n", "utf-8")
    result = mkdocs_build(previously_built, "--strict")
    assert result.returncode == 1
    assert snapshot(previously_built / "site") == before


def test_successful_build_replaces_the_site(previously_built: Path) -> None:
    (previously_built / "docs" / "about.md").write_text("# 新しい内容\n", "utf-8")
    assert mkdocs_build(previously_built).returncode == 0
    assert "新しい内容" in (previously_built / "site" / "about" / "index.html").read_text("utf-8")


def test_the_site_is_swapped_in_after_every_other_plugin_has_written_its_files() -> None:
    """MkDocs runs post_build handlers by priority: the index fix-up between search and offline, the swap last."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    handlers = [getattr(h, "__qualname__", repr(h)) for h in config.plugins.events["post_build"]]
    assert handlers[-1] == "CoursePlugin._swap_site", handlers
    order = {name.split(".")[0]: i for i, name in enumerate(handlers)}
    assert order["SearchPlugin"] < handlers.index("CoursePlugin._prepare_search_index") < order["OfflinePlugin"]


@pytest.mark.build
def test_a_disabled_plugin_does_no_work(mini_site: Path) -> None:
    """`enabled: false` (as in Material's plugins): no check, no generated page or script, no staging."""
    mkdocs_yml = mini_site / "mkdocs.yml"
    text, n = re.subn(
        r"^  - course:.*\n", "\\g<0>      enabled: false\n", mkdocs_yml.read_text("utf-8"), count=1, flags=re.MULTILINE
    )
    assert n == 1
    mkdocs_yml.write_text(text, "utf-8")
    (mini_site / "content_src/modules/alpha.yml").write_bytes((FIXTURES / "broken" / "duplicate-key.yml").read_bytes())
    result = mkdocs_build(mini_site)
    assert result.returncode == 0, result.stderr
    site = mini_site / "site"
    assert (site / "index.html").is_file()
    assert not (site / "modules").exists() and not (site / "javascripts" / "course-config.js").exists()
    assert "duplicate-key" not in result.stderr
    assert not list(mini_site.glob(".site.*"))

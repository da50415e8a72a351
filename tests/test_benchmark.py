"""The benchmark's own parts, quickly: no timing is asserted here (tests/benchmark.py measures)."""

from __future__ import annotations

import re
from pathlib import Path

import benchmark
import pytest
import yaml
from conftest import mkdocs_build

from macros import search_prebuilt
from macros.check import check_project


def test_generated_course_passes_the_checker_with_no_finding(tmp_path: Path) -> None:
    ids = benchmark.make_project(tmp_path / "ours", 3)
    result = check_project(tmp_path / "ours")
    assert result.findings == []
    assert result.course is not None
    assert [m.id for m in result.course.modules] == ids
    module = result.course.modules[0]
    assert len(module.quiz) == 10 and len(module.scenarios) == 3
    assert {q.type for q in module.quiz} == {"single", "multiple", "true_false", "scenario"}


@pytest.mark.build
def test_prerendered_baseline_builds_with_plain_mkdocs(tmp_path: Path) -> None:
    benchmark.make_project(tmp_path / "ours", 3)
    baseline = benchmark.make_baseline(tmp_path / "ours", tmp_path / "base")
    config = yaml.safe_load((baseline / "mkdocs.yml").read_text("utf-8"))
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "search" in plugins and not {"course", "macros"} & set(plugins)
    assert not (baseline / "macros" / "__init__.py").exists()  # nothing of the engine can load
    calls = re.compile(r"\{\{-?\s*\w+\(")  # `{{ module_page("…") }}` and the like, left unrendered
    for page in (baseline / "docs").rglob("*.md"):
        text = page.read_text("utf-8")
        assert not calls.search(text), page
        assert "\ue002" not in text, page  # every stashed HTML block is back inline (render.HtmlBlocks)
    result = mkdocs_build(baseline, "--strict")
    assert result.returncode == 0, result.stderr
    for module_id in benchmark.module_ids(3):
        assert (baseline / "site" / "modules" / module_id / "index.html").is_file()


@pytest.mark.build
def test_our_pages_are_the_html_plain_mkdocs_makes_of_the_prerendered_markdown(tmp_path: Path) -> None:
    """Our HTML blocks skip the Markdown pass (render.HtmlBlocks); the pages must not notice."""
    benchmark.make_project(tmp_path / "ours", 3)
    baseline = benchmark.make_baseline(tmp_path / "ours", tmp_path / "base")
    for project in (tmp_path / "ours", baseline):
        result = mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.stderr
    # the index is prepared for Japanese (macros/search.py), and its documents move, with a prebuilt lunr
    # index, to the search data file the worker fetches (macros/search_prebuilt.py); the query-rewrite
    # table is ours alone
    worker = search_prebuilt.worker_script(tmp_path / "ours" / "site")
    assert worker is not None
    assert benchmark.different_files(tmp_path / "ours" / "site", baseline / "site") == sorted(
        [
            str(worker.relative_to(tmp_path / "ours" / "site")),
            "search/rewrite.js",
            f"search/{search_prebuilt.DATA_FILE}",
            "search/search_index.json",
        ]
    )

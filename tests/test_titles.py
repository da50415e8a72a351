"""Titles are text, never markup: whatever a course, module, group or UI title says, no page of any edition
gets a script, a <base> or a second <title> from it, and the SCORM manifest stays well-formed XML.

Titles reach places where Material prints them unescaped (`<title>` through `striptags`, which turns `&lt;`
back into `<`; the header; the navigation); the course plugin makes every one safe in one place.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT, copy_site_files, edition_build
from playwright.sync_api import Browser
from test_render import Elements

from macros.check import check_project
from macros.editions import EDITIONS, add_scorm_package_files

#: Closes the <title> element, then runs a script and moves every relative URL to another origin.
PAYLOAD = '</title><script>alert("t")</script><base href="//elsewhere.example/"><b onmouseover=alert(1)>'
#: Keys whose text is a heading, a page title, a navigation label or a name in the course.
TITLE_KEYS = {"title", "term", "name"}
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2"}
XML_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def poison(data: Any) -> Any:
    """Every title-like string in a content file, with the payload appended."""
    if isinstance(data, dict):
        return {k: (f"{v}{PAYLOAD}" if k in TITLE_KEYS and isinstance(v, str) else poison(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [poison(item) for item in data]
    return data


def poisoned_project(root: Path) -> Path:
    """The minimal course with a module group, and the payload in every title of every content file."""
    project = root / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copy(ROOT / "content_src" / "ui.yml", project / "content_src" / "ui.yml")
    copy_site_files(project)
    course = project / "content_src" / "course.yml"
    course.write_text(
        course.read_text("utf-8") + "module_groups:\n  - {title: 基礎編, modules: [alpha, beta]}\n", "utf-8"
    )
    for path in (project / "content_src").rglob("*.yml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        path.write_text(yaml.safe_dump(poison(data), allow_unicode=True, sort_keys=False), "utf-8")
    return project


@pytest.fixture(scope="module")
def poisoned_editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every edition of the poisoned course, built with `python -m macros build`; returns dist/."""
    project = poisoned_project(tmp_path_factory.mktemp("poisoned"))
    for edition in ("web", "shared-drive", "scorm"):
        edition_build(project, edition, project / "dist")
    return project / "dist"


def packaged_pages(dist: Path) -> Iterator[tuple[str, str]]:
    """(zip:name, text) of every HTML page in every zip that the build wrote."""
    archives = sorted(dist.glob("*.zip"))
    assert archives
    for archive in archives:
        with zipfile.ZipFile(archive) as package:
            for name in package.namelist():
                if name.endswith(".html"):
                    yield f"{archive.name}:{name}", package.read(name).decode("utf-8")


def test_no_title_becomes_markup_on_any_page_of_any_edition(poisoned_editions: Path) -> None:
    pages = 0
    for where, page in packaged_pages(poisoned_editions):
        pages += 1
        titles = re.findall(r"<title>(.*?)</title>", page, re.DOTALL)
        assert len(titles) == 1 and "<" not in titles[0], (where, titles)
        for tag, attrs in Elements(page).elements:
            assert tag != "base", where
            assert not any(name.startswith("on") for name in attrs), (where, tag, attrs)
            if tag == "script":
                assert attrs.get("src") or attrs.get("type") == "application/json", (where, attrs)
                assert "elsewhere" not in (attrs.get("src") or ""), where
        assert "<script>alert" not in page, where
    assert pages > 30  # three editions of a two-module course


def full_width(text: str) -> str:
    return text.replace("<", "＜").replace(">", "＞")


def test_titles_still_read_as_written(poisoned_editions: Path) -> None:
    site_name = re.search(r"^site_name: (.*)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.MULTILINE).group(1)
    with zipfile.ZipFile(poisoned_editions / "mini-course-answer-keys.zip") as package:  # HR's package
        pages = {name: package.read(f"{name}.html").decode("utf-8") for name in ("print", "worksheets")}
    ui = yaml.safe_load((ROOT / "content_src" / "ui.yml").read_text("utf-8"))
    expected = {"print": "小さなコース", "worksheets": ui["worksheets"]["title"]}
    for name, page in pages.items():
        title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1))
        assert title == f"{expected[name]}{full_width(PAYLOAD)} - {site_name}"


def test_scorm_manifest_is_well_formed_with_the_title_as_text(poisoned_editions: Path) -> None:
    with zipfile.ZipFile(poisoned_editions / "mini-course-scorm.zip") as package:
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
    titles = [t.text for t in manifest.iter(f"{{{NS['cp']}}}title")]
    assert titles and all(t == f"小さなコース{PAYLOAD}" for t in titles)


def test_hr_pages_run_no_script_from_their_titles(browser: Browser, poisoned_editions: Path) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for name in ("print", "facilitator", "worksheets"):
        page.goto((poisoned_editions / "answer-keys" / f"{name}.html").as_uri())
        assert "＜/title＞" in page.title()
        assert page.evaluate("document.querySelectorAll('base').length") == 0
    page.close()
    assert dialogs == []


# --- the manifest is XML whatever the course says ------------------------------------------------


def scorm_manifest(project: Path) -> ET.Element:
    result = subprocess.run(
        [sys.executable, "-m", "macros", "build", "--edition", "scorm", "--dist", "dist"],
        cwd=project,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(next((project / "dist").glob("*-scorm.zip"))) as package:
        return ET.fromstring(package.read("imsmanifest.xml"))


@pytest.mark.build
def test_course_id_starting_with_a_digit_gives_valid_xml_ids(mini_site: Path) -> None:
    course = mini_site / "content_src" / "course.yml"
    course.write_text(course.read_text("utf-8").replace("id: mini-course", "id: 2024-course"), "utf-8")
    manifest = scorm_manifest(mini_site)
    identifiers = [e.get("identifier") for e in manifest.iter() if e.get("identifier")]
    assert len(identifiers) == 4 and all(XML_ID.fullmatch(i) for i in identifiers), identifiers
    organizations = manifest.find("cp:organizations", NS)
    assert organizations.get("default") in identifiers


@pytest.mark.parametrize("edition", [name for name, e in EDITIONS.items() if e.lms])
def test_control_characters_in_the_title_leave_the_manifest_well_formed(
    mini: Path, tmp_path: Path, edition: str
) -> None:
    course = replace(check_project(mini).course, title="研修\a\x00\x1b[31m")
    add_scorm_package_files(tmp_path, course, EDITIONS[edition].lms)
    manifest = ET.parse(tmp_path / "imsmanifest.xml").getroot()
    assert [t.text for t in manifest.iter() if t.tag.endswith("}title")] == ["研修[31m", "研修[31m"]

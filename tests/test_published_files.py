"""Only the project's own files are published: a path that the content names, or a file in docs/, that
leads (through `..` or a symbolic link) to any other file of the build machine stops the check and the
build, and the file never reaches the site or a zip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, mkdocs_build

from macros.branding import MAX_LOGO_BYTES
from macros.check import check_project
from macros.findings import Finding, format_text

LOGOS = FIXTURES / "logos"
#: A file of the build machine that must never be published (and a line of it that would show it was).
SECRET = Path("/etc/passwd")
SECRET_LINE = SECRET.read_text("utf-8").splitlines()[0]


def with_logo(project: Path, name: str = "branding/logo.svg") -> Path:
    """Set `branding.logo` in course.yml; return where the logo file goes."""
    course = project / "content_src" / "course.yml"
    course.write_text(course.read_text("utf-8") + f"branding:\n  logo: {name}\n", "utf-8")
    path = project / "content_src" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def only(project: Path, check: str) -> Finding:
    findings = [f for f in check_project(project).errors if f.check == check]
    assert len(findings) == 1, format_text(check_project(project).findings)
    return findings[0]


# --- the logo ------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", [SECRET, Path("/proc/self/environ")])
def test_logo_linked_to_a_file_outside_content_src_is_an_error_at_its_line(mini: Path, target: Path) -> None:
    with_logo(mini).symlink_to(target)
    finding = only(mini, "bad-logo")
    assert (finding.path, finding.line) == ("content_src/course.yml", 15)
    assert "content_src/ の外" in finding.message and "シンボリックリンク" in finding.message


@pytest.mark.build
def test_logo_link_to_outside_stops_the_build_and_publishes_nothing(mini_site: Path) -> None:
    with_logo(mini_site).symlink_to(SECRET)
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode == 1
    assert "error[bad-logo]" in result.stderr and "Traceback" not in result.stderr
    assert not (mini_site / "site").exists()


@pytest.mark.build
def test_logo_linked_inside_content_src_is_accepted(mini_site: Path) -> None:
    shutil.copy(LOGOS / "logo.svg", mini_site / "content_src" / "real-logo.svg")
    with_logo(mini_site).symlink_to("../real-logo.svg")
    assert check_project(mini_site).errors == []
    assert mkdocs_build(mini_site, "--strict").returncode == 0
    assert (mini_site / "site/assets/branding/logo.svg").read_bytes() == (LOGOS / "logo.svg").read_bytes()


@pytest.mark.parametrize("fixture", ["logo.svg", "logo.png"])
def test_real_images_pass(mini: Path, fixture: str) -> None:
    shutil.copy(LOGOS / fixture, with_logo(mini, f"branding/{fixture}"))
    assert check_project(mini).errors == []


def test_logo_whose_content_is_not_its_image_type_is_an_error(mini: Path) -> None:
    shutil.copy(LOGOS / "text.png", with_logo(mini, "branding/logo.png"))
    assert "PNG" in only(mini, "logo-not-image").message


def test_logo_with_an_image_of_another_type_is_an_error(mini: Path) -> None:
    shutil.copy(LOGOS / "logo.png", with_logo(mini, "branding/logo.svg"))
    assert "SVG" in only(mini, "logo-not-image").message


def test_logo_that_is_a_folder_is_an_error(mini: Path) -> None:
    with_logo(mini).mkdir()
    only(mini, "logo-not-image")


def test_logo_larger_than_the_limit_is_an_error(mini: Path) -> None:
    data = (LOGOS / "logo.png").read_bytes()
    with_logo(mini, "branding/logo.png").write_bytes(data + b"\0" * MAX_LOGO_BYTES)
    assert f"{MAX_LOGO_BYTES:,}" in only(mini, "logo-too-large").message


@pytest.mark.parametrize("fixture", ["script.svg", "entity.svg"])
def test_svg_logo_with_script_or_entities_is_an_error(mini: Path, fixture: str) -> None:
    shutil.copy(LOGOS / fixture, with_logo(mini))
    only(mini, "unsafe-logo")


# --- every other file --------------------------------------------------------------------------


def test_content_file_linked_outside_content_src_is_an_error(mini: Path) -> None:
    (mini / "content_src" / "modules" / "gamma.yml").symlink_to(SECRET)
    finding = only(mini, "symlink-outside")
    assert (finding.path, finding.line) == ("content_src/modules/gamma.yml", 1)
    assert SECRET_LINE not in format_text(check_project(mini).findings)


@pytest.mark.build
def test_docs_file_linked_outside_the_project_stops_the_build(mini_site: Path) -> None:
    (mini_site / "docs" / "passwd.txt").symlink_to(SECRET)
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode == 1
    assert "docs/passwd.txt" in result.stderr and "Traceback" not in result.stderr
    assert not (mini_site / "site").exists()


@pytest.mark.build
def test_docs_folder_linked_outside_the_project_stops_the_build(mini_site: Path) -> None:
    (mini_site / "docs" / "etc").symlink_to("/etc", target_is_directory=True)
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode == 1
    assert "docs/etc" in result.stderr and "Traceback" not in result.stderr
    assert not (mini_site / "site").exists()


@pytest.mark.build
def test_docs_link_to_another_folder_of_the_project_stops_the_build(mini_site: Path) -> None:
    """docs/more → ../extra (inside the project, outside docs/), and extra/ holds a link to /etc/passwd."""
    (mini_site / "extra").mkdir()
    (mini_site / "extra" / "passwd.txt").symlink_to(SECRET)
    (mini_site / "docs" / "more").symlink_to("../extra", target_is_directory=True)
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode == 1 and "docs/more -> ../extra" in result.stderr
    assert not (mini_site / "site").exists()


@pytest.mark.build
def test_docs_folder_that_is_itself_a_link_out_of_the_project_stops_the_build(mini_site: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (mini_site / "docs").rename(elsewhere)
    (mini_site / "docs").symlink_to(elsewhere, target_is_directory=True)
    result = mkdocs_build(mini_site, "--strict")
    assert result.returncode == 1 and "docs -> " in result.stderr, result.stderr
    assert not (mini_site / "site").exists()


def test_content_folder_that_is_itself_a_link_out_of_the_project_is_an_error(mini: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (mini / "content_src").rename(elsewhere)
    (mini / "content_src").symlink_to(elsewhere, target_is_directory=True)
    assert only(mini, "symlink-outside").path == "content_src"

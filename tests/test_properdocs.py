"""ProperDocs, the maintained fork of MkDocs 1.6, builds the same course: every edition, file by file.

MkDocs has had no release since 1.6.1 and its 2.0 line drops plugins; ProperDocs continues 1.6 (README,
"MkDocs or ProperDocs"; docs/maintenance.md). Both builds run offline and --strict with the same
SOURCE_DATE_EPOCH, so the sitemap dates agree; the only difference allowed is the generator tag.
"""

from __future__ import annotations

import difflib
import gzip
import re
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from macros.editions import EDITIONS

#: `<meta name="generator" content="mkdocs-1.6.1, …">` vs `content="mkdocs-ProperDocs 1.6.7, …"`.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
#: The most diff lines shown per differing file, and the most files shown.
SHOWN_LINES, SHOWN_FILES = 40, 10


def comparable(path: Path) -> bytes:
    """The bytes a reader would see: gzip unpacked, the generator tag blanked."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return GENERATOR.sub(b'<meta name="generator">', data)


def site_differences(expected: Path, actual: Path) -> list[str]:
    """Files only in one site, and a unified diff of each file whose comparable bytes differ."""

    def files(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}

    ours, theirs = files(expected), files(actual)
    report = [f"only in {expected.name}: {name}" for name in sorted(ours - theirs)]
    report += [f"only in {actual.name}: {name}" for name in sorted(theirs - ours)]
    for name in sorted(ours & theirs):
        a, b = comparable(expected / name), comparable(actual / name)
        if a != b:
            diff = difflib.unified_diff(
                a.decode("utf-8", "replace").splitlines(),
                b.decode("utf-8", "replace").splitlines(),
                f"{expected.name}/{name}",
                f"{actual.name}/{name}",
                lineterm="",
                n=1,
            )
            report.append("\n".join(list(diff)[:SHOWN_LINES]))
    return report


def build(program: str, edition: str, site: Path) -> Path:
    result = mkdocs_build(
        ROOT,
        "--strict",
        "--site-dir",
        str(site),
        offline=True,
        program=program,
        env={"COURSE_EDITION": edition, "SOURCE_DATE_EPOCH": "1767225600"},
    )
    assert result.returncode == 0, f"{program} build --strict ({edition}) failed:\n{result.stderr}"
    return site


@pytest.mark.build
@pytest.mark.parametrize("edition", EDITIONS)
def test_properdocs_builds_the_same_site_as_mkdocs(edition: str, tmp_path: Path) -> None:
    mkdocs_site = build("mkdocs", edition, tmp_path / "mkdocs")
    properdocs_site = build("properdocs", edition, tmp_path / "properdocs")
    differences = site_differences(mkdocs_site, properdocs_site)
    assert differences == [], "\n\n".join(differences[:SHOWN_FILES])
    generators = {GENERATOR.search((site / "index.html").read_bytes()) for site in (mkdocs_site, properdocs_site)}
    assert len(generators) == 2, "the generator tags should name each generator"


def test_the_comparison_shows_a_changed_line_and_a_missing_file(tmp_path: Path) -> None:
    for name, body in (("a", "<p>同じ</p>\n<p>前</p>\n"), ("b", "<p>同じ</p>\n<p>後</p>\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f'<meta name="generator" content="{name}-1.0">\n{body}', "utf-8")
    (tmp_path / "a" / "extra.js").write_text("", "utf-8")
    report = site_differences(tmp_path / "a", tmp_path / "b")
    assert report[0] == "only in a: extra.js"
    assert "-<p>前</p>\n+<p>後</p>" in report[1] and "generator" not in report[1]
    assert len(report) == 2

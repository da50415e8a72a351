"""One command per edition: build the site for its host, then package it.

- web: the static site and a zip of it, for any web server under any sub-path.
- shared-drive: plain `.html` links and offline search, opened straight from `file://`; a zip of it.
- scorm: the shared-drive build plus a SCORM 1.2 launch page and `imsmanifest.xml`, zipped for an LMS.

Each edition is the same `mkdocs build --strict` a user runs, with `COURSE_EDITION` set; the course
plugin turns the edition into MkDocs settings. Packaging only adds files and never edits the build.

A learner package never carries an answer key: it is built without the print view and the facilitator
guide (`COURSE_ANSWER_KEY_PAGES=false`). HR gets those in a second zip from the same command,
`<course>-answer-keys.zip`: the shared-drive build with them, which opens from a folder or a file share.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .check import check_project
from .findings import CourseError
from .model import Course
from .safetext import xml_id, xml_text

EDITIONS = ("web", "shared-drive", "scorm")
SCORM_ASSETS = Path(__file__).parent / "scorm"
LAUNCH = "scorm-launch.html"


#: The HR package with the answer-key pages; any edition's command writes it beside the learner package.
ANSWER_KEYS = "answer-keys"


def build_edition(root: Path, edition: str, dist: Path) -> Path:
    """Build `edition` into `dist/<edition>/` and return the path of its zip; HR's answer-key package
    goes to `dist/answer-keys/` and its own zip."""
    result = check_project(root)
    if result.course is None:
        raise CourseError(result.findings)
    site = dist / edition
    _mkdocs_build(root, site, edition=edition, answer_key_pages=False)
    if edition == "scorm":
        add_scorm_package_files(site, result.course)
    keys = dist / ANSWER_KEYS
    _mkdocs_build(root, keys, edition="shared-drive", answer_key_pages=True)
    zip_tree(keys, dist / f"{result.course.id}-{ANSWER_KEYS}.zip")
    return zip_tree(site, dist / f"{result.course.id}-{edition}.zip")


def _mkdocs_build(root: Path, site: Path, *, edition: str, answer_key_pages: bool) -> None:
    env = {**os.environ, "COURSE_EDITION": edition, "NO_MKDOCS_2_WARNING": "1",
           "COURSE_ANSWER_KEY_PAGES": "true" if answer_key_pages else "false"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site.resolve())],
                   cwd=root, env=env, check=True)


def add_scorm_package_files(site: Path, course: Course) -> None:
    """The launch page (which holds the LMS session) and the manifest that lists every file."""
    templates = Environment(loader=FileSystemLoader(SCORM_ASSETS), autoescape=True, undefined=StrictUndefined,
                            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    templates.filters.update(xml_text=xml_text, xml_id=xml_id)
    (site / "scorm").mkdir(exist_ok=True)
    for asset in ("scorm12.js", "launch.css"):
        shutil.copy(SCORM_ASSETS / asset, site / "scorm" / asset)
    (site / LAUNCH).write_text(templates.get_template("launch.html.j2").render(title=course.title), "utf-8")
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    version = course.final_version
    manifest = templates.get_template("imsmanifest.xml.j2").render(course=course, files=files, launch=LAUNCH,
                                                                   version=version)
    (site / "imsmanifest.xml").write_text(manifest, "utf-8")


def zip_tree(folder: Path, target: Path) -> Path:
    """Zip the folder's contents at the archive root (where an LMS looks for imsmanifest.xml).

    Written to a temporary file beside `target` and renamed over it only once complete, so a failure
    (a full disk, Ctrl+C) leaves the previous zip as it was and no partial file behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder).as_posix())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target

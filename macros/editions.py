"""One command per edition: build the site for its host, then package it.

- web: the static site and a zip of it, for any web server under any sub-path.
- shared-drive: plain `.html` links and offline search, opened straight from `file://`; a zip of it.
- scorm / scorm2004: the shared-drive build plus a launch page (the one SCO, which holds the LMS
  session through `scorm/lms.js`), `imsmanifest.xml` and the XML schemas it names, zipped for an LMS.

The editions are one table, `EDITIONS`: another SCORM version is one entry there plus its manifest
template and schema folder.

Each edition is the same `mkdocs build --strict` a user runs, with `COURSE_EDITION` set; the course
plugin turns the edition into MkDocs settings. Packaging only adds files and never edits the build.

A learner package never carries an answer key: it is built without the print view and the facilitator
guide (`COURSE_ANSWER_KEY_PAGES=false`). HR gets those in a second zip from the same command,
`<course>-answer-keys.zip`: the shared-drive build with them, which opens from a folder or a file share.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .check import check_project
from .findings import CourseError
from .model import Course
from .safetext import xml_id, xml_text

SCORM_ASSETS = Path(__file__).parent / "scorm"
LAUNCH = "scorm-launch.html"


@dataclass(frozen=True)
class LMSPackage:
    """What a SCORM version adds to the shared-drive build."""

    version: str
    """The run-time dialect scorm/lms.js speaks ("1.2" or "2004"), also shown to HR."""
    manifest: str
    """The manifest template in macros/scorm/."""
    schemas: str
    """The folder of macros/scorm/xsd/ whose files the manifest names; copied to the package root."""


@dataclass(frozen=True)
class Edition:
    offline: bool
    """Opened from files: plain .html links and offline search (every edition but web)."""
    lms: LMSPackage | None = None
    """The SCORM package this edition is, if any."""


EDITIONS: dict[str, Edition] = {
    "web": Edition(offline=False),
    "shared-drive": Edition(offline=True),
    "scorm": Edition(offline=True, lms=LMSPackage("1.2", "imsmanifest12.xml.j2", "scorm12")),
    "scorm2004": Edition(offline=True, lms=LMSPackage("2004", "imsmanifest2004.xml.j2", "scorm2004")),
}
#: The runtime files every SCORM package carries in scorm/.
SCORM_RUNTIME = ("lms.js", "launch.css")


#: The HR package with the answer-key pages; any edition's command writes it beside the learner package.
ANSWER_KEYS = "answer-keys"


#: HR's checksum file beside the zips of `build --all`, in the format `sha256sum -c` reads.
CHECKSUMS = "SHA256SUMS"


def build_all(root: Path, dist: Path) -> Path:
    """Every edition and the answer-key pack into `dist/`, and `dist/SHA256SUMS` of their zips."""
    archives = [
        build_edition(root, edition, dist, answer_keys=first)
        for first, edition in zip([True, *[False] * len(EDITIONS)], EDITIONS)
    ]
    course_id = archives[0].name.removesuffix(f"-{next(iter(EDITIONS))}.zip")  # <course>-<edition>.zip
    return write_checksums([*archives, dist / f"{course_id}-{ANSWER_KEYS}.zip"], dist / CHECKSUMS)


def write_checksums(files: list[Path], target: Path) -> Path:
    lines = [f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}\n" for f in sorted(files)]
    target.write_text("".join(lines), "utf-8")
    return target


def build_edition(root: Path, edition: str, dist: Path, *, answer_keys: bool = True) -> Path:
    """Build `edition` into `dist/<edition>/` and return the path of its zip; HR's answer-key package
    goes to `dist/answer-keys/` and its own zip."""
    result = check_project(root)
    if result.course is None:
        raise CourseError(result.findings)
    site = dist / edition
    _mkdocs_build(root, site, edition=edition, answer_key_pages=False)
    package = EDITIONS[edition].lms
    if package is not None:
        add_scorm_package_files(site, result.course, package)
    if answer_keys:
        keys = dist / ANSWER_KEYS
        _mkdocs_build(root, keys, edition="shared-drive", answer_key_pages=True)
        zip_tree(keys, dist / f"{result.course.id}-{ANSWER_KEYS}.zip")
    return zip_tree(site, dist / f"{result.course.id}-{edition}.zip")


def _mkdocs_build(root: Path, site: Path, *, edition: str, answer_key_pages: bool) -> None:
    env = {
        **os.environ,
        "COURSE_EDITION": edition,
        "NO_MKDOCS_2_WARNING": "1",
        "COURSE_ANSWER_KEY_PAGES": "true" if answer_key_pages else "false",
    }
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site.resolve())],
        cwd=root,
        env=env,
        check=True,
    )
    # No package carries source maps: no reader's browser asks for them, and they weigh 1.3 MB.
    for source_map in site.rglob("*.map"):
        source_map.unlink()


def add_scorm_package_files(site: Path, course: Course, package: LMSPackage) -> None:
    """The launch page (which holds the LMS session), the schemas, and the manifest that lists every file."""
    templates = Environment(
        loader=FileSystemLoader(SCORM_ASSETS),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    templates.filters.update(xml_text=xml_text, xml_id=xml_id)
    (site / "scorm").mkdir(exist_ok=True)
    for asset in SCORM_RUNTIME:
        shutil.copy(SCORM_ASSETS / asset, site / "scorm" / asset)
    for schema in sorted((SCORM_ASSETS / "xsd" / package.schemas).iterdir()):
        shutil.copy(schema, site / schema.name)
    launch = templates.get_template("launch.html.j2").render(title=course.title, scorm=package.version)
    (site / LAUNCH).write_text(launch, "utf-8")
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    manifest = templates.get_template(package.manifest).render(
        course=course, files=files, launch=LAUNCH, version=course.final_version
    )
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

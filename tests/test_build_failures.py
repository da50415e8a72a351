"""Builds that meet each other or a failing file system: the site and the zips that were there survive,
the author reads one Japanese line instead of a traceback, and nothing is left behind.

File-system failures are simulated in the build's own process by tests/fixtures/faults/sitecustomize.py.
"""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, mkdocs_build

from macros.__main__ import main

ROUNDS = 3


def file_list(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def debris(project: Path) -> list[str]:
    """Anything a build left beside site/ (staging or old copies)."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith((".site.building", ".site.old")))


def start_build(project: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def faulty(fault: str) -> dict[str, str]:
    """Environment for a build whose file system fails as `fault` says (see fixtures/faults)."""
    return {
        "COURSE_FAULT": fault,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(FIXTURES / "faults"), os.environ.get("PYTHONPATH")])),
    }


# --- two builds at once ------------------------------------------------------------------------


def test_concurrent_builds_each_leave_a_complete_site(previously_built: Path) -> None:
    expected = file_list(previously_built / "site")
    for _ in range(ROUNDS):
        builds = [start_build(previously_built) for _ in range(2)]
        results = [(build.wait(timeout=300), build.stderr.read()) for build in builds]
        assert [code for code, _ in results] == [0, 0], results
        assert file_list(previously_built / "site") == expected
        assert debris(previously_built) == []


def test_a_build_waits_for_the_running_one_and_says_so(previously_built: Path) -> None:
    with open(previously_built / ".site.lock", "a") as lock:  # as a running build holds it
        fcntl.flock(lock, fcntl.LOCK_EX)
        build = start_build(previously_built)
        release = threading.Timer(60, fcntl.flock, (lock, fcntl.LOCK_UN))  # never hang the test run
        release.start()
        waiting = build.stderr.readline()
        while "待ちます" not in waiting and waiting:
            waiting = build.stderr.readline()
        assert build.poll() is None  # still waiting
        fcntl.flock(lock, fcntl.LOCK_UN)
        release.cancel()
    assert "別のビルド" in waiting
    assert build.wait(timeout=300) == 0
    assert (previously_built / "site" / "index.html").is_file()


# --- a failing file system ---------------------------------------------------------------------


def test_undeletable_old_site_fails_neither_this_build_nor_the_next(previously_built: Path) -> None:
    expected = file_list(previously_built / "site")
    for _ in range(2):
        build = start_build(previously_built, faulty("undeletable:.site.old"))
        assert build.wait(timeout=300) == 0, build.stderr.read()
        assert file_list(previously_built / "site") == expected
    # the leftovers are cleared by the next build that can delete them
    assert mkdocs_build(previously_built, "--strict").returncode == 0
    assert debris(previously_built) == []


def test_read_only_project_stops_with_one_japanese_message(previously_built: Path) -> None:
    before = snapshot(previously_built / "site")
    build = start_build(previously_built, faulty(f"read-only:{previously_built}"))
    stderr = build.stderr.read()
    assert build.wait(timeout=300) == 1
    assert "Traceback" not in stderr and "書き込めません" in stderr, stderr
    assert snapshot(previously_built / "site") == before


def test_edition_in_a_read_only_project_stops_with_one_japanese_message(mini_site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "macros", "build", "--edition", "web"],
        cwd=mini_site,
        env={**os.environ, **faulty(f"read-only:{mini_site}")},
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "書き込めません" in result.stderr, result.stderr


def test_new_module_in_a_read_only_project_stops_with_one_japanese_message(mini: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "macros", "new-module", "gamma", "--title", "ガンマ"],
        cwd=mini,
        env={**os.environ, **faulty(f"read-only:{mini}")},
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "書き込めません" in result.stderr, result.stderr
    assert not (mini / "content_src" / "modules" / "gamma.yml").exists()


@pytest.mark.build
def test_full_disk_while_zipping_keeps_the_previous_zips(
    mini_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dist = mini_site / "dist"
    args = ["build", "--edition", "web", "--root", str(mini_site), "--dist", str(dist)]
    assert main(args) == 0
    before = {archive.name: archive.read_bytes() for archive in dist.glob("*.zip")}
    names = sorted(p.name for p in dist.iterdir())
    written = zipfile.ZipFile.write

    def write_until_full(self: zipfile.ZipFile, filename: str, *rest: object, **kwargs: object) -> None:
        if len(self.filelist) >= 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.filename))
        written(self, filename, *rest, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "write", write_until_full)
    capsys.readouterr()
    assert main(args) == 1
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1 and "空き" in message, message
    assert {archive.name: archive.read_bytes() for archive in dist.glob("*.zip")} == before
    assert sorted(p.name for p in dist.iterdir()) == names  # no partial zip left beside them

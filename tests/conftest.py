"""Shared fixtures: throw-away copies of a small valid project and of the real one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A minimal valid project (two modules) with the real UI strings."""
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copy(ROOT / "content_src" / "ui.yml", project / "content_src" / "ui.yml")
    return project


def copy_site_files(dest: Path) -> Path:
    """The real site scaffolding (docs, macros, mkdocs.yml) — mkdocs-macros needs `macros/` beside mkdocs.yml."""
    for name in ("docs", "macros"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture
def mini_site(mini: Path) -> Path:
    """The minimal project with the real docs/, macros/ and mkdocs.yml: small enough to build in a second."""
    return copy_site_files(mini)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real project that a test may change."""
    shutil.copytree(ROOT / "content_src", tmp_path / "project" / "content_src")
    return copy_site_files(tmp_path / "project")


def mkdocs_build(project: Path, *args: str, offline: bool = False) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` exactly as an author runs it, in its own process; `offline` refuses every connection."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if offline:  # fixtures/offline/sitecustomize.py replaces socket connections with an error
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(FIXTURES / "offline"), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real course, built once with --strict while every network connection is refused."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, "--strict", "--site-dir", str(site), offline=True)
    assert result.returncode == 0, result.stderr
    assert "network access attempted" not in result.stderr
    return site

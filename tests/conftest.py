"""Shared fixtures: throw-away copies of a small valid project and of the real one."""

from __future__ import annotations

import shutil
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


def copy_project(dest: Path) -> Path:
    """A copy of the real project (content, docs, macros, mkdocs.yml) that a test may break."""
    for name in ("content_src", "docs", "macros"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")

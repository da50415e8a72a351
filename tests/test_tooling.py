"""Lint, format and types are part of the suite (so .ci/run enforces them): ruff over the tree, mypy --strict over macros/.

Both read their settings from pyproject.toml; .pre-commit-config.yaml runs the same commands before a commit.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_leaves_the_tree_unchanged() -> None:
    result = run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # 5-10 s without its cache (.mypy_cache), as on a fresh clone
def test_mypy_strict_finds_nothing_in_the_engine() -> None:
    result = run("mypy")  # files and --strict: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr

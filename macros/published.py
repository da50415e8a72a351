"""Only the project's own files are published.

MkDocs copies every file under docs/ into the site (following symbolic links), and the course plugin
copies the logo named in course.yml. A committed link such as `logo.svg -> /etc/passwd` would publish a
file of whichever machine runs the build, so a link whose target lies outside its folder (content_src/
or docs/) stops the check and the build, before any file is read or copied.
"""

from __future__ import annotations

import os
from pathlib import Path

from .checks import finding
from .findings import Finding, relative


def resolves_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, with every symbolic link followed, is `folder` or inside it (a loop is outside)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False


def links_leaving(folder: Path, project: Path) -> list[Path]:
    """Symbolic links anywhere under `folder` whose target is outside it — or `folder` itself, if it is a
    link out of `project`. Links are not followed, so a link to `/` costs nothing; a link that stays
    inside leads to files this walk reaches directly."""
    if not resolves_inside(folder, project):
        return [folder]
    if not folder.is_dir():
        return []
    found = []
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(parent) / name
            if path.is_symlink() and not resolves_inside(path, folder):
                found.append(path)
    return sorted(found)


def link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def check_links(links: list[Path], folder: Path, root: Path) -> list[Finding]:
    """One finding per link under `folder` (content_src/) that leads out of it (see `links_leaving`)."""
    shown = relative(folder, root)
    return [
        finding(
            relative(path, root),
            1,
            1,
            "symlink-outside",
            file=relative(path, root),
            scope="プロジェクト" if path == folder else shown + "/ ",
            target=link_target(path),
            folder=shown,
        )
        for path in links
    ]


def describe_links(paths: list[Path], root: Path, folder: str) -> str:
    """The build's error message for links under docs/ (docs/ holds site files, not content findings)."""
    lines = [f"{relative(p, root)} -> {link_target(p)}" for p in paths]
    return (
        f"{folder}/ の外を指すシンボリックリンクがあるため、ビルドを中止しました"
        "（ビルドする機械のファイルが公開されるおそれがあります）。\n  "
        + "\n  ".join(lines)
        + f"\n  リンクを消し、ファイルそのものを {folder}/ の中に置いてください。"
    )

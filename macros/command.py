"""The command an author can type again: the interpreter running this one, not a bare `python`."""

from __future__ import annotations

import sys
from pathlib import Path


def this_python() -> str:
    """The interpreter running this command, as the author can type it again here (`.venv/bin/python`, or
    `.venv\\Scripts\\python.exe` on Windows): a bare `python` may be another one, without the engine."""
    python = Path(sys.executable)
    try:
        shown = str(python.relative_to(Path.cwd()))
    except ValueError:
        shown = str(python)
    return f'"{shown}"' if " " in shown else shown

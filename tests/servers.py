"""The one way the tests (and tests/search_eval.py, tests/benchmark.py) serve files: a thread on 127.0.0.1
at a free port, quiet, shut down when the `with` block ends.

A site is served under a sub-path (SUB_PATH, as on an intranet: /hr/course/) straight from its folder;
anything outside the sub-path is a 404, so a link that escapes the site fails as it would on a real host.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SUB_PATH = "/hr/course/"
HOST = "127.0.0.1"


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files of `directory` under `sub_path`, without a log line per request."""

    sub_path = "/"

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(self.sub_path):
            return "/dev/null/no-such-file"  # a path that cannot exist: a 404
        return super().translate_path("/" + path[len(self.sub_path) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


def free_port() -> int:
    """A port nothing listens on now, for a server in another process (`mkdocs serve`)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serve_folder(folder: Path, sub_path: str = SUB_PATH, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve `folder` at http://127.0.0.1:<free port><sub_path> and yield that URL. The folder may be
    filled after the server starts (a site whose config needs its own URL)."""
    served = type("Served", (handler,), {"sub_path": sub_path})
    server = ThreadingHTTPServer((HOST, 0), functools.partial(served, directory=str(Path(folder).resolve())))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{HOST}:{server.server_port}{sub_path}"
    finally:
        server.shutdown()
        server.server_close()

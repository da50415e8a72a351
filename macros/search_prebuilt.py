"""A lunr index built at build time, so that the first search does not wait for the browser to build it.

Why this exists. Material's search worker fetches `search/search_index.json` and builds its lunr index
from every document before it answers the first query: at 300 modules (7.9 MB) that took 6.8 s on a 4×
throttled CPU, at 1,000 modules 36 s (BENCHMARKS.md). Material 9.8 has no prebuilt index (its worker reads
only `config`, `docs` and `options`), so the course:

- puts `macros/search_worker.js` before Material's worker script in the built site. It replaces the worker's
  global `lunr(…)`: given an index under `config.prebuilt` of the search data (the search box passes
  only `config` and `docs` on to the worker), it runs Material's own
  set-up and returns `lunr.Index.load(…)` instead of building; otherwise Material builds as before;
- builds that index with node (`macros/search_prebuild.js`): Material's worker itself, run in a node `vm`
  context and sent the index as the browser sends it, so the tokenizer, separator and pipeline are
  Material's, and the results the same. It is written in a compact form (documents by number, no token
  positions: the browser finds positions, for highlighting, in the documents a result list shows).

Optional: without node, or if node fails (noted at INFO level, so a --strict build still passes), the site
is built without `prebuilt` and searches as before.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.course")

HERE = Path(__file__).parent
WORKER_ADDITION = HERE / "search_worker.js"
PREBUILD = HERE / "search_prebuild.js"
#: Seconds node may take for the index (1,000 modules: a few seconds).
TIMEOUT = 600
KEY = "prebuilt"


def worker_script(site_dir: Path) -> Path | None:
    """Material's search worker in the built site (its name carries a hash)."""
    found = sorted((Path(site_dir) / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return found[0] if found else None


def add_prebuilt_index(site_dir: Path, node: str | None = None) -> bool:
    """Put the loader before Material's worker and put a node-built index into `search/search_index.json`.
    False (and the site searches as Material does) when there is no index, no worker or no node."""
    index_path = Path(site_dir) / "search" / "search_index.json"
    worker = worker_script(site_dir)
    node = node or shutil.which("node")
    if not index_path.is_file() or worker is None:
        return False
    script = worker.read_text(encoding="utf-8")
    addition = WORKER_ADDITION.read_text(encoding="utf-8")
    if addition not in script:
        script = f"{addition}{script}"
        worker.write_text(script, encoding="utf-8")
    if node is None:
        log.info("node not found: the search index is built in the browser")
        return False
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index.get("config", {}).pop(KEY, None)
    try:
        done = subprocess.run(
            [node, str(PREBUILD), str(worker)],
            input=json.dumps(index, ensure_ascii=False),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
            check=True,
        )
        prebuilt = json.loads(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        log.info("search index not prebuilt (the browser builds it): %s", error)
        return False
    index.setdefault("config", {})[KEY] = prebuilt
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True

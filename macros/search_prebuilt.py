"""A lunr index built at build time, so that the first search does not wait for the browser to build it.

Why this exists. Material's search page thread fetches `search/search_index.json`, parses it and copies it to
its search worker, which builds its lunr index from every document before it answers the first query: at
300 modules (7.9 MB) that took 6.8 s on a 4× throttled CPU, at 1,000 modules 36 s (BENCHMARKS.md).
Material 9.8 has no prebuilt index (its worker reads only `config`, `docs` and `options`), so the course:

- builds the index with node (`macros/search_prebuild.js`): Material's worker itself, run in a node `vm`
  context and sent the index as the browser sends it, so the tokenizer, separator and pipeline are
  Material's, and the results the same. It is written in a compact form (documents by number, no token
  positions: the browser places highlighting in the documents a query matches);
- moves the documents and that index to a file of their own, `search/search_data.json` (for the editions
  opened from files, where a worker cannot fetch, `search/search_data.js`, a script setting
  `__courseSearchData`), and leaves in `search_index.json` the configuration, no documents, and
  `config.prebuilt` naming the file: the page thread parses and copies a few kilobytes;
- puts `macros/search_worker.js` before Material's worker script in the built site: it fetches (or loads)
  that file itself (the web edition's as soon as the worker starts: the build names it in the script),
  hands Material the documents, and replaces the worker's global `lunr(…)` with `lunr.Index.load(…)` of
  the prebuilt index.

Optional: without node, or if node fails (noted at INFO level, so a --strict build still passes), the site
keeps Material's own `search_index.json` and searches as before. `search_documents` reads the documents
either way.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.course")

HERE = Path(__file__).parent
WORKER_ADDITION = HERE / "search_worker.js"
PREBUILD = HERE / "search_prebuild.js"
#: Seconds node may take for the index (1,000 modules: a few seconds).
TIMEOUT = 600
KEY = "prebuilt"
#: The documents and the prebuilt index, beside search_index.json: fetched by the worker (web) …
DATA_FILE = "search_data.json"
#: … or, in the editions opened from files (no fetch on file://), loaded as a script that sets this global.
SCRIPT_FILE = "search_data.js"
SCRIPT_GLOBAL = "__courseSearchData"
#: The loader's line that names the search data file its worker fetches as soon as it starts (web edition).
PREFETCH_LINE = "const PREFETCH = null"


def worker_script(site_dir: Path) -> Path | None:
    """Material's search worker in the built site (its name carries a hash)."""
    found = sorted((Path(site_dir) / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return found[0] if found else None


def install_loader(worker: Path, *, prefetch: bool = False) -> None:
    """Put the loader (macros/search_worker.js) before Material's worker script, replacing one put there
    before; `prefetch`: it fetches the search data file (`DATA_FILE`) as soon as the worker starts."""
    addition = WORKER_ADDITION.read_text(encoding="utf-8")
    prefetching = addition.replace(PREFETCH_LINE, f"const PREFETCH = {json.dumps(DATA_FILE)}")
    material = worker.read_text(encoding="utf-8").removeprefix(prefetching).removeprefix(addition)
    worker.write_text(f"{prefetching if prefetch else addition}{material}", encoding="utf-8")


def add_prebuilt_index(site_dir: Path, node: str | None = None, *, script: bool = False) -> bool:
    """Put the loader before Material's worker, move the documents and a node-built index into the search
    data file (`script`: the form loaded from file://) and leave `search/search_index.json` with the
    configuration and a pointer to it. False (and the site searches as Material does) when there is no
    index, no worker or no node."""
    index_path = Path(site_dir) / "search" / "search_index.json"
    worker = worker_script(site_dir)
    node = node or shutil.which("node")
    if not index_path.is_file() or worker is None:
        return False
    install_loader(worker)
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
    except (OSError, subprocess.SubprocessError) as error:
        log.info("search index not prebuilt (the browser builds it): %s", error)
        return False
    if not done.stdout.startswith('{"fields":'):
        log.info("search index not prebuilt (the browser builds it): node wrote %r", done.stdout[:80])
        return False
    # node's index goes in as it came (at 1,000 modules, parsing it in Python would cost more memory than
    # the rest of the build)
    docs = json.dumps(index.pop("docs", []), ensure_ascii=False, separators=(",", ":"))
    data = f'{{"docs":{docs},"index":{done.stdout}}}'
    name = SCRIPT_FILE if script else DATA_FILE
    (index_path.parent / name).write_text(f"var {SCRIPT_GLOBAL} = {data};\n" if script else data, encoding="utf-8")
    index.setdefault("config", {})[KEY] = {"script" if script else "json": name}
    if not script:
        install_loader(worker, prefetch=True)
    index["docs"] = []
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


def search_documents(site_dir: Path) -> list[dict[str, Any]]:
    """The documents of a built site's search, wherever the build put them (in the search data file when
    the index was prebuilt, else in `search/search_index.json`)."""
    folder = Path(site_dir) / "search"
    index = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    source = index.get("config", {}).get(KEY)
    if not source:
        return list(index.get("docs", []))
    text = (folder / (source.get("json") or source["script"])).read_text(encoding="utf-8")
    if "script" in source:
        text = text.removeprefix(f"var {SCRIPT_GLOBAL} = ").rstrip().removesuffix(";")
    return list(json.loads(text)["docs"])

"""Canary: build the course's rendered pages with the newest Zensical this machine can install, and say what breaks.

Informational, never blocking (exit 0 whatever Zensical does; pytest does not collect this file). Material for
MkDocs reaches end of life on 2027-05-05 and names Zensical as its successor (docs/maintenance.md); this
shows, release after release, how far the course is from building with it.

    .venv/bin/python tests/canary_zensical.py [--version X.Y.Z] [--work DIR]

1. Zensical goes into a throwaway venv: the newest version the registry lists that installs (older ones are
   tried in turn; each refusal is reported with pip's reason). `--version` pins one.
2. The pages are what our engine renders (the benchmark's baseline: `tests/benchmark.py make_baseline`,
   every page pre-rendered to Markdown, no `course` or `macros` plugin) — Zensical runs no MkDocs plugins.
3. The same pages are built with plain MkDocs + Material as the reference, then with `zensical build`.
4. The report: which version, the exit code, every warning or error line, pages and files missing or added,
   and whether the course's own scripts (settings, quiz, answer keys) and a search index were published.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import _Dumper, make_baseline
from conftest import ROOT

from macros.browser import PAGE_SCRIPTS

#: Files of ours that a working build must publish (the quiz cannot run without them).
OURS = (*PAGE_SCRIPTS, "javascripts/quiz-keys/final.js", "stylesheets/course.css")
PROBLEM = re.compile(r"\b(error|warning|warn|unsupported|not supported|ignored|unknown|failed|panic)\b", re.IGNORECASE)


def available_versions() -> list[str]:
    """Every version of zensical the registry lists, newest first (pip's own client)."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", "zensical"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"Available versions: (.+)", out)
    return [v.strip() for v in match.group(1).split(",")] if match else []


def install_newest(env: Path, versions: list[str], tries: int) -> tuple[str | None, list[str]]:
    """Create a venv at `env` and install the newest version that installs; the refusals, with pip's reason."""
    venv.create(env, with_pip=True)
    refused = []
    for version in versions[:tries]:
        result = subprocess.run(
            [str(env / "bin/python"), "-m", "pip", "install", "--quiet", f"zensical=={version}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0:
            return version, refused
        reason = next((line for line in result.stderr.splitlines() if line.startswith("ERROR")), "pip failed")
        refused.append(f"{version}: {reason}")
    return None, refused


def rendered_pages(work: Path) -> Path:
    """The course's pages as our engine renders them, with a mkdocs.yml Zensical can read (no hooks)."""
    shutil.rmtree(work / "pages", ignore_errors=True)
    pages = make_baseline(ROOT, work / "pages")
    config_path = pages / "mkdocs.yml"
    # make_baseline adds a timing hook for the benchmark: Zensical runs no hooks, so it goes.
    config = yaml.load(config_path.read_text("utf-8"), Loader=yaml.SafeLoader)
    config.pop("hooks", None)
    (pages / "page_times_hook.py").unlink(missing_ok=True)
    config_path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), "utf-8")
    return pages


def run(cmd: list[str], cwd: Path) -> tuple[int, str, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.monotonic()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)
    return result.returncode, result.stdout + result.stderr, time.monotonic() - start


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} if site.is_dir() else set()


def report(
    version: str | None, refused: list[str], reference: Path, built: Path, code: int, output: str, seconds: float
) -> str:
    lines = ["# Zensical canary", ""]
    lines += [f"- installed: zensical {version}" if version else "- installed: none (no version installs here)"]
    lines += [f"- refused: {r}" for r in refused]
    if version is None:
        return "\n".join(lines)
    ref, got = files(reference), files(built)
    ref_pages = {f for f in ref if f.endswith(".html")}
    got_pages = {f for f in got if f.endswith(".html")}
    problems = [line.strip() for line in output.splitlines() if PROBLEM.search(line)]
    lines += [
        f"- zensical build: exit {code} in {seconds:.1f} s; {len(problems)} warning/error lines",
        (
            f"- HTML pages: {len(got_pages)} of the {len(ref_pages)} MkDocs makes of the same pages; "
            f"missing {len(ref_pages - got_pages)}, extra {len(got_pages - ref_pages)}"
        ),
        f"- all files: {len(got)} (MkDocs: {len(ref)}); missing {len(ref - got)}, extra {len(got - ref)}",
        "- the course's own files: " + ", ".join(f"{f} {'ok' if f in got else 'MISSING'}" for f in OURS),
        "- search index: " + (", ".join(sorted(f for f in got if "search" in f and f.endswith(".json"))) or "none"),
    ]
    for title, names in (
        ("pages missing", sorted(ref_pages - got_pages)),
        ("pages extra", sorted(got_pages - ref_pages)),
        ("other files missing", sorted((ref - got) - ref_pages)),
        ("warning/error lines", problems),
    ):
        if names:
            lines += ["", f"## {title} ({len(names)})", *[f"    {n}" for n in names[:40]]]
            if len(names) > 40:
                lines.append(f"    … {len(names) - 40} more")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", help="a Zensical version to try instead of the newest that installs")
    parser.add_argument("--tries", type=int, default=10, help="how many versions to try, newest first")
    parser.add_argument("--work", type=Path, help="keep the venv, pages and sites here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zensical-canary-") as temp:
        work = (args.work or Path(temp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        versions = [args.version] if args.version else available_versions()
        print(f"registry lists {len(versions)} versions; newest {versions[0] if versions else '?'}", file=sys.stderr)
        version, refused = install_newest(work / "venv", versions, args.tries)
        reference = work / "site-mkdocs"
        built = work / "pages" / "site-zensical"  # Zensical refuses a site_dir outside the project
        code, output, seconds = 0, "", 0.0
        if version:
            pages = rendered_pages(work)
            ref_code, ref_out, _ = run([sys.executable, "-m", "mkdocs", "build", "-d", str(reference)], pages)
            if ref_code:
                print(f"the reference MkDocs build failed:\n{ref_out}", file=sys.stderr)
            config = yaml.load((pages / "mkdocs.yml").read_text("utf-8"), Loader=yaml.SafeLoader)
            config["site_dir"] = built.name
            (pages / "zensical.yml").write_text(
                yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), "utf-8"
            )
            code, output, seconds = run([str(work / "venv/bin/zensical"), "build", "-f", "zensical.yml"], pages)
        print(report(version, refused, reference, built, code, output, seconds))
        if args.work is None:
            print(f"\n(zensical's full output: {len(output.splitlines())} lines; keep it with --work DIR)")
        else:
            (work / "zensical-output.txt").write_text(output, "utf-8")
    return 0  # informational: never blocks


if __name__ == "__main__":
    sys.exit(main())

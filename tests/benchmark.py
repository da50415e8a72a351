"""Build speed and page weight at scale, measured against plain MkDocs + Material (issue 8).

For each course size this script

1. generates a synthetic but valid course (about ten questions of every type, three scenarios and the
   usual sections per module; glossary, references and UI strings copied from the real course) into a
   temporary directory, beside copies of the real `docs/`, `macros/` and `mkdocs.yml`;
2. pre-renders the very pages our macros produce into plain Markdown, in a second project whose
   `mkdocs.yml` has the same theme, search and Markdown extensions but neither the `course` nor the
   `macros` plugin (the *baseline*);
3. runs, alternating ours and the baseline, several times each: the checker (`check_project`, in a
   fresh process), a full `mkdocs build --strict` (wall time and peak RSS of the child, from `wait4`),
   and records the built size and the search-index size; medians are reported with ours/baseline;
4. for one size, measures the preview server: `mkdocs serve --livereload`, edit one module file, time
   until the server logs that the rebuild finished (the same for a `.md` edit in the baseline);
5. weighs a module page: HTML, CSS and JS a browser fetches, raw and gzipped;

then prints the tables and writes them to BENCHMARKS.md with the machine and the command to reproduce.
It asserts nothing about time: it is a measuring tool, not a test (tests/test_benchmark.py checks the
generator and the baseline quickly).

    .venv/bin/python tests/benchmark.py --sizes 10,100,1000 --runs 3 --large-runs 2
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import random
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import itertools

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files
from mkdocs.utils.yaml import yaml_load
from servers import free_port, serve_folder

from macros.browser import BUNDLE
from macros.check import check_project
from macros.model import Course
from macros.rules import CUE_PHRASES
from macros.search_prebuilt import KEY as PREBUILT_KEY

CONTENT = ROOT / "content_src"
#: Marker in one takeaway of every generated module; the preview benchmark edits its number.
EDIT_MARKER = re.compile(r"編集版 (\d+)")
GZIP_LEVEL = 6
MIB = 1024 * 1024
#: The project's own page code the size target is about, as pages load it: the course scripts' bundle
#: (macros/browser.py) and course.css.
OURS = (BUNDLE, "stylesheets/course.css")
OURS_LABEL = "course scripts + course.css"


# ================================================================================================
# 1. Synthetic courses
# ================================================================================================

SUBJECTS = (
    "部下",
    "上司",
    "チーム",
    "新しいメンバー",
    "課長",
    "担当者",
    "リーダー",
    "先輩",
    "同僚",
    "管理職",
    "プロジェクトの責任者",
    "営業担当",
    "開発チーム",
    "人事担当者",
    "中堅社員",
    "新入社員",
)
OBJECTS = (
    "期待",
    "優先順位",
    "進み具合",
    "悪い知らせ",
    "目標",
    "懸念",
    "提案",
    "助言",
    "仕事の進め方",
    "報告の形",
    "締め切り",
    "方針",
    "課題",
    "合意",
    "役割分担",
    "ふりかえり",
    "会議の結論",
    "顧客の要望",
    "判断の理由",
)
VERBS = (
    "早めに確かめる",
    "具体的に伝える",
    "一緒に考える",
    "記録に残す",
    "言葉にして共有する",
    "率直に相談する",
    "定期的に見直す",
    "事実と意見を分けて説明する",
    "相手の立場から考え直す",
    "小さく試してみる",
    "感謝とともに受け止める",
    "次の 1on1 で話し合う",
)
CONTEXTS = (
    "忙しい時期には",
    "異動の直後は",
    "テレワークが続くと",
    "締め切りが近いときほど",
    "新しい仕事では",
    "意見が分かれたときは",
    "失敗に気づいたら",
    "評価面談の前に",
    "会議のあとで",
    "繁忙期の前に",
)
#: Objects for option texts: none of the wording the assessment lint reads as a tell.
OPTION_OBJECTS = tuple(o for o in OBJECTS if not any(p in o for phrases in CUE_PHRASES.values() for p in phrases))
TOPICS = (
    ("feedback", "フィードバック"),
    ("alignment", "目標のすり合わせ"),
    ("trust", "信頼関係"),
    ("voice", "意見を伝える"),
    ("reporting", "報告と相談"),
    ("meetings", "会議の進め方"),
    ("career", "キャリアの対話"),
    ("remote", "離れて働く"),
    ("conflict", "意見の対立"),
    ("growth", "成長の機会"),
)
QUESTION_TYPES = (
    "single",
    "multiple",
    "true_false",
    "scenario",
    "single",
    "scenario",
    "multiple",
    "true_false",
    "scenario",
    "single",
)
SECTION_KINDS = ("definition", "background", "why", "concept", "evidence", "practice")


class Prose:
    """Deterministic Japanese-looking sentences, citing only the works a module lists."""

    def __init__(self, rng: random.Random, citations: list[str], topic: str) -> None:
        self.rng, self.citations, self.topic = rng, citations, topic

    def sentence(self, cite: bool = False) -> str:
        r = self.rng
        text = f"{r.choice(CONTEXTS)}、{r.choice(SUBJECTS)}は{self.topic}の{r.choice(OBJECTS)}を{r.choice(VERBS)}ことが大切です"
        return text + (f" [@{r.choice(self.citations)}]" if cite else "") + "。"

    def paragraph(self, sentences: int) -> str:
        return "\n".join(self.sentence(cite=i == sentences - 1) for i in range(sentences))

    def body(self, paragraphs: int, *, extras: bool = False) -> str:
        parts = [self.paragraph(self.rng.randint(3, 5)) for _ in range(paragraphs)]
        if extras:  # the Markdown authors use: a list, emphasis and a table
            parts.insert(1, "\n".join(f"- **{o}**：{self.sentence()}" for o in self.rng.sample(OBJECTS, 3)))
            rows = [
                f"| {o} | {self.rng.choice(VERBS)} | {self.rng.choice(VERBS)} |" for o in self.rng.sample(OBJECTS, 3)
            ]
            parts.append("\n".join(["| 場面 | 受け身の対応 | 協働する対応 |", "|---|---|---|", *rows]))
        return "\n\n".join(parts) + "\n"

    def line(self) -> str:
        return self.sentence()


def options(prose: Prose, count: int, flag: str, marked: set[int]) -> list[dict[str, Any]]:
    """Answer options with distinct texts of one length (so the assessment lint's length strategies are at
    chance, as in a well-written quiz); `flag` (correct/best) is set on the `marked` indexes."""
    # neutral wording: no phrase the assessment lint reads as a tell (rules.CUE_PHRASES), in keys or distractors
    texts = [
        f"選択肢{i + 1}では{prose.topic}の{prose.rng.choice(OPTION_OBJECTS)}と{prose.rng.choice(OPTION_OBJECTS)}を扱う"
        for i in range(count)
    ]
    length = min(map(len, texts))
    out = []
    for i, text in enumerate(texts):
        option: dict[str, Any] = {"text": text[:length]}
        if i in marked:
            option[flag] = True
        option["explanation"] = prose.paragraph(2) + "\n"
        out.append(option)
    return out


def question(prose: Prose, question_id: str, kind: str, *, in_final: bool) -> dict[str, Any]:
    q: dict[str, Any] = {"id": question_id, "type": kind}
    if not in_final:
        q["final_test"] = False
    if kind == "scenario":
        q["situation"] = prose.paragraph(3) + "\n"
    q["prompt"] = f"{prose.paragraph(2)} 最も適切なものはどれですか。"
    if kind == "true_false":
        q["answer"] = question_id[-1] in "13579"  # half true, half false, as the assessment lint asks
        q["explanation_true"] = prose.paragraph(2) + "\n"
        q["explanation_false"] = prose.paragraph(2) + "\n"
    elif kind == "multiple":
        q["options"] = options(prose, 5, "correct", set(prose.rng.sample(range(5), 2)))
    else:
        q["options"] = options(prose, 4, "correct", {prose.rng.randrange(4)})
    return q


def module_data(index: int, ids: list[str], terms: list[str], references: list[str]) -> dict[str, Any]:
    """One module shaped like the real ones: sections, practices, misconceptions, 3 scenarios, 10 questions."""
    rng = random.Random(index)
    module_id = ids[index]
    slug, topic = TOPICS[index % len(TOPICS)]
    refs = rng.sample(references, 6)
    prose = Prose(rng, refs, topic)
    return {
        "id": module_id,
        "title": f"モジュール {index + 1}：{topic}（{slug}）",
        "summary": prose.body(1),
        "estimated_minutes": 30,
        "objectives": [f"{topic}の{rng.choice(OBJECTS)}を{rng.choice(VERBS)}方法を説明できる" for _ in range(4)],
        "sections": [
            {
                "id": f"section-{k + 1}",
                "kind": SECTION_KINDS[k % len(SECTION_KINDS)],
                "title": f"{topic}の{o}",
                "body": prose.body(3, extras=k == 1),
            }
            for k, o in enumerate(rng.sample(OBJECTS, 4))
        ],
        "practices": [
            {
                "id": f"practice-{k + 1}",
                "title": f"{o}を{rng.choice(VERBS)}",
                "description": prose.body(1),
                "do": [prose.line() for _ in range(2)],
                "dont": [prose.line() for _ in range(2)],
            }
            for k, o in enumerate(rng.sample(OBJECTS, 3))
        ],
        "misconceptions": [{"claim": prose.line(), "correction": prose.body(1)} for _ in range(3)],
        "scenarios": [
            {
                "id": f"case-{k + 1}",
                "title": f"場面 {k + 1}：{rng.choice(SUBJECTS)}と{rng.choice(OBJECTS)}",
                "situation": prose.body(1),
                "question": "最もよい対応はどれでしょうか。",
                "options": options(prose, 4, "best", {rng.randrange(4)}),
            }
            for k in range(3)
        ],
        "reflection": [
            f"{topic}の{rng.choice(OBJECTS)}について、あなたの職場では誰が何をしていますか。" for _ in range(3)
        ],
        "takeaways": [prose.line() for _ in range(3)] + ["この要点は編集版 0 です。"],
        "glossary": module_terms(index, len(ids), terms),
        "related": [ids[i] for i in (index - 1, index + 1) if 0 <= i < len(ids) and i != index],
        "references": refs,
        "quiz": [
            question(prose, f"{module_id}-q{j + 1:02d}", kind, in_final=j != 9) for j, kind in enumerate(QUESTION_TYPES)
        ],
    }


def module_terms(index: int, size: int, terms: list[str]) -> list[str]:
    """Four terms per module, and every glossary term listed by some module (no orphan-term warning)."""
    chosen = {terms[(4 * index + k) % len(terms)] for k in range(4)}
    chosen |= {term for j, term in enumerate(terms) if j % size == index}
    return [t for t in terms if t in chosen]


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as `|` blocks, the way authors write prose."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any, path: Path) -> None:
    path.write_text(
        yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
    )


def module_ids(size: int) -> list[str]:
    return [f"m{i + 1:04d}-{TOPICS[i % len(TOPICS)][0]}" for i in range(size)]


#: A catalogue gathers its modules under headings (`module_groups`); this many per group.
GROUP_SIZE = 10


def course_data(ids: list[str], eligible: int) -> dict[str, Any]:
    groups = [
        {"title": f"分野 {n + 1}", "modules": ids[start : start + GROUP_SIZE]}
        for n, start in enumerate(range(0, len(ids), GROUP_SIZE))
    ]
    return {
        "id": "benchmark-course",
        "title": f"ベンチマーク用コース（{len(ids)} モジュール）",
        "description": "性能測定のために自動生成したコースです。\n",
        "audience": "測定用",
        "estimated_minutes": min(6000, 30 * len(ids)),
        "modules": ids,
        "module_groups": groups,
        "required_modules": ids[:5],
        "pass_mark": 80,
        "final_test": {"questions": min(15, eligible)},
        "organization": {"name": "ベンチマーク株式会社", "contact": "人事部"},
    }


def write_course(project: Path, size: int) -> list[str]:
    """content_src/ for a course of `size` modules; returns the module ids in course order."""
    content = project / "content_src"
    (content / "modules").mkdir(parents=True, exist_ok=True)
    for name in ("glossary.yml", "references.yml", "ui.yml"):
        shutil.copy(CONTENT / name, content / name)
    terms = [t["id"] for t in yaml.safe_load((CONTENT / "glossary.yml").read_text("utf-8"))["terms"]]
    refs = [r["id"] for r in yaml.safe_load((CONTENT / "references.yml").read_text("utf-8"))["references"]]
    ids = module_ids(size)
    for index, module_id in enumerate(ids):
        dump_yaml(module_data(index, ids, terms, refs), content / "modules" / f"{module_id}.yml")
    eligible = size * sum(1 for j in range(len(QUESTION_TYPES)) if j != 9)
    dump_yaml(course_data(ids, eligible), content / "course.yml")
    return ids


def copy_site_files(project: Path) -> None:
    """The real docs/, macros/ and mkdocs.yml beside content_src/ ."""
    for name in ("docs", "macros"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")


def make_project(project: Path, size: int) -> list[str]:
    """A complete project (our engine) with a synthetic course of `size` modules."""
    project.mkdir(parents=True, exist_ok=True)
    ids = write_course(project, size)
    copy_site_files(project)
    return ids


# ================================================================================================
# 2. The baseline: the same pages, pre-rendered, built by plain MkDocs + Material
# ================================================================================================


def load_course(project: Path) -> Course:
    result = check_project(project)
    if result.errors or result.course is None:  # a warning (random prose: two similar stems) builds the same
        raise SystemExit(f"generated course has errors: {[str(f) for f in result.errors[:5]]}")
    return result.course


def plugin_view(project: Path) -> tuple[MkDocsConfig, Files, Any]:
    """What the `course` plugin makes of a project: the configuration it changed and the files it added."""
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)  # not "build": no staging folder
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    return config, files, config.plugins["course"]


FRONT_MATTER = re.compile(r"\A(---\n.*?\n---\n)(.*)\Z", re.DOTALL)


def page_markdown(plugin: Any, file: Any) -> str:
    """The page's Markdown as the course plugin hands it to MkDocs (front matter kept for plain MkDocs)."""
    match = FRONT_MATTER.match(file.content_string)
    front, body = (match.group(1), match.group(2)) if match else ("", file.content_string)
    return front + plugin.page_markdown(file, body)


def script_entry(value: Any) -> Any:
    """An `extra_javascript` item as mkdocs.yml spells it."""
    path = getattr(value, "path", value)
    extra = {
        k: v
        for k, v in (
            ("type", getattr(value, "type", None)),
            ("defer", getattr(value, "defer", False)),
            ("async", getattr(value, "async_", False)),
        )
        if v
    }
    return {"path": path, **extra} if extra else str(path)


def raw_config(project: Path) -> dict[str, Any]:
    """mkdocs.yml as written (MkDocs' own loader, for `!ENV` and the like)."""
    with open(project / "mkdocs.yml", encoding="utf-8") as source:
        return yaml_load(source)


def baseline_config(project: Path, config: MkDocsConfig, not_in_nav: list[str]) -> dict[str, Any]:
    """mkdocs.yml without the `course` and `macros` plugins, and with what the course plugin set made static."""
    raw = raw_config(project)

    def name(plugin: Any) -> str:
        return plugin if isinstance(plugin, str) else next(iter(plugin))

    raw["plugins"] = [p for p in raw.get("plugins", []) if name(p) not in ("course", "macros")]
    offline = config.plugins.get("material/offline")
    if offline is not None and offline.config.get("enabled"):
        raw["plugins"] = [{"offline": {"enabled": True}} if name(p) == "offline" else p for p in raw["plugins"]]
    search = config.plugins.get("material/search")
    if search is not None:  # the course plugin sets Japanese search's settings (macros/search.py)
        settings = {key: search.config[key] for key in ("lang", "separator", "pipeline")}
        raw["plugins"] = [{"search": settings} if name(p) == "search" else p for p in raw["plugins"]]
    raw["nav"] = config.nav
    raw["extra_css"] = [str(c) for c in config.extra_css]
    raw["extra_javascript"] = [script_entry(s) for s in config.extra_javascript]
    raw["use_directory_urls"] = config.use_directory_urls
    for key in ("logo", "features"):
        if config.theme.get(key):
            raw["theme"][key] = config.theme[key]
    if config.extra:
        raw["extra"] = dict(config.extra)
    if not_in_nav:
        raw["not_in_nav"] = "\n".join(f"/{uri}" for uri in not_in_nav)
    return raw


#: Written into the baseline project: an MkDocs hook that records how long each page takes.
PAGE_TIMES_HOOK = '''"""Benchmark hook: seconds per page (Markdown → HTML, then search + template), into page-times.json."""
import json, time
from mkdocs.plugins import event_priority
_t0, _times = {}, {}

@event_priority(100)
def on_page_markdown(markdown, page, **kw):
    _t0[page.file.src_uri] = time.perf_counter()
    return markdown

@event_priority(-100)
def on_page_content(html, page, **kw):
    _times[page.file.src_uri] = [time.perf_counter() - _t0[page.file.src_uri], 0.0, 0]
    return html

@event_priority(100)
def on_page_context(context, page, **kw):
    _t0[page.file.src_uri] = time.perf_counter()
    return context

@event_priority(-100)
def on_post_page(output, page, **kw):
    _times[page.file.src_uri][1:] = [time.perf_counter() - _t0[page.file.src_uri], len(output.encode())]
    return output

def on_post_build(config, **kw):
    with open("page-times.json", "w", encoding="utf-8") as out:
        json.dump(_times, out)
'''
PAGE_TIMES = "page-times.json"


def slowest_pages(path: Path, count: int = 5) -> list[tuple[str, float, int]]:
    """(page, seconds, HTML bytes) of the slowest pages of the last baseline build."""
    if not path.is_file():
        return []
    times = json.loads(path.read_text("utf-8"))
    return sorted(((uri, md + build, size) for uri, (md, build, size) in times.items()), key=lambda t: -t[1])[:count]


def make_baseline(project: Path, baseline: Path) -> Path:
    """Every page of `project` as the course plugin produces it, saved as plain files in
    `baseline`, with a mkdocs.yml that has the same theme, search and Markdown extensions."""
    load_course(project)  # refuses a course with any finding
    config, files, plugin = plugin_view(project)
    docs = baseline / "docs"
    not_in_nav = []
    for file in files:
        if file.inclusion.is_excluded():
            continue
        target = docs / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if file.is_documentation_page():
            # The HTML blocks our plugin keeps out of Markdown go back inline: plain MkDocs gets them as
            # raw HTML, the way a hand-written page would hold them.
            page, _ = plugin.renderer.blocks.restore(page_markdown(plugin, file))
            target.write_text(page, encoding="utf-8")
            if file.inclusion.is_not_in_nav():
                not_in_nav.append(file.src_uri)
        else:
            target.write_bytes(file.content_bytes)
    custom_dir = raw_config(project).get("theme", {}).get("custom_dir")
    if custom_dir:  # theme overrides are part of "the same theme"
        shutil.copytree(project / custom_dir, baseline / custom_dir, ignore=shutil.ignore_patterns("__pycache__"))
    raw = baseline_config(project, config, not_in_nav)
    (baseline / "page_times_hook.py").write_text(PAGE_TIMES_HOOK, encoding="utf-8")
    raw["hooks"] = [*raw.get("hooks", []), "page_times_hook.py"]
    (baseline / "mkdocs.yml").write_text(
        yaml.dump(raw, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return baseline


# ================================================================================================
# 3. Measuring a child process
# ================================================================================================


@dataclass
class Child:
    """One finished child process: wall and CPU time, peak resident memory (bytes), exit code, output, and
    `other`: the average number of cores that *other* processes kept busy meanwhile (0 on a quiet machine)."""

    seconds: float
    cpu: float
    peak_rss: int
    returncode: int
    output: str
    other: float


def machine_cpu() -> float:
    """Busy CPU seconds of the whole machine since boot, all cores (from /proc/stat; 0 where there is none)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return 0.0
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")  # minus idle and iowait


def wait_for_idle(max_wait: float, threshold: float) -> float:
    """On a shared machine, wait (at most `max_wait` s) until other processes use < `threshold` cores."""
    started = time.perf_counter()
    while True:
        before = machine_cpu()
        time.sleep(1.0)
        busy = machine_cpu() - before
        waited = time.perf_counter() - started
        if busy < threshold or waited >= max_wait:
            if waited > 1.5:
                log(f"  (waited {waited:.0f} s for other processes to calm down; now {busy:.2f} cores busy)")
            return waited
        time.sleep(2.0)


#: Problems met on the way, written into the report.
REPORT_NOTES: list[str] = []
#: Set from the command line: how long to wait for a quiet machine before each measurement, and what is quiet.
IDLE = {"max_wait": 30.0, "threshold": 0.25}


def child_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


def run_child(cmd: list[str], cwd: Path, timeout: float = 1800) -> Child:
    """Run `cmd`; its own rusage comes from wait4, so the peak RSS is this child's and no other's."""
    if IDLE["max_wait"] > 0:
        wait_for_idle(IDLE["max_wait"], IDLE["threshold"])
    with tempfile.TemporaryFile() as out:
        busy = machine_cpu()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=child_env(), stdout=out, stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        busy = machine_cpu() - busy
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Child(seconds, cpu, usage.ru_maxrss * 1024, proc.returncode, output, max(0.0, busy - cpu) / seconds)


def mkdocs_build(project: Path) -> Child:
    """`mkdocs build --strict` into `project/site`, from an empty site folder."""
    shutil.rmtree(project / "site", ignore_errors=True)
    child = run_child([sys.executable, "-m", "mkdocs", "build", "--strict"], project)
    if child.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{child.output[-4000:]}")
    return child


CHECK_SNIPPET = (
    "import time; from pathlib import Path; from macros.check import check_project; "
    "t, c = time.perf_counter(), time.process_time(); r = check_project(Path.cwd()); "
    "print('CHECK', time.perf_counter() - t, time.process_time() - c, len(r.errors))"
)


def run_checker(project: Path) -> tuple[float, float]:
    """Wall and CPU seconds spent in check_project, in a fresh process (as in a build: schemas compiled once);
    the generated course must have no error (its random prose may draw a warning, which builds the same)."""
    child = run_child([sys.executable, "-c", CHECK_SNIPPET], project)
    match = re.search(r"^CHECK (\S+) (\S+) (\d+)$", child.output, re.MULTILINE)
    if child.returncode != 0 or not match or match.group(3) != "0":
        raise SystemExit(f"checker failed in {project}:\n{child.output[-4000:]}")
    return float(match.group(1)), float(match.group(2))


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ================================================================================================
# 4. Results of the build benchmark
# ================================================================================================


@dataclass
class Figures:
    """Every run of one variant (ours or baseline) at one size."""

    build: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    other: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    site: list[int] = field(default_factory=list)
    index: list[int] = field(default_factory=list)
    check: list[float] = field(default_factory=list)
    check_cpu: list[float] = field(default_factory=list)

    def add_build(self, child: Child, site: Path) -> None:
        self.build.append(child.seconds)
        self.cpu.append(child.cpu)
        self.other.append(child.other)
        self.rss.append(child.peak_rss)
        self.site.append(tree_size(site))
        self.index.append(sum(path.stat().st_size for path in search_files(site)))

    @staticmethod
    def median(values: list[float] | list[int]) -> float:
        return statistics.median(values) if values else float("nan")


@dataclass
class SizeResult:
    size: int
    runs: int
    ours: Figures
    base: Figures
    weight: list[Asset]
    final_test_html: int
    different: list[str]
    slowest: list[tuple[str, float, int]]


def bench_size(workdir: Path, size: int, runs: int) -> SizeResult:
    """Generate, check and build one size, alternating ours and the baseline `runs` times."""
    project, baseline = workdir / f"ours-{size}", workdir / f"base-{size}"
    started = time.perf_counter()
    make_project(project, size)
    make_baseline(project, baseline)
    log(f"[{size}] generated ours + baseline in {time.perf_counter() - started:.1f} s")
    ours, base = Figures(), Figures()
    for run in range(runs):
        wall, cpu = run_checker(project)
        ours.check.append(wall)
        ours.check_cpu.append(cpu)
        order = [("ours", project, ours), ("base", baseline, base)]
        for name, folder, figures in order if run % 2 == 0 else order[::-1]:
            child = mkdocs_build(folder)
            figures.add_build(child, folder / "site")
            log(
                f"[{size}] run {run + 1}/{runs} {name}: build {child.seconds:.2f} s (CPU {child.cpu:.2f} s, "
                f"others {child.other:.2f} cores), peak {child.peak_rss / MIB:.0f} MiB"
                + (f", check {ours.check[-1]:.2f} s (CPU {ours.check_cpu[-1]:.2f} s)" if name == "ours" else "")
            )
    weight = page_weight(project / "site", project / "site" / "modules" / module_ids(size)[size // 2] / "index.html")
    final = (project / "site" / "final-test" / "index.html").stat().st_size
    return SizeResult(
        size,
        runs,
        ours,
        base,
        weight,
        final,
        different_files(project / "site", baseline / "site"),
        slowest_pages(baseline / PAGE_TIMES),
    )


def different_files(a: Path, b: Path) -> list[str]:
    """The files that two built sites do not share byte for byte (none: the baseline is truly equivalent)."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    return sorted((files_a ^ files_b) | {f for f in files_a & files_b if (a / f).read_bytes() != (b / f).read_bytes()})


# ================================================================================================
# 5. Rebuild in the preview server
# ================================================================================================


class ServerLog:
    """Reads a server's merged output on a thread, timestamping each line."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            with self._cond:
                self.lines.append((time.perf_counter(), line.rstrip()))
                self._cond.notify_all()

    def wait_for(self, pattern: str, start: int, timeout: float) -> tuple[int, float, re.Match[str]]:
        """The first line at index ≥ `start` that matches: its index, time and match."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for i in range(start, len(self.lines)):
                    if match := regex.search(self.lines[i][1]):
                        return i, self.lines[i][0], match
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SystemExit(f"server did not log /{pattern}/ in {timeout} s:\n{self.tail()}")
                self._cond.wait(remaining)

    def line(self, index: int) -> str:
        with self._cond:
            return self.lines[index][1]

    def tail(self, count: int = 30) -> str:
        with self._cond:
            return "\n".join(line for _, line in self.lines[-count:])

    def __len__(self) -> int:
        with self._cond:
            return len(self.lines)


@dataclass
class Rebuild:
    """One edit: seconds from the write to 'Reloading browsers', MkDocs' own 'built in' figure, and the
    CPU seconds the server spent meanwhile."""

    wall: float
    reported: float
    cpu: float


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process (from /proc/<pid>/stat; 0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def edit(path: Path) -> None:
    """Change one takeaway of the module (a real content change; the file stays valid)."""
    text = path.read_text("utf-8")
    path.write_text(EDIT_MARKER.sub(lambda m: f"編集版 {int(m.group(1)) + 1}", text, count=1), encoding="utf-8")


def serve_rebuilds(project: Path, edited: Path, runs: int, timeout: float = 600) -> list[Rebuild]:
    """Start `mkdocs serve --livereload`, then edit `edited` `runs` times, timing each rebuild."""
    port = free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(
        cmd,
        cwd=project,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    server = ServerLog(proc)
    try:
        server.wait_for(r"Serving on", 0, timeout)
        time.sleep(2.0)  # let the polling observer take its first snapshot
        results = []
        for _ in range(runs):
            if IDLE["max_wait"] > 0:
                wait_for_idle(IDLE["max_wait"], IDLE["threshold"] + 0.05)  # the idle server polls a little
            mark, cpu = len(server), process_cpu(proc.pid)
            started = time.perf_counter()
            edit(edited)
            # 'Reloading browsers' carries a time stamp, so it is always logged; MkDocs' duplicate filter drops
            # a 'Documentation built in' line that repeats the previous one word for word (same duration).
            end, reloaded, _ = server.wait_for(r"Reloading browsers|An error happened", mark, timeout)
            if "error" in server.line(end):
                raise SystemExit(f"the rebuild failed:\n{server.tail()}")
            built = [
                m
                for i in range(mark, end)
                if (m := re.search(r"Documentation built in ([\d.]+) seconds", server.line(i)))
            ]
            results.append(
                Rebuild(
                    reloaded - started,
                    float(built[-1].group(1)) if built else float("nan"),
                    process_cpu(proc.pid) - cpu,
                )
            )
            time.sleep(1.5)
        return results
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[str]) -> None:
    """Ctrl-C, as an author would; kill only if it does not stop."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class RebuildResult:
    size: int
    ours: list[Rebuild]
    base: list[Rebuild]


def bench_rebuild(workdir: Path, size: int, runs: int) -> RebuildResult:
    """Preview-server rebuild after editing one module: the YAML for ours, the pre-rendered .md for the baseline."""
    project, baseline = workdir / f"ours-{size}", workdir / f"base-{size}"
    if not project.exists():
        make_project(project, size)
        make_baseline(project, baseline)
    module_id = module_ids(size)[size // 2]
    ours = serve_rebuilds(project, project / "content_src" / "modules" / f"{module_id}.yml", runs)
    log(f"[serve {size}] ours: " + ", ".join(f"{r.wall:.2f} s (CPU {r.cpu:.2f} s)" for r in ours))
    base = serve_rebuilds(baseline, baseline / "docs" / "modules" / f"{module_id}.md", runs)
    log(f"[serve {size}] baseline: " + ", ".join(f"{r.wall:.2f} s (CPU {r.cpu:.2f} s)" for r in base))
    return RebuildResult(size, ours, base)


# ================================================================================================
# 6. Page weight
# ================================================================================================


@dataclass
class Asset:
    """One file a browser fetches for a page; `background` marks the search files fetched after load."""

    path: str
    raw: int
    gzipped: int
    background: bool = False


ASSET_RE = re.compile(r'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"')
CONFIG_RE = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)


def weigh(site: Path, path: Path, *, background: bool = False) -> Asset:
    data = path.read_bytes()
    return Asset(
        path.relative_to(site).as_posix(),
        len(data),
        len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)),
        background,
    )


def lunr_files(languages: list[str]) -> list[str]:
    """The files Material's search worker imports for these languages (the rule in its worker bundle)."""
    base = "assets/javascripts/lunr"
    files = []
    for lang in languages:
        if lang == "ja":
            files.append(f"{base}/tinyseg.js")
        elif lang in ("hi", "th"):
            files.append(f"{base}/wordcut.js")
        if lang != "en":
            files.append(f"{base}/min/lunr.{lang}.min.js")
    if len(languages) > 1:
        files.append(f"{base}/min/lunr.multi.min.js")
    return [f"{base}/min/lunr.stemmer.support.min.js", *files] if files else []


def search_files(site: Path) -> list[Path]:
    """`search/search_index.json` and, when the index was prebuilt, the search data file the worker fetches
    (macros/search_prebuilt.py)."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return []
    source = json.loads(index.read_text("utf-8")).get("config", {}).get(PREBUILT_KEY) or {}
    names = [source.get(form) for form in ("json", "script")]  # session 4's prebuilt index was inline
    return [index, *(site / "search" / name for name in names if isinstance(name, str))]


def page_weight(site: Path, page: Path) -> list[Asset]:
    """The page, its stylesheets and scripts, then (background) the search worker, its language files
    and the index."""
    html = page.read_text("utf-8")
    assets = [weigh(site, page)]
    for match in ASSET_RE.finditer(html):
        href = (match.group(1) or match.group(2)).split("?")[0].split("#")[0]
        assets.append(weigh(site, (page.parent / href).resolve()))
    config = CONFIG_RE.search(html)
    index = site / "search" / "search_index.json"
    if config and "search" in json.loads(config.group(1)) and index.is_file():
        assets.append(weigh(site, (page.parent / json.loads(config.group(1))["search"]).resolve(), background=True))
        languages = json.loads(index.read_text("utf-8")).get("config", {}).get("lang", [])
        assets += [weigh(site, site / f, background=True) for f in lunr_files(languages) if (site / f).is_file()]
        assets += [weigh(site, path, background=True) for path in search_files(site)]
    return assets


# ================================================================================================
# 7. Report
# ================================================================================================


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def mb(n: float) -> str:
    return f"{n / MIB:,.1f} MB"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    return "\n".join([*lines, *("| " + " | ".join(r) + " |" for r in rows)])


def build_table(results: list[SizeResult]) -> str:
    """Times: checker, build wall time and build CPU time, ours vs plain, and how busy the machine was."""
    med = Figures.median
    rows = []
    for r in results:
        o, b = r.ours, r.base
        rows.append(
            [
                f"{r.size:,}",
                str(r.runs),
                f"{med(o.check):.2f} s",
                f"{med(o.check_cpu):.2f} s",
                f"{med(o.build):.2f} s",
                f"{med(b.build):.2f} s",
                f"**{ratio(med(o.build), med(b.build))}**",
                f"{med(o.cpu):.2f} s",
                f"{med(b.cpu):.2f} s",
                ratio(med(o.cpu), med(b.cpu)),
                f"{max(o.other + b.other):.2f}",
            ]
        )
    return table(
        [
            "modules",
            "runs",
            "checker",
            "checker CPU",
            "build ours",
            "build plain",
            "ratio",
            "CPU ours",
            "CPU plain",
            "ratio",
            "others' load (max, cores)",
        ],
        rows,
    )


def size_table(results: list[SizeResult]) -> str:
    """Peak memory, built size and search-index size, ours vs plain."""
    med = Figures.median
    rows = []
    for r in results:
        o, b = r.ours, r.base
        rows.append(
            [
                f"{r.size:,}",
                f"{med(o.rss) / MIB:.0f} MiB",
                f"{med(b.rss) / MIB:.0f} MiB",
                ratio(med(o.rss), med(b.rss)),
                mb(med(o.site)),
                mb(med(b.site)),
                ratio(med(o.site), med(b.site)),
                mb(med(o.index)),
                mb(med(b.index)),
                ratio(med(o.index), med(b.index)),
            ]
        )
    same = ", ".join(f"{r.size:,} modules: {same_output(r.different)}" for r in results)
    return (
        table(
            [
                "modules",
                "peak RSS ours",
                "peak RSS plain",
                "ratio",
                "site ours",
                "site plain",
                "ratio",
                "search index ours",
                "search index plain",
                "ratio",
            ],
            rows,
        )
        + f"\n\nSame output: {same}. (`search/search_index.json` differs when the course plugin rewrites it "
        "after the search plugin, `macros/search.py`, and moves its documents, with the lunr index prebuilt "
        "with node, to `search/search_data.json`, which Material's search worker fetches, "
        "`macros/search_prebuilt.py`; `search/rewrite.js` is ours "
        "alone, `macros/search_rewrite.py`; that work counts in our overhead.)"
    )


def same_output(different: list[str]) -> str:
    if not different:
        return "every file of the two sites is byte-identical"
    listed = ", ".join(f"`{f}`" for f in different[:5])
    return f"byte-identical except {listed}" + (f" and {len(different) - 5} more" if len(different) > 5 else "")


def per_module_table(results: list[SizeResult]) -> str:
    """CPU time per module: total, and our overhead (ours − plain), so a quadratic step would show.
    CPU time, because it is the figure that other processes on a shared machine disturb least."""
    med = Figures.median
    rows = []
    for r in results:
        over = med(r.ours.cpu) - med(r.base.cpu)
        rows.append(
            [
                f"{r.size:,}",
                f"{1000 * med(r.ours.check_cpu) / r.size:.2f} ms",
                f"{1000 * med(r.ours.cpu) / r.size:.1f} ms",
                f"{1000 * med(r.base.cpu) / r.size:.1f} ms",
                f"{1000 * over / r.size:.2f} ms",
            ]
        )
    for a, b in itertools.pairwise(results):
        da = med(b.ours.cpu) - med(a.ours.cpu)
        db = med(b.base.cpu) - med(a.base.cpu)
        n = b.size - a.size
        rows.append(
            [
                f"marginal {a.size:,}→{b.size:,}",
                f"{1000 * (med(b.ours.check_cpu) - med(a.ours.check_cpu)) / n:.2f} ms",
                f"{1000 * da / n:.1f} ms",
                f"{1000 * db / n:.1f} ms",
                f"{1000 * (da - db) / n:.2f} ms",
            ]
        )
    return table(
        ["modules", "checker / module", "build ours / module", "build plain / module", "our overhead / module"], rows
    )


def rebuild_table(result: RebuildResult) -> str:
    def med(values: Iterator[float]) -> float:
        known = [v for v in values if not math.isnan(v)]  # MkDocs' own figure may be missing (NaN)
        return statistics.median(known) if known else float("nan")

    rows = []
    for name, runs in (
        ("ours (edit content_src/modules/<id>.yml)", result.ours),
        ("plain (edit docs/modules/<id>.md)", result.base),
    ):
        rows.append(
            [
                name,
                str(len(runs)),
                f"{med(r.wall for r in runs):.2f} s",
                f"{med(r.reported for r in runs):.2f} s",
                f"{med(r.cpu for r in runs):.2f} s",
            ]
        )
    rows.append(
        ["ratio", ""]
        + [
            ratio(med(get(r) for r in result.ours), med(get(r) for r in result.base))
            for get in (lambda r: r.wall, lambda r: r.reported, lambda r: r.cpu)
        ]
    )
    return table(
        [
            "preview server, " + f"{result.size:,} modules",
            "edits",
            "edit → 'Reloading browsers' (median)",
            "MkDocs 'built in' (median)",
            "server CPU (median)",
        ],
        rows,
    )


def weight_table(assets: list[Asset]) -> str:
    rows = [[f"`{a.path}`" + (" (background)" if a.background else ""), kb(a.raw), kb(a.gzipped)] for a in assets]
    front = [a for a in assets if not a.background]
    rows.append(
        ["**page load total** (HTML + CSS + JS)", kb(sum(a.raw for a in front)), kb(sum(a.gzipped for a in front))]
    )
    ours = [a for a in assets if a.path in OURS]
    rows.append([f"**{OURS_LABEL}**", kb(sum(a.raw for a in ours)), kb(sum(a.gzipped for a in ours))])
    project = [a for a in front[1:] if not a.path.startswith("assets/")]
    rows.append(
        [
            "all the project's own CSS + JS (not Material's)",
            kb(sum(a.raw for a in project)),
            kb(sum(a.gzipped for a in project)),
        ]
    )
    back = [a for a in assets if a.background]
    rows.append(
        ["search, fetched in the background after load", kb(sum(a.raw for a in back)), kb(sum(a.gzipped for a in back))]
    )
    return table(["file", "raw", f"gzip -{GZIP_LEVEL}"], rows)


def weight_by_size(results: list[SizeResult]) -> str:
    rows = []
    for r in results:
        front = [a for a in r.weight if not a.background]
        html, config = r.weight[0], next(a for a in r.weight if a.path.endswith("course-config.js"))
        rows.append(
            [
                f"{r.size:,}",
                kb(html.raw),
                kb(html.gzipped),
                kb(config.raw),
                kb(config.gzipped),
                kb(sum(a.raw for a in front)),
                kb(sum(a.gzipped for a in front)),
                kb(r.final_test_html),
            ]
        )
    return table(
        [
            "modules",
            "module page HTML",
            "gzip",
            "course-config.js",
            "gzip",
            "page load total",
            "gzip",
            "final-test page HTML",
        ],
        rows,
    )


@dataclass
class Target:
    name: str
    passed: bool
    detail: str


def disturbed(r: SizeResult) -> bool:
    """Whether other processes kept more than the 'quiet' threshold of cores busy during some build."""
    return max(r.ours.other + r.base.other, default=0.0) > IDLE["threshold"]


def build_time(r: SizeResult, figures: Figures) -> tuple[float, str]:
    """The build time a target is judged on: wall time, or CPU time when other processes disturbed the run."""
    return (Figures.median(figures.cpu), "CPU") if disturbed(r) else (Figures.median(figures.build), "wall")


def targets(results: list[SizeResult], rebuild: RebuildResult | None) -> list[Target]:
    """The issue's targets, judged on the medians (build times: see `build_time`)."""
    med = Figures.median
    out = []
    for r in results:
        (ours, kind), (base, _) = build_time(r, r.ours), build_time(r, r.base)
        wall, cpu = med(r.ours.build) / med(r.base.build), med(r.ours.cpu) / med(r.base.cpu)
        out.append(
            Target(
                f"overhead ≤ 1.15× at {r.size:,} modules (judged on {kind} time)",
                ours / base <= 1.15,
                f"wall {wall:.2f}×, CPU {cpu:.2f}×",
            )
        )
    by_size = {r.size: r for r in results}
    if 100 in by_size and 1000 in by_size:
        a, b = by_size[100], by_size[1000]
        # Our own build cost per module, not the overhead over plain: plain's own cost is not flat (its
        # whole-course print page is quadratic in Markdown), which would make any overhead look flat.
        per_module = [med(r.ours.cpu) / r.size for r in (a, b)]
        out.append(
            Target(
                "per-module build cost (ours) flat 100→1,000 (≤ 1.15×, CPU time)",
                per_module[1] <= 1.15 * per_module[0],
                f"{1000 * per_module[0]:.1f} → {1000 * per_module[1]:.1f} ms/module",
            )
        )
        check = [med(r.ours.check_cpu) / r.size for r in (a, b)]
        out.append(
            Target(
                "per-module checker cost flat 100→1,000 (≤ 1.15×, CPU time)",
                check[1] <= 1.15 * check[0],
                f"{1000 * check[0]:.2f} → {1000 * check[1]:.2f} ms/module",
            )
        )
    if 1000 in by_size:
        r = by_size[1000]
        seconds, kind = build_time(r, r.ours)
        out.append(
            Target(
                "1,000 modules: checker < 3 s (judged on CPU time)",
                med(r.ours.check_cpu) < 3,
                f"wall {med(r.ours.check):.2f} s, CPU {med(r.ours.check_cpu):.2f} s",
            )
        )
        out.append(
            Target(
                f"1,000 modules: build < 60 s (judged on {kind} time)",
                seconds < 60,
                f"wall {med(r.ours.build):.1f} s, CPU {med(r.ours.cpu):.1f} s",
            )
        )
        out.append(
            Target(
                "1,000 modules: peak memory < 1 GiB", med(r.ours.rss) < 1024 * MIB, f"{med(r.ours.rss) / MIB:.0f} MiB"
            )
        )
    if results:
        ours_assets = [a for a in results[0].weight if a.path in OURS]
        total = sum(a.gzipped for a in ours_assets)
        out.append(Target(f"{OURS_LABEL} ≤ 8 KB gzipped", total <= 8 * 1024, kb(total)))
    return out


def machine() -> list[str]:
    """CPU model, cores, RAM, OS and the versions that matter."""
    cpu = platform.processor() or "unknown"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    ram = "unknown"
    try:
        kib = int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    return [
        f"CPU: {cpu}, {os.cpu_count()} cores",
        f"RAM: {ram}",
        f"OS: {platform.platform()}",
        (
            f"Python {platform.python_version()}, MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
            f"Markdown {version('markdown')}, "
            f"PyYAML {version('pyyaml')} (libyaml: {'yes' if hasattr(yaml, 'CSafeLoader') else 'no'}), "
            f"jsonschema {version('jsonschema')}"
        ),
        engine_version(),
    ]


def engine_version() -> str:
    """The commit of the engine measured, and whether macros/ had uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "macros"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "engine: unknown commit (no git)"
    return f"engine: commit {head}" + (" with uncommitted changes in macros/" if dirty else "")


def load_average() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def command_line(argv: list[str]) -> str:
    return shlex.join([".venv/bin/python", "tests/benchmark.py", *argv])


def report(
    results: list[SizeResult], rebuild: RebuildResult | None, argv: list[str], elapsed: float, load: tuple[str, str]
) -> str:
    med = Figures.median
    parts = [
        "# Benchmarks: build speed and page weight at scale",
        "",
        (
            f"Produced by `tests/benchmark.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC in {elapsed / 60:.1f} min. "
            "Reproduce from the project root (after `bash .ci/setup`):"
        ),
        "",
        "```sh",
        command_line(argv),
        "```",
        "",
        "## Machine",
        "",
        *(f"- {line}" for line in machine()),
        f"- load average (1/5/15 min) before: {load[0]}, after: {load[1]}",
        "",
        "## Method",
        "",
        (
            "- Each size is a synthetic, valid course (`check_project` reports nothing): per module 4 sections "
            "(one with a list and a table), 3 practices, 3 misconceptions, 3 scenarios of 4 options, 10 quiz "
            "questions (3 single, 2 multiple, 2 true/false, 3 scenario; 9 in the final-test pool), 4 glossary "
            "terms, 6 references cited in the prose, 2 related modules. The glossary, references and UI "
            "strings are the real ones; the final test draws 15 questions. Modules are gathered in the "
            f"navigation in groups of {GROUP_SIZE} (`module_groups`), as a catalogue would be; with Material's "
            "`navigation.prune` each page carries only its own group's links."
        ),
        (
            "- **ours**: the real `docs/`, `macros/` and `mkdocs.yml`. **plain**: the pages our macros produce, "
            "rendered once and saved as `.md` (plus the generated `course-config.js`), built by MkDocs + Material "
            "with the same theme, search and Markdown extensions and no `course` or `macros` plugin."
        ),
        (
            "- `mkdocs build --strict`, one process per build, run alternately (ours, plain, then plain, ours, …). "
            "Build time is the wall time of the process (start-up included); CPU is its user + system time and "
            "peak RSS its `ru_maxrss`, both from `wait4`. The checker is `check_project` timed inside a fresh "
            "process (wall and CPU). Figures are medians."
        ),
        (
            "- The machine may be shared: before each measurement the script waits (up to "
            f"{IDLE['max_wait']:.0f} s) until other processes use < {IDLE['threshold']} cores, and it records "
            "how many cores others kept busy during each build (*others' load*, from `/proc/stat`). CPU time is "
            "the figure least disturbed by them: where others' load exceeded that threshold at some size, the "
            "build-time targets for that size are judged on CPU time (both figures are always shown)."
        ),
        (
            "- Preview: `mkdocs serve --livereload`; one module file is edited (the YAML for ours, the "
            "pre-rendered `.md` for plain); the time runs from the write to the server's `Reloading browsers` "
            "line, so it includes the file watcher's polling (0.5 s) and MkDocs' 0.1 s settle delay."
        ),
        (
            f"- Page weight: the middle module page of each course, the CSS and JS it links, gzip level {GZIP_LEVEL}. "
            "The search worker, its Japanese lunr files and the search index are fetched in the background."
        ),
        "",
        "## Full build",
        "",
        build_table(results),
        "",
        size_table(results),
        "",
        "### Per module (CPU time)",
        "",
        per_module_table(results),
        "",
    ]
    if results and results[-1].slowest:
        r = results[-1]
        total = med(r.base.build)
        parts += [
            f"### Slowest pages ({r.size:,} modules, plain build, last run)",
            "",
            table(
                ["page", "seconds", "share of the build", "HTML"],
                [[f"`{uri}`", f"{sec:.1f} s", f"{sec / total:.0%}", mb(size)] for uri, sec, size in r.slowest],
            ),
            "",
        ]
    if rebuild:
        parts += ["## Rebuild in the preview server", "", rebuild_table(rebuild), ""]
    if REPORT_NOTES:
        parts += ["## Problems", "", *(f"- {note}" for note in REPORT_NOTES), ""]
    if results:
        middle = next((r for r in results if r.size == 100), results[0])
        parts += [
            f"## Page weight of a module page ({middle.size:,}-module course)",
            "",
            weight_table(middle.weight),
            "",
            "### By course size",
            "",
            weight_by_size(results),
            "",
        ]
    parts += [
        "## Targets",
        "",
        table(
            ["target", "result", "measured"],
            [[t.name, "pass" if t.passed else "**FAIL**", t.detail] for t in targets(results, rebuild)],
        ),
        "",
    ]
    return "\n".join(parts)


# ================================================================================================
# main
# ================================================================================================


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100,1000", help="course sizes in modules, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="builds per variant and size (alternating)")
    parser.add_argument(
        "--large-runs", type=int, default=None, help="builds per variant for sizes ≥ 1,000 (default: --runs)"
    )
    parser.add_argument("--rebuild-size", type=int, default=100, help="course size for the preview benchmark (0: skip)")
    parser.add_argument("--rebuild-runs", type=int, default=5, help="edits per variant in the preview benchmark")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md", help="Markdown report to write")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="keep the generated projects here (default: a temporary folder, removed)",
    )
    parser.add_argument(
        "--search-sizes",
        default="",
        help="course sizes for the first-search measurement on a 4x throttled CPU (issue 18); "
        "with --sizes '' and --rebuild-size 0, only that",
    )
    parser.add_argument(
        "--idle-wait",
        type=float,
        default=30.0,
        help="before each measurement, wait up to this many seconds for other processes to go quiet (0: never)",
    )
    parser.add_argument(
        "--idle-threshold", type=float, default=0.25, help="'quiet' means other processes use fewer cores than this"
    )
    return parser.parse_args(argv)


# ================================================================================================
# 6. First search at catalogue scale (issue 18): the index is fetched and built in the browser
# ================================================================================================

#: Chromium's CPU slowdown for the search measurement (DevTools' "4× slowdown", a mid-range laptop).
SEARCH_THROTTLE = 4.0
#: The query typed right after the page has loaded: a word every generated module contains.
SEARCH_QUERY = "上司"
#: The second query, the index already loaded.
NEXT_QUERY = "フィードバック"
#: When the query's text goes into the search box (its first input event).
TYPED_PROBE = """() => document.querySelector("input.md-search__input").addEventListener(
  "input", () => { window.__typedAt ??= performance.now() }, {capture: true, once: true})"""
#: True, noting the time, once the result list shows a result (polled on animation frames).
SHOWN_PROBE = """() => document.querySelector(".md-search-result__item")
  ? (window.__shownAt ??= performance.now(), true) : false"""


@dataclass
class FirstSearch:
    """One course size: what the learner waits for and what the browser fetches, for the first search."""

    size: int
    first_ms: float  # from typing the first query, as soon as the page has loaded, to the first result list
    shown_ms: float  # the same first result list, from the start of the page's navigation
    next_ms: float  # the same for a second query, the index already built
    load_bytes: int  # everything fetched until the page's load event
    search_bytes: int  # fetched after it, until the first results: index, worker, rewrite table
    index_bytes: int
    index_gzip: int
    worker_ms: tuple[float, float, float] | None = None  # CPU ms under node: set-up, first query, next query


#: Times the search worker's steps under node (CPU time: steadier than the wall clock on a shared machine).
SEARCH_STEPS = Path(__file__).with_name("search_steps.js")


def worker_steps(site: Path, queries: tuple[str, str]) -> tuple[float, float, float] | None:
    """CPU milliseconds of the site's own search worker, run under node (tests/search_steps.js): its set-up
    (fetching and parsing the search data included) and each query; None without node."""
    node = shutil.which("node")
    if node is None:
        return None
    done = subprocess.run(
        [node, str(SEARCH_STEPS), str(site), *queries], capture_output=True, text=True, timeout=600, check=True
    )
    steps = json.loads(done.stdout)
    return (steps["setup"], *steps["queries"])


def first_search(site: Path, size: int, throttle: float = SEARCH_THROTTLE) -> FirstSearch:
    """Open the built site's home page in Chromium with the CPU slowed down `throttle`× (CDP
    `Emulation.setCPUThrottlingRate`), type SEARCH_QUERY as soon as the page has loaded, and time Material's
    search box until it shows results (tests/search_eval.py's probes)."""
    from chromium import launch
    from search_eval import INIT, SearchBox

    fetched: dict[str, int] = {}
    with launch() as browser, serve_folder(site) as base:
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script(INIT)
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.on(
            "requestfinished", lambda request: fetched.__setitem__(request.url, request.sizes()["responseBodySize"])
        )
        page.goto(base, wait_until="load")
        at_load = dict(fetched)
        box = SearchBox(page, timeout_ms=600_000)
        # Timed in the page, from the query's input event (the text is in the box; a key-up follows, on
        # which Material searches) to the first poll that sees a result: not from the test's call, which
        # adds the test driver's own steps, nor from a key-up, after which a worker that was not ready
        # may already have answered.
        page.evaluate(TYPED_PROBE)
        box.input.fill(SEARCH_QUERY)
        box.input.press("End")
        page.wait_for_function(SHOWN_PROBE, timeout=600_000)
        typed_at, shown_at = page.evaluate("[window.__typedAt, window.__shownAt]")
        box.value = SEARCH_QUERY
        after = {url: n for url, n in fetched.items() if url not in at_load}
        _, next_ms, _ = box.ask(NEXT_QUERY, timeout_ms=600_000)
        context.close()
    files = [path.read_bytes() for path in search_files(site)]
    return FirstSearch(
        size,
        shown_at - typed_at,
        shown_at,
        next_ms,
        sum(at_load.values()),
        sum(after.values()),
        sum(len(data) for data in files),
        sum(len(gzip.compress(data, 6)) for data in files),
        worker_steps(site, (SEARCH_QUERY, NEXT_QUERY)),
    )


def search_table(results: list[FirstSearch]) -> str:
    rows = [
        [
            str(r.size),
            f"{r.first_ms:,.0f}",
            f"{r.shown_ms:,.0f}",
            f"{r.next_ms:,.0f}",
            kb(r.load_bytes),
            kb(r.search_bytes),
            mb(r.index_bytes),
            mb(r.index_gzip),
            *(f"{ms:,.0f}" if r.worker_ms else "–" for ms in (r.worker_ms or (0, 0, 0))),
        ]
        for r in results
    ]
    return table(
        [
            "modules",
            "first search ms",
            "first results since opening, ms",
            "next search ms",
            "fetched by load",
            "fetched for search",
            "index",
            "index gzip",
            "worker set-up CPU ms",
            "worker first query CPU ms",
            "worker next query CPU ms",
        ],
        rows,
    )


def search_section(argv: list[str]) -> str:
    return "\n".join(
        [
            "## First search at catalogue scale",
            "",
            (
                f"`{command_line(argv)}`. Chromium with the CPU slowed down {SEARCH_THROTTLE:.0f}× "
                "(CDP `Emulation.setCPUThrottlingRate`), the site served on 127.0.0.1 without compression; "
                f"`{SEARCH_QUERY}` typed as soon as the home page has loaded. *first search*: from its input "
                "event to the first result list, timed in the page (Material fetches the index, and its worker "
                "builds the lunr index, or loads the one prebuilt with node: macros/search_prebuilt.py, before "
                "it answers); *since opening*: the same list, from the start of the navigation (a page whose "
                "load waits on the index starts the first figure late); *next search*: a second query. Bytes "
                "are as sent (no gzip), the index with the search data file the worker fetches; the gzip size "
                "is what a compressing server sends. *worker … CPU*: the same site's search worker under node "
                "(tests/search_steps.js), CPU time of its set-up and of each query, steadier than the wall clock "
                "on a shared machine (not throttled, as CDP's throttling does not slow a worker either)."
            ),
            "",
            search_table(SEARCH_RESULTS),
        ]
    )


def bench_search(workdir: Path, sizes: list[int]) -> list[FirstSearch]:
    results = []
    for size in sizes:
        project = workdir / f"search-{size}"
        if not (project / "site" / "search" / "search_index.json").is_file():
            make_project(project, size)
            mkdocs_build(project)
        results.append(first_search(project / "site", size))
        log(f"first search, {size} modules: {results[-1]}")
    return results


#: Filled by `run` when --search-sizes is given; `report` adds the table.
SEARCH_RESULTS: list[FirstSearch] = []


def sizes_of(text: str) -> list[int]:
    return sorted({int(s) for s in text.split(",") if s.strip()})


@dataclass
class Workdir:
    """A folder for the generated projects; temporary unless the user gave one."""

    given: Path | None
    path: Path = field(init=False)

    def __enter__(self) -> Path:
        self.path = self.given or Path(tempfile.mkdtemp(prefix="course-bench-"))
        self.path.mkdir(parents=True, exist_ok=True)
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self.given is None:
            shutil.rmtree(self.path, ignore_errors=True)


def run(args: argparse.Namespace) -> tuple[list[SizeResult], RebuildResult | None]:
    results: list[SizeResult] = []
    rebuild = None
    with Workdir(args.workdir) as workdir:
        if args.search_sizes:
            SEARCH_RESULTS.extend(bench_search(workdir, sizes_of(args.search_sizes)))
            print(search_table(SEARCH_RESULTS), flush=True)
        log(f"working in {workdir}")
        for size in sizes_of(args.sizes):
            runs = args.large_runs if (size >= 1000 and args.large_runs) else args.runs
            results.append(bench_size(workdir, size, runs))
            print(build_table(results[-1:]) + "\n\n" + size_table(results[-1:]), flush=True)
        if args.rebuild_size:
            try:
                rebuild = bench_rebuild(workdir, args.rebuild_size, args.rebuild_runs)
            except (SystemExit, Exception) as exc:  # noqa: BLE001 - keep the build figures: report any failure instead
                log(f"preview benchmark failed: {exc}")
                REPORT_NOTES.append(f"The preview-server benchmark failed: `{str(exc).splitlines()[0]}`")
    return results, rebuild


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    IDLE.update(max_wait=args.idle_wait, threshold=args.idle_threshold)
    started, load_before = time.perf_counter(), load_average()
    results, rebuild = run(args)
    if not results and rebuild is None:  # --search-sizes alone: print its section, keep BENCHMARKS.md
        print(search_section(argv))
        return 0
    text = report(results, rebuild, argv, time.perf_counter() - started, (load_before, load_average()))
    if SEARCH_RESULTS:
        text += "\n\n" + search_section(argv) + "\n"
    print(text)
    args.output.write_text(text, encoding="utf-8")
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

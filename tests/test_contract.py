"""The written contract between the build and the browser (macros/contract.py), checked from both sides.

Python: what `client_config` writes validates against the committed schema, which is what the types generate.
Browser: the course scripts (macros/browser.py; pages load them as one bundle), running in Chromium over the course, read no key of
`window.__COURSE__` that the schema lacks (a Proxy records every read); the reads on paths the walk does not take
are checked in the source. ESLint (npm, eslint.config.mjs) runs over every script of ours as well.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import rjsmin
from conftest import ROOT
from playwright.sync_api import Page, expect
from test_quiz import RIGHT, answer, check

from macros import schema
from macros.browser import BUNDLE, CLIENT_CONFIG, COURSE_SCRIPTS, PAGE_SCRIPTS, bundle
from macros.check import check_project
from macros.contract import json_schema
from macros.render import Renderer

COURSE_JS = [ROOT / "docs" / path for path in COURSE_SCRIPTS]
LMS_JS = ROOT / "macros" / "scorm" / "lms.js"
COMMITTED = ROOT / "macros" / "schemas" / "course-config.schema.json"

#: Wraps window.__COURSE__ as course-config.js assigns it, recording the path of every key read.
RECORD_READS = """
window.__contractReads = [];
(function () {
  function wrap(value, path) {
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value, { get: function (target, key, receiver) {
      var found = Reflect.get(target, key, receiver);
      if (typeof key === "symbol") return found;
      if (Array.isArray(target)) return /^\\d+$/.test(key) ? wrap(found, path + "[]") : found;
      window.__contractReads.push(path + "." + key);
      return wrap(found, path + "." + key);
    } });
  }
  var config;
  Object.defineProperty(window, "__COURSE__", { configurable: true,
    get: function () { return config; }, set: function (value) { config = wrap(value, "$"); } });
})();
"""


def client_config(project: Path) -> dict[str, Any]:
    course = check_project(project).course
    assert course is not None
    script = Renderer(course).client_config()
    prefix = "window.__COURSE__ = "
    assert script.startswith(prefix) and script.endswith(";\n")
    return json.loads(script[len(prefix) : -2])


def allows(node: dict[str, Any], path: str) -> bool:
    """Whether the (inlined) schema `node` declares the key path `path` ("$.ui.progress.passed", "[]" for items)."""
    for part in re.findall(r"\.([^.[\]]+)|\[\]", path.removeprefix("$")):
        if part and node.get("type") in ("array", "string"):
            return True  # a method or property of the value itself (`.map`, `.length`), not a key
        if part == "":  # an array item
            node = node.get("items", {})
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return False
    return True


def test_the_committed_schema_is_what_the_types_generate() -> None:
    assert json.loads(COMMITTED.read_text("utf-8")) == json_schema(), (
        "macros/schemas/course-config.schema.json is out of date: "
        "python -m macros.contract > macros/schemas/course-config.schema.json"
    )


@pytest.mark.parametrize("course", ["mini", "real"])
def test_what_python_writes_validates_against_the_schema(course: str, mini: Path) -> None:
    data = client_config(mini if course == "mini" else ROOT)
    jsonschema.validate(data, schema.schema("course-config"))


def test_the_schema_refuses_a_key_it_does_not_declare(mini: Path) -> None:
    data = client_config(mini)
    data["modules"][0]["unexpected"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema.schema("course-config"))


def test_the_course_scripts_in_the_browser_read_only_keys_the_schema_has(page: Page, mini_url: str) -> None:
    page.add_init_script(RECORD_READS)
    reads: set[str] = set()
    page.goto(f"{mini_url}modules/alpha/")
    answer(page, RIGHT)
    check(page)
    page.locator("#quiz-alpha .quiz-retry").click()
    reads |= set(page.evaluate("window.__contractReads"))
    for url in ("progress/", "certificate/", "final-test/"):
        page.goto(f"{mini_url}{url}")
        expect(page.locator("body")).to_be_visible()
        reads |= set(page.evaluate("window.__contractReads"))
    page.goto(f"{mini_url}certificate/")
    page.locator(".certificate-form input").fill("山田 花子")
    page.locator(".certificate-form button[type=submit]").click()
    expect(page.locator(".certificate-statement")).to_contain_text("山田 花子")
    reads |= set(page.evaluate("window.__contractReads"))

    contract = schema.schema("course-config")
    assert {"$.storageKey", "$.passMark", "$.modules", "$.ui", "$.finalQuizId", "$.modulePages"} <= reads
    assert sorted(r for r in reads if not allows(contract, r)) == []


#: The names the course scripts give window.__COURSE__ and its sections (in their first lines), the same in each.
COURSE_ALIASES = {
    "Course.config": "$",
    "C": "$",
    "UI": "$.ui.interactive",
    "P": "$.ui.progress",
    "CERT": "$.ui.certificate",
}
#: The scripts that read window.__COURSE__, with the names each gives it and its sections.
READERS = {**dict.fromkeys(COURSE_JS, COURSE_ALIASES), LMS_JS: {"C": "$", "T": "$.ui.interactive"}}


def source_reads(script: Path) -> set[str]:
    """Every `name.key.key…` of the script whose name stands for (a section of) window.__COURSE__."""
    aliases = READERS[script]
    names = "|".join(re.escape(name) for name in sorted(aliases, key=len, reverse=True))
    read = re.compile(rf"\b({names})((?:\.[A-Za-z_]\w*)+)")
    return {aliases[name] + keys for name, keys in read.findall(script.read_text("utf-8"))}


@pytest.mark.parametrize("script", READERS, ids=lambda p: p.name)
def test_the_source_reads_only_keys_the_schema_has(script: Path) -> None:
    """Reads on paths the browser walk does not take (storage or key unavailable, inside an LMS…) are in the source."""
    reads = source_reads(script)
    assert reads
    contract = schema.schema("course-config")
    assert sorted(r for r in reads if not allows(contract, r)) == []


def test_the_source_check_sees_the_reads_of_rare_paths() -> None:
    reads = set().union(*(source_reads(script) for script in COURSE_JS))
    assert {"$.ui.interactive.key_unavailable", "$.ui.progress.reset_confirm", "$.finalQuizId"} <= reads


def test_every_course_script_is_in_the_one_list_and_every_listed_one_exists() -> None:
    on_disk = {f"javascripts/{p.name}" for p in (ROOT / "docs" / "javascripts").glob("course-*.js")}
    assert on_disk == set(COURSE_SCRIPTS)
    assert len(COURSE_SCRIPTS) == len(set(COURSE_SCRIPTS))


def test_the_bundle_is_every_course_script_minified_in_the_listed_order() -> None:
    texts = [(ROOT / "docs" / path).read_text("utf-8") for path in COURSE_SCRIPTS]
    made = bundle(texts)
    where = [made.find(rjsmin.jsmin(text)) for text in texts]
    assert -1 not in where and where == sorted(where)
    assert len(made) < sum(len(text) for text in texts)


def test_a_page_loads_the_settings_then_the_bundle_and_no_course_script_on_its_own(page: Page, mini_url: str) -> None:
    assert PAGE_SCRIPTS == (CLIENT_CONFIG, BUNDLE)
    page.goto(f"{mini_url}modules/alpha/")
    sources = [
        src.removeprefix(mini_url).split("?")[0] for src in page.evaluate("Array.from(document.scripts, s => s.src)")
    ]
    assert [src for src in sources if src in PAGE_SCRIPTS] == list(PAGE_SCRIPTS)
    assert [src for src in sources if src in COURSE_SCRIPTS] == []
    assert page.request.get(f"{mini_url}{COURSE_SCRIPTS[0]}").status == 404


#: Records the window's own names before any script runs, to see which globals the scripts add.
RECORD_GLOBALS = "window.__globalsBefore = Object.getOwnPropertyNames(window);"


def test_the_course_scripts_add_one_global_besides_the_settings(page: Page, mini_url: str) -> None:
    """On a bare page (no Material, so no document$) with what every page loads, the settings and the bundle,
    only: the course scripts run in the listed order, each fills in its part of `Course`, and nothing else
    lands on window."""
    bare = f"{mini_url}bare.html"
    tags = "".join(f'<script src="{path}"></script>' for path in PAGE_SCRIPTS)
    page.route(
        bare, lambda route: route.fulfill(content_type="text/html", body=f"<!doctype html><title>t</title>{tags}")
    )
    page.add_init_script(RECORD_GLOBALS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(bare)
    added = page.evaluate(
        "Object.getOwnPropertyNames(window).filter(n => !window.__globalsBefore.includes(n) && n !== '__globalsBefore')"
    )
    assert errors == []
    assert sorted(added) == ["Course", "__COURSE__"]
    parts = page.evaluate("Object.keys(window.Course)")
    assert {"config", "storage", "quiz", "progress", "certificate"} <= set(parts)


@pytest.mark.slow  # Node.js and ESLint start up: 2-5 s
def test_eslint_finds_nothing_in_the_browser_code() -> None:
    if shutil.which("npx") is None or not (ROOT / "node_modules" / ".bin" / "eslint").exists():
        pytest.skip("ESLint needs Node.js and `npm ci` (.ci/setup runs it when Node.js is installed)")
    scripts = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs" / "javascripts").glob("*.js"))
    scripts += sorted(str(p.relative_to(ROOT)) for p in (ROOT / "macros").glob("*.js"))
    scripts += sorted(str(p.relative_to(ROOT)) for p in (ROOT / "macros" / "scorm").glob("*.js"))
    result = subprocess.run(
        ["npx", "--no-install", "eslint", *scripts], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr

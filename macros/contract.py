"""What the build hands to the browser: the one definition of `window.__COURSE__` (javascripts/course-config.js).

Python writes it (render.Renderer.client_config), the course scripts (macros/browser.py) read it. The JSON Schema generated from these
types is committed as macros/schemas/course-config.schema.json; tests/test_contract.py checks both sides
against it: the build's output validates, and the scripts read no key the schema lacks (in Chromium, through
a Proxy that records every read). The UI strings are those of content_src/ui.yml, so their part of the
schema refers to ui.schema.json instead of repeating it.

Changing what the browser gets is: a field here, its value in `client_config`, the regenerated schema
(`python -m macros.contract > macros/schemas/course-config.schema.json`), then the script that reads it.
"""

from __future__ import annotations

import json
import sys
from typing import Any, cast

from typing_extensions import TypedDict

#: The sections of ui.yml the browser needs (all strings the course scripts show).
UI_SECTIONS = ("quiz", "interactive", "progress", "certificate")
SCHEMA_ID = "course-config.schema.json"


class ModuleEntry(TypedDict):
    id: str
    """モジュール id。ページは <modulePages>/<id>、確認テストの結果もこの id で保存します。"""
    title: str
    """モジュール名（修了証と、合格が残っているモジュールの一覧に出します）。"""
    version: str
    """確認テストの版（内容のハッシュ）。保存された結果は、同じ版のときだけ有効です。"""
    questions: int
    """確認テストの問題数（0 は確認テストなし）。"""


class UiStrings(TypedDict):
    """Sections of content_src/ui.yml, as validated by ui.schema.json."""

    quiz: dict[str, Any]
    """ui.yml の quiz（確認テストの文言）。"""
    interactive: dict[str, str]
    """ui.yml の interactive（採点・保存の文言）。"""
    progress: dict[str, str]
    """ui.yml の progress（進捗ページの文言）。"""
    certificate: dict[str, str]
    """ui.yml の certificate（修了証の文言）。"""


class CourseConfig(TypedDict):
    """`window.__COURSE__`."""

    courseId: str
    """course.yml の id。"""
    storageKey: str
    """学習記録を保存する localStorage のキー（LMS の中では LMS が記録を持ちます）。"""
    passMark: int
    """合格点（%）。"""
    required: list[str]
    """修了に合格が必要な確認テストの id（モジュール id、または修了テストの id）。"""
    finalQuizId: str
    """修了テストの確認テスト id（macros/reserved.py。モジュール id には使えません）。"""
    finalVersion: str
    """修了テストの版（出題範囲のハッシュ）。保存された結果は、同じ版のときだけ有効です。"""
    modulePages: str
    """サイトの中でモジュールのページを置くフォルダー（プラグインの pages_dir）。"""
    modules: list[ModuleEntry]
    """すべてのモジュール（コースの順）。"""
    ui: UiStrings
    """画面の文言（content_src/ui.yml の一部）。"""


def storage_key(course_id: str) -> str:
    return f"course:{course_id}"


def json_schema() -> dict[str, Any]:
    """The schema of CourseConfig (generated with pydantic, a development dependency): every object closed
    (a key Python does not declare is an error), the UI sections referring to ui.schema.json."""
    from pydantic import TypeAdapter

    for typed in (ModuleEntry, UiStrings, CourseConfig):  # the docstrings above become the descriptions
        cast(Any, typed).__pydantic_config__ = {"use_attribute_docstrings": True}
    generated = TypeAdapter(CourseConfig).json_schema()
    for definition in [generated, *generated.get("$defs", {}).values()]:
        if "properties" in definition:
            definition["additionalProperties"] = False
    ui = generated["$defs"]["UiStrings"]
    ui["properties"] = {
        section: {
            "$ref": f"ui.schema.json#/properties/{section}",
            "description": ui["properties"][section]["description"],
        }
        for section in UI_SECTIONS
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **generated,
        "description": "window.__COURSE__（javascripts/course-config.js）。macros/contract.py から生成します。",
    }


if __name__ == "__main__":
    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

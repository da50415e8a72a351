"""Editor support: every content file finds its schema (modeline and .vscode/settings.json), and every field
has a Japanese description to show on hover."""

from __future__ import annotations

import json
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from macros.schema import SCHEMA_DIR

MODELINE = "# yaml-language-server: $schema="


def kind_of(path: Path) -> str:
    return "module" if path.parent.name == "modules" else path.stem


CONTENT = sorted((ROOT / "content_src").rglob("*.yml"))


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_modeline_points_at_the_schema_of_its_kind(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    assert first.startswith(MODELINE)
    target = (path.parent / first.removeprefix(MODELINE)).resolve()
    assert target == SCHEMA_DIR / f"{kind_of(path)}.schema.json"


def test_workspace_settings_map_each_content_file_to_exactly_its_schema() -> None:
    mapping: dict[str, str] = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).resolve().is_file(), schema
    for path in CONTENT:
        relative = path.relative_to(ROOT).as_posix()
        matches = [schema for schema, glob in mapping.items() if fnmatch(relative, glob)]
        assert [(ROOT / m).resolve() for m in matches] == [SCHEMA_DIR / f"{kind_of(path)}.schema.json"], relative


def properties(schema: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, dict):
        for name, value in schema.get("properties", {}).items():
            yield f"{where}.{name}", value
            yield from properties(value, f"{where}.{name}")
        for key in ("items", "$defs"):
            value = schema.get(key)
            if isinstance(value, dict) and key == "$defs":
                for name, definition in value.items():
                    yield from properties(definition, f"{where}#{name}")
            elif value is not None:
                yield from properties(value, f"{where}[]")


@pytest.mark.parametrize("path", sorted(SCHEMA_DIR.glob("*.schema.json")), ids=lambda p: p.name)
def test_every_field_has_a_japanese_description(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    missing = [where for where, field in properties(schema, path.stem) if not field.get("description")]
    assert missing == []
    not_japanese = [
        where
        for where, field in properties(schema, path.stem)
        if not any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in field["description"])
    ]
    assert not_japanese == []

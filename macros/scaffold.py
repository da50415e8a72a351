"""Scaffolds: a new module from macros/templates/module.yml, a quiz question from its type's registry entry.

The files authors edit carry comments (★ marks the settings HR changes, notes on sources) that a YAML
round trip would drop, so course.yml and module files are edited as text: the new lines are inserted and
nothing else moves. The result is parsed again and compared with what was intended before anything is
written; when the layout is too unusual to edit safely, the command refuses and says what to add by hand.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .check import CONTENT_DIR
from .findings import format_text
from .load import load_yaml
from .questiontypes import QUESTION_TYPES
from .schema import SCHEMA_DIR

TEMPLATES = Path(__file__).parent / "templates"
MODULE_TEMPLATE = TEMPLATES / "module.yml"


class ScaffoldError(Exception):
    """The command refused; nothing was written. The message is for the author."""


@dataclass(frozen=True)
class Created:
    path: Path
    new_id: str


def new_module(root: Path, module_id: str, title: str) -> Created:
    """Write content_src/modules/<id>.yml from the template and add the id to `modules:` in course.yml."""
    _check_id(module_id, "モジュール id")
    title = title.strip()
    if not title or any(ch in title for ch in "\r\n\t") or not title.isprintable():
        raise ScaffoldError(
            "タイトルには、改行を含まない 1 行の文を指定してください（例: --title 実践スキル3：1on1 の準備）。"
        )
    content = root / CONTENT_DIR
    course_path = content / "course.yml"
    module_path = content / "modules" / f"{module_id}.yml"
    course = _load(course_path, root)
    if module_path.exists():
        raise ScaffoldError(f"{CONTENT_DIR}/modules/{module_id}.yml はすでにあります。別の id を指定してください。")
    modules = course.get("modules")
    if not isinstance(modules, list):
        raise ScaffoldError(
            "course.yml に modules: のリストがありません。先に python -m macros check のエラーを直してください。"
        )
    if module_id in modules:
        raise ScaffoldError(
            f"モジュール id '{module_id}' は course.yml の modules にすでにあります。別の id を指定してください。"
        )

    text = MODULE_TEMPLATE.read_text("utf-8")
    # Quoted where YAML would read something else: an id such as `123` or `no`, a title with `: ` or `#`.
    module_text = text.replace("__MODULE_ID__", _scalar(module_id)).replace("__MODULE_TITLE__", _scalar(title))
    written = yaml.safe_load(module_text)
    if (written["id"], written["title"]) != (module_id, title):
        raise ScaffoldError("タイトルを YAML に書き込めませんでした。記号の少ないタイトルにしてください。")
    course_text = _read(course_path)
    new_course = append_to_list(course_text, "modules", [f"- {_scalar(module_id)}"], flow_item=_scalar(module_id))
    _verify(new_course, course, "modules", module_id, course_path)

    module_path.parent.mkdir(parents=True, exist_ok=True)
    with module_path.open("x", encoding="utf-8", newline="") as out:  # "x": never overwrite a file
        out.write(module_text)
    try:
        _write(course_path, new_course)
    except OSError:
        module_path.unlink()
        raise
    return Created(module_path, module_id)


def new_question(root: Path, module_id: str, kind: str) -> Created:
    """Append one question of type `kind` to the module's quiz, with an id unused anywhere in the course."""
    _check_id(module_id, "モジュール id")
    if kind not in QUESTION_TYPES:
        raise ScaffoldError(f"問題の種類 '{kind}' は使えません（{', '.join(QUESTION_TYPES)} のどれか）。")
    path = root / CONTENT_DIR / "modules" / f"{module_id}.yml"
    if not path.is_file():
        raise ScaffoldError(
            f"{CONTENT_DIR}/modules/{module_id}.yml がありません。"
            f"先に python -m macros new-module {module_id} --title … で作ってください。"
        )
    module = _load(path, root)
    quiz = module.get("quiz") or []
    if not isinstance(quiz, list):
        raise ScaffoldError(
            f"{path.name} の quiz: がリストではありません。先に python -m macros check のエラーを直してください。"
        )

    question_id = _next_question_id(
        module_id, [q.get("id") for q in quiz if isinstance(q, dict)], _ids_in_use(root / CONTENT_DIR / "modules")
    )
    lines = QUESTION_TYPES[kind].scaffold.replace("__QUESTION_ID__", _scalar(question_id)).splitlines()
    text = _read(path)
    new_text = append_to_list(text, "quiz", lines)
    _verify(new_text, module, "quiz", yaml.safe_load("\n".join(lines) + "\n")[0], path)
    _write(path, new_text)
    return Created(path, question_id)


# --- editing a top-level list as text -----------------------------------------------------------


def append_to_list(text: str, key: str, item: list[str], *, flow_item: str | None = None) -> str:
    """`text` with `item` (YAML lines of one list item, starting with `- `) appended to the top-level list
    `key`. Block lists keep their indentation; `key: []` becomes a block list; a one-line flow list
    (`key: [a, b]`) gets `, flow_item` when one is given; a missing key is added at the end."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    pattern = re.compile(rf"^{re.escape(key)}:(?P<rest>[^#\r\n]*?)[ \t]*(?P<comment>#[^\r\n]*)?(?P<eol>\r?\n)?$")
    at = next((i for i, line in enumerate(lines) if pattern.match(line)), None)
    if at is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        return "".join(lines) + f"{key}:{newline}" + "".join(f"  {line}{newline}" for line in item)
    match = pattern.match(lines[at])
    assert match is not None
    rest, comment, eol = match["rest"].strip(), match["comment"], match["eol"] or newline
    if rest.startswith("[") and rest.endswith("]"):
        inner = rest[1:-1].strip()
        if inner and flow_item is None:
            raise ScaffoldError(
                f"{key}: が 1 行の [ ] の形で書かれているため、自動で追加できません。"
                f"{key}: を「- 」で始まる行のリストに書き直してから、もう一度実行してください。"
            )
        if inner:  # insert before the closing bracket: the rest of the line stays as it was
            close = match.start("rest") + match["rest"].rindex("]")
            lines[at] = lines[at][:close] + f", {flow_item}" + lines[at][close:]
            return "".join(lines)
        lines[at] = f"{key}:" + (f"  {comment}" if comment else "") + eol
        rest = ""
    if rest:
        raise ScaffoldError(f"{key}: の書き方を読み取れないため、自動で追加できません。手で追加してください。")

    last, indent = at, None
    for i in range(at + 1, len(lines)):
        line = lines[i]
        stripped = line.strip()
        if stripped and not line[0].isspace() and not line.startswith(("-", "#")):
            break  # the next top-level key
        if stripped and not stripped.startswith("#"):
            last = i
            if indent is None and (stripped.startswith("- ") or stripped == "-"):
                indent = line[: len(line) - len(line.lstrip())]
    indent = "  " if indent is None else indent
    if not lines[last].endswith("\n"):
        lines[last] += newline
    new = [f"{indent}{line}{newline}" if line.strip() else newline for line in item]
    return "".join(lines[: last + 1] + new + lines[last + 1 :])


def _verify(new_text: str, before: dict[str, Any], key: str, item: Any, path: Path) -> None:
    """The edit must add exactly one item to `key` and change nothing else; otherwise write nothing."""
    try:
        after = yaml.safe_load(new_text)
    except yaml.YAMLError:
        after = None
    expected = {**before, key: [*(before.get(key) or []), item]}
    if after != expected:
        raise ScaffoldError(
            f"{path.name} の {key}: に自動で追加できませんでした（書き方が想定外です）。"
            "CONTRIBUTING.md の手順で、手で追加してください。"
        )


# --- helpers ------------------------------------------------------------------------------------


def _check_id(value: str, what: str) -> None:
    """The same rule as the schema (common.schema.json#/$defs/id), read from it so the two cannot drift."""
    rule = json.loads((SCHEMA_DIR / "common.schema.json").read_text("utf-8"))["$defs"]["id"]
    if not re.search(rule["pattern"], value) or len(value) > rule["maxLength"]:
        raise ScaffoldError(
            f"{what} '{value}' は使えません。半角英小文字・数字・ハイフンで、"
            f"{rule['maxLength']} 文字以内にしてください（例: one-on-one）。"
        )


def _load(path: Path, root: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ScaffoldError(
            f"{path.relative_to(root).as_posix()} がありません。プロジェクトのフォルダで実行してください"
            "（または --root でフォルダを指定します）。"
        )
    doc, problems = load_yaml(path, root)
    if doc is None or not isinstance(doc.data, dict):
        raise ScaffoldError(
            f"{path.name} を読めないため、追加できません。先にこのエラーを直してください。\n" + format_text(problems)
        )
    return doc.data


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # bytes: keep CRLF line ends as they are


def _write(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so an interrupted run never leaves half a file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(text.encode("utf-8"))
    os.replace(temporary, path)


def _scalar(text: str) -> str:
    """`text` as a one-line YAML scalar: plain when that reads back the same, quoted otherwise."""
    return yaml.safe_dump(text, allow_unicode=True, width=1_000_000).removesuffix("\n...\n").removesuffix("\n")


def _ids_in_use(modules_dir: Path) -> set[str]:
    """Every `id:` value in every module file, read as text so a file with errors still counts."""
    found: set[str] = set()
    for path in modules_dir.glob("*.yml"):
        found |= set(re.findall(r"\bid:[ \t]*['\"]?([a-z0-9][a-z0-9-]*)", _read(path)))
    return found


def _next_question_id(module_id: str, existing: list[Any], taken: set[str]) -> str:
    """Continue the module's own numbering (in-q08 → in-q09); otherwise start `<module-id>-q01`."""
    numbered = [m for m in (re.fullmatch(r"(.*?)(\d+)", i) for i in existing if isinstance(i, str)) if m]
    if numbered:
        prefix, width = numbered[-1][1], len(numbered[-1][2])
        n = max(int(m[2]) for m in numbered if m[1] == prefix) + 1
    else:
        prefix, width, n = f"{module_id}-q", 2, len(existing) + 1
    while f"{prefix}{n:0{width}d}" in taken:
        n += 1
    return f"{prefix}{n:0{width}d}"

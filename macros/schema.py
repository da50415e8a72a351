"""Validate documents against the committed JSON Schemas and say what is wrong in words authors use.

jsonschema's own messages name Python types (`'x' is not of type 'integer'`); authors write YAML, so each
validator keyword gets a plain message and a hint here instead.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jsonschema_rs

from .findings import Finding
from .load import Document, format_key_path, shown

if TYPE_CHECKING:  # jsonschema itself is imported only when a file is invalid (it adds ~35 ms to every build)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).parent / "schemas"

TYPE_WORDS = {
    "string": "文字列", "integer": "整数", "number": "数値", "boolean": "true または false",
    "array": "リスト（「- 」で始まる行）", "object": "「キー: 値」の組", "null": "空",
}


@cache
def schema(kind: str) -> dict[str, Any]:
    """The schema of one kind of file with every `$ref` already inlined (resolving references at
    validation time was 70 % of the checker's time on a large course)."""
    schemas = {path.name: json.loads(path.read_text("utf-8")) for path in SCHEMA_DIR.glob("*.schema.json")}
    main = schemas[f"{kind}.schema.json"]
    return cast("dict[str, Any]", _inline(main, main, schemas))


@cache
def validator(kind: str) -> Draft202012Validator:
    """The validator that explains what is wrong (jsonschema's errors carry what the messages need)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind))


@cache
def fast_validator(kind: str) -> jsonschema_rs.Draft202012Validator:
    """The same schema in jsonschema-rs: about 20 times faster, used to pass valid files quickly."""
    return jsonschema_rs.Draft202012Validator(schema(kind))


def _inline(node: Any, here: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> Any:
    """Replace each `{"$ref": …}` by the schema it names. Our references never recurse, and their only
    sibling keywords are annotations (`description`), so merging them keeps the meaning."""
    if isinstance(node, list):
        return [_inline(item, here, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" not in node:
        return {key: _inline(value, here, schemas) for key, value in node.items()}
    file, _, pointer = node["$ref"].partition("#")
    document = schemas[file] if file else here
    target: Any = document
    for part in filter(None, pointer.split("/")):
        target = target[part]
    siblings = {key: _inline(value, here, schemas) for key, value in node.items() if key != "$ref"}
    return {**_inline(target, document, schemas), **siblings}


def validate(doc: Document, kind: str) -> list[Finding]:
    """Every schema violation in `doc`, one finding each, located at the offending key.

    jsonschema-rs decides, and quickly: most files are valid. jsonschema only explains an invalid file
    (its errors carry what the messages below need). Should the two ever disagree (a pattern that means
    something else to Python's `re`), the file still fails, with what jsonschema-rs found."""
    fast = fast_validator(kind)
    if fast.is_valid(doc.data):
        return []
    findings = _findings(doc, validator(kind).iter_errors(doc.data))
    return findings or _findings(doc, (_Explained(error, schema(kind)) for error in fast.iter_errors(doc.data)))


class _Explained:
    """A jsonschema-rs error with the attributes of jsonschema's that `_finding` reads."""

    def __init__(self, error: jsonschema_rs.ValidationError, root: dict[str, Any]) -> None:
        *parents, self.validator = error.schema_path
        self.schema: Any = cast(Any, root)  # any JSON value as the path goes down
        for part in parents:
            self.schema = self.schema[part]
        self.validator_value = self.schema.get(str(self.validator)) if isinstance(self.schema, dict) else None
        self.absolute_path = list(error.instance_path)
        self.instance = error.instance
        self.message = error.message


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"真偽値 {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"数値 {shown(value)}"
    if isinstance(value, str):
        return f"文字列 '{shown(value, 30)}'"
    if isinstance(value, list):
        return "リスト"
    if isinstance(value, dict):
        return "「キー: 値」の組"
    if value is None:
        return "空の値"
    return f"日付や時刻などの値 '{shown(value)}'"


def _findings(doc: Document, errors: Iterable[ValidationError | _Explained]) -> list[Finding]:
    """One finding per error. A mapping missing several fields gives one `required` error per field, all
    alike: each is told the next field not yet reported."""
    reported: set[tuple[tuple[str | int, ...], str]] = set()
    findings = []
    for error in errors:
        if error.validator == "required":
            path = tuple(error.absolute_path)
            value = error.instance if isinstance(error.instance, dict) else {}
            required: Any = error.validator_value  # a list of field names, for `required`
            missing = next((k for k in required if k not in value and (path, k) not in reported), None)
            if missing is None:
                continue
            reported.add((path, missing))
            findings.append(doc.finding(path, "missing-field",
                                        f"{format_key_path(path)}: 必須のフィールド '{shown(missing)}' がありません。",
                                        f"'{shown(missing)}: …' を追加してください。"))
        else:
            findings.append(_finding(doc, error))
    return findings


def _finding(doc: Document, error: ValidationError | _Explained) -> Finding:
    path = tuple(error.absolute_path)
    where = format_key_path(path)
    # jsonschema types these as any JSON value; each branch below knows which one its keyword gives.
    kw, arg, value, schema = error.validator, cast(Any, error.validator_value), cast(Any, error.instance), cast(Any, error.schema)

    if kw == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(k for k in value if k not in allowed)
        key = extra[0] if extra else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"'{close[0]}' の書き間違いではありませんか。" if close else f"使えるフィールド: {', '.join(allowed)}"
        return doc.finding((*path, key), "unknown-field", f"{where}: '{shown(key)}' は使えないフィールドです。", hint)
    if kw == "type":
        expected = " または ".join(TYPE_WORDS.get(t, t) for t in ([arg] if isinstance(arg, str) else arg))
        hint = "値を書き直してください。"
        if isinstance(value, bool) and "string" in arg:
            hint = "yes / no / on / off / true / false は真偽値として読まれます。文字として書くなら \"…\" で囲んでください。"
        elif value is None:
            hint = "値が空です。「キー:」の後に値を書いてください。"
        elif isinstance(value, (int, float)) and "string" in arg:
            hint = "数字だけの文は \"…\" で囲むと文字列になります。"
        elif not isinstance(value, (str, int, float, list, dict)):
            hint = "日付のように見える値は \"…\" で囲むと文字列になります。"
        return doc.finding(path, "wrong-type", f"{where}: {expected}を書いてください（いまは{_describe(value)}）。", hint)
    if kw in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        return doc.finding(path, "empty-text", f"{where}: 文が空です。", "内容を書くか、この項目を削除してください。")
    if kw == "pattern" and (finding := pattern_finding(doc, path, arg, value)):
        return finding
    if kw == "minItems":
        return doc.finding(path, "too-few", f"{where}: 少なくとも {arg} 個の項目が必要です（いまは {len(value)} 個）。",
                           "項目を追加してください。")
    if kw in ("maxItems", "maxLength"):
        return doc.finding(path, "too-long", f"{where}: 長すぎます（上限 {arg}）。", "分割するか短くしてください。")
    if kw == "enum":
        close = difflib.get_close_matches(str(value), [str(a) for a in arg], n=1)
        hint = f"'{close[0]}' ではありませんか。" if close else f"使える値: {', '.join(map(str, arg))}"
        return doc.finding(path, "bad-value", f"{where}: '{shown(value)}' は使えない値です。", hint)
    if kw == "uniqueItems":
        return doc.finding(path, "duplicate-item", f"{where}: 同じ値が 2 回以上書かれています。", "重複を削除してください。")
    if kw in ("minimum", "maximum"):
        return doc.finding(path, "out-of-range", f"{where}: {shown(value)} は範囲外です（{'最小' if kw == 'minimum' else '最大'} {arg}）。",
                           "範囲内の数にしてください。")
    return doc.finding(path, f"schema-{kw}", f"{where}: {_describe(value)} はスキーマの決まり（{kw}）に合いません。",
                       schema.get("description") or "スキーマ（macros/schemas/）の決まりを確認してください。")


def pattern_finding(doc: Document, path: tuple[str | int, ...], pattern: str, value: Any) -> Finding | None:
    """A value that does not match `pattern`, in the words for that pattern; None for a pattern without
    its own words (tests/test_check.py makes sure every pattern of the schemas has them)."""
    where, text = format_key_path(path), shown(value, 60)
    if pattern.startswith("^[a-z0-9]"):
        return doc.finding(path, "bad-id", f"{where}: id '{text}' に使えない文字があります。",
                           "id は半角英小文字・数字・ハイフンで書きます（例: boss-management）。")
    if pattern.startswith("^[A-Za-z][A-Za-z0-9_-]"):
        return doc.finding(path, "bad-citation-key", f"{where}: 文献キー '{text}' の形が正しくありません。",
                           "半角英字で始まる英数字にします（例: GK80）。")
    if pattern.startswith("^https?"):
        return doc.finding(path, "bad-url", f"{where}: URL '{text}' は http:// か https:// で始めてください。",
                           "空白を含めず、完全な URL を書いてください。")
    if pattern.startswith("^#[0-9a-fA-F]"):
        return doc.finding(path, "bad-colour", f"{where}: 色 '{text}' は #1a237e のような 6 桁の 16 進数で書いてください。",
                           "# の後に 0〜9 と a〜f を 6 文字書きます（例: #1a237e）。引用符の中に空白や改行を入れないでください。")
    if "(svg|png|jpg|jpeg)" in pattern:
        return doc.finding(path, "bad-logo", f"{where}: ロゴ画像 '{text}' は svg・png・jpg・jpeg のどれかにしてください。",
                           "content_src/ からの相対パスで、半角英数字のファイル名にします（例: branding/logo.svg）。")
    if pattern.startswith("[^"):  # "something other than whitespace"
        return doc.finding(path, "empty-text", f"{where}: 文が空です。", "内容を書くか、この項目を削除してください。")
    return None

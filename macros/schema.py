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
from .load import Document, shown
from .questiontypes import schema_overlay

if TYPE_CHECKING:  # jsonschema itself is imported only when a file is invalid (it adds ~35 ms to every build)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).parent / "schemas"

TYPE_WORDS = {
    "string": "文字列",
    "integer": "整数",
    "number": "数値",
    "boolean": "true または false",
    "array": "リスト（「- 」で始まる行）",
    "object": "「キー: 値」の組",
    "null": "空",
}


@cache
def schema(kind: str) -> dict[str, Any]:
    """The schema of one kind of file with every `$ref` already inlined (resolving references at
    validation time was 70 % of the checker's time on a large course)."""
    schemas = schema_overlay(committed_schemas())
    main = schemas[f"{kind}.schema.json"]
    return cast("dict[str, Any]", _inline(main, main, schemas))


def committed_schemas() -> dict[str, dict[str, Any]]:
    """The schema files as committed (editors read these); `schema` applies the question-type registry."""
    return {path.name: json.loads(path.read_text("utf-8")) for path in SCHEMA_DIR.glob("*.schema.json")}


def clear_caches() -> None:
    """Forget the loaded schemas and validators (after the question-type registry changed: tests)."""
    for cached in (schema, validator, fast_validator):
        cached.cache_clear()


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
    findings = findings or _findings(doc, (_Explained(error, schema(kind)) for error in fast.iter_errors(doc.data)))
    return findings


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
            doc.broken.add((*path, missing))
            findings.append(doc.finding(path, "missing-field", name=shown(missing)))
        else:
            findings.append(_finding(doc, error))
    return findings


def _finding(doc: Document, error: ValidationError | _Explained) -> Finding:
    """One schema error in an author's words; its key path is marked broken for the checks across files."""
    path = tuple(error.absolute_path)
    # jsonschema types these as any JSON value; each branch below knows which one its keyword gives.
    kw, arg, value, schema = (
        error.validator,
        cast(Any, error.validator_value),
        cast(Any, error.instance),
        cast(Any, error.schema),
    )
    doc.broken.add(path)

    if kw == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(k for k in value if k not in allowed)
        key = extra[0] if extra else "?"
        doc.broken.discard(path)
        doc.broken.add((*path, key))  # the rest of the mapping is as the schema says
        doc.unknown.add((*path, key))
        close = difflib.get_close_matches(key, allowed, n=1)
        return doc.finding(
            (*path, key),
            "unknown-field" if close else "unknown-field/no-close",
            where=doc.describe(path),
            name=shown(key),
            close=close[0] if close else "",
            allowed=", ".join(allowed),
        )
    if kw == "type":
        expected = " または ".join(TYPE_WORDS.get(t, t) for t in ([arg] if isinstance(arg, str) else arg))
        message = "wrong-type"
        if isinstance(value, bool) and "string" in arg:
            message = "wrong-type/bool"
        elif value is None:
            message = "wrong-type/empty"
        elif isinstance(value, (int, float)) and "string" in arg:
            message = "wrong-type/number"
        elif isinstance(value, str) and arg == "boolean":  # `answer: はい`, `correct: 正しい`
            message = "wrong-type/text-for-bool"
        elif isinstance(value, (list, dict)) and "string" in arg:  # `title: [反対] 意見`: YAML's list or mapping
            message = "wrong-type/list-for-text"
        return doc.finding(path, message, expected=expected, actual=_describe(value))
    if kw in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        return doc.finding(path, "empty-text")
    if kw == "pattern" and (finding := pattern_finding(doc, path, arg, value)):
        return finding
    if kw == "minItems":
        return doc.finding(path, "too-few", minimum=arg, count=len(value))
    if kw in ("maxItems", "maxLength"):
        return doc.finding(path, "too-long", limit=arg)
    if kw == "enum":
        close = difflib.get_close_matches(str(value), [str(a) for a in arg], n=1)
        return doc.finding(
            path,
            "bad-value" if close else "bad-value/no-close",
            value=shown(value),
            close=close[0] if close else "",
            allowed=", ".join(map(str, arg)),
        )
    if kw == "uniqueItems":
        return doc.finding(path, "duplicate-item")
    if kw in ("minimum", "maximum"):
        return doc.finding(
            path, "out-of-range", value=shown(value), bound="最小" if kw == "minimum" else "最大", limit=arg
        )
    return doc.finding(
        path,
        "schema-keyword",
        keyword=kw,
        actual=_describe(value),
        description=schema.get("description") or "スキーマ（macros/schemas/）の決まりを確認してください。",
    )


def pattern_finding(doc: Document, path: tuple[str | int, ...], pattern: str, value: Any) -> Finding | None:
    """A value that does not match `pattern`, in the words for that pattern; None for a pattern without
    its own words (tests/test_check.py makes sure every pattern of the schemas has them)."""
    text = shown(value, 60)
    if pattern.startswith("^[a-z0-9]"):
        return doc.finding(path, "bad-id", value=text)
    if pattern.startswith("^[A-Za-z][A-Za-z0-9_-]"):
        return doc.finding(path, "bad-citation-key", value=text)
    if pattern.startswith("^https?"):
        return doc.finding(path, "bad-url", value=text)
    if pattern.startswith("^#[0-9a-fA-F]"):
        return doc.finding(path, "bad-colour", value=text)
    if "(svg|png|jpg|jpeg)" in pattern:
        return doc.finding(path, "bad-logo", value=text)
    if pattern.startswith("[^"):  # "something other than whitespace"
        return doc.finding(path, "empty-text")
    return None

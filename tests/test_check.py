"""The checker: every problem in one run, each as `path:line:column`, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest

from macros import schema
from macros.check import check_project
from macros.findings import Finding, format_github, format_text
from macros.load import Document

FIXTURES = Path(__file__).parent / "fixtures" / "broken"
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


def findings_for(project: Path) -> list[Finding]:
    return check_project(project).findings


def replace_module(project: Path, fixture: str | Path, name: str = "alpha.yml") -> None:
    (project / "content_src" / "modules" / name).write_bytes((FIXTURES / fixture).read_bytes())


def one(findings: list[Finding], check: str) -> Finding:
    matching = [f for f in findings if f.check == check]
    assert len(matching) == 1, format_text(findings)
    return matching[0]


def test_valid_project_has_no_errors(mini: Path) -> None:
    result = check_project(mini)
    assert result.errors == []  # the mini course is deliberately small: pedagogical warnings only
    assert [m.id for m in result.course.modules] == ["alpha", "beta"]


def test_real_course_content_is_clean() -> None:
    root = Path(__file__).resolve().parent.parent
    result = check_project(root)
    assert result.findings == [], format_text(result.findings)


@pytest.mark.parametrize(
    ("fixture", "check", "line", "column", "text"),
    [
        ("syntax-error.yml", "yaml-indent", 4, 3, "インデント（行頭の半角スペースの数）がそろっていません"),
        ("duplicate-key.yml", "duplicate-key", 3, 1, "キー 'title' が同じ階層に 2 回あります（最初は 2 行目）"),
        ("unknown-field.yml", "unknown-field", 4, 1, "'summery' は使えない項目です"),
        ("wrong-type.yml", "wrong-type", 4, 1, "estimated_minutes: 整数を書いてください（いまは文字列 '十分'）"),
        ("empty-text.yml", "empty-text", 2, 1, "title: 文が空です"),
        ("yes-as-text.yml", "wrong-type", 6, 5, "objectives[0]: 文字列を書いてください（いまは真偽値 true）"),
        ("single-two-correct.yml", "answer-count", 45, 5, "quiz[id=a-q1]: 正解がちょうど 1 つ必要ですが、2 個あります"),
        ("single-none-correct.yml", "answer-count", 45, 5, "quiz[id=a-q1]: 正解がちょうど 1 つ必要ですが、ありません"),
        ("multiple-none-correct.yml", "answer-count", 45, 5, "quiz[id=a-q1]: 正解の選択肢がありません"),
        (
            "option-without-explanation.yml",
            "missing-field",
            46,
            9,
            "quiz[id=a-q1].options[0]: 必須の項目 'explanation' がありません",
        ),
        ("duplicate-options.yml", "duplicate-option", 49, 9, "選択肢 1 は選択肢 0 と同じ文です"),
        (
            "scenario-without-best.yml",
            "answer-count",
            28,
            5,
            "scenarios[id=case-one]: 最善の対応がちょうど 1 つ必要ですが、ありません",
        ),
        ("unknown-term.yml", "unknown-term", 39, 5, "用語 'term-tree' が glossary.yml にありません"),
        ("unknown-citation.yml", "unknown-citation", 3, 20, "summary: 文献 [@REF9] が references.yml にありません"),
        ("unknown-related.yml", "unknown-module", 40, 5, "関連モジュール 'gamma' がありません"),
        ("missing-field.yml", "missing-field", 1, 1, "必須の項目 'objectives' がありません"),
    ],
)
def test_broken_module_is_reported_at_its_line(
    mini: Path, fixture: str, check: str, line: int, column: int, text: str
) -> None:
    replace_module(mini, fixture)
    finding = one(findings_for(mini), check)
    assert (finding.path, finding.line, finding.column) == ("content_src/modules/alpha.yml", line, column)
    assert text in finding.message
    assert finding.hint


def test_each_missing_field_is_reported_once(mini: Path) -> None:
    replace_module(mini, "missing-fields.yml")
    found = sorted(f.message for f in findings_for(mini) if f.check == "missing-field")
    assert found == [
        f"（ファイル全体）: 必須の項目 '{name}' がありません。" for name in ("objectives", "reflection", "takeaways")
    ]


def test_unknown_field_suggests_the_close_name(mini: Path) -> None:
    replace_module(mini, "unknown-field.yml")
    assert one(findings_for(mini), "unknown-field").hint == "'summary' の書き間違いではありませんか。"


def test_duplicate_module_id_is_reported(mini: Path) -> None:
    text = (mini / "content_src/modules/beta.yml").read_text("utf-8").replace("id: beta", "id: alpha")
    (mini / "content_src/modules/beta.yml").write_text(text, "utf-8")
    found = findings_for(mini)
    assert any(f.check == "duplicate-id" and "'alpha'" in f.message for f in found)
    assert any(f.check == "id-mismatch" for f in found)


def test_module_called_like_the_final_test_is_reported(mini: Path) -> None:
    """A module `final` would share the final test's storage slot and progress row in the browser."""
    modules = mini / "content_src/modules"
    (modules / "final.yml").write_text(
        (modules / "beta.yml").read_text("utf-8").replace("id: beta", "id: final"), "utf-8"
    )
    (modules / "beta.yml").unlink()
    course = mini / "content_src/course.yml"
    course.write_text(course.read_text("utf-8").replace("[alpha, beta]", "[alpha, final]"), "utf-8")
    finding = one(findings_for(mini), "reserved-id")
    assert (finding.path, finding.line, finding.severity) == ("content_src/modules/final.yml", 1, "error")
    assert finding.message == "モジュール id 'final' は修了テストが使う id なので、使えません。"


@pytest.mark.parametrize(
    ("section_id", "taken"),
    [("references", "この id"), ("quiz", "この id"), ("scenario-intro", "'scenario-' で始まる id")],
)
def test_section_id_taken_by_the_module_page_is_reported(mini: Path, section_id: str, taken: str) -> None:
    alpha = mini / "content_src/modules/alpha.yml"
    alpha.write_text(alpha.read_text("utf-8").replace("  - id: definition\n", f"  - id: {section_id}\n", 1), "utf-8")
    finding = one(findings_for(mini), "reserved-id")
    assert (finding.path, finding.line) == ("content_src/modules/alpha.yml", 8)
    assert finding.message == (
        f"節の id '{section_id}' は使えません。モジュールのページが{taken}を見出しのリンク先に使っています。"
    )


def test_duplicate_question_id_across_modules_is_reported(mini: Path) -> None:
    beta = mini / "content_src/modules/beta.yml"
    beta.write_text(beta.read_text("utf-8") + (FIXTURES / "quiz-with-a-q1.yml").read_text("utf-8"), "utf-8")
    finding = one(findings_for(mini), "duplicate-id")
    assert finding.path == "content_src/modules/beta.yml"
    assert "問題 id 'a-q1' は content_src/modules/alpha.yml:42 でも使われています" in finding.message


def test_module_listed_without_file_is_reported(mini: Path) -> None:
    course = mini / "content_src/course.yml"
    course.write_text(course.read_text("utf-8").replace("[alpha, beta]", "[alpha, beta, gamma]"), "utf-8")
    finding = one(findings_for(mini), "missing-module")
    assert (finding.path, finding.line) == ("content_src/course.yml", 6)
    assert "content_src/modules/gamma.yml がありません" in finding.message


def test_module_file_not_listed_is_reported(mini: Path) -> None:
    course = mini / "content_src/course.yml"
    course.write_text(course.read_text("utf-8").replace("[alpha, beta]", "[alpha]"), "utf-8")
    finding = one(findings_for(mini), "unlisted-module")
    assert (finding.path, finding.line, finding.column) == ("content_src/modules/beta.yml", 1, 1)


def add_module_groups(project: Path, groups: str) -> None:
    course = project / "content_src/course.yml"
    course.write_text(course.read_text("utf-8") + "module_groups:\n" + groups, "utf-8")


def test_module_group_naming_an_unlisted_module_is_reported(mini: Path) -> None:
    add_module_groups(mini, "  - title: 基礎\n    modules: [alpha, gamma]\n")
    finding = one(findings_for(mini), "unknown-module")
    assert (finding.path, finding.line) == ("content_src/course.yml", 16)
    assert "gamma" in finding.message


def test_module_in_two_groups_is_reported(mini: Path) -> None:
    add_module_groups(mini, "  - title: 基礎\n    modules: [alpha]\n  - title: 応用\n    modules: [beta, alpha]\n")
    finding = one(findings_for(mini), "module-in-two-groups")
    assert (finding.path, finding.line) == ("content_src/course.yml", 18)


def test_glossary_term_listing_an_unknown_reference_is_reported(mini: Path) -> None:
    """Found by tests/test_fuzz.py: the checker passed it, and the glossary page failed to build."""
    (mini / "content_src/glossary.yml").write_bytes((FIXTURES / "glossary-unknown-reference.yml").read_bytes())
    finding = one(findings_for(mini), "unknown-citation")
    assert (finding.path, finding.line, finding.column) == ("content_src/glossary.yml", 6, 24)
    assert finding.message == "terms[id=term-one].references[1]: 文献 'NOPE' が references.yml にありません。"


def test_schema_error_in_references_raises_no_false_errors_elsewhere(mini: Path) -> None:
    """The glossary cites REF1; a bad url in references.yml must not make every citation unknown."""
    (mini / "content_src/references.yml").write_bytes((FIXTURES / "references-bad-url.yml").read_bytes())
    errors = [(f.path, f.line, f.check) for f in findings_for(mini) if f.is_error]
    assert errors == [("content_src/references.yml", 7, "bad-url")]


@pytest.mark.parametrize(
    ("fixture", "check", "message", "hint"),
    [
        (
            "bad-colour.yml",
            "bad-colour",
            "branding.primary_color: 色 'red' は #1a237e のような 6 桁の 16 進数で書いてください。",
            "# の後に 0〜9 と a〜f を 6 文字",
        ),
        (
            "bad-logo.yml",
            "bad-logo",
            "branding.logo: ロゴ画像 'branding/logo.gif' は svg・png・jpg・jpeg のどれかにしてください。",
            "content_src/ からの相対パス",
        ),
    ],
)
def test_branding_pattern_errors_are_explained_in_japanese(
    mini: Path, fixture: str, check: str, message: str, hint: str
) -> None:
    course = mini / "content_src/course.yml"
    course.write_text(course.read_text("utf-8") + (HOSTILE / fixture).read_text("utf-8"), "utf-8")
    finding = one(findings_for(mini), check)
    assert (finding.path, finding.line, finding.message) == ("content_src/course.yml", 15, message)
    assert hint in finding.hint


def test_every_schema_pattern_has_a_japanese_message() -> None:
    schemas = "".join(p.read_text("utf-8") for p in schema.SCHEMA_DIR.glob("*.json"))
    for pattern in {json.loads(f'"{p}"') for p in re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', schemas)}:
        doc = Document(Path("x.yml"), "x.yml", {"v": "x\n"}, positions={("v",): (1, 1)})
        finding = schema.pattern_finding(doc, ("v",), pattern, "x\n")
        assert finding and "match" not in finding.message and finding.hint, pattern


def test_all_problems_are_reported_in_one_run(mini: Path) -> None:
    replace_module(mini, "unknown-field.yml")
    replace_module(mini, "syntax-error.yml", "beta.yml")
    (mini / "content_src/glossary.yml").write_text("terms: []\n", "utf-8")
    checks = {(f.path, f.check) for f in findings_for(mini)}
    assert {
        ("content_src/modules/alpha.yml", "unknown-field"),
        ("content_src/modules/beta.yml", "yaml-indent"),
        ("content_src/glossary.yml", "too-few"),
    } <= checks


# --- hostile and odd files -------------------------------------------------------------------


def hostile(mini: Path, content: bytes) -> Finding:
    (mini / "content_src/modules/alpha.yml").write_bytes(content)
    start = time.monotonic()
    found = [f for f in findings_for(mini) if f.path == "content_src/modules/alpha.yml"]
    assert time.monotonic() - start < 5
    assert len(found) == 1, format_text(found)
    return found[0]


def test_empty_file(mini: Path) -> None:
    assert hostile(mini, b"").check == "empty-file"
    assert hostile(mini, b"# only a comment\n").check == "empty-file"


def test_non_utf8_file(mini: Path) -> None:
    finding = hostile(mini, "id: alpha\ntitle: アルファ\n".encode("shift_jis"))
    assert (finding.check, finding.line, finding.column) == ("not-utf8", 2, 8)


def test_non_utf8_column_counts_characters_not_bytes(mini: Path) -> None:
    finding = hostile(mini, (HOSTILE / "not-utf8-after-kana.yml").read_bytes())
    assert (finding.check, finding.line, finding.column) == ("not-utf8", 2, 12)


def test_raw_control_characters_are_reported_where_they_are(mini: Path) -> None:
    (mini / "content_src/modules/alpha.yml").write_bytes((HOSTILE / "raw-control.yml").read_bytes())
    found = [f for f in findings_for(mini) if f.path.endswith("alpha.yml")]
    assert [(f.line, f.column, f.check) for f in found] == [(2, 9, "control-character"), (3, 12, "control-character")]
    assert found[0].message == "制御文字（U+0007）があります。画面には出ませんが、YAML として読めません。"
    assert all("\n" not in f.message + f.hint for f in found)


def test_line_separator_is_reported_at_the_line_an_editor_shows(mini: Path) -> None:
    """YAML counts U+2028 as a line break, editors do not: every later line number would be one off."""
    (mini / "content_src/modules/alpha.yml").write_bytes((HOSTILE / "raw-line-separator.yml").read_bytes())
    found = [(f.line, f.column, f.check) for f in findings_for(mini) if f.path.endswith("alpha.yml")]
    assert found == [(2, 4, "invisible-character"), (3, 12, "invisible-character")]


def test_alias_bomb(mini: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    finding = hostile(mini, bomb.encode())
    assert (finding.check, finding.line) == ("yaml-alias", 2)


def test_deeply_nested_document(mini: Path) -> None:
    finding = hostile(mini, b"[" * 100_000 + b"]" * 100_000)
    assert finding.check == "too-deep"


def test_syntax_error_at_the_end_of_the_file_is_on_its_last_line(mini: Path) -> None:
    """libyaml counts one more line at the end of a file with no final line break (found by test_fuzz.py)."""
    finding = hostile(mini, (HOSTILE / "unclosed-at-end.yml").read_bytes())
    assert (finding.check, finding.line, finding.column) == ("yaml-needs-quotes", 2, 8)


def test_several_documents_in_one_file(mini: Path) -> None:
    finding = hostile(mini, b"id: alpha\n---\nid: beta\n")
    assert (finding.check, finding.line) == ("yaml-syntax", 2)


def test_value_that_its_tag_cannot_read(mini: Path) -> None:
    finding = hostile(mini, b"id: alpha\nestimated_minutes: !!int ten\n")
    assert (finding.check, finding.line, finding.column) == ("yaml-syntax", 2, 20)
    assert "int" in finding.message


def test_mapping_used_as_a_key(mini: Path) -> None:
    finding = hostile(mini, b"? {a: 1}\n: value\nid: alpha\n")
    assert (finding.check, finding.line) == ("bad-key", 1)


def test_huge_file(mini: Path) -> None:
    finding = hostile(mini, b"title: " + b"x" * 5_000_000 + b"\n")
    assert finding.check == "file-too-large"


def test_private_use_character(mini: Path) -> None:
    finding = hostile(mini, "id: alpha\ntitle: 社名\ue002\n".encode())
    assert (finding.check, finding.line, finding.column) == ("private-use-character", 2, 10)


def test_binary_file(mini: Path) -> None:
    assert hostile(mini, b"\x00\x01\x02id: alpha").check == "not-text"
    finding = hostile(mini, "id: alpha\ntitle: ア\x00\n".encode())
    assert (finding.check, finding.line, finding.column) == ("not-text", 2, 9)


# --- values PyYAML reads as something other than text ---------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "check", "line", "column", "text", "hint"),
    [
        # The renderer's placeholders written as YAML escapes: the build used to fail with KeyError: 0.
        ("placeholder-escape.yml", "private-use-character", 2, 13, "title: 私用領域の文字（U+E002", "ふつうの文字"),
        (
            "bool-tag.yml",
            "yaml-syntax",
            2,
            20,
            "estimated_minutes: 'x' は真偽値（!!bool）として読めません",
            "true か false",
        ),
        (
            "date-in-list.yml",
            "wrong-type",
            3,
            5,
            "objectives[0]: 2025-04-01 は日付として読まれています",
            '文字として書くなら "2025-04-01" のように引用符で囲んでください',
        ),
        ("timestamp-tag.yml", "wrong-type", 2, 8, "title: 2001-12-14 は日付として読まれています", "!!timestamp"),
        ("binary-tag.yml", "wrong-type", 2, 8, "title: バイナリ（!!binary）の値は使えません", "!!binary"),
        ("set-tag.yml", "wrong-type", 2, 8, "title: !!set の値は使えません", "タグ"),
        ("unknown-tag.yml", "yaml-syntax", 2, 8, "title: タグ '!cmd' は使えません", "タグ"),
    ],
)
def test_value_yaml_reads_as_another_type_is_a_finding(
    mini: Path, fixture: str, check: str, line: int, column: int, text: str, hint: str
) -> None:
    finding = hostile(mini, (HOSTILE / fixture).read_bytes())
    assert (finding.check, finding.line, finding.column) == (check, line, column)
    assert text in finding.message and hint in finding.hint


def test_date_in_references_is_a_finding_with_a_hint(mini: Path) -> None:
    (mini / "content_src/references.yml").write_bytes((HOSTILE / "references-date.yml").read_bytes())
    finding = one(findings_for(mini), "wrong-type")
    assert (finding.path, finding.line, finding.column) == ("content_src/references.yml", 4, 11)
    assert (
        finding.message == "references[id=REF1].year: 1980-01-01 は日付として読まれています。この項目には数を書きます。"
    )
    assert finding.hint.startswith("数だけを書いてください（例: year: 1980）。")  # quoted, it would be the year shown


# --- hidden and hostile characters in text ----------------------------------------------------------

#: (line, column, check) of each value in fixtures/hostile/hidden-characters.yml: at the character itself,
#: whether it is written as an escape ("\u202e") or as itself.
HIDDEN = [
    (2, 5, "empty-text"),  # "\u200b\ufeff\N": nothing visible
    (3, 12, "invisible-character"),  # right-to-left override
    (4, 13, "control-character"),  # \0
    (6, 8, "control-character"),  # \a (BEL)
    (7, 8, "control-character"),  # \e and \x1b: one finding, at the first
    (8, 8, "noncharacter"),  # U+FDD0
    (9, 8, "noncharacter"),  # U+1FFFE
    (10, 8, "noncharacter"),  # U+FFFF
    (11, 7, "invisible-character"),  # \L (line separator)
    (12, 8, "invisible-character"),  # raw bidi isolates in plain text
    (16, 8, "invisible-character"),  # raw zero width space on the third line of a block
    (17, 5, "empty-text"),  # ideographic space and soft hyphen
]


def test_hidden_characters_in_text_are_refused_where_they_are_written(mini: Path) -> None:
    replace_module(mini, HOSTILE / "hidden-characters.yml")
    found = sorted((f.line, f.column, f.check) for f in findings_for(mini) if f.path.endswith("alpha.yml"))
    assert found == HIDDEN


def test_hidden_character_is_named_in_the_message(mini: Path) -> None:
    replace_module(mini, HOSTILE / "hidden-characters.yml")
    found = {(f.line, f.check): f for f in findings_for(mini)}
    assert found[(3, "invisible-character")].message == (
        "title: 見えない文字（U+202E RIGHT-TO-LEFT OVERRIDE）があります。"
    )
    assert "（ほかに 1 か所）" in found[(7, "control-character")].message
    assert found[(2, "empty-text")].message == "id: 文が空です（見えない文字しか書かれていません）。"
    assert all(f.hint for f in found.values())


def test_id_with_a_trailing_newline_is_refused(mini: Path) -> None:
    """jsonschema (Python) reads `$` as "end, or before a final newline"; jsonschema-rs does not."""
    replace_module(mini, HOSTILE / "id-with-newline.yml")
    finding = one(findings_for(mini), "bad-id")
    assert (finding.line, finding.column) == (16, 5)
    assert finding.message == "practices[0].id: id 'first\\n' に使えない文字があります。"  # one line of output


def test_colour_with_a_trailing_newline_is_refused(mini: Path) -> None:
    course = mini / "content_src/course.yml"
    course.write_text(course.read_text("utf-8") + (HOSTILE / "colour-with-newline.yml").read_text("utf-8"), "utf-8")
    errors = [f for f in findings_for(mini) if f.is_error]
    assert [(f.path, f.line) for f in errors] == [("content_src/course.yml", 15)], format_text(errors)


def test_fast_validator_decides_when_the_validators_disagree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pattern written the old way (`^…$`) lets "abc\n" through in jsonschema but not in jsonschema-rs:
    the file must fail, with a Japanese finding, not pass because the explaining validator saw nothing."""
    (tmp_path / "disagree.schema.json").write_text(
        json.dumps({"type": "object", "properties": {"id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}}}),
        "utf-8",
    )
    monkeypatch.setattr(schema, "SCHEMA_DIR", tmp_path)
    doc = Document(tmp_path / "x.yml", "x.yml", {"id": "abc\n"}, positions={("id",): (3, 1)})
    [finding] = schema.validate(doc, "disagree")
    assert (finding.line, finding.check) == (3, "bad-id")


def test_a_schema_rule_without_its_own_words_is_still_explained_in_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "multiple.schema.json").write_text(
        json.dumps(
            {
                "type": "object",
                "properties": {"minutes": {"type": "integer", "multipleOf": 5, "description": "5 分単位の時間です。"}},
            }
        ),
        "utf-8",
    )
    monkeypatch.setattr(schema, "SCHEMA_DIR", tmp_path)
    doc = Document(tmp_path / "x.yml", "x.yml", {"minutes": 7}, positions={("minutes",): (2, 1)})
    [finding] = schema.validate(doc, "multiple")
    assert (finding.check, finding.message, finding.hint) == (
        "schema-multipleOf",
        "minutes: 数値 7 はスキーマの決まり（multipleOf）に合いません。",
        "5 分単位の時間です。",
    )


TRICKY_STRINGS = [
    "purpose",
    "purpose\n",
    "\npurpose",
    "a b",
    "\u3000",
    "\ufeff",
    "\x85",
    "\x1c",
    "\u200b",
    "#1a237e",
    "#1a237e\n",
    "https://example.org/",
    "https://example.org/\n",
    "http://x y",
    "logo.svg",
    "logo.svg\n",
    "GK80",
    "GK80\n",
    "",
    "\n",
    " ",
    "a\u2028",
    "\u2028",
    "x\u00a0",
]


def test_every_schema_pattern_means_the_same_to_both_validators() -> None:
    patterns = set(
        re.findall(
            r'"pattern": "((?:[^"\\]|\\.)*)"', "".join(p.read_text("utf-8") for p in schema.SCHEMA_DIR.glob("*.json"))
        )
    )
    assert len(patterns) >= 6
    for pattern in (json.loads(f'"{p}"') for p in patterns):
        fast = jsonschema_rs.Draft202012Validator({"pattern": pattern})
        slow = jsonschema.Draft202012Validator({"pattern": pattern})
        assert [s for s in TRICKY_STRINGS if fast.is_valid(s) != slow.is_valid(s)] == [], pattern


# --- the command --------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "macros", "check", *args], check=False, capture_output=True, text=True, timeout=60
    )


def test_cli_exits_0_when_clean(mini: Path) -> None:
    result = run_cli("--root", str(mini))
    assert result.returncode == 0
    assert "0 件のエラー" in result.stdout


def test_cli_exits_1_and_prints_locations_without_traceback(mini: Path) -> None:
    replace_module(mini, "duplicate-key.yml")
    result = run_cli("--root", str(mini))
    assert result.returncode == 1
    assert "content_src/modules/alpha.yml:3:1: error[duplicate-key]:" in result.stderr
    assert "ヒント:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_github_format_is_a_workflow_command() -> None:
    finding = Finding("content_src/modules/a.yml", 3, 1, "duplicate-key", "キー 'x' が 2 回あります", "削除して")
    assert format_github([finding]) == (
        "::error file=content_src/modules/a.yml,line=3,col=1,title=duplicate-key::"
        "[duplicate-key] キー 'x' が 2 回あります%0A ヒント: 削除して"
    )


def test_a_course_time_shorter_than_its_modules_is_reported(mini: Path) -> None:
    course = mini / "content_src" / "course.yml"
    course.write_text(re.sub(r"estimated_minutes: \d+", "estimated_minutes: 1", course.read_text("utf-8")), "utf-8")
    found = [f for f in check_project(mini).findings if f.check == "course-time-too-short"]
    assert len(found) == 1 and found[0].path == "content_src/course.yml" and "1 分" in found[0].message


# --- glossary aliases (search finds a term by them: macros/search_rewrite.py) -----------------------


def test_alias_that_is_another_terms_name_or_shared_is_an_error_at_its_line(mini: Path) -> None:
    (mini / "content_src" / "glossary.yml").write_bytes((FIXTURES / "glossary-aliases.yml").read_bytes())
    findings = findings_for(mini)
    is_term = one(findings, "alias-is-term")
    assert (is_term.path, is_term.line, is_term.column) == ("content_src/glossary.yml", 6, 15)
    assert "'term-two' の見出し語" in is_term.message and is_term.hint
    shared = sorted((f.line, f.column, f.message) for f in findings if f.check == "alias-shared")
    # compared as search compares them: ・, half-width and kana, full-width digits, case and spaces fold away
    assert [(line, column) for line, column, _ in shared] == [(11, 15), (11, 23), (11, 29)]
    assert all("'term-one'" in message for _, _, message in shared)
    assert all(f.is_error for f in findings if f.check.startswith("alias-"))


def test_aliases_of_the_real_glossary_reach_the_model() -> None:
    course = check_project(Path(__file__).resolve().parent.parent).course
    assert "報告・連絡・相談" in course.glossary["horenso"].aliases

"""The style lint (`python -m macros style`): textlint + prh on every text value, reported on YAML lines."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from macros.__main__ import main
from macros.findings import Finding, format_text
from macros.style import StyleUnavailable, apply_fixes, lint, textlint_command
from macros.textspans import text_values

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).parent / "fixtures" / "style"
SAMPLE_FILE = "content_src/modules/style-sample.yml"


@pytest.fixture(scope="module", autouse=True)
def textlint_installed() -> None:
    try:
        textlint_command()
    except StyleUnavailable as missing:
        if os.environ.get("COURSE_STYLE_REQUIRED"):  # CI (.ci/run) must not pass by skipping the house style
            pytest.fail(str(missing))
        pytest.skip(str(missing))


@pytest.fixture(scope="module")
def sample_findings() -> list[Finding]:
    """The findings of the style sample: one textlint run (Node.js) for the tests that only read them."""
    return lint(SAMPLE)[0]


def test_every_known_violation_is_reported_on_its_yaml_line_and_column(sample_findings: list[Finding]) -> None:
    assert [(f.path, f.line, f.column, f.check) for f in sample_findings] == [
        (SAMPLE_FILE, 7, 15, "style:prh"),  # 「は 3」
        (SAMPLE_FILE, 7, 17, "style:prh"),  # 「3 つ」
        (SAMPLE_FILE, 7, 24, "style:prh"),  # 分かります
        (SAMPLE_FILE, 8, 7, "style:prh"),  # Gabarro と Kotter
        (SAMPLE_FILE, 10, 14, "style:ja-technical-writing/no-dropping-the-ra"),  # 見れる
        (SAMPLE_FILE, 16, 22, "style:house-option-ending"),  # 上司に相談する。
        (SAMPLE_FILE, 18, 22, "style:house-explanation-opener"),  # そのとおりです。
        (SAMPLE_FILE, 20, 22, "style:prh"),  # 締切
        (SAMPLE_FILE, 20, 41, "style:house-sentence-ending"),  # 解説の文末に「。」がない
        (SAMPLE_FILE, 24, 26, "style:house-desumasu"),  # である。
    ]


def test_findings_are_in_japanese_with_the_dictionary_note_as_hint(sample_findings: list[Finding]) -> None:
    gabarro = next(f for f in sample_findings if f.line == 8)
    assert gabarro.message == "「Gabarro␣と␣Kotter␣」は「ガバロとコッター」と書きます。"
    assert gabarro.hint.startswith("研究者名はカタカナで書き")
    assert "--fix で直せます" in gabarro.hint
    # the command the hint gives runs this interpreter (.venv's), not a bare `python` without the engine
    command = gabarro.hint.split("（")[-1].split(" -m macros style --fix")[0].strip('"')
    assert Path(command).resolve() == Path(sys.executable).resolve()
    dearu = next(f for f in sample_findings if f.check == "style:house-desumasu")
    assert dearu.message == "「です・ます」調の文章に「である」調（「である。」）が混じっています。"


@pytest.mark.slow  # textlint runs again (Node.js, 2-5 s a run)
def test_fix_rewrites_only_the_text_values_and_keeps_comments(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SAMPLE, project)
    target = project / SAMPLE_FILE
    before = target.read_text("utf-8")
    _, fixes = lint(project)
    changed, skipped = apply_fixes(fixes)
    assert (changed, skipped) == ([target], 0)
    after = target.read_text("utf-8")
    assert after.splitlines()[0] == before.splitlines()[0]  # the comment
    values = {v.key_path: v.value for v in text_values(after)}
    assert values[("sections", 0, "body")].splitlines()[:2] == [
        "ボスマネジメントは3つの段階でわかります。",
        "ガバロとコッターは、部下の側から働きかけることを勧めました。",
    ]
    assert values[("quiz", 0, "options", 0, "text")] == "上司に相談する"
    assert values[("quiz", 0, "options", 0, "explanation")] == "早めの相談は、上司が判断する時間を増やします。"
    assert values[("quiz", 0, "options", 1, "explanation")] == "締め切りの前に相談すると、上司が調整できます。"
    remaining, _ = lint(project)
    assert [f.check for f in remaining] == ["style:ja-technical-writing/no-dropping-the-ra", "style:house-desumasu"]


@pytest.mark.slow  # textlint runs again (Node.js, 2-5 s a run)
def test_a_fix_across_a_line_break_of_a_block_is_left_to_the_author(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "content_src" / "modules").mkdir(parents=True)
    target = project / "content_src" / "modules" / "wrapped.yml"
    target.write_text("id: wrapped\nsummary: >\n  Gabarro と\n  Kotter は、関係を説明しました。\n", "utf-8")
    _, fixes = lint(project)
    changed, skipped = apply_fixes(fixes)
    assert changed == [] and skipped == 1
    assert "Gabarro と" in target.read_text("utf-8")


def test_the_command_exits_2_in_japanese_when_node_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["style", "--root", str(SAMPLE)]) == 2
    assert capsys.readouterr().err.startswith("エラー: Node.js（node コマンド）が見つかりません。")


@pytest.mark.slow  # textlint runs again (Node.js, 2-5 s a run)
def test_the_command_annotates_a_pull_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["style", "--root", str(SAMPLE), "--format", "github"]) == 1
    *lines, total = capsys.readouterr().out.splitlines()
    assert len(lines) == 10 and total == "10 件のエラー、0 件の警告"
    assert lines[0].startswith(f"::error file={SAMPLE_FILE},line=7,col=15,title=style%3Aprh::")


@pytest.mark.build  # textlint over the whole course: as slow as a build (15-40 s), CI's style step
def test_the_course_content_follows_the_house_style() -> None:
    findings, _ = lint(ROOT)
    assert findings == [], format_text(findings)

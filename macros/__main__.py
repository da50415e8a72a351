"""Command line for authors.

`python -m macros check` checks content_src/ and exits 1 on any error (warnings are printed, exit 0).
`python -m macros checks [--markdown]` lists every check id (the table of CONTRIBUTING.md).
`python -m macros style [--fix]` checks the house style of every text value with textlint (exit 1 on findings,
2 when textlint is not installed); `--fix` applies its automatic fixes inside the YAML text values.
`python -m macros originality [--scores]` runs the originality check (tests/originality.py) in one command.
`python -m macros build --edition web|shared-drive|scorm|scorm2004` builds and packages one edition into dist/;
`python -m macros build --all` builds every edition and the answer-key pack, with dist/SHA256SUMS.
`python -m macros new-module <id> --title <タイトル>` and `python -m macros new-question <module-id> --type <種類>`
write a skeleton that passes the check; they exit 2 and write nothing when they refuse.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from . import checks
from .check import check_project
from .command import this_python
from .editions import EDITIONS, build_all, build_edition
from .findings import CourseError, Finding, format_github, format_text, summary_markdown, totals
from .questiontypes import QUESTION_TYPES
from .scaffold import Created, ScaffoldError, new_module, new_question
from .staging import write_error
from .style import StyleUnavailable, apply_fixes, lint

#: argparse's own exit status for a wrong command line; a refused scaffold uses the same.
REFUSED = 2
#: `style --fix` re-lints and fixes again until nothing changes, at most this many times.
FIX_PASSES = 4


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="コースのコンテンツを検査・作成します。")
    commands = parser.add_subparsers(dest="command", required=True)
    root = argparse.ArgumentParser(add_help=False)
    root.add_argument("--root", type=Path, default=Path.cwd(), help="プロジェクトのフォルダ（既定: 現在のフォルダ）")

    check = commands.add_parser("check", parents=[root], help="content_src/ のすべてのファイルを検査する")
    check.add_argument(
        "--format", choices=["text", "github"], default="text", help="text=端末向け, github=GitHub Actions の注釈"
    )
    listing = commands.add_parser("checks", help="検査 id の一覧（重大度・意味）を表示する")
    listing.add_argument("--markdown", action="store_true", help="CONTRIBUTING.md の表の形で出力する")
    style = commands.add_parser("style", parents=[root], help="表記のルール（CONTRIBUTING.md）を textlint で検査する")
    style.add_argument(
        "--format", choices=["text", "github"], default="text", help="text=端末向け, github=GitHub Actions の注釈"
    )
    style.add_argument("--fix", action="store_true", help="自動で直せるもの（表記ゆれ・句点など）を YAML に書き戻す")
    module = commands.add_parser("new-module", parents=[root], help="モジュールのひな形を作り、course.yml に追加する")
    module.add_argument("id", help="モジュール id（半角英小文字・数字・ハイフン。ファイル名になります）")
    module.add_argument("--title", required=True, help="モジュール名（ページの見出し）")
    question = commands.add_parser(
        "new-question", parents=[root], help="モジュールの確認テストに問題のひな形を追加する"
    )
    question.add_argument("module", help="問題を追加するモジュールの id")
    question.add_argument(
        "--type",
        choices=list(QUESTION_TYPES),
        required=True,
        help=", ".join(f"{t.id}={t.name}" for t in QUESTION_TYPES.values()),
    )
    copy = commands.add_parser(
        "originality",
        parents=[root],
        help="独自性の検査: 元記事に近すぎる文を探す（tests/originality.py。--scores で最高スコアも表示）",
    )
    copy.add_argument("--scores", action="store_true", help="ファイルごとの文の数と最高スコアも表示する")
    copy.add_argument("files", nargs="*", help="調べる YAML / Markdown（既定: content_src/ と docs/ のすべて）")
    build = commands.add_parser("build", parents=[root], help="配布用の版（edition）を作る")
    which = build.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--edition",
        choices=tuple(EDITIONS),
        help="web=Web サーバー, shared-drive=共有フォルダ（file://）, scorm=LMS（SCORM 1.2）, "
        "scorm2004=LMS（SCORM 2004 第3版）",
    )
    which.add_argument(
        "--all", action="store_true", help="すべての版と解答付き資料の zip を作り、dist/SHA256SUMS にチェックサムを書く"
    )
    build.add_argument("--dist", type=Path, default=Path("dist"), help="出力先（既定: dist/）")
    args = parser.parse_args(argv)

    if args.command == "check":
        return run_check(args.root, args.format)
    if args.command == "checks":
        print(
            checks.markdown()
            if args.markdown
            else "\n".join(f"{c.id}\t{c.severity.value}\t{c.doc}" for c in checks.CHECKS.values()),
            end="\n" if not args.markdown else "",
        )
        return 0
    if args.command == "style":
        return run_style(args.root, args.format, args.fix)
    if args.command == "build":
        return _build(args.root, args.edition, args.dist)  # None: --all
    if args.command == "originality":
        return run_originality(args.root, ["--scores"] * args.scores + args.files)
    try:
        if args.command == "new-module":
            created = new_module(args.root, args.id, args.title)
            print(f"{_shown(created, args.root)} を作り、course.yml の modules に '{created.new_id}' を追加しました。")
        else:
            created = new_question(args.root, args.module, args.type)
            print(f"{_shown(created, args.root)} の quiz に問題 '{created.new_id}' を追加しました。")
    except ScaffoldError as refused:
        print(f"エラー: {refused}", file=sys.stderr)
        return REFUSED
    except OSError as error:  # the scaffold undoes what it wrote before the failure
        print(f"エラー: {write_error(error, args.root)}何も追加していません。", file=sys.stderr)
        return 1
    print(
        f"【要記入】の付いた文を書き換えてください。残っている作業は {this_python()} -m macros check で確認できます。"
    )
    return 0


def run_originality(root: Path, options: list[str]) -> int:
    """tests/originality.py of the project at `root`, with its own options (one command for authors)."""
    script = root / "tests" / "originality.py"
    if not script.is_file():
        print(f"エラー: {script} がありません。プロジェクトのフォルダで実行してください。", file=sys.stderr)
        return REFUSED
    spec = importlib.util.spec_from_file_location("originality", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return int(module.main(options))


def run_check(root: Path, output: str) -> int:
    result = check_project(root)
    if output == "github":
        report_github(result.findings, "python -m macros check")
    else:
        print(format_text(result.findings), file=sys.stderr if result.errors else sys.stdout)
    return 1 if result.errors else 0


def run_style(root: Path, output: str, fix: bool) -> int:
    try:
        findings, fixes = lint(root)
        fixed, files = 0, set[str]()
        for _ in range(FIX_PASSES if fix else 0):  # a fix can make the next one possible (「は 3 つ」)
            changed, skipped = apply_fixes(fixes)
            if not changed:
                break
            fixed += len(fixes) - skipped
            files.update(_relative(path, root) for path in changed)
            findings, fixes = lint(root)
        if fix:
            print(
                f"{fixed} 件を直しました（書き換えたファイル: {'、'.join(sorted(files)) or 'なし'}）。"
                "差分を確かめてからコミットしてください。",
                file=sys.stderr,
            )
    except StyleUnavailable as missing:
        print(f"エラー: {missing}", file=sys.stderr)
        return REFUSED
    if output == "github":
        report_github(findings, "python -m macros style")
    else:
        print(format_text(findings), file=sys.stderr if findings else sys.stdout)
    return 1 if findings else 0


def report_github(findings: list[Finding], title: str) -> None:
    """Annotations within GitHub's limits, the totals, and every finding in the job summary (when the
    runner gives one: `GITHUB_STEP_SUMMARY`)."""
    if findings:
        print(format_github(findings))
    print(totals(findings))
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(summary, "a", encoding="utf-8") as file:
            file.write(summary_markdown(findings, title))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _shown(created: Created, root: Path) -> str:
    try:
        return created.path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(created.path)


def _build(root: Path, edition: str | None, dist: Path) -> int:
    try:
        if edition is None:
            sums = build_all(root, dist)
            print(sums.read_text("utf-8") + f"すべての版: {dist}/ （チェックサム: {sums}）", end="\n")
            return 0
        archive = build_edition(root, edition, dist)
    except CourseError as error:
        print(format_text(error.findings), file=sys.stderr)
        return 1
    except subprocess.CalledProcessError:
        return 1  # mkdocs has printed why
    except OSError as error:  # packaging: the site is built, but the zip or a SCORM file cannot be written
        print(
            f"エラー: {write_error(error, dist)}{edition or 'すべて'} の版を作れませんでした。前に作った zip があれば、そのまま残っています。",
            file=sys.stderr,
        )
        return 1
    print(f"{edition}: {dist / edition}/ と {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line: `python -m macros check` checks content_src/ and exits 1 on any error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .check import check_project
from .findings import format_github, format_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="コースのコンテンツを検査します。")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="content_src/ のすべてのファイルを検査する")
    check.add_argument("--root", type=Path, default=Path.cwd(), help="プロジェクトのフォルダ（既定: 現在のフォルダ）")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="text=端末向け, github=GitHub Actions の注釈")
    args = parser.parse_args(argv)

    result = check_project(args.root)
    if args.format == "github":
        if result.findings:
            print(format_github(result.findings))
    else:
        print(format_text(result.findings), file=sys.stderr if result.errors else sys.stdout)
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())

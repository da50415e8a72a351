"""Every check the content checker can report, in one table: id, severity, words, documentation.

Checks say *which* problem they found and with what values (`doc.finding(at, "unknown-citation", key=key)`);
the sentence an author reads is written here, once, in Japanese, with named placeholders — so wording is
reviewed in one place (and in the snapshot of tests/fixtures/snapshots/), a team can make a rule stricter
or looser by changing one letter, and CONTRIBUTING.md's table of checks is generated from this table
(`python -m macros checks --markdown`; tests/test_authoring_docs.py keeps the two equal).

A check may have several messages (`answer-count/none`, `wrong-type/date`): one id for the author and
the documentation, one sentence per situation. Every message may use `{where}`, the place in the file
(`quiz[id=ps-q03].options[1]`); parser and validator text goes in a finding's `detail`, never in here.
Thresholds stay in rules.py.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from .findings import Finding, Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Check:
    """One check id as CONTRIBUTING.md lists it."""

    id: str
    severity: Severity
    group: str
    doc: str


@dataclass(frozen=True)
class Message:
    """What one situation of a check says: a message and a hint, both templates."""

    check: str
    text: str
    hint: str

    def fields(self) -> set[str]:
        """The placeholders the templates use (tests make sure every call site can fill them)."""
        return {
            name
            for template in (self.text, self.hint, self.check)
            for _, name, _, _ in string.Formatter().parse(template)
            if name
        }


#: The sections of CONTRIBUTING.md's table of checks, in order: heading and an optional sentence under it.
GROUPS: dict[str, tuple[str, str]] = {
    "load": ("ファイルを読めない（macros/load.py、すべてエラー）", ""),
    "schema": ("項目の書き方（macros/schema.py、すべてエラー）", ""),
    "cross": ("ファイルどうしの整合（macros/check.py・macros/branding.py・macros/published.py、すべてエラー）", ""),
    "search": (
        "検索の同義語（content_src/search.yml、macros/check.py）",
        "`synonym-alias-in-text` と `synonym-pointless` は警告、そのほかはエラーです。書き方は「検索の同義語を追加する」にあります。",
    ),
    "pagetext": (
        "ページに出るときに変わる文（macros/pagetext.py）",
        "`merged-list-item` はエラー、そのほかは警告です。例は「よくある間違い」と「リンクに使えるもの」にあります。",
    ),
    "pedagogy": ("教材としての完成度（macros/check.py、すべて警告）", ""),
    "assessment": (
        "内容を読まずに解けるテスト（macros/assessment.py）",
        (
            "`assessment-blind-pass` はエラー、そのほかの `assessment-*` は警告です。"
            "意味と例は「内容を読まずに解けないようにする」にあります。"
        ),
    ),
}

CHECKS: dict[str, Check] = {}
MESSAGES: dict[str, Message] = {}


def _check(
    id_: str, severity: Severity, group: str, doc: str, text: str = "", hint: str = "", /, **variants: tuple[str, str]
) -> None:
    CHECKS[id_] = Check(id_, severity, group, doc)
    if text:
        MESSAGES[id_] = Message(id_, text, hint)
    for name, (variant_text, variant_hint) in variants.items():
        MESSAGES[f"{id_}/{name.replace('_', '-')}"] = Message(id_, variant_text, variant_hint)


_ATTRIBUTE_HINT = "この属性を削除してください。強調は **太字**、表の揃えは Markdown の表の「:---:」で書けます。"
QUOTE_HINT = '文として書くなら、値全体を "…" で囲んでください（例: {lead}"{example}"）。'

# --- load.py: the file cannot be read as YAML ----------------------------------------------------
_check(
    "missing-file",
    E,
    "load",
    "必要なファイル（course.yml など）がありません。",
    "{name} がありません。",
    "{folder}/ に {name} を作ってください。",
)
_check(
    "file-too-large",
    E,
    "load",
    "ファイルが大きすぎます。モジュールを分けてください。",
    "ファイルが大きすぎます（{size:,} バイト、上限 {limit:,} バイト）。",
    "1 つのモジュールを複数のファイルに分けてください。",
)
_check(
    "not-utf8",
    E,
    "load",
    "文字コードが UTF-8 ではありません。エディターで UTF-8 にして保存し直します。",
    "UTF-8 として読めない文字があります（{byte} バイト目）。",
    "エディタで文字コードを UTF-8 にして保存し直してください（Shift_JIS などは使えません）。",
)
_check(
    "not-text",
    E,
    "load",
    "テキストファイルではありません（NUL 文字を含みます）。",
    "NUL 文字が含まれています。テキストファイルではないようです。",
    "YAML のテキストファイルを保存し直してください。",
)
_check(
    "private-use-character",
    E,
    "load",
    '外字など、私用領域の文字があります（`"\\ue002"` のようなエスケープで書いたものも含みます）。'
    "ほかのパソコンでは表示できないので、ふつうの文字に置き換えます。",
    "{where}: 私用領域の文字（{code}、外字など）があります{more}。ほかのパソコンでは表示できません。",
    "ふつうの文字に置き換えてください（外字の人名や記号は、一般的な字体や言葉で書きます）。",
)
_check(
    "control-character",
    E,
    "load",
    '制御文字（NUL、BEL など）があります。エスケープ（`"\\a"`、`"\\x07"`）で書いたものも含みます。画面に出ない文字なので削除します。',
    "{where}: 制御文字（{code}）があります{more}。画面には出ませんが、ページを壊すことがあります。",
    "この文字を削除してください（\\a や \\x07 のようなエスケープで書いたものも同じです）。",
    in_file=(
        "制御文字（{code}）があります。画面には出ませんが、YAML として読めません。",
        "この文字を削除してください（エディタで表示されないときは、その位置の前後を打ち直します）。",
    ),
)
_check(
    "invisible-character",
    E,
    "load",
    "見えない文字があります：幅のない空白（U+200B）、文字の向きを変える制御文字（U+202E など）、BOM（U+FEFF）、"
    '行区切り（U+2028）など。文を読み違えさせるので削除します（誤: `title: "請求書\\u202etxt.exe"`、正: `title: 請求書.txt`）。'
    "見えない文字だけの文は `empty-text` です。",
    "{where}: 見えない文字（{code} {name}）があります{more}。",
    "削除してください。幅のない文字や文字の向きを変える制御文字は、文を読み違えさせたり、検索を妨げたりします。",
    line_break=(
        "見えない文字（{code} {name}）があります。YAML はこれを改行として読みます。",
        "削除してください（改行するなら、ふつうの改行にします）。",
    ),
)
_check(
    "noncharacter",
    E,
    "load",
    "文字ではない符号（U+FDD0〜FDEF、U+FFFE、U+FFFF など）があります。削除します。",
    "{where}: 文字ではない符号（{code}）があります{more}。",
    "削除してください。",
    in_file=("文字ではない符号（{code}）があります。", "削除してください。"),
)
_check(
    "empty-file",
    E,
    "load",
    "ファイルが空です。",
    "ファイルが空です。",
    "テンプレートからファイルを作り直すか、不要なら削除して course.yml からも外してください。",
)
_check(
    "yaml-tab",
    E,
    "load",
    "行頭の空白にタブ文字があります。YAML のインデントは半角スペースだけで書きます。タブのある行はすべて、それぞれの行に表示されます"
    "（エディターで「タブをスペースに変換」すると直ります）。",
    "インデントにタブ文字があります。YAML ではインデントにタブを使えません。",
    "タブを半角スペースに置き換えてください（上の行と同じ数のスペースでそろえます。"
    "VS Code では右下の「Tab のサイズ」から「インデントをスペースに変換」）。",
)
_check(
    "yaml-fullwidth-colon",
    E,
    "load",
    "キーの後のコロンが全角（`：`）か、コロンの後に空白がありません。半角の「: 」（コロンと半角スペース）で書きます"
    "（誤: `title：上司と話す`、正: `title: 上司と話す`）。",
    "'{key}' の後のコロンが全角（：）です。YAML はこの行をキーと値に分けられません。",
    "半角のコロンと半角スペースにしてください（{key}: …）。日本語入力をオフにして入力すると確実です。",
    no_space=(
        "'{key}:' の後に半角スペースがありません。YAML はこの行をキーと値に分けられません。",
        "コロンの後に半角スペースを 1 つ入れてください（{key}: …）。",
    ),
)
_check(
    "yaml-fullwidth-space",
    E,
    "load",
    "行頭の字下げか、キーのコロンの直後に全角スペース（U+3000）があります。YAML の字下げと「: 」の後の空白は半角スペースだけで書きます"
    "（誤: `title:　上司と話す`、正: `title: 上司と話す`）。",
    "全角スペース（　）が字下げに使われています。YAML のインデントは半角スペースだけで書きます。",
    "全角スペースを半角スペースに置き換えてください（上の行と同じ数の半角スペースでそろえます）。日本語入力をオフにして入力すると確実です。",
    after_colon=(
        "'{key}:' の後の空白が全角スペース（　）です。YAML はこの行をキーと値に分けられません。",
        "コロンの後の全角スペースを半角スペース 1 つにしてください（{key}: …）。",
    ),
)
_check(
    "yaml-indent",
    E,
    "load",
    "インデント（行頭の半角スペースの数）がそろっていません。同じ階層の項目は同じ数のスペースで始めます。",
    "インデント（行頭の半角スペースの数）がそろっていません。",
    "同じ階層の項目は、上の行と同じ数の半角スペースで始めてください。リストの「- 」の下に続く項目は、「- 」の後の文字の位置にそろえます。",
    no_colon=(
        "この行は「キー: 値」の形になっていません。",
        (
            "キーの後の「: 」（半角のコロンと空白）を確かめてください。前の行の続きの文なら、前の行の文と同じ位置まで字下げするか、"
            "| を使った複数行の書き方にします。"
        ),
    ),
    list=(
        "ここでリストの項目（「- 」で始まる行）を書くことはできません。",
        "インデントを確かめてください。リストは、それを持つキー（例: objectives:）の次の行から、同じ数のスペースと「- 」で並べます。",
    ),
)
_check(
    "yaml-needs-quotes",
    E,
    "load",
    "値が YAML の記号（`*` `&` `@` `` ` `` `{` `[` `%` `!` `\\|` `>` `#` など）で始まるか、途中に「: 」があります。"
    '文として書くなら、値全体を `"…"` で囲みます（誤: `title: [重要] 報告`、正: `title: "[重要] 報告"`）。',
    "値が「{char}」で始まっているため、YAML の記号として読まれました（{meaning}）。",
    QUOTE_HINT,
    colon=(
        "値の途中に「: 」（コロンと空白）があるため、YAML がキーと値の区切りとして読みました。",
        '値全体を "…" で囲むか、全角の「：」にしてください（例: {lead}"{example}"）。',
    ),
    block=(
        "「{char}」の後に文を続けて書けません。「{char}」は複数行の文の始まりを表す記号です。",
        '複数行にするなら「{char}」だけで改行し、次の行から字下げして書きます。1 行の文なら、値全体を "…" で囲んでください。',
    ),
    quoted=(
        "値が引用符（{char}）で始まっていますが、引用符を閉じた後にも文が続いています。",
        "値全体を別の種類の引用符で囲むか（'\"…\" と言う'）、文の中の引用符を「」に書き換えてください。",
    ),
    unclosed=(
        "引用符（{char}）が閉じていません。",
        "同じ行のうちに閉じるか、文の中の引用符は「」などに書き換えてください。",
    ),
)
_check(
    "yaml-syntax",
    E,
    "load",
    "そのほかの YAML の書き方の誤りです。その行か直前の行のインデントや引用符を確かめます。`詳細:` の行は YAML の読み取りの説明（英語）です。",
    "YAML の書き方に誤りがあります。",
    "この行か直前の行のインデント、引用符の閉じ忘れを確認してください。"
    '「: 」や「#」を含む文は "…" で囲むか、| を使った複数行の書き方にします。',
    tag=("{where}: タグ '{tag}' は使えません。", "! で始まるタグを消して、ふつうの値として書いてください。"),
    tag_value=("{where}: '{value}' は{word}（{tag}）として読めません。", "値を直すか、{tag} のタグを消してください。"),
    bool_tag=(
        "{where}: '{value}' は真偽値（!!bool）として読めません。",
        "true か false にするか、!!bool のタグを消してください。",
    ),
    documents=(
        "1 つのファイルに YAML の文書が 2 つ以上あります（「---」の行）。",
        "「---」の行を削除して、1 つのファイルに 1 つの文書だけを書いてください。",
    ),
    anchor=("アンカー（&{name}）が 2 回使われています。", "& で始まる名前を削除してください。"),
)
_check(
    "yaml-alias",
    E,
    "load",
    "`&名前` と `*名前`（エイリアス）は使えません。内容を書き写します。",
    "YAML のエイリアス（*{name}）は使えません。",
    "同じ内容が必要なら、その場所に書き写してください（&名前 と *名前 は使えません）。"
    '「*」で始まる文を書いたのなら、値全体を "…" で囲んでください。',
)
_check(
    "too-deep",
    E,
    "load",
    "入れ子が深すぎます。インデントや括弧の閉じ忘れを確かめます。",
    "入れ子が深すぎます（{limit} 段まで）。",
    "インデントや括弧の閉じ忘れがないか確認してください。",
)
_check(
    "bad-key",
    E,
    "load",
    "キーが文字列ではありません。「キー: 値」の形にします。",
    "キーには文字列を書いてください。",
    "「キー: 値」の形にします。",
)
_check(
    "duplicate-key",
    E,
    "load",
    "同じ階層に同じキーが 2 回あります。後の値が前の値を黙って上書きするので、まとめます。",
    "キー '{key}' が同じ階層に 2 回あります（最初は {first} 行目）。",
    "どちらか一方を削除するか、まとめてください。YAML では後の値が前の値を黙って上書きします。",
)

# --- schema.py: an item is missing, unknown or of the wrong kind ---------------------------------
_check(
    "missing-field",
    E,
    "schema",
    "必須の項目がありません（学習目標 `objectives`、選択肢の `explanation` など）。",
    "{where}: 必須の項目 '{name}' がありません。",
    "'{name}: …' を追加してください。",
)
_check(
    "unknown-field",
    E,
    "schema",
    "使えない項目名です。書き間違いなら、ヒントに正しい名前が出ます。",
    "{where}: '{name}' は使えない項目です。",
    "'{close}' の書き間違いではありませんか。",
    no_close=("{where}: '{name}' は使えない項目です。", "使える項目: {allowed}"),
)
_check(
    "wrong-type",
    E,
    "schema",
    "値の種類が違います（文を書くところに数字や true など）。`yes`・`no` は真偽値、`1980-01-01` は日付として読まれるので、"
    '文なら `"…"` で囲みます（誤: `- 2025-04-01 入社`、正: `- "2025-04-01 入社"`）。数を書く項目（`year` など）は'
    "数だけを書きます（誤: `year: 1980-01-01`、正: `year: 1980`）。`!!binary` などのタグも使えません。",
    "{where}: {expected}を書いてください（いまは{actual}）。",
    "値を書き直してください。",
    bool=(
        "{where}: {expected}を書いてください（いまは{actual}）。",
        'yes / no / on / off / true / false は真偽値として読まれます。文字として書くなら "…" で囲んでください。',
    ),
    empty=(
        "{where}: {expected}を書いてください（いまは{actual}）。",
        "値が空です。「キー:」の後に値を書いてください。",
    ),
    number=("{where}: {expected}を書いてください（いまは{actual}）。", '数字だけの文は "…" で囲むと文字列になります。'),
    date=(
        "{where}: {value} は日付として読まれています。",
        '文字として書くなら "{value}" のように引用符で囲んでください。',
    ),
    text_for_bool=(
        "{where}: {expected}を書いてください（いまは{actual}）。",
        "true（正しい）か false（誤り）を書きます。はい・いいえ・〇・× は使えません。",
    ),
    list_for_text=(
        "{where}: {expected}を書いてください（いまは{actual}）。",
        (
            '値が「[」か「{{」で始まると、YAML はリストや組として読みます。文として書くなら、値全体を "…" で囲んでください'
            '（例: title: "[重要] 報告"）。'
        ),
    ),
    date_number=(
        "{where}: {value} は日付として読まれています。この項目には数を書きます。",
        "数だけを書いてください（例: {key}: {number}）。引用符で囲むと、日付の文字がそのままページに出ます。",
    ),
    date_tag=(
        "{where}: {value} は日付として読まれています。",
        '{tag} のタグを消し、文字として書くなら "{value}" のように引用符で囲んでください。',
    ),
    binary=("{where}: バイナリ（!!binary）の値は使えません。", "!!binary のタグを消して、文字で書いてください。"),
    tagged=("{where}: {tag} の値は使えません。", "{tag} のタグを消して、文字や数で書いてください。"),
)
_check(
    "empty-text",
    E,
    "schema",
    "文が空です。空白や見えない文字（U+200B など）しか書かれていない文も空とみなします。",
    "{where}: 文が空です。",
    "内容を書くか、この項目を削除してください。",
    invisible=(
        "{where}: 文が空です（見えない文字しか書かれていません）。",
        "見える文字で内容を書くか、この項目を削除してください。",
    ),
)
_check(
    "bad-id",
    E,
    "schema",
    "id に使えない文字があります。半角英小文字・数字・ハイフンで書きます。",
    "{where}: id '{value}' に使えない文字があります。",
    "id は半角英小文字・数字・ハイフンで書きます（例: boss-management）。",
)
_check(
    "bad-citation-key",
    E,
    "schema",
    "文献のキーの形が違います。半角英字で始まる英数字にします。",
    "{where}: 文献キー '{value}' の形が正しくありません。",
    "半角英字で始まる英数字にします（例: GK80）。",
)
_check(
    "bad-url",
    E,
    "schema",
    "URL が `http://` か `https://` で始まっていません。",
    "{where}: URL '{value}' は http:// か https:// で始めてください。",
    "空白を含めず、完全な URL を書いてください。",
)
_check(
    "bad-colour",
    E,
    "schema",
    'course.yml の `branding:` の色の書き方が違います。`#` の後に 16 進数 6 桁で書きます（誤: `primary_color: red`、正: `primary_color: "#1a237e"`）。',
    "{where}: 色 '{value}' は #1a237e のような 6 桁の 16 進数で書いてください。",
    "# の後に 0〜9 と a〜f を 6 文字書きます（例: #1a237e）。引用符の中に空白や改行を入れないでください。",
)
_check(
    "too-few",
    E,
    "schema",
    "項目の数が足りません（学習目標が 0 個、選択肢が 1 つ、など）。",
    "{where}: 少なくとも {minimum} 個の項目が必要です（いまは {count} 個）。",
    "項目を追加してください。",
)
_check(
    "too-long",
    E,
    "schema",
    "文や項目の数が上限を超えています。",
    "{where}: 長すぎます（上限 {limit}）。",
    "分割するか短くしてください。",
)
_check(
    "bad-value",
    E,
    "schema",
    "決められた値以外が書かれています（問題の `type` など）。",
    "{where}: '{value}' は使えない値です。",
    "'{close}' ではありませんか。",
    no_close=("{where}: '{value}' は使えない値です。", "使える値: {allowed}"),
)
_check(
    "duplicate-item",
    E,
    "schema",
    "リストに同じ値が 2 回あります。",
    "{where}: 同じ値が 2 回以上書かれています。",
    "重複を削除してください。",
)
_check(
    "out-of-range",
    E,
    "schema",
    "数が範囲の外です（合格点が 100 を超える、など）。",
    "{where}: {value} は範囲外です（{bound} {limit}）。",
    "範囲内の数にしてください。",
)
_check("schema-…", E, "schema", "そのほかのスキーマ違反です。`macros/schemas/` の決まりを確かめます。")
MESSAGES["schema-keyword"] = Message(
    "schema-{keyword}", "{where}: {actual} はスキーマの決まり（{keyword}）に合いません。", "{description}"
)

# --- check.py, branding.py, published.py: structure across files ---------------------------------
_check(
    "duplicate-id",
    E,
    "cross",
    "同じ id が 2 回使われています（モジュール・問題・用語・文献はコース全体で、節・実践のポイント・ケーススタディはモジュールの中で重ねられません）。"
    "メッセージに最初の場所（ファイル:行）が出ます。",
    "{what} id '{id}' は {first} でも使われています。",
    "{what} id はコース全体で一意にします（例: モジュールの略号 + 番号）。",
    module=("モジュール id '{id}' は {first} でも使われています。", "モジュールごとに別の id にしてください。"),
    in_file=(
        "{where}: {what} id '{id}' が 2 回あります（最初は {first}）。",
        "片方を削除するか、別の id にしてください。",
    ),
    in_module=(
        "{where}: {list} の id '{id}' が 2 回あります（最初は {first}）。",
        "ページ内のリンク先になるので、別の id にしてください。",
    ),
)
_check(
    "reserved-id",
    E,
    "cross",
    "コースの仕組みが使う id です。モジュール id `final`（修了テスト）、節の id `objectives`・`practices`・`misconceptions`・"
    "`scenarios`・`reflection`・`takeaways`・`quiz`・`terms`・`related`・`references`・`top` と、`practice-`・`scenario-`・"
    "`ref-`・`quiz-`・`q-` で始まる節の id は使えません（`macros/reserved.py`）。",
    "節の id '{id}' は使えません。モジュールのページが{taken}を見出しのリンク先に使っています。",
    "別の id にしてください（例: '{example}-section' ではなく、内容を表す語）。",
    module=(
        "モジュール id '{id}' は修了テストが使う id なので、使えません。",
        "別の id にして、ファイル名と course.yml の modules: も合わせて直してください。",
    ),
)
_check(
    "id-mismatch",
    E,
    "cross",
    "モジュールの id とファイル名が違います。",
    "id '{id}' がファイル名 '{file}' と一致しません。",
    "ファイル名を {id}.yml にするか、id を '{stem}' にしてください。",
)
_check(
    "unknown-term",
    E,
    "cross",
    "モジュールの `glossary:` に、用語集にない用語 id があります。",
    "{where}: 用語 '{id}' が glossary.yml にありません。",
    "{suggestion}",
)
_check(
    "unknown-citation",
    E,
    "cross",
    "`[@キー]` や `references:` のキーが、references.yml にありません。",
    "{where}: 文献 [@{key}] が references.yml にありません。",
    "{suggestion}",
    listed=("{where}: 文献 '{key}' が references.yml にありません。", "{suggestion}"),
)
_check(
    "citation-not-listed",
    E,
    "cross",
    "本文で引用したキーが、そのモジュールの `references:` にありません。",
    "{where}: [@{key}] がこのモジュールの references にありません。",
    "references に {key} を追加してください。",
)
_check(
    "alias-is-term",
    E,
    "cross",
    "用語の `aliases:` に、ほかの用語の見出し語と同じ別名があります（長音・中黒・半角などの違いは同じとみなします）。",
    "{where}: 別名「{alias}」は用語 '{term}' の見出し語と同じです。",
    "検索でその用語が見つからなくなります。この別名を削除するか、別の書き方にしてください。",
)
_check(
    "alias-shared",
    E,
    "cross",
    "用語の `aliases:` に、ほかの用語の別名・読み・英語表記と同じ別名があります。",
    "{where}: 別名「{alias}」は用語 '{term}' の別名・読み・英語表記と同じです。",
    "検索で 1 つの用語に決められません。どちらか一方の用語にだけ書いてください。",
)
_check(
    "self-reference",
    E,
    "cross",
    "`related:` に自分自身が入っています。",
    "{where}: related に自分自身が含まれています。",
    "削除してください。",
)
_check(
    "unknown-module",
    E,
    "cross",
    "`related:`、`required_modules:` や `module_groups:` に、存在しないモジュールがあります。",
    "{where}: 関連モジュール '{id}' がありません。",
    "{suggestion}",
    group=("{where}: グループ '{group}' のモジュール '{id}' が modules にありません。", "{suggestion}"),
    required=(
        "{where}: 必須モジュール '{id}' が modules にありません。",
        "modules に追加するか、ここから外してください。",
    ),
)
_check(
    "module-in-two-groups",
    E,
    "cross",
    "1 つのモジュールが `module_groups:` の 2 つのグループに入っています。",
    "{where}: モジュール '{id}' はすでにグループ {group} に入っています。",
    "1 つのモジュールは 1 つのグループにだけ入れてください。",
)
_check(
    "unexpected-field",
    E,
    "cross",
    "その種類の問題では使わない項目です（単一選択の問題の `answer:` など）。",
    "{where}: {type} の問題には options を書きません。",
    "answer（true / false）と explanation_true・explanation_false で書いてください。",
    statement=(
        "{where}: {name} は {types} の問題でだけ使います。",
        "削除するか、type を {types} にしてください。",
    ),
    situation=(
        "{where}: situation は {types} の問題でだけ使います。",
        "type を {types} にするか、場面を prompt に含めてください。",
    ),
)
_check(
    "wrong-flag",
    E,
    "cross",
    "ケーススタディで `correct:`、または確認テストで `best:` を使っています。",
    "{where}: '{flag}' はここでは使えません。",
    "{use} を使います。",
)
_check(
    "answer-count",
    E,
    "cross",
    "正解（最善の対応）の数が合いません。1 つを選ぶ種類の問題とケーススタディはちょうど 1 つ、複数選択の種類は 1 つ以上です。",
    "{where}: {what}がちょうど 1 つ必要ですが、{found}。",
    "1 つの選択肢にだけ {flag}: true を付けてください。",
    single=(
        "{where}: {what}がちょうど 1 つ必要ですが、{found}。",
        "1 つの選択肢にだけ {flag}: true を付けてください。複数の正解を認めるなら type: {some} にします。",
    ),
    none=("{where}: 正解の選択肢がありません。", "当てはまる選択肢すべてに correct: true を付けてください。"),
)
_check(
    "duplicate-option",
    E,
    "cross",
    "同じ文の選択肢が 2 つあります。",
    "{where}: 選択肢 {index} は選択肢 {first} と同じ文です。",
    "別の選択肢に書き換えてください。",
)
_check(
    "missing-module",
    E,
    "cross",
    "course.yml の `modules:` にあるモジュールのファイルがありません。",
    "{where}: モジュール '{id}' のファイル {folder}/modules/{id}.yml がありません。",
    "{suggestion}",
)
_check(
    "unlisted-module",
    E,
    "cross",
    "モジュールのファイルが course.yml の `modules:` に入っていません。",
    "{file} は course.yml の modules に入っていません。",
    "course.yml の modules に '- {stem}' を追加してください（不要なファイルなら削除します）。",
)
_check(
    "required-without-quiz",
    E,
    "cross",
    "修了に必要なモジュールに確認テストがなく、合格できません。",
    "{where}: 必須モジュール '{id}' には確認テスト（quiz）がないため、合格できません。",
    "quiz を追加するか、required_modules から外してください。",
)
_check(
    "final-test-too-large",
    E,
    "cross",
    "修了テストの問題数が、出題できる問題の数より多いです。",
    "修了テストの問題数 {size} が、出題できる問題の数 {eligible} より多いです。",
    "{eligible} 以下にしてください。",
)
_check(
    "low-contrast",
    E,
    "cross",
    "course.yml の `branding:` の色が薄すぎて、文字が読みにくくなります。もっと濃い色にします。",
    "branding.{key}: {colour} では{role}が読みにくくなります（コントラスト比 {ratio:.1f}:1、必要なのは {minimum}:1 以上）。",
    "もっと濃い色にしてください（例: #1a237e）。",
)
_check(
    "bad-logo",
    E,
    "cross",
    "`branding.logo` が content_src/ の外を指しているか（`..` や、外を指すシンボリックリンク）、svg・png・jpg・jpeg のファイルではありません"
    "（誤: `logo: ../logo.gif`、正: `logo: branding/logo.svg`）。",
    "{where}: ロゴ画像 '{value}' は svg・png・jpg・jpeg のどれかにしてください。",
    "content_src/ からの相対パスで、半角英数字のファイル名にします（例: branding/logo.svg）。",
    outside=(
        "branding.logo: content_src/ の外は指定できません。",
        "ロゴ画像を content_src/ の中（例: content_src/branding/）に置いてください。",
    ),
    link=(
        (
            "branding.logo: {file} はシンボリックリンクで content_src/ の外のファイルを指しています。"
            "ビルドする機械のファイルが公開されるおそれがあるため、使えません。"
        ),
        "リンクではなく、ロゴ画像のファイルそのものを content_src/ の中（例: content_src/branding/）に置いてください。",
    ),
)
_check(
    "missing-logo",
    E,
    "cross",
    "`branding.logo` のロゴ画像がありません。",
    "ロゴ画像 {file} がありません。",
    "ファイルを置くか、パスを直してください。",
)
_check(
    "logo-not-image",
    E,
    "cross",
    "ロゴが、拡張子どおりの画像（PNG・JPEG・SVG）ではありません。中身で判定します。",
    "branding.logo: {file} は {expected} 画像ではありません（{found}）。",
    "ファイル名の拡張子と中身をそろえてください（PNG は .png、JPEG は .jpg、SVG は .svg）。",
    not_file=(
        "branding.logo: {file} はふつうのファイルではありません（フォルダなど）。",
        "PNG・JPEG・SVG の画像ファイルを指定してください。",
    ),
    unreadable=("branding.logo: {file} を読めません（{reason}）。", "ファイルの読み取り権限を確かめてください。"),
)
_check(
    "logo-too-large",
    E,
    "cross",
    "ロゴのファイルが大きすぎます（上限 512 KB = 524,288 バイト）。",
    "branding.logo: {file} が大きすぎます（{size}上限 {limit:,} バイト）。",
    "画像を縮小するか、SVG や PNG で保存し直してください。",
)
_check(
    "unsafe-logo",
    E,
    "cross",
    "SVG のロゴに、スクリプト・イベント属性・外部への参照・DOCTYPE があります。図形だけの SVG にします。",
    "branding.logo: {file} の SVG に {unsafe} があります。",
    "図形だけの SVG にしてください（画像編集ソフトで「SVG として書き出し」し直すと消えることが多いです）。",
)
_check(
    "symlink-outside",
    E,
    "cross",
    "content_src/ の中に、content_src/ の外を指すシンボリックリンクがあります。ビルドする機械のファイルが公開されないよう、使えません。ファイルそのものを置きます。",
    "{file} は {scope}の外（{target}）を指すシンボリックリンクです。ビルドする機械のファイルが公開されるおそれがあるため、使えません。",
    "リンクを消し、ファイルそのものを {folder}/ の中に置いてください。",
)

# --- check.py: search.yml — what learners type for a word of the course ---------------------------
_check(
    "synonym-not-in-text",
    E,
    "search",
    "同義語のグループの `word:` が、コースの本文のどこにもありません（検索はその言葉で探すので、何も見つかりません）。",
    "{where}: 「{word}」はコースの本文（content_src/ のファイルと docs/ のページ）のどこにもありません。このグループの言葉で検索しても、何も見つかりません。",
    "word: には、本文に書いてあるとおりの言葉を書いてください（送りがな・漢字・カタカナも本文に合わせます）。",
)
_check(
    "synonym-alias-in-text",
    W,
    "search",
    "同義語の別の言い方が、コースの本文にも書いてあります。検索はその言葉を `word:` に置き換えるので、その言葉で書いたページが見つかりにくくなります。",
    "{where}: 「{alias}」はコースの本文にも書いてあります。検索は「{word}」で探すので、「{alias}」と書いたページが見つかりにくくなります。",
    "本文の書き方を「{word}」にそろえるか、この別の言い方を削除してください。",
)
_check(
    "synonym-in-two-groups",
    E,
    "search",
    "同じ言葉が、同義語の 2 つのグループにあります（長音・中黒・半角・ひらがなとカタカナの違いは同じとみなします）。",
    "{where}: 「{word}」は {first} 行目のグループ「{group}」にもあります。",
    "検索が、どちらの言葉で探すか決められません。どちらか一方のグループにだけ書いてください。",
)
_check(
    "synonym-is-term",
    E,
    "search",
    "同義語のグループの言葉が、用語集の用語の見出し語・読み・英語表記・別名と同じです。検索では用語集が優先されます。",
    "{where}: 「{word}」は用語 '{term}' の見出し語です。用語集が優先され、このグループでは使われません。",
    "用語の別の言い方は、glossary.yml のその用語の aliases: に書いてください（search.yml からは削除します）。",
    alias=(
        "{where}: 「{word}」は用語 '{term}' の読み・英語表記・別名と同じです。用語集が優先され、このグループでは使われません。",
        "この言葉を search.yml から削除するか、用語集で '{term}' の aliases: から外してください。",
    ),
)
_check(
    "synonym-pointless",
    W,
    "search",
    "同義語の別の言い方が、検索では `word:` と同じか（長音・中黒・半角などの違いだけ）、1 文字だけです。書かなくても変わりません。",
    "{where}: 「{alias}」は、検索では「{word}」と同じです（長音・中黒・半角・ひらがなとカタカナの違いは、検索が自動で吸収します）。",
    "この別の言い方は書かなくても見つかります。削除してください。",
    twice=(
        "{where}: 「{alias}」は、検索では同じグループの「{first}」と同じです。",
        "どちらか一方を削除してください。",
    ),
    short=(
        "{where}: 「{alias}」は、検索では 1 文字なので使われません。",
        "2 文字以上の言い方にするか、削除してください。",
    ),
)

# --- pagetext.py: text that would change on its way to the page -------------------------------------
_check(
    "merged-list-item",
    E,
    "pagetext",
    "箇条書きの項目のインデントが上の項目より深く、上の項目の続きとして読まれます（ページでは 1 つの項目）。「-」の位置をそろえます。",
    "この行の「{marker}」は新しい項目ではなく、上の項目の続きとして読まれます（ページには 1 つの項目として表示されます）。",
    "「-」の位置を、上の項目の「-」とそろえてください（インデントを 1 段浅くします）。",
)
_check(
    "plain-multiline",
    W,
    "pagetext",
    "`\\|` のない複数行の文に、箇条書きや空行があります。改行が消えて 1 つの段落になるので、`body: \\|` のように `\\|` を付けます。",
    "「|」のない複数行の文なので、この行の{what}が消え、前の行とつながった 1 つの段落になります。",
    "項目名の後を「body: |」のように「|」にして、次の行から本文を 1 段深く書いてください。",
)
_check(
    "removed-html",
    W,
    "pagetext",
    "ページから取り除かれる HTML（`<script>`、`<iframe>`、画像、`onclick` などの属性、`style` 属性、そのほかのタグ）があります。"
    "何が、なぜ取り除かれるかをメッセージが示します。",
    "<{tag}> タグはページから取り除かれます（中の文字だけが残ります）。",
    "Markdown の書き方（**太字**、箇条書き、表、> の引用）を使ってください。",
    event=("イベント属性 {attribute} は削除されます（ページでスクリプトは動きません）。", _ATTRIBUTE_HINT),
    style=("style 属性は削除されます（推奨のセキュリティ設定では、ブラウザーが無視するためです）。", _ATTRIBUTE_HINT),
    attribute=("<{tag}> の属性 {attribute} は削除されます。", _ATTRIBUTE_HINT),
    active=(
        "<{tag}> は中身ごと、または要素ごとページから削除されます（スクリプトや外部の内容は、受講者の安全のため表示しません）。",
        "削除してください。見せたい内容は、文章・箇条書き・表で書きます。",
    ),
    media=(
        "画像や動画{source}はページに表示されません（サイトはほかのサーバーから何も読み込みません）。",
        "図の内容を文章や表で書いてください。",
    ),
)
_check(
    "removed-link",
    W,
    "pagetext",
    "使えない種類のリンク（`javascript:`、`data:`、`vbscript:`、`//` で始まるものなど）で、リンクが外されます。",
    "リンク先 '{target}' は使えない種類のため、リンクが外されます（文字だけが残ります）。",
    "使えるのは {schemes} で始まるリンクと、サイトの中へのリンクです（CONTRIBUTING.md「リンクに使えるもの」）。"
    "javascript:・data:・vbscript: は安全のため使えません。",
    other_server=(
        "リンク先 '{target}' は「//」で始まり、別のサーバーを指すため、リンクが外されます（文字だけが残ります）。",
        "https:// から始まる完全な URL で書いてください。",
    ),
)

_check(
    "windows-path-link",
    E,
    "pagetext",
    "リンク先が Windows のパス（`\\\\server\\share\\…`、`C:\\…`）です。ブラウザーはこれを開けず、リンクは必ず壊れます。"
    "共有フォルダのファイルは `file://server/share/…` の形で書きます（誤: `[手順](\\\\server\\share\\手順.docx)`、"
    "正: `[手順](file://server/share/手順.docx)`）。",
    "リンク先 '{target}' は Windows の共有フォルダのパスです。ブラウザーはこの書き方のリンクを開けません。",
    "file:// の形で書いてください（{example}）。エクスプローラーからコピーしたパスは、先頭の \\\\ を file:// に、\\ を / に置き換えます。",
    drive=(
        "リンク先 '{target}' は自分の PC のドライブ（{drive}）のパスです。受講者の PC にはこのファイルがなく、ブラウザーも開けません。",
        "ファイルを共有フォルダに置き、file://server/share/… の形で書いてください（CONTRIBUTING.md「リンクに使えるもの」）。",
    ),
)

# --- check.py: pedagogy — the page still works, but it is not finished ---------------------------
_check(
    "too-few-scenarios",
    W,
    "pedagogy",
    "ケーススタディが 3 つ未満です。",
    "ケーススタディ（scenarios）が {count} 個です。{minimum} 個以上にしてください。",
    "職場の場面を 1 つ増やすたびに、選択肢と、それぞれが最善・劣る理由を書きます（CONTRIBUTING.md）。",
)
_check(
    "too-few-questions",
    W,
    "pedagogy",
    "確認テストが 1〜5 問です。6 問以上にします（確認テストのないモジュールは、必須でなければかまいません）。",
    "確認テスト（quiz）の問題が {count} 問です。{minimum} 問以上にしてください。",
    "python -m macros new-question {module} --type single で問題のひな形を追加できます。",
)
_check(
    "no-citation",
    W,
    "pedagogy",
    "モジュールの本文のどこにも `[@キー]` の出典がありません。",
    "本文のどこにも出典（[@キー]）がありません。",
    "事実や数値を書いた文の「。」の前に、「…です [@GK80]。」のように出典を付け、references にそのキーを追加してください。",
)
_check(
    "orphan-term",
    W,
    "pedagogy",
    "どのモジュールの `glossary:` にも挙げられていない用語があります。",
    "用語 '{id}'（{term}）を glossary に挙げているモジュールがありません。",
    "その用語を扱うモジュールの glossary に id を追加するか、不要なら用語集から削除してください。",
)
_check(
    "placeholder",
    W,
    "pedagogy",
    "ひな形の `【要記入】` の文が残っています。",
    "ひな形の仮の文（{mark}）が {count} か所に残っています（最初は {where}）。",
    "{mark}の付いた文を、すべて本当の内容に書き換えてください。",
)
_check(
    "timetable-mismatch",
    W,
    "pedagogy",
    "モジュールの `facilitator.timetable`（講師用の進行表）の合計が、`estimated_minutes` と違います。",
    "講師用の進行表の合計 {planned} 分が、モジュールの目安時間 {minutes} 分と違います。",
    "進行表の時間か estimated_minutes を直して、そろえてください（人事担当者はどちらかで予定を立てます）。",
)
_check(
    "course-time-too-short",
    W,
    "pedagogy",
    "course.yml の `estimated_minutes`（コース全体の目安時間）が、モジュールの目安時間の合計より短いです。",
    "コース全体の目安時間 {course} 分が、モジュールの目安時間の合計 {modules} 分より短いです。",
    "{modules} 以上にしてください（人事担当者は、この時間で研修の予定を立てます）。",
)

# --- assessment.py: a quiz that can be passed without reading ------------------------------------
_BLIND_TEXT = "{what}は、内容を読まずに「{plan}」を選ぶだけで平均 {percent:.0f}% 取れます（合格点 {pass_mark}%、当てずっぽうなら {chance:.0f}%）。"
_BLIND_HINT = (
    "正解の選択肢がいちばん長い・正誤問題の答えが片寄っている・複数選択の正解数がいつも同じ・"
    "正解と誤りで言い回しが違う（誤りだけが理由を前置きする、など）のどれかです。"
    "ほかの assessment-* の指摘を直すと下がります（CONTRIBUTING.md）。"
)
_check(
    "assessment-blind-pass",
    E,
    "assessment",
    "内容を読まずに選ぶ方法の組み合わせで、合格点に届きます。",
    _BLIND_TEXT,
    _BLIND_HINT,
)
_check("assessment-blind-high", W, "assessment", "同じ組み合わせで 50% を超えます。", _BLIND_TEXT, _BLIND_HINT)
_check(
    "assessment-key-longest",
    W,
    "assessment",
    "正解がいちばん長い選択肢である問題が多すぎます。",
    "単一選択・状況判断の {count} 問のうち {longest} 問で、正解がいちばん長い選択肢です（{ids}）。",
    "「いちばん長いものを選ぶ」だけで点が取れます。{share:.0%} 以下にしてください。",
)
_check(
    "assessment-key-much-longer",
    W,
    "assessment",
    "正解がほかの選択肢よりずっと長い問題です。",
    "問題 '{id}' の正解（{length} 字）が、ほかの選択肢の平均（{mean:.0f} 字）よりずっと長く、読まなくても見当がつきます。",
    "誤りの選択肢にも条件や理由を書き足すか、正解を短く言い切ってください。",
)
_check(
    "assessment-tf-balance",
    W,
    "assessment",
    "正誤問題の答えが「正しい」「誤り」のどちらかに片寄っています。",
    "正誤問題 {count} 問のうち、答えが「正しい」のは {true} 問です。",
    "「常に誤り（正しい）を選ぶ」だけで点が取れます。答えが正しい問題と誤りの問題を半々に近づけてください。",
)
_check(
    "assessment-absolute-words",
    W,
    "assessment",
    "「必ず・すべて・だけ」などの言い切りが、ほとんど誤りの側にあります。",
    "「必ず・すべて・だけ」などの言い切りが {count} か所あり、そのうち正解（正しい文）は {keyed} か所だけです（誤りの側: {ids}）。",
    "言い切りの語が「誤り」の目印になっています。正解側にも同じくらい使うか、言い切らない表現にしてください。",
)
_check(
    "assessment-multiple-pattern",
    W,
    "assessment",
    "複数選択の正解の数がいつも同じか、すべての選択肢が正解です。",
    "複数選択の {count} 問すべてで、正解の数が {keys} 個です。",
    "正解の数を問題ごとに変えてください（1 個の問題、3 個の問題など）。",
    all_keyed=(
        "問題 '{id}' は、すべての選択肢が正解です。",
        "「全部選ぶ」だけで正解になります。当てはまらない選択肢を 1 つ以上入れてください。",
    ),
)
_check(
    "assessment-similar-stem",
    W,
    "assessment",
    "問題文や場面が、コースのほかの問題・ケーススタディとほぼ同じです。",
    "{label} が {first} の {first_label} とほぼ同じです（3文字単位の重なり {ratio:.0%}）。",
    "場面（業種・立場・起きたこと）を変えるか、どちらかを削除してください。",
)
_check(
    "assessment-no-question",
    W,
    "assessment",
    "ケーススタディに自分の問い（`question:`）がありません。",
    "ケーススタディ '{id}' に自分の問い（question）がありません。",
    "場面に合った問いを question: に書いてください（例: 「山田さんは、まず何をしますか」）。",
)
_check(
    "assessment-ending-cue",
    W,
    "assessment",
    "選択肢の語尾だけで、正解か誤りかの見当がつきます。",
    "「〜{tail}」で終わる選択肢がコース全体に {count} 個あり、そのうち正解は {keyed} 個です（全体では選択肢の {base:.0%} が正解）。",
    "語尾だけで正解か誤りかの見当がつきます。正解と誤りの両方に同じ語尾を使うか、語尾をそろえてください。",
)
_check(
    "assessment-hedge-cue",
    W,
    "assessment",
    "正誤問題が「ぼかしてあれば正しい」で解けます。",
    "正誤問題 {count} 問のうち {agree} 問で、「〜やすい・〜こともある」などのぼかしのある文が{side}、言い切った文がその逆です。",
    "「ぼかしてあれば正しい」で解けてしまいます。言い切った正しい文と、ぼかした誤りの文も入れてください。",
)
_check(
    "assessment-phrase-cue",
    W,
    "assessment",
    "ある種の言い回し（理由の前置き、「確かめる・相談する」など）だけで、正解か誤りかの見当がつきます。",
    "{name}（「{phrases}」）を含む選択肢がコース全体に {count} 個あり、そのうち正解は {keyed} 個です（全体では選択肢の {base:.0%} が正解）。",
    "この言い回しが「{side}」の目印になっています。正解と誤りの両方に同じ言い回しを使ってください。",
)


def severity(check: str) -> Severity:
    """Unknown ids (a `schema-<keyword>` fallback, a `style:` rule) are errors: never silently lenient."""
    known = CHECKS.get(check)
    return known.severity if known else E


def words(key: str, values: dict[str, Any]) -> tuple[str, str, str]:
    """The check id, message and hint of message `key`, filled in with `values`."""
    template = MESSAGES[key]
    return (template.check.format_map(values), template.text.format_map(values), template.hint.format_map(values))


def finding(path: str, line: int, column: int, message: str, /, *, detail: str = "", **values: Any) -> Finding:
    """A finding in the words of message `message` of this table, with the severity of its check."""
    check, text, hint = words(message, values)
    return Finding(path, line, column, check, text, hint, severity(check), detail)


def markdown() -> str:
    """CONTRIBUTING.md's table of checks: one section per group, one row per check id."""
    out: list[str] = []
    for group, (heading, intro) in GROUPS.items():
        out += [f"### {heading}", ""]
        if intro:
            out += [intro, ""]
        out += ["| 検査 id | 意味 |", "|---|---|"]
        out += [f"| `{c.id}` | {c.doc} |" for c in CHECKS.values() if c.group == group]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"

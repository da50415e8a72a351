"use strict";
// An explanation starts with the reason, not a verdict word: the page already shows ○/× (CONTRIBUTING.md).
// A whole opening sentence such as 「そのとおりです。」 (or the whole first line) is removed by --fix; other openers
// are only reported.
const { kindOf } = require("../lib/kind");

const VERDICT_SENTENCE = /^(?:そのとおりです|その通りです|正解です|不正解です|残念ながら[^。]*|これは誤りです|誤りです|間違いです|正しいです)。(?:[ \t]*|\n)(?=\S)/;
const VERDICT_WORD = /^(?:そのとおり|その通り|正解|不正解|残念ながら|これは誤り|間違い|ちがいます|違います)/;

const reporter = (context) => {
    const { Syntax, RuleError, report, fixer, getSource } = context;
    if (kindOf(context) !== "explanation") {
        return {};
    }
    return {
        [Syntax.Document](node) {
            const text = getSource(node);
            const sentence = VERDICT_SENTENCE.exec(text);
            const word = sentence || VERDICT_WORD.exec(text);
            if (!word) {
                return;
            }
            const message = `解説を「${word[0].trim()}」で始めません。理由から書き始めます（正誤はページに表示されます）。`;
            report(node, new RuleError(message, sentence
                ? { index: 0, fix: fixer.removeRange([0, sentence[0].length]) }
                : { index: 0 }));
        },
    };
};

module.exports = { linter: reporter, fixer: reporter };

"use strict";
// Quiz and case-study option texts end without 「。」 (CONTRIBUTING.md「表記のルール」).
const { kindOf } = require("../lib/kind");

const reporter = (context) => {
    const { Syntax, RuleError, report, fixer, getSource } = context;
    if (kindOf(context) !== "option") {
        return {};
    }
    return {
        [Syntax.Document](node) {
            const text = getSource(node);
            const match = /。(\s*)$/.exec(text);
            if (match) {
                report(node, new RuleError("選択肢の文末には「。」を付けません。", {
                    index: match.index,
                    fix: fixer.removeRange([match.index, match.index + 1]),
                }));
            }
        },
    };
};

module.exports = { linter: reporter, fixer: reporter };

"use strict";
// Explanations and situations end with 「。」; so does every paragraph of a body (CONTRIBUTING.md「表記のルール」).
// A paragraph that is only bold text (a small heading) or ends with 「：」 (it introduces a list) is left alone.
const { kindOf } = require("../lib/kind");

const ENDED = /[。？！?!：:][）」』)\]]*$/;

const reporter = (context) => {
    const { Syntax, RuleError, report, fixer, getSource } = context;
    const kind = kindOf(context);
    if (kind === "explanation" || kind === "sentence") {
        return {
            [Syntax.Document](node) {
                const text = getSource(node).trimEnd();
                if (text && !ENDED.test(text)) {
                    report(node, new RuleError("文末に「。」を付けます。", {
                        index: text.length - 1,
                        fix: fixer.insertTextAfterRange([text.length, text.length], "。"),
                    }));
                }
            },
        };
    }
    if (kind !== "body") {
        return {};
    }
    return {
        [Syntax.Paragraph](node) {
            if (!node.parent || node.parent.type !== Syntax.Document) {
                return; // list items, quotes and table cells may end without 「。」
            }
            const children = node.children.filter((child) => !(child.type === Syntax.Str && !child.value.trim()));
            if (children.length === 1 && children[0].type === Syntax.Strong) {
                return;
            }
            const text = getSource(node).trimEnd();
            if (text && !ENDED.test(text)) {
                report(node, new RuleError("段落の最後の文に「。」を付けます。", { index: text.length - 1 }));
            }
        },
    };
};

module.exports = { linter: reporter, fixer: reporter };

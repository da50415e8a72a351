"use strict";
// です・ます調 in bodies, explanations and situations: textlint-rule-no-mix-dearu-desumasu, applied only to
// those kinds of text (option texts, statements to judge and list items may be in plain form).
const { kindOf } = require("../lib/kind");
const noMix = require("textlint-rule-no-mix-dearu-desumasu");

const OPTIONS = { preferInHeader: "", preferInBody: "ですます", preferInList: "", strict: false };
const KINDS = new Set(["body", "explanation", "sentence"]);

const reporter = (context) => (KINDS.has(kindOf(context)) ? noMix(context, OPTIONS) : {});

module.exports = reporter;

"use strict";
// The kind of text a file holds. `python -m macros style` writes each YAML text value to a temporary file
// named `<number>.<kind>.md`, so that house rules can tell an option text from an explanation or a body.
const path = require("path");

function kindOf(context) {
    const file = context.getFilePath() || "";
    const parts = path.basename(file).split(".");
    return parts.length >= 3 ? parts[parts.length - 2] : "text";
}

module.exports = { kindOf };

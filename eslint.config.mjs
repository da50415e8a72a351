// ESLint for the browser code (tests/test_javascript.py runs `npx eslint docs/javascripts/*.js`).
// Classic scripts, not modules: pages opened from file:// cannot load ES modules. ES2017 is what the
// supported browsers all run; the vendored scripts are not ours to lint.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["docs/javascripts/vendor/**", "docs/javascripts/theme/**"] },
  {
    files: ["docs/javascripts/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      // ES2017 has no `catch {}` without a binding: `catch (e)` with e unused is how a script says
      // "this failure is expected and survived" (unavailable storage, a foreign parent frame).
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    // search.js (the search helper's query rewrite) spreads objects ({...a}): ES2018.
    files: ["docs/javascripts/search.js"],
    languageOptions: { ecmaVersion: 2018 },
  },
  {
    // Put before Material's search worker (macros/search_prebuilt.py): a worker's globals.
    files: ["macros/search_worker.js"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2017, sourceType: "script", globals: { ...globals.worker } },
  },
  {
    // Run by node at build time (macros/search_prebuilt.py).
    files: ["macros/search_prebuild.js"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node } },
  },
];

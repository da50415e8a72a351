// ESLint for the browser code (tests/test_contract.py runs it over docs/javascripts/*.js, macros/*.js and
// macros/scorm/*.js).
// Classic scripts, not modules: pages opened from file:// cannot load ES modules. ES2017 is what the
// supported browsers all run; the vendored scripts are not ours to lint.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["docs/javascripts/vendor/**", "docs/javascripts/theme/**"] },
  {
    // The pages' scripts, and the LMS adapter the SCORM launch page runs (macros/scorm/lms.js).
    files: ["docs/javascripts/**/*.js", "macros/scorm/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      ...js.configs.recommended.rules, // spelled out: this `rules` key would otherwise replace the spread's
      // ES2017 has no `catch {}` without a binding: `catch (e)` with e unused is how a script says
      // "this failure is expected and survived" (unavailable storage, a foreign parent frame).
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    // The course scripts (macros/browser.py lists them in load order) share one global, Course, which
    // course-core.js creates and the others fill in: none of them makes another, implicitly or on window.
    files: ["docs/javascripts/course-*.js"],
    languageOptions: { globals: { Course: "readonly" } },
    rules: {
      "no-implicit-globals": "error",
      "no-restricted-syntax": [
        "error",
        {
          selector: "AssignmentExpression > MemberExpression.left[object.name=/^(window|self|globalThis)$/][property.name!='Course']",
          message: "The course scripts share one global, window.Course (docs/javascripts/course-core.js).",
        },
      ],
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

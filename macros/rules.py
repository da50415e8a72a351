"""The severity of every check id, and the pedagogical minimums, in one place.

Checks only say *what* is wrong; whether it stops the build is decided here, so a team can make a rule
stricter or looser by changing one line, and CONTRIBUTING.md can list every id from one table.

An error stops `python -m macros check` (exit 1) and `mkdocs build`. A warning is advice: printed by
`check` (exit 0) and annotated on the pull request by `check --format github`; the plugin shows it
without failing the build, `--strict` included (macros/plugin.py logs it at INFO level).
"""

from __future__ import annotations

from .findings import Severity

E, W = Severity.ERROR, Severity.WARNING

#: A module with fewer case studies than this gets a `too-few-scenarios` warning.
MIN_SCENARIOS = 3
#: A module with a quiz, but fewer questions than this, gets a `too-few-questions` warning. A module with no
#: quiz at all is fine unless it is required (`required-without-quiz`, an error: nobody could pass it).
MIN_QUESTIONS = 6
#: Marks text in the scaffolding templates (macros/templates/*.yml) that the author still has to write.
PLACEHOLDER = "【要記入】"

SEVERITY: dict[str, Severity] = {
    # load.py — the file cannot be read as YAML
    "missing-file": E, "file-too-large": E, "not-utf8": E, "not-text": E, "empty-file": E,
    "private-use-character": E,
    "yaml-syntax": E, "yaml-alias": E, "too-deep": E, "bad-key": E, "duplicate-key": E,
    # schema.py — a field is missing, unknown or of the wrong kind (objectives and every option's
    # explanation are required here, so a module without them never gets further)
    "missing-field": E, "unknown-field": E, "wrong-type": E, "empty-text": E, "bad-id": E,
    "bad-citation-key": E, "bad-url": E, "too-few": E, "too-long": E, "bad-value": E, "duplicate-item": E,
    "out-of-range": E,
    # check.py — structure across files
    "duplicate-id": E, "id-mismatch": E, "unknown-term": E, "unknown-citation": E, "citation-not-listed": E,
    "self-reference": E, "unknown-module": E, "unexpected-field": E, "wrong-flag": E, "answer-count": E,
    "duplicate-option": E, "missing-module": E, "unlisted-module": E, "required-without-quiz": E,
    "final-test-too-large": E, "module-in-two-groups": E,
    # branding.py — course.yml's branding (colours, logo)
    "low-contrast": E, "bad-logo": E, "missing-logo": E, "logo-not-image": E, "logo-too-large": E, "unsafe-logo": E,
    # published.py — a symbolic link in content_src/ that leads out of it
    "symlink-outside": E,
    # check.py — pedagogy: the page still works, but it is not finished
    "too-few-scenarios": W, "too-few-questions": W, "no-citation": W, "orphan-term": W, "placeholder": W,
}


def severity(check: str) -> Severity:
    """Unknown ids (such as schema.py's `schema-<keyword>` fallback) are errors: never silently lenient."""
    return SEVERITY.get(check, E)

"""Ids the engine uses itself, which content may not take — one list, read by the check and the browser.

A module called `final` would share the final test's storage slot and progress row in the browser; a section
called `references` would give the module page two elements with one anchor. `check.py` reports both as
`reserved-id`; `render.Renderer.client_config` hands FINAL_QUIZ_ID to the course scripts, which have no copy of their own.
"""

from __future__ import annotations

#: The final test's quiz id: its key file, its storage slot in the browser and its progress row.
FINAL_QUIZ_ID = "final"
#: Module ids the engine uses for something else.
MODULE_IDS = frozenset({FINAL_QUIZ_ID})
#: Fixed anchors of a module page (macros/templates/module.md.j2; "top" in the print view).
MODULE_PAGE_ANCHORS = frozenset(
    {
        "top",
        "objectives",
        "practices",
        "misconceptions",
        "scenarios",
        "reflection",
        "takeaways",
        "quiz",
        "terms",
        "related",
        "references",
    }
)
#: Prefixes of the module page's generated anchors: practice-<id>, scenario-<id>, ref-<key>, quiz-<id>,
#: q-<question id> (module.md.j2, quiz.html.j2).
ANCHOR_PREFIXES = ("practice-", "scenario-", "ref-", "quiz-", "q-")


def section_id_clash(section_id: str) -> str | None:
    """The anchor or prefix of the module page that `section_id` would duplicate, if any."""
    if section_id in MODULE_PAGE_ANCHORS:
        return section_id
    return next((prefix for prefix in ANCHOR_PREFIXES if section_id.startswith(prefix)), None)

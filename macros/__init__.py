"""Course engine: content_src/ YAML → validated model → Jinja templates → MkDocs pages.

This file is the mkdocs-macros entry point (`module_name: macros`). It only registers functions built
from the model that the `course` plugin has already checked; it reads no file and changes nothing.
"""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError

from .editions import EDITIONS


def define_env(env: Any) -> None:
    plugin = env.conf.plugins.get("course")
    if plugin is None or not hasattr(plugin, "renderer"):
        raise PluginError("mkdocs.yml の plugins で、course を macros より前に書いてください。")
    renderer = plugin.renderer
    # Hand-written pages follow the build: where learning records are kept (browser or LMS), and whether
    # the answer-key pages are in this package (learner packages leave them out).
    env.variables["course_edition"] = plugin.config.edition
    env.variables["course_in_lms"] = EDITIONS[plugin.config.edition].lms is not None
    env.variables["answer_key_pages"] = plugin.config.answer_key_pages
    env.macro(renderer.module_page, "module_page")
    env.macro(renderer.glossary_page, "glossary_page")
    env.macro(renderer.references_page, "references_page")
    env.macro(renderer.overview, "course_overview")
    env.macro(renderer.settings_table, "course_settings")
    env.macro(renderer.final_test, "final_test")
    env.macro(renderer.progress_page, "progress_page")
    env.macro(renderer.certificate_page, "certificate_page")
    env.macro(renderer.print_page, "print_page")
    env.macro(renderer.worksheets_page, "worksheets_page")
    env.macro(renderer.facilitator_page, "facilitator_page")

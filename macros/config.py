"""The course plugin's options in mkdocs.yml (`plugins: - course: …`), apart from what the plugin does with
them (macros/plugin.py), as Material keeps each plugin's config.py."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from .editions import EDITIONS


class CoursePluginConfig(Config):
    enabled = c.Type(bool, default=True)
    """false: the plugin does nothing at all (no check, no generated page, no staging): MkDocs builds docs/ as it is."""
    pages_dir = c.Type(str, default="modules")
    """Folder (inside the site) of the generated module pages."""
    nav_placeholder = c.Type(str, default="modules/")
    """The nav entry in mkdocs.yml that is replaced by the module pages, in course.yml order."""
    japanese_search = c.Type(bool, default=True)
    """Japanese search (macros/search.py): the plugin sets Material search's separator, lang and pipeline and
    prepares the index; false only to measure stock search."""
    prebuilt_search_index = c.Type(bool, default=True)
    """Build the lunr index at build time with node (macros/search_prebuilt.py); without node, or false,
    the browser builds it on the first search."""
    edition = c.Choice(tuple(EDITIONS), default="web")
    """web: any web server; shared-drive: opened from file://; scorm, scorm2004: inside an LMS (macros/editions.py)."""
    answer_key_pages = c.Type(bool, default=True)
    """Build the print view and the facilitator guide (both show answers); false for learner packages."""

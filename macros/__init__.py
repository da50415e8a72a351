"""Course engine: content_src/ YAML → validated model → Jinja templates → MkDocs pages.

`macros/plugin.py` is the MkDocs side (the `course` plugin); `python -m macros` the command line.
"""

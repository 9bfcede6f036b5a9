"""The claim checklist for the provincial platform, and its writers.

``checklist.build`` turns a year's evaluation into plain data; the writers render
that one structure as Markdown, CSV, JSON or HTML, and ``bundle`` packs it with
the evidence files.  Nothing here imports typer or rich.
"""

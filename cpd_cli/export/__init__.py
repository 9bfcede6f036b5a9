"""The claim checklist for the provincial platform, and its writers.

``checklist.build`` turns a year's evaluation into plain data; ``formats`` names
the formats ``cpd export`` writes and ``registry`` gives each its one writer for
the checklist and for the summary (``dossier``).  ``document`` lays out and
writes the Markdown and HTML pages; ``bundle`` packs the checklist with the
evidence files.  Nothing here imports typer or rich.
"""

"""The learner runtime: the player every delivery format ships, and the course data it reads.

Python side: `units` (how a delivery splits the course into launchable units), `rules` (what each unit holds,
reports and waits for, decided once), `data` (the course data in one language), `state` (the saved state's
layout and its worst case), `files` (every file of a delivery). Static side: `static/` (pure modules that load
in Node too, the LMS adapters, the views and the styles) and `templates/launch.html`. A delivery format (a
builder) chooses the adapter; the views never know which one runs.
"""
